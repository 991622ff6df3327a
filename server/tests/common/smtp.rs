//! A small SMTP server on loopback for the tests: it speaks the protocol
//! (greeting, EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) to a real client,
//! keeps every message it accepts, and can be told to answer a number of
//! messages with a temporary or permanent refusal, or to hang.
//!
//! Each test binary uses part of it.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// One message the sink accepted.
#[derive(Clone, Debug)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent after DATA, with CRLF line ends.
    pub data: String,
}

impl Received {
    /// The decoded text of the message's part of this content type.
    pub fn part(&self, content_type: &str) -> String {
        use base64::Engine as _;
        let at = self
            .data
            .find(&format!("Content-Type: {content_type}"))
            .unwrap_or_else(|| panic!("no {content_type} part in {}", self.data));
        let rest = &self.data[at..];
        let (head, body) = rest.split_once("\r\n\r\n").expect("a part body");
        let body = body.split("\r\n--").next().unwrap();
        if head.contains("Content-Transfer-Encoding: base64") {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(body.replace("\r\n", ""))
                .unwrap();
            String::from_utf8(bytes).unwrap()
        } else if head.contains("Content-Transfer-Encoding: quoted-printable") {
            quoted_printable(body)
        } else {
            body.to_owned()
        }
    }

    /// A header's value (the first of that name), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(v) = value.as_mut()
                && (line.starts_with(' ') || line.starts_with('\t'))
            {
                v.push(' ');
                v.push_str(line.trim());
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((n, v)) = line.split_once(':')
                && n.eq_ignore_ascii_case(name)
            {
                value = Some(v.trim().to_owned());
            }
        }
        value
    }
}

/// What the sink answers at the end of DATA.
#[derive(Clone, Debug)]
enum Mood {
    Accept,
    /// Refuse the next `n` messages with this reply.
    Refuse(u32, &'static str),
    /// Greet, then say nothing more.
    Hang,
}

#[derive(Debug)]
struct State {
    received: Vec<Received>,
    mood: Mood,
    /// Connections accepted so far.
    connections: usize,
}

/// The running sink.
#[derive(Clone, Debug)]
pub struct SmtpSink {
    pub port: u16,
    state: Arc<Mutex<State>>,
    arrived: Arc<Notify>,
}

impl SmtpSink {
    /// Starts a sink on a free loopback port.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let port = listener.local_addr().unwrap().port();
        let sink = Self {
            port,
            state: Arc::new(Mutex::new(State {
                received: Vec::new(),
                mood: Mood::Accept,
                connections: 0,
            })),
            arrived: Arc::new(Notify::new()),
        };
        let serving = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let sink = serving.clone();
                tokio::spawn(async move {
                    let _ = sink.converse(stream).await;
                });
            }
        });
        sink
    }

    /// `smtp://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Refuses the next `count` messages with `reply` (such as
    /// `451 4.3.0 Try again later`).
    pub fn refuse(&self, count: u32, reply: &'static str) {
        self.state.lock().unwrap().mood = Mood::Refuse(count, reply);
    }

    /// Greets every new connection, then never answers again.
    pub fn hang(&self) {
        self.state.lock().unwrap().mood = Mood::Hang;
    }

    /// How many connections clients have opened so far.
    pub fn connections(&self) -> usize {
        self.state.lock().unwrap().connections
    }

    /// The messages accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// Waits until at least `count` messages have arrived; all of them.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let arrived = self.arrived.notified();
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                tokio::time::timeout_at(deadline, arrived).await.is_ok(),
                "{count} messages arrive within {within:?}; {} did",
                received.len()
            );
        }
    }

    async fn converse(&self, stream: TcpStream) -> std::io::Result<()> {
        self.state.lock().unwrap().connections += 1;
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        write.write_all(b"220 sink.test ESMTP\r\n").await?;
        if matches!(self.state.lock().unwrap().mood, Mood::Hang) {
            // Hold the connection open and say nothing.
            let mut line = String::new();
            while lines.read_line(&mut line).await? > 0 {
                line.clear();
            }
            return Ok(());
        }
        let (mut from, mut to) = (String::new(), Vec::new());
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_owned();
            let verb = command
                .split([' ', ':'])
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase();
            let reply: String = match verb.as_str() {
                "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8".into(),
                "HELO" => "250 sink.test".into(),
                "MAIL" => {
                    from = address(&command);
                    to.clear();
                    "250 2.1.0 Ok".into()
                }
                "RCPT" => {
                    to.push(address(&command));
                    "250 2.1.5 Ok".into()
                }
                "DATA" => {
                    write
                        .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                        .await?;
                    let mut data = String::new();
                    loop {
                        let mut chunk = String::new();
                        if lines.read_line(&mut chunk).await? == 0 {
                            return Ok(());
                        }
                        if chunk == ".\r\n" {
                            break;
                        }
                        let chunk = chunk.strip_prefix('.').unwrap_or(&chunk);
                        data.push_str(chunk);
                    }
                    self.end_of_data(Received {
                        from: from.clone(),
                        to: to.clone(),
                        data,
                    })
                }
                "RSET" => "250 2.0.0 Ok".into(),
                "NOOP" => "250 2.0.0 Ok".into(),
                "QUIT" => {
                    write.write_all(b"221 2.0.0 Bye\r\n").await?;
                    return Ok(());
                }
                _ => "502 5.5.2 Command not recognized".into(),
            };
            write.write_all(format!("{reply}\r\n").as_bytes()).await?;
        }
    }

    /// Keeps or refuses a message, by the sink's mood.
    fn end_of_data(&self, message: Received) -> String {
        let mut state = self.state.lock().unwrap();
        if let Mood::Refuse(count, reply) = state.mood.clone()
            && count > 0
        {
            state.mood = if count > 1 {
                Mood::Refuse(count - 1, reply)
            } else {
                Mood::Accept
            };
            return reply.to_owned();
        }
        state.received.push(message);
        drop(state);
        self.arrived.notify_waiters();
        "250 2.0.0 Ok: queued".into()
    }
}

/// The address of `MAIL FROM:<a>` or `RCPT TO:<a>`.
fn address(command: &str) -> String {
    let start = command.find('<').map_or(0, |i| i + 1);
    let end = command[start..]
        .find('>')
        .map_or(command.len(), |i| start + i);
    command[start..end].to_owned()
}

/// Quoted-printable decoded (RFC 2045).
fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
