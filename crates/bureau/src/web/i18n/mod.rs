//! The UI's languages and their message tables: English, French and Chinese. The language of a
//! page is the user's setting when it names one of them, else the first supported language of
//! the browser's `Accept-Language`, else English.

mod messages;
mod tables;

pub use messages::Messages;

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
                        "format",
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
