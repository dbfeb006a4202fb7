//! The DS file storage (`storage-fs`) and its signed links.
//!
//! Result files live under `cache/files/<dir>/<name>` and are handed out as nginx "secure_link"
//! URLs: `<base>/cache/files/<dir>/<name>/<filename>?md5=<b64url(md5(expires + path + secret))>
//! &expires=<unix>&filename=<filename>`, valid `storage.fs.urlExpires` (900 s) (protocol doc §3.3,
//! server `Common/sources/storage/storage-base.js`). Every call of [`Storage::signed_url`] signs
//! afresh, so each retry of a callback carries a new `md5`/`expires` (Appendix A.2).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use md5::{Digest, Md5};
use rand::Rng as _;

/// Why a request for a stored file is refused (nginx: 403 bad link, 410 expired).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Missing or wrong `md5`.
    BadSignature,
    /// `expires` is in the past.
    Expired,
    /// No such file.
    NotFound,
}

/// Result files and their link secret.
#[derive(Debug)]
pub struct Storage {
    root: tempfile::TempDir,
    secret: String,
    files: Mutex<HashMap<String, PathBuf>>,
}

impl Storage {
    /// An empty storage in a fresh temporary directory.
    pub fn new() -> std::io::Result<Self> {
        let secret: String = rand::thread_rng()
            .sample_iter(rand::distributions::Alphanumeric)
            .take(24)
            .map(char::from)
            .collect();
        let root = tempfile::Builder::new().prefix("ds-storage-").tempdir()?;
        Ok(Self {
            root,
            secret,
            files: Mutex::new(HashMap::new()),
        })
    }

    /// Moves (or copies) `src` to `cache/files/<rel>`; `rel` is like `data/key_1/output.docx`.
    pub async fn put(&self, rel: &str, src: &Path) -> std::io::Result<()> {
        let dest = self.root.path().join(rel);
        if let Some(parent) = dest.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        if tokio::fs::rename(src, &dest).await.is_err() {
            tokio::fs::copy(src, &dest).await?;
        }
        self.lock().insert(rel.to_owned(), dest);
        Ok(())
    }

    /// Writes `bytes` to `cache/files/<rel>`.
    pub async fn put_bytes(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let dest = self.root.path().join(rel);
        if let Some(parent) = dest.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        tokio::fs::write(&dest, bytes).await?;
        self.lock().insert(rel.to_owned(), dest);
        Ok(())
    }

    /// The file stored at `rel`.
    pub fn path_of(&self, rel: &str) -> Option<PathBuf> {
        self.lock().get(rel).cloned()
    }

    /// Forgets every file whose path starts with `prefix` (the files are deleted).
    pub fn remove_prefix(&self, prefix: &str) {
        let removed: Vec<PathBuf> = {
            let mut files = self.lock();
            let keys: Vec<String> = files
                .keys()
                .filter(|k| k.starts_with(prefix))
                .cloned()
                .collect();
            keys.iter().filter_map(|k| files.remove(k)).collect()
        };
        for path in removed {
            std::fs::remove_file(path).ok();
        }
    }

    /// A freshly signed link to `rel`, downloaded as `filename`, valid for `valid`.
    pub fn signed_url(
        &self,
        base: &url::Url,
        rel: &str,
        filename: &str,
        valid: Duration,
    ) -> String {
        let expires = unix_now() + valid.as_secs() + 1;
        let name = percent_encode(filename);
        let path = format!("/cache/files/{rel}/{name}");
        let md5 = self.signature(expires, &format!("/cache/files/{rel}/{filename}"));
        let origin = base.as_str().trim_end_matches('/');
        format!("{origin}{path}?md5={md5}&expires={expires}&filename={name}")
    }

    /// Checks a link: `tail` is the path below `/cache/files/` (decoded), with its query values.
    pub fn resolve(
        &self,
        tail: &str,
        md5: Option<&str>,
        expires: Option<&str>,
    ) -> Result<PathBuf, LinkError> {
        let expires_at: u64 = expires
            .and_then(|e| e.parse().ok())
            .ok_or(LinkError::BadSignature)?;
        let expected = self.signature(expires_at, &format!("/cache/files/{tail}"));
        if md5 != Some(expected.as_str()) {
            return Err(LinkError::BadSignature);
        }
        if expires_at < unix_now() {
            return Err(LinkError::Expired);
        }
        let rel = tail.rsplit_once('/').map_or(tail, |(dir, _)| dir);
        self.lock().get(rel).cloned().ok_or(LinkError::NotFound)
    }

    fn signature(&self, expires: u64, path: &str) -> String {
        let mut md5 = Md5::new();
        md5.update(format!("{expires}{path}{}", self.secret).as_bytes());
        URL_SAFE_NO_PAD.encode(md5.finalize())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, PathBuf>> {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Seconds since the epoch.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

/// Percent-encodes a file name for a URL path segment and query value.
fn percent_encode(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn links_are_signed_fresh_and_checked() -> Result<(), Box<dyn std::error::Error>> {
        let storage = Storage::new()?;
        storage.put_bytes("data/k_1/output.docx", b"x").await?;
        let base = url::Url::parse("http://127.0.0.1:9/")?;
        let link = url::Url::parse(&storage.signed_url(
            &base,
            "data/k_1/output.docx",
            "output.docx",
            Duration::from_secs(900),
        ))?;
        assert_eq!(link.path(), "/cache/files/data/k_1/output.docx/output.docx");
        let query: HashMap<String, String> = link.query_pairs().into_owned().collect();
        let tail = "data/k_1/output.docx/output.docx";
        let md5 = query.get("md5").map(String::as_str);
        assert!(
            storage
                .resolve(tail, md5, query.get("expires").map(String::as_str))
                .is_ok()
        );
        assert_eq!(
            storage.resolve(tail, Some("bad"), query.get("expires").map(String::as_str)),
            Err(LinkError::BadSignature)
        );
        Ok(())
    }
}
