//! Texts that Firstline ships or a lead writes, such as a runbook's items, in
//! each language Firstline speaks.
//!
//! A wording holds one text per language. A person reads it in their own
//! language; where that text is missing they read the other one, and the page
//! marks it as a fallback ([`Wording::read`]). A plain string, as runbooks
//! were saved before they were bilingual, reads as English.

use super::validation::{FieldError, TextRule};
use serde::{Deserialize, Deserializer, Serialize};

/// A language Firstline speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Language {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Language {
    /// Every language, in the order the editor shows them.
    pub const ALL: [Language; 2] = [Language::En, Language::ZhCn];

    /// The language's tag, as in the locale files and `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhCn => "zh-CN",
        }
    }

    /// Reads a language's tag (`en`, `zh-CN`; letter case and `_` for `-`
    /// are forgiven).
    pub fn parse(tag: &str) -> Option<Language> {
        let tag = tag.trim().replace('_', "-");
        Language::ALL
            .into_iter()
            .find(|language| language.tag().eq_ignore_ascii_case(&tag))
    }

    /// The language's name in itself ("English", "中文"), as language
    /// choices show it to readers of either language.
    pub fn autonym(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::ZhCn => "中文",
        }
    }

    /// The other language: the fallback of this one.
    pub fn other(self) -> Language {
        match self {
            Language::En => Language::ZhCn,
            Language::ZhCn => Language::En,
        }
    }
}

/// One text in each language. Either may be empty while a translation is
/// missing, but not both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Wording {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
    #[serde(rename = "zh-CN", default, skip_serializing_if = "String::is_empty")]
    pub zh_cn: String,
}

/// What a reader gets: the text, and the language it is in when that is not
/// the one they asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading<'a> {
    pub text: &'a str,
    /// `Some(language)` when the text is a fallback in that language.
    pub fallback: Option<Language>,
}

impl Wording {
    /// A wording in both languages.
    pub fn new(en: &str, zh_cn: &str) -> Wording {
        Wording {
            en: en.to_owned(),
            zh_cn: zh_cn.to_owned(),
        }
    }

    /// A wording in English only.
    pub fn english(en: &str) -> Wording {
        Wording::new(en, "")
    }

    /// The text in one language, empty if it is missing.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::En => &self.en,
            Language::ZhCn => &self.zh_cn,
        }
    }

    /// The text in one language, to edit.
    pub fn get_mut(&mut self, language: Language) -> &mut String {
        match language {
            Language::En => &mut self.en,
            Language::ZhCn => &mut self.zh_cn,
        }
    }

    /// The text for a reader of `language`: theirs if present, otherwise the
    /// other language's, marked as a fallback.
    pub fn read(&self, language: Language) -> Reading<'_> {
        let own = self.get(language);
        if !own.trim().is_empty() {
            return Reading {
                text: own,
                fallback: None,
            };
        }
        let other = language.other();
        Reading {
            text: self.get(other),
            fallback: Some(other),
        }
    }

    /// The languages whose text is missing.
    pub fn untranslated(&self) -> impl Iterator<Item = Language> + '_ {
        Language::ALL
            .into_iter()
            .filter(|l| self.get(*l).trim().is_empty())
    }

    /// Checks each language's text against `rule`. A missing translation is
    /// allowed; a wording with no text at all is not.
    pub fn check(&self, rule: TextRule) -> Result<(), FieldError> {
        let present: Vec<&str> = Language::ALL
            .iter()
            .map(|l| self.get(*l))
            .filter(|t| !t.trim().is_empty())
            .collect();
        if present.is_empty() {
            return rule.check("").map(|_| ());
        }
        for text in present {
            rule.check(text)?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Wording {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Both {
            #[serde(default)]
            en: String,
            #[serde(rename = "zh-CN", default)]
            zh_cn: String,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Saved {
            English(String),
            Both(Both),
        }
        Ok(match Saved::deserialize(deserializer)? {
            Saved::English(en) => Wording {
                en,
                zh_cn: "".into(),
            },
            Saved::Both(both) => Wording {
                en: both.en,
                zh_cn: both.zh_cn,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validation::{Field, Reason};

    const RULE: TextRule = TextRule {
        field: Field::ItemText,
        min: 2,
        max: 10,
        multiline: false,
    };

    #[test]
    fn a_reader_gets_their_language_or_the_other_one_marked_as_a_fallback() {
        let both = Wording::new("When?", "何时？");
        assert_eq!(both.read(Language::ZhCn).text, "何时？");
        assert_eq!(both.read(Language::ZhCn).fallback, None);
        let english = Wording::english("When?");
        let reading = english.read(Language::ZhCn);
        assert_eq!(reading.text, "When?");
        assert_eq!(reading.fallback, Some(Language::En));
        assert_eq!(english.read(Language::En).fallback, None);
        assert_eq!(english.untranslated().collect::<Vec<_>>(), [Language::ZhCn]);
        assert_eq!(both.untranslated().count(), 0);
    }

    #[test]
    fn a_plain_string_reads_as_english_and_both_languages_round_trip() {
        let old: Wording = serde_json::from_str("\"When did it happen?\"").unwrap();
        assert_eq!(old, Wording::english("When did it happen?"));
        let both = Wording::new("When?", "何时？");
        let json = serde_json::to_string(&both).unwrap();
        assert_eq!(json, r#"{"en":"When?","zh-CN":"何时？"}"#);
        assert_eq!(serde_json::from_str::<Wording>(&json).unwrap(), both);
        let chinese: Wording = serde_json::from_str(r#"{"zh-CN":"何时？"}"#).unwrap();
        assert_eq!(chinese.read(Language::En).fallback, Some(Language::ZhCn));
    }

    #[test]
    fn each_text_is_checked_and_one_of_them_must_be_there() {
        assert_eq!(Wording::new("When?", "").check(RULE), Ok(()));
        assert_eq!(
            Wording::default().check(RULE).unwrap_err().reason,
            Reason::Required
        );
        assert_eq!(
            Wording::new("When?", "这句话实在是太长了吧真的")
                .check(RULE)
                .unwrap_err()
                .reason,
            Reason::TooLong { max: 10 }
        );
    }
}
