//! Configuration: defaults < TOML file (`--config`) < `BUREAU_*` environment < command-line flags,
//! merged into one typed, validated [`Config`]. Every failure names the setting and where it came
//! from, e.g. `BUREAU_LISTEN: invalid socket address 'x'`.

pub mod parse;
mod settings;
mod sources;
mod storage;

use std::{collections::BTreeMap, net::SocketAddr, path::PathBuf, time::Duration};

use secrecy::SecretString;
use url::Url;

pub use settings::{SETTINGS, Setting, example, find};
pub use sources::{Origin, Sources};
pub use storage::{S3Location, StorageUrl};

/// Where metadata lives.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// An SQLite file (the embedded default).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (may carry a password).
    Postgres(String),
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl DatabaseUrl {
    /// The URL with any password replaced by `***`, safe for logs.
    pub fn masked(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{}", path.display()),
            Self::Postgres(url) => mask_password(url),
        }
    }
}

/// Replaces the password of a URL with `***` (and leaves unparsable input fully masked).
pub fn mask_password(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("***"));
            }
            url.to_string()
        }
        Err(_) => "***".to_owned(),
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// How Bureau talks to ONLYOFFICE Docs, once a Document Server address is set.
#[derive(Debug, Clone)]
pub struct DocsConfig {
    /// The Document Server as browsers reach it.
    pub url: Url,
    /// The Document Server as Bureau reaches it.
    pub internal_url: Url,
    /// Shared JWT secret; JWT is on whenever it is set.
    pub secret: Option<SecretString>,
    /// Header the Document Server carries its JWT in.
    pub jwt_header: String,
}

/// The ONLYOFFICE Docs settings as configured, each on its own. The admin settings page may
/// override any of them (`office::settings`); Bureau connects when an address results.
#[derive(Debug, Clone, Default)]
pub struct DocsSettings {
    /// `docs_url`: the Document Server as browsers reach it.
    pub url: Option<Url>,
    /// `docs_internal_url`: the Document Server as Bureau reaches it (default: `url`).
    pub internal_url: Option<Url>,
    /// `docs_secret`: the shared JWT secret.
    pub secret: Option<SecretString>,
    /// `docs_jwt_header`: the header the Document Server carries its JWT in.
    pub jwt_header: String,
}

impl DocsSettings {
    /// The connection these settings describe, when the Document Server address is set.
    pub fn resolve(&self) -> Option<DocsConfig> {
        let url = self.url.clone()?;
        Some(DocsConfig {
            internal_url: self.internal_url.clone().unwrap_or_else(|| url.clone()),
            url,
            secret: self.secret.clone(),
            jwt_header: self.jwt_header.clone(),
        })
    }
}

/// The whole, validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub listen: SocketAddr,
    /// Bureau as browsers reach it (always ends with `/`).
    pub public_url: Url,
    /// Bureau as the Document Server reaches it (always ends with `/`).
    pub internal_url: Url,
    /// Directory of the embedded database and blobs.
    pub data_dir: PathBuf,
    /// Metadata database.
    pub database_url: DatabaseUrl,
    /// Where blobs live: a directory or an S3 bucket.
    pub storage: StorageUrl,
    /// Largest accepted upload or saved document, in bytes.
    pub max_upload_bytes: u64,
    /// Lifetime of a sign-in session.
    pub session_ttl: Duration,
    /// Whether cookies carry the `Secure` attribute.
    pub cookie_secure: bool,
    /// Failed sign-ins (per login, and per client address) before sign-in is refused with 429
    /// (zero: no limit).
    pub login_max_failures: u32,
    /// The window in which failed sign-ins are counted, and how long a refusal lasts.
    pub login_failure_window: Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client's address.
    pub trusted_proxies: Vec<crate::http::client_addr::IpRange>,
    /// Password for the first admin account, if given.
    pub admin_password: Option<SecretString>,
    /// Period of the blob garbage collection job (zero: off).
    pub gc_interval: Duration,
    /// Log filter directive.
    pub log: String,
    /// Log output format.
    pub log_format: LogFormat,
    /// ONLYOFFICE Docs settings (overridden by the admin settings page, see `office::settings`).
    pub docs: DocsSettings,
    /// Period of server-initiated force-saves of documents being edited (zero: off).
    pub docs_forcesave_interval: Duration,
    /// Period of forgotten-file recovery (zero: off).
    pub docs_forgotten_interval: Duration,
    /// The editor connector the application API serves, when its secret is set.
    pub app: Option<AppConfig>,
    /// Where each setting's value came from, for `bureau doctor`.
    pub origins: BTreeMap<&'static str, Origin>,
}

