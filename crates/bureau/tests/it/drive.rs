//! Folders and names: collisions, renames, moves and name validation.

use reqwest::Method;
use serde_json::json;

use crate::support::{TestApp, expect_error, field, json_with};

#[tokio::test]
async fn colliding_creates_get_a_number_before_the_extension() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let mut names = Vec::new();
    for _ in 0..3 {
        names.push(field(&api.upload("x.docx", "x").await?, "name")?);
    }
    assert_eq!(names, ["x.docx", "x (2).docx", "x (3).docx"]);

    let first = api.mkdir(None, "Reports").await?;
    let second = api.mkdir(None, "Reports").await?;
    assert_eq!(first["type"], "folder");
    assert_eq!(second["name"], "Reports (2)");

    // The same name in another folder is no collision.
    let folder = field(&first, "id")?;
    let inside = api.upload_in(Some(&folder), "x.docx", "y").await?;
    assert_eq!(inside["name"], "x.docx");
    assert_eq!(inside["parent_id"], folder.as_str());

    let mut root = api.child_names("root").await?;
    root.sort();
    assert_eq!(
        root,
        [
            "Reports",
            "Reports (2)",
            "x (2).docx",
            "x (3).docx",
            "x.docx"
        ]
    );
    app.stop().await
}

#[tokio::test]
async fn rename_or_move_onto_a_taken_name_is_a_conflict() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let a = field(&api.upload("a.docx", "a").await?, "id")?;
    api.upload("b.docx", "b").await?;
    let folder = field(&api.mkdir(None, "Folder").await?, "id")?;
    api.upload_in(Some(&folder), "a.docx", "other a").await?;

    let a_path = format!("/api/v1/files/{a}");
    let rename = |body| api.send_json(Method::PATCH, &a_path, body);
    expect_error(rename(json!({"name": "b.docx"})).await?, 409, "name_taken").await?;
    expect_error(
        rename(json!({"parent_id": folder})).await?,
        409,
        "name_taken",
    )
    .await?;

    let renamed = json_with(rename(json!({"name": "c.docx"})).await?, 200).await?;
    assert_eq!(renamed["name"], "c.docx");
    let moved = json_with(
        rename(json!({"name": "d.docx", "parent_id": folder})).await?,
        200,
    )
    .await?;
    assert_eq!(moved["parent_id"], folder.as_str());
    assert_eq!(api.download(&a).await?, b"a");
    let mut inside = api.child_names(&folder).await?;
    inside.sort();
    assert_eq!(inside, ["a.docx", "d.docx"]);
    assert_eq!(api.child_names("root").await?, ["Folder", "b.docx"]);

    // A folder renamed onto a taken name, and a folder moved into itself.
    let other = field(&api.mkdir(None, "Other").await?, "id")?;
    let other_path = format!("/api/v1/folders/{other}");
    let taken = api.send_json(Method::PATCH, &other_path, json!({"name": "Folder"}));
    expect_error(taken.await?, 409, "name_taken").await?;
    let child = field(&api.mkdir(Some(&folder), "Child").await?, "id")?;
    let folder_path = format!("/api/v1/folders/{folder}");
    let cycle = api.send_json(Method::PATCH, &folder_path, json!({"parent_id": child}));
    let cycle = cycle.await?;
    expect_error(cycle, 400, "invalid_move").await?;
    app.stop().await
}

#[tokio::test]
async fn invalid_names_are_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let too_long = "a".repeat(256);
    let invalid = [
        "",
        ".",
        "..",
        "a/b",
        "a\\b",
        "nul\0byte",
        "line\nbreak",
        "tab\there",
        " leading",
        "trailing ",
        too_long.as_str(),
    ];
    let file = field(&api.upload("valid.txt", "v").await?, "id")?;
    for name in invalid {
        let upload = api.upload_to(None, name, "x").await?;
        expect_error(upload, 400, "invalid_name").await?;
        let folder = api
            .send_json(Method::POST, "/api/v1/folders", json!({"name": name}))
            .await?;
        expect_error(folder, 400, "invalid_name").await?;
        let rename = api
            .send_json(
                Method::PATCH,
                &format!("/api/v1/files/{file}"),
                json!({"name": name}),
            )
            .await?;
        expect_error(rename, 400, "invalid_name").await?;
    }
    assert_eq!(api.child_names("root").await?, ["valid.txt"]);

    // At the limit, and awkward but valid.
    let longest = format!("{}.docx", "é".repeat(125));
    for name in [
        longest.as_str(),
        "Ünïcödé 文档 \"q\" <&>.docx",
        "emoji 🎉.pptx",
    ] {
        assert_eq!(api.upload(name, "ok").await?["name"], name);
    }
    app.stop().await
}

#[tokio::test]
async fn folders_list_their_path_and_children() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let top = field(&api.mkdir(None, "Top").await?, "id")?;
    let sub = field(&api.mkdir(Some(&top), "Sub").await?, "id")?;
    api.upload_in(Some(&sub), "doc.docx", "d").await?;
    api.mkdir(Some(&sub), "Zeta").await?;

    let listing = api.get_json(&format!("/api/v1/folders/{sub}")).await?;
    assert_eq!(listing["folder"]["id"], sub.as_str());
    let path: Vec<&str> = listing["path"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(path, ["", "Top", "Sub"]);
    // Folders first, then files.
    assert_eq!(api.child_names(&sub).await?, ["Zeta", "doc.docx"]);

    // Moving a folder takes its subtree along.
    let sub_path = format!("/api/v1/folders/{sub}");
    let moved = api.send_json(Method::PATCH, &sub_path, json!({"parent_id": ""}));
    json_with(moved.await?, 200).await?;
    let listing = api.get_json(&sub_path).await?;
    assert_eq!(listing["path"].as_array().map(Vec::len), Some(2));
    assert_eq!(api.child_names(&sub).await?, ["Zeta", "doc.docx"]);
    assert!(api.child_names(&top).await?.is_empty());

    let root = api.get_json("/api/v1/folders/root").await?;
    assert_eq!(root["folder"]["parent_id"], serde_json::Value::Null);
    let missing = api.get("/api/v1/folders/not-a-uuid").send().await?;
    expect_error(missing, 404, "folder_not_found").await?;
    let upload_into_file = api.upload_to(Some("not-a-uuid"), "x.txt", "x").await?;
    expect_error(upload_into_file, 404, "folder_not_found").await?;
    app.stop().await
}

#[tokio::test]
async fn concurrent_creates_of_one_name_all_get_a_free_name() -> anyhow::Result<()> {
    // More creators than a retry loop alone would absorb: they must queue on the folder.
    const CREATORS: usize = 16;
    let app = TestApp::spawn().await?;
    let uploads = (0..CREATORS).map(|i| {
        let api = app.admin.clone();
        tokio::spawn(async move { api.upload("same.docx", format!("content {i}")).await })
    });
    let mut names = Vec::new();
    for upload in uploads.collect::<Vec<_>>() {
        names.push(field(&upload.await??, "name")?);
    }
    names.sort();
    let mut expected: Vec<String> = (2..=CREATORS).map(|n| format!("same ({n}).docx")).collect();
    expected.push("same.docx".to_owned());
    expected.sort();
    assert_eq!(names, expected);
    app.stop().await
}
