//! The `Range` request header (RFC 9110 §14): one byte range; anything else serves the whole.

/// What to send for a request's `Range` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeRequest {
    /// The whole content (no range, a malformed one, or several ranges).
    Full,
    /// Bytes `start..=end`.
    Partial {
        /// First byte.
        start: u64,
        /// Last byte, inclusive.
        end: u64,
    },
    /// A range that lies outside the content: 416.
    Unsatisfiable,
}

/// Interprets a `Range` header value for content of `size` bytes.
pub fn parse(header: Option<&str>, size: u64) -> RangeRequest {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return RangeRequest::Full;
    };
    if spec.contains(',') {
        return RangeRequest::Full;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return RangeRequest::Full;
    };
    let (first, last) = (first.trim(), last.trim());
    let number = |s: &str| s.parse::<u64>().ok();
    match (first.is_empty(), last.is_empty()) {
        (true, true) => RangeRequest::Full,
        (true, false) => match number(last) {
            Some(0) => RangeRequest::Unsatisfiable,
            Some(_) if size == 0 => RangeRequest::Unsatisfiable,
            Some(n) => RangeRequest::Partial {
                start: size.saturating_sub(n),
                end: size - 1,
            },
            None => RangeRequest::Full,
        },
        (false, open_end) => {
            let Some(start) = number(first) else {
                return RangeRequest::Full;
            };
            let end = if open_end {
                Some(u64::MAX)
            } else {
                number(last)
            };
            match end {
                None => RangeRequest::Full,
                Some(end) if end < start => RangeRequest::Full,
                Some(_) if start >= size => RangeRequest::Unsatisfiable,
                Some(end) => RangeRequest::Partial {
                    start,
                    end: end.min(size - 1),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{RangeRequest::*, parse};

    #[test]
    fn ranges() {
        let p = |h: &str| parse(Some(h), 100);
        assert_eq!(parse(None, 100), Full);
        assert_eq!(p("bytes=0-9"), Partial { start: 0, end: 9 });
        assert_eq!(p("bytes=90-"), Partial { start: 90, end: 99 });
        assert_eq!(p("bytes=-10"), Partial { start: 90, end: 99 });
        assert_eq!(p("bytes=-1000"), Partial { start: 0, end: 99 });
        assert_eq!(p("bytes=50-5000"), Partial { start: 50, end: 99 });
        assert_eq!(p("bytes=100-"), Unsatisfiable);
        assert_eq!(p("bytes=-0"), Unsatisfiable);
        assert_eq!(p("bytes=5-1"), Full);
        assert_eq!(p("bytes=0-1,5-6"), Full);
        assert_eq!(p("items=0-1"), Full);
        assert_eq!(p("bytes=x-1"), Full);
        assert_eq!(parse(Some("bytes=0-"), 0), Unsatisfiable);
    }

    proptest::proptest! {
        /// Any header, any size: no panic, and a partial range always lies inside the content.
        #[test]
        fn any_header_gives_a_sane_answer(header in ".{0,40}", tail in "[0-9,=-]{0,12}", size in 0u64..10_000) {
            for h in [header.clone(), format!("bytes={tail}")] {
                if let Partial { start, end } = parse(Some(&h), size) {
                    proptest::prop_assert!(start <= end && end < size, "{h:?} {size}");
                }
            }
        }
    }
}
