//! One error type for every HTTP route: each variant has a status, a stable machine `code` and a
//! public message. Internal errors keep their chain for the log and tell the client nothing more
//! than "internal error". Errors are logged once, by [`log_errors`], never where they arise.

use std::{borrow::Cow, sync::Arc};

use axum::{
    Json,
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde_json::json;

/// A request failure, with the status and stable code the client sees.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing does not exist, or the caller may not know it exists.
    #[error("{what} not found")]
    NotFound {
        /// Stable code, e.g. `file_not_found`.
        code: &'static str,
        /// What was looked for, e.g. `file`.
        what: &'static str,
    },
    /// The request is malformed or invalid.
    #[error("{detail}")]
    BadRequest {
        /// Stable code, e.g. `invalid_name`.
        code: &'static str,
        /// What is wrong.
        detail: Cow<'static, str>,
    },
    /// No valid credentials.
    #[error("authentication required")]
    Unauthorized,
    /// Credentials are valid but not enough.
    #[error("{detail}")]
    Forbidden {
        /// Stable code, e.g. `csrf_failed`.
        code: &'static str,
        /// Why.
        detail: Cow<'static, str>,
    },
    /// The request conflicts with the current state.
    #[error("{detail}")]
    Conflict {
        /// Stable code, e.g. `name_taken`.
        code: &'static str,
        /// What conflicts.
        detail: Cow<'static, str>,
    },
    /// The route exists, but not with this method.
    #[error("this method is not allowed on this route")]
    MethodNotAllowed,
    /// The body is larger than the configured limit.
    #[error("the content is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The requested byte range lies outside the content.
    #[error("the requested range is not satisfiable")]
    RangeNotSatisfiable {
        /// Size of the content.
        size: u64,
    },
    /// Too many attempts; retry after `retry_after` seconds (sent as `Retry-After`).
    #[error("{detail}")]
    TooManyRequests {
        /// Stable code, e.g. `too_many_sign_in_failures`.
        code: &'static str,
        /// What was refused and when to retry.
        detail: Cow<'static, str>,
        /// Seconds until an attempt may succeed.
        retry_after: u64,
    },
    /// A dependency is down; retry later.
    #[error("{0}")]
    Unavailable(Cow<'static, str>),
    /// A bug or an infrastructure failure; details only in the log.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Result of a request handler.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Shorthand for [`Error::BadRequest`].
    pub fn bad_request(code: &'static str, detail: impl Into<Cow<'static, str>>) -> Self {
        Self::BadRequest {
            code,
            detail: detail.into(),
        }
    }

    /// Shorthand for [`Error::Conflict`].
    pub fn conflict(code: &'static str, detail: impl Into<Cow<'static, str>>) -> Self {
        Self::Conflict {
            code,
            detail: detail.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RangeNotSatisfiable { .. } => StatusCode::RANGE_NOT_SATISFIABLE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { code, .. }
            | Self::BadRequest { code, .. }
            | Self::Forbidden { code, .. }
            | Self::Conflict { code, .. }
            | Self::TooManyRequests { code, .. } => code,
            Self::Unauthorized => "unauthenticated",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::TooLarge { .. } => "too_large",
            Self::RangeNotSatisfiable { .. } => "range_not_satisfiable",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// The message shown to the client.
    fn detail(&self) -> String {
        match self {
            Self::Internal(_) => "internal error".to_owned(),
            other => other.to_string(),
        }
    }
}

impl From<crate::store::Error> for Error {
    fn from(e: crate::store::Error) -> Self {
        match e {
            crate::store::Error::NotFound => Self::NotFound {
                code: "not_found",
                what: "resource",
            },
            crate::store::Error::Conflict(what) => Self::conflict("conflict", what),
            crate::store::Error::Other(e) => Self::Internal(e),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = json!({"errors": [{
            "status": status.as_u16().to_string(),
            "code": self.code(),
            "detail": self.detail(),
        }]});
        let mut response = (status, Json(body)).into_response();
        if let Self::RangeNotSatisfiable { size } = &self
            && let Ok(v) = format!("bytes */{size}").parse()
        {
            response
                .headers_mut()
                .insert(http::header::CONTENT_RANGE, v);
        }
        if let Self::TooManyRequests { retry_after, .. } = &self {
            response.headers_mut().insert(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(*retry_after),
            );
        }
        response.extensions_mut().insert(Arc::new(self));
        response
    }
}

/// Middleware that logs each failed request once: 5xx at `error`, 4xx at `debug`.
pub async fn log_errors(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if let Some(err) = response.extensions().get::<Arc<Error>>() {
        if response.status().is_server_error() {
            tracing::error!(error.code = err.code(), "request failed: {err:#}");
        } else {
            tracing::debug!(error.code = err.code(), "request refused: {err}");
        }
    }
    response
}
