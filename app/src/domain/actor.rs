//! Who is acting: every request to the desk is made by an [`Actor`], and the
//! desk service asks [`Actor::may`] before it does anything.

use super::account::{DisplayId, UserId};
use super::ids::DeskId;
use super::priority::named_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum! {
    /// What a person may do at the desk.
    Role {
        /// Handles tickets.
        Agent => "agent",
        /// An agent who also edits policy and runbooks, forms swarms, sees
        /// reports and manages trainees.
        Lead => "lead",
        /// Works only in their own sandbox desk.
        Trainee => "trainee",
        /// Manages users and settings.
        Admin => "admin",
    }
}

/// Who is behind a request: a person signed in, a person's API token, or a
/// wall display showing the desk with a read-only token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Caller {
    /// A person signed in with their password (a session).
    User {
        id: UserId,
        role: Role,
    },
    /// A person's API token: it acts as them, except that it cannot manage
    /// tokens, so a token never mints another that outlives its revocation.
    Token {
        id: UserId,
        role: Role,
    },
    Display {
        id: DisplayId,
    },
}

/// The caller, the name written into the operation log, and the desk every
/// query of the request is scoped to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub caller: Caller,
    pub name: String,
    pub desk: DeskId,
}

/// Something an actor may or may not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See the desk's open tickets.
    ViewQueue,
    /// Watch the wall display: the desk's lanes, swarms and figures.
    ViewWall,
    /// Open one ticket with its log.
    ViewTicket,
    /// Register a fault.
    RegisterTicket,
    /// Change a ticket (classification, stage, actions).
    ChangeTicket,
    /// List the team's accounts.
    ViewTeam,
    /// Create an account with this role, or give an account this role, or
    /// switch an account of this role on or off.
    ManageAccount { role: Role },
    /// End every session of a user.
    EndSessions,
    /// Create and revoke wall display tokens.
    ManageDisplays,
    /// Read the audit log.
    ViewAudit,
    /// Edit the SLA policy and apply its versions to tickets.
    EditPolicy,
    /// Edit the runbook: the stages' checklists.
    EditRunbook,
    /// Call experts into a ticket's swarm and let them go (R11).
    FormSwarm,
    /// Create and revoke one's own API tokens: people who handle tickets,
    /// signed in (not through a token). Administrators work in the browser
    /// and hold no tokens.
    ManageOwnTokens,
    /// Run the SLA engine on events one supplies (the evaluation interface).
    EvaluateClocks,
    /// Revoke a reporter's status link and issue a fresh one.
    RenewStatusLink,
    /// Draft and edit knowledge articles (R19).
    WriteArticle,
    /// Publish a knowledge article (R19).
    PublishArticle,
    /// Sign a post-incident review off, and follow the desk's open reviews
    /// and action items (R19).
    LeadReviews,
    /// Read the training scenarios.
    ViewScenarios,
    /// Write, import and edit training scenarios.
    EditScenarios,
}

impl Actor {
    /// The person's role; `None` for a display.
    pub fn role(&self) -> Option<Role> {
        match self.caller {
            Caller::User { role, .. } | Caller::Token { role, .. } => Some(role),
            Caller::Display { .. } => None,
        }
    }

    /// The signed-in person, if any.
    pub fn user(&self) -> Option<UserId> {
        match self.caller {
            Caller::User { id, .. } | Caller::Token { id, .. } => Some(id),
            Caller::Display { .. } => None,
        }
    }

