//! A reader of a live stream's body (Server-Sent Events), for the tests and
//! the fan-out benchmark: it reads frames as they come, within a deadline,
//! and hands back whole events.

// Each user of this module takes part of it; what one leaves unused is not dead.
#![allow(dead_code)]

use http_body_util::BodyExt as _;
use hyper::body::{Body, Bytes};
use std::fmt::Debug;
use std::time::Duration;
use tokio::time::Instant;

/// One event of the stream.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// Its name (`event:`), empty for an unnamed one.
    pub name: String,
    pub id: Option<String>,
    /// Its data (`data:`).
    pub data: String,
}

impl SseEvent {
    /// The data as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.data)
            .unwrap_or_else(|e| panic!("event data is not JSON ({e}): {}", self.data))
    }

    fn parse(block: &str) -> Self {
        let mut event = SseEvent::default();
        for line in block.lines() {
            if let Some(name) = line.strip_prefix("event: ") {
                event.name = name.to_owned();
            } else if let Some(id) = line.strip_prefix("id: ") {
                event.id = Some(id.to_owned());
            } else if let Some(data) = line.strip_prefix("data: ") {
                event.data.push_str(data);
            }
        }
        event
    }
}

/// A stream being read.
pub struct EventReader<B> {
    body: B,
    /// Everything read so far.
    text: String,
    /// Where the events not yet handed back begin in `text`.
    unparsed: usize,
}

impl<B> EventReader<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Debug,
{
    /// A reader of a stream's body.
    pub fn new(body: B) -> Self {
        Self {
            body,
            text: String::new(),
            unparsed: 0,
        }
    }

    /// Everything read so far, as text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Reads the next frame, waiting until `deadline`, and returns the whole
    /// events it completed (a partial event waits for its end). Panics with
    /// what was read when the deadline passes or the stream ends.
    pub async fn read(&mut self, deadline: Instant) -> Vec<SseEvent> {
        let frame = tokio::time::timeout_at(deadline, self.body.frame())
            .await
            .unwrap_or_else(|_| panic!("the stream delivers in time; so far: {}", self.text))
            .unwrap_or_else(|| panic!("the stream stays open; so far: {}", self.text))
            .expect("a frame");
        if let Ok(data) = frame.into_data() {
            self.text.push_str(&String::from_utf8_lossy(&data));
        }
        let mut events = Vec::new();
        // Whole events end with a blank line.
        while let Some(end) = self.text[self.unparsed..].find("\n\n") {
            let block = &self.text[self.unparsed..self.unparsed + end];
            events.push(SseEvent::parse(block));
            self.unparsed += end + 2;
        }
        events
    }

    /// Reads until `done` holds for everything read so far, within `within`.
    pub async fn until(&mut self, within: Duration, done: impl Fn(&str) -> bool) -> &str {
        let deadline = Instant::now() + within;
        while !done(&self.text) {
            self.read(deadline).await;
        }
        &self.text
    }

    /// Reads until `count` events named `name` have arrived, within
    /// `within`; returns them.
    pub async fn events(&mut self, name: &str, count: usize, within: Duration) -> Vec<SseEvent> {
        let deadline = Instant::now() + within;
        let mut found = Vec::new();
        while found.len() < count {
            found.extend(
                self.read(deadline)
                    .await
                    .into_iter()
                    .filter(|e| e.name == name),
            );
        }
        found
    }

    /// Reads until the stream's first event, `ready`, has arrived: the
    /// stream is then subscribed to the feed and misses nothing written
    /// after.
    pub async fn ready(&mut self, within: Duration) -> SseEvent {
        self.events("ready", 1, within).await.remove(0)
    }

    /// The body, to keep the connection open or drop it.
    pub fn into_body(self) -> B {
        self.body
    }
}
