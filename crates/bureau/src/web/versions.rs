//! `GET /files/{id}/versions`: the versions panel of a file, newest first, with author, time,
//! size and source (upload, ONLYOFFICE save, restore, conversion); each can be downloaded, and an
//! older one restored (`versions.js` calls `POST /api/v1/files/{id}/versions/{n}/restore`) by
//! the owner or someone the file is shared with for editing.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::Response,
};

use super::{
    files,
    i18n::Messages,
    listing::{human_size, utc_minutes},
    page::{Layout, PageError, SignedIn, render},
};
use crate::{
    app::AppState,
    drive::{
        access::{self, Kind},
        roles::Role,
        views::timestamp,
    },
    store::versions::{self, Version},
};

/// One version as the panel shows it.
#[derive(Debug)]
struct VersionRow {
    number: i64,
    size: String,
    time_iso: String,
    time: String,
    author: String,
    source: &'static str,
    current: bool,
}

#[derive(Template)]
#[template(path = "versions.html")]
struct VersionsPage {
    layout: Layout,
    file_id: String,
    file_name: String,
    back: String,
    rows: Vec<VersionRow>,
    /// Whether the reader may restore (owner or `edit` role).
    can_restore: bool,
}

/// The label of a version's source.
fn source_label(m: &'static Messages, source: &str) -> &'static str {
    match source {
        "upload" => m.source_upload,
        "office_save" => m.source_office_save,
        "restore" => m.source_restore,
        "conversion" => m.source_conversion,
        "office_recovered" => m.source_office_recovered,
        _ => m.source_other,
    }
}

/// `GET /files/{id}/versions`.
pub async fn page(
    State(app): State<AppState>,
    viewer: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let reach = access::reach(&app.store, &viewer.current.user, &id, Kind::File)
        .await
        .map_err(|e| viewer.error(e))?;
    let file = reach.entry();
    let list = versions::list(&app.store.db, &file.id)
        .await
        .map_err(|e| viewer.error(e))?;
    let m = viewer.lang.messages();
    let row = |v: &Version| VersionRow {
        number: v.number,
        size: human_size(v.size, m.units),
        time_iso: timestamp(v.created_at),
        time: utc_minutes(v.created_at),
        author: v.author_name.clone().unwrap_or_default(),
        source: source_label(m, &v.source),
        current: Some(v.number) == file.current_version,
    };
    let back = files::back_link(&reach);
    let page = VersionsPage {
        layout: viewer.layout(format!("{} · {}", m.versions, file.name)),
        file_id: file.id.clone(),
        file_name: file.name.clone(),
        back,
        rows: list.iter().map(row).collect(),
        can_restore: reach.grant.require(Role::Edit).is_ok(),
    };
    render(&page).map_err(|e| viewer.error(e))
}

#[cfg(test)]
mod tests {
    use super::source_label;
    use crate::web::i18n::Lang;

    #[test]
    fn every_source_has_a_label() {
        let m = Lang::Fr.messages();
        assert_eq!(
            source_label(m, "office_save"),
            "Enregistrée dans ONLYOFFICE"
        );
        assert_eq!(source_label(m, "something new"), m.source_other);
    }
}
