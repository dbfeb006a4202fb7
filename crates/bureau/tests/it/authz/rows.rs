//! The matrix: one row per request, every route at least once, with what each actor must get.
//! A row is `METHOD ROUTE TARGET` (the route as the code writes it, then the path and query
//! requested, with the placeholders of [`super::world`]), the seven columns owner, editor,
//! viewer, public link, stranger, admin, logged out, then options. A column is an HTTP status,
//! `R` (a callback refused: 200 `{"error":1}`) or `A` (a callback accepted: 200
//! `{"error":0}`). Options: `json:BODY`, `raw:BODY`, `form:BODY` (no spaces), `signed-callback`
//! (a status 1 callback for `{key}` signed as the Document Server signs it), `ds-token` (the
//! Document Server's token for the URL, in `Authorization`), `fresh-sessions` (the row signs
//! its users out, so they sign in again for it).

use anyhow::{Context as _, bail};
use reqwest::Method;

/// Files, folders and the trash.
const DRIVE: &str = r#"
POST   /api/v1/files                            /api/v1/files?name=new{n}.txt&parent_id={team}  201 201 403 401 404 404 401  raw:new
POST   /api/v1/files/new                        /api/v1/files/new                          201 201 403 401 404 404 401  json:{"kind":"document","parent_id":"{team}"}
GET    /api/v1/files/{id}                       /api/v1/files/{file}                       200 200 200 401 404 404 401
GET    /api/v1/files/{id}                       /api/v1/files/{private}                    200 404 404 401 404 404 401
PATCH  /api/v1/files/{id}                       /api/v1/files/{file}                       200 404 404 401 404 404 401  json:{"name":"Renamed.docx"}
DELETE /api/v1/files/{id}                       /api/v1/files/{file}                       204 404 404 401 404 404 401
GET    /api/v1/files/{id}/content               /api/v1/files/{file}/content               200 200 200 401 404 404 401
PUT    /api/v1/files/{id}/content               /api/v1/files/{file}/content               200 200 403 401 404 404 401  raw:changed
GET    /api/v1/files/{id}/versions              /api/v1/files/{file}/versions              200 200 200 401 404 404 401
GET    /api/v1/files/{id}/versions/{n}/content  /api/v1/files/{file}/versions/1/content    200 200 200 401 404 404 401
POST   /api/v1/files/{id}/versions/{n}/restore  /api/v1/files/{file}/versions/1/restore    200 200 403 401 404 404 401
POST   /api/v1/folders                          /api/v1/folders                            201 201 403 401 404 404 401  json:{"name":"Sub","parent_id":"{team}"}
GET    /api/v1/folders/{id}                     /api/v1/folders/{team}                     200 200 200 401 404 404 401
PATCH  /api/v1/folders/{id}                     /api/v1/folders/{team}                     200 404 404 401 404 404 401  json:{"name":"Renamed-{n}"}
DELETE /api/v1/folders/{id}                     /api/v1/folders/{team}                     204 404 404 401 404 404 401
GET    /api/v1/trash                            /api/v1/trash                              200 200 200 401 200 200 401
DELETE /api/v1/trash                            /api/v1/trash                              204 204 204 401 204 204 401
DELETE /api/v1/trash/{id}                       /api/v1/trash/{trashed}                    204 404 404 401 404 404 401
POST   /api/v1/trash/{id}/restore               /api/v1/trash/{trashed}/restore            200 404 404 401 404 404 401
"#;

/// Sign-in, API tokens, shares and public links, conversions.
const ACCOUNTS_AND_SHARING: &str = r#"
POST   /api/v1/auth/login                       /api/v1/auth/login                         403 403 403 403 403 403 403  json:{"login":"olivia","password":"not-her-password"}
POST   /api/v1/auth/logout                      /api/v1/auth/logout                        204 204 204 401 204 204 401  fresh-sessions
GET    /api/v1/auth/me                          /api/v1/auth/me                            200 200 200 401 200 200 401
GET    /api/v1/tokens                           /api/v1/tokens                             200 200 200 401 200 200 401
POST   /api/v1/tokens                           /api/v1/tokens                             201 201 201 401 201 201 401  json:{"name":"mine"}
DELETE /api/v1/tokens/{id}                      /api/v1/tokens/{token_id}                  204 404 404 401 404 404 401
GET    /api/v1/files/{id}/shares                /api/v1/files/{file}/shares                200 404 404 401 404 404 401
POST   /api/v1/files/{id}/shares                /api/v1/files/{file}/shares                201 404 404 401 404 404 401  json:{"login":"sam","role":"view"}
GET    /api/v1/folders/{id}/shares              /api/v1/folders/{team}/shares              200 404 404 401 404 404 401
POST   /api/v1/folders/{id}/shares              /api/v1/folders/{team}/shares              201 404 404 401 404 404 401  json:{"link":true,"role":"edit"}
DELETE /api/v1/shares/{id}                      /api/v1/shares/{share}                     204 404 404 401 404 404 401
GET    /api/v1/shared                           /api/v1/shared                             200 200 200 401 200 200 401
GET    /api/v1/links/{token}                    /api/v1/links/{link}                       200 200 200 200 200 200 200
GET    /api/v1/links/{token}                    /api/v1/links/{link}?entry={private}       404 404 404 404 404 404 404
GET    /api/v1/links/{token}/content            /api/v1/links/{link}/content?entry={file}  200 200 200 200 200 200 200
GET    /api/v1/links/{token}/content            /api/v1/links/{link}/content?entry={private}  404 404 404 404 404 404 404
POST   /api/v1/files/{id}/convert               /api/v1/files/{odt}/convert                202 202 403 401 404 404 401  json:{}
GET    /api/v1/files/{id}/download              /api/v1/files/{file}/download?format=pdf   200 200 200 401 404 404 401
GET    /api/v1/files/{id}/thumbnail             /api/v1/files/{file}/thumbnail             200 200 200 401 404 404 401
GET    /api/v1/jobs/{id}                        /api/v1/jobs/{job}                         200 404 404 401 404 404 401
"#;

