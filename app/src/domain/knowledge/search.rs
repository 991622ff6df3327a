//! A search as typed into the box: checked, turned into the terms both
//! stores look up, and used again to mark the matching words in each result
//! and to put the results that hold the exact phrase first.

use super::terms::{self, Run, narrow, query_terms};
use crate::domain::validation::{Field, FieldError, TextRule};
use serde::{Deserialize, Serialize};

/// The search box: one line of up to two hundred characters.
pub const QUERY: TextRule = TextRule {
    field: Field::Query,
    min: 1,
    max: 200,
    multiline: false,
};

/// How many of a query's matches in a desk are ranked: the newest this
/// many. A query that matches more documents ranks the desk's newest
/// (today's faults before last year's), and one more word narrows it to
/// reach older ones. The bound keeps a search of one common word as fast at
/// a hundred thousand tickets as at a thousand.
pub const RANKED_MATCHES: u32 = 2000;

/// The most terms one query looks up; a query that spells more is cut there.
pub const MAX_QUERY_TERMS: usize = 24;

/// A checked search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    text: String,
    terms: Vec<String>,
}

impl SearchQuery {
    /// Checks a query as typed. A query of only punctuation or operators is
    /// valid and finds nothing.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let text = QUERY.check(raw)?;
        let mut terms = query_terms(&text);
        terms.truncate(MAX_QUERY_TERMS);
        Ok(Self { text, terms })
    }

    /// The query as typed, trimmed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The terms every result holds; none when the query has no letters or
    /// digits.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
}

/// A stretch of a result's text, marked when it is a word of the query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hit: bool,
}

/// Which characters of a text (by position) belong to a word of the query:
/// a whole word equal to a query word, any occurrence of a query's pair of
/// ideographs, and for a query of a lone ideograph, that character.
fn hits(text: &str, wanted: &[String]) -> Vec<bool> {
    let mut marked = vec![false; text.chars().count()];
    for located in terms::runs(text) {
        match &located.run {
            Run::Word(word) => {
                if wanted.iter().any(|w| w == word) {
                    marked[located.start..located.end].fill(true);
                }
            }
            Run::Ideographs(chars) => {
                for (i, c) in chars.iter().enumerate() {
                    if wanted.iter().any(|w| w.chars().eq([*c])) {
                        marked[located.start + i] = true;
                    }
                }
                for (i, pair) in chars.windows(2).enumerate() {
                    if wanted.iter().any(|w| w.chars().eq(pair.iter().copied())) {
                        marked[located.start + i..located.start + i + 2].fill(true);
                    }
                }
            }
        }
    }
    marked
}

/// The stretch of a text around its first match, at most `width`
/// characters, on one line, cut at the ends with "…", and split into
/// pieces with the query's words marked.
pub fn excerpt(text: &str, wanted: &[String], width: usize) -> Vec<Piece> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let marked = hits(text, wanted);
    let first = marked.iter().position(|m| *m).unwrap_or(0);
    // Some context before the first match, the rest after it.
    let start = first.saturating_sub(width / 4);
    let end = (start + width).min(chars.len());
    let start = end.saturating_sub(width).min(start);
    let mut pieces: Vec<Piece> = Vec::new();
    if start > 0 {
        pieces.push(Piece {
            text: "…".into(),
            hit: false,
        });
    }
    for i in start..end {
        match pieces.last_mut() {
            Some(last) if last.hit == marked[i] && !(i == start && start > 0) => {
                last.text.push(chars[i]);
            }
            _ => pieces.push(Piece {
                text: chars[i].to_string(),
                hit: marked[i],
            }),
        }
    }
    if end < chars.len() {
        pieces.push(Piece {
            text: "…".into(),
            hit: false,
        });
    }
    pieces
}

/// A text as compared for the exact phrase: full-width letters narrowed,
/// lowercased, and every run of spaces one space.
fn folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(narrow).flat_map(char::to_lowercase));
    }
    out
}

/// Whether a text holds the query exactly as typed (case and spacing
/// aside); such results rank first.
pub fn holds_phrase(text: &str, query: &SearchQuery) -> bool {
    folded(text).contains(&folded(query.text()))
}

