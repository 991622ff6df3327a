//! Similar cases (R19): while a fault is typed in, and on every ticket, the
//! solved cases that share its words. Any shared term counts; the stores'
//! ranking (BM25, `ts_rank`) weighs rare words above common ones, so no
//! word list of the domain is needed beyond a few English function words.

use super::terms::{self, MAX_TERM_CHARS, Run};
use crate::domain::validation::{Field, FieldError, Reason};

/// How many similar cases are shown.
pub const MAX_SIMILAR: usize = 5;

/// The most terms a similarity lookup asks for: the first distinct ones of
/// the text.
pub const MAX_SIMILAR_TERMS: usize = 32;

/// The longest text compared, in characters: a symptom and an error text at
/// their limits.
pub const MAX_SIMILAR_TEXT: usize = 12_000;

/// English words too common to say anything about a fault.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "i",
    "in", "is", "it", "its", "no", "not", "of", "on", "or", "so", "that", "the", "then", "there",
    "this", "to", "was", "we", "were", "when", "with", "you",
];

/// The terms that find cases like a text: its words other than function
/// words, and the pairs of its runs of ideographs (a lone ideograph says too
/// little), each once, at most [`MAX_SIMILAR_TERMS`]. Refuses a text over
/// [`MAX_SIMILAR_TEXT`] characters.
pub fn similar_terms(text: &str) -> Result<Vec<String>, FieldError> {
    if text.chars().count() > MAX_SIMILAR_TEXT {
        return Err(FieldError::new(
            Field::Text,
            Reason::TooLong {
                max: MAX_SIMILAR_TEXT,
            },
        ));
    }
    let mut found: Vec<String> = Vec::new();
    let mut add = |term: String| {
        if found.len() < MAX_SIMILAR_TERMS && !found.contains(&term) {
            found.push(term);
        }
    };
    for located in terms::runs(text) {
        match located.run {
            Run::Word(word) if !FUNCTION_WORDS.contains(&word.as_str()) => {
                add(word.chars().take(MAX_TERM_CHARS).collect());
            }
            Run::Word(_) => {}
            Run::Ideographs(chars) => {
                for pair in chars.windows(2) {
                    add(pair.iter().collect());
                }
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r19_similar_cases_are_sought_by_the_texts_telling_words() {
        assert_eq!(
            similar_terms("The login page of 支付系统 is broken").unwrap(),
            ["login", "page", "支付", "付系", "系统", "broken"]
        );
    }

    #[test]
    fn a_lone_ideograph_or_function_words_seek_nothing() {
        assert!(similar_terms("的 the and 了").unwrap().is_empty());
    }

    #[test]
    fn a_long_text_asks_for_its_first_terms_only() {
        let text: String = (0..200).map(|i| format!("w{i} ")).collect();
        let terms = similar_terms(&text).unwrap();
        assert_eq!(terms.len(), MAX_SIMILAR_TERMS);
        assert_eq!(terms[0], "w0");
    }

    #[test]
    fn an_overlong_text_is_refused_with_its_limit() {
        let error = similar_terms(&"登".repeat(MAX_SIMILAR_TEXT + 1)).unwrap_err();
        assert_eq!(
            error.reason,
            Reason::TooLong {
                max: MAX_SIMILAR_TEXT
            }
        );
    }
}
