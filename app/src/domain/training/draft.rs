//! A scenario drafted from a solved ticket of the desk: the report, the
//! reporter's answers and the expert timeline come from its log, with
//! names, contacts and addresses masked. The lead reviews the draft, fills
//! in what the log cannot say (the other language, the evidence, the
//! injects) and saves it; saving checks it like any scenario.
//!
//! Masking is by pattern and by name, so the lead's review is part of it:
//! - e-mail addresses, IM handles (`@name`), IPv4 addresses, and numbers
//!   of seven digits or more, or of three or more after "ext", "tel",
//!   "分机", "电话" or "手机", anywhere in the text;
//! - the names the ticket's contact field gives and the names of the
//!   desk's people, wherever they stand as whole words.

use super::scenario::{
    AnswerKey, Evidence, Outcome, Report, Scenario, Script, SimulatedExpert, Step,
};
use crate::domain::event::Change;
use crate::domain::knowledge::FaultType;
use crate::domain::runbook::{ItemKind, Runbook};
use crate::domain::sla::engine::ClockName;
use crate::domain::stage::Stage;
use crate::domain::workflow::{Gate, Progress};
use crate::domain::{Ticket, TicketEvent, Wording};
use std::collections::BTreeMap;

/// What stands where something was masked.
pub const MASK: &str = "***";

/// Masks names, contacts and addresses in a ticket's texts.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// Longest first, so that "Li Wei" goes before "Li".
    names: Vec<String>,
}

