//! Downloading results from the Document Server without becoming an SSRF proxy: only URLs on
//! the configured Document Server are fetched (rewritten to its internal address), a Document
//! Server reached at a public name must resolve to public addresses ([`super::dns_guard`]),
//! redirects are never followed, the size is capped and the body streams straight into the
//! blob store.
//! The real server signs its result URLs for about 900 s (protocol notes, item 12), so they are
//! fetched inside the callback.

use futures_util::TryStreamExt as _;
use reqwest::StatusCode;
use url::Url;

use super::{
    Office,
    dns_guard::{self, NotPublic, ResolveError},
};
use crate::{
    config::DocsConfig,
    store::{
        Store,
        blobs::{PutError, StoredBlob},
    },
};

/// Why a download from the Document Server failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The URL is not on the Document Server: never fetched, never retried.
    #[error("refused to fetch {0}")]
    Refused(&'static str),
    /// The Document Server's public name resolved to an internal address: never connected to.
    #[error(transparent)]
    NotPublic(#[from] NotPublic),
    /// The content is larger than the configured limit.
    #[error("the document is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A failure worth retrying: network, truncated body, server error, local disk.
    #[error("download failed: {0:#}")]
    Transient(anyhow::Error),
}

/// Maps a URL the Document Server sent to the address Bureau fetches it from, refusing any URL
/// that is not under the Document Server's public or internal address.
pub fn resolve(docs: &DocsConfig, raw: &str) -> Result<Url, FetchError> {
    let url = Url::parse(raw).map_err(|_| FetchError::Refused("a malformed URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Refused("a URL that is not http(s)"));
    }
    if url.username() != "" || url.password().is_some() {
        return Err(FetchError::Refused("a URL with credentials"));
    }
    for base in [&docs.internal_url, &docs.url] {
        if let Some(rest) = url.as_str().strip_prefix(base.as_str()) {
            // Concatenate rather than `join`: a rest starting with `//` would leave the host.
            let rewritten = Url::parse(&format!("{}{rest}", docs.internal_url))
                .map_err(|_| FetchError::Refused("a URL that cannot be rewritten"))?;
            if rewritten.as_str().starts_with(docs.internal_url.as_str()) {
                return Ok(rewritten);
            }
        }
    }
    Err(FetchError::Refused(
        "a URL that is not on the configured Document Server",
    ))
}

/// Requests a Document Server URL: refused unless it is on the configured Document Server,
/// never redirected, refused when it announces more than `limit` bytes. The body is left to
/// the caller to stream.
pub async fn open(office: &Office, raw: &str, limit: u64) -> Result<reqwest::Response, FetchError> {
    let url = resolve(&office.docs, raw)?;
    let client = client_for(office, &url).await?;
    // The URL carries the Document Server's signature (`md5`): errors leave it out of the log.
    let response = client.get(url).send().await.map_err(|e| {
        FetchError::Transient(
            anyhow::Error::new(e.without_url()).context("requesting the document"),
        )
    })?;
    match response.status() {
        StatusCode::OK => {}
        s if s.is_redirection() => return Err(FetchError::Refused("a redirect")),
        s => {
            return Err(FetchError::Transient(anyhow::anyhow!(
                "the Document Server answered {s}"
            )));
        }
    }
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(FetchError::TooLarge { limit });
    }
    Ok(response)
}

/// The client that fetches `url`: the shared one, or, for a Document Server reached at its
/// public name, one pinned to the public addresses that name just resolved to (so a second
/// lookup cannot answer something else).
async fn client_for(office: &Office, url: &Url) -> Result<reqwest::Client, FetchError> {
    let Some(name) = dns_guard::guarded_name(&office.docs) else {
        return Ok(office.http.clone());
    };
    let addrs = dns_guard::resolve_public(url).await.map_err(|e| match e {
        ResolveError::NotPublic(e) => FetchError::NotPublic(e),
        lookup @ ResolveError::Lookup(_) => FetchError::Transient(lookup.into()),
    })?;
    client_builder()
        .resolve_to_addrs(name, &addrs)
        .build()
        .map_err(|e| FetchError::Transient(anyhow::Error::new(e).context("building a client")))
}

/// The settings of every client that talks to the Document Server: no redirects, bounded
/// connection and transfer times.
pub fn client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(std::time::Duration::from_secs(10))
        .timeout(std::time::Duration::from_secs(600))
}

/// Streams a Document Server URL into the blob store.
pub async fn download(
    office: &Office,
    store: &Store,
    raw: &str,
    limit: u64,
) -> Result<StoredBlob, FetchError> {
    let transient = |e: anyhow::Error| FetchError::Transient(e);
    let response = open(office, raw, limit).await?;
    let body = response
        .bytes_stream()
        .map_err(|e| std::io::Error::other(e.without_url()));
    store
        .blobs
        .put(Box::pin(body), limit)
        .await
        .map_err(|e| match e {
            PutError::TooLarge { limit } => FetchError::TooLarge { limit },
            other => transient(anyhow::Error::new(other)),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> DocsConfig {
        DocsConfig {
            url: "https://docs.example.org/ds/".parse().unwrap(),
            internal_url: "http://10.0.0.5:8000/".parse().unwrap(),
            secret: None,
            jwt_header: "Authorization".into(),
        }
    }

    #[test]
    fn only_document_server_urls_are_fetched_and_rewritten() {
        let d = docs();
        let public = "https://docs.example.org/ds/cache/files/data/k_1/output.docx?md5=x&expires=1";
        assert_eq!(
            resolve(&d, public).unwrap().as_str(),
            "http://10.0.0.5:8000/cache/files/data/k_1/output.docx?md5=x&expires=1"
        );
        let internal = "http://10.0.0.5:8000/cache/files/data/k/output.docx";
        assert_eq!(resolve(&d, internal).unwrap().as_str(), internal);
        let sneaky = "https://docs.example.org/ds//evil.example/x";
        assert_eq!(resolve(&d, sneaky).unwrap().host_str(), Some("10.0.0.5"));
        for bad in [
            "https://evil.example/cache/output.docx",
            "https://docs.example.org/other/output.docx",
            "https://docs.example.org:444/ds/output.docx",
            "http://docs.example.org/ds/output.docx",
            "file:///etc/passwd",
            "https://user:pw@docs.example.org/ds/x",
            "not a url",
            "https://docs.example.org.evil.example/ds/x",
        ] {
            assert!(
                matches!(resolve(&d, bad), Err(FetchError::Refused(_))),
                "{bad}"
            );
        }
    }
}
