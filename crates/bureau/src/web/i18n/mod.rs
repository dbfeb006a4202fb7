//! The UI's languages and their message tables: English, French and Chinese. The language of a
//! page is the user's setting when it names one of them, else the first supported language of
//! the browser's `Accept-Language`, else English.

mod tables;

use serde::Serialize;

/// A language the UI is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
    /// Chinese (simplified).
    Zh,
}

impl Lang {
    /// Every language, in menu order.
    pub const ALL: [Self; 3] = [Self::En, Self::Fr, Self::Zh];

    /// The language's own name, for the language menu.
    pub fn name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Fr => "Français",
            Self::Zh => "中文",
        }
    }

    /// The BCP 47 tag used in `<html lang>` and the editor config.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
            Self::Zh => "zh",
        }
    }

    /// The language of a tag such as `fr`, `fr-CA` or `zh-Hans-CN`, if supported.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Self::En),
            "fr" => Some(Self::Fr),
            "zh" => Some(Self::Zh),
            _ => None,
        }
    }

    /// Picks the language from the user's setting, then `Accept-Language` (by quality).
    pub fn negotiate(user_lang: Option<&str>, accept_language: Option<&str>) -> Self {
        if let Some(lang) = user_lang.and_then(Self::parse) {
            return lang;
        }
        let mut offers: Vec<(f32, Self)> = accept_language
            .unwrap_or_default()
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';');
                let lang = Self::parse(parts.next()?)?;
                let quality = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (quality > 0.0).then_some((quality, lang))
            })
            .collect();
        // A stable sort keeps the browser's order among equal qualities.
        offers.sort_by(|a, b| b.0.total_cmp(&a.0));
        offers.first().map_or(Self::En, |(_, lang)| *lang)
    }

    /// The messages of this language.
    pub fn messages(self) -> &'static Messages {
        match self {
            Self::En => &tables::EN,
            Self::Fr => &tables::FR,
            Self::Zh => &tables::ZH,
        }
    }
}

