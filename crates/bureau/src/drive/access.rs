//! Who may reach which entry: its owner ([`live`], for managing it), or anyone a share on the
//! entry or one of its folders names, with that share's role ([`reach`]); public links reach the
//! shared entry and what lies below it ([`reach_by_link`]). Anyone else gets the same 404 as for
//! an entry that does not exist, so ids reveal nothing.

use super::roles::{Grant, Role};
use crate::{
    error::{Error, Result},
    store::{
        self, Store,
        entries::Entry,
        shares::{self, Share},
        users::User,
    },
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

/// How a person reaches a live entry: as its owner, or through shares on it or its folders.
#[derive(Debug, Clone)]
pub struct Reach {
    /// The entry's path, root first, entry last.
    pub path: Vec<Entry>,
    /// Ownership or the best role any share grants.
    pub grant: Grant,
    /// Index in `path` of the topmost entry the person may see.
    top: usize,
}

impl Reach {
    /// A user's own root folder, which has nothing above it.
    pub fn owned(root: Entry) -> Self {
        Self {
            path: vec![root],
            grant: Grant::Owner,
            top: 0,
        }
    }

    /// The entry reached.
    pub fn entry(&self) -> &Entry {
        &self.path[self.path.len() - 1]
    }

    /// The part of the path the person may see (from the shared folder down, for a share).
    pub fn visible_path(&self) -> &[Entry] {
        &self.path[self.top..]
    }

    /// The folder holding the entry, when the person may see it.
    pub fn visible_parent(&self) -> Option<&Entry> {
        let visible = self.visible_path();
        visible.len().checked_sub(2).map(|i| &visible[i])
    }
}

/// Reaches a live entry of `kind` as its owner or through a share with `user`; a stranger gets
/// the same 404 as for an entry that does not exist.
pub async fn reach(store: &Store, user: &User, id: &str, kind: Kind) -> Result<Reach> {
    let path = live_any(store, id, kind).await?;
    if path.last().is_some_and(|e| e.owner_id == user.id) {
        return Ok(Reach {
            path,
            grant: Grant::Owner,
            top: 0,
        });
    }
    let ids: Vec<String> = path.iter().map(|e| e.id.clone()).collect();
    let shares = shares::for_user(&store.db, &user.id, &ids, store::now_ms()).await?;
    best(path, &shares).ok_or_else(|| kind.not_found())
}

/// Reaches a live entry through a public link: the shared entry itself or anything below it.
pub async fn reach_by_link(store: &Store, share: &Share, id: &str, kind: Kind) -> Result<Reach> {
    let path = live_any(store, id, kind).await?;
    best(path, std::slice::from_ref(share)).ok_or_else(|| kind.not_found())
}

/// Like [`reach`], requiring at least `needed`.
pub async fn reach_for(
    store: &Store,
    user: &User,
    id: &str,
    kind: Kind,
    needed: Role,
) -> Result<Reach> {
    let reach = reach(store, user, id, kind).await?;
    reach.grant.require(needed)?;
    Ok(reach)
}

/// The best role the shares grant on the path, with the topmost shared entry.
fn best(path: Vec<Entry>, shares: &[Share]) -> Option<Reach> {
    let mut found: Option<(Role, usize)> = None;
    for share in shares {
        let Some(index) = path.iter().position(|e| e.id == share.entry_id) else {
            continue;
        };
        let Ok(role) = Role::parse(&share.role) else {
            continue;
        };
        found = Some(match found {
            Some((r, i)) => (r.max(role), i.min(index)),
            None => (role, index),
        });
    }
    found.map(|(role, top)| Reach {
        path,
        grant: Grant::Shared(role),
        top,
    })
}

/// The path (root first) to a live entry of `kind`, whoever owns it: for callers that are not a
/// user (the application API). 404 when it does not exist or lies in the trash.
pub async fn live_any(store: &Store, id: &str, kind: Kind) -> Result<Vec<Entry>> {
    let path = lookup(store, id, kind).await?;
    let entry = path.last().ok_or_else(|| kind.not_found())?;
    if !kind.matches(entry) || path.iter().any(|e| e.trashed_at.is_some()) {
        return Err(kind.not_found());
    }
    Ok(path)
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
