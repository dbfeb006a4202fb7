//! `GET /shared`: what others shared with the signed-in user, with the role of each share. A
//! folder opens in the file browser, an office document in the editor, which the role restricts
//! (view mode for `view`); other files download.

use askama::Template;
use axum::{extract::State, response::Response};

use super::{
    i18n::Messages,
    listing::{Row, RowBuilder},
    page::{Layout, PageError, SignedIn, render},
};
use crate::{
    app::AppState,
    drive::access::{self, Kind},
    store::{self, shares},
};

/// A shared entry and the role its share grants.
#[derive(Debug)]
struct SharedRow {
    row: Row,
    role: &'static str,
}

#[derive(Template)]
#[template(path = "shared.html")]
struct SharedPage {
    layout: Layout,
    rows: Vec<SharedRow>,
}

/// The label of a share role.
pub fn role_label(m: &'static Messages, role: &str) -> &'static str {
    match role {
        "view" => m.role_view,
        "comment" => m.role_comment,
        "review" => m.role_review,
        "fill" => m.role_fill,
        _ => m.role_edit,
    }
}

/// `GET /shared`.
pub async fn page(State(app): State<AppState>, viewer: SignedIn) -> Result<Response, PageError> {
    let user = &viewer.current.user;
    let m = viewer.lang.messages();
    let list = shares::with_user(&app.store.db, &user.id, store::now_ms())
        .await
        .map_err(|e| viewer.error(e))?;
    let mut builder = RowBuilder::new(&app.store.db, m, app.office().is_some(), false);
    let mut rows = Vec::new();
    for share in &list {
        // A share whose entry went to the trash (or away) is not shown.
        let Ok(reach) = access::reach(&app.store, user, &share.entry_id, Kind::Any).await else {
            continue;
        };
        let row = builder
            .row(reach.entry())
            .await
            .map_err(|e| viewer.error(e))?;
        rows.push(SharedRow {
            row,
            role: role_label(m, &share.role),
        });
    }
    let page = SharedPage {
        layout: viewer.layout(m.shared_with_me.to_owned()),
        rows,
    };
    render(&page).map_err(|e| viewer.error(e))
}
