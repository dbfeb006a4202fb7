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
//! Token forms (server `Common/sources/utils.js` `fillJwtForRequest`, and recorded traffic):
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

use jsonwebtoken::{EncodingKey, Header, errors::ErrorKind};
use serde::Serialize;

use crate::{Error, Result};

mod verify;

pub use verify::{DownloadClaims, bearer_token, body_token, unsigned_fields};

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

/// A shared HMAC secret. Its `Debug` output never shows the bytes, and it has no `PartialEq`
/// (comparing secrets byte by byte would leak timing).
#[derive(Clone)]
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
}

/// The crate's error for a `jsonwebtoken` failure.
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
