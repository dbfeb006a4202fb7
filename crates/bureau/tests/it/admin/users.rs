//! `/api/v1/admin/users`: adding accounts, disabling and enabling them (sessions end, tokens stop
//! working), setting a password, and the rules that keep an administrator in charge.

use anyhow::Context as _;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    ADMIN_PASSWORD, Api, TestApp, expect_error, field, json_with, password_of, process::bureau,
};

const USERS: &str = "/api/v1/admin/users";

/// `PATCH /api/v1/admin/users/{id}`; the raw response.
async fn patch(admin: &Api, id: &str, body: Value) -> anyhow::Result<reqwest::Response> {
    admin
        .send_json(Method::PATCH, &format!("{USERS}/{id}"), body)
        .await
}

#[tokio::test]
async fn administrators_add_users_who_can_then_sign_in() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let body = json!({
        "login": "Carol",
        "display_name": "  Carol Martin ",
        "password": "carol-secret-pw",
        "is_admin": false,
    });
    let created = json_with(app.admin.send_json(Method::POST, USERS, body).await?, 201).await?;
    assert_eq!(created["login"], "carol", "logins are folded to lower case");
    assert_eq!(created["display_name"], "Carol Martin");
    assert_eq!(created["is_admin"], false);
    assert_eq!(created["disabled"], false);
    assert!(created["created_at"].is_i64(), "{created}");
    assert!(created.get("password_hash").is_none(), "{created}");
    let me = app.browser().sign_in("carol", "carol-secret-pw").await;
    me.context("the new user signs in")?;

    let again = json!({"login": "carol", "password": "another-secret-pw"});
    let taken = app.admin.send_json(Method::POST, USERS, again).await?;
    expect_error(taken, 409, "login_taken").await?;
    for (body, code) in [
        (
            json!({"login": "no spaces", "password": "long-enough-pw"}),
            "invalid_login",
        ),
        (
            json!({"login": "dave", "password": "short"}),
            "weak_password",
        ),
        (
            json!({"login": "dave", "password": "long-enough-pw", "display_name": "a\u{7}b"}),
            "invalid_display_name",
        ),
        (json!({"login": "dave"}), "invalid_json"),
    ] {
        let refused = app.admin.send_json(Method::POST, USERS, body).await?;
        expect_error(refused, 400, code).await?;
    }
    let list = app.admin.get_json(USERS).await?;
    let logins: Vec<&str> = list["users"]
        .as_array()
        .context("users")?
        .iter()
        .filter_map(|u| u["login"].as_str())
        .collect();
    assert_eq!(logins, ["admin", "carol"]);
    assert!(!list.to_string().contains("argon2"), "{list}");
    app.stop().await
}

#[tokio::test]
async fn a_disabled_user_is_signed_out_and_their_tokens_stop_working() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let bob = app.user("bob").await?;
    let mut session = app.browser();
    session.sign_in("bob", &password_of("bob")).await?;

    let disabled = json_with(
        patch(&app.admin, &bob.user_id, json!({"disabled": true})).await?,
        200,
    )
    .await?;
    assert_eq!(disabled["disabled"], true);
    let me = session
        .request(Method::GET, "/api/v1/auth/me")
        .send()
        .await?;
    expect_error(me, 401, "unauthenticated").await?;
    let token = bob.get("/api/v1/folders/root").send().await?;
    expect_error(token, 401, "unauthenticated").await?;
    let login = app.browser().login("bob", &password_of("bob")).await?;
    expect_error(login, 403, "invalid_credentials").await?;

    patch(&app.admin, &bob.user_id, json!({"disabled": false})).await?;
    bob.get_json("/api/v1/folders/root").await?;
    app.browser().sign_in("bob", &password_of("bob")).await?;
    let missing = patch(&app.admin, "no-such-user", json!({"disabled": true})).await?;
    expect_error(missing, 404, "user_not_found").await?;
    app.stop().await
}

#[tokio::test]
async fn a_new_password_ends_the_sessions_and_replaces_the_old_one() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let bob = app.user("bob").await?;
    let mut session = app.browser();
    session.sign_in("bob", &password_of("bob")).await?;

    let weak = patch(&app.admin, &bob.user_id, json!({"password": "short"})).await?;
    expect_error(weak, 400, "weak_password").await?;
    let body = json!({"password": "bob-new-password", "display_name": "Bob B."});
    let changed = json_with(patch(&app.admin, &bob.user_id, body).await?, 200).await?;
    assert_eq!(changed["display_name"], "Bob B.");
    let me = session
        .request(Method::GET, "/api/v1/auth/me")
        .send()
        .await?;
    expect_error(me, 401, "unauthenticated").await?;
    let old = app.browser().login("bob", &password_of("bob")).await?;
    expect_error(old, 403, "invalid_credentials").await?;
    app.browser().sign_in("bob", "bob-new-password").await?;
    bob.get_json("/api/v1/folders/root").await?;
    app.stop().await
}

#[tokio::test]
async fn administrators_cannot_lock_themselves_or_everyone_out() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for body in [json!({"disabled": true}), json!({"is_admin": false})] {
        let refused = patch(&app.admin, &app.admin.user_id, body).await?;
        expect_error(refused, 409, "own_account").await?;
    }
    // A second administrator may demote the first; then nobody demotes the last one.
    let bob = app.user("bob").await?;
    json_with(
        patch(&app.admin, &bob.user_id, json!({"is_admin": true})).await?,
        200,
    )
    .await?;
    let demoted = patch(&bob, &app.admin.user_id, json!({"is_admin": false})).await?;
    assert_eq!(json_with(demoted, 200).await?["is_admin"], false);
    let gone = app.admin.get(USERS).send().await?;
    expect_error(gone, 403, "admin_required").await?;
    let own = patch(&bob, &bob.user_id, json!({"is_admin": false})).await?;
    expect_error(own, 409, "own_account").await?;

    // The command line cannot disable the last enabled administrator either.
    let mut cmd = bureau(app.data_dir());
    cmd.args(["user", "disable", "bob"]);
    let output = tokio::task::spawn_blocking(move || cmd.output()).await??;
    let stderr = String::from_utf8(output.stderr)?;
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("no enabled administrator"), "{stderr}");
    let list = bob.get_json(USERS).await?;
    let bob_row = list["users"]
        .as_array()
        .and_then(|all| all.iter().find(|u| u["login"] == "bob"))
        .context("bob")?;
    assert_eq!(bob_row["disabled"], false);
    assert_eq!(field(bob_row, "id")?, bob.user_id);
    app.browser().sign_in("admin", ADMIN_PASSWORD).await?;
    app.stop().await
}
