//! `docserver-emulator`: runs the emulated ONLYOFFICE Document Server.
//!
//! `docserver-emulator --listen 127.0.0.1:8090 --jwt-secret SECRET`

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgAction, Parser};
use docserver_emulator::{Config, Emulator, RetryPolicy};

/// A stand-in for ONLYOFFICE Docs (the Document Server), built on the real x2t engine.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Address to listen on.
    #[arg(long, env = "DS_EMULATOR_LISTEN", default_value = "127.0.0.1:8090")]
    listen: SocketAddr,
    /// Check and sign tokens (browser, inbox, outbox), like the Docker image's default.
    #[arg(long, env = "JWT_ENABLED", default_value_t = true, action = ArgAction::Set)]
    jwt_enabled: bool,
    /// The JWT secret (required while JWT is enabled).
    #[arg(long, env = "JWT_SECRET", hide_env_values = true)]
    jwt_secret: Option<String>,
    /// The header carrying tokens.
    #[arg(long, env = "JWT_HEADER", default_value = "Authorization")]
    jwt_header: String,
    /// Delay between the last editor leaving and the save (`5s`, `300ms`).
    #[arg(long, env = "DS_EMULATOR_SAVE_DELAY", default_value = "5s", value_parser = parse_duration)]
    save_delay: Duration,
    /// Retry policy of failed status 2/3 callbacks: `9.x` (1, 2, 4 s) or `8.x` (none).
    #[arg(long, env = "DS_EMULATOR_RETRY_POLICY", default_value = "9.x")]
    retry_policy: RetryPolicy,
    /// Largest `document.url` download, in bytes.
    #[arg(
        long,
        env = "DS_EMULATOR_MAX_DOWNLOAD_BYTES",
        default_value_t = 104_857_600
    )]
    max_download_bytes: u64,
    /// Download from private addresses even when the URL is not in a verified token.
    #[arg(long, env = "ALLOW_PRIVATE_IP_ADDRESS", default_value_t = false, action = ArgAction::Set)]
    allow_private_ip: bool,
    /// The x2t binary (default: the `document-builder` Python package).
    #[arg(long, env = "X2T_PATH")]
    x2t_path: Option<PathBuf>,
    /// The origin put into result links, if hosts reach the emulator under another address.
    #[arg(long, env = "DS_EMULATOR_PUBLIC_URL")]
    public_url: Option<url::Url>,
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, scale) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 1)
    } else if let Some(s) = text.strip_suffix('s') {
        (s, 1000)
    } else {
        (text, 1)
    };
    number
        .trim()
        .parse::<u64>()
        .map(|n| Duration::from_millis(n * scale))
        .map_err(|_| format!("invalid duration {text:?}; use e.g. 5s or 300ms"))
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,docserver_emulator=info".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = Config {
        jwt_enabled: cli.jwt_enabled,
        jwt_secret: cli.jwt_secret.unwrap_or_default(),
        jwt_header: cli.jwt_header,
        save_delay: cli.save_delay,
        retry: cli.retry_policy,
        max_download_bytes: cli.max_download_bytes,
        allow_private_ip: cli.allow_private_ip,
        x2t_path: cli.x2t_path,
        public_url: cli.public_url,
        ..Config::default()
    };
    if config.jwt_enabled && config.jwt_secret.is_empty() {
        eprintln!(
            "docserver-emulator: JWT is enabled: set --jwt-secret / JWT_SECRET (or --jwt-enabled false)"
        );
        return ExitCode::from(2);
    }
    let emulator = match Emulator::builder()
        .config(config)
        .listen(cli.listen)
        .spawn()
        .await
    {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("docserver-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(url = %emulator.base_url(), "docserver-emulator listening");
    shutdown_signal().await;
    emulator.shutdown().await;
    ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
