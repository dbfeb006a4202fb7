//! Request extractors whose rejections come out in Bureau's JSON error envelope.

use axum::{
    extract::{FromRequest, FromRequestParts, Request, rejection::JsonRejection},
    http::{StatusCode, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::error::Error;

/// Like `axum::Json`, but a malformed body is a 400 (or 413/415) in the JSON error envelope.
#[derive(Debug)]
pub struct AppJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for AppJson<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(rejection) => Err(json_error(&rejection)),
        }
    }
}

/// Like `axum::extract::Query`, but a missing or malformed parameter is a 400 `invalid_query` in
/// the JSON error envelope (axum's own rejection is a plain-text body).
#[derive(Debug)]
pub struct AppQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for AppQuery<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(rejection) => Err(Error::bad_request("invalid_query", rejection.body_text())),
        }
    }
}

fn json_error(rejection: &JsonRejection) -> Error {
    match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Error::TooLarge {
            limit: JSON_LIMIT as u64,
        },
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Error::bad_request(
            "invalid_content_type",
            "expected Content-Type: application/json",
        ),
        _ => Error::bad_request("invalid_json", rejection.body_text()),
    }
}

/// Largest JSON body accepted (axum's default body limit).
pub const JSON_LIMIT: usize = 2 * 1024 * 1024;
