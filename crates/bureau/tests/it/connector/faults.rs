//! The backend going away or changing under the connector: application tokens that expire or
//! are refused are renewed, and saves made while the drive is down reach it once it is back
//! (the Document Server's retries, then the connector's sweep of forgotten files).

use std::time::{Duration, Instant};

use anyhow::{Context as _, ensure};

use super::{Options, ThreeParts};
use crate::{
    office::{WAIT, version_bytes, versions, zip_part},
    support::{ADMIN_PASSWORD, backend, process::Server},
};

/// Waits (bounded) until `check` holds.
async fn eventually<F, Fut>(what: &str, mut check: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<bool>>,
{
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if check().await? {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    anyhow::bail!("timed out waiting until {what}")
}

async fn logins(env: &ThreeParts) -> anyhow::Result<u64> {
    let (_, health) = env.connector.health().await?;
    health["checks"]["backend"]["logins"]
        .as_u64()
        .with_context(|| format!("no login count in {health}"))
}

#[tokio::test]
async fn an_application_token_that_expires_mid_session_is_renewed() -> anyhow::Result<()> {
    let options = Options {
        serve: vec![("BUREAU_APP_TOKEN_TTL", "2s".to_owned())],
        ..Options::default()
    };
    let env = ThreeParts::start_with(|b| b, options).await?;
    let admin = &env.admin;
    let id = env
        .upload_fixture(admin, "test.docx", "Renewed.docx")
        .await?;
    let (tab, key) = env.join(admin, &id).await?;
    assert_eq!(logins(&env).await?, 1);
    // Past the token's lifetime, in the middle of the session: the saves still go through.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    env.ds().edit(&tab, "Saved on a renewed token")?;
    env.ds().save(&tab)?;
    env.accepted(&key, 6).await?;
    assert!(logins(&env).await? >= 2, "the connector logged in again");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    env.ds().edit(&tab, "Closed on another one")?;
    env.ds().leave(&tab)?;
    env.accepted(&key, 2).await?;
    assert_eq!(versions(admin, &id).await?.len(), 3);
    let text = zip_part(&version_bytes(admin, &id, 3).await?, "word/document.xml")?;
    assert!(
        text.contains("Saved on a renewed token") && text.contains("Closed on another one"),
        "{text}"
    );
    assert!(logins(&env).await? >= 3, "and again");
    Ok(())
}

#[tokio::test]
async fn a_token_the_backend_refuses_is_replaced_by_a_new_login() -> anyhow::Result<()> {
    let mut env = ThreeParts::start().await?;
    let id = env
        .upload_fixture(&env.admin, "test.docx", "Before.docx")
        .await?;
    env.page_config(&env.admin, &id, false).await?;
    assert_eq!(logins(&env).await?, 1);
    // Another installation takes over the backend's address (a restore, a failover): it refuses
    // the connector's token, still unexpired, with a 401.
    let port = env.serve.base.rsplit(':').next().context("port")?.parse()?;
    env.serve.kill()?;
    let dir = tempfile::tempdir()?;
    let provisioned = backend::provision().await?;
    provisioned.write_env(dir.path())?;
    let app_url = format!("{}{}", env.connector.base, super::PREFIX);
    let serve_env = [
        ("BUREAU_ADMIN_PASSWORD", ADMIN_PASSWORD),
        ("BUREAU_APP_SECRET", super::APP_SECRET),
        ("BUREAU_APP_URL", app_url.as_str()),
    ];
    let other = Server::start_on_port(dir.path(), port, &serve_env).await?;
    let admin = other.api("admin", ADMIN_PASSWORD).await?;
    let id = env
        .upload_fixture(&admin, "test.docx", "After.docx")
        .await?;
    let config = env.page_config(&admin, &id, false).await?;
    assert_eq!(config["editorConfig"]["mode"], "edit");
    assert_eq!(logins(&env).await?, 2, "one new login after the 401");
    let log = env.connector.stderr()?;
    ensure!(log.contains("the backend refused the token"), "{log}");
    Ok(())
}

#[tokio::test]
async fn saves_made_while_the_backend_is_down_reach_it_when_it_is_back() -> anyhow::Result<()> {
    let options = Options {
        connector: vec![("BUREAU_CONNECTOR_FORGOTTEN_INTERVAL", "2s".to_owned())],
        ..Options::default()
    };
    let mut env = ThreeParts::start_with(|b| b, options).await?;
    let admin = env.admin.clone();
    let retried = env
        .upload_fixture(&admin, "test.docx", "Retried.docx")
        .await?;
    let forgotten = env
        .upload_fixture(&admin, "test.docx", "Forgotten.docx")
        .await?;

    // Down for a moment: the Document Server's retry delivers the save.
    let (tab, key) = env.join(&admin, &retried).await?;
    env.ds().edit(&tab, "Delivered by a retry")?;
    env.serve.kill()?;
    env.ds().leave(&tab)?;
    let first = env.ds().wait_for_callback(&key, 2, WAIT).await?;
    assert_eq!(
        first.http_status,
        Some(503),
        "the connector asks for a retry: {first:?}"
    );
    env.serve.restart().await?;
    env.accepted(&key, 2).await?;
    let text = zip_part(
        &version_bytes(&admin, &retried, 2).await?,
        "word/document.xml",
    )?;
    assert!(text.contains("Delivered by a retry"), "{text}");

    // Down for longer than every retry: the result becomes a forgotten file, which the
    // connector's sweep uploads once the backend is back.
    let (tab, key) = env.join(&admin, &forgotten).await?;
    env.ds().edit(&tab, "Recovered by the sweep")?;
    env.serve.kill()?;
    env.ds().leave(&tab)?;
    let ds = env.ds();
    eventually("the result is forgotten", || async {
        Ok(ds.forgotten().contains(&key))
    })
    .await?;
    env.serve.restart().await?;
    eventually("the sweep stored the save", || async {
        Ok(versions(&admin, &forgotten).await?.len() == 2)
    })
    .await?;
    let text = zip_part(
        &version_bytes(&admin, &forgotten, 2).await?,
        "word/document.xml",
    )?;
    assert!(text.contains("Recovered by the sweep"), "{text}");
    eventually("the forgotten file is deleted", || async {
        Ok(ds.forgotten().is_empty())
    })
    .await
}
