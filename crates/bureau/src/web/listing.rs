//! The rows of the file browser and the trash: what each entry shows (icon, name, link, size,
//! time, author, version) and whether it opens in ONLYOFFICE.

use std::collections::HashMap;

use onlyoffice::formats::{DocumentType, Format};
use time::{OffsetDateTime, macros::format_description};

use super::i18n::Messages;
use crate::{
    drive::views::timestamp,
    store::{Db, entries::Entry, office, users},
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
    /// Where clicking the name goes: the folder, the editor, or nowhere (downloaded instead).
    pub href: Option<String>,
    /// Whether it is a document ONLYOFFICE opens.
    pub office: bool,
    /// Whether "Download as PDF" is offered (a Document Server converts it).
    pub pdf_export: bool,
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
    db: &'a Db,
    m: &'static Messages,
    office_on: bool,
    trashed: bool,
    authors: HashMap<String, String>,
}

impl<'a> RowBuilder<'a> {
    /// A builder for one page.
    pub fn new(db: &'a Db, m: &'static Messages, office_on: bool, trashed: bool) -> Self {
        Self {
            db,
            m,
            office_on,
            trashed,
            authors: HashMap::new(),
        }
    }

    /// The row of one entry.
    pub async fn row(&mut self, e: &Entry) -> crate::store::Result<Row> {
        let format = Format::by_file_name(&e.name).filter(|f| f.can_view() && !e.is_folder());
        let office = format.is_some();
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
            Some(id) => self.author(id).await?,
            None => String::new(),
        };
        let editors = if office && !self.trashed {
            self.editors(&e.id).await?
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
            href,
            office,
            pdf_export: self.office_on
                && !self.trashed
                && format.is_some_and(|f| f.extension != "pdf" && f.can_convert_to("pdf")),
            convert_to: format
                .filter(|_| self.office_on && !self.trashed)
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

    /// Who edits a file now, from its open ONLYOFFICE sessions (status 1 callbacks).
    async fn editors(&mut self, file_id: &str) -> crate::store::Result<Vec<String>> {
        let mut names = Vec::new();
        for session in office::open_for_file(self.db, file_id).await? {
            for id in session.editors.split(',').filter(|id| !id.is_empty()) {
                let name = self.author(id).await?;
                if !name.is_empty() && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        Ok(names)
    }

    async fn author(&mut self, id: &str) -> crate::store::Result<String> {
        if let Some(name) = self.authors.get(id) {
            return Ok(name.clone());
        }
        let name = match users::by_id(self.db, id).await {
            Ok(user) => user.display_name,
            Err(crate::store::Error::NotFound) => String::new(),
            Err(e) => return Err(e),
        };
        self.authors.insert(id.to_owned(), name.clone());
        Ok(name)
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
