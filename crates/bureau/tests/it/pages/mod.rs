//! The server-rendered pages over plain HTTP: what a page offers to whom (a folder shared with
//! the reader, a public link's folder), and errors as HTML pages in the reader's language on the
//! routes a browser navigates to.

mod errors;
mod shared_folders;

use anyhow::ensure;
use reqwest::Response;

/// Expects an HTML page with `status` that contains `text`; returns the HTML.
async fn html_with(response: Response, status: u16, text: &str) -> anyhow::Result<String> {
    let got = response.status();
    let html_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let html = response.text().await?;
    ensure!(
        got == status && html_type,
        "expected an HTML {status}, got {got}: {html}"
    );
    ensure!(html.contains(text), "no {text:?} in {html}");
    Ok(html)
}
