//! Co-editing sessions: status sequences, tokens, saving, keys, retries and forgotten files.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{self, Reply, claims, config, get_bytes, zip_part};

const WAIT: Duration = Duration::from_secs(30);

#[tokio::test]
async fn one_user_edits_and_the_saved_docx_contains_the_text() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let control = ds.control();
    let joined = control
        .open(&config(&host, "edit-001", "test.docx", "uid-1"))
        .await?;
    assert_eq!((joined.mode, joined.document_type), ("edit", "word"));
    control.edit(&joined.connection, "Hello from the emulator")?;
    control.leave(&joined.connection)?;
    let got = host.wait_callbacks("edit-001", 2, WAIT).await;
    assert_eq!(host.statuses("edit-001"), vec![1, 2]);

    // Status 1 as in Appendix A.1, with both tokens.
    let one = &got[0];
    assert_eq!(one.body["users"], json!(["uid-1"]));
    assert_eq!(one.body["actions"], json!([{"type": 1, "userid": "uid-1"}]));
    let header = one.headers["authorization"]
        .to_str()?
        .strip_prefix("Bearer ")
        .unwrap_or_default();
    support::jwt().verify::<Value>(header)?;
    let wrapped = claims(header);
    assert_eq!(wrapped["payload"]["status"], 1);
    assert_eq!(
        wrapped["exp"].as_u64().unwrap_or(0) - wrapped["iat"].as_u64().unwrap_or(0),
        300
    );
    let body_token = one.body["token"].as_str().unwrap_or_default();
    let flat: Value = support::jwt().verify(body_token)?;
    assert_eq!(flat["key"], "edit-001");
    assert!(flat.get("payload").is_none());
    assert_eq!(one.headers["user-agent"], "Node.js/6.13");

    // Status 2 fields.
    let two = &got[1].body;
    assert_eq!(two["users"], json!(["uid-1"]));
    assert_eq!(two["actions"], json!([{"type": 0, "userid": "uid-1"}]));
    assert_eq!(two["notmodified"], false);
    assert_eq!(two["filetype"], "docx");
    assert_eq!(two["history"]["serverVersion"], "9.0.4");
    let change = &two["history"]["changes"][0];
    assert_eq!(change["user"], json!({"id": "uid-1", "name": "User uid-1"}));
    assert_eq!(change["documentSha256"].as_str().map(str::len), Some(64));
    assert!(
        two["lastsave"]
            .as_str()
            .unwrap_or_default()
            .ends_with(".000Z")
    );
    let url = two["url"].as_str().unwrap_or_default();
    assert!(
        url.contains("/cache/files/data/edit-001_")
            && url.contains("md5=")
            && url.contains("expires=")
    );
    let (status, docx) = get_bytes(url).await?;
    assert_eq!(status, 200);
    assert!(zip_part(&docx, "word/document.xml")?.contains("Hello from the emulator"));
    let (_, changes) = get_bytes(two["changesurl"].as_str().unwrap_or_default()).await?;
    assert!(zip_part(&changes, "changes0.json")?.contains("Hello from the emulator"));

    // The document.url GET carried {"payload":{"url":…}} for the exact URL.
    let download = &host.downloads()[0];
    let auth = download.headers["authorization"].to_str()?;
    support::jwt().verify_download(auth, &host.file_url("test.docx"))?;

    // The key is spent now.
    let again = control
        .open(&config(&host, "edit-001", "test.docx", "uid-1"))
        .await;
    let err = again.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("4008"), "{err}");
    Ok(())
}

#[tokio::test]
async fn closing_without_changes_sends_status_4_without_users() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let control = ds.control();
    let joined = control
        .open(&config(
            &host,
            "close-001",
            "hello_libre_office.docx",
            "uid-1",
        ))
        .await?;
    control.leave(&joined.connection)?;
    let got = host.wait_callbacks("close-001", 2, WAIT).await;
    assert_eq!(host.statuses("close-001"), vec![1, 4]);
    let four = &got[1].body;
    assert_eq!(four["actions"], json!([{"type": 0, "userid": "uid-1"}]));
    assert!(four.get("users").is_none());
    // Same key again: the cache is used, no second download.
    let again = control
        .open(&config(
            &host,
            "close-001",
            "hello_libre_office.docx",
            "uid-2",
        ))
        .await?;
    assert_eq!(host.downloads().len(), 1);
    control.leave(&again.connection)?;
    Ok(())
}

