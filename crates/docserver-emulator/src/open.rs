//! Checking an editor configuration the way the DS checks the browser's `auth` message (protocol
//! doc §1.4, §1.5, §2.2 and Appendix A.3/A.4):
//!
//! - with browser tokens on, a missing token is 4006 "token:jwt must be provided", a bad one 4006
//!   "token:invalid signature", an expired one 4005 "token:jwt expired"; a token given while
//!   tokens are off is still verified;
//! - a token whose top level has `payload`, `url` or `key` is 4004 "access deny";
//! - the token must carry `document.key`, `document.url`, `document.permissions`, and
//!   `editorConfig.callbackUrl` / `editorConfig.mode` when the page config has them (missing:
//!   4006 "token:"), and its permissions must deep-equal the page's (else 4004);
//! - the token's fields win over the page's; a page in view mode stays in view mode;
//! - a key outside `[0-9A-Za-z._=-]{1,128}` is 4004 "access deny".

use onlyoffice::DocKey;
use serde::Serialize;
use serde_json::{Value, json};

use crate::state::Shared;
use crate::x2t_formats::Family;

/// An open refused, with the DS's code and description (the editor's `onError` data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{code} {description}")]
pub struct OpenError {
    /// 4004 access deny, 4005 expired token, 4006 bad token, 4008 update version, or a
    /// conversion error (-4 download, -3 conversion, -10 size limit).
    pub code: i32,
    /// The DS's description.
    pub description: String,
}

impl OpenError {
    fn new(code: i32, description: &str) -> Self {
        Self {
            code,
            description: description.into(),
        }
    }

    /// 4004 "access deny".
    pub fn access_deny() -> Self {
        Self::new(4004, "access deny")
    }

    /// The key was spent by an accepted save: "file version has been changed".
    pub fn update_version() -> Self {
        Self::new(4008, "updateversion: the file version has been changed")
    }
}

/// The configuration after the token's fields were applied.
#[derive(Debug, Clone)]
pub struct Effective {
    /// `document.key`.
    pub key: String,
    /// `document.url`.
    pub url: String,
    /// `document.url` came from a verified token.
    pub url_verified: bool,
    /// `document.fileType`, lowercase.
    pub file_type: String,
    /// `document.title`.
    pub title: String,
    /// `editorConfig.user.id`.
    pub user_id: String,
    /// `editorConfig.user.name`.
    pub user_name: String,
    /// Edit mode.
    pub editor: bool,
    /// `editorConfig.callbackUrl`.
    pub callback_url: Option<String>,
    /// `editorConfig.customization.forcesave`.
    pub forcesave_button: bool,
}

/// A validated key (the caller checked it already; an invalid one yields a placeholder).
pub fn doc_key(key: &str) -> DocKey {
    DocKey::parse(key).unwrap_or_else(|_| DocKey::generate())
}

/// Validates the page's editor `config` (with its `token`) and merges the token in.
pub fn validate(shared: &Shared, page: &Value) -> Result<Effective, OpenError> {
    let token = page
        .get("token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        if shared.config.jwt_enabled {
            return Err(OpenError::new(4006, "token:jwt must be provided"));
        }
        return effective(page, page, false);
    };
    let claims: Value = shared.jwt.verify(token).map_err(|e| match e {
        onlyoffice::Error::TokenExpired => OpenError::new(4005, "token:jwt expired"),
        onlyoffice::Error::BadSignature => OpenError::new(4006, "token:invalid signature"),
        _ => OpenError::new(4006, "token:jwt malformed"),
    })?;
    if ["payload", "url", "key"]
        .iter()
        .any(|f| claims.get(f).is_some())
    {
        return Err(OpenError::access_deny());
    }
    let missing = |path: &[&str]| path.iter().try_fold(&claims, |v, f| v.get(f)).is_none();
    let page_has = |path: &[&str]| path.iter().try_fold(page, |v, f| v.get(f)).is_some();
    let page_mode = page.pointer("/editorConfig/mode").and_then(Value::as_str);
    if missing(&["document", "key"])
        || missing(&["document", "url"])
        || missing(&["document", "permissions"])
        || (page_has(&["editorConfig", "callbackUrl"]) && missing(&["editorConfig", "callbackUrl"]))
        || (page_mode.is_some_and(|m| m != "view") && missing(&["editorConfig", "mode"]))
    {
        return Err(OpenError::new(4006, "token:"));
    }
    let page_permissions = page
        .pointer("/document/permissions")
        .cloned()
        .unwrap_or(json!({}));
    if claims.pointer("/document/permissions") != Some(&page_permissions) {
        return Err(OpenError::access_deny());
    }
    let mut eff = effective(&claims, page, true)?;
    if page_mode == Some("view") {
        eff.editor = false;
    }
    Ok(eff)
}

/// Reads the effective fields: from `primary` (the token, or the page), else from `page`.
fn effective(primary: &Value, page: &Value, verified: bool) -> Result<Effective, OpenError> {
    let get = |pointer: &str| primary.pointer(pointer).or_else(|| page.pointer(pointer));
    let text = |pointer: &str| get(pointer).and_then(Value::as_str).map(str::to_owned);
    let key = text("/document/key").unwrap_or_default();
    if DocKey::parse(key.as_str()).is_err() {
        return Err(OpenError::access_deny());
    }
    let url = text("/document/url").ok_or_else(|| OpenError::new(-4, "document.url is missing"))?;
    let file_type = text("/document/fileType")
        .or_else(|| url.rsplit('.').next().map(str::to_owned))
        .unwrap_or_default()
        .to_ascii_lowercase();
    if Family::of_ext(&file_type).is_none() {
        return Err(OpenError::new(-82, "unsupported document.fileType"));
    }
    let user_id = match get("/editorConfig/user/id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => format!("uid-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]),
    };
    let permissions = get("/document/permissions").cloned().unwrap_or(json!({}));
    let flag = |name: &str| permissions.get(name).and_then(Value::as_bool);
    let may_edit = flag("edit") != Some(false)
        || flag("review") == Some(true)
        || flag("comment") == Some(true)
        || flag("fillForms") == Some(true);
    let editor = text("/editorConfig/mode").as_deref() != Some("view") && may_edit;
    Ok(Effective {
        title: text("/document/title").unwrap_or_else(|| format!("Unnamed.{file_type}")),
        user_name: text("/editorConfig/user/name").unwrap_or_else(|| "Anonymous".into()),
        callback_url: text("/editorConfig/callbackUrl"),
        forcesave_button: get("/editorConfig/customization/forcesave").and_then(Value::as_bool)
            == Some(true),
        key,
        url,
        url_verified: verified,
        file_type,
        user_id,
        editor,
    })
}
