//! Where blobs live: a local directory (the embedded default) or an S3-compatible bucket.
//!
//! `s3://BUCKET/PREFIX?endpoint=http://host:9000&region=us-east-1` selects S3. The endpoint is
//! optional (AWS itself when absent); the region defaults to `us-east-1`. Credentials come from
//! the `s3_access_key_id`/`s3_secret_access_key` settings (the secret may be read from a file
//! through `BUREAU_S3_SECRET_ACCESS_KEY_FILE`) or else from the usual `AWS_*` variables.

use std::path::PathBuf;

use secrecy::SecretString;
use url::Url;

/// The blob store's location.
#[derive(Debug, Clone)]
pub enum StorageUrl {
    /// A directory on the local disk.
    Dir(PathBuf),
    /// A bucket (and key prefix) on an S3-compatible object store.
    S3(S3Location),
}

/// An S3 bucket, key prefix and how to reach it.
#[derive(Debug, Clone)]
pub struct S3Location {
    /// Bucket name.
    pub bucket: String,
    /// Key prefix inside the bucket, without leading or trailing `/` (may be empty).
    pub prefix: String,
    /// Endpoint URL of a non-AWS store (MinIO, Ceph RGW, Garage…).
    pub endpoint: Option<String>,
    /// Region name.
    pub region: String,
    /// Access key id, when not taken from `AWS_ACCESS_KEY_ID`.
    pub access_key_id: Option<String>,
    /// Secret access key, when not taken from `AWS_SECRET_ACCESS_KEY`.
    pub secret_access_key: Option<SecretString>,
}

impl StorageUrl {
    /// Parses a directory path, `file://PATH` or `s3://BUCKET/PREFIX?endpoint=…&region=…`.
    pub fn parse(v: &str) -> Result<Self, String> {
        if v.starts_with("s3://") {
            return s3(v).map(Self::S3);
        }
        if v.contains("://") && !v.starts_with("file://") {
            return Err(format!(
                "unsupported storage URL '{}' (use a directory path, file://PATH or \
                 s3://BUCKET/PREFIX?endpoint=…&region=…)",
                super::mask_password(v)
            ));
        }
        let path = v.strip_prefix("file://").unwrap_or(v);
        if path.is_empty() {
            return Err("empty storage path".to_owned());
        }
        Ok(Self::Dir(PathBuf::from(path)))
    }

    /// A description for messages and `bureau doctor` (never includes credentials).
    pub fn display(&self) -> String {
        match self {
            Self::Dir(path) => path.display().to_string(),
            Self::S3(s3) => {
                let at = s3.endpoint.as_deref().unwrap_or("AWS");
                format!("s3://{}/{} at {at} ({})", s3.bucket, s3.prefix, s3.region)
            }
        }
    }
}

fn s3(v: &str) -> Result<S3Location, String> {
    let url = Url::parse(v).map_err(|e| format!("invalid S3 URL: {e}"))?;
    if url.password().is_some() || !url.username().is_empty() {
        return Err("invalid S3 URL: put credentials in BUREAU_S3_* settings, not the URL".into());
    }
    let bucket = url
        .host_str()
        .filter(|b| !b.is_empty())
        .ok_or("invalid S3 URL: no bucket (use s3://BUCKET/PREFIX)")?
        .to_owned();
    let mut out = S3Location {
        bucket,
        prefix: url.path().trim_matches('/').to_owned(),
        endpoint: None,
        region: "us-east-1".to_owned(),
        access_key_id: None,
        secret_access_key: None,
    };
    for (k, v) in url.query_pairs() {
        match &*k {
            "endpoint" => {
                let e = Url::parse(&v).map_err(|e| format!("invalid S3 endpoint '{v}': {e}"))?;
                if !matches!(e.scheme(), "http" | "https") {
                    return Err(format!(
                        "invalid S3 endpoint '{v}': use http:// or https://"
                    ));
                }
                out.endpoint = Some(v.trim_end_matches('/').to_owned());
            }
            "region" => out.region = v.into_owned(),
            other => {
                return Err(format!(
                    "unknown S3 URL parameter '{other}' (endpoint, region)"
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_urls_parse_and_mistakes_are_named() {
        let Ok(StorageUrl::S3(s3)) =
            StorageUrl::parse("s3://docs/bureau/prod?endpoint=http://127.0.0.1:9000/&region=eu")
        else {
            panic!("not S3");
        };
        assert_eq!(
            (s3.bucket.as_str(), s3.prefix.as_str(), s3.region.as_str()),
            ("docs", "bureau/prod", "eu")
        );
        assert_eq!(s3.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        let bad = |v: &str| StorageUrl::parse(v).err().unwrap_or_default();
        assert!(bad("s3://k:s@docs/x").contains("credentials"));
        assert!(bad("s3://docs?colour=red").contains("'colour'"));
        assert!(bad("s3://docs?endpoint=ftp://x").contains("http://"));
        assert!(bad("gs://docs").contains("unsupported"));
        assert!(bad("").contains("empty"));
    }

    #[test]
    fn s3_credentials_come_from_settings_and_secret_files_and_stay_masked() {
        use secrecy::ExposeSecret as _;
        let secret = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(secret.path(), "s3-secret-value\n").expect("write");
        let env = [
            (
                "BUREAU_STORAGE_URL",
                "s3://docs/p?endpoint=http://127.0.0.1:9000",
            ),
            ("BUREAU_S3_ACCESS_KEY_ID", "key-id"),
            (
                "BUREAU_S3_SECRET_ACCESS_KEY_FILE",
                secret.path().to_str().unwrap_or(""),
            ),
        ];
        let src = super::super::Sources::default()
            .with_env(env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        let config = super::super::Config::from_sources(&src).expect("valid config");
        let StorageUrl::S3(s3) = &config.storage else {
            panic!("not S3");
        };
        assert_eq!(s3.access_key_id.as_deref(), Some("key-id"));
        let key = s3
            .secret_access_key
            .as_ref()
            .map(|k| k.expose_secret().to_owned());
        assert_eq!(key.as_deref(), Some("s3-secret-value"));
        let shown = format!("{:?} {}", config.storage, config.storage.display());
        assert!(!shown.contains("s3-secret-value"), "{shown}");
    }

    #[test]
    fn paths_and_file_urls_are_directories() {
        for v in ["/srv/blobs", "file:///srv/blobs"] {
            assert_eq!(
                StorageUrl::parse(v).map(|s| s.display()),
                Ok("/srv/blobs".into())
            );
        }
    }
}
