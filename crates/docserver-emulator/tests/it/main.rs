//! The emulator's own tests: the x2t engine, and the emulated Document Server against a small
//! local host (an axum app on 127.0.0.1:0 that serves fixtures and records callbacks).
//!
//! Tests that need x2t fail with a pointer to `scripts/setup/x2t.sh` when it is missing.

mod engine;
mod faults;
mod services;
mod sessions;
mod support;
