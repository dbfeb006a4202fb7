//! Bureau: a self-hosted drive for office documents, edited in the browser through ONLYOFFICE
//! Docs. The binary (`main.rs`) parses the command line; everything else lives here so that
//! tests can start the very same server on a random port.

pub mod admin;
pub mod app;
pub mod apps;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod config;
pub mod connector;
pub mod doctor;
pub mod drive;
pub mod error;
pub mod extract;
pub mod health;
pub mod http;
pub mod jobs;
pub mod office;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod web;

use std::future::Future;

use tokio::net::TcpListener;

/// Serves `app` on an already bound listener until `shutdown` resolves, then finishes the
/// requests in flight. Handlers see each connection's peer address (`ConnectInfo`).
pub async fn serve(
    listener: TcpListener,
    app: app::AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = app::router(app);
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Resolves on SIGINT (Ctrl+C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
