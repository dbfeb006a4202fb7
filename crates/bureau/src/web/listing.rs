//! The rows of the file browser and the trash: what each entry shows (icon or thumbnail, name,
//! link, size, time, author, version, who edits it now) and what ONLYOFFICE can do with it.

use std::collections::HashMap;

use onlyoffice::formats::{DocumentType, Format};
use time::{OffsetDateTime, macros::format_description};

use super::i18n::Messages;
use crate::{
    drive::views::timestamp,
    office::sessions,
    store::{
        Db,
        entries::Entry,
        office::{self, Session},
        users,
    },
};

/// One entry of a listing.
#[derive(Debug)]
pub struct Row {
    /// Entry id.
    pub id: String,
    /// Whether it is a folder.
    pub is_folder: bool,
    /// Its name.
    pub name: String,
    /// Icon class: `folder`, `word`, `cell`, `slide`, `pdf` or `file`.
    pub icon: &'static str,
    /// Its thumbnail's address, for office files while a Document Server is configured (the
    /// page falls back to the icon when it does not load).
    pub thumbnail: Option<String>,
    /// Where clicking the name goes: the folder, the editor, or nowhere (downloaded instead).
    pub href: Option<String>,
    /// Whether it is a document ONLYOFFICE opens.
    pub office: bool,
    /// Whether ONLYOFFICE edits its format natively (else it only views it).
    pub editable: bool,
    /// The extensions "Download as…" offers (what a Document Server converts it to).
    pub export_formats: Vec<&'static str>,
    /// The OOXML extension a legacy or lossy format converts to ("Convert to DOCX").
    pub convert_to: Option<&'static str>,
    /// Size for people ("12.5 KB"); the word "Folder" for folders.
    pub size: String,
    /// Size in bytes, for sorting (0 for folders).
    pub bytes: i64,
    /// Modification (or trashing) time, RFC 3339 (scripts show it in local time).
    pub time_iso: String,
    /// The same time in UTC for people, until the script localizes it.
    pub time: String,
    /// Author of the current version.
    pub author: String,
    /// Current version number (files).
    pub version: Option<i64>,
    /// Names of the people editing it in ONLYOFFICE now.
    pub editors: Vec<String>,
}

/// Builds rows; `office_on` says whether a Document Server is configured; `trashed` shows the
/// deletion time instead of the modification time and links nowhere.
#[derive(Debug)]
pub struct RowBuilder<'a> {
    m: &'static Messages,
    office_on: bool,
    trashed: bool,
    people: People<'a>,
}

impl<'a> RowBuilder<'a> {
    /// A builder for one page.
    pub fn new(db: &'a Db, m: &'static Messages, office_on: bool, trashed: bool) -> Self {
        Self {
            m,
            office_on,
            trashed,
            people: People::new(db),
        }
    }

    /// The row of one entry.
    pub async fn row(&mut self, e: &Entry) -> crate::store::Result<Row> {
        let format = Format::by_file_name(&e.name).filter(|f| f.can_view() && !e.is_folder());
        let office = format.is_some();
        let live_office = format.filter(|_| self.office_on && !self.trashed);
        let href = if self.trashed {
            None
        } else if e.is_folder() {
            Some(format!("/folders/{}", e.id))
        } else if office && self.office_on {
            Some(format!("/office/{}/edit", e.id))
        } else {
            None
        };
        let author = match &e.author_id {
            Some(id) => self.people.name(id).await?,
            None => String::new(),
        };
        let editors = if office && !self.trashed {
            let sessions = office::open_for_file(self.people.db, &e.id).await?;
            self.people.editing(&sessions).await?
        } else {
            Vec::new()
        };
        let time = if self.trashed {
            e.trashed_at.unwrap_or(e.updated_at)
        } else {
            e.updated_at
        };
        Ok(Row {
            id: e.id.clone(),
            is_folder: e.is_folder(),
            name: e.name.clone(),
            icon: icon(e, format),
            thumbnail: live_office.map(|_| format!("/api/v1/files/{}/thumbnail", e.id)),
            href,
            office,
            editable: format.is_some_and(Format::can_edit),
            export_formats: live_office
                .map(|f| f.convert_targets().filter(|t| *t != f.extension).collect())
                .unwrap_or_default(),
            convert_to: live_office
                .and_then(Format::convert_target)
                .map(|f| f.extension),
            size: match e.size {
                Some(bytes) if !e.is_folder() => human_size(bytes, self.m.units),
                _ => self.m.folder.to_owned(),
            },
            bytes: e.size.unwrap_or(0),
            time_iso: timestamp(time),
            time: utc_minutes(time),
            author,
            version: e.current_version.filter(|_| !e.is_folder()),
            editors,
        })
    }
}

/// Display names of users by id, each looked up once: authors, and who edits in ONLYOFFICE.
#[derive(Debug)]
pub struct People<'a> {
    db: &'a Db,
    names: HashMap<String, String>,
}

impl<'a> People<'a> {
    /// An empty cache.
    pub fn new(db: &'a Db) -> Self {
        Self {
            db,
            names: HashMap::new(),
        }
    }

    /// The display name of a user (empty for one who no longer exists).
    pub async fn name(&mut self, id: &str) -> crate::store::Result<String> {
        if let Some(name) = self.names.get(id) {
            return Ok(name.clone());
        }
        let name = match users::by_id(self.db, id).await {
            Ok(user) => user.display_name,
            Err(crate::store::Error::NotFound) => String::new(),
            Err(e) => return Err(e),
        };
        self.names.insert(id.to_owned(), name.clone());
        Ok(name)
    }

    /// The names of the people editing in open ONLYOFFICE `sessions` (their status 1
    /// callbacks), each once.
    pub async fn editing(&mut self, sessions: &[Session]) -> crate::store::Result<Vec<String>> {
        let mut names = Vec::new();
        for session in sessions {
            for id in sessions::editors(session) {
                let name = self.name(id).await?;
                if !name.is_empty() && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        Ok(names)
    }
}

fn icon(e: &Entry, format: Option<&Format>) -> &'static str {
    if e.is_folder() {
        return "folder";
    }
    match format.and_then(|f| f.document_type) {
        Some(DocumentType::Word) => "word",
        Some(DocumentType::Cell) => "cell",
        Some(DocumentType::Slide) => "slide",
        Some(DocumentType::Pdf) => "pdf",
        _ => "file",
    }
}

/// `1536` → `1.5 KB` with the language's unit names.
pub fn human_size(bytes: i64, units: [&str; 4]) -> String {
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < units.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} {}", units[0])
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// Unix milliseconds as `YYYY-MM-DD HH:MM UTC`, until a script shows them in local time.
pub fn utc_minutes(ms: i64) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_like_people_write_them() {
        let units = ["B", "KB", "MB", "GB"];
        assert_eq!(human_size(0, units), "0 B");
        assert_eq!(human_size(1023, units), "1023 B");
        assert_eq!(human_size(1536, units), "1.5 KB");
        assert_eq!(
            human_size(5 * 1024 * 1024, ["o", "Ko", "Mo", "Go"]),
            "5.0 Mo"
        );
    }
}
