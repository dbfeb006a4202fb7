//! Downloads: ranges, HEAD, validators, download names; and the upload size limit.

use futures_util::stream;
use reqwest::{Body, Method, Response};

use crate::support::{Api, TestApp, body_bytes, expect_error, field, pattern, sha256_hex};

const SIZE: usize = 1000;

async fn ranged(
    api: &Api,
    id: &str,
    range: &str,
    if_range: Option<&str>,
) -> anyhow::Result<Response> {
    let mut request = api
        .get(&format!("/api/v1/files/{id}/content"))
        .header("Range", range);
    if let Some(v) = if_range {
        request = request.header("If-Range", v);
    }
    Ok(request.send().await?)
}

fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn range_requests() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let bytes = pattern(SIZE, 7);
    let id = field(&api.upload("ranges.bin", bytes.clone()).await?, "id")?;
    let etag = format!("\"{}\"", sha256_hex(&bytes));

    let cases = [
        ("bytes=0-9", 0, 9),
        ("bytes=990-", 990, 999),
        ("bytes=-10", 990, 999),
        ("bytes=500-500", 500, 500),
        ("bytes=50-5000", 50, 999),
        ("bytes=-5000", 0, 999),
    ];
    for (range, first, last) in cases {
        let response = ranged(api, &id, range, None).await?;
        assert_eq!(response.status(), 206, "{range}");
        assert_eq!(
            header(&response, "content-range"),
            format!("bytes {first}-{last}/{SIZE}")
        );
        assert_eq!(
            header(&response, "content-length"),
            (last - first + 1).to_string()
        );
        assert_eq!(body_bytes(response).await?, bytes[first..=last], "{range}");
    }

    for range in ["bytes=1000-", "bytes=5000-6000", "bytes=-0"] {
        let response = ranged(api, &id, range, None).await?;
        assert_eq!(
            header(&response, "content-range"),
            format!("bytes */{SIZE}"),
            "{range}"
        );
        expect_error(response, 416, "range_not_satisfiable").await?;
    }

    // If-Range: the current ETag keeps the range, anything else gets the whole content.
    let response = ranged(api, &id, "bytes=0-9", Some(&etag)).await?;
    assert_eq!(response.status(), 206);
    for stale in ["\"0000\"", "Wed, 21 Oct 2015 07:28:00 GMT"] {
        let response = ranged(api, &id, "bytes=0-9", Some(stale)).await?;
        assert_eq!(response.status(), 200, "{stale}");
        assert_eq!(header(&response, "content-range"), "");
        assert_eq!(body_bytes(response).await?, bytes);
    }
    // Several ranges, or a malformed one, get the whole content.
    for range in ["bytes=0-1,5-6", "bytes=x-1", "items=0-1"] {
        let response = ranged(api, &id, range, None).await?;
        assert_eq!(response.status(), 200, "{range}");
        assert_eq!(body_bytes(response).await?, bytes);
    }
    app.stop().await
}

#[tokio::test]
async fn head_etag_and_if_none_match() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let bytes = pattern(SIZE, 1);
    let id = field(&api.upload("a.txt", bytes.clone()).await?, "id")?;
    let path = format!("/api/v1/files/{id}/content");
    let etag = format!("\"{}\"", sha256_hex(&bytes));

    let head = api.request(Method::HEAD, &path).send().await?;
    assert_eq!(head.status(), 200);
    assert_eq!(header(&head, "content-length"), SIZE.to_string());
    assert_eq!(header(&head, "etag"), etag);
    assert_eq!(header(&head, "accept-ranges"), "bytes");
    assert_eq!(header(&head, "content-type"), "text/plain");
    assert!(body_bytes(head).await?.is_empty());

    let get = api.get(&path).send().await?;
    assert_eq!(header(&get, "etag"), etag);

    for matching in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"x\", {etag}"),
        "*".into(),
    ] {
        let cached = api
            .get(&path)
            .header("If-None-Match", &matching)
            .send()
            .await?;
        assert_eq!(cached.status(), 304, "{matching}");
        assert_eq!(header(&cached, "etag"), etag);
        assert!(body_bytes(cached).await?.is_empty());
    }

    // A new version changes the ETag, so the old one no longer matches.
    let newer = pattern(SIZE, 2);
    api.replace(&id, newer.clone()).await?;
    let fresh = api.get(&path).header("If-None-Match", &etag).send().await?;
    assert_eq!(fresh.status(), 200);
    assert_eq!(
        header(&fresh, "etag"),
        format!("\"{}\"", sha256_hex(&newer))
    );
    assert_eq!(body_bytes(fresh).await?, newer);
    app.stop().await
}

