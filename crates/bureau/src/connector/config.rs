//! The configuration of `bureau connector`, from the environment only. The Twake Drive
//! connector's own variables are accepted under the names its deployment documentation gives
//! (`SERVER_PORT`, `SERVER_PREFIX`, `CREDENTIALS_ENDPOINT`, `ONLY_OFFICE_SERVER`,
//! `CREDENTIALS_ID`, `CREDENTIALS_SECRET`: `tdrive/connectors/onlyoffice-connector/readme.md`
//! and `src/config/index.ts` in linagora/twake-drive), each with a `BUREAU_CONNECTOR_*` twin
//! that wins when both are set; Bureau's additions exist under `BUREAU_CONNECTOR_*` only.
//! [`VARS`] is the one table that loading, the unknown-variable warning and the documentation
//! test read.

use std::{collections::BTreeMap, net::IpAddr, time::Duration};

use secrecy::SecretString;
use url::Url;

use crate::config::{DocsConfig, LogFormat, base_url, header_name, parse};

/// One setting of the connector.
#[derive(Debug, Clone, Copy)]
pub struct Var {
    /// The name after `BUREAU_CONNECTOR_` (upper case).
    pub key: &'static str,
    /// Whether the bare name (the Twake connector's) is accepted too.
    pub bare: bool,
    /// Default as documented (`None`: required, unset or derived).
    pub default: Option<&'static str>,
    /// One line of documentation.
    pub help: &'static str,
    /// Masked everywhere; also read from a file named by `BUREAU_CONNECTOR_<KEY>_FILE`.
    pub secret: bool,
}

impl Var {
    /// The Bureau name, `BUREAU_CONNECTOR_<KEY>`.
    pub fn env_var(&self) -> String {
        format!("{PREFIX}{}", self.key)
    }
}

/// The prefix of the Bureau names.
pub const PREFIX: &str = "BUREAU_CONNECTOR_";

const fn var(
    key: &'static str,
    bare: bool,
    default: Option<&'static str>,
    help: &'static str,
) -> Var {
    Var {
        key,
        bare,
        default,
        help,
        secret: false,
    }
}

/// Every setting, in the order the documentation lists them.
pub const VARS: &[Var] = &[
    var(
        "SERVER_PORT",
        true,
        Some("5000"),
        "Port the connector listens on.",
    ),
    var(
        "SERVER_PREFIX",
        true,
        Some("/plugins/onlyoffice/"),
        "Path every route of the connector is mounted under (the plugin's external_prefix).",
    ),
    var(
        "CREDENTIALS_ENDPOINT",
        true,
        None,
        "The drive backend, e.g. http://backend:8080/ (required).",
    ),
    var(
        "ONLY_OFFICE_SERVER",
        true,
        None,
        "ONLYOFFICE Docs as browsers reach it, e.g. https://onlyoffice/ (required).",
    ),
    var(
        "CREDENTIALS_ID",
        true,
        None,
        "The application id the connector logs in to the backend with (required).",
    ),
    Var {
        key: "CREDENTIALS_SECRET",
        bare: true,
        default: None,
        help: "The application's shared secret (required; also signs the users' editor links).",
        secret: true,
    },
    var(
        "HOST",
        false,
        Some("0.0.0.0"),
        "Address the connector listens on.",
    ),
    var(
        "INTERNAL_URL",
        false,
        None,
        "The connector as ONLYOFFICE Docs and the backend reach it, without the prefix \
         (default: http://127.0.0.1:<port>/); the manifest's internal_domain.",
    ),
    var(
        "DOCS_INTERNAL_URL",
        false,
        None,
        "ONLYOFFICE Docs as the connector reaches it, if different from ONLY_OFFICE_SERVER.",
    ),
    Var {
        key: "DOCS_SECRET",
        bare: false,
        default: None,
        help: "JWT secret shared with ONLYOFFICE Docs (JWT is on whenever it is set).",
        secret: true,
    },
    var(
        "DOCS_JWT_HEADER",
        false,
        Some("Authorization"),
        "HTTP header ONLYOFFICE Docs carries its JWT in.",
    ),
    var(
        "MAX_UPLOAD_SIZE",
        false,
        Some("1GiB"),
        "Largest saved document passed on to the backend.",
    ),
    var(
        "FORGOTTEN_INTERVAL",
        false,
        Some("15m"),
        "Upload the saves ONLYOFFICE Docs could not deliver (forgotten files) this often (0: off).",
    ),
    var(
        "LOG",
        false,
        Some("info"),
        "Log filter, in tracing's EnvFilter syntax.",
    ),
    var(
        "LOG_FORMAT",
        false,
        Some("text"),
        "Log format: text or json.",
    ),
];

