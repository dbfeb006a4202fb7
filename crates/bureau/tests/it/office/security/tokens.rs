//! Forged JSON Web Tokens: any header, any claims, signed with HMAC-SHA256 whatever the header
//! says, left unsigned, or signed RS256 with a throwaway RSA key (made by the `openssl` command).

use std::{
    process::Command,
    time::{SystemTime, UNIX_EPOCH},
};

use anyhow::{Context as _, ensure};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac as _};
use serde_json::{Value, json};
use sha2::Sha256;

/// Now, in unix seconds.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn signing_input(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// A token whose signature is HMAC-SHA256 under `secret`, whatever `alg` its header names.
pub fn hmac_signed(header: &Value, claims: &Value, secret: &str) -> String {
    let input = signing_input(header, claims);
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{input}.{signature}")
}

/// A correctly formed HS256 token under `secret`.
pub fn hs256(claims: &Value, secret: &str) -> String {
    hmac_signed(&json!({"alg": "HS256", "typ": "JWT"}), claims, secret)
}

/// A token with `alg` (`none`, `None`…) and an empty signature.
pub fn unsigned(alg: &str, claims: &Value) -> String {
    format!(
        "{}.",
        signing_input(&json!({"alg": alg, "typ": "JWT"}), claims)
    )
}

/// `claims` with `exp` an hour ago (well past the 60 s leeway).
pub fn expired(claims: &Value) -> Value {
    let mut claims = claims.clone();
    claims["iat"] = (now() - 7200).into();
    claims["exp"] = (now() - 3600).into();
    claims
}

/// The header form of a request's claims: `{"payload": claims}`.
pub fn wrapped(claims: &Value) -> Value {
    json!({"payload": claims, "iat": now(), "exp": now() + 300})
}

/// A genuine RS256 token under a fresh 2048-bit RSA key (`openssl genpkey` and `openssl dgst`).
pub fn rs256(claims: &Value) -> anyhow::Result<String> {
    let dir = tempfile::tempdir()?;
    let key = dir.path().join("key.pem");
    let input_file = dir.path().join("input");
    let signature_file = dir.path().join("signature");
    let input = signing_input(&json!({"alg": "RS256", "typ": "JWT"}), claims);
    std::fs::write(&input_file, &input)?;
    let openssl = |args: &[&std::ffi::OsStr]| -> anyhow::Result<()> {
        let status = Command::new("openssl")
            .args(args)
            .status()
            .context("running openssl (apt-get install openssl)")?;
        ensure!(status.success(), "openssl {args:?}: {status}");
        Ok(())
    };
    openssl(&[
        "genpkey".as_ref(),
        "-quiet".as_ref(),
        "-algorithm".as_ref(),
        "RSA".as_ref(),
        "-pkeyopt".as_ref(),
        "rsa_keygen_bits:2048".as_ref(),
        "-out".as_ref(),
        key.as_os_str(),
    ])?;
    openssl(&[
        "dgst".as_ref(),
        "-sha256".as_ref(),
        "-sign".as_ref(),
        key.as_os_str(),
        "-out".as_ref(),
        signature_file.as_os_str(),
        input_file.as_os_str(),
    ])?;
    let signature = crate::support::read_file(&signature_file)?;
    ensure!(signature.len() == 256, "an RSA-2048 signature is 256 bytes");
    Ok(format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature)))
}
