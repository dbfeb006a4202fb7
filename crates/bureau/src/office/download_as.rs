//! `GET /api/v1/files/:id/download?format=pdf`: the file's current version in another format,
//! converted by the Document Server and streamed straight from it to the client (nothing is
//! stored). The request waits for the conversion; errors are those of [`super::converter`].
//! For long conversions, `POST …/convert` makes a new file as a job instead.

use axum::{
    body::Body,
    extract::{Path, State},
    http::{StatusCode, header},
    response::Response,
};
use futures_util::TryStreamExt as _;
use serde::Deserialize;

use super::{
    convert::{office_source, result_name, target},
    converter::{self, ConvertError, Source},
    fetch::{self, FetchError},
    not_configured,
};
use crate::{
    app::AppState,
    auth::CurrentUser,
    drive::files::mime_of,
    drive::roles::Role,
    error::{Error, Result},
    extract::AppQuery,
    http::disposition,
};

/// Query of the download: the target extension.
#[derive(Debug, Deserialize)]
pub struct DownloadAs {
    format: String,
}

/// Converts and streams the result as an attachment named `<stem>.<format>`.
pub async fn download(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    AppQuery(q): AppQuery<DownloadAs>,
) -> Result<Response> {
    let (file, version, format) = office_source(&app, &current.user, &id, Role::View).await?;
    let office = &*app.office().ok_or_else(not_configured)?;
    let target = target(format, Some(&q.format))?;
    let source = Source {
        file_id: &file.id,
        name: &file.name,
        version: &version,
        format,
    };
    let request = converter::request(office, source, &target, "download");
    let done = converter::run(office, &request, |_| {}).await?;
    let limit = app.config.max_upload_bytes;
    let result = fetch::open(office, &done.file_url, limit)
        .await
        .map_err(|e| match e {
            FetchError::TooLarge { limit } => Error::TooLarge { limit },
            other => Error::from(ConvertError {
                code: "result_download_failed",
                detail: format!("the converted document could not be fetched: {other}"),
                document_fault: false,
            }),
        })?;
    let name = result_name(&file.name, &target)?;
    let mut response = Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, mime_of(&name))
        .header(
            header::CONTENT_DISPOSITION,
            disposition::header_value(name.as_str(), false),
        );
    if let Some(len) = result.content_length() {
        response = response.header(header::CONTENT_LENGTH, len);
    }
    let body = Body::from_stream(result.bytes_stream().map_err(std::io::Error::other));
    Ok(response.body(body).map_err(anyhow::Error::new)?)
}