#[tokio::test]
async fn two_co_editors_then_a_save() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let control = ds.control();
    let a = control
        .open(&config(&host, "two-001", "test.docx", "uid-A"))
        .await?;
    let b = control
        .open(&config(&host, "two-001", "test.docx", "uid-B"))
        .await?;
    control.edit(&b.connection, "B was here")?;
    control.leave(&b.connection)?;
    host.wait_callbacks("two-001", 3, WAIT).await;
    control.leave(&a.connection)?;
    let got = host.wait_callbacks("two-001", 4, WAIT).await;
    assert_eq!(host.statuses("two-001"), vec![1, 1, 1, 2]);
    let bodies: Vec<&Value> = got.iter().map(|r| &r.body).collect();
    assert_eq!(bodies[1]["users"], json!(["uid-A", "uid-B"]));
    assert_eq!(
        bodies[1]["actions"],
        json!([{"type": 1, "userid": "uid-B"}])
    );
    assert_eq!(bodies[2]["users"], json!(["uid-A"]));
    assert_eq!(
        bodies[2]["actions"],
        json!([{"type": 0, "userid": "uid-B"}])
    );
    assert_eq!(
        bodies[3]["users"],
        json!(["uid-B"]),
        "status 2 names the last user who changed it"
    );
    assert_eq!(
        bodies[3]["actions"],
        json!([{"type": 0, "userid": "uid-A"}])
    );
    assert_eq!(
        host.downloads().len(),
        1,
        "the second editor joins the cached document"
    );
    Ok(())
}

#[tokio::test]
async fn rejoining_within_the_save_delay_cancels_the_save() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = docserver_emulator::Emulator::builder()
        .jwt_secret(support::SECRET)
        .save_delay(Duration::from_millis(800))
        .spawn()
        .await?;
    let control = ds.control();
    let a = control
        .open(&config(&host, "rejoin-001", "test.docx", "uid-1"))
        .await?;
    control.edit(&a.connection, "first")?;
    control.leave(&a.connection)?;
    let b = control
        .open(&config(&host, "rejoin-001", "test.docx", "uid-1"))
        .await?;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(
        host.statuses("rejoin-001"),
        vec![1, 1],
        "no save while the user is back"
    );
    control.leave(&b.connection)?;
    host.wait_callbacks("rejoin-001", 3, WAIT).await;
    assert_eq!(host.statuses("rejoin-001"), vec![1, 1, 2]);
    Ok(())
}

