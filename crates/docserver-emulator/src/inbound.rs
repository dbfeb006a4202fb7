//! Reading the parameters of a host → DS request (Command and Conversion services) the way
//! `DocsCoServer.js:1652-1698` does (protocol doc §2.2 and Appendix A.3):
//!
//! - the parameters are the JSON body, or the query string when the body is not JSON;
//! - with inbox tokens on, the body (or query) `token` wins; without one, the configured header's
//!   `Bearer` token is used; a header token may be flat or `{"payload": {…}, "query": {…}}`, and
//!   the decoded object, its `payload` and its `query` are merged;
//! - with `tokenRequiredParams` (the default) only the token's contents are used.

use axum::http::HeaderMap;
use serde_json::{Map, Value};

use crate::state::Shared;

/// Why a request's token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// No token while tokens are required.
    Missing,
    /// Bad signature, algorithm or shape.
    Invalid,
    /// Expired beyond the leeway.
    Expired,
}

/// The request parameters, from the verified token when tokens are on.
pub fn params(
    shared: &Shared,
    headers: &HeaderMap,
    body: &[u8],
    query: &str,
) -> Result<Value, TokenError> {
    let mut plain = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => object,
        _ => query_object(query),
    };
    if let Some(Value::String(users)) = plain.get("users").cloned()
        && let Ok(list @ Value::Array(_)) = serde_json::from_str::<Value>(&users)
    {
        plain.insert("users".into(), list);
    }
    if !shared.config.jwt_enabled {
        plain.remove("token");
        return Ok(Value::Object(plain));
    }
    let body_token = plain
        .get("token")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let header_token = headers
        .get(shared.config.jwt_header.as_str())
        .and_then(|v| v.to_str().ok())
        .and_then(|v| onlyoffice::jwt::bearer_token(v).ok())
        .map(str::to_owned);
    let token = body_token.or(header_token).ok_or(TokenError::Missing)?;
    let decoded: Value = shared.jwt.verify(&token).map_err(|e| match e {
        onlyoffice::Error::TokenExpired => TokenError::Expired,
        _ => TokenError::Invalid,
    })?;
    let Value::Object(mut decoded) = decoded else {
        return Err(TokenError::Invalid);
    };
    let mut merged = Map::new();
    let payload = decoded.remove("payload");
    let query_part = decoded.remove("query");
    decoded.remove("iat");
    decoded.remove("exp");
    merged.extend(decoded);
    for part in [payload, query_part].into_iter().flatten() {
        if let Value::Object(object) = part {
            merged.extend(object);
        }
    }
    if let Some(Value::String(users)) = merged.get("users").cloned()
        && let Ok(list @ Value::Array(_)) = serde_json::from_str::<Value>(&users)
    {
        merged.insert("users".into(), list);
    }
    Ok(Value::Object(merged))
}

/// `a=1&b=x` as a JSON object of strings.
fn query_object(query: &str) -> Map<String, Value> {
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect()
}
