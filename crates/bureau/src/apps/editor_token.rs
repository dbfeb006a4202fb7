//! The editor token: the JWT a drive issues for one user and one file when it sends the user's
//! browser to the connector (`?token=` on the plugin's `edition_url`, as Twake Drive passes its
//! user token; `Documentation/docs/plugins.md` in linagora/twake-drive). Bureau binds the token
//! to the file and to the user's role on it, and signs it (HS256) with the application's
//! shared secret, so the connector checks it on its own and trusts the browser for nothing else.

use std::time::Duration;

use onlyoffice::jwt::JwtSettings;
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};

/// The `typ` claim, which keeps these tokens apart from any other the secret signs.
pub const TYPE: &str = "bureau.editor";

/// How long the browser has to reach the connector.
pub const LIFETIME: Duration = Duration::from_secs(5 * 60);

/// Clock skew tolerated between the drive and the connector.
const LEEWAY: Duration = Duration::from_secs(30);

/// What the token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorClaims {
    /// [`TYPE`].
    pub typ: String,
    /// The application the token is for.
    pub aud: String,
    /// The user's id.
    pub sub: String,
    /// The user's display name.
    pub name: String,
    /// The user's language.
    pub lang: String,
    /// The company the file belongs to (Twake Drive's paths are per company).
    pub company_id: String,
    /// The file.
    pub file_id: String,
    /// The user's role on the file (`view`, `comment`, `review`, `fill` or `edit`): the editor
    /// opens in edit mode with that role's permissions, or in view mode.
    pub role: String,
    /// Where the editor's "back" button leads.
    pub back_url: Option<String>,
}

/// Why a token was refused.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Forged, expired, malformed or signed with another algorithm.
    #[error("invalid editor token: {0}")]
    Invalid(#[from] onlyoffice::Error),
    /// Valid, but issued for another application or purpose.
    #[error("the editor token was issued for another application")]
    Foreign,
}

#[derive(Deserialize)]
struct Signed {
    #[serde(flatten)]
    claims: EditorClaims,
    /// Required: a token without an expiry is refused.
    #[serde(rename = "exp")]
    _exp: u64,
}

fn settings(secret: &SecretString) -> JwtSettings {
    JwtSettings::new(secret.expose_secret().to_owned())
        .with_lifetime(LIFETIME)
        .with_leeway(LEEWAY)
}

/// Signs the claims for [`LIFETIME`].
pub fn sign(secret: &SecretString, claims: &EditorClaims) -> onlyoffice::Result<String> {
    settings(secret).sign(claims)
}

/// Checks a token for application `app_id`: signature, expiry, type and audience.
pub fn verify(
    secret: &SecretString,
    app_id: &str,
    token: &str,
) -> Result<EditorClaims, TokenError> {
    let signed: Signed = settings(secret).verify(token)?;
    if signed.claims.typ != TYPE || signed.claims.aud != app_id {
        return Err(TokenError::Foreign);
    }
    Ok(signed.claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> EditorClaims {
        EditorClaims {
            typ: TYPE.to_owned(),
            aud: "tdrive_onlyoffice".to_owned(),
            sub: "u1".to_owned(),
            name: "Alice".to_owned(),
            lang: "en".to_owned(),
            company_id: "bureau".to_owned(),
            file_id: "f1".to_owned(),
            role: "edit".to_owned(),
            back_url: None,
        }
    }

    #[test]
    fn tokens_round_trip_and_forgeries_fail() {
        let secret = SecretString::from("apisecret");
        let token = sign(&secret, &claims()).unwrap();
        assert_eq!(
            verify(&secret, "tdrive_onlyoffice", &token).unwrap(),
            claims()
        );
        let other = SecretString::from("another");
        assert!(matches!(
            verify(&other, "tdrive_onlyoffice", &token),
            Err(TokenError::Invalid(_))
        ));
        assert!(matches!(
            verify(&secret, "other_app", &token),
            Err(TokenError::Foreign)
        ));
        let foreign = sign(
            &secret,
            &EditorClaims {
                typ: "something.else".to_owned(),
                ..claims()
            },
        )
        .unwrap();
        assert!(matches!(
            verify(&secret, "tdrive_onlyoffice", &foreign),
            Err(TokenError::Foreign)
        ));
    }
}
