//! Security headers on every kind of response (pages, redirects, errors, assets, the JSON API,
//! downloads, the editor and guest pages, the Document Server's routes, health checks), and the
//! flags of every cookie Bureau sets.

use onlyoffice::jwt::JwtSettings;
use reqwest::{Method, RequestBuilder, Response};
use serde_json::json;

use crate::{
    office::{OfficeEnv, SECRET},
    sharing::link,
    support::{ADMIN_PASSWORD, Browser, TestApp, field},
};

/// What a response is: a page (or a page's asset or redirect), which may load Bureau's own
/// scripts and styles, or data, which may load nothing and runs sandboxed if opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    Data,
}

/// Checks one response's security headers.
fn check_headers(what: &str, kind: Kind, response: &Response) -> anyhow::Result<()> {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let csp = header("content-security-policy");
    anyhow::ensure!(
        header("x-content-type-options") == "nosniff",
        "{what}: no nosniff"
    );
    anyhow::ensure!(
        matches!(
            header("referrer-policy").as_str(),
            "same-origin" | "no-referrer"
        ),
        "{what}: referrer policy {:?}",
        header("referrer-policy")
    );
    anyhow::ensure!(
        csp.contains("frame-ancestors 'self'") || csp.contains("frame-ancestors 'none'"),
        "{what}: CSP without frame-ancestors: {csp:?}"
    );
    anyhow::ensure!(
        csp.contains("default-src 'self'") || csp.contains("default-src 'none'"),
        "{what}: CSP without a default-src: {csp:?}"
    );
    anyhow::ensure!(
        !csp.contains("unsafe-eval") && !csp.contains("script-src *"),
        "{what}: CSP allows arbitrary script: {csp:?}"
    );
    if kind == Kind::Data {
        anyhow::ensure!(
            csp.contains("default-src 'none'") && csp.contains("sandbox"),
            "{what}: data served without the sandboxing CSP: {csp:?}"
        );
    }
    Ok(())
}

/// One request of a kind of response: a short name, the kind and the request.
type Probe = (&'static str, Kind, RequestBuilder);

/// What the requests need: a document and an HTML file, a public link with and one without a
/// password, the signed `document.url` with its Document Server token, and the clients.
struct Fixtures {
    docx: String,
    html: String,
    public: String,
    locked: String,
    document_url: String,
    ds_token: String,
    browser: Browser,
    anonymous: reqwest::Client,
}

async fn fixtures(env: &OfficeEnv) -> anyhow::Result<Fixtures> {
    let api = &env.app.admin;
    let mut browser = env.app.browser();
    browser.sign_in("admin", ADMIN_PASSWORD).await?;
    let docx = env.upload_fixture(api, "test.docx", "Doc.docx").await?;
    let html = api.upload("page.html", "<script>alert(1)</script>").await?;
    let public = link(api, "files", &docx, json!({"link": true, "role": "view"})).await?;
    let locked = json!({"link": true, "role": "view", "password": "pw-123456"});
    let locked = link(api, "files", &docx, locked).await?;
    let config = env.page_config(api, &docx, "").await?;
    let document_url = field(&config["document"], "url")?;
    let ds_token = JwtSettings::new(SECRET).sign(&json!({"payload": {"url": document_url}}))?;
    Ok(Fixtures {
        html: field(&html, "id")?,
        public: field(&public, "token")?,
        locked: field(&locked, "token")?,
        docx,
        document_url,
        ds_token,
        browser,
        anonymous: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?,
    })
}

/// Pages, their assets, redirects and errors.
fn page_probes(app: &TestApp, f: &Fixtures) -> Vec<Probe> {
    let (docx, public, locked) = (&f.docx, &f.public, &f.locked);
    let get = |path: &str| f.anonymous.get(app.url(path));
    let page = |path: &str| f.browser.request(Method::GET, path);
    let guest_editor = format!("/office/links/{public}/edit?mode=view");
    [
        ("page", page("/")),
        ("trash page", page("/trash")),
        ("versions page", page(&format!("/files/{docx}/versions"))),
        ("sign-in page", get("/login")),
        ("redirect to sign-in", get("/")),
        ("HTML 404", get("/no/such/page")),
        ("stylesheet", get("/assets/app.css")),
        ("script", get("/assets/login.js")),
        ("editor page", page(&format!("/office/{docx}/edit"))),
        ("guest password page", get(&format!("/s/{locked}"))),
        ("guest editor page", get(&guest_editor)),
    ]
    .into_iter()
    .map(|(name, request)| (name, Kind::Page, request))
    .collect()
}

/// The JSON API, downloads, the Document Server's routes and the health checks.
fn data_probes(app: &TestApp, f: &Fixtures) -> Vec<Probe> {
    let api = &app.admin;
    let (docx, html, public) = (&f.docx, &f.html, &f.public);
    let get = |path: &str| f.anonymous.get(app.url(path));
    let random = uuid::Uuid::new_v4();
    let ds_download = f.anonymous.get(&f.document_url);
    [
        ("guest link redirect", get(&format!("/s/{public}"))),
        ("API JSON", api.get("/api/v1/auth/me")),
        ("API 404", api.get(&format!("/api/v1/files/{random}"))),
        ("API unknown route", api.get("/api/v1/no-such-route")),
        ("API 405", api.request(Method::DELETE, "/api/v1/auth/me")),
        ("API 401", get("/api/v1/auth/me")),
        (
            "download of an HTML file",
            api.get(&format!("/api/v1/files/{html}/content")),
        ),
        ("office JSON", api.get(&format!("/office/{docx}/open"))),
        ("public link API", get(&format!("/api/v1/links/{public}"))),
        (
            "Document Server download",
            ds_download
                .try_clone()
                .expect("no body")
                .bearer_auth(&f.ds_token),
        ),
        ("refused Document Server download", ds_download),
        (
            "callback reply",
            f.anonymous.post(app.url("/office/callback")).body("{}"),
        ),
        ("health", get("/healthz")),
        ("readiness", get("/readyz")),
    ]
    .into_iter()
    .map(|(name, request)| (name, Kind::Data, request))
    .collect()
}

/// The number of response kinds [`every_response_carries_the_security_headers`] checks.
pub const RESPONSE_KINDS: usize = 25;

#[tokio::test]
async fn every_response_carries_the_security_headers() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let f = fixtures(&env).await?;
    let mut all = page_probes(&env.app, &f);
    all.extend(data_probes(&env.app, &f));
    assert_eq!(all.len(), RESPONSE_KINDS);
    let mut statuses = Vec::new();
    for (what, kind, request) in all {
        let response = request.send().await?;
        check_headers(what, kind, &response)?;
        statuses.push(format!("{what}: {}", response.status().as_u16()));
    }
    // The kinds really are what they claim (a refusal, a redirect, a 404…).
    for expected in [
        "page: 200",
        "redirect to sign-in: 303",
        "HTML 404: 404",
        "API 404: 404",
        "API 405: 405",
        "API 401: 401",
        "download of an HTML file: 200",
        "editor page: 200",
        "guest password page: 200",
        "Document Server download: 200",
        "refused Document Server download: 403",
    ] {
        assert!(
            statuses.iter().any(|s| s == expected),
            "{expected} not in {statuses:?}"
        );
    }
    env.app.stop().await
}

