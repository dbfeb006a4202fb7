//! Forged callbacks, one table: missing, wrongly signed, unsigned, RS256, expired and
//! mismatched tokens, keys of other files, statuses the Document Server never sends, malformed
//! and oversized bodies. None is acknowledged as a save and no version changes.

use serde_json::{Value, json};

use super::{
    Request, Trap, post_callback, session, signed,
    tokens::{expired, hmac_signed, hs256, rs256, unsigned, wrapped},
    version_list,
};
use crate::office::{OfficeEnv, SECRET};

/// What Bureau must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// HTTP 200 `{"error":1}`: refused for good, the Document Server does not retry.
    Refused,
    /// HTTP 200 `{"error":0}` for the harmless status 1 the signed claims carry: the unsigned
    /// body's save is ignored.
    OnlyTheSignedStatus1,
    /// HTTP 413 before the body is read to its end.
    TooLarge,
}

/// The sessions and addresses the cases are built from.
struct Ctx {
    /// The key of the file the forgeries aim at.
    key: String,
    /// The key of another user's file.
    other_key: String,
    /// The author the forgeries claim.
    user: String,
    /// A result URL that must never be fetched.
    trap: String,
}

impl Ctx {
    fn save(&self) -> Value {
        json!({"key": self.key, "status": 2, "url": self.trap, "users": [self.user]})
    }

    fn editing(&self, key: &str) -> Value {
        json!({"key": key, "status": 1, "users": [self.user]})
    }
}

