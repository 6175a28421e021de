//! A fetched body read as a page: HTML (or plain text) only, converted with the HTML
//! reader of uploads, titled by its `<title>`, its first heading, or its address.

use reqwest::Url;

use super::FetchError;
use crate::kb::upload::html;

const MAX_TITLE_CHARS: usize = 200;

/// A page read into text: its address, title and Markdown.
pub struct Page {
    pub url: String,
    pub title: String,
    pub markdown: String,
}

/// A fetched body as a page: HTML (or plain text) only, with some text in it.
pub fn read_page(url: &Url, media_type: &str, body: &[u8]) -> Result<Page, FetchError> {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let text = String::from_utf8_lossy(body);
    let markdown = match essence.as_str() {
        "text/html" | "application/xhtml+xml" => html::to_markdown(&text),
        "text/plain" | "text/markdown" => text.trim().to_owned(),
        other => {
            return Err(FetchError::new(
                "kb_unsupported_page",
                format!("{url} is {other}, not a web page, so it was not imported."),
            ));
        }
    };
    if markdown.trim().is_empty() {
        return Err(FetchError::new(
            "kb_page_empty",
            format!("{url} has no text to import."),
        ));
    }
    let title = html_title(&text)
        .or_else(|| {
            markdown
                .lines()
                .find_map(|l| l.strip_prefix('#'))
                .map(|h| h.trim_start_matches('#').trim().to_owned())
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| format!("{}{}", url.host_str().unwrap_or_default(), url.path()));
    Ok(Page {
        url: url.to_string(),
        title: title.chars().take(MAX_TITLE_CHARS).collect(),
        markdown,
    })
}

/// The text of the page's `<title>`, on one line.
fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let title = html::to_markdown(&html[start..end]);
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_read_with_their_title_and_other_types_refused() {
        let url = Url::parse("https://example.com/faq").unwrap();
        let page = read_page(
            &url,
            "text/html; charset=utf-8",
            b"<html><head><title> Buyer\n FAQ &amp; more</title></head><body><h1>FAQ</h1><p>Deposits.</p></body></html>",
        )
        .unwrap();
        assert_eq!(page.title, "Buyer FAQ & more");
        assert_eq!(page.markdown, "# FAQ\n\nDeposits.");
        let untitled = read_page(&url, "text/html", b"<h2>Hours</h2><p>9-5</p>").unwrap();
        assert_eq!(untitled.title, "Hours");
        let bare = read_page(&url, "text/plain", b"Just text").unwrap();
        assert_eq!(bare.title, "example.com/faq");
        assert_eq!(
            read_page(&url, "image/png", b"x").err().unwrap().code,
            "kb_unsupported_page"
        );
        assert_eq!(
            read_page(&url, "text/html", b"<p> </p>")
                .err()
                .unwrap()
                .code,
            "kb_page_empty"
        );
    }
}
