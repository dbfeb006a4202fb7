//! Public links and user shares: passwords, expiry, revocation, guests editing, listing.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{link, share_with};
use crate::{
    office::{OfficeEnv, ds_config, versions},
    support::{TestApp, expect_error, json_with},
};

#[tokio::test]
async fn links_honour_passwords_and_revocation() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let owner = &app.admin;
    let file = owner.upload("Notes.txt", b"secret notes".to_vec()).await?;
    let id = file["id"].as_str().expect("id");
    let share = link(
        owner,
        "files",
        id,
        json!({"link": true, "role": "view", "password": "open sesame"}),
    )
    .await?;
    let token = share["token"].as_str().expect("token");
    assert!(
        share["url"]
            .as_str()
            .expect("url")
            .ends_with(&format!("/s/{token}"))
    );
    let guest = reqwest::Client::new();
    let url = app.url(&format!("/api/v1/links/{token}/content"));
    expect_error(guest.get(&url).send().await?, 403, "link_password_required").await?;
    let wrong = guest
        .get(&url)
        .header("x-link-password", "nope")
        .send()
        .await?;
    expect_error(wrong, 403, "link_password_required").await?;
    let right = guest
        .get(&url)
        .header("x-link-password", "open sesame")
        .send()
        .await?;
    assert_eq!(right.status(), StatusCode::OK);
    assert_eq!(right.text().await?, "secret notes");

    let listed = owner
        .get_json(&format!("/api/v1/files/{id}/shares"))
        .await?;
    let shares = listed["shares"].as_array().expect("shares");
    assert_eq!(shares.len(), 1);
    assert!(
        shares[0].get("token").is_none(),
        "a token is shown only once"
    );
    let share_id = shares[0]["id"].as_str().expect("id");
    let revoke = owner
        .request(Method::DELETE, &format!("/api/v1/shares/{share_id}"))
        .send()
        .await?;
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    let gone = guest
        .get(&url)
        .header("x-link-password", "open sesame")
        .send()
        .await?;
    expect_error(gone, 404, "link_not_found").await?;
    expect_error(
        guest
            .get(app.url("/api/v1/links/not-a-token"))
            .send()
            .await?,
        404,
        "link_not_found",
    )
    .await?;
    app.stop().await
}

#[tokio::test]
async fn user_shares_list_expire_and_stay_owner_managed() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let owner = &app.admin;
    let bob = app.user("bob").await?;
    let file = owner
        .upload("Budget.xlsx", b"not really a spreadsheet".to_vec())
        .await?;
    let id = file["id"].as_str().expect("id");
    share_with(owner, "files", id, "bob", "view").await?;
    let again = owner
        .send_json(
            Method::POST,
            &format!("/api/v1/files/{id}/shares"),
            json!({"login": "bob", "role": "edit"}),
        )
        .await?;
    expect_error(again, 409, "already_shared").await?;
    let bad = owner
        .send_json(
            Method::POST,
            &format!("/api/v1/files/{id}/shares"),
            json!({"login": "bob", "role": "god"}),
        )
        .await?;
    expect_error(bad, 400, "invalid_role").await?;
    let past = json!({"login": "bob", "role": "view", "expires_at": "2001-01-01T00:00:00Z"});
    let expired = owner
        .send_json(Method::POST, &format!("/api/v1/files/{id}/shares"), past)
        .await?;
    expect_error(expired, 400, "invalid_expiry").await?;
    let nobody = owner
        .send_json(
            Method::POST,
            &format!("/api/v1/files/{id}/shares"),
            json!({"login": "ghost", "role": "view"}),
        )
        .await?;
    expect_error(nobody, 404, "user_not_found").await?;

    let shared = bob.get_json("/api/v1/shared").await?;
    assert_eq!(shared["shared"][0]["entry"]["name"], "Budget.xlsx");
    assert_eq!(shared["shared"][0]["role"], "view");
    // Bob may read but not manage: sharing, renaming, deleting are the owner's.
    assert_eq!(
        bob.get(&format!("/api/v1/files/{id}/content"))
            .send()
            .await?
            .status(),
        200
    );
    let reshare = bob
        .send_json(
            Method::POST,
            &format!("/api/v1/files/{id}/shares"),
            json!({"link": true, "role": "view"}),
        )
        .await?;
    expect_error(reshare, 404, "entry_not_found").await?;
    let rename = bob
        .send_json(
            Method::PATCH,
            &format!("/api/v1/files/{id}"),
            json!({"name": "Mine.xlsx"}),
        )
        .await?;
    expect_error(rename, 404, "file_not_found").await?;
    let replace = bob
        .request(Method::PUT, &format!("/api/v1/files/{id}/content"))
        .body("x")
        .send()
        .await?;
    expect_error(replace, 403, "insufficient_role").await?;
    app.stop().await
}

