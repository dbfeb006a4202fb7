//! DNS answers for a Document Server reached at its public address. When Bureau reaches the
//! Document Server through `docs_url` itself (no `docs_internal_url`) and that address is a
//! public-looking name (`docs.example.org`, not `localhost`, `onlyoffice` or `*.internal`), the
//! name must resolve to public addresses only: a loopback, private, link-local or otherwise
//! internal answer (DNS rebinding, a poisoned record) is refused before any connection, and
//! the connection goes to exactly the addresses checked. A deployment that reaches the Document
//! Server on an internal network says so with `docs_internal_url` (an address or internal name),
//! which is trusted as configured.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use url::{Host, Url};

use crate::config::DocsConfig;

/// Top-level labels of names that are internal by convention (RFC 6761, RFC 6762, RFC 8375 and
/// common private zones).
const INTERNAL_TLDS: [&str; 12] = [
    "localhost",
    "local",
    "internal",
    "intranet",
    "lan",
    "home",
    "corp",
    "private",
    "localdomain",
    "test",
    "invalid",
    "arpa",
];

/// Why a Document Server address was refused.
#[derive(Debug, thiserror::Error)]
#[error(
    "ONLYOFFICE Docs at its public name {host} resolved to {addr}, which is not a public \
     address: refused (if Bureau really reaches it on an internal network, set \
     BUREAU_DOCS_INTERNAL_URL to that address)"
)]
pub struct NotPublic {
    /// The name looked up.
    pub host: String,
    /// The first internal address it resolved to.
    pub addr: IpAddr,
}

/// The name to check when Bureau reaches the Document Server at a public-looking name through
/// its public URL; `None` when the configured address is trusted as it is.
pub fn guarded_name(docs: &DocsConfig) -> Option<&str> {
    if docs.internal_url != docs.url {
        return None;
    }
    match docs.internal_url.host()? {
        Host::Domain(name) if is_public_name(name) => Some(name),
        _ => None,
    }
}

/// Whether a host name looks public: at least two labels, and a top-level label that is not
/// one of the internal conventions.
pub fn is_public_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    match name.rsplit_once('.') {
        Some((_, tld)) => !tld.is_empty() && !INTERNAL_TLDS.contains(&tld),
        None => false,
    }
}

/// Resolves `url`'s host and checks every answer is a public address; the addresses to
/// connect to.
pub async fn resolve_public(url: &Url) -> Result<Vec<SocketAddr>, ResolveError> {
    let host = url.host_str().unwrap_or_default();
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(ResolveError::Lookup)?
        .collect();
    if let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
        return Err(ResolveError::NotPublic(NotPublic {
            host: host.to_owned(),
            addr: bad.ip(),
        }));
    }
    if addrs.is_empty() {
        return Err(ResolveError::Lookup(std::io::Error::other(format!(
            "{host} has no address"
        ))));
    }
    Ok(addrs)
}

/// A failed [`resolve_public`].
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// The lookup itself failed (worth retrying).
    #[error("looking up the Document Server: {0}")]
    Lookup(std::io::Error),
    /// An internal address came back (never connected to).
    #[error(transparent)]
    NotPublic(NotPublic),
}

/// Whether an address is reachable on the public internet: not loopback, private, link-local,
/// shared (CGNAT), unspecified, broadcast, multicast, documentation, benchmarking or reserved,
/// including IPv4 addresses inside IPv6 (mapped, compatible, NAT64 and 6to4 forms).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = embedded_v4(ip) {
        return is_public_v4(v4);
    }
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first & 0xffc0) == 0xfec0
        || (first == 0x2001 && ip.segments()[1] == 0x0db8))
}

/// The IPv4 address an IPv6 address carries: `::ffff:a.b.c.d`, `::a.b.c.d`, NAT64
/// `64:ff9b::a.b.c.d` and 6to4 `2002:aabb:ccdd::`.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let [.., hi, lo] = s;
    let low32 = Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    if s[..6] == [0; 6] && !ip.is_loopback() && !ip.is_unspecified() {
        return Some(low32);
    }
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4] {
        return Some(low32);
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::from((u32::from(s[1]) << 16) | u32::from(s[2])));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_not_public() {
        for internal in [
            "127.0.0.1",
            "127.8.9.10",
            "10.0.0.5",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.0.8",
            "198.18.0.1",
            "192.0.2.1",
            "240.0.0.1",
            "::1",
            "::",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
        ] {
            let ip: IpAddr = internal.parse().unwrap();
            assert!(!is_public(ip), "{internal} counted as public");
        }
        for public in [
            "1.1.1.1",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "192.0.1.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::",
        ] {
            let ip: IpAddr = public.parse().unwrap();
            assert!(is_public(ip), "{public} counted as internal");
        }
    }

    #[test]
    fn only_public_looking_names_reached_at_the_public_url_are_guarded() {
        for name in ["docs.example.org", "office.acme.com.", "DOCS.EXAMPLE.NET"] {
            assert!(is_public_name(name), "{name}");
        }
        for name in [
            "localhost",
            "onlyoffice",
            "docs.localhost",
            "docs.internal",
            "docs.lan",
            "nas.local",
            "router.home.arpa",
            "docs.corp",
            "x.test",
        ] {
            assert!(!is_public_name(name), "{name}");
        }
        let docs = |url: &str, internal: &str| DocsConfig {
            url: url.parse().unwrap(),
            internal_url: internal.parse().unwrap(),
            secret: None,
            jwt_header: "Authorization".into(),
        };
        let public = docs("https://docs.example.org/", "https://docs.example.org/");
        assert_eq!(guarded_name(&public), Some("docs.example.org"));
        let internal = docs("https://docs.example.org/", "http://onlyoffice:8000/");
        assert_eq!(guarded_name(&internal), None);
        let literal = docs("http://203.0.113.7/", "http://203.0.113.7/");
        assert_eq!(guarded_name(&literal), None);
        let local = docs("http://localhost:8000/", "http://localhost:8000/");
        assert_eq!(guarded_name(&local), None);
    }
}
