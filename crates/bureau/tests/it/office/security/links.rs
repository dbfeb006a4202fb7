//! Forged Document Server downloads, one table: the signed `document.url` link used with a
//! missing, forged, unsigned, RS256 or expired Document Server token, a token for another URL,
//! and the link itself moved to another file, version, expiry or route. Only the genuine pair
//! of link and token gets the content.

use onlyoffice::jwt::JwtSettings;
use serde_json::{Value, json};

use super::tokens::{expired, hmac_signed, hs256, rs256, unsigned, wrapped};
use crate::{
    office::{OfficeEnv, SECRET, version_bytes},
    support::{body_bytes, expect_error, field},
};

/// One download attempt: the URL, the header carrying the token and its whole value.
struct Attempt {
    url: String,
    header: &'static str,
    value: Option<String>,
}

impl Attempt {
    fn bearer(url: &str, token: Option<String>) -> Self {
        Self {
            url: url.to_owned(),
            header: "Authorization",
            value: token.map(|t| format!("Bearer {t}")),
        }
    }

    /// `url` with the genuine Document Server token for exactly that URL.
    fn signed_for(url: &str) -> anyhow::Result<Self> {
        Ok(Self::bearer(url, Some(ds_token(url)?)))
    }
}

/// The token the Document Server sends with its download of `url`.
fn ds_token(url: &str) -> anyhow::Result<String> {
    Ok(JwtSettings::new(SECRET).sign(&json!({"payload": {"url": url}}))?)
}

/// `url` with the query parameter `name` set to `value`.
fn with_param(url: &str, name: &str, value: &str) -> anyhow::Result<String> {
    let mut parsed = url::Url::parse(url)?;
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                value.to_owned()
            } else {
                v.into()
            };
            (k.into_owned(), v)
        })
        .collect();
    parsed.query_pairs_mut().clear().extend_pairs(pairs);
    Ok(parsed.to_string())
}

fn param(url: &str, name: &str) -> anyhow::Result<String> {
    url::Url::parse(url)?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .ok_or_else(|| anyhow::anyhow!("no {name} in {url}"))
}

fn token_cases(url: &str) -> anyhow::Result<Vec<(&'static str, Attempt)>> {
    let claims = wrapped(&json!({"url": url}));
    let rs256_header = json!({"alg": "RS256", "typ": "JWT"});
    let token = |t: String| Attempt::bearer(url, Some(t));
    Ok(vec![
        ("no token", Attempt::bearer(url, None)),
        ("wrong secret", token(hs256(&claims, "not-the-secret"))),
        ("alg none", token(unsigned("none", &claims))),
        (
            "RS256 header, HMAC with the secret",
            token(hmac_signed(&rs256_header, &claims, SECRET)),
        ),
        ("RS256 signed with an RSA key", token(rs256(&claims)?)),
        ("expired token", token(hs256(&expired(&claims), SECRET))),
        (
            "token for another URL",
            token(ds_token("http://elsewhere.example/x")?),
        ),
        (
            "token in another header",
            Attempt {
                header: "X-Token",
                ..Attempt::signed_for(url)?
            },
        ),
        (
            "a user's API token",
            Attempt::bearer(url, Some("bureau_not-the-document-server".into())),
        ),
    ])
}

fn link_cases(
    url: &str,
    file: &str,
    other_url: &str,
    other_file: &str,
) -> anyhow::Result<Vec<(&'static str, Attempt)>> {
    let signature = param(url, "signature")?;
    let mut flipped = signature.clone().into_bytes();
    flipped[0] = if flipped[0] == b'0' { b'1' } else { b'0' };
    let expires: i64 = param(url, "expires")?.parse()?;
    let moved = |from: &str, to: &str| Attempt::signed_for(&url.replace(from, to));
    let unsigned_link = url::Url::parse(url)?;
    let no_signature = format!(
        "{}?version={}&expires={expires}",
        &unsigned_link[..url::Position::AfterPath],
        param(url, "version")?
    );
    Ok(vec![
        ("link moved to another file", moved(file, other_file)?),
        (
            "link moved to an older version",
            Attempt::signed_for(&with_param(url, "version", "1")?)?,
        ),
        (
            "link expiry extended",
            Attempt::signed_for(&with_param(url, "expires", &(expires + 3600).to_string())?)?,
        ),
        (
            "link signature altered",
            Attempt::signed_for(&with_param(url, "signature", &String::from_utf8(flipped)?)?)?,
        ),
        (
            "another file's signature",
            Attempt::signed_for(&with_param(
                url,
                "signature",
                &param(other_url, "signature")?,
            )?)?,
        ),
        (
            "link without signature",
            Attempt::signed_for(&no_signature)?,
        ),
        (
            "content link used for changes.zip",
            moved("/content?", "/changes?")?,
        ),
        (
            "content link used for the doctor's probe",
            moved("/content?", "/probe?")?,
        ),
    ])
}

/// The number of refused cases [`forged_document_downloads_get_nothing`] runs.
pub const CASES: usize = 9 + 8;

#[tokio::test]
async fn forged_document_downloads_get_nothing() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let owner = &env.app.admin;
    let file = env
        .upload_fixture(owner, "test.docx", "Private.docx")
        .await?;
    let original = version_bytes(owner, &file, 1).await?;
    let mut second = original.clone();
    second.extend_from_slice(b"\0version 2");
    owner.replace(&file, second.clone()).await?;
    let other_file = env.upload_fixture(owner, "test.docx", "Other.docx").await?;
    let url_of = async |id: &str| -> anyhow::Result<String> {
        let config: Value = env.page_config(owner, id, "").await?;
        field(&config["document"], "url")
    };
    let url = url_of(&file).await?;
    let other_url = url_of(&other_file).await?;
    assert_eq!(param(&url, "version")?, "2");

    let http = reqwest::Client::new();
    let send = async |a: &Attempt| {
        let mut request = http.get(&a.url);
        if let Some(value) = &a.value {
            request = request.header(a.header, value);
        }
        request.send().await
    };
    let genuine = send(&Attempt::signed_for(&url)?).await?;
    assert_eq!(genuine.status(), 200, "the genuine download");
    assert_eq!(body_bytes(genuine).await?, second);

    let mut cases = token_cases(&url)?;
    cases.extend(link_cases(&url, &file, &other_url, &other_file)?);
    assert_eq!(cases.len(), CASES);
    for (name, attempt) in &cases {
        let response = send(attempt).await?;
        let status = response.status().as_u16();
        if *name == "link without signature" {
            assert_eq!(status, 400, "{name}");
            continue;
        }
        expect_error(response, 403, "invalid_document_link")
            .await
            .map_err(|e| e.context(*name))?;
    }
    env.app.stop().await
}
