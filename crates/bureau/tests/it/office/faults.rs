//! Faults on the save path: the Document Server serving a broken result, and callbacks
//! delivered twice or out of order. Nothing is lost, nothing is stored twice or torn.

use docserver_emulator::{Faults, Outcome, ResultFault};

use super::{OfficeEnv, WAIT, version_bytes, versions, zip_part};

async fn retried_after(fault: ResultFault) -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Fragile.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().edit(&conn, "Survives a broken download")?;
    env.ds().set_faults(Faults {
        result: fault,
        ..Faults::default()
    });
    env.ds().leave(&conn)?;
    let first = env.ds().wait_for_callback(&key, 2, WAIT).await?;
    assert_eq!(
        first.outcome,
        Outcome::Retryable,
        "{fault:?}: {}",
        first.reply
    );
    assert_eq!(
        versions(api, &id).await?.len(),
        1,
        "{fault:?}: a failed download stored a version"
    );
    env.ds().set_faults(Faults::default());
    env.accepted(&key, 2).await?;
    let list = versions(api, &id).await?;
    assert_eq!(list.len(), 2, "{fault:?}: {list:?}");
    let saved = version_bytes(api, &id, 2).await?;
    assert!(zip_part(&saved, "word/document.xml")?.contains("Survives a broken download"));
    env.app.stop().await
}

#[tokio::test]
async fn a_500_from_the_document_server_is_retried() -> anyhow::Result<()> {
    retried_after(ResultFault::Error500).await
}

#[tokio::test]
async fn a_truncated_result_is_retried_never_stored() -> anyhow::Result<()> {
    retried_after(ResultFault::Truncated).await
}

#[tokio::test]
async fn duplicated_callbacks_store_one_version() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Twice.docx").await?;
    env.ds().set_faults(Faults {
        callback_twice: true,
        ..Faults::default()
    });
    let (conn, key) = env.join(api, &id).await?;
    env.ds().edit(&conn, "Once only")?;
    env.ds().save(&conn)?;
    env.accepted(&key, 6).await?;
    env.ds().edit(&conn, "Then closed")?;
    env.ds().leave(&conn)?;
    env.accepted(&key, 2).await?;
    let mut deliveries = 0;
    for _ in 0..100 {
        deliveries = env
            .ds()
            .callbacks()
            .iter()
            .filter(|r| r.key == key && r.status == 2)
            .count();
        if deliveries >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(deliveries >= 2, "the fault did not duplicate the callback");
    assert_eq!(
        versions(api, &id).await?.len(),
        3,
        "one version per distinct save"
    );
    env.app.stop().await
}

#[tokio::test]
async fn out_of_order_callbacks_lose_nothing() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env
        .upload_fixture(api, "test.docx", "Shuffled.docx")
        .await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().edit(&conn, "First save")?;
    env.ds().set_faults(Faults {
        callback_out_of_order: true,
        ..Faults::default()
    });
    env.ds().save(&conn)?;
    env.ds().edit(&conn, "Second save")?;
    env.ds().leave(&conn)?;
    env.accepted(&key, 6).await?;
    env.accepted(&key, 2).await?;
    let list = versions(api, &id).await?;
    assert_eq!(list.len(), 3, "{list:?}");
    let newest = zip_part(&version_bytes(api, &id, 3).await?, "word/document.xml")?;
    let older = zip_part(&version_bytes(api, &id, 2).await?, "word/document.xml")?;
    assert!(
        newest.contains("Second save") || older.contains("Second save"),
        "the final content is in some version"
    );
    env.app.stop().await
}
