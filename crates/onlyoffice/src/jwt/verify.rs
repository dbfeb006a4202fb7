//! Verifying incoming tokens: body, header and download forms.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{DecodingKey, Validation};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::{Map, Value};

use super::{Algorithm, BEARER, JwtSettings, map_jwt_error};
use crate::{Error, Result};

/// Claims of the header token on the Document Server's download of `document.url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadClaims {
    /// The exact URL the token was issued for.
    pub url: String,
}

impl JwtSettings {
    /// Verifies `token` with the inbox secret and returns its claims as they were signed
    /// (including `iat`/`exp` and any `payload` wrapper).
    ///
    /// # Errors
    /// [`Error::AlgorithmNotAllowed`], [`Error::BadSignature`], [`Error::TokenExpired`],
    /// [`Error::MalformedToken`], or [`Error::Json`] when the claims do not fit `T`.
    pub fn verify<T: DeserializeOwned>(&self, token: &str) -> Result<T> {
        Ok(serde_json::from_value(self.verify_value(token)?)?)
    }

    /// Verifies a header value of the form `Bearer <jwt>` and returns the signed parameters:
    /// the `payload` object when there is one, else the flat claims without `iat`/`exp`.
    ///
    /// # Errors
    /// [`Error::MissingBearer`] and the errors of [`JwtSettings::verify`].
    pub fn verify_header<T: DeserializeOwned>(&self, header_value: &str) -> Result<T> {
        self.verify_params(bearer_token(header_value)?)
    }

    /// Verifies an incoming request the way the Document Server does: the body's `token` wins;
    /// without one, the header value (`Bearer <jwt>`) is used; without either the request is
    /// refused with [`Error::MissingToken`]. Returns the signed parameters (see
    /// [`JwtSettings::verify_header`]).
    ///
    /// Only the signed claims are returned, never merged with the unsigned body: the Document
    /// Server may strip `changesurl`/`history` from the plain body when the header gets long
    /// (server `canvasservice.js`), and an unsigned field must never reach the host's logic.
    ///
    /// # Errors
    /// [`Error::Json`] if a non-empty body is not JSON, [`Error::MissingToken`], and the errors
    /// of [`JwtSettings::verify_header`].
    pub fn verify_request<T: DeserializeOwned>(
        &self,
        body: &[u8],
        header_value: Option<&str>,
    ) -> Result<T> {
        match (body_token(body)?, header_value) {
            (Some(token), _) => self.verify_params(&token),
            (None, Some(header)) => self.verify_header(header),
            (None, None) => Err(Error::MissingToken),
        }
    }

    /// Checks the header token of the Document Server's GET of `document.url`: a valid token
    /// whose `payload.url` is exactly `requested_url`.
    ///
    /// # Errors
    /// [`Error::UrlMismatch`] and the errors of [`JwtSettings::verify_header`].
    pub fn verify_download(&self, header_value: &str, requested_url: &str) -> Result<()> {
        let claims: DownloadClaims = self.verify_header(header_value)?;
        if claims.url == requested_url {
            Ok(())
        } else {
            Err(Error::UrlMismatch)
        }
    }

    /// Verifies `token` and returns its signed parameters as `T`.
    fn verify_params<T: DeserializeOwned>(&self, token: &str) -> Result<T> {
        Ok(serde_json::from_value(signed_params(
            self.verify_value(token)?,
        ))?)
    }

    fn verify_value(&self, token: &str) -> Result<Value> {
        let algorithm = self.header_algorithm(token)?;
        let mut validation = Validation::new(algorithm.to_jsonwebtoken());
        validation.required_spec_claims.clear();
        validation.validate_exp = true;
        validation.validate_aud = false;
        validation.leeway = self.leeway.as_secs();
        let key = DecodingKey::from_secret(&self.inbox.0);
        let data =
            jsonwebtoken::decode::<Value>(token, &key, &validation).map_err(map_jwt_error)?;
        Ok(data.claims)
    }

    /// Reads `alg` from the token header and refuses any algorithm not configured, before the
    /// signature is checked.
    fn header_algorithm(&self, token: &str) -> Result<Algorithm> {
        #[derive(Deserialize)]
        struct JoseHeader {
            alg: String,
        }
        let encoded = token.split('.').next().unwrap_or_default();
        let bytes = URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|_| Error::MalformedToken("header is not base64url".into()))?;
        let header: JoseHeader = serde_json::from_slice(&bytes)
            .map_err(|_| Error::MalformedToken("header is not a JSON object with `alg`".into()))?;
        self.accepted
            .iter()
            .copied()
            .find(|a| a.name() == header.alg)
            .ok_or(Error::AlgorithmNotAllowed(header.alg))
    }
}

/// The token of a header value `Bearer <jwt>` (scheme matched case-insensitively).
///
/// # Errors
/// [`Error::MissingBearer`] if the value does not start with the `Bearer ` scheme or carries
/// nothing after it.
pub fn bearer_token(header_value: &str) -> Result<&str> {
    let value = header_value.trim();
    let (scheme, token) = value
        .split_at_checked(BEARER.len())
        .ok_or(Error::MissingBearer)?;
    let token = token.trim_start();
    if scheme.eq_ignore_ascii_case(BEARER) && !token.is_empty() {
        Ok(token)
    } else {
        Err(Error::MissingBearer)
    }
}

/// The `token` field of a JSON request body, if it has one (an empty body has none).
///
/// # Errors
/// [`Error::Json`] if a non-empty body is not JSON; [`Error::MalformedToken`] if `token` is
/// not a string.
pub fn body_token(body: &[u8]) -> Result<Option<String>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match serde_json::from_slice::<Value>(body)?
        .get_mut("token")
        .map(Value::take)
    {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(token)) => Ok(Some(token)),
        Some(_) => Err(Error::MalformedToken("body `token` is not a string".into())),
    }
}

/// The top-level fields of an unsigned request body (`token` aside) that are missing from, or
/// differ in, the `signed` parameters returned by [`JwtSettings::verify_request`]. Useful for
/// logging forged or stale bodies; the verified parameters are what counts either way. Fields
/// the body lacks are not reported: the Document Server drops `changesurl` and `history` from
/// the plain body when its header token would get too long.
///
/// # Errors
/// [`Error::Json`] if `body` is not JSON.
pub fn unsigned_fields(body: &[u8], signed: &Value) -> Result<Vec<String>> {
    let Value::Object(body) = serde_json::from_slice(body)? else {
        return Ok(Vec::new());
    };
    Ok(body
        .into_iter()
        .filter(|(name, value)| name != "token" && signed.get(name) != Some(value))
        .map(|(name, _)| name)
        .collect())
}

/// The parameters a verified token carries: its `payload` object if it has one (header form),
/// else its claims without the registered time claims.
fn signed_params(claims: Value) -> Value {
    match claims {
        Value::Object(mut map) => match map.remove("payload") {
            Some(payload @ Value::Object(_)) => payload,
            Some(other) => {
                map.insert("payload".into(), other);
                strip_time_claims(map)
            }
            None => strip_time_claims(map),
        },
        other => other,
    }
}

fn strip_time_claims(mut map: Map<String, Value>) -> Value {
    for claim in ["iat", "exp", "nbf"] {
        map.remove(claim);
    }
    Value::Object(map)
}
