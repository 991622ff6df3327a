//! The ticket list (`/tickets`): every ticket of the desk, open, closed or
//! archived, with the filters of its address, a page at a time.

use super::{AppError, QueueRow};
use crate::domain::listing::ListParams;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The list page's path.
pub const LIST_PATH: &str = "/tickets";

/// How many tickets a page of the list shows.
pub const LIST_PAGE: u32 = 50;

/// One page of the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketListView {
    pub server_now: DateTime<Utc>,
    /// The desk's offset from UTC in seconds: times are shown in it.
    pub utc_offset: i32,
    #[serde(rename = "tickets")]
    pub rows: Vec<QueueRow>,
    /// The `after` of the next page; none on the last.
    pub next: Option<String>,
}

/// Loads a page of the list.
#[server(prefix = "/api", endpoint = "tickets/list")]
pub async fn load_ticket_list(params: ListParams) -> Result<TicketListView, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    super::ssr::respond(desk.ticket_list(&actor, params).await)
}
