//! Creating, renaming, moving, trashing, restoring and purging entries.

use anyhow::Context as _;
use futures_util::Stream;

use super::{names::FileName, versions};
use crate::{
    error::{Error, Result},
    store::{
        self, Store, Tx,
        blobs::{PutError, StoredBlob},
        entries::{self, Entry, NewEntry},
        users::User,
    },
};

/// Where a version's content came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Uploaded by a user.
    Upload,
    /// Saved from ONLYOFFICE Docs.
    OfficeSave,
    /// Recovered from ONLYOFFICE Docs after it reported a save error (status 3 or 7).
    OfficeRecovered,
    /// Restored from an older version.
    Restore,
    /// Produced by a format conversion.
    Conversion,
}

impl Source {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upload => "upload",
            Self::OfficeSave => "office_save",
            Self::OfficeRecovered => "office_recovered",
            Self::Restore => "restore",
            Self::Conversion => "conversion",
        }
    }
}

/// Streams content into the blob store, refusing more than the configured limit.
pub async fn store_content<S, E>(store: &Store, body: S, limit: u64) -> Result<StoredBlob>
where
    S: Stream<Item = Result<bytes::Bytes, E>> + Unpin,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    store.blobs.put(body, limit).await.map_err(|e| match e {
        PutError::TooLarge { limit } => Error::TooLarge { limit },
        PutError::Source(e) => {
            Error::bad_request("upload_interrupted", format!("the upload broke off: {e}"))
        }
        PutError::Storage(e) => Error::Internal(anyhow::Error::new(e).context("storing blob")),
    })
}

/// What to create in a folder.
#[derive(Debug, Clone, Copy)]
pub enum NewContent<'a> {
    /// An empty folder.
    Folder,
    /// A file whose first version is `blob`.
    File {
        /// The content.
        blob: &'a StoredBlob,
        /// Where it came from.
        source: Source,
        /// Who wrote it (`None`: unknown).
        author_id: Option<&'a str>,
    },
}

/// Creates a folder or file in `parent`; a name already taken becomes `name (2).ext`, `(3)`…
pub async fn create(
    store: &Store,
    parent: &Entry,
    name: &FileName,
    content: NewContent<'_>,
) -> Result<Entry> {
    for _ in 0..5 {
        match try_create(store, parent, name, content).await {
            Err(Error::Conflict { .. }) => continue,
            other => return other,
        }
    }
    Err(Error::conflict(
        "name_taken",
        "could not find a free name, try again",
    ))
}

async fn try_create(
    store: &Store,
    parent: &Entry,
    name: &FileName,
    content: NewContent<'_>,
) -> Result<Entry> {
    let mut tx = store.db.begin().await.context("starting transaction")?;
    // Entries live in the tree of the folder's owner, whoever creates them.
    let id = create_in(&mut tx, &parent.owner_id, &parent.id, name, content).await?;
    tx.commit().await.context("committing new entry")?;
    Ok(entries::get(&store.db, &id).await?)
}

/// Creates an entry inside a transaction, under the first free variant of `name`; returns its
/// id. A concurrent twin makes the insert fail with `Conflict`, for the caller to retry.
pub async fn create_in(
    tx: &mut Tx,
    owner_id: &str,
    parent_id: &str,
    name: &FileName,
    content: NewContent<'_>,
) -> Result<String> {
    // Creators in one folder queue on its row (PostgreSQL; SQLite's write lock already does),
    // so each sees the names its predecessors took instead of racing them.
    entries::lock(tx, parent_id).await?;
    let id = store::new_id();
    let taken = entries::names_with_prefix(tx, parent_id, name.collision_prefix()).await?;
    let name = name.first_free(&taken);
    let mime = match content {
        NewContent::Folder => None,
        NewContent::File { .. } => Some(mime_of(&name)),
    };
    let entry = NewEntry {
        id: &id,
        kind: if mime.is_some() { "file" } else { "folder" },
        owner_id,
        parent_id: Some(parent_id),
        name: name.as_str(),
        mime: mime.as_deref(),
        now: store::now_ms(),
    };
    entries::insert(tx, &entry).await?;
    if let NewContent::File {
        blob,
        source,
        author_id,
    } = content
    {
        versions::append(tx, &id, 0, blob, author_id, source).await?;
    }
    Ok(id)
}

