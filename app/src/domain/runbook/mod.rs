//! Runbooks: the checklist of each stage, as data (R04–R12), and the rules
//! an edited one must keep.
//!
//! The default runbook (`default`) restates the manual and ships with
//! Firstline; leads edit it, and every saved edit is a new version. A ticket keeps the
//! version it was registered under, so a checklist never changes under an
//! agent's feet.

use super::priority::named_enum;
use super::stage::Stage;
use super::validation::{Field, FieldError, FieldErrors, Reason, TextRule};
use super::wording::Wording;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

mod default;
pub use default::default_runbook;

/// A saved version of the runbook. Version 1 is the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RunbookVersion(pub u32);

impl RunbookVersion {
    /// The runbook that ships with Firstline.
    pub const DEFAULT: RunbookVersion = RunbookVersion(1);
}

impl Default for RunbookVersion {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for RunbookVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}

named_enum! {
    /// What an item asks of the agent.
    ItemKind {
        /// Something done and ticked off.
        Check => "check",
        /// A question whose answer is recorded with the tick (R04).
        Question => "question",
        /// A script to read to the reporter (R05); nothing to record.
        Prompt => "prompt",
    }
}

/// One line of a checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Stable within the runbook: the log names the item by it.
    pub id: String,
    pub kind: ItemKind,
    /// What the agent reads, in each language.
    pub text: Wording,
    /// The ticket may not leave the stage until this item is done.
    pub required: bool,
}

/// A titled group of items, such as "R08 Logs".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub title: Wording,
    pub items: Vec<Item>,
}

/// The checklist of one stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChecklist {
    pub stage: Stage,
    pub sections: Vec<Section>,
}

/// Every stage's checklist. A stage it does not list has none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Runbook {
    #[serde(default)]
    pub version: RunbookVersion,
    #[serde(default)]
    pub stages: Vec<StageChecklist>,
}

impl Runbook {
    /// The sections of a stage's checklist (none if it has no checklist).
    pub fn sections(&self, stage: Stage) -> &[Section] {
        self.stages
            .iter()
            .find(|s| s.stage == stage)
            .map_or(&[], |s| &s.sections)
    }

    /// Every item of a stage.
    pub fn items(&self, stage: Stage) -> impl Iterator<Item = &Item> {
        self.sections(stage).iter().flat_map(|s| &s.items)
    }

    /// An item of any stage, and the stage it belongs to.
    pub fn item(&self, id: &str) -> Option<(Stage, &Item)> {
        self.stages.iter().find_map(|checklist| {
            checklist
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .find(|item| item.id == id)
                .map(|item| (checklist.stage, item))
        })
    }

