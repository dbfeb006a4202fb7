//! `Content-Disposition` with the original file name: an ASCII fallback in `filename` and the
//! exact name in `filename*` (RFC 6266, RFC 5987 encoding).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters RFC 5987 `attr-char` allows unencoded, removed from the encode set.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment` (or `inline`) with both name forms.
pub fn header_value(name: &str, inline: bool) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            // `%` too: some browsers percent-decode the plain `filename`.
            let plain = c.is_ascii() && !c.is_ascii_control() && !matches!(c, '"' | '\\' | '%');
            if plain { c } else { '_' }
        })
        .collect();
    let kind = if inline { "inline" } else { "attachment" };
    let encoded = utf8_percent_encode(name, ATTR_CHAR);
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::header_value;

    #[test]
    fn ascii_and_unicode_names() {
        assert_eq!(
            header_value("report.docx", false),
            "attachment; filename=\"report.docx\"; filename*=UTF-8''report.docx"
        );
        assert_eq!(
            header_value("Résumé \"final\" 文档.docx", false),
            "attachment; filename=\"R_sum_ _final_ __.docx\"; \
             filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%20%E6%96%87%E6%A1%A3.docx"
        );
        assert!(header_value("a;b.txt", true).starts_with("inline; filename=\"a;b.txt\""));
        assert!(
            header_value("100%AB.docx", false).starts_with("attachment; filename=\"100_AB.docx\"")
        );
    }

    proptest::proptest! {
        /// Any name gives a valid header whose `filename*` decodes back to the exact name.
        #[test]
        fn any_name_round_trips(name in "\\PC{1,60}") {
            let value = header_value(&name, false);
            proptest::prop_assert!(http::HeaderValue::from_str(&value).is_ok());
            let encoded = value.rsplit("filename*=UTF-8''").next().unwrap_or_default();
            let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8().unwrap();
            proptest::prop_assert_eq!(decoded, name.as_str());
            let fallback = value.split('"').nth(1).unwrap_or_default();
            proptest::prop_assert!(fallback.chars().all(|c| c.is_ascii() && c != '%'));
        }
    }
}
