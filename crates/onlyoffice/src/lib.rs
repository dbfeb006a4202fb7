#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod callback;
mod codes;
pub mod command;
pub mod config;
pub mod conversion;
#[cfg(feature = "client")]
mod endpoint;
mod error;
pub mod formats;
pub mod jwt;
mod key;
#[cfg(test)]
#[cfg(feature = "client")]
mod test_server;

#[cfg(feature = "client")]
pub use endpoint::Endpoint;
pub use error::{Error, Result};
pub use key::DocKey;