/// The validated configuration of the connector. `Debug` never shows the secrets.
#[derive(Debug, Clone)]
pub struct ConnectorConfig {
    /// Address to listen on.
    pub host: IpAddr,
    /// Port to listen on.
    pub port: u16,
    /// Mount path, starting and ending with `/`.
    pub prefix: String,
    /// The connector as the Document Server and the backend reach it (ends with `/`, no prefix).
    pub internal_url: Url,
    /// The drive backend (ends with `/`).
    pub backend: Url,
    /// The application id.
    pub id: String,
    /// The application secret.
    pub secret: SecretString,
    /// The Document Server.
    pub docs: DocsConfig,
    /// Largest saved document passed on, in bytes.
    pub max_upload_bytes: u64,
    /// Period of the forgotten-file sweep (zero: off).
    pub forgotten_interval: Duration,
    /// Log filter.
    pub log: String,
    /// Log format.
    pub log_format: LogFormat,
}

/// A variable that failed to load, named as the environment gave it.
#[derive(Debug, thiserror::Error)]
#[error("{var}: {message}")]
pub struct VarError {
    /// The variable (`SERVER_PORT`, `BUREAU_CONNECTOR_SERVER_PORT`).
    pub var: String,
    /// What is wrong.
    pub message: String,
}

impl ConnectorConfig {
    /// Reads the configuration from environment variables, or names the first bad one.
    pub fn from_env(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self, VarError> {
        let env = Env(vars.into_iter().collect());
        let port = env.parse("SERVER_PORT", |v| {
            v.parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| format!("invalid port '{v}'"))
        })?;
        let internal_url = match env.get("INTERNAL_URL")? {
            Some((v, name)) => check(&name, base_url(&v))?,
            None => Url::parse(&format!("http://127.0.0.1:{port}/"))
                .map_err(|e| VarError::new("SERVER_PORT", e.to_string()))?,
        };
        let (docs_url, docs_var) = env.required("ONLY_OFFICE_SERVER")?;
        let url = check(&docs_var, base_url(&docs_url))?;
        let docs_internal = match env.get("DOCS_INTERNAL_URL")? {
            Some((v, name)) => check(&name, base_url(&v))?,
            None => url.clone(),
        };
        let (backend, backend_var) = env.required("CREDENTIALS_ENDPOINT")?;
        let (id, id_var) = env.required("CREDENTIALS_ID")?;
        Ok(Self {
            host: env.parse("HOST", |v| {
                v.parse().map_err(|_| format!("invalid address '{v}'"))
            })?,
            port,
            prefix: env.parse("SERVER_PREFIX", prefix)?,
            internal_url,
            backend: check(&backend_var, base_url(&backend))?,
            id: check(&id_var, app_id(&id))?,
            secret: SecretString::from(env.required("CREDENTIALS_SECRET")?.0),
            docs: DocsConfig {
                url,
                internal_url: docs_internal,
                secret: match env.get("DOCS_SECRET")? {
                    Some((v, var)) => Some(check(&var, parse::secret(&v))?),
                    None => None,
                },
                jwt_header: env.parse("DOCS_JWT_HEADER", header_name)?,
            },
            max_upload_bytes: env.parse("MAX_UPLOAD_SIZE", parse::size)?,
            forgotten_interval: env.parse("FORGOTTEN_INTERVAL", parse::duration)?,
            log: env.parse("LOG", |v| Ok(v.to_owned()))?,
            log_format: env.parse("LOG_FORMAT", |v| match v {
                "text" => Ok(LogFormat::Text),
                "json" => Ok(LogFormat::Json),
                _ => Err(format!("invalid log format '{v}' (use text or json)")),
            })?,
        })
    }

