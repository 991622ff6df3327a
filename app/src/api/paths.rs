//! Where a form or link may send a person back to: a path on this site, and
//! nothing a browser could read as another site.

/// The path itself when `raw` is a path on this site, else `None`.
///
/// Browsers are lenient with URLs: they drop tabs and newlines anywhere,
/// trim spaces and control characters at the ends, and read `\` as `/`.
/// So `/\t/evil.example` becomes `//evil.example`, another site. Only a
/// path that starts with a single `/` and holds no control character, no
/// whitespace and no backslash anywhere is taken; a browser reads it as
/// written.
pub fn local_path(raw: &str) -> Option<&str> {
    let mut chars = raw.chars();
    let same_site = chars.next() == Some('/') && !matches!(chars.next(), Some('/'));
    let clean = raw
        .chars()
        .all(|c| !c.is_control() && !c.is_whitespace() && c != '\\');
    (same_site && clean).then_some(raw)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn a_path_on_this_site_is_kept_as_written() {
        for path in [
            "/",
            "/tickets/FL-00001?tab=log",
            "/intake?mode=phone#top",
            "/%2F/x",
        ] {
            assert_eq!(local_path(path), Some(path));
        }
    }

    #[test]
    fn anything_a_browser_could_read_as_another_site_is_refused() {
        for bad in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            " /x",
            "/x ",
            "/x\u{0}",
            "/x\u{7f}",
            "/\u{2028}/evil.example",
            "evil.example",
            "javascript:alert(1)",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}
