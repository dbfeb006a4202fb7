//! Password hashing with Argon2id (the argon2 crate's default algorithm and parameters), run on
//! the blocking pool so that a sign-in never stalls the async workers.

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString},
};
use rand::{Rng as _, distributions::Alphanumeric, rngs::OsRng};

/// Hashes a password into a PHC string (`$argon2id$…`).
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
    })
    .await?
}

/// Checks a password against a PHC string; a malformed hash never matches.
pub async fn verify(password: String, phc: String) -> anyhow::Result<bool> {
    Ok(tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await?)
}

/// A hash of a random password, verified against when the login does not exist, so that an
/// unknown login takes as long to refuse as a wrong password.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$\
    Xyq1wE2vXgh9l1pD0yJm0v3nD9y7a1m3l2sEo6C2CrE";

/// Generates a readable random password (for first start and `user add` without a password).
pub fn generate() -> String {
    OsRng
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}

/// The minimum length of a password chosen by a person.
pub const MIN_LENGTH: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify() {
        let h = hash("correct horse".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse".into(), h.clone()).await.unwrap());
        assert!(!verify("wrong horse".into(), h).await.unwrap());
        assert!(!verify("x".into(), "not a hash".into()).await.unwrap());
        assert!(!verify("x".into(), DUMMY_HASH.into()).await.unwrap());
    }
}
