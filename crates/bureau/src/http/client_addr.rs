//! Who is at the other end: the peer's address, or, when the peer is one of the configured
//! trusted proxies (`trusted_proxies`), the address the proxies recorded in `X-Forwarded-For`
//! (the right-most one that is not itself a trusted proxy). Without trusted proxies the header
//! is ignored, so a client cannot choose its own address.

use std::{
    convert::Infallible,
    net::{IpAddr, Ipv6Addr, SocketAddr},
};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};

use crate::app::AppState;

/// An address or a network (`10.0.0.0/8`, `fd00::/8`, `127.0.0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    addr: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Parses `ADDR` or `ADDR/PREFIX`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let err = || format!("invalid address or network '{raw}' (use e.g. 10.0.0.0/8 or ::1)");
        let (addr, prefix) = match raw.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (raw, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| err())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse().ok().filter(|p| *p <= max).ok_or_else(err)?,
            None => max,
        };
        Ok(Self { addr, prefix })
    }

    /// Parses a comma-separated list (empty: none).
    pub fn parse_list(raw: &str) -> Result<Vec<Self>, String> {
        raw.split(',')
            .filter(|s| !s.trim().is_empty())
            .map(Self::parse)
            .collect()
    }

    /// Whether `ip` lies in the range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let bits = |ip: IpAddr| -> u128 {
            match ip {
                IpAddr::V4(v4) => u128::from(u32::from(v4)) << 96,
                IpAddr::V6(v6) => u128::from(v6),
            }
        };
        let ip = canonical(ip);
        if ip.is_ipv4() != self.addr.is_ipv4() {
            return false;
        }
        let (width, offset) = if self.addr.is_ipv4() {
            (32, 96)
        } else {
            (128, 0)
        };
        let mask = u128::MAX
            .checked_shl(u32::from(width - self.prefix))
            .map_or(0, |m| m << offset);
        bits(ip) & mask == bits(self.addr) & mask
    }
}

/// An IPv4 address in IPv6 clothing (`::ffff:a.b.c.d`, from a dual-stack listener) as IPv4.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address, when the server knows its peer (always, outside in-process tests).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    /// The client's address from its peer address, the `X-Forwarded-For` values and the
    /// trusted proxies.
    pub fn resolve(peer: IpAddr, forwarded: &[&str], trusted: &[IpRange]) -> IpAddr {
        let is_trusted = |ip: IpAddr| trusted.iter().any(|r| r.contains(ip));
        let mut client = canonical(peer);
        if !is_trusted(client) {
            return client;
        }
        let hops = forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rev();
        for hop in hops {
            match hop.parse::<IpAddr>() {
                Ok(ip) => {
                    client = canonical(ip);
                    if !is_trusted(client) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        client
    }

    /// The address as a key for per-client limits: IPv4 as it is, IPv6 by its /64 network
    /// (one subscriber's usual allocation).
    pub fn key(self) -> Option<String> {
        self.0.map(|ip| match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let network = u128::from(v6) & (u128::MAX << 64);
                format!("{}/64", Ipv6Addr::from(network))
            }
        })
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Infallible> {
        let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
            return Ok(Self(None));
        };
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let trusted = &app.config.trusted_proxies;
        Ok(Self(Some(Self::resolve(peer.ip(), &forwarded, trusted))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_parse_and_match() {
        let net = IpRange::parse("10.0.0.0/8").unwrap();
        assert!(net.contains(ip("10.200.3.4")));
        assert!(net.contains(ip("::ffff:10.0.0.1")));
        assert!(!net.contains(ip("11.0.0.1")));
        assert!(!net.contains(ip("::1")));
        let one = IpRange::parse(" 127.0.0.1 ").unwrap();
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        let v6 = IpRange::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!(IpRange::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        for bad in ["", "10.0.0.0/33", "::/129", "host", "10.0.0.0/x"] {
            assert!(IpRange::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(IpRange::parse_list(" ").unwrap(), []);
        assert_eq!(IpRange::parse_list("::1, 10.0.0.0/8").unwrap().len(), 2);
    }

    #[test]
    fn forwarded_for_counts_only_behind_trusted_proxies() {
        let proxies = IpRange::parse_list("10.0.0.0/8").unwrap();
        let resolve = |peer: &str, fwd: &[&str]| ClientAddr::resolve(ip(peer), fwd, &proxies);
        assert_eq!(resolve("203.0.113.9", &["1.2.3.4"]), ip("203.0.113.9"));
        assert_eq!(resolve("10.0.0.2", &["1.2.3.4"]), ip("1.2.3.4"));
        // A client-supplied first value is skipped: the proxy appended the real peer.
        assert_eq!(
            resolve("10.0.0.2", &["6.6.6.6, 1.2.3.4, 10.0.0.7"]),
            ip("1.2.3.4")
        );
        assert_eq!(resolve("10.0.0.2", &["6.6.6.6", "1.2.3.4"]), ip("1.2.3.4"));
        assert_eq!(resolve("10.0.0.2", &[]), ip("10.0.0.2"));
        assert_eq!(resolve("10.0.0.2", &["garbage"]), ip("10.0.0.2"));
        assert_eq!(resolve("::ffff:203.0.113.9", &[]), ip("203.0.113.9"));
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64() {
        let key = |s: &str| ClientAddr(Some(ip(s))).key().unwrap();
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:bbbb::2"));
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(key("192.0.2.1"), "192.0.2.1");
    }
}