impl Config {
    /// Builds the configuration from its sources, or explains the first bad value.
    pub fn from_sources(src: &Sources) -> Result<Self, ConfigError> {
        let mut r = Resolver {
            src,
            origins: BTreeMap::new(),
        };
        let listen: SocketAddr = r.parse("listen", |v| {
            v.parse()
                .map_err(|_| format!("invalid socket address '{v}'"))
        })?;
        let public_url = match r.get("public_url")? {
            Some(v) => r.check("public_url", base_url(&v))?,
            None => default_public_url(listen),
        };
        let internal_url = match r.get("internal_url")? {
            Some(v) => r.check("internal_url", base_url(&v))?,
            None => public_url.clone(),
        };
        let data_dir = PathBuf::from(r.string("data_dir")?);
        let database_url = match r.get("database_url")? {
            Some(v) => r.check("database_url", database_url(&v))?,
            None => DatabaseUrl::Sqlite(data_dir.join("bureau.db")),
        };
        let mut storage = match r.get("storage_url")? {
            Some(v) => r.check("storage_url", StorageUrl::parse(&v))?,
            None => StorageUrl::Dir(data_dir.join("blobs")),
        };
        if let StorageUrl::S3(s3) = &mut storage {
            s3.access_key_id = r.get("s3_access_key_id")?;
            s3.secret_access_key = r.get("s3_secret_access_key")?.map(SecretString::from);
        }
        let cookie_secure = match r.get("cookie_secure")? {
            Some(v) => r.check("cookie_secure", parse::boolean(&v))?,
            None => public_url.scheme() == "https",
        };
        let log_format = r.parse("log_format", |v| match v {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err(format!("invalid log format '{v}' (use text or json)")),
        })?;
        Ok(Self {
            listen,
            public_url,
            internal_url,
            data_dir,
            database_url,
            storage,
            max_upload_bytes: r.parse("max_upload_size", parse::size)?,
            session_ttl: r.parse("session_ttl", parse::duration)?,
            cookie_secure,
            login_max_failures: r.parse("login_max_failures", |v| {
                v.trim()
                    .parse()
                    .map_err(|_| format!("invalid count '{v}' (use e.g. 10, or 0 for no limit)"))
            })?,
            login_failure_window: r.parse("login_failure_window", parse::duration)?,
            trusted_proxies: r.parse(
                "trusted_proxies",
                crate::http::client_addr::IpRange::parse_list,
            )?,
            admin_password: r.get("admin_password")?.map(SecretString::from),
            gc_interval: r.parse("gc_interval", parse::duration)?,
            log: r.string("log")?,
            log_format,
            docs: docs_config(&mut r)?,
            docs_forcesave_interval: r.parse("docs_forcesave_interval", parse::duration)?,
            docs_forgotten_interval: r.parse("docs_forgotten_interval", parse::duration)?,
            app: app_config(&mut r)?,
            origins: r.origins,
        })
    }
}

/// The editor connector (`bureau connector`) Bureau's application API serves (`crate::apps`).
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// The application id it logs in with.
    pub id: String,
    /// The shared secret: it logs in with it, and it checks the editor tokens Bureau signs.
    pub secret: SecretString,
    /// The connector's edition URL as browsers reach it, where users open documents.
    pub url: Option<Url>,
    /// Lifetime of the application tokens.
    pub token_ttl: Duration,
}

fn app_config(r: &mut Resolver<'_>) -> Result<Option<AppConfig>, ConfigError> {
    let id = r.parse("app_id", |v| {
        let ok = !v.is_empty()
            && v.len() <= 64
            && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        ok.then(|| v.to_owned())
            .ok_or_else(|| format!("invalid application id '{v}' (letters, digits and _)"))
    })?;
    let url = match r.get("app_url")? {
        Some(v) => Some(r.check("app_url", base_url(&v))?),
        None => None,
    };
    let token_ttl = r.parse("app_token_ttl", |v| {
        parse::duration(v).and_then(|d| {
            (!d.is_zero())
                .then_some(d)
                .ok_or_else(|| "the token lifetime cannot be 0".to_owned())
        })
    })?;
    Ok(r.secret("app_secret")?.map(|secret| AppConfig {
        id,
        secret,
        url,
        token_ttl,
    }))
}

