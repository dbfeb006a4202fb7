//! The API's edges: malformed requests, unknown routes, probes.

use reqwest::Method;

use crate::support::{TestApp, expect_error, json_with};

#[tokio::test]
async fn malformed_requests_are_400_in_the_error_envelope() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let cases = [
        ("{not json", "application/json", "invalid_json"),
        ("{\"parent_id\": null}", "application/json", "invalid_json"),
        ("{\"name\": 42}", "application/json", "invalid_json"),
        ("{\"name\": \"x\"}", "text/plain", "invalid_content_type"),
    ];
    for (body, content_type, code) in cases {
        let response = api
            .request(Method::POST, "/api/v1/folders")
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await?;
        expect_error(response, 400, code).await?;
    }
    let login = app
        .browser()
        .request(Method::POST, "/api/v1/auth/login")
        .header("Content-Type", "application/json")
        .body("[]")
        .send()
        .await?;
    expect_error(login, 400, "invalid_json").await?;
    // A missing `name` query parameter on upload is in the envelope too.
    let upload = api
        .request(Method::POST, "/api/v1/files")
        .body("x")
        .send()
        .await?;
    expect_error(upload, 400, "invalid_query").await?;
    app.stop().await
}

#[tokio::test]
async fn unknown_routes_are_404_json() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for path in ["/api/v1/nope", "/api/v1/files/x/y/z", "/api/v2/files"] {
        let response = app.admin.get(path).send().await?;
        assert_eq!(response.status(), 404, "{path}");
        if path.starts_with("/api/v1/") {
            expect_error(response, 404, "route_not_found").await?;
        }
    }
    app.stop().await
}

#[tokio::test]
async fn wrong_methods_and_kinds_are_json_errors() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let put = api.request(Method::PUT, "/api/v1/folders").send().await?;
    expect_error(put, 405, "method_not_allowed").await?;
    let folder = api.mkdir(None, "Box").await?;
    let folder = folder["id"].as_str().expect("id");
    let file = api.upload_in(Some("root"), "a.txt", b"a".to_vec()).await?;
    let file = file["id"].as_str().expect("id");
    let rename = serde_json::json!({"name": "b"});
    let wrong = api
        .send_json(
            Method::PATCH,
            &format!("/api/v1/files/{folder}"),
            rename.clone(),
        )
        .await?;
    expect_error(wrong, 404, "file_not_found").await?;
    let wrong = api
        .send_json(Method::PATCH, &format!("/api/v1/folders/{file}"), rename)
        .await?;
    expect_error(wrong, 404, "folder_not_found").await?;
    let wrong = api
        .request(Method::DELETE, &format!("/api/v1/files/{folder}"))
        .send()
        .await?;
    expect_error(wrong, 404, "file_not_found").await?;
    app.stop().await
}

#[tokio::test]
async fn health_and_readiness() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let http = reqwest::Client::new();
    let health = json_with(http.get(app.url("/healthz")).send().await?, 200).await?;
    assert_eq!(health["status"], "ok");
    let ready = json_with(http.get(app.url("/readyz")).send().await?, 200).await?;
    assert_eq!(ready["status"], "ok");
    assert_eq!(ready["checks"]["database"]["status"], "ok");
    assert_eq!(ready["checks"]["blobs"]["status"], "ok");
    let response = http.get(app.url("/healthz")).send().await?;
    assert!(response.headers().contains_key("x-request-id"));
    app.stop().await
}

#[tokio::test]
async fn response_bodies_keep_their_shape() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let entry = api.upload("report.docx", "hello").await?;
    insta::assert_json_snapshot!(entry, {
        ".id" => "[id]",
        ".parent_id" => "[id]",
        ".created_at" => "[datetime]",
        ".updated_at" => "[datetime]",
    }, @r#"
    {
      "created_at": "[datetime]",
      "id": "[id]",
      "mime": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "name": "report.docx",
      "parent_id": "[id]",
      "sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
      "size": 5,
      "type": "file",
      "updated_at": "[datetime]",
      "version": 1
    }
    "#);

    let id = entry["id"].as_str().unwrap_or_default();
    let versions = api
        .get_json(&format!("/api/v1/files/{id}/versions"))
        .await?;
    insta::assert_json_snapshot!(versions, {
        ".versions[].author.id" => "[id]",
        ".versions[].created_at" => "[datetime]",
    }, @r#"
    {
      "versions": [
        {
          "author": {
            "id": "[id]",
            "name": "admin"
          },
          "created_at": "[datetime]",
          "number": 1,
          "sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
          "size": 5,
          "source": "upload"
        }
      ]
    }
    "#);

    let missing = api.get(&format!("/api/v1/files/{id}x")).send().await?;
    assert_eq!(missing.status(), 404);
    let error: serde_json::Value = missing.json().await?;
    insta::assert_json_snapshot!(error, @r#"
    {
      "errors": [
        {
          "code": "file_not_found",
          "detail": "file not found",
          "status": "404"
        }
      ]
    }
    "#);
    app.stop().await
}
