//! The Conversion service: `POST <ds>/converter` with a JSON body and `Accept:
//! application/json` (the legacy `/ConvertService.ashx` answers XML by default).
//!
//! Sources: docs `additional-api/conversion-api/{request,response,error-codes}.md`; server
//! `converterservice.js`; answers recorded from a real server.
//!
//! The Document Server downloads `url`, converts it and answers with a signed `fileUrl` valid
//! about 15 minutes. The same `key` + `outputtype` returns the cached result. Asynchronous
//! requests (`"async": true`) answer at once with a `percent`; the caller repeats the very same
//! request until `endConvert` is true.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{DocKey, Error, Result, codes::int_code};

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub use client::ConversionClient;

/// The path of the Conversion service below the Document Server's base URL.
pub const PATH: &str = "converter";

/// The legacy path of the Conversion service; it answers XML unless the request has
/// `Accept: application/json`.
pub const LEGACY_PATH: &str = "ConvertService.ashx";

/// A conversion request.
///
/// ```
/// use onlyoffice::{DocKey, conversion::{ConversionRequest, Thumbnail}};
///
/// let request = ConversionRequest::new(
///     DocKey::parse("Khirz6zTPdfd7")?,
///     "https://example.com/url-to-example-document.docx",
///     "docx",
///     "png",
/// )
/// .with_title("Example Document Title.docx")
/// .with_thumbnail(Thumbnail { width: Some(100), height: Some(150), ..Thumbnail::default() });
/// assert_eq!(serde_json::to_value(&request)?["thumbnail"]["height"], 150);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversionRequest {
    /// Answer at once and report progress (`async`); set by the client methods.
    #[serde(rename = "async")]
    pub asynchronous: bool,
    /// Source encoding for csv/txt (e.g. 65001 for UTF-8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_page: Option<u32>,
    /// csv delimiter: 0 none, 1 tab, 2 semicolon, 3 colon, 4 comma, 5 space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<u8>,
    /// The source extension (`docx`).
    #[serde(rename = "filetype")]
    pub file_type: String,
    /// Identifies the source; the same key and output type return the cached result.
    pub key: DocKey,
    /// The target extension, or `ooxml` / `odf` (7.0+).
    #[serde(rename = "outputtype")]
    pub output_type: String,
    /// The source's password; the result has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// pdf output options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf: Option<PdfOptions>,
    /// Locale for dates and currency in spreadsheets (`en-US`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Image output options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<Thumbnail>,
    /// The result's file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the Document Server downloads the source.
    pub url: String,
    /// Further documented options (`spreadsheetLayout`, `documentLayout`, `watermark`, …),
    /// sent as given.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `thumbnail` options for image outputs (bmp, gif, jpg, png).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thumbnail {
    /// How to fit the image (default [`ThumbnailAspect::PageSize`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect: Option<ThumbnailAspect>,
    /// First page only (default), or all pages in a zip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<bool>,
    /// Height in pixels (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Width in pixels (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
}

int_code! {
    /// `thumbnail.aspect`.
    pub enum ThumbnailAspect {
        /// Stretch to the given width and height.
        Stretch = 0 => "stretch to fit height and width",
        /// Keep the page's aspect ratio.
        Keep = 1 => "keep the aspect",
        /// Ignore width and height; page size at 96 dpi.
        PageSize = 2 => "metric page size converted to pixels at 96 dpi",
    }
}

/// `pdf` options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfOptions {
    /// Produce a fillable pdf form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<bool>,
    /// Produce PDF/A.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdfa: Option<bool>,
}

impl ConversionRequest {
    /// A synchronous request to convert the `file_type` document at `url` into `output_type`.
    pub fn new(
        key: DocKey,
        url: impl Into<String>,
        file_type: impl Into<String>,
        output_type: impl Into<String>,
    ) -> Self {
        Self {
            asynchronous: false,
            code_page: None,
            delimiter: None,
            file_type: file_type.into(),
            key,
            output_type: output_type.into(),
            password: None,
            pdf: None,
            region: None,
            thumbnail: None,
            title: None,
            url: url.into(),
            other: Map::new(),
        }
    }

    /// Sets the result's file name.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the source's password.
    #[must_use]
    pub fn with_password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// Sets the thumbnail options.
    #[must_use]
    pub fn with_thumbnail(mut self, thumbnail: Thumbnail) -> Self {
        self.thumbnail = Some(thumbnail);
        self
    }

    /// Sets the spreadsheet locale.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }
}

int_code! {
    /// The Conversion service's `error` (docs `conversion-api/error-codes.md`).
    pub enum ConversionErrorCode {
        /// -1.
        Unknown = -1 => "unknown error",
        /// -2.
        Timeout = -2 => "conversion timeout error",
        /// -3.
        ConversionFailed = -3 => "conversion error",
        /// -4: the Document Server could not download `url`.
        DownloadFailed = -4 => "error while downloading the document file to be converted",
        /// -5: wrong or missing password (also DRM).
        IncorrectPassword = -5 => "incorrect password",
        /// -6.
        DatabaseError = -6 => "error while accessing the conversion result database",
        /// -7: bad key, filetype, outputtype or password length.
        InputError = -7 => "input error",
        /// -8.
        InvalidToken = -8 => "invalid token",
        /// -9: give the output type explicitly (xml sources).
        CannotDetectFormat = -9 => "the converter cannot automatically determine the output file format",
        /// -10: the source exceeds the server's size limits.
        SizeLimitExceeded = -10 => "size limit exceeded",
    }
}

/// A Conversion service answer, as sent on the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversionResponse {
    /// Set when the conversion failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ConversionErrorCode>,
    /// The result's URL, once finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_url: Option<String>,
    /// The result's extension, once finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_type: Option<String>,
    /// Progress, 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<u8>,
    /// Whether the conversion is over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_convert: Option<bool>,
}

/// A finished conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// Where to download the result (valid about 15 minutes).
    pub file_url: String,
    /// The result's extension.
    pub file_type: String,
}

/// Where a conversion stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConversionStatus {
    /// Still running.
    InProgress {
        /// Progress, 0 to 100 (the server reports 0 until done).
        percent: u8,
    },
    /// Done.
    Done(Converted),
}

impl ConversionResponse {
    /// Interprets the answer.
    ///
    /// # Errors
    /// [`Error::Conversion`] for a non-zero `error`; [`Error::UnexpectedResponse`] for a finished
    /// conversion without `fileUrl`.
    pub fn status(self) -> Result<ConversionStatus> {
        match self.error {
            None | Some(ConversionErrorCode::Other(0)) => {}
            Some(code) => return Err(Error::Conversion(code)),
        }
        if self.end_convert != Some(true) {
            return Ok(ConversionStatus::InProgress {
                percent: self.percent.unwrap_or(0).min(100),
            });
        }
        let file_url = self
            .file_url
            .ok_or(Error::UnexpectedResponse("finished without fileUrl"))?;
        Ok(ConversionStatus::Done(Converted {
            file_url,
            file_type: self.file_type.unwrap_or_default(),
        }))
    }
}

#[cfg(test)]
mod tests;
