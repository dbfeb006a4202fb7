//! Sign-in sessions, CSRF protection, disabled accounts and personal API tokens.

use reqwest::Method;
use serde_json::json;

use crate::support::{ADMIN_PASSWORD, TestApp, expect_error, field, json_with, password_of};

#[tokio::test]
async fn login_sets_a_session_cookie() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let mut browser = app.browser();
    let cookie = browser.sign_in("admin", ADMIN_PASSWORD).await?;
    assert!(cookie.starts_with("bureau_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http must not set Secure: {cookie}"
    );

    let me = json_with(
        browser
            .request(Method::GET, "/api/v1/auth/me")
            .send()
            .await?,
        200,
    )
    .await?;
    assert_eq!(me["login"], "admin");
    assert_eq!(me["is_admin"], true);
    assert_eq!(me["csrf_token"].as_str(), browser.csrf.as_deref());
    // Logins are case-insensitive.
    let mut other = app.browser();
    other.sign_in("ADMIN", ADMIN_PASSWORD).await?;
    app.stop().await
}

#[tokio::test]
async fn cookie_writes_need_the_csrf_token() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let mut browser = app.browser();
    browser.sign_in("admin", ADMIN_PASSWORD).await?;
    let folder = json!({"name": "Docs"});

    let without = browser
        .request(Method::POST, "/api/v1/folders")
        .json(&folder)
        .send()
        .await?;
    expect_error(without, 403, "csrf_failed").await?;
    let wrong = browser
        .request(Method::POST, "/api/v1/folders")
        .header("X-CSRF-Token", "not-the-token")
        .json(&folder)
        .send()
        .await?;
    expect_error(wrong, 403, "csrf_failed").await?;
    let upload = browser
        .request(Method::POST, "/api/v1/files?name=a.txt")
        .body("a")
        .send()
        .await?;
    expect_error(upload, 403, "csrf_failed").await?;
    assert!(app.admin.child_names("root").await?.is_empty());

    let right = browser
        .write(Method::POST, "/api/v1/folders")
        .json(&folder)
        .send()
        .await?;
    let id = field(&json_with(right, 201).await?, "id")?;
    let delete = browser
        .request(Method::DELETE, &format!("/api/v1/folders/{id}"))
        .send()
        .await?;
    expect_error(delete, 403, "csrf_failed").await?;
    let delete = browser
        .write(Method::DELETE, &format!("/api/v1/folders/{id}"))
        .send()
        .await?;
    assert_eq!(delete.status(), 204);
    // Reads need no token.
    let root = browser
        .request(Method::GET, "/api/v1/folders/root")
        .send()
        .await?;
    assert_eq!(root.status(), 200);
    app.stop().await
}

#[tokio::test]
async fn wrong_password_and_unknown_login_are_refused_alike() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.user("alice").await?;
    let mut browser = app.browser();
    let mut details = Vec::new();
    for (login, password) in [
        ("alice", "wrong-password"),
        ("nobody", "whatever-password"),
        ("alice", ""),
        ("not a login!", "x"),
    ] {
        let response = browser.login(login, password).await?;
        assert!(response.headers().get("set-cookie").is_none());
        let body = json_with(response, 403).await?;
        assert_eq!(body["errors"][0]["code"], "invalid_credentials", "{login}");
        details.push(body["errors"][0]["detail"].clone());
    }
    assert!(details.windows(2).all(|w| w[0] == w[1]), "{details:?}");
    let me = browser
        .request(Method::GET, "/api/v1/auth/me")
        .send()
        .await?;
    expect_error(me, 401, "unauthenticated").await?;
    browser.sign_in("alice", &password_of("alice")).await?;
    app.stop().await
}