#[tokio::test]
async fn retries_with_fresh_urls_then_forgotten_and_reopened() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    host.reply(2, Reply::Http500);
    let ds = support::emulator().await?;
    let control = ds.control();
    let joined = control
        .open(&config(&host, "fail-001", "test.docx", "uid-1"))
        .await?;
    control.edit(&joined.connection, "lost?")?;
    control.leave(&joined.connection)?;
    let got = host.wait_callbacks("fail-001", 5, WAIT).await;
    assert_eq!(host.statuses("fail-001"), vec![1, 2, 2, 2, 2]);
    let urls: Vec<&str> = got[1..]
        .iter()
        .map(|r| r.body["url"].as_str().unwrap_or_default())
        .collect();
    let md5s: std::collections::HashSet<&str> = urls
        .iter()
        .map(|u| u.split("md5=").nth(1).unwrap_or_default())
        .collect();
    assert_eq!(md5s.len(), 4, "every retry is signed afresh: {urls:?}");
    let gaps: Vec<u128> = control
        .callbacks()
        .windows(2)
        .filter(|w| w[0].status == 2 && w[1].status == 2)
        .map(|w| w[1].sent_at_ms - w[0].sent_at_ms)
        .collect();
    assert!(
        gaps.len() == 3 && gaps[0] >= 1000 && gaps[1] >= 2000 && gaps[2] >= 4000,
        "{gaps:?}"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(control.forgotten(), vec!["fail-001".to_owned()]);

    // The next open of the key loads the forgotten file, not document.url.
    host.reply(2, Reply::Ok);
    let again = control
        .open(&config(&host, "fail-001", "test.docx", "uid-1"))
        .await?;
    assert_eq!(host.downloads().len(), 1);
    control.leave(&again.connection)?;
    let got = host.wait_callbacks("fail-001", 7, WAIT).await;
    let last = &got[6].body;
    assert_eq!(last["status"], 2, "re-delivered without new changes");
    assert!(last.get("changesurl").is_none());
    let (_, docx) = get_bytes(last["url"].as_str().unwrap_or_default()).await?;
    assert!(zip_part(&docx, "word/document.xml")?.contains("lost?"));
    Ok(())
}

#[tokio::test]
async fn an_error_1_reply_is_not_retried_and_goes_to_forgotten() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    host.reply(2, Reply::Error1);
    let ds = support::emulator().await?;
    let control = ds.control();
    let joined = control
        .open(&config(&host, "err1-001", "test.docx", "uid-1"))
        .await?;
    control.edit(&joined.connection, "x")?;
    control.leave(&joined.connection)?;
    host.wait_callbacks("err1-001", 2, WAIT).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(host.statuses("err1-001"), vec![1, 2]);
    assert_eq!(control.forgotten(), vec!["err1-001".to_owned()]);
    Ok(())
}

#[tokio::test]
async fn force_save_then_close_without_changes_is_notmodified() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let control = ds.control();
    let joined = control
        .open(&config(&host, "fs-001", "test.docx", "uid-1"))
        .await?;
    control.edit(&joined.connection, "forced")?;
    control.force_save("fs-001", Some("fs-userdata-42".into()))?;
    let got = host.wait_callbacks("fs-001", 2, WAIT).await;
    let six = &got[1].body;
    assert_eq!(six["status"], 6);
    assert_eq!(six["forcesavetype"], 0);
    assert_eq!(six["userdata"], "fs-userdata-42");
    assert!(six.get("actions").is_none() && six["history"].is_object());
    let (_, docx) = get_bytes(six["url"].as_str().unwrap_or_default()).await?;
    assert!(zip_part(&docx, "word/document.xml")?.contains("forced"));
    let again = control
        .force_save("fs-001", None)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(again.contains("(4)"), "{again}");
    control.leave(&joined.connection)?;
    let got = host.wait_callbacks("fs-001", 3, WAIT).await;
    assert_eq!(got[2].body["status"], 2);
    assert_eq!(got[2].body["notmodified"], true);
    assert_eq!(got[2].body["history"], six["history"]);
    Ok(())
}

#[tokio::test]
async fn save_button_force_saves_only_with_customization_forcesave() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let control = ds.control();
    let mut page = config(&host, "btn-001", "test.docx", "uid-1");
    page["editorConfig"]["customization"] = json!({"forcesave": true});
    support::sign(&mut page);
    let joined = control.open(&page).await?;
    control.edit(&joined.connection, "button")?;
    control.save(&joined.connection)?;
    let got = host.wait_callbacks("btn-001", 2, WAIT).await;
    assert_eq!(got[1].body["forcesavetype"], 1);
    assert_eq!(
        got[1].body["actions"],
        json!([{"type": 2, "userid": "uid-1"}])
    );
    Ok(())
}

