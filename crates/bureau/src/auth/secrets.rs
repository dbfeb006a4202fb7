//! Random bearer secrets (session cookies, API tokens, CSRF tokens) and the hashes stored for
//! them. The secrets have 256 bits of entropy, so a plain SHA-256 is a safe, fast lookup key.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::{RngCore as _, rngs::OsRng};
use sha2::{Digest as _, Sha256};

/// A new random secret, URL-safe, with an optional readable prefix (e.g. `bureau_`).
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The hex SHA-256 under which a secret is stored.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compares two secrets in constant time.
pub fn equal(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq as _;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_unique_prefixed_and_hash_stably() {
        let a = generate("bureau_");
        let b = generate("bureau_");
        assert!(a.starts_with("bureau_") && a.len() == 7 + 43);
        assert_ne!(a, b);
        assert_eq!(digest(&a), digest(&a));
        assert_ne!(digest(&a), digest(&b));
        assert!(equal(&a, &a.clone()));
        assert!(!equal(&a, &b));
        assert!(!equal("short", "longer"));
    }
}
