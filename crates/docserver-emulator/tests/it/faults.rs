//! The fault knobs.

use std::time::Duration;

use docserver_emulator::{Faults, ResultFault};
use serde_json::Value;

use crate::support::{self, config, get_bytes};

const WAIT: Duration = Duration::from_secs(30);

#[tokio::test]
async fn bad_token_twice_and_out_of_order_callbacks() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let control = ds.control();
    control.set_faults(Faults {
        callback_bad_token: true,
        callback_twice: true,
        ..Faults::default()
    });
    let a = control
        .open(&config(&host, "fault-001", "test.docx", "uid-A"))
        .await?;
    let got = host.wait_callbacks("fault-001", 2, WAIT).await;
    assert_eq!(host.statuses("fault-001"), vec![1, 1], "delivered twice");
    let token = got[0].body["token"].as_str().unwrap_or_default();
    assert!(
        support::jwt().verify::<Value>(token).is_err(),
        "signed with a wrong secret"
    );

    control.set_faults(Faults {
        callback_out_of_order: true,
        ..Faults::default()
    });
    let b = control
        .open(&config(&host, "fault-001", "test.docx", "uid-B"))
        .await?;
    control.leave(&b.connection)?;
    let got = host.wait_callbacks("fault-001", 4, WAIT).await;
    let actions: Vec<i64> = got[2..]
        .iter()
        .map(|r| r.body["actions"][0]["type"].as_i64().unwrap_or(-1))
        .collect();
    assert_eq!(actions, vec![0, 1], "the leave arrives before the join");
    control.leave(&a.connection)?;
    Ok(())
}

#[tokio::test]
async fn results_served_with_500_truncated_or_slowly() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let control = ds.control();
    let joined = control
        .open(&config(&host, "res-001", "test.docx", "uid-1"))
        .await?;
    control.edit(&joined.connection, "x")?;
    control.force_save("res-001", None)?;
    let got = host.wait_callbacks("res-001", 2, WAIT).await;
    let url = got[1].body["url"].as_str().unwrap_or_default().to_owned();
    let (_, whole) = get_bytes(&url).await?;

    control.set_faults(Faults {
        result: ResultFault::Error500,
        ..Faults::default()
    });
    assert_eq!(get_bytes(&url).await?.0, 500);
    control.set_faults(Faults {
        result: ResultFault::Truncated,
        ..Faults::default()
    });
    assert!(get_bytes(&url).await.is_err(), "the transfer breaks off");
    control.set_faults(Faults {
        result: ResultFault::Slow,
        slow_chunk_delay_ms: 50,
        ..Faults::default()
    });
    let started = std::time::Instant::now();
    let (_, slow) = get_bytes(&url).await?;
    assert_eq!(slow, whole);
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(
        control.result_requests(),
        4,
        "every request counted, faults included"
    );
    Ok(())
}

#[tokio::test]
async fn an_unreachable_ds_stops_answering() -> anyhow::Result<()> {
    let ds = support::emulator().await?;
    let control = ds.control();
    control.set_faults(Faults {
        unreachable: true,
        ..Faults::default()
    });
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()?;
    let health = format!("{}healthcheck", ds.base_url());
    assert!(client.get(&health).send().await.is_err(), "times out");
    let faults = client
        .get(format!("{}control/faults", ds.base_url()))
        .send()
        .await?;
    assert_eq!(faults.status(), 200, "the control API still answers");
    control.set_faults(Faults::default());
    assert_eq!(client.get(&health).send().await?.text().await?, "true");
    Ok(())
}

#[tokio::test]
async fn reset_connections_resets_new_connections_only() -> anyhow::Result<()> {
    let ds = support::emulator().await?;
    let control = ds.control();
    let health = format!("{}healthcheck", ds.base_url());
    let kept = reqwest::Client::new();
    assert_eq!(kept.get(&health).send().await?.text().await?, "true");
    control.set_faults(Faults {
        reset_connections: true,
        ..Faults::default()
    });
    let fresh = reqwest::Client::new();
    let error = fresh
        .get(&health)
        .send()
        .await
        .expect_err("a new connection is reset");
    assert!(error.is_connect() || error.is_request(), "{error:?}");
    assert_eq!(
        kept.get(&health).send().await?.text().await?,
        "true",
        "a connection opened before the fault carries on"
    );
    control.set_faults(Faults::default());
    assert_eq!(fresh.get(&health).send().await?.text().await?, "true");
    Ok(())
}