/// Administration and health.
const ADMIN_AND_HEALTH: &str = r#"
GET    /api/v1/admin/settings                   /api/v1/admin/settings                     403 403 403 401 403 200 401
PUT    /api/v1/admin/settings                   /api/v1/admin/settings                     403 403 403 401 403 200 401  json:{}
DELETE /api/v1/admin/settings                   /api/v1/admin/settings                     403 403 403 401 403 200 401
POST   /api/v1/admin/settings/test              /api/v1/admin/settings/test                403 403 403 401 403 200 401  json:{}
GET    /api/v1/admin/users                      /api/v1/admin/users                        403 403 403 401 403 200 401
POST   /api/v1/admin/users                      /api/v1/admin/users                        403 403 403 401 403 201 401  json:{"login":"newbie{n}","password":"newbie-password-{n}"}
PATCH  /api/v1/admin/users/{id}                 /api/v1/admin/users/{victim}               403 403 403 401 403 200 401  json:{"display_name":"Victor-{n}"}
GET    /healthz                                 /healthz                                   200 200 200 200 200 200 200
GET    /readyz                                  /readyz                                    200 200 200 200 200 200 200
GET    /readyz                                  /readyz?deep=1                             403 403 403 401 403 200 401
"#;

/// The editor, the Document Server's routes (its signed links as issued, moved to another file
/// or version, without its token, or on another route), callbacks, guests of public links.
const OFFICE: &str = r#"
GET    /office/{id}/open                        /office/{file}/open                        200 200 200 401 404 404 401
GET    /office/{id}/open                        /office/{private}/open                     200 404 404 401 404 404 401
GET    /office/{id}/edit                        /office/{file}/edit                        200 200 200 303 404 404 303
GET    /office/{id}/history                     /office/{file}/history                     200 200 200 401 404 404 401
GET    /office/{id}/history/{n}                 /office/{file}/history/1                   200 200 200 401 404 404 401
GET    /office/{id}/content                     {content}                                  200 200 200 200 200 200 200  ds-token
GET    /office/{id}/content                     {content}                                  403 403 403 403 403 403 403
GET    /office/{id}/content                     {content_other_file}                       403 403 403 403 403 403 403  ds-token
GET    /office/{id}/content                     {content_other_version}                    403 403 403 403 403 403 403  ds-token
GET    /office/{id}/content                     /office/{file}/content                     400 400 400 400 400 400 400  ds-token
GET    /office/{id}/changes                     {changes}                                  200 200 200 200 200 200 200  ds-token
GET    /office/{id}/changes                     {changes_other_version}                    403 403 403 403 403 403 403  ds-token
GET    /office/{id}/probe                       {probe}                                    403 403 403 403 403 403 403  ds-token
POST   /office/callback                         /office/callback                           R R R R R R R                json:{"key":"{key}","status":2,"url":"http://127.0.0.1:9/x"}
POST   /office/callback                         /office/callback                           A A A A A A A                signed-callback
GET    /office/keys/{key}                       /office/keys/{key}                         200 200 403 401 404 404 401
POST   /office/keys/{key}                       /office/keys/{key}                         200 200 403 401 404 404 401
GET    /office/links/{token}/open               /office/links/{link}/open?file={file}      200 200 200 200 200 200 200
GET    /office/links/{token}/open               /office/links/{link}/open?file={private}   404 404 404 404 404 404 404
GET    /office/links/{token}/edit               /office/links/{link}/edit?file={file}&mode=view  200 200 200 200 200 200 200
GET    /s/{token}                               /s/{link}                                  200 200 200 200 200 200 200
GET    /s/{token}                               /s/{link}?entry={file}                     303 303 303 303 303 303 303
GET    /s/{token}                               /s/{link}?entry={private}                  404 404 404 404 404 404 404
POST   /s/{token}                               /s/{link}                                  200 200 200 200 200 200 200  form:name=Guest
"#;