    /// The connector's own base for the Document Server: `internal_url` + `prefix`.
    pub fn mounted_url(&self) -> Url {
        let mut url = self.internal_url.clone();
        url.set_path(&format!(
            "{}{}",
            self.internal_url.path().trim_end_matches('/'),
            self.prefix
        ));
        url
    }
}

/// `BUREAU_CONNECTOR_*` variables that match no setting: likely typos, worth a warning.
pub fn unknown_vars(vars: impl IntoIterator<Item = String>) -> Vec<String> {
    vars.into_iter()
        .filter(|name| {
            name.strip_prefix(PREFIX).is_some_and(|key| {
                !VARS
                    .iter()
                    .any(|v| v.key == key || (v.secret && key.strip_suffix("_FILE") == Some(v.key)))
            })
        })
        .collect()
}

/// The environment, looked up by setting with the twin's precedence.
struct Env(BTreeMap<String, String>);

impl Env {
    /// The value of a setting and the variable it came from: `BUREAU_CONNECTOR_<KEY>`, its
    /// `_FILE` for a secret, then the bare name.
    fn get(&self, key: &'static str) -> Result<Option<(String, String)>, VarError> {
        let var = VARS
            .iter()
            .find(|v| v.key == key)
            .unwrap_or_else(|| unreachable!("{key} is in VARS"));
        let twin = var.env_var();
        if let Some(v) = self.0.get(&twin) {
            return Ok(Some((v.clone(), twin)));
        }
        let file_var = format!("{twin}_FILE");
        if var.secret
            && let Some(path) = self.0.get(&file_var)
        {
            return read_secret_file(path, &file_var).map(|v| Some((v, file_var)));
        }
        Ok(self
            .0
            .get(key)
            .filter(|_| var.bare)
            .map(|v| (v.clone(), key.to_owned())))
    }

    fn required(&self, key: &'static str) -> Result<(String, String), VarError> {
        self.get(key)?
            .filter(|(v, _)| !v.trim().is_empty())
            .ok_or_else(|| {
                VarError::new(
                    key,
                    format!("is required (or {PREFIX}{key}); see docs/connector.md"),
                )
            })
    }

    fn parse<T>(
        &self,
        key: &'static str,
        f: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, VarError> {
        let (value, name) = match self.get(key)? {
            Some(found) => found,
            None => {
                let default = VARS
                    .iter()
                    .find(|v| v.key == key)
                    .and_then(|v| v.default)
                    .unwrap_or_default();
                (default.to_owned(), format!("default of {key}"))
            }
        };
        check(&name, f(&value))
    }
}

impl VarError {
    fn new(var: &str, message: impl Into<String>) -> Self {
        Self {
            var: var.to_owned(),
            message: message.into(),
        }
    }
}

fn check<T>(var: &str, result: Result<T, String>) -> Result<T, VarError> {
    result.map_err(|message| VarError::new(var, message))
}

/// A mount path: absolute, starting and ending with `/`, without `..`, query or odd characters.
fn prefix(v: &str) -> Result<String, String> {
    let trimmed = v.trim().trim_matches('/');
    let ok = trimmed.split('/').all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
    });
    if trimmed.is_empty() || ok {
        Ok(if trimmed.is_empty() {
            "/".to_owned()
        } else {
            format!("/{trimmed}/")
        })
    } else {
        Err(format!(
            "invalid path prefix '{v}' (use letters, digits, -_.~ and /, e.g. /plugins/onlyoffice/)"
        ))
    }
}

/// An application id as Twake Drive defines it: short, alphanumeric and `_` (its `plugins.md`).
fn app_id(v: &str) -> Result<String, String> {
    let v = v.trim();
    if !v.is_empty() && v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(v.to_owned())
    } else {
        Err(format!(
            "invalid application id '{v}' (letters, digits and _, at most 64)"
        ))
    }
}

