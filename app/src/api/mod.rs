//! Server functions: the typed calls the browser makes to the desk.
//!
//! Each function takes one input and returns a view type or an [`AppError`].
//! Under `ssr` the bodies resolve the [`Actor`](crate::domain::Actor) and the
//! [`DeskApi`] from context and call it; they hold no SQL and no rules.

mod accounts;
mod documents;
mod error;
mod intake;
mod knowledge;
mod listing;
mod live;
mod paths;
mod policy;
mod queue;
mod reporter;
mod review;
mod runbook;
mod search;
mod session;
#[cfg(feature = "ssr")]
mod ssr;
mod team;
mod ticket;
mod tokens;
mod training;
mod wall;

pub use accounts::{
    ApiTokenInfo, AuditEntry, DisplayTokenInfo, IssuedToken, Me, NewUserDraft, UserChange,
};
pub use documents::{DocumentView, VersionRecord};
pub use error::AppError;
pub use intake::{IntakeSetup, RegisterTicket, load_intake, register_ticket};
pub use knowledge::{
    ArticleList, ArticleView, DraftArticle, KB_PAGE, KB_PATH, LoadArticle, LoadArticles,
    SaveArticle, draft_article, load_article, load_articles, save_article,
};
pub use listing::{LIST_PAGE, LIST_PATH, LoadTicketList, TicketListView, load_ticket_list};
pub use live::{EVENTS_PATH, LiveEvent, PresenceChanged, Ready, Topic};
pub use paths::local_path;
pub use policy::{
    LoadPolicy, MAX_ZONE_TABLES, PolicyDraft, PolicyRecord, PolicyView, SavePolicy, ZoneTables,
    load_policy, save_policy, zone_tables,
};
pub use queue::{LoadQueue, QueueLimit, QueueRow, QueueView, load_queue};
pub use reporter::{
    AnswerStatus, AnswerSurvey, IssueStatusLink, LoadStatus, OpenSurvey, STATUS_EVENTS_PATH,
    STATUS_PATH, StatusChanged, StatusLinkInfo, StatusView, answer_status, answer_survey,
    issue_status_link, load_status, status_events_path,
};
pub use review::{
    LoadReviews, OpenActionItem, PendingReview, REVIEWS_PAGE, REVIEWS_PATH, ReviewBoard,
    RunbookProposal, load_reviews,
};
pub use runbook::{
    LoadRunbook, RunbookDraft, RunbookRecord, RunbookView, SaveRunbook, load_runbook, save_runbook,
};
pub use search::{
    Found, MAX_SEARCH_RESULTS, SEARCH_PATH, SEARCH_RESULTS, Search, SearchResult, SearchView,
    SimilarCase, SimilarCases, search, search_limit, similar_cases,
};
pub use session::{LoadMe, ServerTime, SignIn, SignOut, load_me, server_time, sign_in, sign_out};
#[cfg(feature = "ssr")]
pub use ssr::DeskApi;
pub use team::{
    ChangeUser, CreateUser, EndSessions, LoadTeam, change_user, create_user, end_sessions,
    load_team,
};
pub use ticket::{
    ActOnTicket, LoadTicket, PRESENCE_BEAT_SECONDS, Presence, TicketPresence, TicketView, Viewer,
    act_on_ticket, load_ticket, ticket_presence,
};
pub use tokens::{
    CreateApiToken, CreateDisplayToken, LoadApiTokens, LoadAuditLog, LoadDisplayTokens,
    RevokeApiToken, RevokeDisplayToken, create_api_token, create_display_token, load_api_tokens,
    load_audit_log, load_display_tokens, revoke_api_token, revoke_display_token,
};
pub use training::{SCENARIOS_PATH, ScenarioDraft, ScenarioRecord, ScenarioSummary};
pub use wall::{DayFigures, LoadWall, Resolution, WallLane, WallView, load_wall, standing};
