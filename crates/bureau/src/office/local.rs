//! The documents of `bureau serve`: Bureau's own store. A save streams into the blob store, then
//! one transaction appends a version to the session's target (or creates a conflict copy when
//! the target moved on), records the save so a re-delivery is recognised, and ends or keeps the
//! session. Re-deliveries are recognised by key, `lastsave` and the content hash, never by URL:
//! the real server signs fresh `url`/`changesurl` for every retry (protocol notes, Appendix
//! A.2). The application API (`crate::apps`) stores a connector's saves through the same code.

use anyhow::Context as _;
use axum::{
    extract::FromRef,
    http::{HeaderMap, Method},
    response::Response,
};
use futures_util::{FutureExt as _, future::BoxFuture};
use onlyoffice::callback::CallbackStatus;

use super::{
    conflicts,
    documents::{Documents, Editing, Upload},
    fetch,
    save::{SaveError, Saved},
};
use crate::{
    app::AppState,
    drive::{api::send_version, files::Source, versions},
    error::{Error, Result},
    store::{
        self, Tx,
        blobs::{PutError, StoredBlob},
        entries,
        office::{self, SaveRecord},
        users,
    },
};

/// Bureau's store, seen from the editing routes.
#[derive(Debug, Clone)]
pub struct LocalDocuments(pub AppState);

impl FromRef<AppState> for Option<Editing> {
    fn from_ref(app: &AppState) -> Self {
        Some(Editing {
            office: app.office()?,
            documents: std::sync::Arc::new(LocalDocuments(app.clone())),
            max_bytes: app.config.max_upload_bytes,
        })
    }
}

impl Documents for LocalDocuments {
    fn content<'a>(
        &'a self,
        id: &'a str,
        version: i64,
        method: &'a Method,
        headers: &'a HeaderMap,
    ) -> BoxFuture<'a, Result<Response>> {
        async move {
            let app = &self.0;
            let file = match entries::get(&app.store.db, id).await {
                Err(store::Error::NotFound) => {
                    return Err(Error::NotFound {
                        code: "file_not_found",
                        what: "file",
                    });
                }
                other => other?,
            };
            let version = versions::get(&app.store, &file, version).await?;
            send_version(app, &file, &version, method, headers).await
        }
        .boxed()
    }

    fn knows<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<bool, SaveError>> {
        async move {
            match office::by_key(&self.0.store.db, key).await {
                Ok(_) => Ok(true),
                Err(store::Error::NotFound) => Ok(false),
                Err(e) => Err(e.into()),
            }
        }
        .boxed()
    }

    fn refresh<'a>(
        &'a self,
        key: &'a str,
        users: &'a [String],
    ) -> BoxFuture<'a, Result<(), SaveError>> {
        async move {
            let editors = users.join(",");
            match office::set_editors(&self.0.store.db, key, &editors, store::now_ms()).await {
                Err(store::Error::NotFound) => Err(unknown(key)),
                other => Ok(other?),
            }
        }
        .boxed()
    }

    fn end<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), SaveError>> {
        async move {
            let (mut tx, s) = self.lock_session(key).await?;
            let now = store::now_ms();
            office::update(&mut tx, key, &s.target_id, s.head_version, false, now).await?;
            tx.commit().await.context("committing session end")?;
            Ok(())
        }
        .boxed()
    }

    fn save<'a>(&'a self, upload: Upload<'a>) -> BoxFuture<'a, Result<Saved, SaveError>> {
        self.store_save(upload).boxed()
    }
}

fn unknown(key: &str) -> SaveError {
    SaveError::UnknownKey(key.to_owned())
}

