//! Sign-in rate limiting: failures counted per login and per client address (the test clients
//! connect from different loopback addresses, 127.0.0.x), 429 with `Retry-After` past the
//! limit, a success that resets, a window that ends, `X-Forwarded-For` believed from trusted
//! proxies only.

use std::{net::IpAddr, time::Duration};

use reqwest::{Response, StatusCode};
use serde_json::json;

use crate::support::{TestApp, expect_error, password_of};

/// Signs in as `login` from the loopback address `127.0.0.<from>`, with `forwarded` as
/// `X-Forwarded-For` if given; the raw response.
async fn sign_in(
    app: &TestApp,
    from: u8,
    login: &str,
    password: &str,
    forwarded: Option<&str>,
) -> anyhow::Result<Response> {
    let client = reqwest::Client::builder()
        .local_address(IpAddr::from([127, 0, 0, from]))
        .build()?;
    let mut request = client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"login": login, "password": password}));
    if let Some(f) = forwarded {
        request = request.header("X-Forwarded-For", f);
    }
    Ok(request.send().await?)
}

/// Expects a refusal for the wrong password.
async fn wrong(app: &TestApp, from: u8, login: &str, fwd: Option<&str>) -> anyhow::Result<()> {
    let response = sign_in(app, from, login, "not-the-password", fwd).await?;
    expect_error(response, 403, "invalid_credentials").await
}

/// Expects the right password to be refused with 429 and a `Retry-After` within `max` seconds.
async fn locked(app: &TestApp, from: u8, login: &str, max: u64) -> anyhow::Result<()> {
    let response = sign_in(app, from, login, &password_of(login), None).await?;
    let retry: u64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok()?.parse().ok())
        .unwrap_or(0);
    anyhow::ensure!(
        (1..=max).contains(&retry),
        "Retry-After {retry} for {login} from .{from}"
    );
    expect_error(response, 429, "too_many_sign_in_failures").await
}

/// Expects the right password to work.
async fn works(app: &TestApp, from: u8, login: &str) -> anyhow::Result<()> {
    let response = sign_in(app, from, login, &password_of(login), None).await?;
    anyhow::ensure!(
        response.status() == StatusCode::OK,
        "{login} from .{from}: {}",
        response.status()
    );
    Ok(())
}

#[tokio::test]
async fn ten_failures_for_one_login_lock_it_from_everywhere() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.user("bob").await?;
    app.user("carol").await?;
    for from in 10..20 {
        // Logins are counted case-folded, as they sign in.
        let login = if from % 2 == 0 { "bob" } else { " Bob" };
        wrong(&app, from, login, None).await?;
    }
    locked(&app, 20, "bob", 15 * 60).await?;
    // Other logins from the same address are not affected.
    works(&app, 20, "carol").await?;
    app.stop().await
}

#[tokio::test]
async fn ten_failures_from_one_address_lock_it_for_every_login() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.user("carol").await?;
    for n in 0..10 {
        wrong(&app, 30, &format!("nobody{n}"), None).await?;
    }
    locked(&app, 30, "carol", 15 * 60).await?;
    works(&app, 31, "carol").await?;
    app.stop().await
}

#[tokio::test]
async fn a_success_resets_the_count() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.user("dave").await?;
    for _ in 0..2 {
        for _ in 0..9 {
            wrong(&app, 40, "dave", None).await?;
        }
        works(&app, 40, "dave").await?;
    }
    app.stop().await
}

#[tokio::test]
async fn the_refusal_ends_with_the_window_and_the_limit_is_configurable() -> anyhow::Result<()> {
    let app =
        TestApp::spawn_with(&[("login_max_failures", "2"), ("login_failure_window", "2s")]).await?;
    app.user("erin").await?;
    wrong(&app, 50, "erin", None).await?;
    wrong(&app, 50, "erin", None).await?;
    locked(&app, 50, "erin", 2).await?;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    works(&app, 50, "erin").await?;
    app.stop().await?;

    let off = TestApp::spawn_with(&[("login_max_failures", "0")]).await?;
    off.user("erin").await?;
    for _ in 0..15 {
        wrong(&off, 51, "erin", None).await?;
    }
    works(&off, 51, "erin").await?;
    off.stop().await
}

#[tokio::test]
async fn forwarded_addresses_count_only_behind_a_trusted_proxy() -> anyhow::Result<()> {
    // Untrusted: a client cannot dodge the per-address limit by inventing X-Forwarded-For.
    let app = TestApp::spawn().await?;
    app.user("frank").await?;
    for n in 0..10 {
        let forged = format!("198.51.100.{n}");
        wrong(&app, 60, &format!("nobody{n}"), Some(&forged)).await?;
    }
    locked(&app, 60, "frank", 15 * 60).await?;
    app.stop().await?;

    // Behind a trusted proxy (127.0.0.61), each forwarded client counts on its own.
    let app = TestApp::spawn_with(&[("trusted_proxies", "127.0.0.61")]).await?;
    app.user("frank").await?;
    for n in 0..10 {
        wrong(&app, 61, &format!("nobody{n}"), Some("203.0.113.7")).await?;
    }
    let response = sign_in(
        &app,
        61,
        "frank",
        &password_of("frank"),
        Some("203.0.113.7"),
    )
    .await?;
    expect_error(response, 429, "too_many_sign_in_failures").await?;
    let other = sign_in(
        &app,
        61,
        "frank",
        &password_of("frank"),
        Some("203.0.113.8"),
    )
    .await?;
    assert_eq!(other.status(), StatusCode::OK);
    app.stop().await
}
