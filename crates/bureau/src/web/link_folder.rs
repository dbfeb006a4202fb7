//! The page of a public link to a folder (`/s/{token}`, or `?entry=<id>` below it): breadcrumbs
//! from the shared folder down and its entries, each opening through the link again
//! (`/s/{token}?entry=<id>`, see `office::link_page`): a folder lists, an office document opens
//! in the editor, anything else downloads. Nothing here needs an account.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use super::{
    i18n::Lang,
    listing::{Row, RowBuilder},
    page::{self, Layout},
    shared::role_label,
};
use crate::{app::AppState, drive::access::Reach, error::Result, store::entries};

#[derive(Template)]
#[template(path = "link_folder.html")]
struct LinkFolderPage {
    layout: Layout,
    token: String,
    /// Name and id of each folder from the shared one down.
    crumbs: Vec<(String, String)>,
    rows: Vec<Row>,
    /// The link's role, for people.
    role: &'static str,
}

/// Renders the folder a link reaches.
pub async fn page(app: &AppState, token: &str, reach: &Reach, lang: Lang) -> Result<Response> {
    let m = lang.messages();
    let folder = reach.entry();
    let children = entries::children(&app.store.db, &folder.id).await?;
    let mut builder = RowBuilder::new(&app.store.db, m, app.office().is_some(), false);
    let mut rows = Vec::with_capacity(children.len());
    for child in &children {
        rows.push(builder.row(child).await?);
    }
    let page = LinkFolderPage {
        layout: Layout::new(lang, folder.name.clone()),
        token: token.to_owned(),
        crumbs: reach
            .visible_path()
            .iter()
            .map(|e| (e.name.clone(), e.id.clone()))
            .collect(),
        rows,
        role: role_label(m, reach.grant.role().as_str()),
    };
    let html = page.render().map_err(anyhow::Error::new)?;
    Ok((page::headers(), Html(html)).into_response())
}
