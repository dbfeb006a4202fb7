//! The sign-in page after too many failures: the refusal says how long to wait.

use anyhow::ensure;
use serde_json::json;

use super::driver::Chrome;
use crate::support::{ADMIN_PASSWORD, TestApp};

/// Submits the sign-in form and returns the refusal it shows.
async fn refused(chrome: &Chrome, password: &str) -> anyhow::Result<String> {
    let reset = "document.getElementById('login-error').hidden = true; \
                 document.getElementById('login').value = ''; \
                 document.getElementById('password').value = '';";
    chrome.js(reset, json!([])).await?;
    chrome.type_into("#login", "admin").await?;
    chrome.type_into("#password", password).await?;
    chrome.click("#sign-in").await?;
    let shown = chrome
        .wait_until(
            "the sign-in refusal",
            "const e = document.getElementById('login-error'); \
             return !e.hidden && e.textContent;",
            json!([]),
        )
        .await?;
    Ok(shown.as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn a_locked_sign_in_says_when_to_try_again() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(&[("login_max_failures", "2")]).await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = async {
        chrome.goto(&app.url("/login")).await?;
        chrome.wait_for("#login-form").await?;
        for _ in 0..2 {
            let shown = refused(&chrome, "not the password").await?;
            ensure!(shown == "Wrong login or password.", "shown: {shown}");
        }
        let shown = refused(&chrome, ADMIN_PASSWORD).await?;
        ensure!(
            shown == "Too many failed sign-ins. Try again in 15 min.",
            "shown: {shown}"
        );
        chrome.step("sign-in locked").await
    }
    .await;
    chrome
        .finish("a_locked_sign_in_says_when_to_try_again", outcome)
        .await?;
    app.stop().await
}
