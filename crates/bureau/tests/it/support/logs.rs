//! Where the suite's logs go: every test process writes what its servers log (Bureau in process,
//! the emulator) to its own file in `target/test-logs/`, and every `bureau serve` child its
//! standard error next to them, so that `scripts/test` can grep the whole suite's logs for the
//! test secrets afterwards. `TEST_LOG` also prints them on the test's output.

use std::{
    fs::{File, OpenOptions},
    path::{Path, PathBuf},
    sync::{Mutex, Once},
};

use tracing_subscriber::{
    EnvFilter, Layer as _, fmt, layer::SubscriberExt as _, util::SubscriberInitExt as _,
};

/// What the files record unless `BUREAU_TEST_LOG_FILTER` says otherwise: everything Bureau and
/// the protocol crate log, down to trace.
const FILE_FILTER: &str =
    "info,bureau=trace,onlyoffice=trace,docserver_emulator=debug,tower_http=debug";

/// The workspace's `target` directory (or `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// `target/test-logs`, created on first use (or `BUREAU_TEST_LOG_DIR`).
pub fn log_dir() -> PathBuf {
    let dir = std::env::var_os("BUREAU_TEST_LOG_DIR")
        .map_or_else(|| target_dir().join("test-logs"), PathBuf::from);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// A log file name for `what` in this test process: the test's name (the thread running it),
/// the process id and `what`.
pub fn file_name(what: &str) -> PathBuf {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("test").replace("::", ".");
    log_dir().join(format!("{test}.{}.{what}.log", std::process::id()))
}

/// Installs the process's subscriber once: the file, and the test output with `TEST_LOG`.
pub fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let filter = std::env::var("BUREAU_TEST_LOG_FILTER").unwrap_or_else(|_| FILE_FILTER.into());
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(file_name("tracing"))
            .ok();
        let file_layer = file.map(|f: File| {
            fmt::layer()
                .with_ansi(false)
                .with_writer(Mutex::new(f))
                .with_filter(EnvFilter::new(&filter))
        });
        let test_layer = std::env::var_os("TEST_LOG").is_some().then(|| {
            fmt::layer()
                .with_test_writer()
                .with_filter(EnvFilter::new("debug,sqlx=warn,hyper=info"))
        });
        let _ = tracing_subscriber::registry()
            .with(file_layer)
            .with(test_layer)
            .try_init();
    });
}
