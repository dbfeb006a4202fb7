//! What each CLI command does. Account commands work on the store directly, so they run with the
//! server stopped or running.

use std::{io::BufRead as _, process::ExitCode};

use anyhow::{Context as _, bail};
use secrecy::SecretString;

use crate::{
    auth::{accounts, api::issue_token, passwords},
    cli::{
        Cli, Command, ConfigCommand, ConnectorArgs, ConnectorCommand, TokenCommand, UserCommand,
    },
    config::{self, Config, Sources},
    connector::{self, config::ConnectorConfig},
    drive::gc,
    startup,
    store::{Store, migrate, users},
    telemetry,
};

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Config(ConfigCommand::Example) = cli.command {
        print!("{}", config::example());
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Connector(args) = &cli.command {
        return run_connector(args).await;
    }
    let config = load(&cli)?;
    telemetry::init(&config.log, config.log_format);
    match cli.command {
        Command::Serve(_) => serve(config).await,
        Command::User(cmd) => user(&startup::open_store(&config).await?, cmd).await,
        Command::Token(TokenCommand::Create { login, name }) => {
            let store = startup::open_store(&config).await?;
            let user = find_user(&store, &login).await?;
            let (_, token) = issue_token(&store, &user.id, &name)
                .await
                .map_err(user_error)?;
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Gc => {
            let n = gc::collect(&startup::open_store(&config).await?, gc::GRACE).await?;
            println!("deleted {n} unreferenced blob(s)");
            Ok(ExitCode::SUCCESS)
        }
        Command::Doctor { recover } => crate::doctor::cli(&config, recover).await,
        Command::Migrate {
            to_database,
            to_storage,
        } => {
            let db = &config.database_url;
            let r = migrate::run(db, &config.storage, &to_database, &to_storage).await?;
            eprintln!("done: {} row(s) and {} blob(s) copied", r.rows, r.blobs);
            Ok(ExitCode::SUCCESS)
        }
        Command::Config(ConfigCommand::Example) | Command::Connector(_) => Ok(ExitCode::SUCCESS),
    }
}

fn load(cli: &Cli) -> anyhow::Result<Config> {
    let mut sources = Sources::default().with_env(std::env::vars());
    if let Some(path) = &cli.global.config {
        sources = sources.with_file(path)?;
    }
    let (listen, public_url) = match &cli.command {
        Command::Serve(s) => (s.listen.clone(), s.public_url.clone()),
        _ => (None, None),
    };
    let sources = sources
        .with_flag("data_dir", cli.global.data_dir.clone())
        .with_flag("database_url", cli.global.database_url.clone())
        .with_flag("storage_url", cli.global.storage_url.clone())
        .with_flag("listen", listen)
        .with_flag("public_url", public_url);
    for var in sources.unknown_env_vars() {
        eprintln!("warning: {var} is not a Bureau setting (see `bureau config example`)");
    }
    Ok(Config::from_sources(&sources)?)
}

/// `bureau connector [manifest]`, configured by the environment alone.
async fn run_connector(args: &ConnectorArgs) -> anyhow::Result<ExitCode> {
    let vars: Vec<(String, String)> = std::env::vars().collect();
    for var in connector::config::unknown_vars(vars.iter().map(|(k, _)| k.clone())) {
        eprintln!("warning: {var} is not a setting of bureau connector (see docs/connector.md)");
    }
    let config = ConnectorConfig::from_env(vars)?;
    match args.command {
        Some(ConnectorCommand::Manifest) => {
            let manifest = connector::manifest::manifest(&config);
            println!("{}", serde_json::to_string_pretty(&manifest)?);
            Ok(ExitCode::SUCCESS)
        }
        None => connector::run(config).await,
    }
}

async fn serve(config: Config) -> anyhow::Result<ExitCode> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {} (BUREAU_LISTEN)", config.listen))?;
    let app = startup::build(config).await?;
    crate::jobs::spawn(&app);
    crate::office::forcesave::spawn(&app);
    crate::office::forgotten::spawn(&app);
    tracing::info!(
        listen = %app.config.listen,
        public_url = %app.config.public_url,
        database = %app.config.database_url.masked(),
        "Bureau is ready"
    );
    crate::serve(listener, app.clone(), crate::shutdown_signal()).await?;
    app.store.db.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn user(store: &Store, cmd: UserCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        UserCommand::Add {
            login,
            admin,
            password_stdin,
        } => {
            let login = accounts::Login::parse(&login).map_err(user_error)?;
            let (password, generated) = password_input(password_stdin)?;
            accounts::check_password(&password).map_err(user_error)?;
            accounts::create_user(store, &login, &password, admin)
                .await
                .map_err(user_error)?;
            if generated {
                use secrecy::ExposeSecret as _;
                println!("{}", password.expose_secret());
            }
            eprintln!("created user '{}'", login.as_str());
        }
        UserCommand::List => {
            for u in users::list(&store.db).await? {
                let role = if u.is_admin { "admin" } else { "user" };
                let state = if u.disabled { "disabled" } else { "active" };
                println!("{}\t{role}\t{state}", u.login);
            }
        }
        UserCommand::Passwd {
            login,
            password_stdin,
        } => {
            let user = find_user(store, &login).await?;
            let (password, generated) = password_input(password_stdin)?;
            accounts::change_password(store, &user.id, &password)
                .await
                .map_err(user_error)?;
            if generated {
                use secrecy::ExposeSecret as _;
                println!("{}", password.expose_secret());
            }
        }
        UserCommand::Disable { login } | UserCommand::Enable { login } if login.is_empty() => {
            bail!("a login is required")
        }
        UserCommand::Disable { login } => set_disabled(store, &login, true).await?,
        UserCommand::Enable { login } => set_disabled(store, &login, false).await?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn set_disabled(store: &Store, login: &str, disabled: bool) -> anyhow::Result<()> {
    let user = find_user(store, login).await?;
    accounts::set_flags(store, &user.id, disabled, user.is_admin)
        .await
        .map_err(user_error)
}

async fn find_user(store: &Store, login: &str) -> anyhow::Result<users::User> {
    let login = accounts::Login::parse(login).map_err(user_error)?;
    match users::by_login(&store.db, login.as_str()).await {
        Err(crate::store::Error::NotFound) => bail!("no user with the login '{}'", login.as_str()),
        other => Ok(other?),
    }
}

/// Reads a password from stdin, or generates one (`true` when generated).
fn password_input(from_stdin: bool) -> anyhow::Result<(SecretString, bool)> {
    if !from_stdin {
        return Ok((SecretString::from(passwords::generate()), true));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from stdin")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    Ok((SecretString::from(password), false))
}

fn user_error(e: crate::error::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}
