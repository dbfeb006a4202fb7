//! Document keys (`document.key`).
//!
//! The key names one co-editing session and one entry of the Document Server's cache: everyone who
//! opens a document with the same key edits the same copy, and the Document Server downloads
//! `document.url` only for a key it has not cached yet. So a host must use a new key whenever the
//! stored content changes (after it accepted a status 2 callback, after an upload or a restore),
//! and must not reuse one key for two files. Keys must also be unguessable: anyone who knows a key
//! that is in the cache can ask for that document.
//!
//! Limits: at most 128 characters from `0-9 A-Z a-z . _ = -` (docs `usage-api/config/document`,
//! "key"). The server enforces the charset too: its co-editing socket path only matches
//! `^/doc/([0-9-.a-zA-Z_=]*)/c.+`, so any other character ends in "access deny"
//! (`Common/sources/constants.js`), and the converter answers `-7` for such a key.

use std::{fmt, str::FromStr};

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore as _;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A validated document key: 1 to 128 characters from `0-9 A-Z a-z . _ = -`.
///
/// ```
/// use onlyoffice::DocKey;
///
/// let key = DocKey::parse("file-42.v7_a=b")?;
/// assert_eq!(key.as_str(), "file-42.v7_a=b");
/// assert!(DocKey::parse("has space").is_err());
///
/// let fresh = DocKey::generate();
/// assert_eq!(fresh.as_str().len(), 32);
/// # Ok::<(), onlyoffice::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocKey(String);

impl DocKey {
    /// The longest key the Document Server accepts.
    pub const MAX_LEN: usize = 128;

    /// Random bytes in a generated key: 192 bits, far beyond guessing.
    const RANDOM_BYTES: usize = 24;

    /// Validates `key` against the length and character rules.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] naming the broken rule.
    pub fn parse(key: impl Into<String>) -> Result<Self> {
        let key = key.into();
        if key.is_empty() {
            return Err(Error::InvalidKey("empty"));
        }
        if key.len() > Self::MAX_LEN {
            return Err(Error::InvalidKey("longer than 128 characters"));
        }
        if !key.bytes().all(is_key_byte) {
            return Err(Error::InvalidKey(
                "contains a character outside 0-9 A-Z a-z . _ = -",
            ));
        }
        Ok(Self(key))
    }

    /// A fresh random key: 24 bytes from the operating system's CSPRNG, base64url without
    /// padding (32 characters of `A-Z a-z 0-9 - _`, all allowed in keys).
    #[must_use]
    pub fn generate() -> Self {
        let mut bytes = [0_u8; Self::RANDOM_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The key as sent to the Document Server.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `b` may appear in a key.
const fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'=' | b'-')
}

impl fmt::Display for DocKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for DocKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for DocKey {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl TryFrom<String> for DocKey {
    type Error = Error;

    fn try_from(s: String) -> Result<Self> {
        Self::parse(s)
    }
}

impl From<DocKey> for String {
    fn from(key: DocKey) -> Self {
        key.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn accepts_every_allowed_character() {
        let all = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._=-";
        assert_eq!(DocKey::parse(all).unwrap().as_str(), all);
    }

    #[test]
    fn accepts_documented_example_keys() {
        // docs usage-api/config/document.md and callback-handler.md examples; a DS 7.4 log
        // (protocol doc §3.3) shows a key with a leading minus.
        for key in ["Khirz6zTPdfd7", "-990938696", "edit-001", "conv_K_65"] {
            DocKey::parse(key).unwrap();
        }
    }

    #[test]
    fn refuses_empty_long_and_foreign_characters() {
        assert!(matches!(DocKey::parse(""), Err(Error::InvalidKey("empty"))));
        assert!(DocKey::parse("a".repeat(128)).is_ok());
        assert!(DocKey::parse("a".repeat(129)).is_err());
        for bad in [
            "a b", "a/b", "a+b", "ä", "a\nb", "a%20", "a:b", "a?b", "a#b",
        ] {
            assert!(DocKey::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn serde_validates() {
        let key: DocKey = serde_json::from_str(r#""abc""#).unwrap();
        assert_eq!(serde_json::to_string(&key).unwrap(), r#""abc""#);
        let err = serde_json::from_str::<DocKey>(r#""a b""#).unwrap_err();
        assert!(err.to_string().contains("invalid document key"), "{err}");
    }

    #[test]
    fn generated_keys_differ() {
        assert_ne!(DocKey::generate(), DocKey::generate());
    }

    proptest! {
        #[test]
        fn generated_keys_are_always_valid(_seed in any::<u64>()) {
            let key = DocKey::generate();
            prop_assert_eq!(key.as_str().len(), 32);
            prop_assert_eq!(DocKey::parse(key.as_str()).unwrap(), key);
        }

        #[test]
        fn parse_agrees_with_the_charset(s in ".{0,140}") {
            let valid = (1..=128).contains(&s.len())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "._=-".contains(c));
            prop_assert_eq!(DocKey::parse(s.clone()).is_ok(), valid);
        }

        #[test]
        fn parse_accepts_charset_strings(s in "[0-9A-Za-z._=-]{1,128}") {
            let key = DocKey::parse(s.clone()).unwrap();
            prop_assert_eq!(key.as_str(), s.as_str());
        }
    }
}
