//! Faults on the save path, on the Document Server's side: its result download answering 500,
//! breaking off, stalling past the DS's own callback timeout or resetting the connection, and
//! callbacks delivered twice or out of order. Each save is refused with a retry, the retry
//! lands, nothing is lost, nothing is stored twice or torn. (Faults on Bureau's side, disk,
//! database and process, are in `local_faults.rs`.)

use std::time::Duration;

use docserver_emulator::{EmulatorBuilder, Faults, Outcome, ResultFault};

use super::{OfficeEnv, WAIT, version_bytes, versions, whole_versions, zip_part};

/// One way the Document Server breaks the download of a result.
struct DsFault {
    faults: Faults,
    tune: fn(EmulatorBuilder) -> EmulatorBuilder,
}

impl DsFault {
    fn result(result: ResultFault) -> Self {
        Self {
            faults: Faults {
                result,
                ..Faults::default()
            },
            tune: |b| b,
        }
    }
}

/// The final save meets `fault`: the DS is told to retry, nothing is stored meanwhile, and
/// once the fault is gone the retry stores the edit whole, once.
async fn retried_after(fault: DsFault) -> anyhow::Result<()> {
    let env = OfficeEnv::custom(fault.tune, &[]).await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Fragile.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().edit(&conn, "Survives a broken download")?;
    let what = format!("{:?}", fault.faults);
    env.ds().set_faults(fault.faults);
    env.ds().leave(&conn)?;
    let first = env.ds().wait_for_callback(&key, 2, WAIT).await?;
    assert_eq!(first.outcome, Outcome::Retryable, "{what}: {}", first.reply);
    assert_eq!(
        versions(api, &id).await?.len(),
        1,
        "{what}: a failed download stored a version"
    );
    env.ds().set_faults(Faults::default());
    env.accepted(&key, 2).await?;
    let whole = whole_versions(api, &id).await?;
    assert_eq!(whole.len(), 2, "{what}: one version per distinct save");
    assert!(zip_part(&whole[1], "word/document.xml")?.contains("Survives a broken download"));
    env.app.stop().await
}

#[tokio::test]
async fn a_500_from_the_document_server_is_retried() -> anyhow::Result<()> {
    retried_after(DsFault::result(ResultFault::Error500)).await
}

#[tokio::test]
async fn a_truncated_result_is_retried_never_stored() -> anyhow::Result<()> {
    retried_after(DsFault::result(ResultFault::Truncated)).await
}

#[tokio::test]
async fn a_result_slower_than_the_callback_timeout_is_retried() -> anyhow::Result<()> {
    // The DS gives up on a callback after `callbackRequestTimeout` (10 min, here 2 s) and
    // retries; the result's first bytes come after 3 s.
    retried_after(DsFault {
        faults: Faults {
            result: ResultFault::Slow,
            slow_chunk_delay_ms: 3000,
            ..Faults::default()
        },
        tune: |b| b.callback_timeout(Duration::from_secs(2)),
    })
    .await
}

#[tokio::test]
async fn a_reset_connection_to_the_document_server_is_retried() -> anyhow::Result<()> {
    retried_after(DsFault {
        faults: Faults {
            reset_connections: true,
            ..Faults::default()
        },
        tune: |b| b,
    })
    .await
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
        tokio::time::sleep(Duration::from_millis(50)).await;
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
