//! The Command service, `POST /command` and `/coauthoring/CommandService.ashx` (protocol doc §5,
//! Appendix A.1–A.3). Answers are always HTTP 200 JSON `{"key", "error", …}`.
//!
//! - tokens: the body `token` wins, else the header (flat or `{"payload": …}`); none or a bad one
//!   is `{"error":6}` (expired: 7); only the token's contents are used (`tokenRequiredParams`);
//! - `info` answers the editors and also sends a status 1 *without* `actions` (status 4 when
//!   nobody is in); `forcesave` answers at once (4 when nothing changed since the last save) and
//!   the status 6 follows; `drop`, `meta`, `version`, `license` and the forgotten-file commands.

use std::sync::Arc;

use axum::http::HeaderMap;
use onlyoffice::callback::{Callback, CallbackStatus};
use onlyoffice::command::{Command, CommandErrorCode, CommandResponse};
use serde_json::{Value, json};

use crate::saving::{self, Trigger};
use crate::session::status_one;
use crate::state::{Shared, lock};
use crate::{callbacks, inbound};

/// Handles one Command service request (`body` is the raw body, `query` the query string).
pub async fn handle(
    shared: &Arc<Shared>,
    headers: &HeaderMap,
    body: &[u8],
    query: &str,
) -> CommandResponse {
    let params = match inbound::params(shared, headers, body, query) {
        Ok(params) => params,
        Err(inbound::TokenError::Expired) => {
            return CommandResponse::new(None, CommandErrorCode::TokenExpired);
        }
        Err(_) => return CommandResponse::new(None, CommandErrorCode::InvalidToken),
    };
    let key = params.get("key").and_then(Value::as_str).map(str::to_owned);
    let c = params.get("c").and_then(Value::as_str).unwrap_or_default();
    let keyless = matches!(c, "version" | "license" | "getForgottenList");
    if !keyless && key.is_none() {
        return CommandResponse::new(key, CommandErrorCode::KeyNotFound);
    }
    let command: Command = match serde_json::from_value(params.clone()) {
        Ok(command) => command,
        Err(_) if c == "drop" || c == "info" || c == "forcesave" || c.contains("orgotten") => {
            return CommandResponse::new(key, CommandErrorCode::KeyNotFound);
        }
        Err(_) => return CommandResponse::new(key, CommandErrorCode::CommandIncorrect),
    };
    run(shared, command, key)
}

fn run(shared: &Arc<Shared>, command: Command, key: Option<String>) -> CommandResponse {
    let mut response = CommandResponse::new(key, CommandErrorCode::NoError);
    match command {
        Command::Version => response.version = Some(shared.config.version.clone()),
        Command::License => license(shared, &mut response),
        Command::Info { key, userdata } => match info(shared, key.as_str(), userdata) {
            Ok(users) => response.users = Some(users),
            Err(code) => response.error = code,
        },
        Command::Forcesave { key, userdata } => {
            response.error =
                saving::force_save(shared, key.as_str(), Trigger::Command { userdata });
        }
        Command::Drop { key, users } => response.error = drop_users(shared, key.as_str(), users),
        Command::Meta { key, meta } => {
            let mut docs = lock(&shared.docs);
            match docs.get_mut(key.as_str()) {
                Some(entry) => {
                    entry.title.clone_from(&meta.title);
                    entry.push_event("meta", json!({ "title": meta.title }));
                }
                None => response.error = CommandErrorCode::KeyNotFound,
            }
        }
        Command::GetForgotten { key } => match lock(&shared.forgotten).get(key.as_str()) {
            Some(f) => {
                let name = format!("output.{}", f.ext);
                let url = shared.storage.signed_url(
                    &shared.base_url,
                    &f.rel,
                    &name,
                    shared.config.url_expires,
                );
                response.url = Some(url);
            }
            None => response.error = CommandErrorCode::KeyNotFound,
        },
        Command::GetForgottenList => {
            response.keys = Some(lock(&shared.forgotten).keys().cloned().collect());
        }
        Command::DeleteForgotten { key } => {
            if lock(&shared.forgotten).remove(key.as_str()).is_some() {
                shared.storage.remove_prefix(&format!("forgotten/{key}/"));
            } else {
                response.error = CommandErrorCode::KeyNotFound;
            }
        }
    }
    response
}

/// `info`: the editors, plus a status 1 without `actions` (or 4 when nobody is in).
fn info(
    shared: &Arc<Shared>,
    key: &str,
    userdata: Option<String>,
) -> Result<Vec<String>, CommandErrorCode> {
    let (users, url, idle) = {
        let docs = lock(&shared.docs);
        let entry = docs.get(key).ok_or(CommandErrorCode::KeyNotFound)?;
        let url = entry
            .callback_url
            .clone()
            .ok_or(CommandErrorCode::CallbackUrlIncorrect)?;
        (entry.editor_ids(), url, !entry.has_new_changes())
    };
    let callback = if users.is_empty() {
        if !idle {
            return Ok(users);
        }
        let mut cb = Callback::new(crate::open::doc_key(key), CallbackStatus::Closed);
        cb.userdata = userdata;
        cb
    } else {
        let mut cb = status_one(key, users.clone(), None);
        cb.userdata = userdata;
        cb
    };
    let shared = Arc::clone(shared);
    tokio::spawn(async move { callbacks::send(&shared, &url, &callback, 1).await });
    Ok(users)
}

/// `drop`: disconnects `users` (everyone when `None`).
fn drop_users(shared: &Arc<Shared>, key: &str, users: Option<Vec<String>>) -> CommandErrorCode {
    let conns: Vec<String> = {
        let mut docs = lock(&shared.docs);
        let Some(entry) = docs.get_mut(key) else {
            return CommandErrorCode::KeyNotFound;
        };
        let conns: Vec<(String, String)> = entry
            .participants
            .iter()
            .filter(|p| users.as_ref().is_none_or(|u| u.contains(&p.user_id)))
            .map(|p| (p.conn.clone(), p.user_id.clone()))
            .collect();
        for (conn, user) in &conns {
            entry.push_event("drop", json!({ "connection": conn, "user": user }));
        }
        conns.into_iter().map(|(conn, _)| conn).collect()
    };
    for conn in conns {
        crate::session::leave(shared, &conn).ok();
    }
    CommandErrorCode::NoError
}

fn license(shared: &Shared, response: &mut CommandResponse) {
    let build = shared
        .config
        .version
        .rsplit_once('.')
        .map_or(("", ""), |(v, b)| (v, b));
    response.license = Some(json!({
        "end_date": null, "trial": false, "customization": false, "connections": 20,
        "connections_view": 20, "users_count": 0, "users_view_count": 0, "users_expire": 30,
    }));
    response.server = Some(json!({
        "resultType": 3, "packageType": 0, "buildDate": "2026-01-01T00:00:00.000Z",
        "buildVersion": build.0, "buildNumber": build.1.parse::<u32>().unwrap_or(0),
    }));
    response.quota = Some(json!({ "users": [], "users_view": [] }));
}
