//! Accounts and authentication: passwords, sign-in sessions (cookie + CSRF), API tokens.

pub mod accounts;
pub mod api;
pub mod cookies;
pub mod extract;
pub mod passwords;
pub mod secrets;
pub mod throttle;

pub use extract::{Admin, CurrentUser};

/// Name of the HttpOnly session cookie.
pub const SESSION_COOKIE: &str = "bureau_session";
