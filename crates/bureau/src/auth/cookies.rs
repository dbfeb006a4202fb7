//! The one way Bureau writes cookies: only its server reads them (`HttpOnly`), they go along on
//! same-site requests and top-level navigations only (`SameSite=Lax`), cover the whole site,
//! and are `Secure` when `cookie_secure` is on (by default whenever `public_url` is https).

/// A `Set-Cookie` value; a `max_age_secs` of zero deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age_secs: u64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cookie_is_http_only_and_same_site() {
        assert_eq!(
            set_cookie("a", "b", 60, false),
            "a=b; Path=/; HttpOnly; SameSite=Lax; Max-Age=60"
        );
        assert_eq!(
            set_cookie("a", "", 0, true),
            "a=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"
        );
    }
}