/// Reads a secret from a file, trimming the trailing newline.
fn read_secret_file(path: &str, var: &str) -> Result<String, VarError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| VarError::new(var, format!("cannot read secret file '{path}': {e}")))?;
    let secret = text.trim_end_matches(['\r', '\n']).to_owned();
    if secret.is_empty() {
        return Err(VarError::new(var, format!("secret file '{path}' is empty")));
    }
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret as _;

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        let required = [
            ("CREDENTIALS_ENDPOINT", "http://backend/"),
            ("ONLY_OFFICE_SERVER", "https://onlyoffice/"),
            ("CREDENTIALS_ID", "tdrive_onlyoffice"),
            ("CREDENTIALS_SECRET", "apisecret"),
        ];
        required
            .iter()
            .chain(pairs)
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_twake_variables_work_as_given() {
        let c = ConnectorConfig::from_env(env(&[
            ("SERVER_PORT", "5000"),
            ("SERVER_PREFIX", "/plugins/onlyoffice/"),
        ]))
        .unwrap();
        assert_eq!((c.port, c.prefix.as_str()), (5000, "/plugins/onlyoffice/"));
        assert_eq!(c.backend.as_str(), "http://backend/");
        assert_eq!(c.docs.url.as_str(), "https://onlyoffice/");
        assert_eq!(c.docs.internal_url, c.docs.url);
        assert_eq!(c.id, "tdrive_onlyoffice");
        assert_eq!(c.secret.expose_secret(), "apisecret");
        assert_eq!(
            c.mounted_url().as_str(),
            "http://127.0.0.1:5000/plugins/onlyoffice/"
        );
        assert!(!format!("{c:?}").contains("apisecret"));
    }

    #[test]
    fn twins_win_and_bad_values_name_their_variable() {
        let c = ConnectorConfig::from_env(env(&[
            ("SERVER_PORT", "5000"),
            ("BUREAU_CONNECTOR_SERVER_PORT", "5001"),
            ("BUREAU_CONNECTOR_SERVER_PREFIX", "office"),
            (
                "BUREAU_CONNECTOR_INTERNAL_URL",
                "http://connector:5001/base",
            ),
        ]))
        .unwrap();
        assert_eq!((c.port, c.prefix.as_str()), (5001, "/office/"));
        assert_eq!(
            c.mounted_url().as_str(),
            "http://connector:5001/base/office/"
        );
        let err = ConnectorConfig::from_env(env(&[("SERVER_PORT", "x")])).unwrap_err();
        assert_eq!(err.to_string(), "SERVER_PORT: invalid port 'x'");
        let err = ConnectorConfig::from_env(env(&[("SERVER_PREFIX", "/a/../b")])).unwrap_err();
        assert!(
            err.to_string().starts_with("SERVER_PREFIX: invalid path"),
            "{err}"
        );
        let missing = ConnectorConfig::from_env(Vec::new()).unwrap_err();
        assert!(missing.to_string().contains("is required"), "{missing}");
        // A Bureau-only setting is not read under a bare name.
        let c = ConnectorConfig::from_env(env(&[("HOST", "nonsense")])).unwrap();
        assert_eq!(c.host.to_string(), "0.0.0.0");
    }

    #[test]
    fn secrets_come_from_files_and_typos_are_noticed() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, b"from-file\n").unwrap();
        let path = file.path().display().to_string();
        let c = ConnectorConfig::from_env(env(&[(
            "BUREAU_CONNECTOR_CREDENTIALS_SECRET_FILE",
            path.as_str(),
        )]))
        .unwrap();
        assert_eq!(c.secret.expose_secret(), "from-file");
        let unknown = unknown_vars(
            [
                "BUREAU_CONNECTOR_SERVER_PORT",
                "BUREAU_CONNECTOR_DOCS_SECRET_FILE",
                "BUREAU_CONNECTOR_SERVR_PORT",
                "BUREAU_LISTEN",
            ]
            .map(str::to_owned),
        );
        assert_eq!(unknown, ["BUREAU_CONNECTOR_SERVR_PORT"]);
        let blank =
            ConnectorConfig::from_env(env(&[("BUREAU_CONNECTOR_DOCS_SECRET", " ")])).unwrap_err();
        assert!(
            blank.to_string().contains("an empty secret is refused"),
            "{blank}"
        );
    }

    #[test]
    fn docs_connector_md_names_every_variable() {
        let doc = include_str!("../../../../docs/connector.md");
        for v in VARS {
            assert!(
                doc.contains(&format!("`{}`", v.env_var())),
                "{}",
                v.env_var()
            );
            if v.bare {
                assert!(doc.contains(&format!("| `{}` |", v.key)), "{}", v.key);
            }
        }
    }
}
