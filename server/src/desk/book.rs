//! A book of versions of a document leads edit (the SLA policy, the
//! runbook): the built-in version 1, every stored edit, and saving the next.
//! Versions never change once stored, so each is read from the store once
//! and kept.

use super::DeskError;
use crate::store::{ConstraintKind, Document, Store, StoreError, VersionRecord};
use chrono::{DateTime, Utc};
use firstline_app::domain::{Field, TextRule};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Why a document was changed: a line for the history.
pub const NOTE: TextRule = TextRule {
    field: Field::Note,
    min: 2,
    max: 500,
    multiline: false,
};

/// A document kept in versions.
pub trait Edition: Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// Where it is stored.
    const DOCUMENT: Document;
    /// Version 1, built into Firstline.
    fn builtin() -> Self;
    /// Its version number.
    fn number(&self) -> u32;
    /// The same document under another version number.
    fn renumbered(self, number: u32) -> Self;
}

/// The versions of one document.
pub struct Book<T> {
    store: Arc<dyn Store>,
    /// Versions already read. A std lock: it is held only to copy an `Arc`.
    cache: RwLock<HashMap<u32, Arc<T>>>,
}

impl<T: Edition> Book<T> {
    /// A book over the store, holding the built-in version.
    pub fn new(store: Arc<dyn Store>) -> Self {
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

    /// Stores an edit as the next version, with the note checked. An edit
    /// made from an older version than the newest is refused as a conflict,
    /// so that no lead overwrites another's change unseen.
    pub async fn save(
        &self,
        edit: T,
        based_on: u32,
        by: &str,
        note: &str,
        at: DateTime<Utc>,
        address: &str,
    ) -> Result<T, DeskError> {
        let note = NOTE.check(note).map_err(|e| DeskError::Invalid(e.into()))?;
        let latest = self.current().await?.number();
        let conflict = DeskError::Conflict {
            current: i64::from(latest),
        };
        if based_on != latest {
            return Err(conflict);
        }
        let document = edit.renumbered(latest + 1);
        let body = serde_json::to_string(&document)
            .map_err(|e| DeskError::Internal(anyhow::Error::new(e)))?;
        match self
            .store
            .save_document(T::DOCUMENT, latest + 1, &body, by, &note, at, address)
            .await
        {
            Ok(()) => {}
            // Another lead saved the same version a moment earlier.
            Err(StoreError::Constraint {
                kind: ConstraintKind::Unique,
                ..
            }) => return Err(conflict),
            Err(other) => return Err(other.into()),
        }
        Ok(T::clone(&self.keep(document)))
    }

    /// Who saved which version, when and why, newest first.
    pub async fn history(&self) -> Result<Vec<VersionRecord<u32>>, DeskError> {
        Ok(self.store.document_history(T::DOCUMENT).await?)
    }
}
