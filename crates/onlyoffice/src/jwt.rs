//! JSON Web Tokens as the Document Server uses them.
//!
//! Two secrets are involved, named here from the host's side:
//!
//! * the **outbox** secret signs what the host sends: the editor config (`config.token`), Command
//!   and Conversion service requests. The Document Server verifies these with its
//!   `services.CoAuthoring.secret.inbox` (browser tokens use the inbox secret too).
//! * the **inbox** secret verifies what the host receives: callbacks and the `Authorization`
//!   header on the Document Server's download of `document.url`. The Document Server signs these
//!   with its `secret.outbox`.
//!
//! The official Docker image uses one secret for everything, so [`JwtSettings::new`] takes one.
//!
//! Token forms (protocol doc §2, observed in Appendix A.1):
//!
//! * **Body token**: the request's own parameters, flat, plus `iat`/`exp`, in the body's `token`.
//! * **Header token**: `Authorization: Bearer <jwt>` whose claims are `{"payload": <params>,
//!   "iat", "exp"}`.
//! * **Editor config**: the flat config object itself, never wrapped in `payload` (the Document
//!   Server refuses a config token whose top level holds `payload`, `url` or `key`).
//!
//! Verification accepts only the HMAC algorithms listed in the settings (HS256 unless configured
//! otherwise). `alg: none`, asymmetric algorithms and anything unknown are refused before the
//! signature is looked at. Signatures are compared in constant time (`jsonwebtoken` recomputes the
//! HMAC and compares with `ring::constant_time`). `exp` is honoured with a leeway (60 s, like the
//! Document Server's `clockTolerance`) when present, and not required.

use std::{
    fmt,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::Value;

use crate::{Error, Result};

/// An HMAC algorithm for Document Server tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// HMAC-SHA256, the Document Server's default (`token.outbox.algorithm`).
    #[default]
    Hs256,
    /// HMAC-SHA384.
    Hs384,
    /// HMAC-SHA512.
    Hs512,
}

impl Algorithm {
    /// The name in the JWT header (`HS256`, …).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Hs256 => "HS256",
            Self::Hs384 => "HS384",
            Self::Hs512 => "HS512",
        }
    }

    const fn to_jsonwebtoken(self) -> jsonwebtoken::Algorithm {
        match self {
            Self::Hs256 => jsonwebtoken::Algorithm::HS256,
            Self::Hs384 => jsonwebtoken::Algorithm::HS384,
            Self::Hs512 => jsonwebtoken::Algorithm::HS512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A shared HMAC secret. Its `Debug` output never shows the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Wraps the secret bytes (the Document Server's `JWT_SECRET` as UTF-8).
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        Self(secret.into())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

/// Secrets, algorithms and time limits for signing and verifying Document Server tokens.
///
/// ```
/// use std::time::Duration;
/// use onlyoffice::jwt::{Algorithm, JwtSettings};
///
/// let jwt = JwtSettings::new("ds-secret")
///     .with_inbox_secret("ds-outbox-secret")
///     .with_accepted(&[Algorithm::Hs256, Algorithm::Hs512])
///     .with_lifetime(Duration::from_secs(600));
/// let token = jwt.sign(&serde_json::json!({"c": "version"}))?;
/// assert_eq!(token.split('.').count(), 3);
/// # Ok::<(), onlyoffice::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct JwtSettings {
    inbox: Secret,
    outbox: Secret,
    algorithm: Algorithm,
    accepted: Vec<Algorithm>,
    leeway: Duration,
    lifetime: Duration,
}

/// A request's parameters signed in both forms the Document Server reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// JWT of the flat parameters, for the body's `token` field.
    pub body_token: String,
    /// JWT of `{"payload": <parameters>}`, for the header.
    pub header_token: String,
}

impl SignedRequest {
    /// The header value: `Bearer <header_token>`.
    #[must_use]
    pub fn bearer(&self) -> String {
        format!("{BEARER}{}", self.header_token)
    }
}

/// Claims of the header token on the Document Server's download of `document.url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadClaims {
    /// The exact URL the token was issued for.
    pub url: String,
}

/// The scheme prefix of the header value.
const BEARER: &str = "Bearer ";

impl JwtSettings {
    /// One secret for both directions, HS256, 60 s leeway, 5 min token lifetime: the Document
    /// Server's defaults (`token.outbox.expires = 5m`, `verifyOptions.clockTolerance = 60`).
    pub fn new(secret: impl Into<Secret>) -> Self {
        let secret = secret.into();
        Self {
            inbox: secret.clone(),
            outbox: secret,
            algorithm: Algorithm::Hs256,
            accepted: vec![Algorithm::Hs256],
            leeway: Duration::from_secs(60),
            lifetime: Duration::from_secs(5 * 60),
        }
    }

