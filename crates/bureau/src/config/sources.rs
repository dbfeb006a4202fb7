//! The raw layers a configuration is merged from, and the lookup that applies their precedence.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use super::{ConfigError, settings};

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The built-in default (or a value derived from another setting).
    Default,
    /// The TOML config file.
    File(PathBuf),
    /// An environment variable (its name).
    Env(String),
    /// A command-line flag.
    Flag,
}

impl Origin {
    /// Names the variable, flag or file key a setting came from, for messages.
    pub fn describe(&self, key: &str) -> String {
        match self {
            Self::Default => format!("default of {key}"),
            Self::File(path) => format!("{key} in {}", path.display()),
            Self::Env(var) => var.clone(),
            Self::Flag => format!("--{}", key.replace('_', "-")),
        }
    }
}

/// The layers of raw string values: flags, environment, config file.
#[derive(Debug, Default)]
pub struct Sources {
    flags: BTreeMap<String, String>,
    env: BTreeMap<String, String>,
    file: BTreeMap<String, String>,
    file_path: Option<PathBuf>,
}

impl Sources {
    /// Collects the `BUREAU_*` variables of an environment.
    pub fn with_env(mut self, vars: impl IntoIterator<Item = (String, String)>) -> Self {
        self.env = vars
            .into_iter()
            .filter(|(k, _)| k.starts_with("BUREAU_"))
            .collect();
        self
    }

    /// Sets a flag value for a setting key (flags win over everything).
    pub fn with_flag(mut self, key: &str, value: Option<String>) -> Self {
        if let Some(v) = value {
            self.flags.insert(key.to_owned(), v);
        }
        self
    }

    /// Reads a TOML config file; unknown keys and non-scalar values are errors.
    pub fn with_file(mut self, path: &Path) -> Result<Self, ConfigError> {
        let fail = |message: String| ConfigError {
            source_name: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        let table: toml::Table = text
            .parse()
            .map_err(|e| fail(format!("invalid TOML: {e}")))?;
        for (key, value) in table {
            let known = settings::find(&key).is_some()
                || key
                    .strip_suffix("_file")
                    .and_then(settings::find)
                    .is_some_and(|s| s.secret);
            if !known {
                return Err(fail(format!(
                    "unknown setting '{key}' (see `bureau config example`)"
                )));
            }
            let value = match value {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                other => return Err(fail(format!("{key}: expected a string, got {other}"))),
            };
            self.file.insert(key, value);
        }
        self.file_path = Some(path.to_owned());
        Ok(self)
    }

    /// `BUREAU_*` variables that match no setting: likely typos, worth a warning. The
    /// `BUREAU_CONNECTOR_*` variables of `bureau connector` are its own business.
    pub fn unknown_env_vars(&self) -> Vec<String> {
        self.env
            .keys()
            .filter(|var| {
                !settings::SETTINGS
                    .iter()
                    .any(|s| s.env_var() == **var || (s.secret && s.file_env_var() == **var))
                    && var.as_str() != "BUREAU_CONFIG"
                    && !var.starts_with(crate::connector::config::PREFIX)
            })
            .cloned()
            .collect()
    }

    /// The raw value of a setting and its origin, by precedence: flag, environment (the secret's
    /// `_FILE` twin included), config file (and its `<key>_file` twin).
    pub fn lookup(&self, key: &str) -> Result<Option<(String, Origin)>, ConfigError> {
        let Some(setting) = settings::find(key) else {
            return Ok(None);
        };
        if let Some(v) = self.flags.get(key) {
            return Ok(Some((v.clone(), Origin::Flag)));
        }
        let var = setting.env_var();
        if let Some(v) = self.env.get(&var) {
            return Ok(Some((v.clone(), Origin::Env(var))));
        }
        let file_var = setting.file_env_var();
        if setting.secret
            && let Some(path) = self.env.get(&file_var)
        {
            return read_secret_file(path, &file_var).map(|v| Some((v, Origin::Env(file_var))));
        }
        let origin = || Origin::File(self.file_path.clone().unwrap_or_default());
        if let Some(v) = self.file.get(key) {
            return Ok(Some((v.clone(), origin())));
        }
        let file_key = format!("{key}_file");
        if setting.secret
            && let Some(path) = self.file.get(&file_key)
        {
            return read_secret_file(path, &origin().describe(&file_key))
                .map(|v| Some((v, origin())));
        }
        Ok(None)
    }
}

/// Reads a secret from a file, trimming the trailing newline editors and `echo` add.
fn read_secret_file(path: &str, source_name: &str) -> Result<String, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        source_name: source_name.to_owned(),
        message: format!("cannot read secret file '{path}': {e}"),
    })?;
    let secret = text.trim_end_matches(['\r', '\n']).to_owned();
    if secret.is_empty() {
        return Err(ConfigError {
            source_name: source_name.to_owned(),
            message: format!("secret file '{path}' is empty"),
        });
    }
    Ok(secret)
}
