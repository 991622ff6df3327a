//! A book of versions of a document leads edit (the SLA policy, the
//! runbook): the built-in version 1, every stored edit, and saving the next.
//! Versions never change once stored, so each is read from the store once
//! and kept. One [`Edition`] impl per document says what differs: its
//! table, who edits it, how it is checked and how its draft reads.

use super::{Desk, DeskError, require};
use crate::store::{ConstraintKind, Document, DocumentStore, NewVersion, StoreError, typed};
use firstline_app::api::DocumentView;
use firstline_app::domain::validation::VERSION_NOTE;
use firstline_app::domain::{Action, Actor, RunbookVersion, TicketNumber};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// A document kept in versions.
pub trait Edition: Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// Where it is stored.
    const DOCUMENT: Document;
    /// What reading its history and saving it needs.
    const EDIT: Action;
    /// Its typed version number.
    type Version: Serialize + Send;
    /// A lead's edit as it arrives: the document, the version it was made
    /// from, and why.
    type Draft: DeserializeOwned + Send + Sync;
    /// Version 1, built into Firstline.
    fn builtin() -> Self;
    /// Its version number.
    fn number(&self) -> u32;
    /// A version number, typed.
    fn version(number: u32) -> Self::Version;
    /// The same document under another version number.
    fn renumbered(self, number: u32) -> Self;
    /// Refuses a document that does not hold together.
    fn validate(&self) -> Result<(), DeskError>;
    /// The parts of a draft: the document, the version it is based on, the note.
    fn draft(draft: &Self::Draft) -> (&Self, u32, &str);
    /// The ticket whose review proposed the edit (R19), if it applies one.
    fn proposal(_draft: &Self::Draft) -> Option<TicketNumber> {
        None
    }
    /// The desk's book of it.
    fn book(desk: &Desk) -> &Book<Self>;
}

/// The versions of one document.
pub struct Book<T> {
    store: Arc<dyn DocumentStore>,
    /// Versions already read. A std lock: it is held only to copy an `Arc`.
    cache: RwLock<HashMap<u32, Arc<T>>>,
}

impl<T: Edition> Book<T> {
    /// A book over the store, holding the built-in version.
    pub fn new(store: Arc<dyn DocumentStore>) -> Self {
        let builtin = Arc::new(T::builtin());
        Self {
            store,
            cache: RwLock::new(HashMap::from([(builtin.number(), builtin)])),
        }
    }

    fn cached(&self, number: u32) -> Option<Arc<T>> {
        self.cache
            .read()
            .expect("book cache poisoned")
            .get(&number)
            .cloned()
    }

    fn keep(&self, document: T) -> Arc<T> {
        let document = Arc::new(document);
        self.cache
            .write()
            .expect("book cache poisoned")
            .insert(document.number(), document.clone());
        document
    }

    fn read(body: &str) -> Result<T, DeskError> {
        serde_json::from_str(body).map_err(|e| {
            DeskError::Internal(anyhow::Error::new(e).context("A stored document does not read"))
        })
    }

    /// The newest version: what new tickets get. Read from the store each
    /// time, so every process sees a lead's edit at once.
    /// Only the newest number is asked for: each version's body is read
    /// once and kept.
    pub async fn current(&self) -> Result<Arc<T>, DeskError> {
        let latest = self.store.latest_version(T::DOCUMENT).await?;
        self.version(latest.unwrap_or(1)).await
    }

    /// One version; an unknown one is not found.
    pub async fn version(&self, number: u32) -> Result<Arc<T>, DeskError> {
        if let Some(document) = self.cached(number) {
            return Ok(document);
        }
        let body = self
            .store
            .document(T::DOCUMENT, number)
            .await?
            .ok_or(DeskError::NotFound)?;
        Ok(self.keep(Self::read(&body)?))
    }
}

impl Desk {
    /// A document's page: the version in force and the stored versions'
    /// history (for those who may edit it).
    pub async fn document<T: Edition>(
        &self,
        actor: &Actor,
    ) -> Result<DocumentView<T, T::Version>, DeskError> {
        require(actor, T::EDIT)?;
        let book = self.book::<T>();
        let mut history = book.store.document_history(T::DOCUMENT).await?;
        // A runbook version that applied a review proposal of this desk
        // names the review (R19).
        if T::DOCUMENT == Document::Runbook {
            let applied = self.store.applied_proposals(actor.desk).await?;
            for record in &mut history {
                record.review = applied
                    .iter()
                    .find(|(version, _)| version.0 == record.version)
                    .map(|(_, number)| *number);
            }
        }
        let history = typed(history, T::version);
        let current = book.current().await?;
        Ok(DocumentView {
            current: T::clone(&current),
            history,
            server_now: self.now(),
            utc_offset: self.offset_seconds(),
        })
    }

    /// Stores a lead's edit as the next version, with the note checked. An
    /// edit made from an older version than the newest is refused as a
    /// conflict, so that no lead overwrites another's change unseen.
    /// Tickets keep the version they hold; new tickets get this one.
    pub async fn save_document<T: Edition>(
        &self,
        actor: &Actor,
        draft: &T::Draft,
        address: &str,
    ) -> Result<T, DeskError> {
        require(actor, T::EDIT)?;
        let (edit, based_on, note) = T::draft(draft);
        edit.validate()?;
        let note = VERSION_NOTE
            .check(note)
            .map_err(|e| DeskError::Invalid(e.into()))?;
        let book = self.book::<T>();
        let latest = book.current().await?.number();
        let conflict = DeskError::Conflict {
            current: i64::from(latest),
        };
        if based_on != latest {
            return Err(conflict);
        }
        let document = edit.clone().renumbered(latest + 1);
        let applies = match T::proposal(draft) {
            Some(number) => Some(
                self.applying_proposal(actor, number, RunbookVersion(latest + 1))
                    .await?,
            ),
            None => None,
        };
        let body = serde_json::to_string(&document)
            .map_err(|e| DeskError::Internal(anyhow::Error::new(e)))?;
        let version = NewVersion {
            applies: applies.as_ref().map(|update| (actor.desk, update)),
            document: T::DOCUMENT,
            version: latest + 1,
            body: &body,
            by: &actor.name,
            note: &note,
            at: self.now(),
            address,
        };
        match book.store.save_document(version).await {
            Ok(()) => {}
            // Another lead saved the same version a moment earlier.
            Err(StoreError::Constraint {
                kind: ConstraintKind::Unique,
                ..
            }) => return Err(conflict),
            Err(other) => return Err(other.into()),
        }
        if applies.is_some() {
            self.wrote();
        }
        tracing::info!(document = ?T::DOCUMENT, version = latest + 1, "document saved");
        Ok(T::clone(&book.keep(document)))
    }
}