/// Every string the UI shows, in one language. Templates read the fields; the page scripts get
/// the whole table as JSON.
#[derive(Debug, Serialize)]
pub struct Messages {
    /// Title and button of the sign-in page.
    pub sign_in: &'static str,
    /// Label of the login field.
    pub login: &'static str,
    /// Label of the password field.
    pub password: &'static str,
    /// A sign-in refused for a wrong login or password.
    pub sign_in_failed: &'static str,
    /// The user menu's language choice.
    pub language: &'static str,
    /// The user menu's sign-out action.
    pub sign_out: &'static str,
    /// The user's root folder, in the navigation and breadcrumbs.
    pub my_files: &'static str,
    /// The trash, in the navigation and as the page title.
    pub trash: &'static str,
    /// The "New" menu.
    pub new: &'static str,
    /// New ▸ Document.
    pub new_document: &'static str,
    /// New ▸ Spreadsheet.
    pub new_spreadsheet: &'static str,
    /// New ▸ Presentation.
    pub new_presentation: &'static str,
    /// New ▸ PDF form.
    pub new_form: &'static str,
    /// New ▸ Folder.
    pub new_folder: &'static str,
    /// Prompt for the name of a new folder.
    pub folder_name: &'static str,
    /// The upload button.
    pub upload: &'static str,
    /// Shown while files are dragged over the page.
    pub drop_here: &'static str,
    /// Column: name.
    pub name: &'static str,
    /// Column: size.
    pub size: &'static str,
    /// Column: modification time.
    pub modified: &'static str,
    /// Column: author of the current version.
    pub author: &'static str,
    /// Column and menu: actions.
    pub actions: &'static str,
    /// Label of the breadcrumbs.
    pub path: &'static str,
    /// An empty folder.
    pub empty_folder: &'static str,
    /// What to do in an empty folder.
    pub empty_hint: &'static str,
    /// Action: open in ONLYOFFICE.
    pub open: &'static str,
    /// Action: open in ONLYOFFICE, read-only.
    pub view: &'static str,
    /// Action: download.
    pub download: &'static str,
    /// Action: download converted to PDF.
    pub download_as_pdf: &'static str,
    /// Action: convert to the editor's OOXML format; followed by the extension.
    pub convert_to: &'static str,
    /// Notice while a conversion runs.
    pub converting: &'static str,
    /// Notice once converted; followed by the new file's name.
    pub converted: &'static str,
    /// Action: rename.
    pub rename: &'static str,
    /// Prompt for a new name.
    pub new_name: &'static str,
    /// Action and dialog: move to another folder (`move` in the scripts' table).
    #[serde(rename = "move")]
    pub move_: &'static str,
    /// The Move dialog's confirmation.
    pub move_here: &'static str,
    /// Notice after a move.
    pub moved: &'static str,
    /// Action: move to the trash.
    pub delete: &'static str,
    /// Notice after a move to the trash.
    pub moved_to_trash: &'static str,
    /// Notice while a download is prepared.
    pub preparing_download: &'static str,
    /// Notice once a download is done.
    pub downloaded: &'static str,
    /// Label of the overall upload progress.
    pub total: &'static str,
    /// Cancels an upload.
    pub cancel: &'static str,
    /// An upload cancelled.
    pub cancelled: &'static str,
    /// Upload finished.
    pub uploaded: &'static str,
    /// Upload stored under another name; followed by the name.
    pub saved_as: &'static str,
    /// Upload refused as too large.
    pub too_large: &'static str,
    /// Prefix of any failure; followed by the server's detail.
    pub failed: &'static str,
    /// Title of the banner shown without a Document Server.
    pub no_docs_title: &'static str,
    /// How to connect a Document Server.
    pub no_docs_body: &'static str,
    /// How to try Bureau with the bundled emulator.
    pub no_docs_trial: &'static str,
    /// Why office actions are disabled.
    pub office_disabled: &'static str,
    /// Column of the trash: when an entry was deleted.
    pub deleted: &'static str,
    /// An empty trash.
    pub trash_empty: &'static str,
    /// Action: restore from the trash.
    pub restore: &'static str,
    /// Notice after a restore.
    pub restored: &'static str,
    /// Action: delete for good.
    pub purge: &'static str,
    /// Confirmation before deleting for good.
    pub purge_confirm: &'static str,
    /// Action: empty the trash.
    pub empty_trash: &'static str,
    /// Title of the error page.
    pub error_title: &'static str,
    /// A page that does not exist.
    pub not_found: &'static str,
    /// Link from the error page.
    pub back_home: &'static str,
    /// A folder, where a file shows its size.
    pub folder: &'static str,
    /// Badge of a file open in ONLYOFFICE; followed by the editors' names.
    pub editing_by: &'static str,
    /// The versions panel and its menu entry.
    pub versions: &'static str,
    /// Link from the versions panel back to the file's folder.
    pub back_to_folder: &'static str,
    /// Column: where a version came from.
    pub source: &'static str,
    /// Marks the current version.
    pub current: &'static str,
    /// Notice after a restore of a version.
    pub version_restored: &'static str,
    /// Source: an upload.
    pub source_upload: &'static str,
    /// Source: saved from ONLYOFFICE.
    pub source_office_save: &'static str,
    /// Source: a restore of an older version.
    pub source_restore: &'static str,
    /// Source: a conversion.
    pub source_conversion: &'static str,
    /// Source: recovered from an ONLYOFFICE save error.
    pub source_office_recovered: &'static str,
    /// Source: anything else.
    pub source_other: &'static str,
    /// Version label before a version number.
    pub version: &'static str,
    /// Size units: bytes, KiB, MiB, GiB.
    pub units: [&'static str; 4],
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn every_language_has_every_message_and_translates_it() {
        let en = serde_json::to_value(Lang::En.messages()).unwrap_or_default();
        let en = en.as_object().expect("messages are an object");
        for lang in [Lang::Fr, Lang::Zh] {
            let other = serde_json::to_value(lang.messages()).unwrap_or_default();
            let mut same = Vec::new();
            for (key, value) in en {
                let theirs = &other[key];
                assert!(
                    theirs.as_str().is_none_or(|s| !s.trim().is_empty()),
                    "{key} is empty in {lang:?}"
                );
                if theirs == value
                    && ![
                        "actions",
                        "version",
                        "new_document",
                        "units",
                        "total",
                        "versions",
                        "source_conversion",
                    ]
                    .contains(&key.as_str())
                {
                    same.push(key.clone());
                }
            }
            assert!(same.is_empty(), "untranslated in {lang:?}: {same:?}");
        }
    }

    #[test]
    fn the_user_setting_wins_then_accept_language_by_quality() {
        assert_eq!(Lang::negotiate(Some("fr"), Some("zh-CN")), Lang::Fr);
        assert_eq!(
            Lang::negotiate(Some("de"), Some("zh-CN,zh;q=0.9")),
            Lang::Zh
        );
        assert_eq!(
            Lang::negotiate(None, Some("de-DE, fr;q=0.5, en;q=0.8")),
            Lang::En
        );
        assert_eq!(Lang::negotiate(None, Some("de, fr-CA;q=0.7")), Lang::Fr);
        assert_eq!(Lang::negotiate(None, Some("fr;q=0")), Lang::En);
        assert_eq!(Lang::negotiate(None, None), Lang::En);
    }
}
