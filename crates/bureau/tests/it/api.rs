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
