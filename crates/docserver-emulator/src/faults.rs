//! Fault knobs: ways to make the emulated Document Server misbehave on purpose, so that a host's
//! error handling can be tested. Set them with [`crate::Control::set_faults`] or
//! `PUT /control/faults`.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::net::{TcpListener, TcpStream};

use crate::state::Shared;

/// How result files (`url`, `changesurl`, conversion `fileUrl`) are served.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultFault {
    /// Served normally.
    #[default]
    None,
    /// The connection breaks after half of the body (the full `Content-Length` is announced).
    Truncated,
    /// HTTP 500.
    Error500,
    /// Served in small chunks with pauses (see [`Faults::slow_chunk_delay_ms`]).
    Slow,
}

/// The active faults. All off by default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Sign callbacks (both tokens) with a wrong secret.
    pub callback_bad_token: bool,
    /// Deliver every callback twice (the second copy right after the first).
    pub callback_twice: bool,
    /// Hold the next callback back and deliver it after the one that follows it.
    pub callback_out_of_order: bool,
    /// How result files are served.
    pub result: ResultFault,
    /// Pause between 16 KiB chunks when `result` is `slow` (default 200 ms).
    pub slow_chunk_delay_ms: u64,
    /// Stop answering every request except `/control/*`: they hang until the knob is cleared,
    /// so the host sees timeouts ("DS unreachable"). Callbacks to the host are still sent.
    pub unreachable: bool,
    /// Reset every new connection (TCP RST) as soon as it is accepted, so clients see
    /// "connection reset by peer"; connections already open carry on.
    pub reset_connections: bool,
}

impl Faults {
    /// The pause between chunks of a slow result.
    pub fn slow_delay(&self) -> Duration {
        Duration::from_millis(if self.slow_chunk_delay_ms == 0 {
            200
        } else {
            self.slow_chunk_delay_ms
        })
    }
}

/// The emulator's listener: accepts as usual, except that the `reset_connections` knob resets
/// each new connection at once.
pub(crate) struct FaultyListener {
    pub(crate) inner: TcpListener,
    pub(crate) shared: Arc<Shared>,
}

impl axum::serve::Listener for FaultyListener {
    type Io = TcpStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (TcpStream, std::net::SocketAddr) {
        loop {
            let (stream, addr) = axum::serve::Listener::accept(&mut self.inner).await;
            if !self.shared.faults().reset_connections {
                return (stream, addr);
            }
            // A zero linger time makes closing send RST instead of FIN.
            if let Err(e) = stream.set_zero_linger() {
                tracing::warn!(error = %e, "could not arm the connection reset");
            }
            drop(stream);
        }
    }

    fn local_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.inner.local_addr()
    }
}
