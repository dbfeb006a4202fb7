//! The table of every setting: its name in the config file, its environment variable, its default
//! and its documentation. The loader, `bureau config example` and `bureau doctor` all read it, so
//! they cannot drift apart.

/// One configurable setting.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    /// Key in the TOML config file; the environment variable is `BUREAU_` + this in upper case.
    pub key: &'static str,
    /// Default as written in the example file (`None`: unset, or derived from another setting).
    pub default: Option<&'static str>,
    /// One line of documentation.
    pub help: &'static str,
    /// Secrets are masked everywhere and may also be read from a file (`BUREAU_<KEY>_FILE`).
    pub secret: bool,
}

impl Setting {
    /// The environment variable that sets this setting.
    pub fn env_var(&self) -> String {
        format!("BUREAU_{}", self.key.to_ascii_uppercase())
    }

    /// The environment variable naming a file that holds this (secret) setting.
    pub fn file_env_var(&self) -> String {
        format!("{}_FILE", self.env_var())
    }
}

const fn setting(key: &'static str, default: Option<&'static str>, help: &'static str) -> Setting {
    Setting {
        key,
        default,
        help,
        secret: false,
    }
}

const fn secret(key: &'static str, help: &'static str) -> Setting {
    Setting {
        key,
        default: None,
        help,
        secret: true,
    }
}

/// Every setting Bureau knows, in the order the example file lists them.
pub const SETTINGS: &[Setting] = &[
    setting(
        "listen",
        Some("127.0.0.1:8080"),
        "Address and port the HTTP server listens on.",
    ),
    setting(
        "public_url",
        None,
        "URL at which browsers reach Bureau (default: http://<listen>).",
    ),
    setting(
        "data_dir",
        Some("./data"),
        "Directory for the embedded database and blobs.",
    ),
    setting(
        "database_url",
        None,
        "Metadata database: sqlite://PATH or postgres://USER:PASS@HOST/DB \
         (default: sqlite://<data_dir>/bureau.db).",
    ),
    setting(
        "storage_url",
        None,
        "Blob store: a directory path, file://PATH or s3://BUCKET/PREFIX?endpoint=URL&region=R \
         (default: <data_dir>/blobs).",
    ),
    setting(
        "s3_access_key_id",
        None,
        "Access key id for an s3:// storage_url (default: AWS_ACCESS_KEY_ID).",
    ),
    secret(
        "s3_secret_access_key",
        "Secret access key for an s3:// storage_url (default: AWS_SECRET_ACCESS_KEY).",
    ),
    setting(
        "max_upload_size",
        Some("1GiB"),
        "Largest accepted upload or saved document, e.g. 512MiB, 2GB or a byte count.",
    ),
    setting(
        "session_ttl",
        Some("14d"),
        "How long a sign-in lasts, e.g. 12h or 30d.",
    ),
    setting(
        "cookie_secure",
        None,
        "Mark cookies Secure (true/false; default: true when public_url is https).",
    ),
    setting(
        "login_max_failures",
        Some("10"),
        "Failed sign-ins, per login and per client address, after which sign-in answers 429 \
         until the window ends (0: no limit).",
    ),
    setting(
        "login_failure_window",
        Some("15m"),
        "How long failed sign-ins are counted, and how long a refusal lasts.",
    ),
    setting(
        "trusted_proxies",
        None,
        "Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For names \
         the client address (default: none, the peer address counts).",
    ),
    secret(
        "admin_password",
        "Password of the admin account created on first start (default: generated and printed once).",
    ),
    setting(
        "gc_interval",
        Some("6h"),
        "How often unreferenced blobs are collected (0 disables the job).",
    ),
    setting(
        "log",
        Some("info"),
        "Log filter, in tracing's EnvFilter syntax.",
    ),
    setting("log_format", Some("text"), "Log format: text or json."),
    setting(
        "docs_url",
        None,
        "ONLYOFFICE Docs as browsers reach it, e.g. https://docs.example.org/ (unset: no editing). \
         Settings saved on the admin settings page override this, docs_internal_url, \
         internal_url, docs_secret and docs_jwt_header.",
    ),
    setting(
        "docs_internal_url",
        None,
        "ONLYOFFICE Docs as Bureau reaches it, if different from docs_url.",
    ),
    setting(
        "internal_url",
        None,
        "Bureau as ONLYOFFICE Docs reaches it, if different from public_url.",
    ),
    secret(
        "docs_secret",
        "JWT secret shared with ONLYOFFICE Docs (JWT is on whenever it is set).",
    ),
    setting(
        "docs_forcesave_interval",
        Some("0"),
        "Force-save documents being edited this often, e.g. 10m (0: only when users save).",
    ),
    setting(
        "docs_forgotten_interval",
        Some("15m"),
        "Recover saves ONLYOFFICE Docs could not deliver (forgotten files) this often (0: off).",
    ),
    setting(
        "docs_jwt_header",
        Some("Authorization"),
        "HTTP header ONLYOFFICE Docs carries its JWT in.",
    ),
    setting(
        "app_id",
        Some("tdrive_onlyoffice"),
        "Application id of the editor connector (bureau connector's CREDENTIALS_ID).",
    ),
    secret(
        "app_secret",
        "Shared secret of the editor connector (its CREDENTIALS_SECRET); unset: no application API.",
    ),
    setting(
        "app_url",
        None,
        "The connector's edition URL as browsers reach it, e.g. https://drive.example.org/plugins/onlyoffice/.",
    ),
    setting(
        "app_token_ttl",
        Some("1h"),
        "Lifetime of the application tokens the connector logs in for.",
    ),
];

/// Looks a setting up by its config-file key.
pub fn find(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// The commented example configuration printed by `bureau config example`.
pub fn example() -> String {
    let mut out = String::from(
        "# Bureau configuration. Every setting is optional; shown values are the defaults.\n\
         # Precedence: defaults < this file (--config) < BUREAU_* environment < command-line flags.\n\
         # Secrets may also come from a file named by BUREAU_<NAME>_FILE (or <name>_file here).\n",
    );
    for s in SETTINGS {
        out.push('\n');
        out.push_str(&format!("# {}\n# env: {}", s.help, s.env_var()));
        if s.secret {
            out.push_str(&format!(" or {}", s.file_env_var()));
        }
        out.push('\n');
        match s.default {
            Some(d) => out.push_str(&format!("#{} = {}\n", s.key, toml_value(d))),
            None => out.push_str(&format!("#{} = \"\"\n", s.key)),
        }
    }
    out
}

fn toml_value(v: &str) -> String {
    toml::Value::String(v.to_owned()).to_string()
}