#[tokio::test]
async fn content_disposition_carries_the_exact_name() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let cases = [
        (
            "report.docx",
            "attachment; filename=\"report.docx\"; filename*=UTF-8''report.docx",
        ),
        (
            "ONLYOFFICE-Musterpräsentation.pptx",
            "attachment; filename=\"ONLYOFFICE-Musterpr_sentation.pptx\"; \
             filename*=UTF-8''ONLYOFFICE-Musterpr%C3%A4sentation.pptx",
        ),
        (
            "Résumé \"final\" 文档.docx",
            "attachment; filename=\"R_sum_ _final_ __.docx\"; \
             filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%20%E6%96%87%E6%A1%A3.docx",
        ),
        (
            "emoji 🎉 50%;a.xlsx",
            "attachment; filename=\"emoji _ 50_;a.xlsx\"; \
             filename*=UTF-8''emoji%20%F0%9F%8E%89%2050%25%3Ba.xlsx",
        ),
    ];
    for (name, expected) in cases {
        let entry = api.upload(name, "content").await?;
        assert_eq!(entry["name"], name);
        let id = field(&entry, "id")?;
        for method in [Method::GET, Method::HEAD] {
            let path = format!("/api/v1/files/{id}/content");
            let response = api.request(method, &path).send().await?;
            assert_eq!(header(&response, "content-disposition"), expected);
        }
        let version = api
            .get(&format!("/api/v1/files/{id}/versions/1/content"))
            .send()
            .await?;
        assert_eq!(header(&version, "content-disposition"), expected);
    }
    app.stop().await
}

/// A body without a length: chunked transfer encoding.
fn chunked(bytes: Vec<u8>) -> Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        bytes.chunks(256).map(|c| Ok(c.to_vec())).collect();
    Body::wrap_stream(stream::iter(chunks))
}

#[tokio::test]
async fn uploads_over_the_limit_are_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(&[("max_upload_size", "1KiB")]).await?;
    let api = &app.admin;

    let declared = api.upload_to(None, "big.bin", pattern(1025, 0)).await?;
    expect_error(declared, 413, "too_large").await?;
    let streamed = api
        .upload_to(None, "big.bin", chunked(pattern(4096, 0)))
        .await?;
    expect_error(streamed, 413, "too_large").await?;

    // Exactly at the limit is fine, with or without a declared length.
    let exact = api.upload("exact.bin", pattern(1024, 0)).await?;
    assert_eq!(exact["size"], 1024);
    let exact_chunked = api.upload("chunked.bin", chunked(pattern(1024, 3))).await?;
    assert_eq!(
        exact_chunked["sha256"],
        sha256_hex(&pattern(1024, 3)).as_str()
    );

    // A new version over the limit leaves the file as it was.
    let id = field(&exact, "id")?;
    let path = format!("/api/v1/files/{id}/content");
    for body in [Body::from(pattern(2048, 1)), chunked(pattern(2048, 1))] {
        let replaced = api.request(Method::PUT, &path).body(body).send().await?;
        expect_error(replaced, 413, "too_large").await?;
    }
    assert_eq!(api.download(&id).await?, pattern(1024, 0));
    let versions = api
        .get_json(&format!("/api/v1/files/{id}/versions"))
        .await?;
    assert_eq!(versions["versions"].as_array().map(Vec::len), Some(1));

    let mut names = api.child_names("root").await?;
    names.sort();
    assert_eq!(names, ["chunked.bin", "exact.bin"]);
    app.stop().await
}

#[tokio::test]
async fn an_empty_file_round_trips() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = &app.admin;
    let entry = api.upload("empty.txt", Vec::new()).await?;
    assert_eq!(entry["size"], 0);
    assert_eq!(entry["sha256"], sha256_hex(b"").as_str());
    let id = field(&entry, "id")?;
    assert!(api.download(&id).await?.is_empty());

    let path = format!("/api/v1/files/{id}/content");
    let head = api.request(Method::HEAD, &path).send().await?;
    assert_eq!(head.status(), 200);
    assert_eq!(header(&head, "content-length"), "0");
    let response = ranged(api, &id, "bytes=0-", None).await?;
    assert_eq!(header(&response, "content-range"), "bytes */0");
    expect_error(response, 416, "range_not_satisfiable").await?;
    app.stop().await
}
