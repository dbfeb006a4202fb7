//! One conversion through the Document Server's Conversion service (protocol notes §4): the
//! request is signed, asynchronous and polled; the source is one stored version, which the
//! Document Server downloads through a signed `document.url`-style link to Bureau's internal
//! address. Failures become [`ConvertError`]s with a stable code and a message that says what
//! to do, shared by conversions, downloads in another format, thumbnails and `bureau doctor`.

use std::time::Duration;

use onlyoffice::{
    DocKey, Endpoint,
    conversion::{ConversionClient, ConversionErrorCode, ConversionRequest, Converted},
    formats::Format,
};
use sha2::{Digest as _, Sha256};

use super::{LINK_TTL_SECS, Office};
use crate::{
    error::Error,
    store::{self, versions::Version},
};

/// How long a conversion may take, polling included.
pub const TIMEOUT: Duration = Duration::from_secs(300);

/// How often an asynchronous conversion is polled.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Why a conversion failed: a stable code and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{detail}")]
pub struct ConvertError {
    /// Stable machine code, e.g. `password_protected`.
    pub code: &'static str,
    /// What happened and what to do.
    pub detail: String,
    /// Whether the document is at fault (rather than the Document Server or the setup).
    pub document_fault: bool,
}

impl ConvertError {
    fn document(code: &'static str, detail: &str) -> Self {
        Self {
            code,
            detail: detail.to_owned(),
            document_fault: true,
        }
    }

    fn setup(code: &'static str, detail: String) -> Self {
        Self {
            code,
            detail,
            document_fault: false,
        }
    }

    /// Maps a Conversion service failure to what Bureau tells the user.
    pub fn from_service(e: onlyoffice::Error) -> Self {
        use ConversionErrorCode as C;
        match e {
            onlyoffice::Error::Conversion(code) => match code {
                C::IncorrectPassword => Self::document(
                    "password_protected",
                    "the document is protected by a password (or DRM): remove the protection and \
                     upload it again",
                ),
                C::ConversionFailed | C::CannotDetectFormat | C::InputError => Self::document(
                    "conversion_failed",
                    "the document is corrupt or not in the format its name says: ONLYOFFICE \
                     could not read it",
                ),
                C::SizeLimitExceeded => Self::document(
                    "document_too_large",
                    "the document exceeds the size limits of ONLYOFFICE Docs",
                ),
                C::DownloadFailed => Self::setup(
                    "docs_download_failed",
                    "ONLYOFFICE Docs could not download the document from Bureau: check that it \
                     can reach BUREAU_INTERNAL_URL (and, for a private address, that the \
                     Document Server allows private IP addresses)"
                        .to_owned(),
                ),
                C::InvalidToken => Self::setup(
                    "docs_token_refused",
                    "ONLYOFFICE Docs refused Bureau's token: BUREAU_DOCS_SECRET must equal the \
                     Document Server's JWT secret"
                        .to_owned(),
                ),
                C::Timeout => timeout(),
                other => Self::setup(
                    "conversion_unavailable",
                    format!("ONLYOFFICE Docs could not convert the document: {other}"),
                ),
            },
            onlyoffice::Error::ConversionTimeout(_) => timeout(),
            other => Self::setup(
                "docs_unreachable",
                format!("ONLYOFFICE Docs could not be reached (check BUREAU_DOCS_URL): {other}"),
            ),
        }
    }
}

fn timeout() -> ConvertError {
    ConvertError::setup(
        "conversion_timeout",
        "ONLYOFFICE Docs did not finish the conversion in time; try again later".to_owned(),
    )
}

impl From<ConvertError> for Error {
    fn from(e: ConvertError) -> Self {
        if e.document_fault {
            Error::BadRequest {
                code: e.code,
                detail: e.detail.into(),
            }
        } else {
            Error::Unavailable(e.detail.into())
        }
    }
}

/// The Document Server's services, as Bureau reaches them (internal address, secret, header).
pub fn endpoint(office: &Office) -> Endpoint {
    let mut endpoint = Endpoint::new(office.docs.internal_url.clone(), office.jwt.clone())
        .with_http_client(office.http.clone());
    if let Ok(name) = office.docs.jwt_header.parse() {
        endpoint = endpoint.with_header_name(name);
    }
    endpoint
}

/// What to convert: a version of a file, in its format, into `target`.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The file.
    pub file_id: &'a str,
    /// Its name (the result's title).
    pub name: &'a str,
    /// The version converted.
    pub version: &'a Version,
    /// Its format.
    pub format: &'static Format,
}

/// A conversion request for `source` into `target`; `purpose` keeps the Document Server's
/// result cache (by key and output type) apart for thumbnails and plain conversions.
pub fn request(
    office: &Office,
    source: Source<'_>,
    target: &str,
    purpose: &str,
) -> ConversionRequest {
    let expires = store::now_ms() / 1000 + LINK_TTL_SECS;
    let url = office.links.url(
        &office.internal_url,
        source.file_id,
        source.version.number,
        expires,
    );
    let ext = source.format.extension;
    let mut request = ConversionRequest::new(key(source.version, ext, purpose), url, ext, target)
        .with_title(source.name);
    if matches!(ext, "csv" | "txt") {
        request.code_page = Some(65001);
    }
    if ext == "csv" {
        request.delimiter = Some(4);
    }
    request
}

/// Runs a conversion, reporting progress (0–100) to `on_progress`.
pub async fn run(
    office: &Office,
    request: &ConversionRequest,
    on_progress: impl FnMut(u8),
) -> Result<Converted, ConvertError> {
    ConversionClient::new(endpoint(office))
        .convert_with_progress(request, TIMEOUT, POLL_INTERVAL, on_progress)
        .await
        .map_err(ConvertError::from_service)
}

/// The conversion key: the same content, format and purpose give the same key, so the Document
/// Server may answer from its cache.
fn key(version: &Version, ext: &str, purpose: &str) -> DocKey {
    let digest = Sha256::digest(format!("{purpose}\n{ext}\n{}", version.blob_hash).as_bytes());
    DocKey::parse(format!("c{}", &hex::encode(digest)[..40]))
        .unwrap_or_else(|_| unreachable!("hex digits are valid key characters"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_errors_have_stable_codes() {
        let code = |c: i64| {
            ConvertError::from_service(onlyoffice::Error::Conversion(
                ConversionErrorCode::from_code(c),
            ))
        };
        assert_eq!(code(-5).code, "password_protected");
        assert!(code(-5).document_fault);
        assert_eq!(code(-3).code, "conversion_failed");
        assert_eq!(code(-9).code, "conversion_failed");
        assert_eq!(code(-10).code, "document_too_large");
        assert_eq!(code(-4).code, "docs_download_failed");
        assert!(!code(-4).document_fault);
        assert_eq!(code(-8).code, "docs_token_refused");
        assert_eq!(code(-2).code, "conversion_timeout");
        let late = ConvertError::from_service(onlyoffice::Error::ConversionTimeout(TIMEOUT));
        assert_eq!(late.code, "conversion_timeout");
    }
}
