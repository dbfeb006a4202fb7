//! The S3 server Bureau stores blobs in, read and written directly with `curl --aws-sigv4`: on
//! the S3 backend, the physical limit of a transfer is that server, not the local disk.

use std::{path::Path, process::Command};

use anyhow::Context as _;

/// Direct access to the bucket and prefix of Bureau's `BUREAU_STORAGE_URL`.
#[derive(Debug, Clone)]
pub struct S3 {
    endpoint: String,
    bucket: String,
    prefix: String,
    region: String,
    credentials: String,
}

impl S3 {
    /// Reads `s3://BUCKET/PREFIX?endpoint=…&region=…`, credentials from `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY`; `None` for another storage URL.
    pub fn from_storage_url(storage_url: &str) -> anyhow::Result<Option<Self>> {
        let url = url::Url::parse(storage_url).context("parsing --storage-url")?;
        if url.scheme() != "s3" {
            return Ok(None);
        }
        let query = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let key = std::env::var("AWS_ACCESS_KEY_ID").context("AWS_ACCESS_KEY_ID")?;
        let secret = std::env::var("AWS_SECRET_ACCESS_KEY").context("AWS_SECRET_ACCESS_KEY")?;
        Ok(Some(Self {
            endpoint: query("endpoint").context("an s3:// URL without endpoint")?,
            bucket: url
                .host_str()
                .context("an s3:// URL without bucket")?
                .to_owned(),
            prefix: url.path().trim_matches('/').to_owned(),
            region: query("region").unwrap_or_else(|| "us-east-1".into()),
            credentials: format!("{key}:{secret}"),
        }))
    }

    /// The object key of a blob: Bureau stores content under `objects/<2 hex>/<sha256>`.
    pub fn blob_key(&self, sha256: &str) -> String {
        let (fan, _) = sha256.split_at(2);
        format!("{}/objects/{fan}/{sha256}", self.prefix)
    }

    /// `curl` GET of `key` into `dest`.
    pub fn get(&self, key: &str, dest: &Path) -> Command {
        let mut cmd = self.curl(key);
        cmd.arg("-o").arg(dest);
        cmd
    }

    /// `curl` PUT of `source` as `key` (streamed).
    pub fn put(&self, key: &str, source: &Path) -> Command {
        let mut cmd = self.curl(key);
        cmd.args(["-o", "/dev/null", "-T"]).arg(source);
        cmd
    }

    fn curl(&self, key: &str) -> Command {
        let mut cmd = Command::new("curl");
        cmd.args(["-sS", "-f", "--aws-sigv4"])
            .arg(format!("aws:amz:{}:s3", self.region))
            .arg("--user")
            .arg(&self.credentials)
            .args(["-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD"])
            .arg(format!("{}/{}/{key}", self.endpoint, self.bucket));
        cmd
    }
}

/// The SHA-256 of a file, by `sha256sum`.
pub fn sha256_of(path: &Path) -> anyhow::Result<String> {
    let out = Command::new("sha256sum").arg(path).output()?;
    let text = String::from_utf8(out.stdout)?;
    Ok(text
        .split_whitespace()
        .next()
        .context("sha256sum printed nothing")?
        .to_owned())
}
