use std::time::{SystemTime, UNIX_EPOCH};

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

const SECRET: &str = "b8a1c3e2-test-secret";

fn settings() -> JwtSettings {
    JwtSettings::new(SECRET)
}

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

/// `token` with its claims replaced and its header and signature kept.
fn with_claims(token: &str, claims: &Value) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    format!("{}.{}.{}", parts[0], b64(claims), parts[2])
}

/// A token with an arbitrary header, signed (if at all) with a made-up signature.
fn forged(header: &Value, claims: &Value, signature: &str) -> String {
    format!("{}.{}.{signature}", b64(header), b64(claims))
}

#[test]
fn sign_adds_iat_and_five_minute_exp() {
    let token = settings().sign(&json!({"c": "version"})).unwrap();
    let claims: Value = settings().verify(&token).unwrap();
    assert_eq!(claims["c"], "version");
    let (iat, exp) = (
        claims["iat"].as_u64().unwrap(),
        claims["exp"].as_u64().unwrap(),
    );
    assert_eq!(exp - iat, 300);
}

#[test]
fn header_uses_hs256_and_typ_jwt() {
    let token = settings().sign(&json!({"a": 1})).unwrap();
    let header = token.split('.').next().unwrap();
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
    assert_eq!(header, json!({"typ": "JWT", "alg": "HS256"}));
}

#[test]
fn sign_request_produces_flat_body_and_wrapped_header_tokens() {
    let params = json!({"c": "forcesave", "key": "fs-001", "userdata": "fs-userdata-42"});
    let signed = settings().sign_request(&params).unwrap();
    let body: Value = settings().verify(&signed.body_token).unwrap();
    assert_eq!(body["key"], "fs-001");
    assert!(body.get("payload").is_none());
    let header: Value = settings().verify(&signed.header_token).unwrap();
    assert_eq!(header["payload"], params);
    assert!(header["exp"].is_u64());
    assert!(signed.bearer().starts_with("Bearer ey"));
    let unwrapped: Value = settings().verify_header(&signed.bearer()).unwrap();
    assert_eq!(unwrapped, params);
}

#[test]
fn sign_refuses_claims_that_are_not_an_object() {
    assert!(matches!(
        settings().sign(&"just a string"),
        Err(Error::Json(_))
    ));
}

#[test]
fn verify_request_prefers_the_body_token() {
    // Appendix A.1, status 1: the body token is flat, the header token wraps the same fields.
    let jwt = settings();
    let params = json!({"key":"edit-001","status":1,"users":["uid-1"],
                        "actions":[{"type":1,"userid":"uid-1"}]});
    let signed = jwt.sign_request(&params).unwrap();
    let mut body = params.clone();
    body["token"] = json!(signed.body_token);
    let other = jwt.sign_request(&json!({"key": "other"})).unwrap();
    let got: Value = jwt
        .verify_request(&serde_json::to_vec(&body).unwrap(), Some(&other.bearer()))
        .unwrap();
    assert_eq!(got, params, "the body token wins and iat/exp are dropped");
}

#[test]
fn verify_request_falls_back_to_the_header_payload() {
    let jwt = settings();
    let params = json!({"key": "edit-001", "status": 4});
    let signed = jwt.sign_request(&params).unwrap();
    let body = br#"{"key":"edit-001","status":4}"#;
    let got: Value = jwt.verify_request(body, Some(&signed.bearer())).unwrap();
    assert_eq!(got, params);
    let from_empty_body: Value = jwt.verify_request(b"", Some(&signed.bearer())).unwrap();
    assert_eq!(from_empty_body, params);
}

#[test]
fn verify_request_ignores_unsigned_body_fields() {
    let jwt = settings();
    let token = jwt.sign(&json!({"key": "k", "status": 1})).unwrap();
    let body = json!({"key": "k", "status": 2, "url": "http://evil.example/x", "token": token});
    let got: Value = jwt
        .verify_request(&serde_json::to_vec(&body).unwrap(), None)
        .unwrap();
    assert_eq!(got, json!({"key": "k", "status": 1}));
}

