//! The measurements, each against a reference run in the same session.

pub mod open;
pub mod save;
pub mod storm;
pub mod transfer;

use std::path::PathBuf;

use crate::{client::Client, procs::Running, s3::S3};

/// What every scenario runs against.
#[derive(Debug)]
pub struct Bench {
    /// The Bureau server under test.
    pub bureau: Running,
    /// The reference nginx (also Bureau's "Document Server" address, so saves fetch from it).
    pub nginx: Running,
    /// The directory nginx serves.
    pub www: PathBuf,
    /// Scratch space on the same disk as Bureau's data.
    pub scratch: PathBuf,
    /// Bureau's API as `admin`.
    pub client: Client,
    /// Seconds per `wrk` run.
    pub secs: u64,
    /// Smaller sizes and counts, for a quick check of the harness.
    pub quick: bool,
    /// Bureau's S3 bucket, on the S3 backend: a second reference for transfers.
    pub s3: Option<S3>,
}
