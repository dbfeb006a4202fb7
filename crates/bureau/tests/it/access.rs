//! Another user's entries are invisible: every route answers 404, as for an unknown id.

use reqwest::{Method, Response};
use serde_json::json;

use crate::support::{Api, TestApp, expect_error, field, json_with};

/// Checks a response is the 404 an unknown entry gets (`file_not_found`, `entry_not_found`…).
async fn not_found(response: Response) -> anyhow::Result<()> {
    let url = response.url().path().to_owned();
    let body = json_with(response, 404).await?;
    let code = body["errors"][0]["code"].as_str().unwrap_or_default();
    anyhow::ensure!(
        code.ends_with("_not_found"),
        "{url}: unexpected code in {body}"
    );
    Ok(())
}

struct Owned {
    file: String,
    folder: String,
    trashed: String,
}

async fn alice_entries(alice: &Api) -> anyhow::Result<Owned> {
    let folder = field(&alice.mkdir(None, "Private").await?, "id")?;
    let file = field(
        &alice.upload_in(Some(&folder), "secret.docx", "s").await?,
        "id",
    )?;
    alice.replace(&file, "s2").await?;
    let trashed = field(&alice.upload("old.docx", "o").await?, "id")?;
    let response = alice
        .request(Method::DELETE, &format!("/api/v1/files/{trashed}"))
        .send()
        .await?;
    anyhow::ensure!(response.status() == 204, "trash: {}", response.status());
    Ok(Owned {
        file,
        folder,
        trashed,
    })
}

#[tokio::test]
async fn a_stranger_gets_404_on_everything_of_someone_else() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.user("alice").await?;
    let bob = app.user("bob").await?;
    let Owned {
        file,
        folder,
        trashed,
    } = alice_entries(&alice).await?;
    let bob_folder = field(&bob.mkdir(None, "Mine").await?, "id")?;

    let reads = [
        format!("/api/v1/files/{file}"),
        format!("/api/v1/files/{file}/content"),
        format!("/api/v1/files/{file}/versions"),
        format!("/api/v1/files/{file}/versions/1/content"),
        format!("/api/v1/folders/{folder}"),
    ];
    for path in &reads {
        let code = if path.contains("/folders/") {
            "folder_not_found"
        } else {
            "file_not_found"
        };
        expect_error(bob.get(path).send().await?, 404, code).await?;
        let head = bob.request(Method::HEAD, path).send().await?;
        assert_eq!(head.status(), 404, "HEAD {path}");
    }

    let file_path = format!("/api/v1/files/{file}");
    let folder_path = format!("/api/v1/folders/{folder}");
    let rename = json!({"name": "mine.docx"});
    let steal = json!({"parent_id": bob_folder});
    for response in [
        bob.send_json(Method::PATCH, &file_path, rename.clone())
            .await?,
        bob.send_json(Method::PATCH, &file_path, steal.clone())
            .await?,
        bob.send_json(Method::PATCH, &folder_path, rename).await?,
        bob.send_json(Method::PATCH, &folder_path, steal).await?,
        bob.request(Method::DELETE, &file_path).send().await?,
        bob.request(Method::DELETE, &folder_path).send().await?,
        bob.request(Method::PUT, &format!("{file_path}/content"))
            .body("x")
            .send()
            .await?,
        bob.request(Method::POST, &format!("{file_path}/versions/1/restore"))
            .send()
            .await?,
        bob.request(Method::POST, &format!("/api/v1/trash/{trashed}/restore"))
            .send()
            .await?,
        bob.request(Method::DELETE, &format!("/api/v1/trash/{trashed}"))
            .send()
            .await?,
    ] {
        not_found(response).await?;
    }
    // Bob cannot upload into, or move his own things into, Alice's folder.
    let upload = bob.upload_to(Some(&folder), "planted.txt", "p").await?;
    expect_error(upload, 404, "folder_not_found").await?;
    let mine = field(&bob.upload("mine.txt", "m").await?, "id")?;
    let plant = json!({"parent_id": folder});
    let moved = bob
        .send_json(Method::PATCH, &format!("/api/v1/files/{mine}"), plant)
        .await?;
    expect_error(moved, 404, "folder_not_found").await?;
    // Bob's own views show nothing of Alice's; emptying his trash leaves hers alone.
    assert!(bob.trash_names().await?.is_empty());
    assert_eq!(
        bob.request(Method::DELETE, "/api/v1/trash")
            .send()
            .await?
            .status(),
        204
    );

    // Alice's entries are untouched.
    assert_eq!(alice.download(&file).await?, b"s2");
    assert_eq!(alice.child_names(&folder).await?, ["secret.docx"]);
    assert_eq!(alice.trash_names().await?, ["old.docx"]);
    let listing = alice
        .get_json(&format!("/api/v1/files/{file}/versions"))
        .await?;
    assert_eq!(listing["versions"].as_array().map(Vec::len), Some(2));
    app.stop().await
}

#[tokio::test]
async fn no_credentials_means_401() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let id = field(&app.admin.upload("a.txt", "a").await?, "id")?;
    let anonymous = app.browser();
    for path in [
        format!("/api/v1/files/{id}"),
        format!("/api/v1/files/{id}/content"),
        "/api/v1/folders/root".to_owned(),
        "/api/v1/auth/me".to_owned(),
    ] {
        let response = anonymous.request(Method::GET, &path).send().await?;
        expect_error(response, 401, "unauthenticated").await?;
    }
    let bogus = anonymous
        .request(Method::GET, "/api/v1/folders/root")
        .bearer_auth("bureau_not-a-real-token")
        .send()
        .await?;
    expect_error(bogus, 401, "unauthenticated").await?;
    app.stop().await
}