#[tokio::test]
async fn a_disabled_user_can_neither_log_in_nor_use_a_token() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.user("alice").await?;
    let mut session = app.browser();
    session.sign_in("alice", &password_of("alice")).await?;
    alice.upload("a.txt", "a").await?;

    app.set_disabled(&alice, true).await?;
    let refused = app.browser().login("alice", &password_of("alice")).await?;
    expect_error(refused, 403, "invalid_credentials").await?;
    let token = alice.get("/api/v1/folders/root").send().await?;
    expect_error(token, 401, "unauthenticated").await?;
    let cookie = session
        .request(Method::GET, "/api/v1/auth/me")
        .send()
        .await?;
    expect_error(cookie, 401, "unauthenticated").await?;

    app.set_disabled(&alice, false).await?;
    assert_eq!(alice.child_names("root").await?, ["a.txt"]);
    app.browser()
        .sign_in("alice", &password_of("alice"))
        .await?;
    app.stop().await
}

#[tokio::test]
async fn logout_ends_the_session() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let mut browser = app.browser();
    let set_cookie = browser.sign_in("admin", ADMIN_PASSWORD).await?;
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_owned();

    let without = browser
        .request(Method::POST, "/api/v1/auth/logout")
        .send()
        .await?;
    expect_error(without, 403, "csrf_failed").await?;
    let logout = browser
        .write(Method::POST, "/api/v1/auth/logout")
        .send()
        .await?;
    assert_eq!(logout.status(), 204);
    let cleared = logout.headers()["set-cookie"].to_str()?;
    assert!(cleared.starts_with("bureau_session=;") && cleared.contains("Max-Age=0"));

    let me = browser
        .request(Method::GET, "/api/v1/auth/me")
        .send()
        .await?;
    expect_error(me, 401, "unauthenticated").await?;
    // The old cookie value, replayed by hand, is dead too.
    let replay = reqwest::Client::new()
        .get(app.url("/api/v1/auth/me"))
        .header("Cookie", &cookie)
        .send()
        .await?;
    expect_error(replay, 401, "unauthenticated").await?;
    app.stop().await
}

#[tokio::test]
async fn personal_tokens_are_created_listed_and_revoked() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.user("alice").await?;
    let created = alice
        .send_json(Method::POST, "/api/v1/tokens", json!({"name": "laptop"}))
        .await?;
    let created = json_with(created, 201).await?;
    let token = field(&created, "token")?;
    let id = field(&created, "id")?;
    assert!(token.starts_with("bureau_"), "{token}");

    let listing = alice.get_json("/api/v1/tokens").await?;
    let text = listing.to_string();
    assert!(text.contains("laptop") && !text.contains(&token), "{text}");

    let client = reqwest::Client::new();
    let me = |t: &str| client.get(app.url("/api/v1/auth/me")).bearer_auth(t).send();
    assert_eq!(json_with(me(&token).await?, 200).await?["login"], "alice");
    // Token writes need no CSRF header.
    let folder = client
        .post(app.url("/api/v1/folders"))
        .bearer_auth(&token)
        .json(&json!({"name": "ByToken"}))
        .send()
        .await?;
    assert_eq!(folder.status(), 201);

    // Nobody else can revoke it; its owner can.
    let bob = app.user("bob").await?;
    let path = format!("/api/v1/tokens/{id}");
    let foreign = bob.request(Method::DELETE, &path).send().await?;
    expect_error(foreign, 404, "token_not_found").await?;
    assert_eq!(
        alice.request(Method::DELETE, &path).send().await?.status(),
        204
    );
    expect_error(me(&token).await?, 401, "unauthenticated").await?;
    let empty = alice
        .send_json(Method::POST, "/api/v1/tokens", json!({"name": "  "}))
        .await?;
    expect_error(empty, 400, "invalid_name").await?;
    app.stop().await
}

#[tokio::test]
async fn sessions_expire_on_the_server() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(&[("session_ttl", "1s")]).await?;
    let set_cookie = app.browser().sign_in("admin", ADMIN_PASSWORD).await?;
    assert!(set_cookie.contains("Max-Age=1"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_owned();
    let me = |cookie: String| {
        reqwest::Client::new()
            .get(app.url("/api/v1/auth/me"))
            .header("Cookie", cookie)
            .send()
    };
    assert_eq!(me(cookie.clone()).await?.status(), 200);
    // The cookie is replayed by hand: the server itself must refuse it once expired.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    expect_error(me(cookie).await?, 401, "unauthenticated").await?;
    app.stop().await
}
