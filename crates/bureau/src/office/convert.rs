//! `POST /api/v1/files/:id/convert` `{format?}`: converts a file's current version through the
//! Document Server into a new file beside it, `<stem>.<target>` (a taken name becomes
//! `<stem> (2).<target>`), with version source `conversion`; the original is untouched. The
//! default target is the OOXML format of the file's editor (doc → docx, ods → xlsx, …). The
//! request answers 202 `{job_id}` at once; the conversion runs as a job ([`super::jobs`]).

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use onlyoffice::formats::Format;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    converter::{self, ConvertError, Source},
    fetch, jobs, not_configured,
};
use crate::{
    app::AppState,
    auth::CurrentUser,
    drive::{
        self,
        access::{self, Kind},
        files::{self, NewContent},
        names::FileName,
        roles::Role,
    },
    error::{Error, Result},
    extract::AppJson,
    store::{
        entries::{self, Entry},
        users::User,
        versions::Version,
    },
};

/// Body of `POST /api/v1/files/:id/convert`.
#[derive(Debug, Default, Deserialize)]
pub struct ConvertBody {
    /// Target extension; default: the OOXML format of the file's editor.
    format: Option<String>,
}

/// A live office file the caller reaches with at least `needed`, its current version and its
/// format.
pub async fn office_source(
    app: &AppState,
    user: &User,
    id: &str,
    needed: Role,
) -> Result<(Entry, Version, &'static Format)> {
    app.office().ok_or_else(not_configured)?;
    let reach = access::reach_for(&app.store, user, id, Kind::File, needed).await?;
    let file = reach.entry().clone();
    let format = super::office_format(&file)?;
    let number = file
        .current_version
        .ok_or_else(|| anyhow::anyhow!("a file without versions"))?;
    let version = drive::versions::get(&app.store, &file, number).await?;
    Ok((file, version, format))
}

/// The target extension: the one asked for if the Document Server can make it, else the
/// format's OOXML target.
pub fn target(format: &Format, asked: Option<&str>) -> Result<String> {
    match asked.map(str::trim).filter(|f| !f.is_empty()) {
        Some(asked) => {
            let asked = asked.trim_start_matches('.').to_ascii_lowercase();
            if format.can_convert_to(&asked) {
                Ok(asked)
            } else {
                Err(Error::bad_request(
                    "unsupported_conversion",
                    format!("a {} file cannot be converted to {asked}", format.extension),
                ))
            }
        }
        None => format
            .convert_target()
            .map(|t| t.extension.to_owned())
            .ok_or_else(|| {
                Error::bad_request(
                    "unsupported_conversion",
                    format!(
                        "a {} file has no OOXML conversion; ask for a format",
                        format.extension
                    ),
                )
            }),
    }
}

/// Starts the conversion job (202 `{job_id}`).
pub async fn start(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    AppJson(body): AppJson<ConvertBody>,
) -> Result<(StatusCode, Json<Value>)> {
    let (file, version, format) = office_source(&app, &current.user, &id, Role::Edit).await?;
    let target = target(format, body.format.as_deref())?;
    let job_id = jobs::start(
        &app.store.db,
        "convert",
        &current.user.id,
        &file.id,
        &target,
    )
    .await?;
    let job = job_id.clone();
    tokio::spawn(async move {
        let result = run(&app, &current.user, &file, &version, format, &target, &job).await;
        jobs::finish(&app.store.db, &job, result).await;
    });
    Ok((StatusCode::ACCEPTED, Json(json!({ "job_id": job_id }))))
}

/// Converts and stores the result as a new file; returns its id.
async fn run(
    app: &AppState,
    user: &User,
    file: &Entry,
    version: &Version,
    format: &'static Format,
    target: &str,
    job: &str,
) -> Result<String, ConvertError> {
    let office = &*app
        .office()
        .ok_or_else(|| internal("office not configured"))?;
    let source = Source {
        file_id: &file.id,
        name: &file.name,
        version,
        format,
    };
    let request = converter::request(office, source, target, "convert");
    let db = app.store.db.clone();
    let done = converter::run(office, &request, |p| jobs::progress(&db, job, p)).await?;
    let limit = app.config.max_upload_bytes;
    let blob = fetch::download(office, &app.store, &done.file_url, limit)
        .await
        .map_err(|e| ConvertError {
            code: "result_download_failed",
            detail: format!(
                "the converted document could not be fetched from ONLYOFFICE Docs: {e}"
            ),
            document_fault: false,
        })?;
    let name = result_name(&file.name, target).map_err(|e| internal(&e.to_string()))?;
    let parent_id = file
        .parent_id
        .as_deref()
        .ok_or_else(|| internal("a file without a folder"))?;
    let store_err = |e: Error| internal(&format!("{e:#}"));
    let parent = entries::get(&app.store.db, parent_id)
        .await
        .map_err(|e| store_err(e.into()))?;
    let content = NewContent::File {
        blob: &blob,
        source: files::Source::Conversion,
        author_id: Some(&user.id),
    };
    let created = files::create(&app.store, &parent, &name, content)
        .await
        .map_err(store_err)?;
    Ok(created.id)
}

/// `<stem>.<target>` for a file name.
pub fn result_name(name: &str, target: &str) -> Result<FileName> {
    let name = FileName::parse(name)?;
    let (stem, _) = name.split_extension();
    FileName::parse(&format!("{stem}.{target}"))
}

fn internal(detail: &str) -> ConvertError {
    tracing::error!("conversion failed: {detail}");
    ConvertError {
        code: "internal",
        detail: "internal error".to_owned(),
        document_fault: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_default_to_ooxml_and_refuse_the_impossible() {
        let f = |ext| Format::by_extension(ext).unwrap();
        for (ext, ooxml) in [
            ("doc", "docx"),
            ("ods", "xlsx"),
            ("ppt", "pptx"),
            ("csv", "xlsx"),
        ] {
            assert_eq!(target(f(ext), None).unwrap(), ooxml);
        }
        assert_eq!(target(f("docx"), Some("PDF")).unwrap(), "pdf");
        assert!(target(f("docx"), None).is_err());
        assert!(target(f("docx"), Some("xlsx")).is_err());
    }

    #[test]
    fn results_are_named_after_the_stem() {
        assert_eq!(
            result_name("Report.final.doc", "docx").unwrap().as_str(),
            "Report.final.docx"
        );
    }
}
