//! The search terms of a text, the same in the browser, on SQLite and on
//! PostgreSQL: both stores index exactly the terms built here, so that a
//! query finds the same tickets on either backend.
//!
//! Chinese has no spaces between words, and the databases' own tokenizers
//! either keep a run of Chinese as one token (FTS5's `unicode61`) or need
//! three characters to match (its `trigram`), so neither finds 登录 in
//! 无法登录系统. Here a run of Chinese, Japanese or Korean characters is
//! indexed as its single characters and its overlapping pairs, so that any
//! word of one or two characters is a term of the text, and a longer word is
//! the chain of its pairs. Every other run of letters and digits is one
//! word, lowercased; English words are therefore matched whole and
//! regardless of case.

use crate::domain::DeskId;

/// The longest term kept, in characters; longer runs (hashes, base64) are
/// cut, since nobody types more of them into a search box.
pub const MAX_TERM_CHARS: usize = 48;

/// What starts a marker term. Every term of a text is letters and digits
/// (or ideographs), and `§` is neither, so no text yields a marker and no
/// query can ask for one.
const MARKER: char = '§';

/// The marker term of every document of a desk: the index answers a query
/// within one desk without reading any other desk's matches.
fn desk_term(desk: DeskId) -> String {
    format!("{MARKER}desk{}", desk.0)
}

/// The marker term of what is known to help (a solved ticket, a published
/// article): the documents that similar cases are sought among.
fn known_term() -> String {
    format!("{MARKER}known")
}

/// The marker terms of a document of `desk`, known to help or not; as a
/// query's required terms, those of the desk's documents (known to help,
/// when `known`).
pub fn marker_terms(desk: DeskId, known: bool) -> Vec<String> {
    let mut terms = vec![desk_term(desk)];
    if known {
        terms.push(known_term());
    }
    terms
}

/// One run of a text that searching treats as a unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    /// Letters and digits of an alphabetic script, lowercased.
    Word(String),
    /// Characters of a script written without spaces (Chinese, Japanese,
    /// Korean), as written.
    Ideographs(Vec<char>),
}

/// A run with where it stands in the text: `start..end` in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub run: Run,
    pub start: usize,
    pub end: usize,
}

/// Whether a character belongs to a script written without spaces.
pub fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3134F  // CJK Extensions B to G
    )
}

/// A full-width letter or digit (as Chinese input methods type them) as its
/// ASCII twin, so that `５０２` finds `502`; any other character unchanged.
pub fn narrow(c: char) -> char {
    match c as u32 {
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// The runs of a text, in order, with their places. Anything that is neither
/// a letter nor a digit (spaces, punctuation, symbols, the FTS operators
/// `" * : -`) only separates runs.
pub fn runs(text: &str) -> Vec<Located> {
    let mut found = Vec::new();
    let mut current: Option<Located> = None;
    for (at, raw) in text.chars().enumerate() {
        let c = narrow(raw);
        let kind = if is_ideograph(c) {
            Some(true)
        } else if c.is_alphanumeric() {
            Some(false)
        } else {
            None
        };
        match (kind, current.as_mut()) {
            (Some(true), Some(open)) if matches!(open.run, Run::Ideographs(_)) => {
                if let Run::Ideographs(chars) = &mut open.run {
                    chars.push(c);
                }
                open.end = at + 1;
            }
            (Some(false), Some(open)) if matches!(open.run, Run::Word(_)) => {
                if let Run::Word(word) = &mut open.run {
                    word.extend(c.to_lowercase());
                }
                open.end = at + 1;
            }
            (None, _) => found.extend(current.take()),
            (Some(ideograph), _) => {
                found.extend(current.take());
                let run = if ideograph {
                    Run::Ideographs(vec![c])
                } else {
                    Run::Word(c.to_lowercase().collect())
                };
                current = Some(Located {
                    run,
                    start: at,
                    end: at + 1,
                });
            }
        }
    }
    found.extend(current);
    found
}

/// A word cut to [`MAX_TERM_CHARS`].
fn word_term(word: &str) -> String {
    word.chars().take(MAX_TERM_CHARS).collect()
}

/// The pairs of neighbouring characters of a run of ideographs.
fn pairs(chars: &[char]) -> impl Iterator<Item = String> + '_ {
    chars.windows(2).map(|pair| pair.iter().collect())
}

/// Every term of a text as the index keeps it, in order and with repeats
/// (the rankings count them): each word, and each character and each pair
/// of a run of ideographs.
pub fn index_terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for located in runs(text) {
        match located.run {
            Run::Word(word) => terms.push(word_term(&word)),
            Run::Ideographs(chars) => {
                terms.extend(chars.iter().map(char::to_string));
                terms.extend(pairs(&chars));
            }
        }
    }
    terms
}