    /// The access rules, in one place. The desk service asks before every
    /// operation; the UI asks only to hide what would be refused.
    pub fn may(&self, action: Action) -> bool {
        use Action::*;
        use Role::*;
        let Some(role) = self.role() else {
            // A display token shows the wall (and reads the queue for it),
            // and nothing else.
            return matches!(action, ViewQueue | ViewWall);
        };
        match action {
            // Tickets are for the people who handle them; a trainee handles
            // the tickets of their own sandbox (the actor's desk).
            ViewQueue | ViewTicket | RegisterTicket | ChangeTicket | WriteArticle => {
                matches!(role, Agent | Lead | Trainee)
            }
            // Anyone who handles tickets may train.
            ViewScenarios => matches!(role, Agent | Lead | Trainee),
            ViewTeam | EndSessions => matches!(role, Lead | Admin),
            // Admins manage every account; leads manage trainees.
            ManageAccount { role: target } => role == Admin || (role == Lead && target == Trainee),
            ManageDisplays | EditPolicy | EditRunbook | FormSwarm | ViewWall | RenewStatusLink
            | PublishArticle | LeadReviews | EditScenarios => role == Lead,
            ViewAudit => role == Admin,
            ManageOwnTokens => {
                matches!(self.caller, Caller::User { .. }) && matches!(role, Agent | Lead | Trainee)
            }
            EvaluateClocks => true,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(role: Role) -> Actor {
        Actor {
            caller: Caller::User {
                id: UserId(1),
                role,
            },
            name: "someone".into(),
            desk: DeskId::PRODUCTION,
        }
    }

    fn display() -> Actor {
        Actor {
            caller: Caller::Display { id: DisplayId(1) },
            name: "Wall".into(),
            desk: DeskId::PRODUCTION,
        }
    }

    #[test]
    fn a_token_acts_as_its_owner_but_manages_no_tokens() {
        let token = Actor {
            caller: Caller::Token {
                id: UserId(1),
                role: Role::Agent,
            },
            ..person(Role::Agent)
        };
        assert!(token.may(Action::ChangeTicket));
        assert_eq!(token.user(), Some(UserId(1)));
        assert!(!token.may(Action::ManageOwnTokens));
        assert!(person(Role::Agent).may(Action::ManageOwnTokens));
        assert!(!person(Role::Admin).may(Action::ManageOwnTokens));
    }

    const TICKETS: [Action; 4] = [
        Action::ViewQueue,
        Action::ViewTicket,
        Action::RegisterTicket,
        Action::ChangeTicket,
    ];

    #[test]
    fn agents_leads_and_trainees_handle_tickets_and_admins_do_not() {
        for action in TICKETS {
            for role in [Role::Agent, Role::Lead, Role::Trainee] {
                assert!(person(role).may(action), "{role} {action:?}");
            }
            assert!(!person(Role::Admin).may(action), "admin {action:?}");
        }
    }

    #[test]
    fn a_display_only_reads_the_queue_and_the_wall() {
        assert!(display().may(Action::ViewQueue));
        assert!(display().may(Action::ViewWall));
        for action in [
            Action::ViewTicket,
            Action::RegisterTicket,
            Action::ChangeTicket,
            Action::ViewTeam,
            Action::ManageOwnTokens,
        ] {
            assert!(!display().may(action), "{action:?}");
        }
    }

    #[test]
    fn only_leads_and_displays_watch_the_wall() {
        for role in Role::ALL {
            assert_eq!(
                person(*role).may(Action::ViewWall),
                *role == Role::Lead,
                "{role}"
            );
        }
    }

    #[test]
    fn admins_manage_every_account_and_leads_only_trainees() {
        for target in Role::ALL {
            assert!(person(Role::Admin).may(Action::ManageAccount { role: *target }));
            assert_eq!(
                person(Role::Lead).may(Action::ManageAccount { role: *target }),
                *target == Role::Trainee
            );
            assert!(!person(Role::Agent).may(Action::ManageAccount { role: *target }));
            assert!(!person(Role::Trainee).may(Action::ManageAccount { role: *target }));
        }
    }

    #[test]
    fn leads_and_admins_see_the_team_and_end_sessions() {
        for role in Role::ALL {
            let expected = matches!(role, Role::Lead | Role::Admin);
            assert_eq!(person(*role).may(Action::ViewTeam), expected, "{role}");
            assert_eq!(person(*role).may(Action::EndSessions), expected, "{role}");
        }
    }

    #[test]
    fn only_leads_manage_displays_and_only_admins_read_the_audit_log() {
        for role in Role::ALL {
            assert_eq!(
                person(*role).may(Action::ManageDisplays),
                *role == Role::Lead
            );
            assert_eq!(person(*role).may(Action::ViewAudit), *role == Role::Admin);
            assert_eq!(
                person(*role).may(Action::ManageOwnTokens),
                *role != Role::Admin
            );
        }
    }
}