#[tokio::test]
async fn editor_tokens_are_checked_like_the_ds() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let control = ds.control();
    let code = |r: Result<docserver_emulator::Joined, docserver_emulator::ControlError>| match r {
        Err(docserver_emulator::ControlError::Open(e)) => e.code,
        other => panic!("expected an open error, got {other:?}"),
    };
    let mut missing = config(&host, "jwt-001", "test.docx", "u");
    missing.as_object_mut().map(|o| o.remove("token"));
    assert_eq!(code(control.open(&missing).await), 4006);
    let mut wrong = config(&host, "jwt-001", "test.docx", "u");
    wrong["token"] =
        json!(onlyoffice::jwt::JwtSettings::new("other").sign(&json!({"document": {}}))?);
    assert_eq!(code(control.open(&wrong).await), 4006);
    let mut no_perms = config(&host, "jwt-001", "test.docx", "u");
    let mut unsigned = no_perms.clone();
    unsigned.as_object_mut().map(|o| o.remove("token"));
    unsigned["document"]
        .as_object_mut()
        .map(|d| d.remove("permissions"));
    no_perms["token"] = json!(support::jwt().sign(&unsigned)?);
    let err = control.open(&no_perms).await;
    assert!(
        matches!(&err, Err(docserver_emulator::ControlError::Open(e)) if e.description == "token:")
    );
    let mut other_perms = config(&host, "jwt-001", "test.docx", "u");
    other_perms["document"]["permissions"] = json!({"edit": false});
    assert_eq!(code(control.open(&other_perms).await), 4004);
    let mut wrapped = config(&host, "jwt-001", "test.docx", "u");
    let inner = wrapped.clone();
    wrapped["token"] = json!(support::jwt().sign(&json!({"payload": inner}))?);
    assert_eq!(code(control.open(&wrapped).await), 4004);
    assert_eq!(
        code(
            control
                .open(&config(&host, "bad key!", "test.docx", "u"))
                .await
        ),
        4004
    );
    assert!(host.callbacks().is_empty() && host.downloads().is_empty());
    Ok(())
}

#[tokio::test]
async fn a_corrupt_file_fails_to_open() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let result = ds
        .control()
        .open(&config(&host, "bad-001", "testWORD_truncated.docx", "u"))
        .await;
    assert!(
        matches!(&result, Err(docserver_emulator::ControlError::Open(e)) if e.code == -3),
        "{result:?}"
    );
    host.wait_callbacks("bad-001", 2, WAIT).await;
    assert_eq!(host.statuses("bad-001"), vec![1, 4]);
    Ok(())
}

#[tokio::test]
async fn a_long_header_token_is_trimmed_but_the_body_token_is_not() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let control = ds.control();
    let joined = control
        .open(&config(
            &host,
            "long-001",
            "hello_libre_office.docx",
            "uid-1",
        ))
        .await?;
    for i in 0..40 {
        control.edit(&joined.connection, &format!("paragraph {i}"))?;
    }
    control.leave(&joined.connection)?;
    let got = host.wait_callbacks("long-001", 2, WAIT).await;
    let two = &got[1];
    assert!(
        two.body.get("changesurl").is_none(),
        "trimmed from the plain body"
    );
    assert_eq!(two.body["history"], json!({}));
    let header = two.headers["authorization"]
        .to_str()?
        .trim_start_matches("Bearer ");
    assert!(header.len() < 7168);
    let wrapped = claims(header);
    assert!(wrapped["payload"].get("changesurl").is_none());
    assert_eq!(wrapped["payload"]["history"], json!({}));
    let full: Value = support::jwt().verify(two.body["token"].as_str().unwrap_or_default())?;
    assert!(full["changesurl"].is_string());
    assert_eq!(
        full["history"]["changes"].as_array().map(Vec::len),
        Some(40)
    );
    Ok(())
}