/// The terms a query asks for, each once, in the order typed: each word;
/// a lone ideograph as itself; a longer run of ideographs as its pairs,
/// which together spell it.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for located in runs(text) {
        let wanted: Vec<String> = match located.run {
            Run::Word(word) => vec![word_term(&word)],
            Run::Ideographs(chars) if chars.len() == 1 => vec![chars[0].to_string()],
            Run::Ideographs(chars) => pairs(&chars).collect(),
        };
        for term in wanted {
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(terms: &[&str]) -> Vec<String> {
        terms.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn r19_no_text_or_query_yields_a_marker_term() {
        let text = "§desk1 §known desk1 known §";
        let markers = marker_terms(DeskId(1), true);
        assert_eq!(markers, strings(&["§desk1", "§known"]));
        for term in index_terms(text).iter().chain(&query_terms(text)) {
            assert!(!markers.contains(term), "{term} is a marker");
        }
        assert_eq!(marker_terms(DeskId(7), false), strings(&["§desk7"]));
    }

    #[test]
    fn chinese_is_indexed_as_characters_and_overlapping_pairs() {
        assert_eq!(
            index_terms("无法登录"),
            strings(&["无", "法", "登", "录", "无法", "法登", "登录"])
        );
    }

    #[test]
    fn english_words_are_lowercased_and_kept_whole() {
        assert_eq!(
            index_terms("Nginx returned HTTP 502"),
            strings(&["nginx", "returned", "http", "502"])
        );
    }

    #[test]
    fn mixed_text_splits_where_the_script_changes() {
        assert_eq!(
            index_terms("nginx 502 报错"),
            strings(&["nginx", "502", "报", "错", "报错"])
        );
        assert_eq!(
            index_terms("登录API超时"),
            strings(&["登", "录", "登录", "api", "超", "时", "超时"])
        );
    }

    #[test]
    fn punctuation_and_search_operators_only_separate_words() {
        assert_eq!(
            index_terms("\"a*\" NEAR(b:c) -d，支付。"),
            strings(&["a", "near", "b", "c", "d", "支", "付", "支付"])
        );
    }

    #[test]
    fn full_width_letters_and_digits_read_as_ascii() {
        assert_eq!(index_terms("５０２ ＥＲＲＯＲ"), strings(&["502", "error"]));
    }

    #[test]
    fn a_query_asks_for_the_pairs_that_spell_a_chinese_word() {
        assert_eq!(query_terms("登录"), strings(&["登录"]));
        assert_eq!(query_terms("无法登录"), strings(&["无法", "法登", "登录"]));
        assert_eq!(query_terms("登"), strings(&["登"]));
    }

    #[test]
    fn a_query_names_each_term_once() {
        assert_eq!(
            query_terms("Nginx nginx 502 报错 报错"),
            strings(&["nginx", "502", "报错"])
        );
    }

    #[test]
    fn every_query_term_of_a_text_is_one_of_its_index_terms() {
        for text in ["无法登录系统", "nginx 502 报错", "支付 timeout ５０２", "a"] {
            let index = index_terms(text);
            for term in query_terms(text) {
                assert!(index.contains(&term), "{term} of {text}");
            }
        }
    }

    #[test]
    fn overlong_runs_are_cut() {
        let long = "a".repeat(200);
        assert_eq!(index_terms(&long)[0].chars().count(), MAX_TERM_CHARS);
    }

    #[test]
    fn runs_know_where_they_stand() {
        let found = runs("ab 登录!");
        assert_eq!((found[0].start, found[0].end), (0, 2));
        assert_eq!((found[1].start, found[1].end), (3, 5));
    }
}
