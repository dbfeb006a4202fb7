//! The pages themselves: translated by the browser's language, the banner shown without a
//! Document Server, and (over plain HTTP) the sign-in redirect, security headers and HTML errors.

use anyhow::ensure;

use super::{driver::Chrome, sign_in};
use crate::support::{TestApp, http_client};

/// Signs in with the browser in `lang` and returns what the pages show: the sign-in title, the
/// trash link, the New button and the banner's title.
async fn translated(lang: &str) -> anyhow::Result<[String; 4]> {
    let app = TestApp::spawn().await?;
    let mut chrome = Chrome::start(lang).await?;
    let outcome: anyhow::Result<[String; 4]> = async {
        chrome.goto(&app.url("/login")).await?;
        let title = chrome.text("#login-form h1").await?;
        sign_in(&mut chrome, &app.base).await?;
        Ok([
            title,
            chrome.text("#nav-trash").await?,
            chrome.text("#new-button").await?,
            chrome.text("#no-docs-banner strong").await?,
        ])
    }
    .await;
    let shown = outcome
        .as_ref()
        .map_or_else(|_| [(); 4].map(|()| String::new()), Clone::clone);
    chrome
        .finish(&format!("pages_in_{lang}"), outcome.map(drop))
        .await?;
    Ok(shown)
}

#[tokio::test]
async fn french_pages_render_translated() -> anyhow::Result<()> {
    let shown = translated("fr-FR").await?;
    assert_eq!(
        shown,
        [
            "Se connecter",
            "Corbeille",
            "Nouveau",
            "Aucun serveur de documents n'est connecté."
        ]
    );
    Ok(())
}

#[tokio::test]
async fn chinese_pages_render_translated() -> anyhow::Result<()> {
    let shown = translated("zh-CN").await?;
    assert_eq!(shown, ["登录", "回收站", "新建", "未连接文档服务器。"]);
    Ok(())
}

#[tokio::test]
async fn without_a_document_server_a_banner_says_how_to_connect_one() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.admin
        .upload("Plan.docx", b"not really a docx".to_vec())
        .await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = async {
        sign_in(&mut chrome, &app.base).await?;
        let banner = chrome.text("#no-docs-banner").await?;
        ensure!(
            banner.contains("BUREAU_DOCS_URL")
                && banner.contains("BUREAU_DOCS_SECRET")
                && banner.contains("onlyoffice/documentserver")
                && banner.contains("Settings")
                && banner.contains("docserver-emulator"),
            "banner: {banner}"
        );
        let disabled = chrome
            .js(
                "const b = document.getElementById('new-document'); return [b.disabled, b.title];",
                serde_json::json!([]),
            )
            .await?;
        ensure!(
            disabled == serde_json::json!([true, "Unavailable: no document server is connected"]),
            "New ▸ Document: {disabled}"
        );
        // The document is listed but does not link to the editor.
        chrome
            .wait_for("tr[data-name='Plan.docx'] span.open[title]")
            .await?;
        chrome.step("banner").await
    }
    .await;
    chrome.finish("no_document_server_banner", outcome).await
}

#[tokio::test]
async fn pages_redirect_to_sign_in_and_answer_errors_in_html() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let http = http_client();
    let home = http.get(app.url("/")).send().await?;
    ensure!(
        home.status().is_redirection(),
        "GET / signed out: {}",
        home.status()
    );
    ensure!(home.headers()["location"] == "/login");

    let login = http.get(app.url("/login")).send().await?;
    ensure!(login.status() == 200);
    let headers = login.headers();
    let csp = headers["content-security-policy"].to_str()?;
    ensure!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'self'"));
    ensure!(headers["x-content-type-options"] == "nosniff");
    ensure!(headers["referrer-policy"] == "same-origin");

    let missing = http
        .get(app.url("/no/such/page"))
        .header("accept-language", "fr")
        .send()
        .await?;
    ensure!(missing.status() == 404);
    ensure!(
        missing.headers()["content-type"]
            .to_str()?
            .starts_with("text/html")
    );
    let html = missing.text().await?;
    ensure!(html.contains("Cette page n'existe pas"), "{html}");
    Ok(())
}
