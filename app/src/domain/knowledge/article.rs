//! Knowledge articles (R19, 归档总结与知识沉淀): what a solved case taught,
//! written so that the next agent can fix the same fault faster. An article
//! is drafted from a closed ticket (the symptom from its intake; the cause,
//! workaround and fix from what its log recorded; the evidence from its
//! checklists' answers), edited by agents and published by a lead. Every
//! save is a version with its author.

use crate::domain::TicketNumber;
use crate::domain::event::{Change, TicketEvent};
use crate::domain::priority::named_enum;
use crate::domain::runbook::Runbook;
use crate::domain::ticket::Ticket;
use crate::domain::ticket_number::parse_numbered;
use crate::domain::validation::{Field, FieldErrors, TextRule};
use crate::domain::wording::Language;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

named_enum! {
    /// The kind of fault an article is about: its tag.
    FaultType {
        Database => "database",
        Api => "api",
        FrontEnd => "front_end",
        Network => "network",
        Other => "other",
    }
}

named_enum! {
    /// Whether agents may rely on an article yet.
    ArticleState {
        /// Being written; shown to the desk as a draft.
        Draft => "draft",
        /// Checked by a lead; offered as a known issue.
        Published => "published",
    }
}

/// An article's number within its desk, shown as `KB-12`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct ArticleNumber(u32);

/// Why a text is not an article number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an article number: expected KB- followed by digits, such as KB-12")]
pub struct BadArticleNumber;

impl ArticleNumber {
    const PREFIX: &'static str = "KB-";

    /// The number with the given sequence value; 0 is not one.
    pub fn new(sequence: u32) -> Option<Self> {
        (sequence > 0).then_some(Self(sequence))
    }

    /// The sequence value within the desk.
    pub fn sequence(self) -> u32 {
        self.0
    }
}

impl fmt::Display for ArticleNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Self::PREFIX, self.0)
    }
}

impl FromStr for ArticleNumber {
    type Err = BadArticleNumber;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_numbered(s, Self::PREFIX)
            .and_then(Self::new)
            .ok_or(BadArticleNumber)
    }
}

impl From<ArticleNumber> for String {
    fn from(number: ArticleNumber) -> Self {
        number.to_string()
    }
}

impl TryFrom<String> for ArticleNumber {
    type Error = BadArticleNumber;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

/// The title: one line.
pub const TITLE: TextRule = TextRule {
    field: Field::Title,
    min: 2,
    max: 200,
    multiline: false,
};

/// The symptom: what the reporter saw and did.
pub const SYMPTOM: TextRule = TextRule {
    field: Field::Symptom,
    min: 2,
    // A ticket's steps and error text at their limits, a line apart.
    max: 12_001,
    multiline: true,
};

/// The longest cause, workaround, fix or evidence, in characters.
pub const SECTION_MAX: usize = 8000;

/// A section that may be empty while the article is a draft.
const fn section(field: Field) -> TextRule {
    TextRule {
        field,
        min: 0,
        max: SECTION_MAX,
        multiline: true,
    }
}

/// An article as a form sends it: every field a text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleDraft {
    pub title: String,
    pub symptom: String,
    pub cause: String,
    pub workaround: String,
    pub fix: String,
    pub evidence: String,
    pub fault_type: String,
}

/// An article's checked text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleBody {
    pub title: String,
    pub symptom: String,
    pub cause: String,
    pub workaround: String,
    pub fix: String,
    /// What the checklists found: log excerpts, readings, the answers.
    pub evidence: String,
    pub fault_type: FaultType,
}

impl ArticleBody {
    /// Checks a draft, naming each bad field.
    pub fn parse(draft: &ArticleDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.take(TITLE.check(&draft.title));
        let symptom = errors.take(SYMPTOM.check(&draft.symptom));
        let cause = errors.take(section(Field::Cause).check(&draft.cause));
        let workaround = errors.take(section(Field::Workaround).check(&draft.workaround));
        let fix = errors.take(section(Field::Fix).check(&draft.fix));
        let evidence = errors.take(section(Field::Evidence).check(&draft.evidence));
        let fault_type = errors.take(FaultType::parse(draft.fault_type.trim()).ok_or(
            crate::domain::FieldError::new(Field::FaultType, crate::domain::Reason::NotAChoice),
        ));
        match (title, symptom, cause, workaround, fix, evidence, fault_type) {
            (
                Some(title),
                Some(symptom),
                Some(cause),
                Some(workaround),
                Some(fix),
                Some(evidence),
                Some(fault_type),
            ) => Ok(Self {
                title,
                symptom,
                cause,
                workaround,
                fix,
                evidence,
                fault_type,
            }),
            _ => Err(errors),
        }
    }

