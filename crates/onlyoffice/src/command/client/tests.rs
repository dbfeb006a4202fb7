use serde_json::{Value, json};

use super::*;
use crate::{jwt::JwtSettings, test_server::TestServer};

const SECRET: &str = "command-secret";

fn key(k: &str) -> DocKey {
    DocKey::parse(k).unwrap()
}

async fn client_for(server: &TestServer) -> CommandClient {
    CommandClient::new(Endpoint::new(
        server.base.clone(),
        Some(JwtSettings::new(SECRET)),
    ))
}

/// A server answering every request with `answer`.
async fn answering(answer: Value) -> TestServer {
    TestServer::start(move |_, _| (200, answer.clone())).await
}

#[tokio::test]
async fn forcesave_is_signed_in_body_and_header() {
    // Appendix A.1: {"c":"forcesave","key":"fs-001","userdata":"fs-userdata-42"} → error 0.
    let server = answering(json!({"key": "fs-001", "error": 0})).await;
    let outcome = client_for(&server)
        .await
        .forcesave(&key("fs-001"), Some("fs-userdata-42"))
        .await;
    assert_eq!(outcome.unwrap(), ForceSave::Started);

    let [request] = server.requests().try_into().unwrap();
    assert_eq!(request.uri, "/ds/command?shardkey=fs-001");
    assert_eq!(request.headers["accept"], "application/json");
    let params = json!({"c": "forcesave", "key": "fs-001", "userdata": "fs-userdata-42"});
    let jwt = JwtSettings::new(SECRET);
    let body_claims: Value = jwt.verify(request.body["token"].as_str().unwrap()).unwrap();
    assert_eq!(body_claims["c"], "forcesave");
    assert_eq!(body_claims["userdata"], "fs-userdata-42");
    assert!(
        body_claims.get("payload").is_none(),
        "the body token is flat"
    );
    let header = request.headers["authorization"].to_str().unwrap();
    let header_claims: Value = jwt.verify(header.strip_prefix("Bearer ").unwrap()).unwrap();
    assert_eq!(
        header_claims["payload"], params,
        "the header token wraps the params"
    );
    assert_eq!(
        request.body["c"], "forcesave",
        "plain params stay in the body"
    );
}

#[tokio::test]
async fn forcesave_without_changes_is_not_modified() {
    // Appendix A.1: a second forcesave without changes answered {"key":"fs-001","error":4}.
    let server = answering(json!({"key": "fs-001", "error": 4})).await;
    let outcome = client_for(&server)
        .await
        .forcesave(&key("fs-001"), None)
        .await
        .unwrap();
    assert_eq!(outcome, ForceSave::NotModified);
    assert!(server.requests()[0].body.get("userdata").is_none());
}

#[tokio::test]
async fn version_without_key_or_shardkey() {
    let server = answering(json!({"error": 0, "version": "4.1.2.37"})).await;
    assert_eq!(
        client_for(&server).await.version().await.unwrap(),
        "4.1.2.37"
    );
    assert_eq!(server.requests()[0].uri, "/ds/command");
}

#[tokio::test]
async fn info_returns_users_and_unknown_key_is_typed() {
    // Appendix A.1: info answered {"key":"fs-001","error":0,"users":["uid-1"]}; an unknown key
    // answered {"key":"nokey","error":1}.
    let server = TestServer::start(|n, _| match n {
        0 => (
            200,
            json!({"key": "fs-001", "error": 0, "users": ["uid-1"]}),
        ),
        _ => (200, json!({"key": "nokey", "error": 1})),
    })
    .await;
    let client = client_for(&server).await;
    assert_eq!(client.info(&key("fs-001"), None).await.unwrap(), ["uid-1"]);
    let err = client.info(&key("nokey"), Some("x")).await.unwrap_err();
    assert!(
        matches!(err, Error::Command(CommandErrorCode::KeyNotFound)),
        "{err}"
    );
    assert_eq!(server.requests()[1].body["userdata"], "x");
}