/// The words of a query that a text shares, for "why it matched": each
/// shared word, and each longest stretch of the query's ideographs that the
/// text holds (two or more characters), in the query's order.
pub fn shared_words(query: &str, text: &str) -> Vec<String> {
    let haystack = folded(text);
    let words: Vec<String> = terms::runs(text)
        .into_iter()
        .filter_map(|l| match l.run {
            Run::Word(w) => Some(w),
            Run::Ideographs(_) => None,
        })
        .collect();
    let mut shared: Vec<String> = Vec::new();
    let mut add = |word: String| {
        if !shared.contains(&word) {
            shared.push(word);
        }
    };
    for located in terms::runs(query) {
        match located.run {
            Run::Word(word) => {
                if words.contains(&word) {
                    add(word);
                }
            }
            Run::Ideographs(chars) => {
                let mut i = 0;
                while i + 1 < chars.len() {
                    // The longest stretch from i that the text holds.
                    let longest = (i + 2..=chars.len())
                        .rev()
                        .find(|&end| haystack.contains(&chars[i..end].iter().collect::<String>()));
                    match longest {
                        Some(end) => {
                            add(chars[i..end].iter().collect());
                            i = end;
                        }
                        None => i += 1,
                    }
                }
            }
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Reason;

    fn query(text: &str) -> SearchQuery {
        SearchQuery::parse(text).expect("a valid query")
    }

    fn marked(pieces: &[Piece]) -> Vec<&str> {
        pieces
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect()
    }

    #[test]
    fn r19_an_empty_query_is_refused_naming_the_box() {
        let error = SearchQuery::parse("   ").unwrap_err();
        assert_eq!(
            (error.field, error.reason),
            (Field::Query, Reason::Required)
        );
    }

    #[test]
    fn r19_an_overlong_query_is_refused_with_its_limit() {
        let error = SearchQuery::parse(&"登录".repeat(5000)).unwrap_err();
        assert_eq!(error.reason, Reason::TooLong { max: QUERY.max });
    }

    #[test]
    fn r19_a_query_of_operators_alone_asks_for_nothing() {
        assert!(query("\"* : - NEAR(\"").terms() == ["near"]);
        assert!(query("*** --- :::").terms().is_empty());
    }

    #[test]
    fn a_query_looks_up_at_most_its_limit_of_terms() {
        // Sixty ideographs spell fifty-nine pairs.
        let long: String = (0..60).filter_map(|i| char::from_u32(0x4E00 + i)).collect();
        assert_eq!(query(&long).terms().len(), MAX_QUERY_TERMS);
    }

    #[test]
    fn r19_the_words_of_the_query_are_marked_in_the_excerpt() {
        let q = query("登录 nginx");
        let pieces = excerpt("用户无法登录系统，Nginx 返回 502", q.terms(), 80);
        assert_eq!(marked(&pieces), ["登录", "Nginx"]);
        let whole: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(whole, "用户无法登录系统，Nginx 返回 502");
    }

    #[test]
    fn english_words_are_marked_only_whole() {
        let q = query("log");
        assert!(marked(&excerpt("login failed", q.terms(), 80)).is_empty());
        assert_eq!(marked(&excerpt("see the LOG file", q.terms(), 80)), ["LOG"]);
    }

    #[test]
    fn a_long_text_is_cut_around_its_first_match() {
        let text = format!("{}支付失败{}", "甲".repeat(300), "乙".repeat(300));
        let pieces = excerpt(&text, query("支付").terms(), 40);
        assert_eq!(pieces.first().map(|p| p.text.as_str()), Some("…"));
        assert_eq!(pieces.last().map(|p| p.text.as_str()), Some("…"));
        assert_eq!(marked(&pieces), ["支付"]);
        let shown: usize = pieces.iter().map(|p| p.text.chars().count()).sum();
        assert_eq!(shown, 40 + 2);
    }

    #[test]
    fn the_exact_phrase_is_found_whatever_the_case_and_spacing() {
        let q = query("Database  TIMEOUT");
        assert!(holds_phrase("the database timeout again", &q));
        assert!(!holds_phrase("timeout of the database", &q));
    }

    #[test]
    fn shared_words_join_the_pairs_of_a_chinese_word() {
        assert_eq!(
            shared_words("用户无法登录系统 nginx", "无法登录，nginx 报错"),
            ["无法登录", "nginx"]
        );
        assert!(shared_words("支付", "登录").is_empty());
    }
}