impl LocalDocuments {
    async fn store_save(&self, upload: Upload<'_>) -> Result<Saved, SaveError> {
        let app = &self.0;
        let limit = app.config.max_upload_bytes;
        let blob = app
            .store
            .blobs
            .put(upload.body, limit)
            .await
            .map_err(|e| match e {
                PutError::TooLarge { limit } => SaveError::TooLarge { limit },
                other => {
                    SaveError::Transient(anyhow::Error::new(other).context("storing the save"))
                }
            })?;
        let changes = match (upload.changes_url, app.office()) {
            (Some(url), Some(office)) => {
                match fetch::download(&office, &app.store, url, limit).await {
                    Ok(b) => Some(b),
                    Err(e) => {
                        tracing::warn!(
                            doc.key = upload.key,
                            "keeping the save without its changes archive: {e}"
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        // `lastsave` alone is not enough: the server drops its milliseconds, so two saves in one
        // second share it. A retry re-sends the very same result file, so its hash matches.
        let marker = format!("{}|{}", upload.lastsave.unwrap_or_default(), blob.hash);
        let stored = Stored {
            key: upload.key,
            status: upload.status,
            author: upload.author,
            history: upload.history,
            marker: &marker,
            blob: &blob,
            changes: changes.as_ref(),
        };
        self.commit(stored).await
    }

    /// A transaction holding the lock of `key`'s session, with the session.
    async fn lock_session(&self, key: &str) -> Result<(Tx, office::Session), SaveError> {
        let mut tx = self
            .0
            .store
            .db
            .begin()
            .await
            .context("starting transaction")?;
        match office::lock(&mut tx, key).await {
            Ok(session) => Ok((tx, session)),
            Err(store::Error::NotFound) => Err(unknown(key)),
            Err(e) => Err(e.into()),
        }
    }

    /// The Bureau user the editor config named (its `user.id` is the user's id).
    async fn author(&self, id: Option<&str>) -> Option<users::User> {
        users::by_id(&self.0.store.db, id?).await.ok()
    }

    async fn commit(&self, stored: Stored<'_>) -> Result<Saved, SaveError> {
        let key = stored.key;
        let author = self.author(stored.author).await;
        let author_ref = author
            .as_ref()
            .map(|u| (u.id.as_str(), u.display_name.as_str()));
        let source = match stored.status {
            CallbackStatus::Corrupted | CallbackStatus::CorruptedForceSave => {
                Source::OfficeRecovered
            }
            _ => Source::OfficeSave,
        };
        let ends = stored.status.ends_session();
        let (mut tx, session) = self.lock_session(key).await?;
        let now = store::now_ms();
        if office::applied(&mut tx, key, stored.marker)
            .await?
            .is_some()
        {
            if ends && session.is_open() {
                let (target, head) = (&session.target_id, session.head_version);
                office::update(&mut tx, key, target, head, false, now).await?;
            }
            tx.commit().await.context("ending transaction")?;
            return Ok(Saved::AlreadyApplied);
        }
        let target = entries::lock(&mut tx, &session.target_id).await?;
        let (file_id, version) = if target.current_version == Some(session.head_version) {
            let author_id = author_ref.map(|a| a.0);
            let head = session.head_version;
            let n =
                versions::append(&mut tx, &target.id, head, stored.blob, author_id, source).await?;
            (target.id.clone(), n)
        } else {
            let copy = conflicts::create_copy(&mut tx, &target, stored.blob, author_ref).await?;
            (copy, 1)
        };
        office::update(&mut tx, key, &file_id, version, !ends, now).await?;
        let record = SaveRecord {
            doc_key: key,
            marker: stored.marker,
            status: i64::from(stored.status),
            file_id: &file_id,
            version: Some(version),
            history: stored.history,
            changes_hash: stored.changes.map(|c| c.hash.to_string()),
            now,
        };
        office::record(&mut tx, &record).await?;
        tx.commit().await.context("committing save")?;
        Ok(Saved::Version { file_id, version })
    }
}

/// A save in the blob store, on its way into the database.
struct Stored<'a> {
    key: &'a str,
    status: CallbackStatus,
    author: Option<&'a str>,
    history: Option<String>,
    marker: &'a str,
    blob: &'a StoredBlob,
    changes: Option<&'a StoredBlob>,
}