/// The MIME type of a file name, by its extension.
pub fn mime_of(name: &FileName) -> String {
    mime_guess::from_path(name.as_str())
        .first_or_octet_stream()
        .essence_str()
        .to_owned()
}

/// Renames and/or moves an entry; the target name must be free (409 otherwise).
pub async fn relocate(
    store: &Store,
    entry: &Entry,
    target: &Entry,
    name: &FileName,
) -> Result<Entry> {
    if entry.parent_id.is_none() {
        return Err(Error::bad_request(
            "invalid_move",
            "a root folder cannot be moved or renamed",
        ));
    }
    if target.owner_id != entry.owner_id {
        return Err(Error::bad_request(
            "invalid_move",
            "an entry cannot move into another person's folder",
        ));
    }
    if entry.is_folder() {
        let target_path = entries::path(&store.db, &target.id).await?;
        if target_path.iter().any(|e| e.id == entry.id) {
            return Err(Error::bad_request(
                "invalid_move",
                "a folder cannot move into itself",
            ));
        }
    }
    let mut tx = store.db.begin().await.context("starting transaction")?;
    match entries::relocate(
        &mut tx,
        &entry.id,
        &target.id,
        name.as_str(),
        store::now_ms(),
    )
    .await
    {
        Err(store::Error::Conflict(_)) => {
            return Err(Error::conflict(
                "name_taken",
                format!("'{}' already exists in the target folder", name.as_str()),
            ));
        }
        other => other?,
    }
    tx.commit().await.context("committing move")?;
    Ok(entries::get(&store.db, &entry.id).await?)
}

/// Moves an entry (and so its subtree) to the trash.
pub async fn trash(store: &Store, entry: &Entry) -> Result<()> {
    if entry.parent_id.is_none() {
        return Err(Error::bad_request(
            "invalid_move",
            "a root folder cannot be trashed",
        ));
    }
    let mut tx = store.db.begin().await.context("starting transaction")?;
    entries::set_trashed(&mut tx, &entry.id, Some(store::now_ms())).await?;
    tx.commit().await.context("committing trash")?;
    Ok(())
}

/// Brings an entry back from the trash, into its old folder if that is still live, else into
/// the owner's root; a name taken meanwhile becomes `name (2)`.
pub async fn restore(store: &Store, owner: &User, entry: &Entry) -> Result<Entry> {
    let parent_id = entry.parent_id.as_deref().unwrap_or_default();
    let parent_live = entries::path(&store.db, parent_id)
        .await
        .is_ok_and(|p| p.iter().all(|e| e.trashed_at.is_none()));
    let parent = if parent_live {
        entries::get(&store.db, parent_id).await?
    } else {
        entries::root_of(&store.db, &owner.id).await?
    };
    let name = FileName::parse(&entry.name)?;
    let mut tx = store.db.begin().await.context("starting transaction")?;
    let taken = entries::names_with_prefix(&mut tx, &parent.id, name.collision_prefix()).await?;
    let name = name.first_free(&taken);
    entries::relocate(
        &mut tx,
        &entry.id,
        &parent.id,
        name.as_str(),
        store::now_ms(),
    )
    .await?;
    entries::set_trashed(&mut tx, &entry.id, None).await?;
    tx.commit().await.context("committing restore")?;
    Ok(entries::get(&store.db, &entry.id).await?)
}

/// Deletes a trashed entry for good; its blobs go at the next collection.
pub async fn purge(store: &Store, entry: &Entry) -> Result<()> {
    let mut tx = store.db.begin().await.context("starting transaction")?;
    entries::purge(&mut tx, &entry.id).await?;
    tx.commit().await.context("committing purge")?;
    Ok(())
}
