//! The crate's one error type.

use crate::{command::CommandErrorCode, conversion::ConversionErrorCode};

/// Everything that can go wrong in this crate.
///
/// Token failures are split into specific variants so that a host can answer a Document Server
/// callback with a precise log line without ever logging the token itself.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A document key is empty, longer than 128 characters or uses a character outside
    /// `0-9 A-Z a-z . _ = -`.
    #[error("invalid document key: {0}")]
    InvalidKey(&'static str),

    /// Neither the body `token` field nor the header carried a token.
    #[error("no token: the body has no `token` field and no header token was given")]
    MissingToken,

    /// The header value does not start with `Bearer `.
    #[error("the header value does not start with `Bearer `")]
    MissingBearer,

    /// The token's `alg` is `none`, asymmetric, unknown, or an HMAC variant not configured.
    #[error("token algorithm `{0}` is not accepted")]
    AlgorithmNotAllowed(String),

    /// The token's signature does not match its content under the configured secret.
    #[error("token signature does not match")]
    BadSignature,

    /// The token's `exp` lies in the past by more than the configured leeway.
    #[error("token has expired")]
    TokenExpired,

    /// The token is not three base64url parts with JSON header and claims.
    #[error("malformed token: {0}")]
    MalformedToken(String),

    /// A signed download URL (`payload.url`) differs from the URL actually requested.
    #[error("the token was issued for another URL")]
    UrlMismatch,

    /// JSON that does not have the expected shape (a callback without `key`, an unknown callback
    /// status, claims that are not an object, …). The message names the field.
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),

    /// The editor configuration is incomplete or contradictory.
    #[error("invalid editor config: {0}")]
    Config(&'static str),

    /// The Document Server cannot open documents of this format.
    #[error("format `{0}` cannot be opened by the Document Server")]
    UnsupportedFormat(String),

    /// A URL could not be built or parsed.
    #[error("invalid URL: {0}")]
    Url(#[from] url::ParseError),

    /// The HTTP exchange with the Document Server failed (connection, timeout, body).
    #[cfg(feature = "client")]
    #[error("request to the Document Server failed: {0}")]
    Http(#[from] reqwest::Error),

    /// The Document Server answered with a non-success HTTP status.
    #[cfg(feature = "client")]
    #[error("the Document Server answered HTTP {0}")]
    HttpStatus(u16),

    /// The command service answered with a non-zero `error`.
    #[error("command service: {0}")]
    Command(CommandErrorCode),

    /// The conversion service answered with a non-zero `error`.
    #[error("conversion service: {0}")]
    Conversion(ConversionErrorCode),

    /// An asynchronous conversion was still running when the deadline passed.
    #[cfg(feature = "client")]
    #[error("conversion did not finish within {0:?}")]
    ConversionTimeout(std::time::Duration),

    /// The Document Server answered something this crate cannot interpret.
    #[error("unexpected answer from the Document Server: {0}")]
    UnexpectedResponse(&'static str),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
