//! Sign-in rate limiting: after `login_max_failures` failed sign-ins within
//! `login_failure_window`, for one login or from one client address, further attempts are
//! refused with 429 and `Retry-After` (before the password is even looked at) until the window
//! ends. A successful sign-in clears the counters of its login and address. The counters live in
//! the database, so every process of a cluster enforces the same limit.

use std::time::Duration;

use crate::{
    config::Config,
    error::{Error, Result},
    http::client_addr::ClientAddr,
    store::{self, Store, login_failures},
};

/// What a sign-in attempt is counted against.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The login as typed, folded to lower case (bounded, so a huge one cannot bloat a row).
    login: String,
    /// The client address key, when known.
    address: Option<String>,
}

const LOGIN: &str = "login";
const ADDRESS: &str = "address";

impl Attempt {
    /// The attempt of `login` from `client`.
    pub fn new(login: &str, client: ClientAddr) -> Self {
        Self {
            login: login.trim().to_lowercase().chars().take(128).collect(),
            address: client.key(),
        }
    }

    fn subjects(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once((LOGIN, self.login.as_str()))
            .chain(self.address.as_deref().map(|a| (ADDRESS, a)))
    }
}

/// Refuses the attempt with 429 while its login or its address is over the limit.
pub async fn check(store: &Store, config: &Config, attempt: &Attempt) -> Result<()> {
    let Some(window) = window_ms(config) else {
        return Ok(());
    };
    let now = store::now_ms();
    let mut wait_ms = 0;
    for (scope, subject) in attempt.subjects() {
        if let Some(f) = login_failures::get(&store.db, scope, subject).await? {
            let ends = f.window_start.saturating_add(window);
            if f.failures >= i64::from(config.login_max_failures) && ends > now {
                wait_ms = wait_ms.max(ends - now);
            }
        }
    }
    if wait_ms == 0 {
        return Ok(());
    }
    let retry_after = u64::try_from(wait_ms).unwrap_or(0).div_ceil(1000);
    tracing::warn!(retry_after, "sign-in refused: too many failed attempts");
    Err(Error::TooManyRequests {
        code: "too_many_sign_in_failures",
        detail: format!(
            "too many failed sign-ins; try again in {} minute(s)",
            retry_after.div_ceil(60)
        )
        .into(),
        retry_after,
    })
}

/// Counts a failed attempt against its login and its address.
pub async fn failed(store: &Store, config: &Config, attempt: &Attempt) -> Result<()> {
    let Some(window) = window_ms(config) else {
        return Ok(());
    };
    let now = store::now_ms();
    for (scope, subject) in attempt.subjects() {
        login_failures::record(&store.db, scope, subject, now, window).await?;
    }
    Ok(())
}

/// Clears the counters of a successful attempt's login and address.
pub async fn succeeded(store: &Store, attempt: &Attempt) -> Result<()> {
    for (scope, subject) in attempt.subjects() {
        login_failures::clear(&store.db, scope, subject).await?;
    }
    Ok(())
}

/// The window in milliseconds, or `None` when limiting is off (a limit or window of zero).
fn window_ms(config: &Config) -> Option<i64> {
    let window = config.login_failure_window;
    (config.login_max_failures > 0 && window > Duration::ZERO)
        .then(|| i64::try_from(window.as_millis()).unwrap_or(i64::MAX))
}
