#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod api_js;
pub mod callbacks;
mod command;
pub mod config;
pub mod control;
mod control_routes;
mod converter;
mod download;
pub mod emulator;
pub mod engine;
pub mod faults;
mod inbound;
mod loading;
pub mod ooxml;
pub mod open;
mod saving;
mod server;
pub mod session;
mod state;
mod storage;
pub mod x2t;
pub mod x2t_formats;

pub use callbacks::{CallbackRecord, Outcome};
pub use config::{Config, RetryPolicy};
pub use control::{Control, ControlError, SessionInfo};
pub use emulator::{Emulator, EmulatorBuilder, StartError};
pub use faults::{Faults, ResultFault};
pub use open::OpenError;
pub use session::Joined;