#[test]
fn unsigned_fields_reports_forged_but_not_stripped_fields() {
    let jwt = settings();
    let signed = json!({"key": "k", "status": 2, "url": "http://ds/out.docx", "changesurl": "c"});
    let token = jwt.sign(&signed).unwrap();
    // The Document Server strips changesurl from the plain body when the header is long.
    let stripped = json!({"key": "k", "status": 2, "url": "http://ds/out.docx", "token": token});
    let stripped = serde_json::to_vec(&stripped).unwrap();
    let verified: Value = jwt.verify_request(&stripped, None).unwrap();
    assert_eq!(verified, signed);
    assert!(unsigned_fields(&stripped, &verified).unwrap().is_empty());
    let forged =
        json!({"key": "k", "status": 2, "url": "http://evil/x", "extra": 1, "token": token});
    let forged = serde_json::to_vec(&forged).unwrap();
    let verified: Value = jwt.verify_request(&forged, None).unwrap();
    assert_eq!(verified["url"], "http://ds/out.docx");
    let mut fields = unsigned_fields(&forged, &verified).unwrap();
    fields.sort();
    assert_eq!(fields, ["extra", "url"]);
}

#[test]
fn verify_request_without_any_token_is_missing_token() {
    let err = settings().verify_request::<Value>(br#"{"key":"k","status":1}"#, None);
    assert!(matches!(err, Err(Error::MissingToken)));
}

#[test]
fn body_token_extraction() {
    assert_eq!(
        body_token(br#"{"token":"abc","key":"k"}"#)
            .unwrap()
            .as_deref(),
        Some("abc")
    );
    assert_eq!(body_token(br#"{"key":"k"}"#).unwrap(), None);
    assert_eq!(body_token(br#"{"token":null}"#).unwrap(), None);
    assert_eq!(body_token(b"  ").unwrap(), None);
    assert!(matches!(
        body_token(br#"{"token":1}"#),
        Err(Error::MalformedToken(_))
    ));
    assert!(matches!(body_token(b"token=abc"), Err(Error::Json(_))));
}

#[test]
fn verify_request_refuses_a_non_json_body() {
    assert!(matches!(
        settings().verify_request::<Value>(b"key=k", None),
        Err(Error::Json(_))
    ));
}

#[test]
fn verify_download_checks_the_signed_url() {
    // Appendix A.1, GET document.url: header payload {"url": "<exact url>"}.
    let jwt = settings();
    let url = "http://127.0.0.1:18931/sample.docx";
    let signed = jwt.sign_request(&json!({ "url": url })).unwrap();
    jwt.verify_download(&signed.bearer(), url).unwrap();
    let other = jwt.verify_download(&signed.bearer(), "http://127.0.0.1:18931/other.docx");
    assert!(matches!(other, Err(Error::UrlMismatch)));
}

#[test]
fn separate_inbox_and_outbox_secrets() {
    let host = JwtSettings::new("to-ds").with_inbox_secret("from-ds");
    let ds_view_of_host_tokens = JwtSettings::new("to-ds");
    let ds_signing = JwtSettings::new("from-ds");
    let token = host.sign(&json!({"c": "version"})).unwrap();
    ds_view_of_host_tokens.verify::<Value>(&token).unwrap();
    assert!(matches!(
        host.verify::<Value>(&token),
        Err(Error::BadSignature)
    ));
    let incoming = ds_signing.sign(&json!({"key": "k"})).unwrap();
    host.verify::<Value>(&incoming).unwrap();
}

#[test]
fn secret_debug_is_masked() {
    assert_eq!(format!("{:?}", Secret::from("hunter2")), "Secret(***)");
    assert!(!format!("{:?}", settings()).contains(SECRET));
}

// --- one test per refused token form -------------------------------------------------------

#[test]
fn refuses_alg_none() {
    let token = forged(
        &json!({"alg": "none", "typ": "JWT"}),
        &json!({"c": "version"}),
        "",
    );
    let err = settings().verify::<Value>(&token).unwrap_err();
    assert!(
        matches!(&err, Error::AlgorithmNotAllowed(a) if a == "none"),
        "{err}"
    );
}

#[test]
fn refuses_alg_none_even_when_every_hmac_is_accepted() {
    let jwt = settings().with_accepted(&[Algorithm::Hs256, Algorithm::Hs384, Algorithm::Hs512]);
    let token = forged(&json!({"alg": "None"}), &json!({"a": 1}), "");
    assert!(matches!(
        jwt.verify::<Value>(&token),
        Err(Error::AlgorithmNotAllowed(_))
    ));
}

#[test]
fn refuses_wrong_key() {
    let token = JwtSettings::new("another secret")
        .sign(&json!({"c": "version"}))
        .unwrap();
    assert!(matches!(
        settings().verify::<Value>(&token),
        Err(Error::BadSignature)
    ));
}

#[test]
fn refuses_tampered_payload() {
    let token = settings().sign(&json!({"key": "k", "status": 1})).unwrap();
    let claims = token.split('.').nth(1).unwrap();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap();
    claims["status"] = json!(2);
    let tampered = with_claims(&token, &claims);
    assert!(matches!(
        settings().verify::<Value>(&tampered),
        Err(Error::BadSignature)
    ));
}

#[test]
fn refuses_expired_token_beyond_leeway() {
    let jwt = settings();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let expired = jwt.encode(&json!({"key": "k", "exp": now - 120})).unwrap();
    assert!(matches!(
        jwt.verify::<Value>(&expired),
        Err(Error::TokenExpired)
    ));
    let within_leeway = jwt.encode(&json!({"key": "k", "exp": now - 30})).unwrap();
    jwt.verify::<Value>(&within_leeway).unwrap();
    let no_exp = jwt.encode(&json!({"key": "k"})).unwrap();
    jwt.verify::<Value>(&no_exp).unwrap();
}

#[test]
fn refuses_hs512_when_only_hs256_is_configured() {
    let token = settings()
        .with_algorithm(Algorithm::Hs512)
        .sign(&json!({"a": 1}))
        .unwrap();
    let err = settings().verify::<Value>(&token).unwrap_err();
    assert!(
        matches!(&err, Error::AlgorithmNotAllowed(a) if a == "HS512"),
        "{err}"
    );
    let accepting = settings().with_accepted(&[Algorithm::Hs256, Algorithm::Hs512]);
    accepting.verify::<Value>(&token).unwrap();
}

#[test]
fn refuses_an_rs256_header() {
    let token = forged(
        &json!({"alg": "RS256", "typ": "JWT"}),
        &json!({"a": 1}),
        "c2ln",
    );
    let err = settings().verify::<Value>(&token).unwrap_err();
    assert!(
        matches!(&err, Error::AlgorithmNotAllowed(a) if a == "RS256"),
        "{err}"
    );
}

#[test]
fn refuses_header_without_bearer() {
    let token = settings().sign(&json!({"payload": {"a": 1}})).unwrap();
    assert!(matches!(
        settings().verify_header::<Value>(&token),
        Err(Error::MissingBearer)
    ));
    assert!(matches!(
        bearer_token("Basic abc"),
        Err(Error::MissingBearer)
    ));
    assert!(matches!(bearer_token("Bearer "), Err(Error::MissingBearer)));
    assert_eq!(bearer_token("bearer abc").unwrap(), "abc");
}

#[test]
fn refuses_garbage() {
    for token in ["", "abc", "a.b.c", "e30.e30"] {
        assert!(
            settings().verify::<Value>(token).is_err(),
            "{token:?} accepted"
        );
    }
}

proptest! {
    #[test]
    fn sign_then_verify_round_trips(key in "[0-9A-Za-z._=-]{1,40}", status in 1_i64..8,
                                    users in proptest::collection::vec("[a-z0-9-]{1,12}", 0..4)) {
        let params = json!({"key": key, "status": status, "users": users});
        let jwt = settings();
        let signed = jwt.sign_request(&params).unwrap();
        let from_body: Value = jwt.verify_request(
            &serde_json::to_vec(&json!({"token": signed.body_token})).unwrap(), None).unwrap();
        prop_assert_eq!(&from_body, &params);
        let from_header: Value = jwt.verify_request(b"", Some(&signed.bearer())).unwrap();
        prop_assert_eq!(&from_header, &params);
    }

    #[test]
    fn another_secret_never_verifies(secret in "[ -~]{1,40}", other in "[ -~]{1,40}") {
        prop_assume!(secret != other);
        let token = JwtSettings::new(secret).sign(&json!({"a": 1})).unwrap();
        prop_assert!(matches!(JwtSettings::new(other).verify::<Value>(&token),
                              Err(Error::BadSignature)));
    }

    #[test]
    fn a_changed_body_never_verifies(original in "[a-z]{1,20}", changed in "[a-z]{1,20}") {
        prop_assume!(original != changed);
        let jwt = settings();
        let token = jwt.sign(&json!({"key": original})).unwrap();
        let forged = with_claims(&token, &json!({"key": changed}));
        prop_assert!(matches!(jwt.verify::<Value>(&forged), Err(Error::BadSignature)));
    }
}
