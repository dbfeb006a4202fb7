//! The trash: trashing hides, restoring brings back (into the root when the old folder is gone),
//! purging deletes for good.

use reqwest::Method;

use crate::support::{TestApp, expect_error, field, json_with};

#[tokio::test]
async fn trash_then_restore_a_file() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let folder = field(&api.mkdir(None, "Folder").await?, "id")?;
    let id = field(&api.upload_in(Some(&folder), "a.docx", "a").await?, "id")?;

    let trashed = api
        .request(Method::DELETE, &format!("/api/v1/files/{id}"))
        .send()
        .await?;
    assert_eq!(trashed.status(), 204);
    let gone = api.get(&format!("/api/v1/files/{id}")).send().await?;
    expect_error(gone, 404, "file_not_found").await?;
    let content = api
        .get(&format!("/api/v1/files/{id}/content"))
        .send()
        .await?;
    expect_error(content, 404, "file_not_found").await?;
    assert!(api.child_names(&folder).await?.is_empty());
    assert_eq!(api.trash_names().await?, ["a.docx"]);
    let listing = api.get_json("/api/v1/trash").await?;
    assert!(listing["entries"][0]["trashed_at"].is_string());

    // A new file takes the name meanwhile: the restored one becomes "a (2).docx".
    api.upload_in(Some(&folder), "a.docx", "newer").await?;
    let path = format!("/api/v1/trash/{id}/restore");
    let restored = json_with(api.request(Method::POST, &path).send().await?, 200).await?;
    assert_eq!(restored["name"], "a (2).docx");
    assert_eq!(restored["parent_id"], folder.as_str());
    assert_eq!(api.download(&id).await?, b"a");
    assert!(api.trash_names().await?.is_empty());

    // Restoring what is not in the trash is a 404.
    let again = api.request(Method::POST, &path).send().await?;
    expect_error(again, 404, "entry_not_found").await?;
    app.stop().await
}

#[tokio::test]
async fn a_trashed_folder_hides_its_children() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let folder = field(&api.mkdir(None, "Folder").await?, "id")?;
    let sub = field(&api.mkdir(Some(&folder), "Sub").await?, "id")?;
    let id = field(&api.upload_in(Some(&sub), "deep.docx", "d").await?, "id")?;

    let trashed = api
        .request(Method::DELETE, &format!("/api/v1/folders/{folder}"))
        .send()
        .await?;
    assert_eq!(trashed.status(), 204);
    for path in [
        format!("/api/v1/files/{id}"),
        format!("/api/v1/files/{id}/content"),
        format!("/api/v1/files/{id}/versions"),
    ] {
        expect_error(api.get(&path).send().await?, 404, "file_not_found").await?;
    }
    for path in [
        format!("/api/v1/folders/{folder}"),
        format!("/api/v1/folders/{sub}"),
    ] {
        expect_error(api.get(&path).send().await?, 404, "folder_not_found").await?;
    }
    let into_trashed = api.upload_to(Some(&sub), "x.txt", "x").await?;
    expect_error(into_trashed, 404, "folder_not_found").await?;
    assert!(api.child_names("root").await?.is_empty());
    // Only the top of the trashed subtree is listed.
    assert_eq!(api.trash_names().await?, ["Folder"]);

    let path = format!("/api/v1/trash/{folder}/restore");
    json_with(api.request(Method::POST, &path).send().await?, 200).await?;
    assert_eq!(api.download(&id).await?, b"d");
    assert_eq!(api.child_names(&sub).await?, ["deep.docx"]);
    app.stop().await
}

#[tokio::test]
async fn restore_goes_to_the_root_when_the_folder_is_gone() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let folder = field(&api.mkdir(None, "Folder").await?, "id")?;
    let id = field(&api.upload_in(Some(&folder), "a.docx", "a").await?, "id")?;
    let trash = |path: String| api.request(Method::DELETE, &path).send();
    assert_eq!(trash(format!("/api/v1/files/{id}")).await?.status(), 204);
    assert_eq!(
        trash(format!("/api/v1/folders/{folder}")).await?.status(),
        204
    );

    let path = format!("/api/v1/trash/{id}/restore");
    let restored = json_with(api.request(Method::POST, &path).send().await?, 200).await?;
    let root = api.get_json("/api/v1/folders/root").await?;
    assert_eq!(restored["parent_id"], root["folder"]["id"]);
    assert_eq!(api.child_names("root").await?, ["a.docx"]);
    assert_eq!(api.download(&id).await?, b"a");

    // Purging the folder for good leaves the restored file alone.
    let purge = api
        .request(Method::DELETE, &format!("/api/v1/trash/{folder}"))
        .send()
        .await?;
    assert_eq!(purge.status(), 204);
    assert_eq!(api.download(&id).await?, b"a");
    app.stop().await
}

#[tokio::test]
async fn purge_and_empty_delete_for_good() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let live = field(&api.upload("live.txt", "l").await?, "id")?;
    let a = field(&api.upload("a.txt", "a").await?, "id")?;
    let folder = field(&api.mkdir(None, "Folder").await?, "id")?;
    let inner = field(&api.upload_in(Some(&folder), "inner.txt", "i").await?, "id")?;
    let b = field(&api.upload("b.txt", "b").await?, "id")?;

    // A live entry cannot be purged.
    let purge = |id: &str| {
        api.request(Method::DELETE, &format!("/api/v1/trash/{id}"))
            .send()
    };
    expect_error(purge(&live).await?, 404, "entry_not_found").await?;

    for path in [
        format!("/api/v1/files/{a}"),
        format!("/api/v1/files/{inner}"),
        format!("/api/v1/folders/{folder}"),
        format!("/api/v1/files/{b}"),
    ] {
        assert_eq!(
            api.request(Method::DELETE, &path).send().await?.status(),
            204
        );
    }
    assert_eq!(purge(&a).await?.status(), 204);
    let restore = api
        .request(Method::POST, &format!("/api/v1/trash/{a}/restore"))
        .send()
        .await?;
    expect_error(restore, 404, "entry_not_found").await?;
    let mut left = api.trash_names().await?;
    left.sort();
    assert_eq!(left, ["Folder", "b.txt", "inner.txt"]);

    let empty = api.request(Method::DELETE, "/api/v1/trash").send().await?;
    assert_eq!(empty.status(), 204);
    assert!(api.trash_names().await?.is_empty());
    for id in [&a, &inner, &b] {
        let gone = api.get(&format!("/api/v1/files/{id}")).send().await?;
        expect_error(gone, 404, "file_not_found").await?;
    }
    assert_eq!(api.child_names("root").await?, ["live.txt"]);
    app.stop().await
}
