//! The `bureau` binary: account and token commands, configuration errors, `doctor`, and the
//! first start.

use assert_cmd::Command;
use reqwest::Method;

use crate::support::{
    TestApp, expect_error, field, json_with,
    process::{Server, bureau},
};

fn stdout(cmd: &mut Command) -> anyhow::Result<String> {
    let output = cmd.assert().success().get_output().clone();
    Ok(String::from_utf8(output.stdout)?)
}

fn stderr_of_failure(cmd: &mut Command) -> anyhow::Result<String> {
    let output = cmd.assert().failure().get_output().clone();
    Ok(String::from_utf8(output.stderr)?)
}

#[tokio::test]
async fn token_create_prints_only_a_working_token() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let out = stdout(bureau(app.data_dir()).args(["token", "create", "admin", "--name", "ci"]))?;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out:?}");
    assert!(out.ends_with('\n'));
    let token = lines[0];
    assert!(
        token.starts_with("bureau_") && !token.contains(' '),
        "{token}"
    );

    let me = reqwest::Client::new()
        .get(app.url("/api/v1/auth/me"))
        .bearer_auth(token)
        .send()
        .await?;
    assert_eq!(json_with(me, 200).await?["login"], "admin");
    let listing = app.admin.get_json("/api/v1/tokens").await?;
    assert!(listing.to_string().contains("\"ci\""));

    let err = stderr_of_failure(bureau(app.data_dir()).args(["token", "create", "nobody"]))?;
    assert!(err.contains("no user with the login 'nobody'"), "{err}");
    app.stop().await
}

#[tokio::test]
async fn user_add_with_a_given_or_generated_password() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let dir = app.data_dir();
    let quiet = stdout(
        bureau(dir)
            .args(["user", "add", "bob", "--password-stdin"])
            .write_stdin("bob-chosen-pw\n"),
    )?;
    assert_eq!(quiet, "", "a chosen password is never echoed");
    app.browser().sign_in("bob", "bob-chosen-pw").await?;

    let generated = stdout(bureau(dir).args(["user", "add", "carol", "--admin"]))?;
    let password = generated.trim_end_matches('\n');
    assert_eq!(generated.lines().count(), 1, "{generated:?}");
    assert!(password.len() >= 16, "{password:?}");
    let mut carol = app.browser();
    carol.sign_in("carol", password).await?;
    let me = json_with(
        carol.request(Method::GET, "/api/v1/auth/me").send().await?,
        200,
    )
    .await?;
    assert_eq!(me["is_admin"], true);

    let err = stderr_of_failure(bureau(dir).args(["user", "add", "BOB"]))?;
    assert!(err.contains("the login 'bob' is taken"), "{err}");
    let weak = stderr_of_failure(
        bureau(dir)
            .args(["user", "add", "dave", "--password-stdin"])
            .write_stdin("short\n"),
    )?;
    assert!(weak.contains("at least 8 characters"), "{weak}");
    let invalid = stderr_of_failure(bureau(dir).args(["user", "add", "no spaces"]))?;
    assert!(invalid.contains("a login is"), "{invalid}");
    app.stop().await
}

#[tokio::test]
async fn user_list_disable_enable_and_passwd() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let dir = app.data_dir();
    stdout(
        bureau(dir)
            .args(["user", "add", "bob", "--password-stdin"])
            .write_stdin("bob-chosen-pw\n"),
    )?;
    let list = stdout(bureau(dir).args(["user", "list"]))?;
    assert_eq!(list, "admin\tadmin\tactive\nbob\tuser\tactive\n");

    stdout(bureau(dir).args(["user", "disable", "bob"]))?;
    let list = stdout(bureau(dir).args(["user", "list"]))?;
    assert!(list.contains("bob\tuser\tdisabled"), "{list}");
    stdout(bureau(dir).args(["user", "enable", "bob"]))?;

    stdout(
        bureau(dir)
            .args(["user", "passwd", "bob", "--password-stdin"])
            .write_stdin("bob-new-password\n"),
    )?;
    let mut browser = app.browser();
    let old = browser.login("bob", "bob-chosen-pw").await?;
    expect_error(old, 403, "invalid_credentials").await?;
    browser.sign_in("bob", "bob-new-password").await?;
    let err = stderr_of_failure(bureau(dir).args(["user", "disable", "nobody"]))?;
    assert!(err.contains("no user with the login 'nobody'"), "{err}");
    app.stop().await
}

#[test]
fn config_example_parses_and_names_every_setting() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = stdout(bureau(dir.path()).args(["config", "example"]))?;
    let commented: toml::Table = out.parse()?;
    assert!(commented.is_empty());
    // Uncommenting the `#key = value` lines gives a valid TOML table of known keys.
    let uncommented: String = out
        .lines()
        .filter_map(|l| {
            l.strip_prefix('#')
                .filter(|l| l.contains(" = ") && !l.starts_with(' '))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let table: toml::Table = uncommented.parse()?;
    for setting in bureau::config::SETTINGS {
        assert!(table.contains_key(setting.key), "{} missing", setting.key);
        assert!(
            out.contains(&setting.env_var()),
            "{} missing",
            setting.env_var()
        );
    }
    Ok(())
}

#[test]
fn bad_settings_fail_naming_the_setting() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let err = stderr_of_failure(bureau(dir.path()).arg("serve").env("BUREAU_LISTEN", "x"))?;
    assert!(err.contains("BUREAU_LISTEN"), "{err}");
    assert!(err.contains("invalid socket address 'x'"), "{err}");
    let err = stderr_of_failure(
        bureau(dir.path())
            .arg("doctor")
            .env("BUREAU_MAX_UPLOAD_SIZE", "lots"),
    )?;
    assert!(err.contains("BUREAU_MAX_UPLOAD_SIZE"), "{err}");
    let err = stderr_of_failure(bureau(dir.path()).args(["serve", "--listen", "nope"]))?;
    assert!(err.contains("--listen"), "{err}");
    // Keep the listener alive so the port stays taken while the server tries it.
    let holder = std::net::TcpListener::bind("127.0.0.1:0")?;
    let taken = holder.local_addr()?.to_string();
    let err = stderr_of_failure(bureau(dir.path()).args(["serve", "--listen", &taken]))?;
    assert!(err.contains(&format!("cannot listen on {taken}")), "{err}");
    drop(holder);
    Ok(())
}

