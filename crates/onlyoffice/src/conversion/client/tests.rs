use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use serde_json::{Value, json};

use super::*;
use crate::{DocKey, conversion::ConversionErrorCode, jwt::JwtSettings, test_server::TestServer};

const SECRET: &str = "conversion-secret";

fn request() -> ConversionRequest {
    ConversionRequest::new(
        DocKey::parse("conv-001").unwrap(),
        "http://127.0.0.1:18931/sample.docx",
        "docx",
        "pdf",
    )
    .with_title("sample.docx")
}

fn client_for(server: &TestServer) -> ConversionClient {
    ConversionClient::new(Endpoint::new(
        server.base.clone(),
        Some(JwtSettings::new(SECRET)),
    ))
}

fn done() -> Value {
    // Appendix A.3, the real server's answer to POST /converter.
    json!({"fileUrl": "http://127.0.0.1:8000/cache/files/data/conv_conv-001_513/output.pdf/sample.pdf?md5=x&expires=1&filename=sample.pdf",
           "fileType": "pdf", "percent": 100, "endConvert": true})
}

#[tokio::test]
async fn synchronous_conversion_sends_a_signed_json_request() {
    let server = TestServer::start(|_, _| (200, done())).await;
    let converted = client_for(&server)
        .convert(&request(), Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(converted.file_type, "pdf");
    assert!(converted.file_url.ends_with("filename=sample.pdf"));

    let [sent] = server.requests().try_into().unwrap();
    assert_eq!(sent.uri, "/ds/converter?shardkey=conv-001");
    assert_eq!(sent.headers["accept"], "application/json");
    assert_eq!(sent.headers["content-type"], "application/json");
    let jwt = JwtSettings::new(SECRET);
    let claims: Value = jwt.verify(sent.body["token"].as_str().unwrap()).unwrap();
    assert_eq!(claims["async"], false);
    assert_eq!(claims["filetype"], "docx");
    assert_eq!(claims["outputtype"], "pdf");
    assert_eq!(claims["key"], "conv-001");
    assert_eq!(claims["url"], "http://127.0.0.1:18931/sample.docx");
    let header = sent.headers["authorization"].to_str().unwrap();
    let wrapped: Value = jwt.verify_header(header).unwrap();
    assert_eq!(wrapped["title"], "sample.docx");
}

#[tokio::test]
async fn asynchronous_conversion_polls_and_reports_progress() {
    let server = TestServer::start(|n, _| match n {
        0 => (200, json!({"percent": 0, "endConvert": false})),
        1 => (200, json!({"percent": 95, "endConvert": false})),
        _ => (200, done()),
    })
    .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let converted = client_for(&server)
        .convert_with_progress(
            &request(),
            Duration::from_secs(10),
            Duration::from_millis(10),
            |p| {
                sink.lock().unwrap().push(p);
            },
        )
        .await
        .unwrap();
    assert_eq!(converted.file_type, "pdf");
    assert_eq!(*seen.lock().unwrap(), [0, 95, 100]);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(
        requests.iter().all(|r| r.body["async"] == true),
        "the same request every time"
    );
    assert!(requests.iter().all(|r| r.body["key"] == "conv-001"));
}

#[tokio::test]
async fn asynchronous_conversion_times_out() {
    let server = TestServer::start(|_, _| (200, json!({"percent": 0, "endConvert": false}))).await;
    let timeout = Duration::from_millis(200);
    let err = client_for(&server)
        .convert_with_progress(&request(), timeout, Duration::from_millis(50), |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ConversionTimeout(t) if t == timeout),
        "{err}"
    );
    assert!(server.requests().len() >= 2);
}

#[tokio::test]
async fn error_codes_are_typed() {
    // Appendix A.3: no token → {"error":-8}; docs error-codes.md.
    let server = TestServer::start(|n, _| match n {
        0 => (200, json!({"error": -8})),
        1 => (200, json!({"error": -5})),
        _ => (200, json!({"error": -4})),
    })
    .await;
    let client = client_for(&server);
    let second = Duration::from_secs(5);
    let codes = [
        ConversionErrorCode::InvalidToken,
        ConversionErrorCode::IncorrectPassword,
        ConversionErrorCode::DownloadFailed,
    ];
    for expected in codes {
        let err = client
            .convert(&request().with_password("wrong"), second)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Conversion(code) if code == expected),
            "{err}"
        );
    }
    assert_eq!(server.requests()[1].body["password"], "wrong");
}

#[tokio::test]
async fn synchronous_timeout_is_a_conversion_timeout() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    // Accepts connections and never answers.
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let client = ConversionClient::new(Endpoint::new(base, None));
    let err = client
        .convert(&request(), Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ConversionTimeout(_)), "{err}");
}
