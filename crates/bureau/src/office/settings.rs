//! The ONLYOFFICE Docs settings an administrator edits on `/admin/settings`: the Document
//! Server's address for browsers and for Bureau, Bureau's address as the Document Server reaches
//! it, the JWT secret and its header. Saved values live in the `settings` table and override the
//! configuration (file, `BUREAU_*` environment, flags) one setting at a time; a setting never
//! saved falls back to the configuration. A saved empty value is an explicit "none": no Document
//! Server, the derived default address, no JWT secret, the default header.

use std::collections::{BTreeMap, BTreeSet};

use secrecy::{ExposeSecret as _, SecretString};
use serde::Deserialize;
use url::Url;

use crate::{
    config::{self, Config, DocsSettings},
    error::{Error, Result},
    store::{self, Db},
};

/// The Document Server as browsers reach it.
pub const DOCS_URL: &str = "docs_url";
/// The Document Server as Bureau reaches it.
pub const DOCS_INTERNAL_URL: &str = "docs_internal_url";
/// Bureau as the Document Server reaches it.
pub const INTERNAL_URL: &str = "internal_url";
/// The JWT secret shared with the Document Server.
pub const DOCS_SECRET: &str = "docs_secret";
/// The header the Document Server carries its JWT in.
pub const DOCS_JWT_HEADER: &str = "docs_jwt_header";
/// Every setting the admin page edits (named as in the configuration).
pub const KEYS: [&str; 5] = [
    DOCS_URL,
    DOCS_INTERNAL_URL,
    INTERNAL_URL,
    DOCS_SECRET,
    DOCS_JWT_HEADER,
];

/// The longest JWT secret accepted.
const MAX_SECRET: usize = 1024;

/// The saved settings, by key; only keys of [`KEYS`]. `Debug` never shows the secret.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Overrides(BTreeMap<&'static str, String>);

impl std::fmt::Debug for Overrides {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl Overrides {
    /// The settings saved in the database.
    pub async fn load(db: &Db) -> store::Result<Self> {
        let rows = store::settings::all(db).await?;
        let known = rows
            .into_iter()
            .filter_map(|(name, value)| KEYS.iter().find(|k| **k == name).map(|k| (*k, value)));
        Ok(Self(known.collect()))
    }

    /// The saved value of `key`, if any.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// These settings with `changes` applied, as they would be once saved.
    pub fn with(&self, changes: &Changes) -> Self {
        let mut next = self.clone();
        for (key, value) in &changes.0 {
            match value {
                Some(v) => next.0.insert(key, v.clone()),
                None => next.0.remove(key),
            };
        }
        next
    }

    /// The configuration with these settings on top. Values are checked when saved; one that
    /// no longer parses is skipped with a warning, so the configuration's value applies.
    pub fn resolve(&self, config: &Config) -> Effective {
        let mut docs = config.docs.clone();
        let mut internal = config
            .origins
            .contains_key(INTERNAL_URL)
            .then(|| config.internal_url.clone());
        let mut saved = BTreeSet::new();
        for (&key, value) in &self.0 {
            let applied = match key {
                DOCS_URL => optional_url(value).map(|u| docs.url = u),
                DOCS_INTERNAL_URL => optional_url(value).map(|u| docs.internal_url = u),
                INTERNAL_URL => optional_url(value).map(|u| internal = u),
                DOCS_SECRET => {
                    docs.secret = (!value.is_empty()).then(|| SecretString::from(value.clone()));
                    Ok(())
                }
                _ => header(value).map(|h| docs.jwt_header = h),
            };
            match applied {
                Ok(()) => {
                    saved.insert(key);
                }
                Err(e) => tracing::warn!(setting = key, "ignoring a saved setting: {e}"),
            }
        }
        Effective {
            docs,
            internal_url: internal,
            public_url: config.public_url.clone(),
            saved,
        }
    }
}

/// The settings in effect: the configuration with the saved settings on top.
#[derive(Debug, Clone)]
pub struct Effective {
    /// The Document Server settings, each on its own.
    pub docs: DocsSettings,
    /// Bureau as the Document Server reaches it, when set (else the public URL).
    pub internal_url: Option<Url>,
    /// Bureau as browsers reach it.
    pub public_url: Url,
    /// The keys whose value was saved on the admin page (the rest come from the configuration).
    pub saved: BTreeSet<&'static str>,
}

impl Effective {
    /// Bureau as the Document Server reaches it.
    pub fn bureau_url(&self) -> Url {
        self.internal_url
            .clone()
            .unwrap_or_else(|| self.public_url.clone())
    }
}

/// Checked changes to the saved settings: a value to save, or `None` to forget one. `Debug`
/// shows only the keys.
#[derive(Clone, Default)]
pub struct Changes(Vec<(&'static str, Option<String>)>);

impl std::fmt::Debug for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(k, _)| k))
            .finish()
    }
}