#[tokio::test]
async fn a_guest_with_an_edit_link_saves_under_their_name() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let owner = &env.app.admin;
    let id = env
        .upload_fixture(owner, "test.docx", "Open call.docx")
        .await?;
    let share = link(owner, "files", &id, json!({"link": true, "role": "edit"})).await?;
    let token = share["token"].as_str().expect("token");
    let guest = reqwest::Client::new();
    let nameless = guest
        .get(env.app.url(&format!("/office/links/{token}/open")))
        .send()
        .await?;
    expect_error(nameless, 400, "name_required").await?;
    let opened: Value = json_with(
        guest
            .get(
                env.app
                    .url(&format!("/office/links/{token}/open?name=Zo%C3%A9")),
            )
            .send()
            .await?,
        200,
    )
    .await?;
    let attrs = &opened["data"]["attributes"];
    assert_eq!(attrs["onlyoffice"]["editorConfig"]["user"]["name"], "Zoé");
    let page = guest
        .get(
            env.app
                .url(&format!("/office/links/{token}/edit?name=Zo%C3%A9")),
        )
        .send()
        .await?;
    assert_eq!(page.status(), 200);
    let config = ds_config(&opened);
    let joined = env.ds().open(&config).await?;
    env.ds().edit(&joined.connection, "Guest words")?;
    env.ds().leave(&joined.connection)?;
    env.accepted(&joined.key, 2).await?;
    let list = versions(owner, &id).await?;
    assert_eq!(list.len(), 2);
    assert!(
        list[0]["author"].is_null(),
        "a guest is no Bureau user: {:?}",
        list[0]
    );
    env.app.stop().await
}

#[tokio::test]
async fn the_link_page_asks_the_password_then_the_name_then_opens_the_editor() -> anyhow::Result<()>
{
    let env = OfficeEnv::spawn().await?;
    let owner = &env.app.admin;
    let id = env
        .upload_fixture(owner, "test.docx", "Guest book.docx")
        .await?;
    let body = json!({"link": true, "role": "edit", "password": "let me in"});
    let share = link(owner, "files", &id, body).await?;
    let token = share["token"].as_str().expect("token");
    let browser = crate::support::http_client();
    let page = env.app.url(&format!("/s/{token}"));
    let first = browser.get(&page).send().await?.text().await?;
    assert!(first.contains("id=\"link-password\"") && !first.contains("id=\"link-name\""));
    let wrong = browser
        .post(&page)
        .form(&[("password", "nope")])
        .send()
        .await?
        .text()
        .await?;
    assert!(wrong.contains("Wrong password."));
    let unlocked = browser
        .post(&page)
        .form(&[("password", "let me in")])
        .send()
        .await?;
    assert_eq!(unlocked.status(), 200);
    assert!(
        unlocked.text().await?.contains("id=\"link-name\""),
        "an edit link asks the name"
    );
    // The password is remembered for this link: the name alone now leads to the editor.
    let named = browser.post(&page).form(&[("name", "Ana")]).send().await?;
    assert_eq!(named.status(), StatusCode::SEE_OTHER);
    let target = named.headers()["location"].to_str()?.to_owned();
    assert_eq!(target, format!("/office/links/{token}/edit?name=Ana"));
    let editor = browser.get(env.app.url(&target)).send().await?;
    assert_eq!(editor.status(), 200);
    assert!(editor.text().await?.contains("editor-config"));
    // Without the cookie, the editor route still wants the password (a page says so).
    let stranger = reqwest::Client::new()
        .get(env.app.url(&target))
        .send()
        .await?;
    assert_eq!(stranger.status(), StatusCode::FORBIDDEN);
    env.app.stop().await
}

#[tokio::test]
async fn a_link_to_another_kind_of_file_downloads_it() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let file = app.admin.upload("notes.txt", b"plain".to_vec()).await?;
    let id = file["id"].as_str().expect("id");
    let share = link(
        &app.admin,
        "files",
        id,
        json!({"link": true, "role": "view"}),
    )
    .await?;
    let token = share["token"].as_str().expect("token");
    let response = crate::support::http_client()
        .get(app.url(&format!("/s/{token}")))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()["location"],
        format!("/api/v1/links/{token}/content").as_str()
    );
    app.stop().await
}
