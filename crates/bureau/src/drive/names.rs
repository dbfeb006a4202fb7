//! File and folder names: what is allowed, and how a colliding name is made unique.

use crate::error::{Error, Result};

/// Longest name, in bytes of UTF-8.
pub const MAX_NAME_BYTES: usize = 255;

/// A valid name for a file or folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName(String);

impl FileName {
    /// Accepts a name unless it is empty, `.` or `..`, longer than 255 bytes, has leading or
    /// trailing spaces, or contains `/`, `\`, NUL or another control character.
    pub fn parse(raw: &str) -> Result<Self> {
        let invalid =
            |why: &str| Error::bad_request("invalid_name", format!("invalid name: {why}"));
        if raw.is_empty() {
            return Err(invalid("it is empty"));
        }
        if raw == "." || raw == ".." {
            return Err(invalid("'.' and '..' are reserved"));
        }
        if raw.len() > MAX_NAME_BYTES {
            return Err(invalid("it is longer than 255 bytes"));
        }
        if raw.trim() != raw {
            return Err(invalid("it starts or ends with a space"));
        }
        if raw.chars().any(|c| c == '/' || c == '\\' || c.is_control()) {
            return Err(invalid("it contains '/', '\\' or a control character"));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name without its extension, and the extension with its dot (`""` if none).
    pub fn split_extension(&self) -> (&str, &str) {
        match self.0.rfind('.') {
            Some(i) if i > 0 => self.0.split_at(i),
            _ => (&self.0, ""),
        }
    }

    /// The lower-case extension without its dot.
    pub fn extension(&self) -> String {
        self.split_extension()
            .1
            .trim_start_matches('.')
            .to_ascii_lowercase()
    }

    /// The first of `name`, `stem (2).ext`, `stem (3).ext`… not in `taken`.
    pub fn first_free(&self, taken: &[String]) -> Self {
        if !taken.contains(&self.0) {
            return self.clone();
        }
        let (stem, ext) = self.split_extension();
        (2u64..)
            .map(|n| {
                let suffix = format!(" ({n}){ext}");
                let mut cut = MAX_NAME_BYTES.saturating_sub(suffix.len()).min(stem.len());
                while !stem.is_char_boundary(cut) {
                    cut -= 1;
                }
                format!("{}{suffix}", &stem[..cut])
            })
            .find(|candidate| !taken.contains(candidate))
            .map_or_else(|| self.clone(), Self)
    }

    /// The prefix shared by every candidate [`first_free`](Self::first_free) may produce.
    pub fn collision_prefix(&self) -> &str {
        let (stem, ext) = self.split_extension();
        let mut cut = stem
            .len()
            .min(MAX_NAME_BYTES.saturating_sub(24 + ext.len()));
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        &stem[..cut]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_but_valid_names() {
        for name in [
            "Ünïcödé 文档.docx",
            "quote \"and\" <tag> & amp.xlsx",
            "emoji 🎉.pptx",
            ".hidden",
            "no extension",
            "a.b.c.odt",
        ] {
            assert_eq!(FileName::parse(name).unwrap().as_str(), name);
        }
    }

    #[test]
    fn refused_names() {
        let long = "a".repeat(256);
        for name in [
            "",
            ".",
            "..",
            "a/b",
            "a\\b",
            "nul\0",
            "line\nbreak",
            " lead",
            "trail ",
            &long,
        ] {
            let err = FileName::parse(name).unwrap_err();
            assert_eq!(err.code(), "invalid_name", "{name:?}");
        }
        assert!(FileName::parse(&"é".repeat(127)).is_ok());
        assert!(FileName::parse(&"é".repeat(128)).is_err());
    }

    #[test]
    fn collisions_get_a_number_before_the_extension() {
        let name = FileName::parse("report.docx").unwrap();
        assert_eq!(name.first_free(&[]).as_str(), "report.docx");
        let taken = vec!["report.docx".to_owned(), "report (2).docx".to_owned()];
        assert_eq!(name.first_free(&taken).as_str(), "report (3).docx");
        let dot = FileName::parse(".bashrc").unwrap();
        assert_eq!(
            dot.first_free(&[".bashrc".to_owned()]).as_str(),
            ".bashrc (2)"
        );
        let long = FileName::parse(&format!("{}.docx", "é".repeat(125))).unwrap();
        let free = long.first_free(&[long.as_str().to_owned()]);
        assert!(free.as_str().len() <= MAX_NAME_BYTES && free.as_str().ends_with(" (2).docx"));
        assert!(free.as_str().starts_with(long.collision_prefix()));
    }

    proptest::proptest! {
        /// Any input: no panic; an accepted name has no separator or control character, and
        /// its collision variants are valid names too.
        #[test]
        fn any_input_is_judged_safely(raw in "\\PC{0,300}|[./\\\\ a-z\\x00-\\x1f]{0,8}") {
            if let Ok(name) = FileName::parse(&raw) {
                proptest::prop_assert!(!raw.contains(['/', '\\']) && !raw.chars().any(char::is_control));
                proptest::prop_assert!(raw.len() <= MAX_NAME_BYTES && raw != "." && raw != "..");
                let taken = vec![raw.clone(), name.first_free(std::slice::from_ref(&raw)).as_str().to_owned()];
                let free = name.first_free(&taken);
                proptest::prop_assert!(FileName::parse(free.as_str()).is_ok(), "{free:?}");
                proptest::prop_assert!(!taken.contains(&free.as_str().to_owned()));
            }
        }
    }
}
