//! The browser side: embedded static assets (the full UI arrives with its own issue).

pub mod assets;
