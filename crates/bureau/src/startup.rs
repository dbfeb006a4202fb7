//! Building the application from a configuration: open the store, apply migrations, create the
//! first admin on an empty installation.

use std::sync::Arc;

use anyhow::Context as _;
use secrecy::SecretString;

use crate::{
    app::{App, AppState},
    auth::{accounts, passwords},
    config::Config,
    office::connection::{self, Connection},
    store::{BlobStore, Db, Store, users},
};

/// Opens the database (migrating it) and the blob store.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let db = Db::connect(&config.database_url).await?;
    let blobs = BlobStore::open(&config.storage)
        .await
        .with_context(|| format!("opening blob store {}", config.storage.display()))?;
    Ok(Store { db, blobs })
}

/// Opens the store, clears what a crash left in it, makes sure an admin exists, and connects to
/// ONLYOFFICE Docs with the settings in effect (kept in step with the saved ones).
pub async fn build(config: Config) -> anyhow::Result<AppState> {
    let store = open_store(&config).await?;
    store
        .blobs
        .remove_temp_files()
        .await
        .context("removing temporary blobs left behind by a crash")?;
    ensure_admin(&store, &config).await?;
    let connection = Connection::open(&config, &store.db).await?;
    let app = AppState(Arc::new(App {
        config,
        store,
        connection,
    }));
    connection::watch(&app);
    Ok(app)
}

/// On an installation without users, creates `admin` with `BUREAU_ADMIN_PASSWORD`, or with a
/// generated password printed once on standard error.
async fn ensure_admin(store: &Store, config: &Config) -> anyhow::Result<()> {
    if users::count(&store.db).await? > 0 {
        return Ok(());
    }
    let login = accounts::Login::parse("admin").map_err(|e| anyhow::anyhow!("{e}"))?;
    let (password, generated) = match &config.admin_password {
        Some(p) => (p.clone(), false),
        None => (SecretString::from(passwords::generate()), true),
    };
    accounts::check_password(&password)
        .map_err(|e| anyhow::anyhow!("BUREAU_ADMIN_PASSWORD: {e}"))?;
    accounts::create_user(store, &login, &password, true)
        .await
        .map_err(|e| anyhow::anyhow!("creating the first admin: {e}"))?;
    if generated {
        use secrecy::ExposeSecret as _;
        // Printed, not logged: the one place the generated password is ever shown.
        eprintln!(
            "\n  Bureau created the account 'admin' with the password: {}\n  \
             Sign in at {} and change it; it will not be shown again.\n",
            password.expose_secret(),
            config.public_url
        );
    } else {
        tracing::info!("created the admin account with the password from BUREAU_ADMIN_PASSWORD");
    }
    Ok(())
}
