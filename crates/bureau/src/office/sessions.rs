//! Document keys: one live key per (file, version), shared by every co-editor. A key is random
//! (unguessable, never reused for other content) and lives in the database, so any Bureau
//! process can answer the Document Server about it. A file gets a new key once a final save is
//! accepted or its content changes by any other way (upload, restore), because the session of
//! the old version then no longer matches the file's current version.

use anyhow::Context as _;
use onlyoffice::DocKey;

use crate::{
    error::Result,
    store::{
        self, Store,
        entries::Entry,
        office::{self, Session},
    },
};

/// The open session of the file's current version, created when there is none.
pub async fn current(store: &Store, file: &Entry) -> Result<Session> {
    let head = file.current_version.context("a file without versions")?;
    for _ in 0..3 {
        if let Some(session) = office::find_live(&store.db, &file.id, head).await? {
            return Ok(session);
        }
        let now = store::now_ms();
        let session = Session {
            doc_key: DocKey::generate().as_str().to_owned(),
            file_id: file.id.clone(),
            target_id: file.id.clone(),
            head_version: head,
            state: "open".to_owned(),
            editors: String::new(),
            created_at: now,
            updated_at: now,
        };
        match office::insert(&store.db, &session).await {
            Ok(()) => return Ok(session),
            // Another request created the session of this version meanwhile: use it.
            Err(store::Error::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(anyhow::anyhow!("could not create an editing session").into())
}

/// The users editing a session, from its stored list.
pub fn editors(session: &Session) -> Vec<&str> {
    session
        .editors
        .split(',')
        .filter(|s| !s.is_empty())
        .collect()
}
