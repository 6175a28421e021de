//! PDF to text: each page's text (lopdf's extraction of the text operators), pages
//! joined as paragraphs. Scanned pages hold images only and give no text; a file whose
//! pages give none at all is refused by the caller as text-less.

use lopdf::Document;

/// The most a page's content may decompress to: a bomb's page gives no text.
const MAX_PAGE_CONTENT: usize = 16 * 1024 * 1024;

/// The text of a PDF, or why it cannot be read (a sentence for the person uploading).
pub fn to_markdown(bytes: &[u8]) -> Result<String, String> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("The file is not a PDF: it does not start like one.".into());
    }
    let document = Document::load_mem(bytes).map_err(|error| {
        if error.to_string().to_ascii_lowercase().contains("decrypt") {
            protected()
        } else {
            "The PDF is damaged and its text cannot be read.".to_owned()
        }
    })?;
    // Encrypted with an empty user password (restrictions on printing or copying only),
    // lopdf has decrypted it already; with a real one, it waits for the password.
    if document.is_encrypted() && !document.was_encrypted() {
        return Err(protected());
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        return Err("The PDF has no pages.".into());
    }
    let mut paragraphs = Vec::with_capacity(pages.len());
    for number in pages.keys() {
        // A page whose content cannot be read gives no text; the others still count.
        let Ok(text) = document.extract_text_with_limit(&[*number], MAX_PAGE_CONTENT) else {
            continue;
        };
        let page = tidy(&text);
        if !page.is_empty() {
            paragraphs.push(page);
        }
    }
    Ok(paragraphs.join("\n\n"))
}

fn protected() -> String {
    "The PDF is protected by a password (encrypted): save an unprotected copy and upload that."
        .to_owned()
}

/// One page's lines: whitespace runs become one space, blank lines go.
fn tidy(text: &str) -> String {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}
