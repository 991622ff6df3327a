//! Who is on the other end of a request, and through which site: the
//! client's address, the scheme and the host the browser used.
//!
//! Firstline serves plain HTTP. Behind a reverse proxy that ends TLS, the
//! connection comes from the proxy, and the proxy says in `Forwarded` (or
//! `X-Forwarded-For`, `-Proto` and `-Host`) who the client is and which
//! site it asked for. Those headers are anyone's to write, so they are read
//! only when the connection comes from an address of `--trusted-proxies`;
//! otherwise the peer is the client, the scheme is `http`, and the host is
//! the request's `Host`. The audit log, the sign-in throttle, rate limits
//! and the cross-site check all read the result, [`ClientInfo`].

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use firstline_app::domain::audit::UNKNOWN_ADDRESS;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

/// A block of addresses, such as `10.0.0.0/8` or `::1/128`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Whether the block holds an address.
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.network, canonical(address)) {
            (IpAddr::V4(net), IpAddr::V4(addr)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(addr) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(addr)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(addr) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address seen through IPv6 (`::ffff:10.0.0.1`) as the IPv4 one.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

impl FromStr for Cidr {
    type Err = String;

    /// `address/prefix`, or a lone address (the block of just it).
    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network = canonical(
            address
                .parse::<IpAddr>()
                .map_err(|_| format!("{text:?} is not an address or a block like 10.0.0.0/8"))?,
        );
        let most = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= most)
                .ok_or_else(|| format!("{text:?}: the prefix must be 0 to {most}"))?,
            None => most,
        };
        Ok(Self { network, prefix })
    }
}

/// The proxies whose forwarding headers are believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// The proxies of these blocks.
    pub fn new(blocks: Vec<Cidr>) -> Self {
        Self(blocks)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|block| block.contains(address))
    }

    /// Who a request with these headers, from `peer`, comes from.
    pub fn resolve(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> ClientInfo {
        let host = header_text(headers, header::HOST).map(str::to_owned);
        let direct = ClientInfo {
            address: peer.map(canonical),
            scheme: Scheme::Http,
            host: host.clone(),
        };
        let Some(peer) = peer.filter(|peer| self.trusts(*peer)) else {
            return direct;
        };
        let forwarded = Forwarded::read(headers);
        // The hops the proxies wrote, nearest last, then the proxy itself:
        // the client is the nearest hop that is not a trusted proxy.
        let mut chain = forwarded.hops;
        chain.push(peer);
        let address = chain
            .iter()
            .rev()
            .find(|hop| !self.trusts(**hop))
            .or(chain.first())
            .copied()
            .map(canonical);
        ClientInfo {
            address,
            scheme: forwarded.scheme.unwrap_or(Scheme::Http),
            host: forwarded.host.or(host),
        }
    }
}

/// The scheme the browser used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    /// As in a URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "http" => Some(Scheme::Http),
            "https" => Some(Scheme::Https),
            _ => None,
        }
    }
}

/// Who a request comes from and which site it asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientInfo {
    /// The client's address; unknown when the server was not told the peer.
    pub address: Option<IpAddr>,
    pub scheme: Scheme,
    /// `host[:port]` as the browser addressed it.
    pub host: Option<String>,
}

impl ClientInfo {
    /// The address as the audit log and the throttle write it.
    pub fn address_text(&self) -> String {
        self.address
            .map_or_else(|| UNKNOWN_ADDRESS.to_owned(), |a| a.to_string())
    }

    /// `scheme://host[:port]`: the origin a page of this site has in the
    /// browser.
    pub fn origin(&self) -> Option<String> {
        self.host
            .as_ref()
            .map(|host| format!("{}://{host}", self.scheme.as_str()))
    }
}

/// What the forwarding headers say.
#[derive(Debug, Default)]
struct Forwarded {
    /// The addresses each proxy saw, the client's first.
    hops: Vec<IpAddr>,
    scheme: Option<Scheme>,
    host: Option<String>,
}