    /// Uses another secret to verify incoming tokens (the Document Server's `secret.outbox`).
    #[must_use]
    pub fn with_inbox_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.inbox = secret.into();
        self
    }

    /// Uses another secret to sign outgoing tokens (the Document Server's `secret.inbox`).
    #[must_use]
    pub fn with_outbox_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.outbox = secret.into();
        self
    }

    /// Signs with `algorithm`, and accepts it when verifying.
    #[must_use]
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        if !self.accepted.contains(&algorithm) {
            self.accepted.push(algorithm);
        }
        self
    }

    /// Replaces the algorithms accepted when verifying (HS256 alone by default).
    #[must_use]
    pub fn with_accepted(mut self, algorithms: &[Algorithm]) -> Self {
        self.accepted = algorithms.to_vec();
        self
    }

    /// Clock skew tolerated when checking `exp` (60 s by default).
    #[must_use]
    pub fn with_leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// How long signed tokens stay valid (`exp - iat`, 5 min by default).
    #[must_use]
    pub fn with_lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// Signs `claims` (a JSON object) flat, adding `iat` and `exp`. Use it for the editor config
    /// and for body tokens.
    ///
    /// # Errors
    /// [`Error::Json`] if `claims` does not serialize to a JSON object.
    pub fn sign<T: Serialize + ?Sized>(&self, claims: &T) -> Result<String> {
        let (iat, exp) = self.validity();
        self.encode(&Flat { claims, iat, exp })
    }

    /// Signs `params` in both request forms: flat for the body and wrapped in `payload` for the
    /// header, as the Document Server itself sends its callbacks.
    ///
    /// # Errors
    /// [`Error::Json`] if `params` does not serialize to a JSON object.
    pub fn sign_request<T: Serialize + ?Sized>(&self, params: &T) -> Result<SignedRequest> {
        let (iat, exp) = self.validity();
        Ok(SignedRequest {
            body_token: self.encode(&Flat {
                claims: params,
                iat,
                exp,
            })?,
            header_token: self.encode(&Wrapped {
                payload: params,
                iat,
                exp,
            })?,
        })
    }

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
        let claims = self.verify_value(bearer_token(header_value)?)?;
        Ok(serde_json::from_value(signed_params(claims))?)
    }

    /// Verifies an incoming request the way the Document Server does: the body's `token` wins;
    /// without one, the header value (`Bearer <jwt>`) is used; without either the request is
    /// refused with [`Error::MissingToken`]. Returns the signed parameters (see
    /// [`JwtSettings::verify_header`]).
    ///
    /// Only the signed claims are returned, never merged with the unsigned body: the Document
    /// Server may strip `changesurl`/`history` from the plain body when the header gets long
    /// (protocol doc §0.3), and an unsigned field must never reach the host's logic.
    ///
    /// # Errors
    /// [`Error::Json`] if a non-empty body is not JSON, [`Error::MissingToken`], and the errors
    /// of [`JwtSettings::verify_header`].
    pub fn verify_request<T: DeserializeOwned>(
        &self,
        body: &[u8],
        header_value: Option<&str>,
    ) -> Result<T> {
        let body_token = if body.iter().all(u8::is_ascii_whitespace) {
            None
        } else {
            let body: Value = serde_json::from_slice(body)?;
            match body.get("token") {
                None | Some(Value::Null) => None,
                Some(Value::String(token)) => Some(token.clone()),
                Some(_) => {
                    return Err(Error::MalformedToken("body `token` is not a string".into()));
                }
            }
        };
        match (body_token, header_value) {
            (Some(token), _) => Ok(serde_json::from_value(signed_params(
                self.verify_value(&token)?,
            ))?),
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

    fn validity(&self) -> (u64, u64) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        (now, now.saturating_add(self.lifetime.as_secs()))
    }

    fn encode<T: Serialize>(&self, claims: &T) -> Result<String> {
        // Serializing first turns "claims are not a JSON object" into a plain `Error::Json`.
        let claims = serde_json::to_value(claims)?;
        let header = Header::new(self.algorithm.to_jsonwebtoken());
        let key = EncodingKey::from_secret(&self.outbox.0);
        jsonwebtoken::encode(&header, &claims, &key).map_err(map_jwt_error)
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

fn strip_time_claims(mut map: serde_json::Map<String, Value>) -> Value {
    for claim in ["iat", "exp", "nbf"] {
        map.remove(claim);
    }
    Value::Object(map)
}

fn map_jwt_error(e: jsonwebtoken::errors::Error) -> Error {
    match e.into_kind() {
        ErrorKind::InvalidSignature => Error::BadSignature,
        ErrorKind::ExpiredSignature => Error::TokenExpired,
        ErrorKind::InvalidAlgorithm => Error::AlgorithmNotAllowed("mismatched".into()),
        kind => Error::MalformedToken(format!("{kind:?}")),
    }
}

/// Claims signed flat, with `iat` and `exp` added.
#[derive(Serialize)]
struct Flat<'a, T: ?Sized> {
    #[serde(flatten)]
    claims: &'a T,
    iat: u64,
    exp: u64,
}

/// Claims wrapped in `payload`, the header form.
#[derive(Serialize)]
struct Wrapped<'a, T: ?Sized> {
    payload: &'a T,
    iat: u64,
    exp: u64,
}

#[cfg(test)]
mod tests;
