//! The whole procedure, driven through [`Ticket::act`] the way the desk
//! drives it: every accepted action is appended to the log, and the next
//! action is judged against the log folded into [`Progress`].

use super::actions::{Refusal, TicketAction};
use super::event::{Change, TicketEvent};
use super::ids::PolicyVersion;
use super::priority::Priority;
use super::reclassify::tests::p2_ticket;
use super::review::{ActionItemForm, ReviewForm, ReviewState};
use super::runbook::{ItemKind, Runbook, RunbookVersion, default_runbook};
use super::stage::Stage;
use super::ticket::Ticket;
use super::validation::{Field, Reason};
use super::workflow::{Gate, Progress, Requirement, next_stages, offered_moves, requirements};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;

/// A ticket, its log and its runbook.
#[derive(Clone)]
struct Case {
    ticket: Ticket,
    log: Vec<TicketEvent>,
    runbook: Runbook,
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

impl Case {
    fn new(priority: Priority) -> Self {
        let mut ticket = p2_ticket();
        ticket.priority = priority;
        ticket.version = 1;
        let registered = TicketEvent {
            id: 1,
            version: 1,
            at: start(),
            actor: "agent".into(),
            change: Change::Registered {
                channel: ticket.intake.channel,
                impact: ticket.intake.impact,
                urgency: ticket.intake.urgency,
                priority,
                urgent: false,
                policy_version: PolicyVersion(1),
                response_due_at: start(),
                runbook: RunbookVersion::DEFAULT,
            },
        };
        Self {
            ticket,
            log: vec![registered],
            runbook: default_runbook(),
        }
    }

    fn progress(&self) -> Progress {
        Progress::from_log(&self.log)
    }

    fn try_act(&mut self, action: TicketAction) -> Result<(), Refusal> {
        let (change, next) = self.ticket.act(&self.progress(), &self.runbook, &action)?;
        let n = self.log.len() as i64;
        self.log.push(TicketEvent {
            id: n + 1,
            version: next.version,
            at: start() + TimeDelta::minutes(n),
            actor: "agent".into(),
            change,
        });
        self.ticket = next;
        Ok(())
    }

    #[track_caller]
    fn act(&mut self, action: TicketAction) {
        let stage = self.ticket.stage;
        if let Err(refusal) = self.try_act(action.clone()) {
            panic!("{action:?} refused in {stage}: {refusal}");
        }
    }

    #[track_caller]
    fn move_to(&mut self, stage: Stage) {
        self.act(TicketAction::MoveTo { stage });
    }

    /// Ticks every required item of the current stage.
    fn complete_checklist(&mut self) {
        let items: Vec<_> = self
            .runbook
            .items(self.ticket.stage)
            .filter(|i| i.required)
            .map(|i| (i.id.clone(), i.kind))
            .collect();
        for (item, kind) in items {
            let answer = (kind == ItemKind::Question).then(|| "Since 9:00 on Chrome 131".into());
            self.act(TicketAction::CheckItem { item, answer });
        }
    }

    fn pass(&mut self, gate: Gate) {
        self.act(TicketAction::PassGate {
            gate,
            note: format!("{gate} passed"),
        });
    }