#[tokio::test]
async fn invalid_token_is_typed() {
    // Appendix A.3: wrong secret or no token → {"error":6}.
    let server = answering(json!({"error": 6})).await;
    let err = client_for(&server).await.version().await.unwrap_err();
    assert!(matches!(
        err,
        Error::Command(CommandErrorCode::InvalidToken)
    ));
    assert_eq!(err.to_string(), "command service: invalid token (6)");
}

#[tokio::test]
async fn drop_meta_and_forgotten_commands() {
    let server = TestServer::start(|_, body| match body["c"].as_str() {
        Some("getForgotten") => (
            200,
            json!({"error": 0, "key": "fail-001",
            "url": "http://ds/cache/files/forgotten/fail-001/output.docx/output.docx"}),
        ),
        Some("getForgottenList") => (200, json!({"error": 0, "keys": ["fail-001"]})),
        _ => (200, json!({"error": 0})),
    })
    .await;
    let client = client_for(&server).await;
    client.drop(&key("k1"), Some(&["6d5a81d0"])).await.unwrap();
    client.drop(&key("k1"), None).await.unwrap();
    client.meta(&key("k1"), "New.docx").await.unwrap();
    assert!(
        client
            .get_forgotten(&key("fail-001"))
            .await
            .unwrap()
            .contains("/forgotten/fail-001/")
    );
    assert_eq!(client.get_forgotten_list().await.unwrap(), ["fail-001"]);
    client.delete_forgotten(&key("fail-001")).await.unwrap();

    let bodies: Vec<Value> = server.requests().into_iter().map(|r| r.body).collect();
    assert_eq!(bodies[0]["users"], json!(["6d5a81d0"]));
    assert!(bodies[1].get("users").is_none(), "no users drops everyone");
    assert_eq!(bodies[2]["meta"], json!({"title": "New.docx"}));
    let commands: Vec<&str> = bodies.iter().map(|b| b["c"].as_str().unwrap()).collect();
    assert_eq!(
        commands,
        [
            "drop",
            "drop",
            "meta",
            "getForgotten",
            "getForgottenList",
            "deleteForgotten"
        ]
    );
}

#[tokio::test]
async fn license_answer_from_the_docs() {
    // docs additional-api/command-service/license.md, response example (shortened).
    let server = answering(json!({"error": 0,
        "license": {"end_date": "2021-07-07T23:59:59.000Z", "trial": false, "users_count": 10},
        "server": {"resultType": 3, "buildVersion": "6.3.0", "buildNumber": 111},
        "quota": {"users": [{"userid": "uid-0", "expire": "2021-07-07T23:59:59.000Z"}]}}))
    .await;
    let license = client_for(&server).await.license().await.unwrap();
    assert_eq!(license.license["users_count"], 10);
    assert_eq!(license.server.unwrap()["buildVersion"], "6.3.0");
    assert_eq!(license.quota.unwrap()["users"][0]["userid"], "uid-0");
}

#[tokio::test]
async fn unsigned_when_tokens_are_off_and_custom_header_name() {
    let server = answering(json!({"error": 0, "version": "9.0.4.54"})).await;
    let plain = CommandClient::new(Endpoint::new(server.base.clone(), None));
    plain.version().await.unwrap();
    let renamed = CommandClient::new(
        Endpoint::new(server.base.clone(), Some(JwtSettings::new(SECRET)))
            .with_header_name(reqwest::header::HeaderName::from_static("authorizationjwt")),
    );
    renamed.version().await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].body, json!({"c": "version"}));
    assert!(requests[0].headers.get("authorization").is_none());
    assert!(
        requests[1].headers["authorizationjwt"]
            .to_str()
            .unwrap()
            .starts_with("Bearer ")
    );
    assert!(requests[1].headers.get("authorization").is_none());
}

#[tokio::test]
async fn http_errors_are_typed() {
    let server = TestServer::start(|_, _| (502, json!({}))).await;
    let err = client_for(&server).await.version().await.unwrap_err();
    assert!(matches!(err, Error::HttpStatus(502)), "{err}");
}