    /// Checks an edited runbook: every id well formed and used once, every
    /// text present in at least one language and within bounds in each, each stage at most once, and prompts
    /// never required (there is nothing to record for them).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut ids = BTreeSet::new();
        let mut stages = BTreeSet::new();
        for checklist in &self.stages {
            if !stages.insert(checklist.stage) {
                errors.push(FieldError::new(Field::RunbookStage, Reason::Duplicate));
            }
            // Nothing is ticked on a closed ticket: a checklist there could
            // never be done.
            if !checklist.stage.is_open() && !checklist.sections.is_empty() {
                errors.push(FieldError::new(Field::RunbookStage, Reason::NotAChoice));
            }
            for section in &checklist.sections {
                if let Err(e) = section.title.check(SECTION_TITLE) {
                    errors.push(e);
                }
                for item in &section.items {
                    if !valid_id(&item.id) {
                        errors.push(FieldError::new(Field::ItemId, Reason::IdCharacters));
                    } else if !ids.insert(item.id.as_str()) {
                        errors.push(FieldError::new(Field::ItemId, Reason::Duplicate));
                    }
                    if let Err(e) = item.text.check(ITEM_TEXT) {
                        errors.push(e);
                    }
                    if item.required && item.kind == ItemKind::Prompt {
                        errors.push(FieldError::new(Field::ItemRequired, Reason::NotAChoice));
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A section's title.
pub const SECTION_TITLE: TextRule = TextRule {
    field: Field::SectionTitle,
    min: 2,
    max: 120,
    multiline: false,
};

/// An item's text: the check, the question or the prompt.
pub const ITEM_TEXT: TextRule = TextRule {
    field: Field::ItemText,
    min: 2,
    max: 500,
    multiline: false,
};

/// The longest item id.
pub const ITEM_ID_MAX: usize = 40;

/// Item ids: 1 to 40 of a-z, 0-9, dot, underscore and hyphen.
fn valid_id(id: &str) -> bool {
    (1..=ITEM_ID_MAX).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_runbook_is_valid() {
        assert_eq!(default_runbook().validate(), Ok(()));
    }

    #[test]
    fn r04_the_default_runbook_asks_when_environment_and_changes() {
        let runbook = default_runbook();
        let questions: Vec<_> = runbook
            .items(Stage::FirstDiagnosis)
            .filter(|i| i.kind == ItemKind::Question && i.required)
            .map(|i| i.id.as_str())
            .collect();
        for id in ["r04.when", "r04.environment", "r04.changes"] {
            assert!(questions.contains(&id), "{id} missing from {questions:?}");
        }
    }

    #[test]
    fn r06_r08_r09_r10_r12_each_have_a_checklist() {
        let runbook = default_runbook();
        for (stage, prefix) in [
            (Stage::SelfHelp, "r06."),
            (Stage::DeepTroubleshooting, "r08."),
            (Stage::DeepTroubleshooting, "r09."),
            (Stage::DeepTroubleshooting, "r10.db."),
            (Stage::DeepTroubleshooting, "r10.api."),
            (Stage::DeepTroubleshooting, "r10.fe."),
            (Stage::Handling, "r12."),
        ] {
            assert!(
                runbook.items(stage).any(|i| i.id.starts_with(prefix)),
                "no {prefix} items in {stage}"
            );
        }
        assert_eq!(
            runbook.item("r08.stack").map(|(s, _)| s),
            Some(Stage::DeepTroubleshooting)
        );
        assert!(runbook.item("nope").is_none());
    }

    #[test]
    fn r04_r05_r06_the_default_runbook_speaks_the_manuals_chinese() {
        let runbook = default_runbook();
        let chinese = |id: &str| runbook.item(id).unwrap().1.text.zh_cn.clone();
        assert_eq!(chinese("r05.button"), "您是哪个按钮后出现的提示？");
        assert_eq!(
            chinese("r05.page"),
            "页面是否完全无法打开，还是部分内容加载失败？"
        );
        assert!(chinese("r06.network").contains("能否打开其他网站？"));
        assert!(chinese("r06.network").contains("是否连接公司内网VPN？"));
        assert_eq!(
            chinese("r06.browser"),
            "清除浏览器缓存/Cookie或更换浏览器尝试"
        );
        assert_eq!(
            chinese("r06.restart"),
            "重启终端设备(电脑、手机等)或相关应用服务"
        );
        for checklist in &runbook.stages {
            for section in &checklist.sections {
                assert_eq!(
                    section.title.untranslated().count(),
                    0,
                    "{:?}",
                    section.title
                );
                for item in &section.items {
                    assert_eq!(item.text.untranslated().count(), 0, "{}", item.id);
                }
            }
        }
    }

    #[test]
    fn a_runbook_saved_before_it_was_bilingual_reads_as_english() {
        let json = r#"{"version":2,"stages":[{"stage":"first_diagnosis","sections":[{"title":"R04 Verify","items":[{"id":"r04.when","kind":"question","text":"When did it happen?","required":true}]}]}]}"#;
        let runbook: Runbook = serde_json::from_str(json).unwrap();
        let (_, item) = runbook.item("r04.when").unwrap();
        assert_eq!(item.text, Wording::english("When did it happen?"));
        assert_eq!(runbook.validate(), Ok(()));
    }

    #[test]
    fn edited_runbooks_are_checked_field_by_field() {
        let mut runbook = default_runbook();
        runbook.stages[0].sections[0].items[1].id = "r04.symptom".into();
        runbook.stages[0].sections[1].items[0].required = true;
        runbook.stages[1].sections[0].title = Wording::new(" ", "");
        let errors = runbook.validate().unwrap_err();
        let found: Vec<_> = errors.iter().map(|e| (e.field, e.reason.clone())).collect();
        assert!(
            found.contains(&(Field::ItemId, Reason::Duplicate)),
            "{found:?}"
        );
        assert!(
            found.contains(&(Field::ItemRequired, Reason::NotAChoice)),
            "{found:?}"
        );
        assert!(
            found.contains(&(Field::SectionTitle, Reason::Required)),
            "{found:?}"
        );
        let mut runbook = default_runbook();
        runbook.stages[2].sections[0].items[0].id = "Bad Id".into();
        runbook.stages.push(runbook.stages[0].clone());
        let errors = runbook.validate().unwrap_err();
        assert_eq!(errors.get(Field::ItemId), Some(&Reason::IdCharacters));
        assert_eq!(errors.get(Field::RunbookStage), Some(&Reason::Duplicate));

        let mut runbook = default_runbook();
        let mut closed = runbook.stages[0].clone();
        closed.stage = Stage::Closed;
        for item in closed.sections.iter_mut().flat_map(|s| &mut s.items) {
            item.id.push_str(".closed");
        }
        runbook.stages.push(closed);
        assert_eq!(
            runbook.validate().unwrap_err().get(Field::RunbookStage),
            Some(&Reason::NotAChoice),
            "a closed ticket takes no ticks"
        );
    }
}