/// The `Set-Cookie` values of a response.
fn cookies(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect()
}

/// Checks every cookie flag; `secure` is whether `Secure` must be there.
fn check_cookie(what: &str, cookie: &str, secure: bool) {
    let attributes: Vec<&str> = cookie.split(';').map(str::trim).collect();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(attributes.contains(&flag), "{what}: no {flag} in {cookie}");
    }
    assert!(
        attributes.iter().any(|a| a.starts_with("Max-Age=")),
        "{what}: {cookie}"
    );
    assert_eq!(attributes.contains(&"Secure"), secure, "{what}: {cookie}");
}

/// Signs in, signs out and unlocks a password link; checks each cookie set on the way.
async fn check_every_cookie(app: &TestApp, secure: bool) -> anyhow::Result<()> {
    let mut browser = app.browser();
    let signed_in = browser.login("admin", ADMIN_PASSWORD).await?;
    let set = cookies(&signed_in);
    assert_eq!(set.len(), 1, "{set:?}");
    check_cookie("session", &set[0], secure);
    browser.csrf = Some(field(&signed_in.json().await?, "csrf_token")?);
    let out = browser
        .write(Method::POST, "/api/v1/auth/logout")
        .send()
        .await?;
    assert_eq!(out.status(), 204);
    let cleared = cookies(&out);
    check_cookie("cleared session", &cleared[0], secure);
    assert!(cleared[0].contains("Max-Age=0"), "{cleared:?}");

    let file = field(&app.admin.upload("a.txt", "a").await?, "id")?;
    let body = json!({"link": true, "role": "view", "password": "pw-123456"});
    let token = field(&link(&app.admin, "files", &file, body).await?, "token")?;
    let unlocked = browser
        .request(Method::POST, &format!("/s/{token}"))
        .form(&[("password", "pw-123456")])
        .send()
        .await?;
    let set = cookies(&unlocked);
    assert_eq!(set.len(), 1, "{set:?}");
    check_cookie("link unlock", &set[0], secure);
    Ok(())
}

#[tokio::test]
async fn cookies_are_http_only_same_site_and_secure_when_configured() -> anyhow::Result<()> {
    let plain = TestApp::spawn().await?;
    check_every_cookie(&plain, false).await?;
    plain.stop().await?;
    let secure = TestApp::spawn_with(&[("cookie_secure", "true")]).await?;
    check_every_cookie(&secure, true).await?;
    secure.stop().await?;
    // An https public URL turns Secure on by itself.
    let https = TestApp::spawn_with(&[("public_url", "https://bureau.example.org/")]).await?;
    check_every_cookie(&https, true).await?;
    https.stop().await
}
