//! Settings of the emulated Document Server, named after the DS's own configuration
//! (`Common/config/default.json`, protocol doc §2.1 and §3.5) and the Docker image's variables.

use std::path::PathBuf;
use std::time::Duration;

/// How failed status 2/3 callbacks are retried (protocol doc §3.5, `callbackBackoffOptions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryPolicy {
    /// 9.0+: 3 retries after 1 s, 2 s and 4 s, on network errors, timeouts, 429 and 5xx.
    V9,
    /// 8.x and earlier: no retry.
    V8,
}

impl RetryPolicy {
    /// The delays before each retry.
    pub fn delays(self) -> &'static [Duration] {
        const V9: [Duration; 3] = [
            Duration::from_secs(1),
            Duration::from_secs(2),
            Duration::from_secs(4),
        ];
        match self {
            Self::V9 => &V9,
            Self::V8 => &[],
        }
    }
}

impl std::str::FromStr for RetryPolicy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "9" | "9.x" | "v9" => Ok(Self::V9),
            "8" | "8.x" | "v8" | "none" => Ok(Self::V8),
            other => Err(format!(
                "unknown retry policy {other:?}; expected 9.x or 8.x"
            )),
        }
    }
}

/// The emulator's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// JWT checking on (browser, inbox, outbox), like the Docker image's `JWT_ENABLED=true`.
    pub jwt_enabled: bool,
    /// The one HS256 secret for inbox, outbox and browser (`JWT_SECRET`).
    pub jwt_secret: String,
    /// The header carrying tokens in both directions (`JWT_HEADER`, default `Authorization`).
    pub jwt_header: String,
    /// Delay after the last editor leaves before the save (`savetimeoutdelay`, 5 s).
    pub save_delay: Duration,
    /// Retry policy of status 2/3 callbacks.
    pub retry: RetryPolicy,
    /// Largest `document.url` download (`maxDownloadBytes`, 100 MiB).
    pub max_download_bytes: u64,
    /// Download from private addresses even when the URL is not in a verified token
    /// (`ALLOW_PRIVATE_IP_ADDRESS`).
    pub allow_private_ip: bool,
    /// The x2t binary; `None` looks at `X2T_PATH`, then the `document-builder` Python package.
    pub x2t_path: Option<PathBuf>,
    /// How long result URLs stay valid (`storage.fs.urlExpires`, 900 s).
    pub url_expires: Duration,
    /// How long a reused key answers "file version has been changed"
    /// (`expire.updateVersionStatus`, 5 min).
    pub update_version_window: Duration,
    /// Timeout of one callback request (`callbackRequestTimeout`, 10 min).
    pub callback_timeout: Duration,
    /// Timeout of one `document.url` download (2 min).
    pub download_timeout: Duration,
    /// The version the Command service reports (`x.y.z.build`).
    pub version: String,
    /// The origin put into result URLs; `None` uses the listening address.
    pub public_url: Option<url::Url>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            jwt_enabled: true,
            jwt_secret: String::new(),
            jwt_header: "Authorization".into(),
            save_delay: Duration::from_secs(5),
            retry: RetryPolicy::V9,
            max_download_bytes: 100 * 1024 * 1024,
            allow_private_ip: false,
            x2t_path: None,
            url_expires: Duration::from_secs(900),
            update_version_window: Duration::from_secs(300),
            callback_timeout: Duration::from_secs(600),
            download_timeout: Duration::from_secs(120),
            version: "9.0.4.54".into(),
            public_url: None,
        }
    }
}

impl Config {
    /// `history.serverVersion`: the version without the build number.
    pub fn server_version(&self) -> String {
        self.version
            .splitn(4, '.')
            .take(3)
            .collect::<Vec<_>>()
            .join(".")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_document_servers() {
        let config = Config::default();
        assert!(config.jwt_enabled);
        assert_eq!(config.save_delay, Duration::from_secs(5));
        assert_eq!(config.max_download_bytes, 104_857_600);
        assert_eq!(config.server_version(), "9.0.4");
        assert_eq!(RetryPolicy::V9.delays().len(), 3);
        assert_eq!("8.x".parse::<RetryPolicy>(), Ok(RetryPolicy::V8));
    }
}