impl Changes {
    /// Forgets every saved setting: the configuration applies again.
    pub fn forget_all() -> Self {
        Self(KEYS.iter().map(|k| (*k, None)).collect())
    }

    /// Saves them (in one transaction), as done by `user_id`.
    pub async fn save(&self, db: &Db, user_id: &str) -> store::Result<()> {
        let list: Vec<store::settings::Change<'_>> =
            self.0.iter().map(|(k, v)| (*k, v.as_deref())).collect();
        store::settings::apply(db, &list, user_id, store::now_ms()).await
    }
}

/// The body of `PUT /api/v1/admin/settings` and of a test of unsaved settings. A field left out
/// (or `null`) stays as it is; an empty address means "none" (no Document Server, or the
/// derived default). The secret is write-only: a non-empty `docs_secret` replaces it, and
/// `clear_docs_secret` removes it (JWT off).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    docs_url: Option<String>,
    docs_internal_url: Option<String>,
    internal_url: Option<String>,
    docs_jwt_header: Option<String>,
    docs_secret: Option<SecretString>,
    #[serde(default)]
    clear_docs_secret: bool,
}

impl SettingsInput {
    /// Checks every field, naming the first bad one.
    pub fn validate(self) -> Result<Changes> {
        let mut out = Vec::new();
        for (key, value) in [
            (DOCS_URL, self.docs_url),
            (DOCS_INTERNAL_URL, self.docs_internal_url),
            (INTERNAL_URL, self.internal_url),
        ] {
            if let Some(v) = value {
                let v = v.trim();
                let url = optional_url(v).map_err(|e| invalid(key, &e))?;
                out.push((key, Some(url.map(String::from).unwrap_or_default())));
            }
        }
        if let Some(v) = self.docs_jwt_header {
            let v = v.trim();
            header(v).map_err(|e| invalid(DOCS_JWT_HEADER, &e))?;
            out.push((DOCS_JWT_HEADER, Some(v.to_owned())));
        }
        let secret = self.docs_secret.filter(|s| !s.expose_secret().is_empty());
        match (secret, self.clear_docs_secret) {
            (Some(_), true) => {
                return Err(Error::bad_request(
                    "invalid_settings",
                    "docs_secret: give a new secret or clear_docs_secret, not both",
                ));
            }
            (Some(s), false) => {
                let s = s.expose_secret();
                check_secret(s).map_err(|e| invalid(DOCS_SECRET, &e))?;
                out.push((DOCS_SECRET, Some(s.to_owned())));
            }
            (None, true) => out.push((DOCS_SECRET, Some(String::new()))),
            (None, false) => {}
        }
        Ok(Changes(out))
    }
}

fn invalid(key: &str, message: &str) -> Error {
    Error::bad_request("invalid_settings", format!("{key}: {message}"))
}

/// An empty value (none) or an absolute http(s) base URL.
fn optional_url(v: &str) -> Result<Option<Url>, String> {
    if v.is_empty() {
        return Ok(None);
    }
    config::base_url(v).map(Some)
}

/// A header name; empty means the default (`Authorization`).
fn header(v: &str) -> Result<String, String> {
    if v.is_empty() {
        let default = config::find(DOCS_JWT_HEADER).and_then(|s| s.default);
        return Ok(default.unwrap_or("Authorization").to_owned());
    }
    config::header_name(v)
}

fn check_secret(s: &str) -> Result<(), String> {
    if s.len() > MAX_SECRET {
        return Err(format!("a secret is at most {MAX_SECRET} bytes"));
    }
    if s.chars().any(char::is_control) {
        return Err("a secret has no control characters".to_owned());
    }
    Ok(())
}

