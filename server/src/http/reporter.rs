//! `GET /api/v1/status/{token}/events`: the live stream of a reporter's
//! status page (Server-Sent Events). The token is the only key. The stream
//! says `changed` (with no content) whenever the ticket gains an entry that
//! changes what the page shows; the page then asks for its view again,
//! through the same rules as when it opened. It carries nothing of the
//! desk's internal work, not even when it happens.

use super::client::ClientInfo;
use super::{AppState, Endpoint, Problem};
use crate::desk::{DeskError, Published};
use axum::{
    Extension,
    extract::{Path, State},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
    routing::get,
};
use firstline_app::api::{STATUS_EVENTS_PATH, StatusChanged};
use futures_util::stream;
use std::convert::Infallible;
use tokio::sync::broadcast;

pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint::new("GET", STATUS_EVENTS_PATH, get(events))]
}

async fn events(
    State(state): State<AppState>,
    Path(token): Path<String>,
    client: Option<Extension<ClientInfo>>,
) -> Result<Response, Problem> {
    let address = client.and_then(|Extension(client)| client.address);
    let Some((subscription, desk, number)) = state.desk.follow_status(&token, address).await?
    else {
        return Err(DeskError::NotFound.into());
    };
    let closing = state.desk.closing();
    let start = Event::default()
        .event(StatusChanged::READY)
        .json_data(StatusChanged {})
        .unwrap_or_default();
    let follow = stream::unfold(
        (subscription.entries, closing),
        move |(mut entries, mut closing)| async move {
            loop {
                tokio::select! {
                    published = entries.recv() => match published.as_deref() {
                        Ok(Published::Entry { desk: of, event, reporter: true })
                            if *of == desk && event.number == number => break,
                        Ok(_) => continue,
                        // Fell behind: something may have changed.
                        Err(broadcast::error::RecvError::Lagged(_)) => break,
                        Err(broadcast::error::RecvError::Closed) => return None,
                    },
                    _ = closing.wait_for(|closing| *closing) => return None,
                }
            }
            let changed = Event::default()
                .event(StatusChanged::EVENT)
                .json_data(StatusChanged {})
                .unwrap_or_default();
            Some((Ok::<_, Infallible>(changed), (entries, closing)))
        },
    );
    let stream = futures_util::StreamExt::chain(
        stream::once(async move { Ok::<_, Infallible>(start) }),
        follow,
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}