fn docs_config(r: &mut Resolver<'_>) -> Result<DocsSettings, ConfigError> {
    let jwt_header = r.parse("docs_jwt_header", header_name)?;
    let secret = r.secret("docs_secret")?;
    let internal_url = match r.get("docs_internal_url")? {
        Some(v) => Some(r.check("docs_internal_url", base_url(&v))?),
        None => None,
    };
    let url = match r.get("docs_url")? {
        Some(v) => Some(r.check("docs_url", base_url(&v))?),
        None => None,
    };
    Ok(DocsSettings {
        url,
        internal_url,
        secret,
        jwt_header,
    })
}

/// Checks an HTTP header name (the JWT header).
pub fn header_name(v: &str) -> Result<String, String> {
    http::HeaderName::from_bytes(v.as_bytes())
        .map(|_| v.to_owned())
        .map_err(|_| format!("invalid header name '{v}'"))
}

/// A setting that failed to load, with the name of the variable, flag or file key it came from.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct ConfigError {
    /// Where the bad value came from (`BUREAU_LISTEN`, `--listen`, `listen in bureau.toml`).
    pub source_name: String,
    /// What is wrong with it.
    pub message: String,
}

/// Reads raw values from the sources, records their origin and names the source on errors.
struct Resolver<'a> {
    src: &'a Sources,
    origins: BTreeMap<&'static str, Origin>,
}

impl Resolver<'_> {
    fn get(&mut self, key: &'static str) -> Result<Option<String>, ConfigError> {
        let found = self.src.lookup(key)?;
        if let Some((_, origin)) = &found {
            self.origins.insert(key, origin.clone());
        }
        Ok(found.map(|(v, _)| v))
    }

    /// A secret setting; a blank value is an error ([`parse::secret`]).
    fn secret(&mut self, key: &'static str) -> Result<Option<SecretString>, ConfigError> {
        match self.get(key)? {
            Some(v) => self.check(key, parse::secret(&v)).map(Some),
            None => Ok(None),
        }
    }

    fn string(&mut self, key: &'static str) -> Result<String, ConfigError> {
        match self.get(key)? {
            Some(v) => Ok(v),
            None => {
                self.origins.insert(key, Origin::Default);
                Ok(find(key)
                    .and_then(|s| s.default)
                    .unwrap_or_default()
                    .to_owned())
            }
        }
    }

    fn parse<T>(
        &mut self,
        key: &'static str,
        f: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, ConfigError> {
        let v = self.string(key)?;
        self.check(key, f(&v))
    }

    fn check<T>(&self, key: &'static str, result: Result<T, String>) -> Result<T, ConfigError> {
        result.map_err(|message| ConfigError {
            source_name: self.origins.get(key).map_or_else(
                || format!("BUREAU_{}", key.to_ascii_uppercase()),
                |o| o.describe(key),
            ),
            message,
        })
    }
}

fn default_public_url(listen: SocketAddr) -> Url {
    let host = if listen.ip().is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        listen.ip().to_string()
    };
    let host = if listen.is_ipv6() && !listen.ip().is_unspecified() {
        format!("[{host}]")
    } else {
        host
    };
    Url::parse(&format!("http://{host}:{}/", listen.port())).unwrap_or_else(|_| {
        Url::parse("http://127.0.0.1:8080/").unwrap_or_else(|_| unreachable!("constant URL"))
    })
}

/// Parses an absolute http(s) base URL and makes sure its path ends with `/`.
pub fn base_url(v: &str) -> Result<Url, String> {
    let mut url = Url::parse(v.trim()).map_err(|e| format!("invalid URL '{v}': {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!(
            "invalid URL '{v}': must be an http:// or https:// address"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "invalid URL '{v}': must not have a query or fragment"
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn database_url(v: &str) -> Result<DatabaseUrl, String> {
    if v.starts_with("postgres://") || v.starts_with("postgresql://") {
        Url::parse(v).map_err(|e| format!("invalid PostgreSQL URL: {e}"))?;
        return Ok(DatabaseUrl::Postgres(v.to_owned()));
    }
    match v
        .strip_prefix("sqlite://")
        .or_else(|| v.strip_prefix("sqlite:"))
    {
        Some(path) if !path.is_empty() => Ok(DatabaseUrl::Sqlite(PathBuf::from(path))),
        _ => Err(format!(
            "unsupported database URL '{}' (use sqlite://PATH or postgres://…)",
            mask_password(v)
        )),
    }
}

#[cfg(test)]
mod tests;
