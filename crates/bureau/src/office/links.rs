//! Signed, expiring download links for the Document Server: `document.url` points at one
//! version of one file, and the HMAC covers both, so a link never reaches another file or
//! version. History `changesUrl` links are signed the same way under their own purpose. The
//! key is an installation secret shared by every Bureau process.

use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use url::Url;

use crate::store;

/// Signs and checks `document.url` links.
#[derive(Clone)]
pub struct LinkSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSigner(***)")
    }
}

/// A link's parameters as they arrive in the query string.
#[derive(Debug, serde::Deserialize)]
pub struct LinkQuery {
    /// The version the link is for.
    pub version: i64,
    /// Expiry, unix seconds.
    pub expires: i64,
    /// Hex HMAC-SHA256 of file, version and expiry.
    pub signature: String,
}

impl LinkSigner {
    /// A signer with this key.
    pub fn new(key: Vec<u8>) -> Self {
        Self { key }
    }

    fn mac(&self, kind: LinkKind, file_id: &str, version: i64, expires: i64) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        let purpose = kind.purpose();
        mac.update(format!("{purpose}\n{file_id}\n{version}\n{expires}").as_bytes());
        mac
    }

    /// The link to `version` of `file_id`, valid until `expires` (unix seconds).
    pub fn url(&self, base: &Url, file_id: &str, version: i64, expires: i64) -> Url {
        self.link(LinkKind::Content, base, file_id, version, expires)
    }

    /// The link of `kind` for `version` of `file_id`, valid until `expires` (unix seconds).
    pub fn link(
        &self,
        kind: LinkKind,
        base: &Url,
        file_id: &str,
        version: i64,
        expires: i64,
    ) -> Url {
        let mac = self.mac(kind, file_id, version, expires);
        let signature = hex::encode(mac.finalize().into_bytes());
        let mut url = base.clone();
        url.set_path(&format!(
            "{}office/{file_id}/{}",
            base.path(),
            kind.segment()
        ));
        url.query_pairs_mut()
            .append_pair("version", &version.to_string())
            .append_pair("expires", &expires.to_string())
            .append_pair("signature", &signature);
        url
    }

    /// Whether a `document.url` link is authentic and unexpired.
    pub fn verify(&self, file_id: &str, q: &LinkQuery) -> bool {
        self.verify_kind(LinkKind::Content, file_id, q)
    }

    /// Whether a link of `kind` is authentic and unexpired.
    pub fn verify_kind(&self, kind: LinkKind, file_id: &str, q: &LinkQuery) -> bool {
        let Ok(signature) = hex::decode(&q.signature) else {
            return false;
        };
        let now = store::now_ms() / 1000;
        q.expires >= now
            && self
                .mac(kind, file_id, q.version, q.expires)
                .verify_slice(&signature)
                .is_ok()
    }
}

/// What a signed link serves; the kind is part of the signature, so a link to one never opens
/// the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// A version's content (`document.url`, history `url`, conversion source).
    Content,
    /// The `changes.zip` archive of the save that produced a version (history `changesUrl`).
    Changes,
    /// The blank document of `bureau doctor`'s conversion round trip.
    Probe,
}

impl LinkKind {
    fn purpose(self) -> &'static str {
        match self {
            Self::Content => "document-url",
            Self::Changes => "changes-url",
            Self::Probe => "probe-url",
        }
    }

    fn segment(self) -> &'static str {
        match self {
            Self::Content => "content",
            Self::Changes => "changes",
            Self::Probe => "probe",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn query(url: &Url) -> LinkQuery {
        let pairs: HashMap<String, String> = url.query_pairs().into_owned().collect();
        LinkQuery {
            version: pairs["version"].parse().unwrap(),
            expires: pairs["expires"].parse().unwrap(),
            signature: pairs["signature"].clone(),
        }
    }

    #[test]
    fn links_are_bound_to_file_version_and_time() {
        let signer = LinkSigner::new(b"k".to_vec());
        let base: Url = "http://bureau.internal:8080/".parse().unwrap();
        let later = store::now_ms() / 1000 + 60;
        let url = signer.url(&base, "f1", 3, later);
        assert_eq!(url.path(), "/office/f1/content");
        assert!(signer.verify("f1", &query(&url)));
        assert!(!signer.verify("f2", &query(&url)));
        assert!(!signer.verify(
            "f1",
            &LinkQuery {
                version: 2,
                ..query(&url)
            }
        ));
        assert!(!signer.verify(
            "f1",
            &LinkQuery {
                expires: later + 1,
                ..query(&url)
            }
        ));
        assert!(!LinkSigner::new(b"other".to_vec()).verify("f1", &query(&url)));
        let expired = signer.url(&base, "f1", 3, 1);
        assert!(!signer.verify("f1", &query(&expired)));
        let changes = signer.link(LinkKind::Changes, &base, "f1", 3, later);
        assert_eq!(changes.path(), "/office/f1/changes");
        assert!(signer.verify_kind(LinkKind::Changes, "f1", &query(&changes)));
        assert!(!signer.verify("f1", &query(&changes)));
    }
}
