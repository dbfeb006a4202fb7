//! Nobody but the Document Server saves, and it fetches nothing but what it should: forged
//! callbacks, SSRF attempts, strangers and tampered document links.

use std::net::TcpListener;

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use onlyoffice::jwt::JwtSettings;
use serde_json::{Value, json};

use super::{OfficeEnv, SECRET, open_json, versions};
use crate::support::{Api, expect_error};

/// Posts a raw callback; returns Bureau's HTTP status and reply.
async fn post_callback(
    env: &OfficeEnv,
    body: &Value,
    bearer: Option<&str>,
) -> anyhow::Result<(u16, Value)> {
    let mut request = reqwest::Client::new()
        .post(env.app.url("/office/callback"))
        .json(body);
    if let Some(token) = bearer {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let response = request.send().await?;
    Ok((response.status().as_u16(), response.json().await?))
}

/// A callback body signed as the Document Server signs it (body token + header token).
fn signed(secret: &str, claims: &Value) -> anyhow::Result<(Value, String)> {
    let request = JwtSettings::new(secret.to_owned()).sign_request(claims)?;
    let mut body = claims.clone();
    body["token"] = request.body_token.clone().into();
    Ok((body, request.header_token))
}

fn alg_none(claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{header}.{payload}.")
}

/// A listener no request should ever reach; `untouched` checks it.
struct Trap(TcpListener);

impl Trap {
    fn new() -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        Ok(Self(listener))
    }

    fn url(&self) -> anyhow::Result<String> {
        Ok(format!(
            "http://{}/cache/files/output.docx",
            self.0.local_addr()?
        ))
    }

    fn untouched(&self) -> bool {
        matches!(self.0.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
    }
}

async fn session(env: &OfficeEnv, api: &Api) -> anyhow::Result<(String, String, String)> {
    let id = env.upload_fixture(api, "test.docx", "Target.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    Ok((id, conn, key))
}

#[tokio::test]
async fn forged_callbacks_are_refused_and_change_nothing() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let (id, conn, key) = session(&env, api).await?;
    let trap = Trap::new()?;
    let save = json!({"key": key, "status": 2, "url": trap.url()?, "users": [api.user_id]});

    let (status, reply) = post_callback(&env, &save, None).await?;
    assert_eq!((status, reply), (200, json!({"error": 1})), "no token");

    let (body, header) = signed("not-the-secret", &save)?;
    assert_eq!(
        post_callback(&env, &body, Some(&header)).await?.1,
        json!({"error": 1}),
        "wrong secret"
    );

    let mut body = save.clone();
    body["token"] = alg_none(&save).into();
    assert_eq!(
        post_callback(&env, &body, Some(&alg_none(&json!({"payload": save}))))
            .await?
            .1,
        json!({"error": 1}),
        "alg none"
    );

    // A genuine token for a harmless status 1, pasted onto a body that claims a save: only the
    // signed claims count.
    let (mut body, header) = signed(
        SECRET,
        &json!({"key": key, "status": 1, "users": [api.user_id]}),
    )?;
    body["status"] = 2.into();
    body["url"] = trap.url()?.into();
    assert_eq!(
        post_callback(&env, &body, Some(&header)).await?.1,
        json!({"error": 0})
    );

    let (body, header) = signed(
        SECRET,
        &json!({"key": "no-such-key", "status": 2, "url": trap.url()?}),
    )?;
    assert_eq!(
        post_callback(&env, &body, Some(&header)).await?.1,
        json!({"error": 1}),
        "unknown key"
    );

    let (body, header) = signed(SECRET, &json!({"key": key, "status": 5}))?;
    assert_eq!(
        post_callback(&env, &body, Some(&header)).await?.1,
        json!({"error": 1}),
        "unknown status"
    );

    assert!(
        trap.untouched(),
        "a forged callback made Bureau connect to the trap"
    );
    assert_eq!(versions(api, &id).await?.len(), 1);
    env.ds().leave(&conn)?;
    env.app.stop().await
}

#[tokio::test]
async fn result_urls_off_the_document_server_are_never_fetched() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let (id, conn, key) = session(&env, api).await?;
    let trap = Trap::new()?;
    let ds = env.emulator.base_url().to_string();
    let trap_host = trap.url()?.replace("http://", "");
    for url in [
        trap.url()?,
        format!("{ds}/{trap_host}"),
        "file:///etc/passwd".to_owned(),
        format!("{}@{trap_host}", ds.trim_end_matches('/')),
    ] {
        let (body, header) = signed(
            SECRET,
            &json!({"key": key, "status": 2, "url": url, "users": [api.user_id]}),
        )?;
        let (status, reply) = post_callback(&env, &body, Some(&header)).await?;
        assert!(reply != json!({"error": 0}), "{url} accepted ({status})");
    }
    assert!(trap.untouched(), "Bureau fetched from the trap");
    assert_eq!(versions(api, &id).await?.len(), 1);
    env.ds().leave(&conn)?;
    env.app.stop().await
}

#[tokio::test]
async fn strangers_and_tampered_links_get_nothing() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let owner = &env.app.admin;
    let stranger = env.app.user("mallory").await?;
    let id = env
        .upload_fixture(owner, "test.docx", "Private.docx")
        .await?;
    expect_error(
        stranger.get(&format!("/office/{id}/open")).send().await?,
        404,
        "file_not_found",
    )
    .await?;
    expect_error(
        stranger.get(&format!("/office/{id}/edit")).send().await?,
        404,
        "file_not_found",
    )
    .await?;

    let config = env.page_config(owner, &id, "").await?;
    let url = config["document"]["url"]
        .as_str()
        .expect("document.url")
        .to_owned();
    let jwt = JwtSettings::new(SECRET.to_owned());
    let ds_token = |u: &str| jwt.sign(&json!({"payload": {"url": u}}));
    let get = |u: String, token: Option<String>| {
        let mut r = reqwest::Client::new().get(u);
        if let Some(t) = token {
            r = r.header("Authorization", format!("Bearer {t}"));
        }
        r.send()
    };
    assert_eq!(get(url.clone(), Some(ds_token(&url)?)).await?.status(), 200);
    assert_eq!(
        get(url.clone(), None).await?.status(),
        403,
        "no Document Server token"
    );
    let other = "http://elsewhere.example/x";
    assert_eq!(
        get(url.clone(), Some(ds_token(other)?)).await?.status(),
        403,
        "token for another URL"
    );
    let wrong = JwtSettings::new("wrong".to_owned()).sign(&json!({"payload": {"url": url}}))?;
    assert_eq!(
        get(url.clone(), Some(wrong)).await?.status(),
        403,
        "token with another secret"
    );
    let other_file = env.upload_fixture(owner, "test.docx", "Other.docx").await?;
    for tampered in [
        url.replace("version=1", "version=2"),
        url.replace(&id, &other_file),
    ] {
        assert_eq!(
            get(tampered.clone(), Some(ds_token(&tampered)?))
                .await?
                .status(),
            403,
            "{tampered}"
        );
    }
    let _ = open_json(owner, &id, 200).await?;
    env.app.stop().await
}
