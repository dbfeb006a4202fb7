//! The Conversion service client.

use std::time::Duration;

use tokio::time::{Instant, sleep};

use super::{ConversionRequest, ConversionResponse, ConversionStatus, Converted, PATH};
use crate::{Error, Result, endpoint::Endpoint};

/// Converts documents through `POST <ds>/converter`.
///
/// ```no_run
/// # async fn demo() -> onlyoffice::Result<()> {
/// use std::time::Duration;
/// use onlyoffice::{DocKey, Endpoint, conversion::{ConversionClient, ConversionRequest}};
///
/// let ds = Endpoint::new("http://docs.internal/".parse()?, None);
/// let converter = ConversionClient::new(ds);
/// let request = ConversionRequest::new(
///     DocKey::generate(), "http://bureau.internal/dl/42?sig=…", "doc", "docx");
/// let done = converter
///     .convert_with_progress(&request, Duration::from_secs(300), Duration::from_secs(1),
///                            |percent| println!("{percent}%"))
///     .await?;
/// println!("download {} ({})", done.file_url, done.file_type);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ConversionClient {
    endpoint: Endpoint,
}

impl ConversionClient {
    /// A client for the Conversion service of `endpoint`.
    #[must_use]
    pub fn new(endpoint: Endpoint) -> Self {
        Self { endpoint }
    }

    /// Converts synchronously: one request that the Document Server answers when the result is
    /// ready (it gives up itself after about 30 minutes). `timeout` bounds the whole exchange.
    ///
    /// # Errors
    /// [`Error::Conversion`] with the server's code, [`Error::ConversionTimeout`],
    /// [`Error::Http`], [`Error::HttpStatus`], [`Error::UnexpectedResponse`].
    pub async fn convert(
        &self,
        request: &ConversionRequest,
        timeout: Duration,
    ) -> Result<Converted> {
        let request = ConversionRequest {
            asynchronous: false,
            ..request.clone()
        };
        match self.send(&request, timeout).await?.status()? {
            ConversionStatus::Done(done) => Ok(done),
            ConversionStatus::InProgress { .. } => Err(Error::UnexpectedResponse(
                "synchronous conversion answered in progress",
            )),
        }
    }

    /// Converts asynchronously: repeats the same request every `poll_interval`, reporting each
    /// `percent` to `on_progress` (100 last), until the result is ready or `timeout` has passed.
    ///
    /// # Errors
    /// As [`ConversionClient::convert`].
    pub async fn convert_with_progress(
        &self,
        request: &ConversionRequest,
        timeout: Duration,
        poll_interval: Duration,
        mut on_progress: impl FnMut(u8),
    ) -> Result<Converted> {
        let request = ConversionRequest {
            asynchronous: true,
            ..request.clone()
        };
        let deadline = Instant::now() + timeout;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(Error::ConversionTimeout(timeout));
            }
            match self.send(&request, remaining).await?.status()? {
                ConversionStatus::Done(done) => {
                    on_progress(100);
                    return Ok(done);
                }
                ConversionStatus::InProgress { percent } => on_progress(percent),
            }
            if Instant::now() + poll_interval >= deadline {
                return Err(Error::ConversionTimeout(timeout));
            }
            sleep(poll_interval).await;
        }
    }

    async fn send(
        &self,
        request: &ConversionRequest,
        timeout: Duration,
    ) -> Result<ConversionResponse> {
        let answer = self
            .endpoint
            .post(PATH, request, Some(&request.key), timeout)
            .await;
        answer.map_err(|e| match e {
            Error::Http(http) if http.is_timeout() => Error::ConversionTimeout(timeout),
            other => other,
        })
    }
}

#[cfg(test)]
mod tests;
