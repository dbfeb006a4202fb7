//! Who may reach which entry. For now an entry is reachable by its owner only; anyone else gets
//! the same 404 as for an entry that does not exist, so ids reveal nothing.

use crate::{
    error::{Error, Result},
    store::{self, Store, entries::Entry, users::User},
};

/// What kind of entry a route expects, for its not-found code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A file.
    File,
    /// A folder.
    Folder,
    /// Either.
    Any,
}

impl Kind {
    fn not_found(self) -> Error {
        match self {
            Self::File => Error::NotFound {
                code: "file_not_found",
                what: "file",
            },
            Self::Folder => Error::NotFound {
                code: "folder_not_found",
                what: "folder",
            },
            Self::Any => Error::NotFound {
                code: "entry_not_found",
                what: "entry",
            },
        }
    }

    fn matches(self, entry: &Entry) -> bool {
        match self {
            Self::File => !entry.is_folder(),
            Self::Folder => entry.is_folder(),
            Self::Any => true,
        }
    }
}

/// The path (root first) to a live entry of `kind` that `user` owns; 404 otherwise, including
/// when the entry or one of its ancestors is in the trash.
pub async fn live_path(store: &Store, user: &User, id: &str, kind: Kind) -> Result<Vec<Entry>> {
    let path = lookup(store, id, kind).await?;
    let entry = path.last().ok_or_else(|| kind.not_found())?;
    if entry.owner_id != user.id
        || !kind.matches(entry)
        || path.iter().any(|e| e.trashed_at.is_some())
    {
        return Err(kind.not_found());
    }
    Ok(path)
}

/// A live entry of `kind` that `user` owns.
pub async fn live(store: &Store, user: &User, id: &str, kind: Kind) -> Result<Entry> {
    let mut path = live_path(store, user, id, kind).await?;
    path.pop().ok_or_else(|| kind.not_found())
}

/// An entry `user` owns that was itself moved to the trash.
pub async fn trashed(store: &Store, user: &User, id: &str) -> Result<Entry> {
    let entry = lookup(store, id, Kind::Any)
        .await?
        .pop()
        .ok_or_else(|| Kind::Any.not_found())?;
    if entry.owner_id != user.id || entry.trashed_at.is_none() {
        return Err(Kind::Any.not_found());
    }
    Ok(entry)
}

async fn lookup(store: &Store, id: &str, kind: Kind) -> Result<Vec<Entry>> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(kind.not_found());
    }
    match store::entries::path(&store.db, id).await {
        Err(store::Error::NotFound) => Err(kind.not_found()),
        other => Ok(other?),
    }
}