    /// The body as its form shows it.
    pub fn as_draft(&self) -> ArticleDraft {
        ArticleDraft {
            title: self.title.clone(),
            symptom: self.symptom.clone(),
            cause: self.cause.clone(),
            workaround: self.workaround.clone(),
            fix: self.fix.clone(),
            evidence: self.evidence.clone(),
            fault_type: self.fault_type.as_str().to_owned(),
        }
    }

    /// The words search covers: every section, a line apart.
    pub fn searched_text(&self) -> String {
        [
            &self.title,
            &self.symptom,
            &self.cause,
            &self.workaround,
            &self.fix,
            &self.evidence,
        ]
        .into_iter()
        .filter(|text| !text.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n")
    }
}

/// The draft of an article about a solved ticket: the symptom and error
/// text as registered; the last root cause, workaround and fix its log
/// recorded; and the answers its checklists were given, each after its
/// question as the runbook words it in `language`.
pub fn draft_from_ticket(
    ticket: &Ticket,
    log: &[TicketEvent],
    runbook: &Runbook,
    language: Language,
) -> ArticleDraft {
    let last = |pick: fn(&Change) -> Option<&String>| {
        log.iter()
            .rev()
            .find_map(|event| pick(&event.change))
            .cloned()
            .unwrap_or_default()
    };
    let symptom = [
        ticket.intake.symptom.steps(),
        ticket.intake.symptom.error_text(),
    ]
    .into_iter()
    .filter(|text| !text.is_empty())
    .collect::<Vec<_>>()
    .join("\n");
    let evidence = log
        .iter()
        .filter_map(|event| match &event.change {
            Change::ItemChecked {
                item,
                answer: Some(answer),
            } if !answer.trim().is_empty() => {
                let question = runbook.item(item).map_or_else(
                    || item.clone(),
                    |(_, found)| found.text.read(language).text.to_owned(),
                );
                Some(format!("{question}: {answer}"))
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    ArticleDraft {
        title: ticket.intake.symptom.summary(TITLE.max),
        symptom,
        cause: last(|c| match c {
            Change::RootCauseFound { summary } => Some(summary),
            _ => None,
        }),
        workaround: last(|c| match c {
            Change::WorkaroundApplied { description } => Some(description),
            _ => None,
        }),
        fix: last(|c| match c {
            Change::Resolved { summary } => Some(summary),
            _ => None,
        }),
        evidence,
        fault_type: FaultType::Other.as_str().to_owned(),
    }
}

/// An article as the desk holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub number: ArticleNumber,
    pub state: ArticleState,
    pub body: ArticleBody,
    /// Counts the saves; a save naming an older version is refused.
    pub version: i64,
    /// The tickets it came from or was linked to.
    pub tickets: Vec<TicketNumber>,
    /// How often a ticket was linked to it as a known issue.
    pub uses: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// One saved version of an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleVersion {
    pub version: i64,
    pub state: ArticleState,
    pub body: ArticleBody,
    pub at: DateTime<Utc>,
    pub author: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Reason;

    fn draft() -> ArticleDraft {
        ArticleDraft {
            title: "支付网关证书过期".into(),
            symptom: "点击支付后 502".into(),
            fault_type: "network".into(),
            ..ArticleDraft::default()
        }
    }

    #[test]
    fn an_article_number_reads_and_prints_as_kb() {
        let number: ArticleNumber = "kb-12".parse().unwrap();
        assert_eq!(number.to_string(), "KB-12");
        for bad in ["", "KB-", "KB-0", "FL-12", "KB-1x", "KB-9999999999"] {
            assert!(bad.parse::<ArticleNumber>().is_err(), "{bad}");
        }
    }

    #[test]
    fn r19_an_article_needs_a_title_a_symptom_and_a_fault_type() {
        assert!(ArticleBody::parse(&draft()).is_ok());
        let errors = ArticleBody::parse(&ArticleDraft {
            fault_type: "printer".into(),
            ..ArticleDraft::default()
        })
        .unwrap_err();
        assert_eq!(errors.get(Field::Title), Some(&Reason::Required));
        assert_eq!(errors.get(Field::Symptom), Some(&Reason::Required));
        assert_eq!(errors.get(Field::FaultType), Some(&Reason::NotAChoice));
        let long = ArticleDraft {
            fix: "x".repeat(8001),
            ..draft()
        };
        assert_eq!(
            ArticleBody::parse(&long).unwrap_err().get(Field::Fix),
            Some(&Reason::TooLong { max: 8000 })
        );
    }

    #[test]
    fn a_body_round_trips_through_its_form() {
        let body = ArticleBody::parse(&draft()).unwrap();
        assert_eq!(ArticleBody::parse(&body.as_draft()), Ok(body.clone()));
        assert_eq!(body.searched_text(), "支付网关证书过期\n点击支付后 502");
    }
}
