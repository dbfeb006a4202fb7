//! `GET /office/:id/connector[?preview=1]`: opening a file in the editor connector. Bureau
//! checks the signed-in user's role on the file, issues an editor token for that user, file and
//! role ([`editor_token`]) and redirects the browser (303) to the connector's edition URL with
//! the query Twake Drive gives its plugins (`token`, `company_id`, `file_id`, `drive_file_id`,
//! and `preview=1` for view mode; `Documentation/docs/plugins.md`).

use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse as _, Response},
};
use serde::Deserialize;

use super::{
    COMPANY,
    editor_token::{self, EditorClaims},
    not_configured,
};
use crate::{
    app::AppState,
    auth::CurrentUser,
    drive::access::{self, Kind},
    error::{Error, Result},
    extract::AppQuery,
    office,
};

/// Query of a launch.
#[derive(Debug, Deserialize)]
pub struct LaunchQuery {
    preview: Option<String>,
}

/// Redirects to the connector with an editor token.
pub async fn launch(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    AppQuery(q): AppQuery<LaunchQuery>,
) -> Result<Response> {
    let config = app.config.app.as_ref().ok_or_else(not_configured)?;
    let url = config.url.as_ref().ok_or(Error::NotFound {
        code: "connector_not_configured",
        what: "editor connector (BUREAU_APP_URL)",
    })?;
    let reach = access::reach(&app.store, &current.user, &id, Kind::File).await?;
    let file = reach.entry();
    office::office_format(file)?;
    let user = &current.user;
    let claims = EditorClaims {
        typ: editor_token::TYPE.to_owned(),
        aud: config.id.clone(),
        sub: user.id.clone(),
        name: user.display_name.clone(),
        lang: user.lang.clone().unwrap_or_else(|| "en".to_owned()),
        company_id: COMPANY.to_owned(),
        file_id: file.id.clone(),
        role: reach.grant.role().as_str().to_owned(),
        back_url: Some(format!(
            "{}?folder={}",
            app.config.public_url,
            file.parent_id.as_deref().unwrap_or_default()
        )),
    };
    let token = editor_token::sign(&config.secret, &claims).map_err(anyhow::Error::new)?;
    let mut target = url.clone();
    {
        let mut query = target.query_pairs_mut();
        query
            .append_pair("token", &token)
            .append_pair("company_id", COMPANY)
            .append_pair("file_id", &file.id)
            .append_pair("drive_file_id", &file.id);
        if matches!(q.preview.as_deref(), Some("1" | "true")) {
            query.append_pair("preview", "1");
        }
    }
    tracing::info!(file.id = %file.id, app.id = %config.id, "sent a user to the editor connector");
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, target.to_string()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::REFERRER_POLICY, "no-referrer".to_owned()),
        ],
    )
        .into_response())
}
