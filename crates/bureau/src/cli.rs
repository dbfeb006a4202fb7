//! The command line: `bureau serve`, `connector`, `user`, `token`, `config`, `gc`, `doctor`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A self-hosted drive for office documents, edited in the browser through ONLYOFFICE Docs.
#[derive(Debug, Parser)]
#[command(name = "bureau", version, about)]
pub struct Cli {
    /// Settings shared by every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Settings every command may override (they win over the environment and the config file).
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// TOML configuration file (see `bureau config example`).
    #[arg(long, global = true, env = "BUREAU_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Directory of the embedded database and blobs [default: ./data].
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<String>,
    /// Metadata database URL [default: sqlite://DATA_DIR/bureau.db].
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Blob store location [default: DATA_DIR/blobs].
    #[arg(long, global = true, value_name = "URL")]
    pub storage_url: Option<String>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Run only the ONLYOFFICE integration, in front of a drive's backend (configured by the
    /// environment: SERVER_PORT, SERVER_PREFIX, CREDENTIALS_ENDPOINT, ONLY_OFFICE_SERVER,
    /// CREDENTIALS_ID, CREDENTIALS_SECRET, BUREAU_CONNECTOR_*; see docs/connector.md).
    Connector(ConnectorArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Show configuration help.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Delete blobs that no version references (older than one hour).
    Gc,
    /// Check the configuration, the database, the blob store and ONLYOFFICE Docs end to end.
    Doctor {
        /// Then store the saves ONLYOFFICE Docs could not deliver (its forgotten files).
        #[arg(long)]
        recover: bool,
    },
    /// Copy this (embedded) installation into PostgreSQL + S3; resumable, verified, read-only
    /// on the source.
    Migrate {
        /// Target database, e.g. postgres://bureau:PASSWORD@db/bureau.
        #[arg(long, value_name = "URL")]
        to_database: String,
        /// Target blob store, e.g. s3://bucket/prefix?endpoint=URL&region=R (credentials from
        /// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).
        #[arg(long, value_name = "URL")]
        to_storage: String,
    },
}

/// Flags of `bureau serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on [default: 127.0.0.1:8080].
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// URL at which browsers reach Bureau [default: http://LISTEN].
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
}

/// `bureau connector [manifest]`.
#[derive(Debug, Args)]
pub struct ConnectorArgs {
    /// What to do instead of running.
    #[command(subcommand)]
    pub command: Option<ConnectorCommand>,
}

/// `bureau connector …`.
#[derive(Debug, Subcommand)]
pub enum ConnectorCommand {
    /// Print the plugin declaration of this configuration, for the drive backend (it contains
    /// the shared secret).
    Manifest,
}

/// `bureau user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; without --password-stdin a password is generated and printed.
    Add {
        /// Login name.
        login: String,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List accounts.
    List,
    /// Set a new password (signs the user out everywhere).
    Passwd {
        /// Login name.
        login: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable an account: no sign-in, no API access.
    Disable {
        /// Login name.
        login: String,
    },
    /// Enable a disabled account again.
    Enable {
        /// Login name.
        login: String,
    },
}

/// `bureau token …`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a personal API token for a user; prints only the token.
    Create {
        /// Login name.
        login: String,
        /// A name to recognise the token by.
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

/// `bureau config …`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print a fully commented example configuration file.
    Example,
}
