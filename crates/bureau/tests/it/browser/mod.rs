//! End-to-end tests of the web UI in real headless Chromium (scripts/setup/chromium.sh), driven
//! over WebDriver ([`driver::Chrome`]) against a real Bureau and, for editing, the
//! docserver-emulator. A failing test leaves a screenshot of each step in
//! `target/test-artifacts/<test>/`.

mod admin;
mod conflict;
mod convert;
mod driver;
mod editing;
mod guest;
mod history;
mod listing;
mod manage;
mod pages;
mod share;
mod sign_in_limit;
mod upload;
mod versions;

use serde_json::json;

use self::driver::Chrome;
use super::support::ADMIN_PASSWORD;

/// Signs in as `admin` through the sign-in page and waits for the file browser.
async fn sign_in(chrome: &mut Chrome, base: &str) -> anyhow::Result<()> {
    sign_in_as(chrome, base, "admin", ADMIN_PASSWORD).await
}

/// Signs in as `login` through the sign-in page and waits for the file browser.
async fn sign_in_as(
    chrome: &mut Chrome,
    base: &str,
    login: &str,
    password: &str,
) -> anyhow::Result<()> {
    chrome.goto(&format!("{base}/")).await?;
    chrome.wait_for("#login-form").await?;
    chrome.step("sign-in page").await?;
    chrome.type_into("#login", login).await?;
    chrome.type_into("#password", password).await?;
    chrome.click("#sign-in").await?;
    chrome.wait_for("#browser").await?;
    chrome.step("signed in").await
}

/// Waits until the script-visible notice shows `text`.
async fn wait_notice(chrome: &Chrome, text: &str) -> anyhow::Result<()> {
    chrome
        .wait_until(
            &format!("the notice {text:?}"),
            "const n = document.getElementById('notice'); \
             return !n.hidden && n.textContent === arguments[0];",
            json!([text]),
        )
        .await
        .map(drop)
}
