//! The admin API over HTTP: the ONLYOFFICE Docs settings, saved at runtime and tested with
//! `bureau doctor`'s checks ([`settings`]), and the accounts ([`users`]); only administrators
//! reach either.

mod settings;
mod users;

use reqwest::Method;
use serde_json::json;

use crate::support::{ADMIN_PASSWORD, TestApp, expect_error, http_client, json_with};

/// Every admin route, with a body that would be valid for an administrator.
fn routes() -> Vec<(Method, &'static str, Option<serde_json::Value>)> {
    vec![
        (Method::GET, "/api/v1/admin/settings", None),
        (Method::PUT, "/api/v1/admin/settings", Some(json!({}))),
        (Method::DELETE, "/api/v1/admin/settings", None),
        (Method::POST, "/api/v1/admin/settings/test", Some(json!({}))),
        (Method::GET, "/api/v1/admin/users", None),
        (
            Method::POST,
            "/api/v1/admin/users",
            Some(json!({"login": "carol", "password": "carol-secret-pw"})),
        ),
        (
            Method::PATCH,
            "/api/v1/admin/users/nobody",
            Some(json!({"disabled": true})),
        ),
    ]
}

#[tokio::test]
async fn only_administrators_reach_the_admin_api() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let bob = app.user("bob").await?;
    let anonymous = http_client();
    let mut admin = app.browser();
    admin.sign_in("admin", ADMIN_PASSWORD).await?;
    for (method, path, body) in routes() {
        let mut signed_out = anonymous.request(method.clone(), app.url(path));
        let mut user = bob.request(method.clone(), path);
        let mut no_csrf = admin.request(method.clone(), path);
        if let Some(body) = &body {
            signed_out = signed_out.json(body);
            user = user.json(body);
            no_csrf = no_csrf.json(body);
        }
        expect_error(signed_out.send().await?, 401, "unauthenticated").await?;
        expect_error(user.send().await?, 403, "admin_required").await?;
        if method != Method::GET {
            expect_error(no_csrf.send().await?, 403, "csrf_failed").await?;
        }
    }
    // With the session's CSRF token the same session gets through.
    let listed = admin
        .write(Method::GET, "/api/v1/admin/users")
        .send()
        .await?;
    let listed = json_with(listed, 200).await?;
    assert_eq!(listed["users"].as_array().map(Vec::len), Some(2));
    let saved = admin
        .write(Method::PUT, "/api/v1/admin/settings")
        .json(&json!({"docs_jwt_header": "AuthorizationJwt"}))
        .send()
        .await?;
    let saved = json_with(saved, 200).await?;
    assert_eq!(saved["docs_jwt_header"], "AuthorizationJwt");
    app.stop().await
}

#[tokio::test]
async fn the_admin_pages_are_for_administrators() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let bob = app.user("bob").await?;
    for path in ["/admin/settings", "/admin/users"] {
        let signed_out = http_client().get(app.url(path)).send().await?;
        assert!(signed_out.status().is_redirection(), "{path}");
        assert_eq!(signed_out.headers()["location"], "/login");

        let refused = bob.get(path).header("accept-language", "fr").send().await?;
        assert_eq!(refused.status(), 403, "{path}");
        let html = refused.text().await?;
        assert!(
            html.contains("Cette page est réservée aux administrateurs."),
            "{html}"
        );

        let page = app.admin.get(path).send().await?;
        assert_eq!(page.status(), 200, "{path}");
        let csp = page.headers()["content-security-policy"]
            .to_str()?
            .to_owned();
        assert!(csp.contains("script-src 'self'"), "{csp}");
        let html = page.text().await?;
        assert!(html.contains(r#"id="menu-admin-settings""#), "{html}");
    }
    for (lang, shown) in [("fr", "Tester la connexion"), ("zh-CN", "测试连接")] {
        let page = app
            .admin
            .get("/admin/settings")
            .header("accept-language", lang);
        let html = page.send().await?.text().await?;
        assert!(html.contains(shown), "{lang}: {html}");
    }
    let home = bob.get("/").send().await?.text().await?;
    assert!(!home.contains("menu-admin-settings"), "{home}");
    let users = app.admin.get("/admin/users").send().await?.text().await?;
    assert!(users.contains(r#"data-login="bob""#) && !users.contains("argon2"));
    app.stop().await
}