    /// A ticket of `priority` brought to `stage` the shortest legal way.
    fn at(priority: Priority, stage: Stage) -> Self {
        let mut case = Case::new(priority);
        let path: &[Stage] = match (stage, priority.is_major()) {
            (Stage::Intake, _) => &[],
            (Stage::FirstDiagnosis, _) => &[Stage::FirstDiagnosis],
            (Stage::SelfHelp, _) => &[Stage::FirstDiagnosis, Stage::SelfHelp],
            (_, true) => &[Stage::FirstDiagnosis, Stage::DeepTroubleshooting],
            (_, false) => &[
                Stage::FirstDiagnosis,
                Stage::SelfHelp,
                Stage::DeepTroubleshooting,
            ],
        };
        for &next in path {
            case.complete_checklist();
            case.move_to(next);
        }
        if stage <= Stage::DeepTroubleshooting {
            return case;
        }
        case.complete_checklist();
        case.move_to(Stage::Handling);
        if stage == Stage::Handling {
            return case;
        }
        case.act(TicketAction::Resolve {
            summary: "Index rebuilt".into(),
        });
        case.move_to(Stage::Verification);
        if stage == Stage::Verification {
            return case;
        }
        for gate in Gate::ALL {
            case.pass(*gate);
        }
        case.move_to(Stage::Closed);
        if stage == Stage::Archived {
            case.act(TicketAction::NoArticleNeeded {
                reason: "A one-off typo in a config file".into(),
            });
            if priority.is_major() {
                case.act(done_review());
            }
            case.move_to(Stage::Archived);
        }
        case
    }
}

/// A post-incident review signed off, with one action item.
fn done_review() -> TicketAction {
    TicketAction::SaveReview {
        review: ReviewForm {
            state: Some(ReviewState::Done),
            summary: "The index was corrupt after a failed upgrade".into(),
            real_impact: "Searches failed for the whole sales team".into(),
            factors: vec!["No check after the upgrade".into()],
            went_well: "The swarm formed at once".into(),
            items: vec![ActionItemForm {
                text: "Check the index after every upgrade".into(),
                owner: "ops.li".into(),
                due: "2026-12-04".into(),
                done: false,
            }],
            proposal: String::new(),
        },
    }
}

fn owner_action() -> TicketAction {
    TicketAction::PlanAction {
        description: "Restart nginx on web-2".into(),
        owner: "ops.li".into(),
        planned_at: start() + TimeDelta::hours(1),
        risk_plan: "Keep web-1 serving; roll back the config first".into(),
    }
}

/// Every action that depends on nothing but the stage, and the stages it
/// is allowed in. Everything else is refused: a closed or archived ticket
/// as closed, an open one as being in the wrong stage.
fn stage_bound_actions() -> Vec<(TicketAction, Vec<Stage>)> {
    use Stage::*;
    let open = vec![
        Intake,
        FirstDiagnosis,
        SelfHelp,
        DeepTroubleshooting,
        Handling,
        Verification,
    ];
    let check = |item: &str| TicketAction::CheckItem {
        item: item.into(),
        answer: Some("Yesterday at 16:00".into()),
    };
    vec![
        (
            TicketAction::FirstResponse {
                message: "We are on it".into(),
            },
            open.clone(),
        ),
        (
            TicketAction::ProgressUpdate {
                message: "Rolling back".into(),
                eta: None,
            },
            open.clone(),
        ),
        (
            TicketAction::WaitOnReporter {
                note: "Asked for a screenshot".into(),
            },
            open.clone(),
        ),
        (
            TicketAction::Note {
                text: "Payments fail only for card X".into(),
            },
            Stage::ALL.to_vec(),
        ),
        (owner_action(), open.clone()),
        (
            TicketAction::AddExpert {
                login: "db.wang".into(),
                role: "database".into(),
            },
            open.clone(),
        ),
        (
            TicketAction::ApplyPolicy {
                policy_version: PolicyVersion(2),
            },
            open,
        ),
        (check("r04.when"), vec![FirstDiagnosis]),
        (check("r06.network"), vec![SelfHelp]),
        (check("r08.stack"), vec![DeepTroubleshooting]),
        (check("r12.rollback"), vec![Handling]),
        (
            TicketAction::RootCauseFound {
                summary: "Missing index".into(),
            },
            vec![DeepTroubleshooting, Handling],
        ),
        (
            TicketAction::WorkaroundApplied {
                description: "Standby server".into(),
            },
            vec![Handling],
        ),
        (
            TicketAction::Escalate {
                reason: "Needs the database team".into(),
            },
            vec![DeepTroubleshooting, Handling],
        ),
        (
            TicketAction::Resolve {
                summary: "Index rebuilt".into(),
            },
            vec![SelfHelp, Handling],
        ),
        (
            TicketAction::PassGate {
                gate: Gate::Test,
                note: "Passed in staging".into(),
            },
            vec![Verification],
        ),
        (
            TicketAction::Reopen {
                reason: "Still failing".into(),
            },
            vec![Verification, Closed],
        ),
    ]
}

/// The stage a ticket of `priority` can be brought to: P0/P1 never see
/// self-help, so their self-help row is checked on a P2.
fn priority_for(stage: Stage, major: bool) -> Priority {
    match (stage, major) {
        (Stage::SelfHelp, _) | (_, false) => Priority::P2,
        (_, true) => Priority::P1,
    }
}

#[test]
fn r04_r17_every_stage_and_action_pair_moves_or_says_why_not() {
    for major in [true, false] {
        for &stage in Stage::ALL {
            let priority = priority_for(stage, major);
            let case = Case::at(priority, stage);
            assert_eq!(case.ticket.stage, stage);
            for (action, allowed) in stage_bound_actions() {
                let mut tried = case.clone();
                let result = tried.try_act(action.clone());
                if allowed.contains(&stage) {
                    assert_eq!(result, Ok(()), "{action:?} in {stage} ({priority})");
                    assert_eq!(tried.ticket.version, case.ticket.version + 1);
                    let expected_stage = match action {
                        TicketAction::Reopen { .. } => Stage::Handling,
                        _ => stage,
                    };
                    assert_eq!(tried.ticket.stage, expected_stage, "{action:?}");
                } else if stage.is_open() || matches!(action, TicketAction::Reopen { .. }) {
                    assert_eq!(
                        result,
                        Err(Refusal::WrongStage { stage }),
                        "{action:?} in {stage}"
                    );
                } else {
                    assert_eq!(result, Err(Refusal::Closed), "{action:?} in {stage}");
                }
            }
        }
    }
}

#[test]
fn r04_r17_every_stage_and_move_follows_the_workflow_graph() {
    for priority in Priority::ALL {
        for &from in Stage::ALL {
            if from == Stage::SelfHelp && priority.is_major() {
                continue;
            }
            let case = Case::at(*priority, from);
            for &to in Stage::ALL {
                let mut tried = case.clone();
                let result = tried.try_act(TicketAction::MoveTo { stage: to });
                let needs = requirements(&case.ticket, &case.progress(), &case.runbook, to);
                match needs {
                    None if !from.is_open() && from != Stage::Closed => {
                        assert_eq!(result, Err(Refusal::WrongStage { stage: from }));
                    }
                    None => assert_eq!(
                        result,
                        Err(Refusal::WrongStage { stage: from }),
                        "{priority} {from} → {to}"
                    ),
                    Some(needs) if needs.is_empty() => {
                        assert_eq!(result, Ok(()), "{priority} {from} → {to}");
                        assert_eq!(tried.ticket.stage, to);
                    }
                    Some(needs) => {
                        assert_eq!(result, Err(Refusal::Blocked { to, needs }));
                        assert_eq!(tried.ticket, case.ticket, "nothing changes");
                    }
                }
                assert_eq!(
                    next_stages(from).contains(&to),
                    requirements(&case.ticket, &case.progress(), &case.runbook, to).is_some()
                );
            }
        }
    }
}

#[test]
fn r04_first_diagnosis_needs_the_verification_questions_answered() {
    let mut case = Case::at(Priority::P1, Stage::FirstDiagnosis);
    let refused = case.try_act(TicketAction::MoveTo {
        stage: Stage::DeepTroubleshooting,
    });
    let Err(Refusal::Blocked { needs, .. }) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(
        needs,
        [Requirement::Items {
            items: vec![
                "r04.symptom".into(),
                "r04.when".into(),
                "r04.environment".into(),
                "r04.changes".into()
            ]
        }]
    );
    assert_eq!(
        case.try_act(TicketAction::CheckItem {
            item: "r04.when".into(),
            answer: None
        }),
        Err(Refusal::Invalid(
            super::validation::FieldError::new(Field::Answer, Reason::Required).into()
        )),
        "a question needs its answer"
    );
    case.complete_checklist();
    case.move_to(Stage::DeepTroubleshooting);
    let ticks = &case.progress().ticks;
    assert_eq!(
        ticks["r04.when"].answer.as_deref(),
        Some("Since 9:00 on Chrome 131")
    );
    assert_eq!(ticks["r04.when"].stamp.by, "agent");
}

#[test]
fn r05_prompts_are_read_out_not_ticked() {
    let mut case = Case::at(Priority::P2, Stage::FirstDiagnosis);
    assert_eq!(
        case.try_act(TicketAction::CheckItem {
            item: "r05.button".into(),
            answer: None
        }),
        Err(Refusal::Invalid(
            super::validation::FieldError::new(Field::Item, Reason::NotAChoice).into()
        ))
    );
    assert_eq!(
        case.try_act(TicketAction::CheckItem {
            item: "no.such.item".into(),
            answer: None
        }),
        Err(Refusal::Invalid(
            super::validation::FieldError::new(Field::Item, Reason::Unknown).into()
        ))
    );
}

#[test]
fn r06_r07_p2_p3_try_self_help_and_a_failure_moves_to_deep_troubleshooting() {
    for priority in [Priority::P2, Priority::P3] {
        let mut case = Case::at(priority, Stage::FirstDiagnosis);
        case.complete_checklist();
        assert_eq!(
            case.try_act(TicketAction::MoveTo {
                stage: Stage::DeepTroubleshooting
            }),
            Err(Refusal::Blocked {
                to: Stage::DeepTroubleshooting,
                needs: vec![Requirement::SelfHelpFirst]
            })
        );
        case.move_to(Stage::SelfHelp);
        let Err(Refusal::Blocked { needs, .. }) = case.try_act(TicketAction::MoveTo {
            stage: Stage::DeepTroubleshooting,
        }) else {
            panic!("self-help failed before any check was tried");
        };
        assert!(matches!(&needs[..], [Requirement::Items { items }] if items.len() == 3));
        case.complete_checklist();
        case.move_to(Stage::DeepTroubleshooting);
        assert_eq!(case.ticket.stage, Stage::DeepTroubleshooting);
    }
}

#[test]
fn r07_p0_p1_skip_self_help() {
    for priority in [Priority::P0, Priority::P1] {
        let mut case = Case::at(priority, Stage::FirstDiagnosis);
        case.complete_checklist();
        assert_eq!(
            case.try_act(TicketAction::MoveTo {
                stage: Stage::SelfHelp
            }),
            Err(Refusal::Blocked {
                to: Stage::SelfHelp,
                needs: vec![Requirement::MajorSkipsSelfHelp]
            })
        );
        case.move_to(Stage::DeepTroubleshooting);
    }
}

#[test]
fn r07_only_the_moves_the_procedure_allows_are_offered() {
    let offered = |priority| {
        let case = Case::at(priority, Stage::FirstDiagnosis);
        offered_moves(&case.ticket, &case.progress(), &case.runbook)
            .into_iter()
            .map(|(to, _)| to)
            .collect::<Vec<_>>()
    };
    assert_eq!(offered(Priority::P0), [Stage::DeepTroubleshooting]);
    assert_eq!(offered(Priority::P1), [Stage::DeepTroubleshooting]);
    assert_eq!(offered(Priority::P2), [Stage::SelfHelp]);
    assert_eq!(offered(Priority::P3), [Stage::SelfHelp]);
    // What an offered move still needs is listed with it.
    let case = Case::at(Priority::P0, Stage::FirstDiagnosis);
    let moves = offered_moves(&case.ticket, &case.progress(), &case.runbook);
    assert!(
        matches!(&moves[0].1[..], [Requirement::Items { items }] if items.len() == 4),
        "{moves:?}"
    );
}

#[test]
fn r06_a_p3_solved_by_self_help_goes_to_verification_with_its_fix() {
    let mut case = Case::at(Priority::P3, Stage::SelfHelp);
    case.act(TicketAction::CheckItem {
        item: "r06.browser".into(),
        answer: None,
    });
    assert_eq!(
        case.try_act(TicketAction::MoveTo {
            stage: Stage::Verification
        }),
        Err(Refusal::Blocked {
            to: Stage::Verification,
            needs: vec![Requirement::Fix]
        })
    );
    case.act(TicketAction::Resolve {
        summary: "Clearing the cache fixed it".into(),
    });
    case.move_to(Stage::Verification);
    for gate in Gate::ALL {
        case.pass(*gate);
    }
    case.move_to(Stage::Closed);
    assert_eq!(case.ticket.stage, Stage::Closed);
}

#[test]
fn r08_r09_deep_troubleshooting_needs_logs_and_monitoring() {
    let mut case = Case::at(Priority::P0, Stage::DeepTroubleshooting);
    let Err(Refusal::Blocked { needs, .. }) = case.try_act(TicketAction::MoveTo {
        stage: Stage::Handling,
    }) else {
        panic!("moved without logs");
    };
    let [Requirement::Items { items }] = &needs[..] else {
        panic!("{needs:?}");
    };
    assert!(items.iter().any(|i| i.starts_with("r08.")));
    assert!(items.iter().any(|i| i.starts_with("r09.")));
    assert!(
        !items.iter().any(|i| i.starts_with("r10.")),
        "R10 lists are by fault type: not required"
    );
}

#[test]
fn r12_a_p0_p1_cannot_leave_handling_without_a_workaround_or_a_fix() {
    for priority in [Priority::P0, Priority::P1] {
        let mut case = Case::at(priority, Stage::Handling);
        assert_eq!(
            case.try_act(TicketAction::MoveTo {
                stage: Stage::Verification
            }),
            Err(Refusal::Blocked {
                to: Stage::Verification,
                needs: vec![Requirement::WorkaroundOrFix]
            })
        );
        let mut with_workaround = case.clone();
        with_workaround.act(TicketAction::WorkaroundApplied {
            description: "Switched to the standby server".into(),
        });
        with_workaround.move_to(Stage::Verification);
        case.act(TicketAction::Resolve {
            summary: "Patched the payment gateway".into(),
        });
        case.move_to(Stage::Verification);
    }
}

#[test]
fn r17_a_reopened_p0_needs_a_new_workaround_or_fix() {
    let mut case = Case::at(Priority::P0, Stage::Handling);
    case.act(TicketAction::WorkaroundApplied {
        description: "Standby gateway".into(),
    });
    case.move_to(Stage::Verification);
    case.act(TicketAction::Reopen {
        reason: "Payments fail on the standby too".into(),
    });
    assert_eq!(
        case.try_act(TicketAction::MoveTo {
            stage: Stage::Verification
        }),
        Err(Refusal::Blocked {
            to: Stage::Verification,
            needs: vec![Requirement::WorkaroundOrFix]
        })
    );
}

#[test]
fn r07_a_ticket_raised_to_p0_in_self_help_goes_on_at_once() {
    let mut case = Case::at(Priority::P2, Stage::SelfHelp);
    case.ticket.priority = Priority::P0;
    case.move_to(Stage::DeepTroubleshooting);
}

#[test]
fn r13_p2_p3_need_the_fix_not_a_workaround() {
    let mut case = Case::at(Priority::P2, Stage::Handling);
    case.act(TicketAction::WorkaroundApplied {
        description: "Export by hand".into(),
    });
    assert_eq!(
        case.try_act(TicketAction::MoveTo {
            stage: Stage::Verification
        }),
        Err(Refusal::Blocked {
            to: Stage::Verification,
            needs: vec![Requirement::Fix]
        })
    );
    // Stepping back to troubleshooting needs nothing.
    case.move_to(Stage::DeepTroubleshooting);
}

#[test]
fn r14_actions_have_an_owner_a_time_and_a_risk_plan_and_are_done_once() {
    let mut case = Case::at(Priority::P1, Stage::Handling);
    let refused = case.try_act(TicketAction::PlanAction {
        description: " ".into(),
        owner: "Not A Login".into(),
        planned_at: start(),
        risk_plan: String::new(),
    });
    let Err(Refusal::Invalid(errors)) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(errors.get(Field::Description), Some(&Reason::Required));
    assert_eq!(errors.get(Field::Owner), Some(&Reason::LoginCharacters));
    assert_eq!(errors.get(Field::RiskPlan), Some(&Reason::Required));
    case.act(owner_action());
    case.act(owner_action());
    let progress = case.progress();
    assert_eq!(
        progress.actions.iter().map(|a| a.no).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(progress.actions[0].owner, "ops.li");
    case.act(TicketAction::CompleteAction { no: 2 });
    let done = &case.progress().actions[1];
    assert_eq!(done.done.as_ref().map(|s| s.by.as_str()), Some("agent"));
    assert_eq!(
        case.try_act(TicketAction::CompleteAction { no: 2 }),
        Err(Refusal::ActionDone { no: 2 })
    );
    assert_eq!(
        case.try_act(TicketAction::CompleteAction { no: 9 }),
        Err(Refusal::Invalid(
            super::validation::FieldError::new(Field::ActionNo, Reason::Unknown).into()
        ))
    );
}

#[test]
fn r11_the_swarm_is_formed_and_changed_through_the_log() {
    let mut case = Case::at(Priority::P0, Stage::DeepTroubleshooting);
    let expert = |login: &str, role: &str| TicketAction::AddExpert {
        login: login.into(),
        role: role.into(),
    };
    case.act(expert("db.wang", "database"));
    case.act(expert("ops.li", "ops"));
    assert_eq!(
        case.try_act(expert("db.wang", "backend")),
        Err(Refusal::Invalid(
            super::validation::FieldError::new(Field::Expert, Reason::Duplicate).into()
        ))
    );
    case.act(TicketAction::RemoveExpert {
        login: "ops.li".into(),
    });
    case.act(TicketAction::Escalate {
        reason: "Card payments: needs the gateway team".into(),
    });
    assert_eq!(
        case.try_act(TicketAction::Escalate {
            reason: "again".into()
        }),
        Err(Refusal::AlreadyEscalated)
    );
    assert!(case.progress().escalated_at.is_some());
    assert_eq!(case.ticket.swarm.as_str(), "db.wang", "the queue's copy");
    let swarm = case.progress().swarm;
    assert_eq!(swarm.len(), 1);
    assert_eq!(
        (swarm[0].login.as_str(), swarm[0].role.as_str()),
        ("db.wang", "database")
    );
}

#[test]
fn r16_gates_pass_in_order_and_closing_needs_all_three() {
    let mut case = Case::at(Priority::P1, Stage::Verification);
    assert_eq!(
        case.try_act(TicketAction::MoveTo {
            stage: Stage::Closed
        }),
        Err(Refusal::Blocked {
            to: Stage::Closed,
            needs: Gate::ALL
                .iter()
                .map(|&gate| Requirement::Gate { gate })
                .collect()
        })
    );
    assert_eq!(
        case.try_act(TicketAction::PassGate {
            gate: Gate::Production,
            note: "Looks fine".into()
        }),
        Err(Refusal::GateOrder {
            gate: Gate::Production,
            before: Gate::Test
        })
    );
    case.pass(Gate::Test);
    assert_eq!(
        case.try_act(TicketAction::PassGate {
            gate: Gate::Test,
            note: "again".into()
        }),
        Err(Refusal::GatePassed { gate: Gate::Test })
    );
    case.pass(Gate::Production);
    case.pass(Gate::Reporter);
    let gates = case.progress().gates;
    assert_eq!(
        gates.iter().map(|(g, _)| *g).collect::<Vec<_>>(),
        Gate::ALL.to_vec()
    );
    case.move_to(Stage::Closed);
    assert_eq!(case.log.last().map(|e| e.change.kind()), Some("closed"));
}

#[test]
fn r17_not_fixed_reopens_to_handling_and_the_gates_start_over() {
    let mut case = Case::at(Priority::P2, Stage::Verification);
    case.pass(Gate::Test);
    case.act(TicketAction::Reopen {
        reason: "Reporter: still failing".into(),
    });
    assert_eq!(case.ticket.stage, Stage::Handling);
    let progress = case.progress();
    assert!(progress.gates.is_empty() && progress.fix.is_none());
    assert_eq!(
        case.try_act(TicketAction::MoveTo {
            stage: Stage::Verification
        }),
        Err(Refusal::Blocked {
            to: Stage::Verification,
            needs: vec![Requirement::Fix]
        })
    );
    let mut closed = Case::at(Priority::P2, Stage::Closed);
    closed.act(TicketAction::Reopen {
        reason: "It came back".into(),
    });
    assert_eq!(closed.ticket.stage, Stage::Handling);
}

#[test]
fn r19_archiving_needs_a_knowledge_article_or_a_reason_why_none_is_needed() {
    let mut case = Case::at(Priority::P2, Stage::Closed);
    assert_eq!(
        case.try_act(TicketAction::MoveTo {
            stage: Stage::Archived
        }),
        Err(Refusal::Blocked {
            to: Stage::Archived,
            needs: vec![Requirement::Knowledge]
        })
    );
    case.act(TicketAction::LinkArticle {
        article: crate::domain::knowledge::ArticleNumber::new(12).unwrap(),
    });
    assert_eq!(
        case.try_act(TicketAction::LinkArticle {
            article: crate::domain::knowledge::ArticleNumber::new(12).unwrap(),
        })
        .map_err(|r| matches!(r, Refusal::Invalid(_))),
        Err(true),
        "a ticket links an article once"
    );
    case.move_to(Stage::Archived);

    let mut reasoned = Case::at(Priority::P3, Stage::Closed);
    assert!(matches!(
        reasoned.try_act(TicketAction::NoArticleNeeded {
            reason: String::new()
        }),
        Err(Refusal::Invalid(_))
    ));
    reasoned.act(TicketAction::NoArticleNeeded {
        reason: "The reporter's own printer ran out of paper".into(),
    });
    reasoned.move_to(Stage::Archived);

    let mut open = Case::at(Priority::P3, Stage::Handling);
    assert_eq!(
        open.try_act(TicketAction::NoArticleNeeded {
            reason: "too early".into()
        }),
        Err(Refusal::WrongStage {
            stage: Stage::Handling
        })
    );
}

#[test]
fn r19_a_p0_or_p1_is_archived_once_its_review_is_done() {
    let mut case = Case::at(Priority::P1, Stage::Closed);
    case.act(TicketAction::NoArticleNeeded {
        reason: "A one-off typo in a config file".into(),
    });
    assert_eq!(
        case.try_act(TicketAction::MoveTo {
            stage: Stage::Archived
        }),
        Err(Refusal::Blocked {
            to: Stage::Archived,
            needs: vec![Requirement::Review]
        })
    );
    let TicketAction::SaveReview { review } = done_review() else {
        unreachable!()
    };
    let draft = ReviewForm {
        state: Some(ReviewState::InReview),
        ..review.clone()
    };
    case.act(TicketAction::SaveReview { review: draft });
    assert!(
        case.try_act(TicketAction::MoveTo {
            stage: Stage::Archived
        })
        .is_err(),
        "a review in review is not done"
    );
    case.act(TicketAction::SaveReview {
        review: review.clone(),
    });
    case.move_to(Stage::Archived);
    // The action items are ticked off after archiving; the review stays done.
    let mut ticked = review.clone();
    ticked.items[0].done = true;
    case.act(TicketAction::SaveReview { review: ticked });
    assert_eq!(
        case.try_act(TicketAction::SaveReview {
            review: ReviewForm {
                state: Some(ReviewState::Draft),
                ..review
            }
        })
        .map_err(|r| matches!(r, Refusal::Invalid(_))),
        Err(true),
        "an archived ticket's review stays done"
    );
}

#[test]
fn r19_only_p0_and_p1_get_a_review_and_only_once_closed() {
    let mut minor = Case::at(Priority::P2, Stage::Closed);
    assert_eq!(minor.try_act(done_review()), Err(Refusal::NoReview));
    minor.act(TicketAction::NoArticleNeeded {
        reason: "Nothing new".into(),
    });
    minor.move_to(Stage::Archived);
    let mut open = Case::at(Priority::P0, Stage::Verification);
    assert_eq!(
        open.try_act(done_review()),
        Err(Refusal::WrongStage {
            stage: Stage::Verification
        })
    );
}

#[test]
fn r19_archived_tickets_take_notes_only() {
    let mut case = Case::at(Priority::P3, Stage::Archived);
    assert_eq!(
        case.try_act(TicketAction::Reopen {
            reason: "again".into()
        }),
        Err(Refusal::WrongStage {
            stage: Stage::Archived
        })
    );
    case.act(TicketAction::Note {
        text: "Knowledge article KB-12 written".into(),
    });
}

/// Every action a walk may try: each move, each item, each gate, and the
/// records of handling.
fn every_action() -> Vec<TicketAction> {
    let mut actions: Vec<TicketAction> = Stage::ALL
        .iter()
        .map(|&stage| TicketAction::MoveTo { stage })
        .collect();
    for item in default_runbook()
        .stages
        .iter()
        .flat_map(|s| s.sections.iter().flat_map(|s| &s.items))
    {
        actions.push(TicketAction::CheckItem {
            item: item.id.clone(),
            answer: Some("An answer".into()),
        });
        actions.push(TicketAction::UncheckItem {
            item: item.id.clone(),
        });
    }
    actions.extend(Gate::ALL.iter().map(|&gate| TicketAction::PassGate {
        gate,
        note: "ok".into(),
    }));
    actions.extend([
        TicketAction::Resolve {
            summary: "Fixed".into(),
        },
        TicketAction::WorkaroundApplied {
            description: "Standby".into(),
        },
        TicketAction::Reopen {
            reason: "Not fixed".into(),
        },
        TicketAction::RootCauseFound {
            summary: "Disk full".into(),
        },
        TicketAction::NoArticleNeeded {
            reason: "Nothing new".into(),
        },
        done_review(),
    ]);
    actions
}

/// Whether an action takes the ticket on: a move to a later stage, a tick,
/// a gate, the fix or a workaround.
fn forward(from: Stage, action: &TicketAction) -> bool {
    match action {
        TicketAction::MoveTo { stage } => *stage > from,
        TicketAction::CheckItem { .. }
        | TicketAction::PassGate { .. }
        | TicketAction::Resolve { .. }
        | TicketAction::WorkaroundApplied { .. } => true,
        _ => false,
    }
}

/// A random walk through the accepted actions. At each step, a choice
/// either takes the first accepted action that goes forward, or picks any
/// accepted action by its number (backward moves, unticks, reopenings).
/// Checks the procedure's invariants on every move and returns whether the
/// walk closed the ticket.
fn walk(priority: Priority, choices: &[(bool, usize)]) -> Result<bool, TestCaseError> {
    let all = every_action();
    let mut case = Case::new(priority);
    let mut closed = false;
    for &(onward, choice) in choices {
        let accepted: Vec<(&TicketAction, Case)> = all
            .iter()
            .filter_map(|action| {
                let mut next = case.clone();
                next.try_act(action.clone()).ok().map(|()| (action, next))
            })
            .collect();
        if accepted.is_empty() {
            break;
        }
        let stage = case.ticket.stage;
        let next = accepted
            .iter()
            .find(|(action, _)| onward && forward(stage, action))
            .unwrap_or(&accepted[choice % accepted.len()])
            .1
            .clone();
        let (before, after) = (case.ticket.stage, next.ticket.stage);
        if after == Stage::Closed && before != Stage::Closed {
            let passed: Vec<Gate> = case.progress().gates.iter().map(|(g, _)| *g).collect();
            prop_assert_eq!(passed, Gate::ALL.to_vec(), "R16: closed without the gates");
            closed = true;
        }
        if after == Stage::SelfHelp {
            prop_assert!(!priority.is_major(), "R07: {} in self-help", priority);
        }
        if (before, after) == (Stage::Closed, Stage::Archived) {
            prop_assert!(
                case.progress().no_article.is_some(),
                "R19: archived without an article or a reason"
            );
            prop_assert!(
                case.progress().review_done() || !priority.is_major(),
                "R19: a {} archived without its review done",
                priority
            );
        }
        if (before, after) == (Stage::FirstDiagnosis, Stage::DeepTroubleshooting) {
            prop_assert!(priority.is_major(), "R07: {} skipped self-help", priority);
        }
        if (before, after) == (Stage::Handling, Stage::Verification) {
            let progress = case.progress();
            let major_restored = priority.is_major() && progress.workaround.is_some();
            prop_assert!(progress.fix.is_some() || major_restored, "R12/R13");
        }
        if after > before && before.is_open() && after != Stage::Verification {
            prop_assert!(
                case.progress()
                    .missing_items(&case.runbook, before)
                    .is_empty(),
                "left {} with its checklist undone",
                before
            );
        }
        case = next;
    }
    Ok(closed)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn r16_no_sequence_of_actions_closes_a_ticket_without_the_three_gates(
        priority in proptest::sample::select(Priority::ALL),
        choices in proptest::collection::vec((proptest::bool::weighted(0.7), any::<usize>()), 0..150),
    ) {
        walk(priority, &choices)?;
    }
}

#[test]
fn random_walks_do_reach_closed_so_the_property_is_not_vacuous() {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut closed = 0;
    for walk_no in 0..40 {
        let choices: Vec<(bool, usize)> = (0..150)
            .map(|_| (next() % 10 < 7, next() as usize))
            .collect();
        if walk(Priority::ALL[walk_no % 4], &choices).unwrap() {
            closed += 1;
        }
    }
    assert!(
        closed >= 10,
        "only {closed} of 40 walks closed their ticket"
    );
}