/// The application API of editor connectors: no user credential is an application token (401),
/// a guessed secret logs no one in (403); users open the files they reach in the connector.
const APPLICATION: &str = r#"
POST   /api/console/v1/login                    /api/console/v1/login                      403 403 403 403 403 403 403  json:{"id":"tdrive_onlyoffice","secret":"a-guess"}
GET    /internal/services/documents/v1/companies/{company}/item/{id}  /internal/services/documents/v1/companies/bureau/item/{file}  401 401 401 401 401 401 401
GET    /internal/services/documents/v1/companies/{company}/item/{id}/download  /internal/services/documents/v1/companies/bureau/item/{file}/download  401 401 401 401 401 401 401
POST   /internal/services/documents/v1/companies/{company}/item/{id}/editing_session  /internal/services/documents/v1/companies/bureau/item/{file}/editing_session  401 401 401 401 401 401 401  json:{"editorApplicationId":"tdrive_onlyoffice","userId":"{victim}"}
GET    /internal/services/documents/v1/editing_session/{key}  /internal/services/documents/v1/editing_session/{key}  401 401 401 401 401 401 401
POST   /internal/services/documents/v1/editing_session/{key}  /internal/services/documents/v1/editing_session/{key}?keepEditing=true  401 401 401 401 401 401 401  raw:x
DELETE /internal/services/documents/v1/editing_session/{key}  /internal/services/documents/v1/editing_session/{key}  401 401 401 401 401 401 401
POST   /internal/services/documents/v1/editing_session/{key}/refresh  /internal/services/documents/v1/editing_session/{key}/refresh  401 401 401 401 401 401 401  json:{"users":[]}
GET    /office/{id}/connector                   /office/{file}/connector                   303 303 303 401 404 404 401
GET    /office/{id}/connector                   /office/{private}/connector                303 404 404 401 404 404 401
"#;

/// The pages. Folder and versions pages are for the owner and whoever the folder is shared with.
const PAGES: &str = r#"
GET    /                                        /                                          200 200 200 303 200 200 303
GET    /folders/{id}                            /folders/{team}                            200 200 200 303 404 404 303
GET    /folders/{id}/editing                    /folders/{team}/editing                    200 200 200 401 404 404 401
GET    /files/{id}/versions                     /files/{file}/versions                     200 200 200 303 404 404 303
GET    /login                                   /login                                     303 303 303 200 303 303 200
GET    /trash                                   /trash                                     200 200 200 303 200 200 303
GET    /shared                                  /shared                                    200 200 200 303 200 200 303
PUT    /settings/lang                           /settings/lang                             204 204 204 401 204 204 401  json:{"lang":"fr"}
GET    /admin/settings                          /admin/settings                            403 403 403 303 403 200 303
GET    /admin/users                             /admin/users                               403 403 403 303 403 200 303
GET    /assets/{name}                           /assets/app.css                            200 200 200 200 200 200 200
"#;

/// A request's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// None.
    Empty,
    /// JSON, with placeholders.
    Json(String),
    /// Raw bytes.
    Raw(String),
    /// A form.
    Form(String),
    /// A status 1 callback for `{key}`, signed as the Document Server signs it.
    SignedCallback,
}

/// One row of the matrix.
#[derive(Debug, Clone)]
pub struct Row {
    /// The method.
    pub method: Method,
    /// The route as the code writes it.
    pub route: String,
    /// The path and query requested, with placeholders.
    pub target: String,
    /// What each column gets, in [`super::world::Actor::COLUMNS`] order.
    pub expect: Vec<String>,
    /// The body.
    pub body: Body,
    /// Whether the request carries the Document Server's token for its URL.
    pub ds_token: bool,
    /// Whether the row signs its users in afresh (it signs them out).
    pub fresh_sessions: bool,
}

fn parse(line: &str) -> anyhow::Result<Row> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [method, route, target, rest @ ..] = fields.as_slice() else {
        bail!("a row needs a method, a route and a target: {line}");
    };
    let (expect, options) = rest.split_at_checked(7).context("seven columns")?;
    let mut row = Row {
        method: method.parse()?,
        route: (*route).to_owned(),
        target: (*target).to_owned(),
        expect: expect.iter().map(|s| (*s).to_owned()).collect(),
        body: Body::Empty,
        ds_token: false,
        fresh_sessions: false,
    };
    for option in options {
        match option.split_once(':') {
            Some(("json", b)) => row.body = Body::Json(b.to_owned()),
            Some(("raw", b)) => row.body = Body::Raw(b.to_owned()),
            Some(("form", b)) => row.body = Body::Form(b.to_owned()),
            _ if *option == "signed-callback" => row.body = Body::SignedCallback,
            _ if *option == "ds-token" => row.ds_token = true,
            _ if *option == "fresh-sessions" => row.fresh_sessions = true,
            _ => bail!("unknown option {option} in {line}"),
        }
    }
    Ok(row)
}

/// Every row.
pub fn all() -> anyhow::Result<Vec<Row>> {
    [
        DRIVE,
        ACCOUNTS_AND_SHARING,
        ADMIN_AND_HEALTH,
        OFFICE,
        APPLICATION,
        PAGES,
    ]
    .iter()
    .flat_map(|table| table.lines())
    .filter(|l| !l.trim().is_empty())
    .map(parse)
    .collect()
}
