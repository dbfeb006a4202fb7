//! Static assets embedded in the binary, served with their content type, a strong `ETag` and a
//! revalidating cache policy.

use axum::{
    extract::Path,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest as _, Sha256};

use crate::error::Error;

/// Every asset: name, content type, bytes.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "editor.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/editor.css"),
    ),
    (
        "editor.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/editor.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/app.css"),
    ),
    (
        "ui.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/ui.js"),
    ),
    (
        "login.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/login.js"),
    ),
    (
        "files.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/files.js"),
    ),
    (
        "sort.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/sort.js"),
    ),
    (
        "versions.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/versions.js"),
    ),
    (
        "keys.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/keys.js"),
    ),
    (
        "move.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/move.js"),
    ),
    (
        "share.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/share.js"),
    ),
    (
        "admin.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/admin.css"),
    ),
    (
        "settings.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/settings.js"),
    ),
    (
        "users.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/users.js"),
    ),
    (
        "download.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/download.js"),
    ),
    (
        "convert.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/convert.js"),
    ),
    (
        "live.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/live.js"),
    ),
    (
        "trash.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/trash.js"),
    ),
];

/// `GET /assets/{name}`.
pub async fn serve(Path(name): Path<String>, headers: HeaderMap) -> Result<Response, Error> {
    let (_, mime, bytes) = ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .ok_or(Error::NotFound {
            code: "asset_not_found",
            what: "asset",
        })?;
    let etag = format!("\"{}\"", &hex::encode(Sha256::digest(bytes))[..32]);
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(&etag);
    let common = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, "no-cache".to_owned()),
    ];
    if cached {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    Ok((common, [(header::CONTENT_TYPE, *mime)], *bytes).into_response())
}