impl Forwarded {
    /// `Forwarded` (RFC 7239) if present, else the `X-Forwarded-*` headers.
    /// A hop that is not an address (`unknown`, an obfuscated name) ends
    /// the chain there: nothing before it can be placed.
    fn read(headers: &HeaderMap) -> Self {
        let standard: Vec<&str> = headers
            .get_all(header::FORWARDED)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        if !standard.is_empty() {
            let mut read = Forwarded::default();
            for element in standard {
                for pair in element.split(';') {
                    let Some((name, value)) = pair.split_once('=') else {
                        continue;
                    };
                    let value = value.trim().trim_matches('"');
                    match name.trim().to_ascii_lowercase().as_str() {
                        "for" => match forwarded_address(value) {
                            Some(address) => read.hops.push(address),
                            None => read.hops.clear(),
                        },
                        "proto" => read.scheme = read.scheme.or(Scheme::parse(value)),
                        "host" => read.host = read.host.take().or(Some(value.to_owned())),
                        _ => {}
                    }
                }
            }
            return read;
        }
        let mut hops = Vec::new();
        for hop in headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
        {
            match forwarded_address(hop.trim()) {
                Some(address) => hops.push(address),
                None => hops.clear(),
            }
        }
        let first = |name: &str| {
            header_text(headers, name)
                .and_then(|v| v.split(',').next())
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        Forwarded {
            hops,
            scheme: first("x-forwarded-proto").and_then(Scheme::parse),
            host: first("x-forwarded-host").map(str::to_owned),
        }
    }
}

/// An address as a forwarding header writes it: `192.0.2.1`,
/// `192.0.2.1:4711`, `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn forwarded_address(text: &str) -> Option<IpAddr> {
    if let Ok(address) = text.parse::<IpAddr>() {
        return Some(address);
    }
    if let Ok(socket) = text.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    text.strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(address, _)| address.parse().ok())
}

fn header_text(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Works out each request's [`ClientInfo`] and keeps it in the request.
pub async fn resolve(
    trusted: axum::extract::State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let client = trusted.resolve(peer, request.headers());
    request.extensions_mut().insert(client);
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                    HeaderValue::from_str(v).unwrap(),
                )
            })
            .collect()
    }

    fn proxies(blocks: &[&str]) -> TrustedProxies {
        TrustedProxies::new(blocks.iter().map(|b| b.parse().unwrap()).collect())
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn blocks_hold_their_addresses_and_no_others() {
        let block: Cidr = "10.0.0.0/8".parse().unwrap();
        assert!(block.contains(ip("10.200.0.1")));
        assert!(block.contains(ip("::ffff:10.0.0.1")));
        assert!(!block.contains(ip("11.0.0.1")));
        let single: Cidr = "::1".parse().unwrap();
        assert!(single.contains(ip("::1")));
        assert!(!single.contains(ip("::2")));
        let everything: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(everything.contains(ip("203.0.113.5")));
        for bad in ["10.0.0.0/33", "ten/8", "10.0.0.0/x", ""] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let claims = headers(&[
            ("host", "desk.example:3000"),
            ("x-forwarded-for", "203.0.113.7"),
            ("x-forwarded-proto", "https"),
            (
                "forwarded",
                "for=198.51.100.1;proto=https;host=evil.example",
            ),
        ]);
        let client = proxies(&["10.0.0.0/8"]).resolve(Some(ip("192.0.2.9")), &claims);
        assert_eq!(client.address, Some(ip("192.0.2.9")));
        assert_eq!(client.origin().as_deref(), Some("http://desk.example:3000"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client_the_scheme_and_the_host() {
        let sent = headers(&[
            ("host", "127.0.0.1:3000"),
            ("x-forwarded-for", "203.0.113.7, 10.0.0.2"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "desk.example"),
        ]);
        let client = proxies(&["10.0.0.0/8", "127.0.0.1"]).resolve(Some(ip("127.0.0.1")), &sent);
        assert_eq!(client.address, Some(ip("203.0.113.7")));
        assert_eq!(client.origin().as_deref(), Some("https://desk.example"));
    }

    #[test]
    fn a_client_cannot_hide_behind_an_address_it_wrote_itself() {
        // The client wrote a first hop; the trusted proxy appended the real one.
        let sent = headers(&[("x-forwarded-for", "10.9.9.9, 198.51.100.4")]);
        let client = proxies(&["10.0.0.0/8"]).resolve(Some(ip("10.0.0.1")), &sent);
        assert_eq!(client.address, Some(ip("198.51.100.4")));
    }

    #[test]
    fn the_standard_header_is_read_with_quoted_and_bracketed_addresses() {
        let sent = headers(&[(
            "forwarded",
            r#"for="[2001:db8::7]:4711";proto=https;host=desk.example, for=10.0.0.3"#,
        )]);
        let client = proxies(&["10.0.0.0/8"]).resolve(Some(ip("10.0.0.1")), &sent);
        assert_eq!(client.address, Some(ip("2001:db8::7")));
        assert_eq!(client.scheme, Scheme::Https);
        assert_eq!(client.host.as_deref(), Some("desk.example"));
    }
}
