//! Fetching `document.url` (and conversion sources) the way the DS's FileConverter does
//! (protocol doc §2.3, §4.3 and Appendix A.1):
//!
//! - `Authorization: Bearer <JWT {"payload":{"url":"<exact url>"}}>` in the configured header,
//!   only when outbox tokens are on and the request that named the URL was itself JWT-verified;
//! - at most `maxDownloadBytes` (100 MiB), checked on `Content-Length` and while streaming;
//! - status 200 or 206 only;
//! - private, loopback and link-local addresses are refused unless the URL came from a verified
//!   token or private addresses are allowed (`externalRequest.action.blockPrivateIP`).

use std::net::IpAddr;
use std::path::Path;

use futures_util::StreamExt as _;
use serde_json::json;
use tokio::io::AsyncWriteExt as _;

use crate::state::Shared;

/// Why a download failed.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// Bad URL, refused address, transport failure or non-200/206 answer (`CONVERT_DOWNLOAD`).
    #[error("download failed: {0}")]
    Failed(String),
    /// Larger than the limit (`CONVERT_LIMITS`).
    #[error("download larger than {0} bytes")]
    TooLarge(u64),
}

impl DownloadError {
    /// The DS internal code: -81 download, -93 limits.
    pub fn ds_code(&self) -> i32 {
        match self {
            Self::Failed(_) => -81,
            Self::TooLarge(_) => -93,
        }
    }
}

/// Downloads `url` into `dest`; `from_verified_token` says the URL was inside a verified JWT.
pub async fn fetch(
    shared: &Shared,
    url: &str,
    from_verified_token: bool,
    dest: &Path,
) -> Result<u64, DownloadError> {
    let parsed = url::Url::parse(url).map_err(|e| DownloadError::Failed(format!("{url}: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(DownloadError::Failed(format!(
            "unsupported scheme {}",
            parsed.scheme()
        )));
    }
    let trusted =
        shared.config.allow_private_ip || (from_verified_token && shared.config.jwt_enabled);
    if !trusted {
        refuse_private(&parsed).await?;
    }
    let mut request = shared
        .http
        .get(url)
        .timeout(shared.config.download_timeout)
        .header("Accept", "application/json, text/plain, */*")
        .header("Connection", "Keep-Alive");
    if shared.config.jwt_enabled && from_verified_token {
        let token = shared
            .sign_out(&json!({ "payload": { "url": url } }), false)
            .map_err(|e| DownloadError::Failed(e.to_string()))?;
        request = request.header(shared.config.jwt_header.as_str(), format!("Bearer {token}"));
    }
    let response = request
        .send()
        .await
        .map_err(|e| DownloadError::Failed(e.to_string()))?;
    if !matches!(response.status().as_u16(), 200 | 206) {
        return Err(DownloadError::Failed(format!("HTTP {}", response.status())));
    }
    let limit = shared.config.max_download_bytes;
    if response.content_length().is_some_and(|len| len > limit) {
        return Err(DownloadError::TooLarge(limit));
    }
    let mut file = tokio::fs::File::create(dest)
        .await
        .map_err(|e| DownloadError::Failed(e.to_string()))?;
    let mut stream = response.bytes_stream();
    let mut total = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| DownloadError::Failed(e.to_string()))?;
        total += chunk.len() as u64;
        if total > limit {
            return Err(DownloadError::TooLarge(limit));
        }
        file.write_all(&chunk)
            .await
            .map_err(|e| DownloadError::Failed(e.to_string()))?;
    }
    file.flush()
        .await
        .map_err(|e| DownloadError::Failed(e.to_string()))?;
    Ok(total)
}

/// Refuses hosts that resolve to a private, loopback, link-local or unspecified address.
pub async fn refuse_private(url: &url::Url) -> Result<(), DownloadError> {
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<IpAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![ip],
        Err(_) => tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|e| DownloadError::Failed(format!("DNS lookup {host}: {e}")))?
            .map(|a| a.ip())
            .collect(),
    };
    match addrs.iter().find(|ip| is_private(ip)) {
        Some(ip) => Err(DownloadError::Failed(format!(
            "DNS lookup {ip}(family:{}, host:{host}) is not allowed. Because, It is private IP address.",
            if ip.is_ipv4() { 4 } else { 6 }
        ))),
        None => Ok(()),
    }
}

/// Addresses `request-filtering-agent` blocks.
pub fn is_private(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| is_private(&IpAddr::V4(v4)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_private;

    #[test]
    fn private_ranges_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.4",
            "169.254.1.1",
            "::1",
            "fd00::1",
        ] {
            assert!(
                is_private(&ip.parse().unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]))),
                "{ip}"
            );
        }
        assert!(!is_private(
            &"93.184.216.34"
                .parse()
                .unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]))
        ));
    }
}
