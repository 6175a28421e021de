//! Turning an uploaded export's bytes into text. Exports arrive as UTF-8 (with or
//! without Excel's byte-order mark), as Windows-1252 when someone opened the file in
//! Excel and saved it, and now and then as the web page a browser saved in place of the
//! download. The first two are read (and the preview says which); the last is refused
//! with a message that says what happened.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How the file was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FileEncoding {
    Utf8,
    Utf8WithBom,
    /// Not valid UTF-8, so read as Windows-1252 (Excel's "CSV" on Windows) and
    /// converted; the preview tells the user, since accents are guessed this way.
    Windows1252,
}

/// Why a file cannot be imported at all (as opposed to a finding on one row).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ImportRefused {
    pub code: &'static str,
    pub message: String,
}

impl ImportRefused {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// True when the text is an HTML page: it opens with a tag, and an HTML element
/// appears near the top. A CSV never opens with `<`.
fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_lowercase();
    head.starts_with('<')
        && [
            "<!doctype html",
            "<html",
            "<head",
            "<body",
            "<table",
            "<meta",
        ]
        .iter()
        .any(|tag| head.contains(tag))
}

/// The file's text and how it was written.
pub fn decode(bytes: &[u8]) -> Result<(String, FileEncoding), ImportRefused> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ImportRefused::new(
            "unsupported_encoding",
            "This file was saved as \"Unicode Text\" (UTF-16). Export the loops from Dotloop again and import the downloaded file, or save it from Excel as \"CSV UTF-8\".",
        ));
    }
    let (body, with_bom) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let (text, encoding) = match std::str::from_utf8(body) {
        Ok(text) if with_bom => (text.to_owned(), FileEncoding::Utf8WithBom),
        Ok(text) => (text.to_owned(), FileEncoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
            (text.into_owned(), FileEncoding::Windows1252)
        }
    };
    if looks_like_html(&text) {
        return Err(ImportRefused::new(
            "html_not_csv",
            "This file is a web page (HTML) saved with a .csv name, not Dotloop's CSV export. Export the loops from Dotloop again and import the file the download saves, without opening it in the browser first.",
        ));
    }
    if text.trim().is_empty() {
        return Err(ImportRefused::new("empty_file", "The file is empty."));
    }
    Ok((text, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let (text, encoding) = decode(b"\xEF\xBB\xBFLoop View\n1\n").unwrap();
        assert_eq!(text, "Loop View\n1\n");
        assert_eq!(encoding, FileEncoding::Utf8WithBom);
        let (_, encoding) = decode("Loop View\nJosé\n".as_bytes()).unwrap();
        assert_eq!(encoding, FileEncoding::Utf8);
    }

    #[test]
    fn windows_1252_is_converted() {
        // "José Núñez – 3½" as Excel writes it on Windows.
        let bytes = b"Loop View\nJos\xE9 N\xFA\xF1ez \x96 3\xBD\n";
        let (text, encoding) = decode(bytes).unwrap();
        assert_eq!(encoding, FileEncoding::Windows1252);
        assert_eq!(text, "Loop View\nJosé Núñez – 3½\n");
    }

    #[test]
    fn a_web_page_is_refused_with_a_message_that_says_so() {
        for page in [
            "<!DOCTYPE html><html><head><title>Dotloop</title></head><body></body></html>",
            "\n  <html lang=\"en\"><body>Sign in</body></html>",
            "\u{FEFF}<HTML><BODY><TABLE><tr><td>Loop View</td></tr></TABLE></BODY></HTML>",
        ] {
            let refused = decode(page.as_bytes()).unwrap_err();
            assert_eq!(refused.code, "html_not_csv");
            assert!(
                refused.message.contains("web page (HTML)"),
                "{}",
                refused.message
            );
        }
        assert_eq!(
            decode(b"\xFF\xFEL\0").unwrap_err().code,
            "unsupported_encoding"
        );
        assert_eq!(decode(b"  \n").unwrap_err().code, "empty_file");
    }
}