type Case = (&'static str, Expect, Request);

/// A body carrying `body_token` and the header carrying `header_token`.
fn with_tokens(
    claims: &Value,
    body_token: Option<String>,
    header_token: Option<String>,
) -> Request {
    let mut body = claims.clone();
    if let Some(t) = body_token {
        body["token"] = t.into();
    }
    Request::json(&body, header_token)
}

/// `token` without its signature.
fn strip_signature(token: &str) -> String {
    let (signed, _) = token.rsplit_once('.').unwrap_or_default();
    format!("{signed}.")
}

fn expecting(expect: Expect, cases: Vec<(&'static str, Request)>) -> Vec<Case> {
    cases.into_iter().map(|(n, r)| (n, expect, r)).collect()
}

fn signature_cases(c: &Ctx) -> anyhow::Result<Vec<Case>> {
    let save = c.save();
    let in_body = |token: String| with_tokens(&save, Some(token), None);
    let in_header = |token: String| with_tokens(&save, None, Some(token));
    let alg = |alg: &str| json!({"alg": alg, "typ": "JWT"});
    let jku = json!({"alg": "HS256", "jku": c.trap, "x5u": c.trap});
    let cases = vec![
        ("no token", with_tokens(&save, None, None)),
        ("wrong secret", signed("not-the-secret", &save)?),
        (
            "wrong secret, header only",
            in_header(hs256(&wrapped(&save), "not-the-secret")),
        ),
        ("alg none", in_body(unsigned("none", &save))),
        ("alg None", in_body(unsigned("None", &save))),
        (
            "alg NONE, header only",
            in_header(unsigned("NONE", &wrapped(&save))),
        ),
        (
            "HS256 without signature",
            in_body(strip_signature(&hs256(&save, SECRET))),
        ),
        (
            "RS256 header, HMAC with the secret",
            in_body(hmac_signed(&alg("RS256"), &save, SECRET)),
        ),
        ("RS256 signed with an RSA key", in_body(rs256(&save)?)),
        (
            "RS256 with an RSA key, header only",
            in_header(rs256(&wrapped(&save))?),
        ),
        (
            "HS512 with the secret (not accepted)",
            in_body(hmac_signed(&alg("HS512"), &save, SECRET)),
        ),
        (
            "lower-case hs256",
            in_body(hmac_signed(&alg("hs256"), &save, SECRET)),
        ),
        (
            "jku and x5u pointing at the trap",
            in_body(hmac_signed(&jku, &save, "attacker-key")),
        ),
        ("expired", in_body(hs256(&expired(&save), SECRET))),
        (
            "expired, header only",
            in_header(hs256(&expired(&wrapped(&save)), SECRET)),
        ),
    ];
    Ok(expecting(Expect::Refused, cases))
}

fn claim_cases(c: &Ctx) -> anyhow::Result<Vec<Case>> {
    let save = c.save();
    let editing = hs256(&c.editing(&c.key), SECRET);
    let other_editing = hs256(&c.editing(&c.other_key), SECRET);
    let mut other_file = save.clone();
    other_file["key"] = c.other_key.clone().into();
    let header_only = Request {
        authorization: signed(SECRET, &c.editing(&c.key))?.authorization,
        ..Request::json(&save, None)
    };
    let mut cases = expecting(
        Expect::OnlyTheSignedStatus1,
        vec![
            (
                "body token for status 1, body claims a save",
                with_tokens(&save, Some(editing.clone()), None),
            ),
            ("header token for status 1, body claims a save", header_only),
            (
                "token for this file, body names another file's key",
                with_tokens(&other_file, Some(editing), None),
            ),
            (
                "token for another file's key, body names this one",
                with_tokens(&save, Some(other_editing), None),
            ),
        ],
    );
    cases.extend(expecting(
        Expect::Refused,
        vec![
            (
                "a key Bureau never issued",
                signed(
                    SECRET,
                    &json!({"key": "no-such-key", "status": 2, "url": c.trap}),
                )?,
            ),
            (
                "no key",
                signed(SECRET, &json!({"status": 2, "url": c.trap}))?,
            ),
            (
                "a save without url",
                signed(SECRET, &json!({"key": c.key, "status": 2}))?,
            ),
        ],
    ));
    Ok(cases)
}

fn status_cases(c: &Ctx) -> anyhow::Result<Vec<Case>> {
    let statuses: [(&'static str, Value); 9] = [
        ("status 0", json!(0)),
        ("status 5", json!(5)),
        ("status 8", json!(8)),
        ("status -1", json!(-1)),
        ("status 99", json!(99)),
        ("status \"2\"", json!("2")),
        ("status 2.5", json!(2.5)),
        ("status null", Value::Null),
        ("status 2^64 - 1", json!(u64::MAX)),
    ];
    statuses
        .into_iter()
        .map(|(name, status)| {
            let claims = json!({"key": c.key, "status": status, "url": c.trap, "users": [c.user]});
            Ok((name, Expect::Refused, signed(SECRET, &claims)?))
        })
        .collect()
}

fn body_cases(c: &Ctx) -> anyhow::Result<Vec<Case>> {
    let raw = |body: &[u8]| Request {
        body: body.to_vec(),
        authorization: None,
        chunked: false,
    };
    let basic = Request {
        authorization: Some("Basic YWRtaW46YWRtaW4=".into()),
        ..raw(b"")
    };
    let mut huge = c.save();
    huge["padding"] = "x".repeat(bureau::office::callback::BODY_LIMIT).into();
    let token = hs256(&huge, SECRET);
    let huge = with_tokens(&huge, Some(token), None);
    let huge_chunked = Request {
        chunked: true,
        ..huge.clone()
    };
    let mut cases = expecting(
        Expect::Refused,
        vec![
            ("empty body", raw(b"")),
            ("not JSON", raw(b"status=2&url=http://x")),
            ("a JSON array", raw(b"[1,2]")),
            (
                "token is a number",
                raw(br#"{"key":"k","status":2,"token":42}"#),
            ),
            (
                "token is garbage",
                raw(br#"{"key":"k","status":2,"token":"a.b.c"}"#),
            ),
            ("Basic authorization", basic),
        ],
    );
    cases.extend(expecting(
        Expect::TooLarge,
        vec![
            ("oversized body", huge),
            ("oversized chunked body", huge_chunked),
        ],
    ));
    Ok(cases)
}

async fn check(env: &OfficeEnv, (name, expect, request): Case) -> anyhow::Result<()> {
    let (status, reply) = match post_callback(&env.app.base, request).await {
        Ok(answer) => answer,
        // Refusing an oversized body may close the connection before the client finished
        // sending it; the request still never got through.
        Err(_) if expect == Expect::TooLarge => return Ok(()),
        Err(e) => return Err(e.context(name)),
    };
    let json: Option<Value> = serde_json::from_str(&reply).ok();
    match expect {
        Expect::Refused => {
            anyhow::ensure!(
                status == 200 && json == Some(json!({"error": 1})),
                "{name}: expected 200 {{\"error\":1}}, got {status} {reply}"
            );
        }
        Expect::OnlyTheSignedStatus1 => {
            anyhow::ensure!(
                status == 200 && json == Some(json!({"error": 0})),
                "{name}: expected the signed status 1 to be acknowledged, got {status} {reply}"
            );
        }
        Expect::TooLarge => anyhow::ensure!(status == 413, "{name}: got {status} {reply}"),
    }
    Ok(())
}

/// The number of cases [`forged_callbacks_are_never_saves`] runs (docs/reliability.md).
pub const CASES: usize = 15 + 7 + 9 + 8;

#[tokio::test]
async fn forged_callbacks_are_never_saves() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let admin = &env.app.admin;
    let bob = env.app.user("bob").await?;
    let (id, conn, key) = session(&env, admin, "Target.docx").await?;
    let (other_id, other_conn, other_key) = session(&env, &bob, "Bob's.docx").await?;
    let before = (
        version_list(admin, &id).await?,
        version_list(&bob, &other_id).await?,
    );
    let trap = Trap::new()?;
    let ctx = Ctx {
        key,
        other_key,
        user: admin.user_id.clone(),
        trap: trap.url()?,
    };
    let mut cases = signature_cases(&ctx)?;
    cases.extend(claim_cases(&ctx)?);
    cases.extend(status_cases(&ctx)?);
    cases.extend(body_cases(&ctx)?);
    assert_eq!(cases.len(), CASES);
    for case in cases {
        check(&env, case).await?;
    }
    assert!(trap.untouched(), "a forged callback made Bureau connect");
    let after = (
        version_list(admin, &id).await?,
        version_list(&bob, &other_id).await?,
    );
    assert_eq!(after, before, "a forged callback changed a version");
    // The sessions are intact: the Document Server's own callbacks are still accepted.
    env.ds().leave(&conn)?;
    env.ds().leave(&other_conn)?;
    env.accepted(&ctx.key, 4).await?;
    env.accepted(&ctx.other_key, 4).await?;
    env.app.stop().await
}