impl Redactor {
    /// A redactor for a ticket whose contact field reads `contact`, on a
    /// desk whose people are named `people`.
    pub fn new<'a>(contact: &'a str, people: impl IntoIterator<Item = &'a str>) -> Self {
        let from_contact = contact
            .split([',', ';', '/', '，', '；', '、', '(', ')', '（', '）'])
            .map(str::trim)
            .filter(|part| !part.chars().any(|c| c.is_ascii_digit() || c == '@'));
        let mut names: Vec<String> = from_contact
            .chain(people.into_iter().map(str::trim))
            .filter(|name| name.chars().count() >= 2)
            .map(str::to_owned)
            .collect();
        names.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        names.dedup();
        Self { names }
    }

    /// The text with every contact, address and known name masked.
    pub fn redact(&self, text: &str) -> String {
        let mut out = mask_contacts(text);
        for name in &self.names {
            out = mask_word(&out, name);
        }
        out
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Masks `name` wherever it stands as a whole word (ASCII letters compared
/// regardless of case; a Chinese name anywhere).
fn mask_word(text: &str, name: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let needle = name.to_ascii_lowercase();
    let ascii = name.is_ascii();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(found) = lower[at..].find(&needle) {
        let start = at + found;
        let end = start + needle.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let whole = !ascii || (!before.is_some_and(is_word) && !after.is_some_and(is_word));
        out.push_str(&text[at..start]);
        out.push_str(if whole { MASK } else { &text[start..end] });
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Masks e-mail addresses, IM handles, IPv4 addresses and phone numbers.
fn mask_contacts(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(end) = address_at(&chars, i) {
            out.push_str(MASK);
            i = end;
        } else if chars[i] == '@' && chars.get(i + 1).is_some_and(|c| is_word(*c)) {
            // An IM handle: the mark stays, so the text still reads.
            out.push('@');
            out.push_str(MASK);
            i += 1;
            while i < chars.len() && (is_word(chars[i]) || chars[i] == '.' || chars[i] == '-') {
                i += 1;
            }
        } else if let Some(end) = number_at(&chars, i, &out) {
            out.push_str(MASK);
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The end of an e-mail address starting at `i`.
fn address_at(chars: &[char], i: usize) -> Option<usize> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    if !local(chars[i]) || (i > 0 && local(chars[i - 1])) {
        return None;
    }
    let mut at = i;
    while at < chars.len() && local(chars[at]) {
        at += 1;
    }
    if chars.get(at) != Some(&'@') {
        return None;
    }
    let domain_start = at + 1;
    let mut end = domain_start;
    while end < chars.len() && (chars[end].is_ascii_alphanumeric() || ".-".contains(chars[end])) {
        end += 1;
    }
    let domain: String = chars[domain_start..end].iter().collect();
    let domain = domain.trim_end_matches('.');
    domain
        .contains('.')
        .then_some(domain_start + domain.chars().count())
}

/// The end of a phone number or IPv4 address starting at `i`, `written`
/// being the text before it.
fn number_at(chars: &[char], i: usize, written: &str) -> Option<usize> {
    if !chars[i].is_ascii_digit()
        || (i > 0 && (chars[i - 1].is_ascii_digit() || is_word(chars[i - 1])))
    {
        return None;
    }
    // Digits with single separators between them.
    let mut end = i;
    let mut digits = 0;
    let mut dots = 0;
    while end < chars.len() {
        if chars[end].is_ascii_digit() {
            digits += 1;
            end += 1;
        } else if " -.".contains(chars[end]) && chars.get(end + 1).is_some_and(char::is_ascii_digit)
        {
            dots += usize::from(chars[end] == '.');
            end += 1;
        } else {
            break;
        }
    }
    let run: String = chars[i..end].iter().collect();
    let ipv4 = dots == 3
        && run.split('.').count() == 4
        && run.split('.').all(|part| part.parse::<u8>().is_ok());
    let before = written
        .trim_end()
        .trim_end_matches(['.', ':', '：'])
        .trim_end();
    let lower = before.to_lowercase();
    let marked = ["ext", "tel", "phone", "mobile", "分机", "电话", "手机"]
        .iter()
        .any(|mark| lower.ends_with(mark));
    (ipv4 || digits >= 7 || (marked && digits >= 3)).then_some(end)
}

/// A text in the language it is written in: Chinese when it holds Chinese
/// characters, English otherwise. The lead adds the other language.
fn worded(text: &str) -> Wording {
    let chinese = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if chinese {
        Wording::new("", text)
    } else {
        Wording::new(text, "")
    }
}

fn stage_name(stage: Stage) -> (&'static str, &'static str) {
    match stage {
        Stage::Intake => ("Intake", "故障接收"),
        Stage::FirstDiagnosis => ("First diagnosis", "初步诊断"),
        Stage::SelfHelp => ("Self-help checks", "自助排查"),
        Stage::DeepTroubleshooting => ("Deep troubleshooting", "深入故障排查"),
        Stage::Handling => ("Handling", "故障处理"),
        Stage::Verification => ("Verification", "结果验证"),
        Stage::Closed => ("Closed", "已关闭"),
        Stage::Archived => ("Archived", "已归档"),
    }
}

fn gate_name(gate: Gate) -> (&'static str, &'static str) {
    match gate {
        Gate::Test => ("in test", "测试环境验证"),
        Gate::Production => ("in production", "生产环境验证"),
        Gate::Reporter => ("with the user", "用户确认"),
    }
}

/// A step of the timeline: a fixed phrase in both languages, and what the
/// log recorded, masked, after it.
fn step(minute: u32, (en, zh): (&str, &str), said: Option<&str>) -> Step {
    let what = match said.map(str::trim).filter(|s| !s.is_empty()) {
        Some(said) => Wording::new(&format!("{en}: {said}"), &format!("{zh}：{said}")),
        None => Wording::new(en, zh),
    };
    Step { minute, what }
}

/// The scenario draft of a solved `ticket` whose log is `log`, under the
/// runbook it followed. The draft need not pass [`Scenario::validate`]:
/// what the log cannot tell stays empty, and saving names it.
pub fn draft_from_ticket(
    ticket: &Ticket,
    log: &[TicketEvent],
    runbook: &Runbook,
    redactor: &Redactor,
) -> Scenario {
    let mask = |text: &str| redactor.redact(text);
    let masked = |text: &Option<String>| text.as_deref().map(|t| worded(&mask(t)));
    let intake = &ticket.intake;
    let symptom = mask(intake.symptom.steps());
    let progress = Progress::from_log(log);
    // The answer each ticked item holds.
    let answers: BTreeMap<&str, &str> = progress
        .ticks
        .iter()
        .map(|(item, tick)| (item.as_str(), tick.answer.as_deref().unwrap_or_default()))
        .collect();
    let reached = |stage: Stage| {
        log.iter()
            .any(|e| matches!(e.change, Change::StageChanged { to, .. } if to == stage))
    };
    let questions = runbook
        .items(Stage::FirstDiagnosis)
        .filter(|item| item.kind == ItemKind::Question)
        .filter_map(|item| {
            let answer = answers.get(item.id.as_str())?.trim();
            (!answer.is_empty()).then(|| (item.id.clone(), worded(&mask(answer))))
        })
        .collect();
    // A self-help step fixed it when the ticket was solved without deep
    // troubleshooting: the last step tried.
    let tried: Vec<_> = runbook
        .items(Stage::SelfHelp)
        .filter(|item| answers.contains_key(item.id.as_str()))
        .collect();
    let self_help_fixed = !reached(Stage::DeepTroubleshooting);
    let self_help = tried
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let said = answers[item.id.as_str()].trim();
            let says = if said.is_empty() {
                item.text.clone()
            } else {
                worded(&mask(said))
            };
            let fixed = self_help_fixed && n + 1 == tried.len();
            (item.id.clone(), Outcome { fixed, says })
        })
        .collect();
    let mut confirmations: Vec<Outcome> = log
        .iter()
        .filter_map(|event| match &event.change {
            Change::ReporterNotFixed { reason } | Change::Reopened { reason } => Some(Outcome {
                fixed: false,
                says: worded(&mask(reason)),
            }),
            _ => None,
        })
        .take(2)
        .collect();
    confirmations.push(Outcome {
        fixed: true,
        says: Wording::new("It works now. Thank you.", "现在好了，谢谢。"),
    });
    let mut evidence = Vec::new();
    if !intake.symptom.error_text().trim().is_empty() {
        evidence.push(Evidence {
            item: "r08.logs".into(),
            held_by: None,
            title: Wording::new("Error output from the report", "报告中的错误输出"),
            log: mask(intake.symptom.error_text()),
            series: Vec::new(),
        });
    }
    for item in runbook.items(Stage::DeepTroubleshooting) {
        let Some(answer) = answers.get(item.id.as_str()).map(|a| a.trim()) else {
            continue;
        };
        if item.kind == ItemKind::Question && !answer.is_empty() {
            evidence.push(Evidence {
                item: item.id.clone(),
                held_by: None,
                title: item.text.clone(),
                log: mask(answer),
                series: Vec::new(),
            });
        }
    }
    let experts = progress
        .swarm
        .iter()
        .enumerate()
        .map(|(n, expert)| SimulatedExpert {
            id: format!("expert-{}", n + 1),
            name: Wording::new(&format!("Expert {}", n + 1), &format!("专家 {}", n + 1)),
            role: worded(&mask(&expert.role)),
        })
        .collect();
    let breached: Vec<ClockName> = log
        .iter()
        .filter_map(|event| match &event.change {
            Change::ClockBreached { clock, .. } => Some(*clock),
            _ => None,
        })
        .collect();
    let mut clocks = vec![ClockName::Response];
    if ticket.priority.is_major() {
        clocks.extend([ClockName::Workaround, ClockName::Update]);
    }
    if reached(Stage::DeepTroubleshooting) {
        clocks.push(ClockName::Escalation);
    }
    clocks.retain(|clock| !breached.contains(clock));
    Scenario {
        id: format!("from-{}", ticket.number).to_ascii_lowercase(),
        title: worded(&mask(&intake.symptom.summary(super::validate::TITLE.max))),
        summary: Wording::new(
            &format!("Drawn from a solved case of the desk, {}.", ticket.number),
            &format!("取材自本服务台已解决的工单 {}。", ticket.number),
        ),
        report: Report {
            channel: intake.channel,
            reporter: MASK.into(),
            department: worded(intake.department.as_str()),
            contact: MASK.into(),
            symptom: worded(&symptom),
            error_text: mask(intake.symptom.error_text()),
            impact_scope: worded(&mask(intake.impact_scope.as_str())),
            caller_says: (intake.channel == crate::domain::intake::Channel::Phone)
                .then(|| worded(&symptom)),
        },
        reporter: Script {
            answers: questions,
            self_help,
            confirmations,
        },
        evidence,
        experts,
        injects: Vec::new(),
        key: AnswerKey {
            impact: intake.impact,
            urgency: intake.urgency,
            self_help: reached(Stage::SelfHelp),
            fault_type: FaultType::Other,
            root_cause: masked(&progress.root_cause).unwrap_or_default(),
            workaround: masked(&progress.workaround),
            fix: masked(&progress.fix).unwrap_or_default(),
            escalation: progress.escalated_at.is_some(),
            clocks,
            timeline: timeline(ticket, log, redactor),
        },
    }
}

/// The ticket's way through the procedure, in minutes after registration.
fn timeline(ticket: &Ticket, log: &[TicketEvent], redactor: &Redactor) -> Vec<Step> {
    log.iter()
        .filter_map(|event| {
            let minute =
                u32::try_from((event.at - ticket.registered_at).num_minutes()).unwrap_or(0);
            let masked = |text: &str| Some(redactor.redact(text));
            let (phrase, said) = match &event.change {
                Change::Registered { .. } => (
                    (
                        format!("Registered as {}", ticket.priority),
                        format!("登记为 {}", ticket.priority),
                    ),
                    None,
                ),
                Change::FirstResponse { .. } => {
                    (("First response".into(), "首次响应".into()), None)
                }
                Change::StageChanged { to, .. } => {
                    let (en, zh) = stage_name(*to);
                    ((format!("Moved to {en}"), format!("进入{zh}")), None)
                }
                Change::RootCauseFound { summary } => (
                    ("Root cause found".into(), "找到根因".into()),
                    masked(summary),
                ),
                Change::WorkaroundApplied { description } => (
                    ("Workaround applied".into(), "采取临时方案".into()),
                    masked(description),
                ),
                Change::Resolved { summary } => (("Fixed".into(), "修复".into()), masked(summary)),
                Change::Escalated { .. } | Change::EscalationRequested { .. } => {
                    (("Escalated to a lead".into(), "上报组长".into()), None)
                }
                Change::GatePassed { gate, .. } => {
                    let (en, zh) = gate_name(*gate);
                    ((format!("Verified {en}"), format!("通过{zh}")), None)
                }
                Change::Reopened { reason } => {
                    (("Reopened".into(), "重新打开".into()), masked(reason))
                }
                _ => return None,
            };
            Some(step(minute, (&phrase.0, &phrase.1), said.as_deref()))
        })
        .take(super::validate::MAX_ENTRIES)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_and_addresses_are_masked_and_the_rest_kept() {
        let redactor = Redactor::new("Li Wei, ext. 602155", ["Ada Admin", "li.wei"]);
        let cases = [
            ("Call Li Wei on ext. 602155", "Call *** on ext. ***"),
            ("mail li.wei@example.com or @liwei", "mail *** or @***"),
            ("mobile 139 0000 1234 after 18:00", "mobile *** after 18:00"),
            ("分机 8021，电话：010-6552 8888", "分机 ***，电话：***"),
            (
                "upstream 10.0.4.21:8080 said 502",
                "upstream ***:8080 said 502",
            ),
            (
                "HTTP 502 at 08:50:03, nginx/1.24.0",
                "HTTP 502 at 08:50:03, nginx/1.24.0",
            ),
            (
                "ada admin approved; Li Weiss did not",
                "*** approved; Li Weiss did not",
            ),
            ("18,402,117 rows in 3.5 s", "18,402,117 rows in 3.5 s"),
        ];
        for (text, expected) in cases {
            assert_eq!(redactor.redact(text), expected, "{text}");
        }
    }

    #[test]
    fn a_chinese_name_from_the_contact_is_masked_wherever_it_stands() {
        let redactor = Redactor::new("张伟，手机 13900001234", []);
        assert_eq!(
            redactor.redact("张伟说系统从早上开始就打不开，张伟的同事也一样"),
            "***说系统从早上开始就打不开，***的同事也一样"
        );
    }
}
