//! Fuzz targets for the parsers of untrusted input, called directly: callback JSON, JWTs, file
//! names, `Range` and `Content-Disposition`.

use bureau::{
    drive::names::{FileName, MAX_NAME_BYTES},
    http::{
        disposition,
        range::{self, RangeRequest},
    },
    office::conflicts,
};
use onlyoffice::{callback::Callback, jwt::JwtSettings};
use proptest::{prelude::*, test_runner::TestCaseError};
use serde_json::{Value, json};

use super::{fuzz, json, mutated};

const SECRET: &str = "fuzz-secret";

/// A callback as the Document Server signs it, with random fields.
fn callback_claims() -> impl Strategy<Value = Value> {
    (
        "[0-9A-Za-z_-]{1,40}",
        prop_oneof![(1..8i64).boxed(), any::<i64>().boxed()],
        proptest::option::of(any::<String>()),
        proptest::collection::vec(any::<String>(), 0..3),
        proptest::option::of(json()),
    )
        .prop_map(|(key, status, url, users, history)| {
            json!({"key": key, "status": status, "url": url, "users": users, "history": history})
        })
}

/// A signed callback body (body token, or header token only), then mutated.
fn mutated_callback() -> impl Strategy<Value = (Value, Vec<u8>, Option<String>, bool)> {
    (callback_claims(), any::<bool>(), any::<bool>()).prop_flat_map(
        |(claims, in_body, body_side)| {
            let signed = JwtSettings::new(SECRET)
                .sign_request(&claims)
                .expect("signing");
            let mut body = claims.clone();
            let header = if in_body {
                body["token"] = signed.body_token.clone().into();
                None
            } else {
                Some(signed.bearer())
            };
            let bytes = serde_json::to_vec(&body).expect("json");
            // Mutate either the body or the header, never both.
            let header_bytes = header.clone().unwrap_or_default().into_bytes();
            (
                Just(claims),
                if body_side {
                    mutated(bytes.clone()).boxed()
                } else {
                    Just(bytes).boxed()
                },
                if body_side || header.is_none() {
                    Just(header).boxed()
                } else {
                    mutated(header_bytes)
                        .prop_map(|h| Some(String::from_utf8_lossy(&h).into_owned()))
                        .boxed()
                },
                Just(in_body),
            )
        },
    )
}