/// How a fix names a setting: the configuration's variable, or the admin page's field when the
/// value in effect was saved there.
pub fn setting_name(key: &str, saved: &BTreeSet<&'static str>) -> String {
    if !saved.contains(key) {
        return format!("BUREAU_{}", key.to_ascii_uppercase());
    }
    let field = match key {
        DOCS_URL => "Document Server URL",
        DOCS_INTERNAL_URL => "Document Server internal URL",
        INTERNAL_URL => "Bureau internal URL",
        DOCS_SECRET => "JWT secret",
        _ => "JWT header",
    };
    format!("Settings ▸ {field}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Sources;

    fn config(pairs: &[(&str, &str)]) -> Config {
        let mut src = Sources::default();
        for (k, v) in pairs {
            src = src.with_flag(k, Some((*v).to_owned()));
        }
        Config::from_sources(&src).unwrap()
    }

    fn input(json: serde_json::Value) -> Result<Changes> {
        serde_json::from_value::<SettingsInput>(json)
            .unwrap()
            .validate()
    }

    #[test]
    fn saved_settings_override_the_configuration_one_by_one() {
        let c = config(&[
            ("docs_url", "http://docs.env/"),
            ("docs_secret", "from-env"),
            ("public_url", "http://bureau.example/"),
        ]);
        let none = Overrides::default().resolve(&c);
        let docs = none.docs.resolve().unwrap();
        assert_eq!(docs.url.as_str(), "http://docs.env/");
        assert_eq!(none.bureau_url().as_str(), "http://bureau.example/");
        assert!(none.saved.is_empty());

        let changes = input(serde_json::json!({
            "docs_internal_url": "http://docs.internal:8000",
            "internal_url": "http://bureau.internal:8080",
        }))
        .unwrap();
        let eff = Overrides::default().with(&changes).resolve(&c);
        let docs = eff.docs.resolve().unwrap();
        assert_eq!(docs.url.as_str(), "http://docs.env/", "not saved: env");
        assert_eq!(docs.internal_url.as_str(), "http://docs.internal:8000/");
        assert!(docs.secret.is_some(), "the env secret still applies");
        assert_eq!(eff.bureau_url().as_str(), "http://bureau.internal:8080/");
        assert_eq!(setting_name(DOCS_SECRET, &eff.saved), "BUREAU_DOCS_SECRET");
        assert_eq!(
            setting_name(INTERNAL_URL, &eff.saved),
            "Settings ▸ Bureau internal URL"
        );

        let off = input(serde_json::json!({"docs_url": "", "clear_docs_secret": true})).unwrap();
        let eff = Overrides::default().with(&off).resolve(&c);
        assert!(
            eff.docs.resolve().is_none(),
            "an empty saved address turns editing off"
        );
        assert!(eff.docs.secret.is_none(), "cleared");
        let back = Overrides::default().with(&off).with(&Changes::forget_all());
        assert_eq!(back, Overrides::default());
    }

    #[test]
    fn bad_input_names_the_field() {
        for (json, field) in [
            (serde_json::json!({"docs_url": "ftp://x/"}), "docs_url"),
            (
                serde_json::json!({"internal_url": "/relative"}),
                "internal_url",
            ),
            (
                serde_json::json!({"docs_jwt_header": "Bad Header"}),
                "docs_jwt_header",
            ),
            (serde_json::json!({"docs_secret": "a\nb"}), "docs_secret"),
            (
                serde_json::json!({"docs_secret": "x", "clear_docs_secret": true}),
                "docs_secret",
            ),
        ] {
            let e = input(json.clone()).unwrap_err();
            assert_eq!(e.code(), "invalid_settings");
            assert!(e.to_string().starts_with(field), "{json}: {e}");
        }
        let empty = input(serde_json::json!({"docs_secret": ""})).unwrap();
        assert!(empty.0.is_empty(), "an empty secret keeps the current one");
        let debug = format!("{:?}", input(serde_json::json!({"docs_secret": "s3cret"})));
        assert!(!debug.contains("s3cret"), "{debug}");
    }
}
