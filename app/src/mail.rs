//! The words of messages to reporters (R12, R16), in the reporter's
//! language: the subject, a plain-text body and the same as HTML. What
//! the desk wrote is escaped in the HTML; nothing a reporter or an agent
//! typed reaches a mail header except through the mail library's encoding.

use crate::domain::{Language, MessageKind, Rating, TicketNumber};
use crate::i18n::Locale;
use chrono::{DateTime, FixedOffset, Utc};
use leptos_i18n::td_string;

/// What a message says, before it is written.
#[derive(Clone, Debug)]
pub struct Facts<'a> {
    pub kind: MessageKind,
    pub number: TicketNumber,
    /// The symptom as reported.
    pub symptom: &'a str,
    /// The desk's words, if the message carries any.
    pub text: Option<&'a str>,
    /// The expected fix, if a progress update gave one.
    pub eta: Option<DateTime<Utc>>,
    /// The status page's full address.
    pub link: &'a str,
    /// The desk's offset, for times.
    pub offset: FixedOffset,
    pub language: Language,
}

/// A message, written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn locale(language: Language) -> Locale {
    match language {
        Language::En => Locale::en,
        Language::ZhCn => Locale::zh_CN,
    }
}

/// Writes a message in the reporter's language.
pub fn write(facts: &Facts<'_>) -> Letter {
    let locale = locale(facts.language);
    let number = facts.number.to_string();
    let number = number.as_str();
    let (subject, intro) = match facts.kind {
        MessageKind::FirstResponse => (
            td_string!(locale, mail.subject_first_response, number).to_string(),
            td_string!(locale, mail.intro_first_response, number).to_string(),
        ),
        MessageKind::Progress => (
            td_string!(locale, mail.subject_progress, number).to_string(),
            td_string!(locale, mail.intro_progress, number).to_string(),
        ),
        MessageKind::Question => (
            td_string!(locale, mail.subject_question, number).to_string(),
            td_string!(locale, mail.intro_question, number).to_string(),
        ),
        MessageKind::VerificationRequest => (
            td_string!(locale, mail.subject_verification_request, number).to_string(),
            td_string!(locale, mail.intro_verification_request, number).to_string(),
        ),
        MessageKind::Survey => (
            td_string!(locale, mail.subject_survey, number).to_string(),
            td_string!(locale, mail.intro_survey, number).to_string(),
        ),
    };
    // The survey offers each rating as a link that only pre-selects it on
    // the page: a link scanner that follows them all records nothing.
    let ratings: Vec<(String, String)> = if facts.kind == MessageKind::Survey {
        Rating::ALL
            .iter()
            .map(|&rating| {
                (
                    crate::texts::rating(locale, rating).to_owned(),
                    format!("{}?rating={}#survey", facts.link, rating.as_str()),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let eta = facts.eta.map(|at| {
        let at = at
            .with_timezone(&facts.offset)
            .format("%Y-%m-%d %H:%M (UTC%:z)")
            .to_string();
        td_string!(locale, mail.eta, at).to_string()
    });
    let symptom = facts.symptom;
    let report = td_string!(locale, mail.your_report, symptom).to_string();
    let follow = td_string!(locale, mail.follow).to_string();
    let footer = td_string!(locale, mail.footer).to_string();

    let mut text = format!("{intro}\n\n");
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><p>{}</p>",
        facts.language.tag(),
        escape(&subject),
        escape(&intro)
    );
    if let Some(words) = facts.text {
        text.push_str(&quoted(words));
        text.push_str("\n\n");
        html.push_str(&format!(
            "<blockquote style=\"white-space: pre-wrap\">{}</blockquote>",
            escape(words)
        ));
    }
    if !ratings.is_empty() {
        html.push_str("<ul>");
        for (label, link) in &ratings {
            text.push_str(&format!("{label}: {link}\n"));
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                escape(link),
                escape(label)
            ));
        }
        text.push('\n');
        html.push_str("</ul>");
    }
    if let Some(eta) = &eta {
        text.push_str(&format!("{eta}\n\n"));
        html.push_str(&format!("<p><strong>{}</strong></p>", escape(eta)));
    }
    text.push_str(&format!(
        "{follow}\n{}\n\n{report}\n\n-- \n{footer}\n",
        facts.link
    ));
    html.push_str(&format!(
        "<p>{}<br><a href=\"{link}\">{link}</a></p><p style=\"color: #555\">{}</p><hr><p style=\"color: #555; font-size: small\">{}</p></body></html>",
        escape(&follow),
        escape(&report),
        escape(&footer),
        link = escape(facts.link),
    ));
    Letter {
        subject,
        text,
        html,
    }
}

/// The desk's words quoted line by line, as mail quotes.
fn quoted(words: &str) -> String {
    words
        .lines()
        .map(|line| format!("> {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text made safe to stand in HTML, in an element or an attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(language: Language, text: Option<&'static str>) -> Facts<'static> {
        Facts {
            kind: MessageKind::Progress,
            number: TicketNumber::new(42).unwrap(),
            symptom: "Open the payment page and press Submit",
            text,
            eta: Some("2026-11-30T10:00:00Z".parse().unwrap()),
            link: "https://desk.example.com/r/abc",
            offset: FixedOffset::east_opt(8 * 3600).unwrap(),
            language,
        }
    }

    #[test]
    fn r12_a_progress_message_carries_the_desks_words_the_target_and_the_link() {
        let letter = write(&facts(Language::En, Some("Rolling back release 4.2")));
        assert_eq!(letter.subject, "[FL-00042] News on your report");
        assert!(
            letter.text.contains("> Rolling back release 4.2"),
            "{}",
            letter.text
        );
        assert!(
            letter
                .text
                .contains("Expected fix: 2026-11-30 18:00 (UTC+08:00) (a target, not a promise)"),
            "{}",
            letter.text
        );
        assert!(letter.text.contains("https://desk.example.com/r/abc"));
        assert!(
            letter
                .html
                .contains(r#"<a href="https://desk.example.com/r/abc">"#)
        );
    }

    #[test]
    fn r12_a_message_to_a_chinese_reader_is_in_chinese() {
        let letter = write(&facts(Language::ZhCn, Some("正在回滚")));
        assert_eq!(letter.subject, "[FL-00042] 您的报障有新进展");
        assert!(letter.text.contains("预计修复时间"), "{}", letter.text);
        assert!(
            letter
                .html
                .starts_with("<!DOCTYPE html><html lang=\"zh-CN\">")
        );
    }

    #[test]
    fn r18_the_survey_offers_each_rating_as_a_link_that_only_preselects_it() {
        let letter = write(&Facts {
            kind: MessageKind::Survey,
            text: None,
            eta: None,
            ..facts(Language::ZhCn, None)
        });
        assert_eq!(letter.subject, "[FL-00042] 您的报障已关闭：满意度调查");
        for (label, rating) in [
            ("非常满意", "very_satisfied"),
            ("满意", "satisfied"),
            ("一般", "neutral"),
            ("不满意", "dissatisfied"),
        ] {
            let line = format!("{label}: https://desk.example.com/r/abc?rating={rating}#survey");
            assert!(letter.text.contains(&line), "{line} in {}", letter.text);
        }
    }

    #[test]
    fn what_the_desk_wrote_is_escaped_in_the_html() {
        let letter = write(&facts(
            Language::En,
            Some("<script>alert(1)</script> & \"quotes\""),
        ));
        assert!(!letter.html.contains("<script>"), "{}", letter.html);
        assert!(
            letter
                .html
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;")
        );
    }
}