#[test]
fn fuzz_callback_json() -> anyhow::Result<()> {
    let jwt = JwtSettings::new(SECRET);
    fuzz(
        "callback JSON",
        256,
        mutated_callback(),
        |(claims, body, header, _)| {
            // Only the verified token counts: whatever the mutation, an accepted callback is
            // exactly the one that was signed.
            if let Ok(cb) = Callback::from_request(&body, header.as_deref(), Some(&jwt)) {
                let signed: Result<Callback, _> = serde_json::from_value(claims.clone());
                prop_assert_eq!(Some(cb), signed.ok(), "accepted something else than signed");
            }
            Ok(())
        },
    )?;
    fuzz("callback JSON without JWT", 256, json(), |value| {
        let body = serde_json::to_vec(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Ok(cb) = Callback::from_request(&body, None, None) {
            prop_assert!(!cb.key.as_str().is_empty());
        }
        Ok(())
    })
    .map(drop)
}

/// A token: the three segments of a real one, of a crafted one (any `alg`, `none` included),
/// or random text.
fn token() -> impl Strategy<Value = (String, Value)> {
    let real = json().prop_flat_map(|claims| {
        let token = JwtSettings::new(SECRET)
            .sign(&json!({"payload": claims}))
            .expect("signing");
        (mutated(token.into_bytes()), Just(claims))
            .prop_map(|(t, c)| (String::from_utf8_lossy(&t).into_owned(), c))
    });
    let crafted = (
        prop_oneof![
            Just("none"),
            Just("HS256"),
            Just("HS384"),
            Just("HS512"),
            Just("RS256"),
            Just("ES256"),
            Just("PS256"),
            Just("EdDSA"),
            Just("")
        ],
        json(),
        any::<Vec<u8>>(),
    )
        .prop_map(|(alg, claims, signature)| {
            use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
            let header = URL_SAFE_NO_PAD.encode(json!({"alg": alg, "typ": "JWT"}).to_string());
            let body = URL_SAFE_NO_PAD.encode(claims.to_string());
            let sig = URL_SAFE_NO_PAD.encode(signature);
            (format!("{header}.{body}.{sig}"), Value::Null)
        });
    let random = any::<String>().prop_map(|t| (t, Value::Null));
    prop_oneof![real, crafted, random]
}

#[test]
fn fuzz_jwt_parsing() -> anyhow::Result<()> {
    let jwt = JwtSettings::new(SECRET);
    fuzz("JWT", 256, token(), |(token, claims)| {
        if let Ok(verified) = jwt.verify::<Value>(&token) {
            // Only an intact token of ours verifies, and it says what was signed.
            prop_assert_eq!(&verified["payload"], &claims);
        }
        let header = format!("Bearer {token}");
        if let Ok(verified) = jwt.verify_header::<Value>(&header) {
            // The signed parameters: the `payload` object, else the claims without iat/exp.
            let expected = if claims.is_object() {
                claims
            } else {
                json!({"payload": claims})
            };
            prop_assert_eq!(verified, expected);
        }
        let _ = jwt.verify_download(&header, "http://bureau.test/office/f/content");
        let _ = onlyoffice::jwt::bearer_token(&token);
        let _ = onlyoffice::jwt::body_token(token.as_bytes());
        Ok(())
    })
    .map(drop)
}

#[test]
fn fuzz_file_names() -> anyhow::Result<()> {
    let names = prop_oneof![
        any::<String>(),
        "[ ./\\\\a-zé\u{0}-\u{1f}\u{7f}\u{200b}]{0,300}",
        proptest::collection::vec(any::<char>(), 250..260).prop_map(String::from_iter),
    ];
    fuzz(
        "file names",
        512,
        (names, any::<String>(), any::<i64>()),
        |(raw, user, at)| {
            if let Ok(name) = FileName::parse(&raw) {
                let s = name.as_str();
                prop_assert!(s.len() <= MAX_NAME_BYTES && s != "." && s != "..");
                prop_assert!(!s.contains(['/', '\\']) && !s.chars().any(char::is_control));
                let (stem, ext) = name.split_extension();
                prop_assert_eq!(format!("{stem}{ext}"), s);
                let free = name.first_free(&[s.to_owned()]);
                prop_assert!(FileName::parse(free.as_str()).is_ok() && free.as_str() != s);
                // A conflict copy of any valid name, by any user, at any time, is a valid name.
                let copy = conflicts::copy_name(s, &user, at);
                prop_assert!(copy.is_ok(), "{:?}", copy);
            }
            Ok(())
        },
    )
    .map(drop)
}

#[test]
fn fuzz_range_headers() -> anyhow::Result<()> {
    let number = prop_oneof![
        "[0-9]{0,3}",
        "[0-9]{18,22}",
        Just(u64::MAX.to_string()),
        Just(String::new())
    ];
    let spec = (number.clone(), "[ -]{0,2}", number, "[ ,;=a-z]{0,2}")
        .prop_map(|(a, dash, b, tail)| format!("bytes={a}{dash}{b}{tail}"));
    let header = prop_oneof![spec, any::<String>(), "[ a-z=0-9,-]{0,30}"];
    let size = prop_oneof![0..4u64, any::<u64>()];
    fuzz("Range", 1024, (header, size), |(header, size)| {
        match range::parse(Some(&header), size) {
            RangeRequest::Partial { start, end } => {
                prop_assert!(
                    start <= end && end < size,
                    "{header:?} on {size}: {start}-{end}"
                );
            }
            RangeRequest::Full | RangeRequest::Unsatisfiable => {}
        }
        Ok(())
    })
    .map(drop)
}

#[test]
fn fuzz_content_disposition() -> anyhow::Result<()> {
    fuzz(
        "Content-Disposition",
        512,
        (any::<String>(), any::<bool>()),
        |(name, inline)| {
            let value = disposition::header_value(&name, inline);
            prop_assert!(http::HeaderValue::from_str(&value).is_ok(), "{value:?}");
            let encoded = value.split("filename*=UTF-8''").nth(1).unwrap_or_default();
            let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8_lossy();
            prop_assert_eq!(decoded.as_ref(), name.as_str());
            Ok(())
        },
    )
    .map(drop)
}
