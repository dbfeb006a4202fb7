//! What a test does besides finding and clicking: dialogs, network and window conditions, and
//! the screenshots of each step, written to `target/test-artifacts/<test>/` when a test fails.

use std::{
    path::PathBuf,
    time::{Duration, Instant},
};

use anyhow::{Context as _, ensure};
use base64::Engine as _;
use serde_json::{Value, json};

use super::{Chrome, WAIT};

impl Chrome {
    /// Answers the open `prompt` (with `text`) or `confirm` (`None`) dialog with OK.
    pub async fn accept_dialog(&self, text: Option<&str>) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        while self.call("GET", "/alert/text", Value::Null).await.is_err() {
            ensure!(Instant::now() < deadline, "no dialog opened");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if let Some(text) = text {
            self.call("POST", "/alert/text", json!({ "text": text }))
                .await?;
        }
        self.call("POST", "/alert/accept", json!({}))
            .await
            .map(drop)
    }

    /// Limits the upload bandwidth (bytes per second), so progress can be watched midway.
    pub async fn throttle_upload(&self, bytes_per_second: u64) -> anyhow::Result<()> {
        let conditions = json!({ "network_conditions": {
            "offline": false,
            "latency": 0,
            "download_throughput": -1,
            "upload_throughput": bytes_per_second,
        }});
        self.call("POST", "/chromium/network_conditions", conditions)
            .await
            .map(drop)
    }

    /// Presses a key on whatever has the focus (WebDriver key codes: `\u{E015}` is ↓,
    /// `\u{E007}` Enter, `\u{E032}` F2).
    pub async fn press(&self, key: &str) -> anyhow::Result<()> {
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
            { "type": "keyDown", "value": key },
            { "type": "keyUp", "value": key },
        ]}]});
        self.call("POST", "/actions", actions).await.map(drop)
    }

    /// Resizes the window (a phone is about 390 × 844).
    pub async fn resize(&self, width: u32, height: u32) -> anyhow::Result<()> {
        let rect = json!({ "width": width, "height": height });
        self.call("POST", "/window/rect", rect).await.map(drop)
    }

    /// Keeps a screenshot of the page as it is now, named after the step.
    pub async fn step(&mut self, name: &str) -> anyhow::Result<()> {
        let png = self.screenshot().await?;
        self.steps.push((name.to_owned(), png));
        Ok(())
    }

    async fn screenshot(&self) -> anyhow::Result<Vec<u8>> {
        let value = self.call("GET", "/screenshot", Value::Null).await?;
        let encoded = value.as_str().context("screenshot")?;
        Ok(base64::engine::general_purpose::STANDARD.decode(encoded)?)
    }

    /// Ends the session; on failure (or always, with `BUREAU_TEST_SCREENSHOTS` set) first writes
    /// the screenshots of every step and of the final state to `target/test-artifacts/<test>/`.
    /// Returns `outcome`.
    pub async fn finish(mut self, test: &str, outcome: anyhow::Result<()>) -> anyhow::Result<()> {
        if outcome.is_err() || std::env::var_os("BUREAU_TEST_SCREENSHOTS").is_some() {
            let _ = self.frame(None).await;
            if let Ok(png) = self.screenshot().await {
                let name = if outcome.is_err() { "failure" } else { "end" };
                self.steps.push((name.to_owned(), png));
            }
            let dir = artifacts_dir().join(test);
            let _ = std::fs::remove_dir_all(&dir);
            let _ = std::fs::create_dir_all(&dir);
            for (i, (name, png)) in self.steps.iter().enumerate() {
                let _ = std::fs::write(dir.join(format!("{i:02}-{name}.png")), png);
            }
            eprintln!("screenshots of each step: {}", dir.display());
        }
        let _ = self.call("DELETE", "", Value::Null).await;
        outcome
    }
}

/// `target/test-artifacts` of the workspace (or of `CARGO_TARGET_DIR`).
fn artifacts_dir() -> PathBuf {
    crate::support::logs::target_dir().join("test-artifacts")
}
