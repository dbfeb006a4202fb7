//! The emulator's shared state: configuration, engine, storage and the in-memory tables the DS
//! keeps in Redis and its database (documents by key, forgotten files, conversions).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use onlyoffice::jwt::{Algorithm, JwtSettings};
use serde_json::Value;
use tokio::sync::Notify;

use crate::callbacks::{CallbackLog, Held};
use crate::config::Config;
use crate::converter::Conversions;
use crate::engine::Engine;
use crate::faults::Faults;
use crate::session::DocEntry;
use crate::storage::Storage;

/// A forgotten file: a final save the host did not accept (protocol doc §3.5).
#[derive(Debug, Clone)]
pub struct Forgotten {
    /// Storage path of the file (`forgotten/<key>/output.<ext>`).
    pub rel: String,
    /// Its extension.
    pub ext: String,
    /// The title of the session.
    pub title: String,
}

/// Everything the handlers and background tasks share.
#[derive(Debug)]
pub struct Shared {
    /// The configuration.
    pub config: Config,
    /// Token settings (inbox = outbox = the one secret; HS256/384/512 accepted, 60 s leeway).
    pub jwt: JwtSettings,
    /// The x2t engine.
    pub engine: Engine,
    /// Result files.
    pub storage: Storage,
    /// HTTP client for callbacks and downloads.
    pub http: reqwest::Client,
    /// The base URL put into links.
    pub base_url: url::Url,
    /// Documents (co-editing sessions and cache) by key.
    pub docs: Mutex<HashMap<String, DocEntry>>,
    /// Serializes first opens, so a key is downloaded once.
    pub open_lock: tokio::sync::Mutex<()>,
    /// Forgotten files by key.
    pub forgotten: Mutex<BTreeMap<String, Forgotten>>,
    /// Callbacks sent and the host's replies.
    pub log: CallbackLog,
    /// A callback held back by the out-of-order fault.
    pub held: Mutex<Option<Held>>,
    /// The fault knobs.
    pub faults: Mutex<Faults>,
    /// Wakes requests held by the `unreachable` fault.
    pub reachable: Notify,
    /// Conversion service jobs.
    pub conversions: Conversions,
    /// Requests for result files received so far (valid links, faults included).
    pub result_requests: AtomicU64,
}

impl Shared {
    /// Builds the state.
    pub fn new(config: Config, engine: Engine, base_url: url::Url) -> std::io::Result<Arc<Self>> {
        let jwt = JwtSettings::new(config.jwt_secret.as_str()).with_accepted(&[
            Algorithm::Hs256,
            Algorithm::Hs384,
            Algorithm::Hs512,
        ]);
        let http = reqwest::Client::builder()
            .user_agent("Node.js/6.13")
            .build()
            .map_err(std::io::Error::other)?;
        Ok(Arc::new(Self {
            config,
            jwt,
            engine,
            storage: Storage::new()?,
            http,
            base_url,
            docs: Mutex::default(),
            open_lock: tokio::sync::Mutex::new(()),
            forgotten: Mutex::default(),
            log: CallbackLog::default(),
            held: Mutex::default(),
            faults: Mutex::default(),
            reachable: Notify::new(),
            conversions: Conversions::default(),
            result_requests: AtomicU64::new(0),
        }))
    }

    /// The current fault knobs.
    pub fn faults(&self) -> Faults {
        lock(&self.faults).clone()
    }

    /// Clears every fault knob and wakes the requests held by `unreachable`.
    pub fn clear_faults(&self) {
        *lock(&self.faults) = Faults::default();
        self.reachable.notify_waiters();
    }

    /// Signs an outgoing token (flat claims + iat/exp), with the wrong secret under the
    /// `callback_bad_token` fault when `callback` is set.
    pub fn sign_out(&self, claims: &Value, callback: bool) -> Result<String, onlyoffice::Error> {
        if callback && self.faults().callback_bad_token {
            return JwtSettings::new("not-the-configured-secret").sign(claims);
        }
        self.jwt.sign(claims)
    }
}

/// Locks a std mutex, ignoring poisoning (state stays usable after a panicking test task).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