#[test]
fn a_config_file_is_read_and_its_mistakes_named() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("bureau.toml");
    let doctor = || {
        let mut cmd = bureau(dir.path());
        cmd.arg("--config").arg(&file).arg("doctor");
        cmd
    };
    std::fs::write(&file, "max_upload_size = \"2MiB\"\n")?;
    let out = stdout(&mut doctor())?;
    let origin = format!("max_upload_size in {}", file.display());
    assert!(out.contains(&origin), "{out}");

    std::fs::write(&file, "max_upload_size = \"lots\"\n")?;
    let err = stderr_of_failure(&mut doctor())?;
    assert!(
        err.contains(&origin) && err.contains("invalid size 'lots'"),
        "{err}"
    );
    std::fs::write(&file, "listn = \"127.0.0.1:1\"\n")?;
    let err = stderr_of_failure(&mut doctor())?;
    assert!(err.contains("unknown setting 'listn'"), "{err}");

    // A misspelt variable is not an error, but it is pointed out.
    let output = bureau(dir.path())
        .arg("doctor")
        .env("BUREAU_LISTN", "127.0.0.1:1")
        .assert()
        .success()
        .get_output()
        .clone();
    let err = String::from_utf8(output.stderr)?;
    assert!(
        err.contains("BUREAU_LISTN is not a Bureau setting"),
        "{err}"
    );
    Ok(())
}

#[test]
fn doctor_passes_on_a_fresh_data_dir() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("fresh");
    let out = stdout(bureau(&data).arg("doctor"))?;
    assert!(out.contains("reachable, schema version"), "{out}");
    assert!(out.contains("writable at"), "{out}");
    assert!(!out.contains("FAIL"), "{out}");
    Ok(())
}

#[tokio::test]
async fn first_start_prints_the_admin_password_once() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let marker = "Bureau created the account 'admin' with the password: ";
    let mut first = Server::start(dir.path(), &[]).await?;
    let log = first.stderr()?;
    assert_eq!(log.matches(marker).count(), 1, "{log}");
    let password = log
        .split(marker)
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default()
        .to_owned();
    first.api("admin", &password).await?;
    let status = first.signal("TERM").await?;
    assert!(status.success(), "SIGTERM must shut down cleanly: {status}");

    let mut second = Server::start(dir.path(), &[]).await?;
    second.api("admin", &password).await?;
    let log = second.stderr()?;
    assert!(!log.contains(&password) && !log.contains(marker), "{log}");
    assert!(second.signal("INT").await?.success());
    Ok(())
}

/// Backdates a blob past the collector's one-hour grace period.
fn age_blob(data_dir: &std::path::Path, sha256: &str) -> anyhow::Result<std::path::PathBuf> {
    let path = data_dir
        .join("blobs/objects")
        .join(&sha256[..2])
        .join(sha256);
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    std::fs::File::options()
        .append(true)
        .open(&path)?
        .set_modified(old)?;
    Ok(path)
}

#[tokio::test]
async fn gc_deletes_only_old_unreferenced_blobs() -> anyhow::Result<()> {
    // On the embedded backend whatever the run selected: blob ages are set on disk.
    let dir = tempfile::tempdir()?;
    let (_server, api) = Server::embedded(dir.path()).await?;
    let kept = api.upload("kept.txt", "kept").await?;
    let purged = api.upload("purged.txt", "purged").await?;
    let recent = api.upload("recent.txt", "recent").await?;
    for entry in [&purged, &recent] {
        let id = field(entry, "id")?;
        api.request(Method::DELETE, &format!("/api/v1/files/{id}"))
            .send()
            .await?;
        api.request(Method::DELETE, &format!("/api/v1/trash/{id}"))
            .send()
            .await?;
    }
    let kept_blob = age_blob(dir.path(), &field(&kept, "sha256")?)?;
    let purged_blob = age_blob(dir.path(), &field(&purged, "sha256")?)?;

    let out = stdout(bureau(dir.path()).arg("gc"))?;
    assert_eq!(out, "deleted 1 unreferenced blob(s)\n");
    assert!(!purged_blob.exists());
    assert!(kept_blob.exists(), "a referenced blob was collected");
    assert_eq!(api.download(&field(&kept, "id")?).await?, b"kept");
    // The recent unreferenced blob waits for its grace period to pass.
    let again = stdout(bureau(dir.path()).arg("gc"))?;
    assert_eq!(again, "deleted 0 unreferenced blob(s)\n");
    Ok(())
}