#[tokio::test]
async fn without_jwt_private_addresses_are_refused_unless_allowed() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let mut page = config(&host, "nojwt-001", "test.docx", "uid-1");
    page.as_object_mut().map(|o| o.remove("token"));
    let strict = docserver_emulator::Emulator::builder()
        .jwt_disabled()
        .spawn()
        .await?;
    let refused = strict.control().open(&page).await;
    assert!(
        matches!(&refused, Err(docserver_emulator::ControlError::Open(e)) if e.code == -4),
        "{refused:?}"
    );

    let open = docserver_emulator::Emulator::builder()
        .jwt_disabled()
        .allow_private_ip(true)
        .save_delay(Duration::from_millis(100))
        .spawn()
        .await?;
    let joined = open.control().open(&page).await?;
    open.control().leave(&joined.connection)?;
    let got = host.wait_callbacks("nojwt-001", 2, WAIT).await;
    assert_eq!(
        host.statuses("nojwt-001"),
        vec![1, 4],
        "the strict DS could not call back either"
    );
    let last = got.last().map(|r| r.body.clone()).unwrap_or_default();
    assert!(last.get("token").is_none() && got[0].headers.get("authorization").is_none());
    assert!(
        host.downloads()
            .iter()
            .all(|d| d.headers.get("authorization").is_none())
    );
    Ok(())
}

#[tokio::test]
async fn the_8x_policy_does_not_retry_and_downloads_are_limited() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    host.reply(2, Reply::Http500);
    let ds = docserver_emulator::Emulator::builder()
        .jwt_secret(support::SECRET)
        .retry_policy(docserver_emulator::RetryPolicy::V8)
        .save_delay(Duration::from_millis(100))
        .max_download_bytes(40_000)
        .spawn()
        .await?;
    let control = ds.control();
    let joined = control
        .open(&config(&host, "v8-001", "test.docx", "uid-1"))
        .await?;
    control.edit(&joined.connection, "x")?;
    control.leave(&joined.connection)?;
    host.wait_callbacks("v8-001", 2, WAIT).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(host.statuses("v8-001"), vec![1, 2]);
    let big = control
        .open(&config(&host, "big-001", "having-images.docx", "uid-1"))
        .await;
    assert!(
        matches!(&big, Err(docserver_emulator::ControlError::Open(e)) if e.code == -10),
        "{big:?}"
    );
    Ok(())
}

#[tokio::test]
async fn an_open_during_the_save_waits_for_it_then_finds_the_key_spent() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    host.reply(2, Reply::Slow);
    let ds = support::emulator().await?;
    let control = ds.control();
    let joined = control
        .open(&config(&host, "race-001", "test.docx", "uid-1"))
        .await?;
    control.edit(&joined.connection, "racing")?;
    control.leave(&joined.connection)?;
    host.wait_callbacks("race-001", 2, WAIT).await;
    assert_eq!(control.sessions()[0].state, "saving");
    let again = control
        .open(&config(&host, "race-001", "test.docx", "uid-1"))
        .await;
    assert!(
        matches!(&again, Err(docserver_emulator::ControlError::Open(e)) if e.code == 4008),
        "{again:?}"
    );
    Ok(())
}

#[tokio::test]
async fn spent_keys_and_result_links_expire() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = docserver_emulator::Emulator::builder()
        .jwt_secret(support::SECRET)
        .save_delay(Duration::from_millis(100))
        .update_version_window(Duration::from_millis(300))
        .url_expires(Duration::ZERO)
        .spawn()
        .await?;
    let control = ds.control();
    let joined = control
        .open(&config(&host, "exp-001", "test.docx", "uid-1"))
        .await?;
    control.edit(&joined.connection, "x")?;
    control.leave(&joined.connection)?;
    let got = host.wait_callbacks("exp-001", 2, WAIT).await;
    let url = got[1].body["url"].as_str().unwrap_or_default().to_owned();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        get_bytes(&url).await?.0,
        410,
        "expired links answer 410 Gone"
    );
    let tampered = url.replace("md5=", "md5=x");
    assert_eq!(get_bytes(&tampered).await?.0, 403);
    // After expire.updateVersionStatus the stale cache opens again, without a download.
    let again = control
        .open(&config(&host, "exp-001", "test.docx", "uid-1"))
        .await?;
    assert_eq!(again.mode, "edit");
    assert_eq!(host.downloads().len(), 1);
    Ok(())
}
