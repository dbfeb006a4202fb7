//! What the connector trusts: only an editor token the drive signed for this application and
//! file, and only callbacks the Document Server signed. Its health route and logs never show
//! the application secret, even when the login fails, and its manifest is the plugin
//! declaration a Twake Drive backend expects.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use bureau::apps::editor_token::{self, EditorClaims};
use onlyoffice::jwt::JwtSettings;
use secrecy::SecretString;
use serde_json::{Value, json};

use super::{APP_ID, APP_SECRET, ConnectorProcess, PREFIX, ThreeParts, connector_env, free_port};
use crate::{
    office::{
        SECRET,
        security::{Request, post_callback},
        versions,
    },
    support::{expect_error, http_client, process::bureau},
};

/// The query value of `name` in a URL.
fn query_value(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn the_connector_opens_only_what_a_genuine_editor_token_names() -> anyhow::Result<()> {
    let env = ThreeParts::start().await?;
    let admin = &env.admin;
    let id = env
        .upload_fixture(admin, "test.docx", "Private.docx")
        .await?;
    let other = env.upload_fixture(admin, "test.docx", "Other.docx").await?;
    let genuine = env.launch(admin, &id, false).await?;
    let token = query_value(&genuine, "token").expect("token");
    let claims: EditorClaims = JwtSettings::new(APP_SECRET).verify(&token)?;
    let page = |query: String| {
        let url = format!("{}?{query}", env.connector.url(""));
        async move { anyhow::Ok(http_client().get(url).send().await?) }
    };
    // No token, a tampered one, one signed with another secret: 401.
    expect_error(page(format!("file_id={id}")).await?, 401, "unauthenticated").await?;
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut forged = claims.clone();
    forged.file_id = other.clone();
    parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&json!({
        "typ": forged.typ, "aud": forged.aud, "sub": forged.sub, "name": forged.name,
        "lang": forged.lang, "company_id": forged.company_id, "file_id": forged.file_id,
        "role": forged.role, "back_url": forged.back_url, "exp": u64::MAX / 2,
    }))?);
    expect_error(
        page(format!("token={}", parts.join("."))).await?,
        401,
        "unauthenticated",
    )
    .await?;
    let wrong_secret = editor_token::sign(&SecretString::from("not-the-secret"), &forged)?;
    expect_error(
        page(format!("token={wrong_secret}")).await?,
        401,
        "unauthenticated",
    )
    .await?;
    // Genuine, but for another application, or asked for another file: 403.
    let foreign = EditorClaims {
        aud: "another_app".to_owned(),
        ..claims.clone()
    };
    let foreign = editor_token::sign(&SecretString::from(APP_SECRET), &foreign)?;
    expect_error(
        page(format!("token={foreign}")).await?,
        403,
        "invalid_editor_token",
    )
    .await?;
    let swapped = format!("token={token}&file_id={other}&drive_file_id={other}");
    expect_error(page(swapped).await?, 403, "invalid_editor_token").await?;
    // The genuine link works.
    assert_eq!(http_client().get(&genuine).send().await?.status(), 200);

    // A callback the Document Server did not sign saves nothing.
    let (_, key) = env.join(admin, &id).await?;
    let body = json!({"key": key, "status": 2, "url": format!("{}cache/x/output.docx", env.emulator.base_url())});
    let bad = JwtSettings::new("not-the-ds-secret").sign(&json!({"payload": body}))?;
    let base = format!("{}{}", env.connector.base, PREFIX.trim_end_matches('/'));
    let (status, reply) = post_callback(&base, Request::json(&body, Some(bad))).await?;
    assert_eq!(
        (status, reply.contains("\"error\":1")),
        (200, true),
        "{reply}"
    );
    let good =
        JwtSettings::new(SECRET).sign(&json!({"payload": {"key": "unknown-key", "status": 4}}))?;
    let unknown = json!({"key": "unknown-key", "status": 4});
    let (status, reply) = post_callback(&base, Request::json(&unknown, Some(good))).await?;
    assert_eq!(
        (status, reply.contains("\"error\":1")),
        (200, true),
        "{reply}"
    );
    assert_eq!(versions(admin, &id).await?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn health_reports_the_login_and_the_secret_never_reaches_the_logs() -> anyhow::Result<()> {
    let env = ThreeParts::start().await?;
    let id = env
        .upload_fixture(&env.admin, "test.docx", "Health.docx")
        .await?;
    env.page_config(&env.admin, &id, false).await?;
    let (status, health) = env.connector.health().await?;
    assert_eq!(status, 200, "{health}");
    let checks = &health["checks"];
    assert_eq!(checks["backend"]["ok"], true);
    assert_eq!(checks["backend"]["logins"], 1);
    assert!(
        checks["backend"]["token_expires_in"]
            .as_u64()
            .is_some_and(|s| s > 3000)
    );
    assert_eq!(checks["docs"]["ok"], true);
    assert_eq!(
        (&checks["jwt"]["enabled"], &checks["jwt"]["ok"]),
        (&json!(true), &json!(true))
    );

    // A connector with a wrong application secret and a wrong Document Server secret.
    let wrong = "wrong-secret-that-must-not-be-logged";
    let mut bad_env = connector_env(&env.serve.base, env.emulator.base_url().as_str());
    for (k, v) in &mut bad_env {
        if k == "CREDENTIALS_SECRET" || k == "BUREAU_CONNECTOR_DOCS_SECRET" {
            *v = wrong.to_owned();
        }
    }
    let bad = ConnectorProcess::start(env.dir.path(), free_port()?, &bad_env).await?;
    let (status, health) = bad.health().await?;
    assert_eq!(status, 503, "{health}");
    let checks = &health["checks"];
    assert_eq!(checks["backend"]["ok"], false);
    assert_eq!(checks["jwt"]["ok"], false, "{health}");
    // The public answer says what failed, not why: that is for the log.
    for hidden in [wrong, APP_SECRET, "HTTP 403", "127.0.0.1"] {
        assert!(!health.to_string().contains(hidden), "{health}");
    }
    // The editor token of the drive is refused by a connector that does not share its secret.
    let url = env
        .launch(&env.admin, &id, false)
        .await?
        .replace(&env.connector.base, &bad.base);
    expect_error(http_client().get(url).send().await?, 401, "unauthenticated").await?;
    let bad_log = bad.stderr()?;
    assert!(
        bad_log.contains("logging in to the backend failed") && bad_log.contains("HTTP 403"),
        "{bad_log}"
    );
    assert!(bad_log.contains("health check failed"), "{bad_log}");
    for (who, log) in [
        ("connector", env.connector.stderr()?),
        ("bad connector", bad_log),
        ("drive", env.serve.stderr()?),
    ] {
        for secret in [wrong, APP_SECRET] {
            assert!(
                !log.contains(secret),
                "the {who}'s log shows a secret: {log}"
            );
        }
    }
    Ok(())
}

#[test]
fn the_manifest_is_twake_drives_plugin_declaration() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let run = |extra: &[(&str, &str)]| {
        let mut cmd = bureau(dir.path());
        cmd.env_clear().arg("connector").arg("manifest");
        for (k, v) in [
            ("SERVER_PORT", "5000"),
            ("SERVER_PREFIX", "/plugins/onlyoffice/"),
            ("ONLY_OFFICE_SERVER", "https://onlyoffice/"),
            ("CREDENTIALS_ID", APP_ID),
            ("CREDENTIALS_SECRET", "apisecret"),
            (
                "BUREAU_CONNECTOR_INTERNAL_URL",
                "http://plugins_onlyoffice:5000/",
            ),
        ]
        .iter()
        .chain(extra)
        {
            cmd.env(k, v);
        }
        cmd.output()
    };
    let out = run(&[("CREDENTIALS_ENDPOINT", "http://backend/")])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut manifest: Value = serde_json::from_slice(&out.stdout)?;
    let identity = manifest["identity"].as_object_mut().expect("identity");
    for free in ["description", "website"] {
        let text = identity.remove(free).unwrap_or_default();
        assert!(
            text.as_str().is_some_and(|t| !t.is_empty()),
            "{free}: {text}"
        );
    }
    let files = &mut manifest["display"]["tdrive"]["files"]["editor"]["empty_files"];
    let more = files.as_array_mut().expect("empty_files").split_off(1);
    assert!(
        more.iter()
            .all(|f| f["url"].as_str().is_some_and(|u| u.starts_with(PREFIX)))
    );
    // The shape of the declaration, value for value.
    assert_eq!(
        manifest,
        json!({"id": "tdrive_onlyoffice", "internal_domain": "http://plugins_onlyoffice:5000/",
         "external_prefix": "/plugins/onlyoffice/", "api": {"private_key": "apisecret"},
         "display": {"tdrive": {"version": 1, "files": {"editor": {
           "preview_url": "/plugins/onlyoffice/?preview=1", "edition_url": "/plugins/onlyoffice/",
           "empty_files": [{"url": "/plugins/onlyoffice/assets/empty.docx", "filename": "Untitled.docx",
                            "name": "ONLYOFFICE Word Document"}],
           "extensions": ["xlsx","pptx","docx","xls","ppt","doc","odt","ods","odp","txt","html","csv"]}}}},
         "identity": {"code": "only_office", "name": "Only Office",
           "icon": "/plugins/onlyoffice/assets/logo.png"}})
    );
    // A missing setting is named.
    let out = run(&[])?;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("CREDENTIALS_ENDPOINT"), "{err}");
    Ok(())
}
