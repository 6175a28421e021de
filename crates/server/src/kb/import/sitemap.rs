//! Reading a sitemap (sitemaps.org): a `urlset` lists pages, a `sitemapindex` lists
//! other sitemaps (the import follows one level of those). Only the `loc` of each entry
//! is read; namespaces and prefixes are ignored. The import takes the pages of the
//! sitemap's own host only, at most [`MAX_PAGES`].

use brokerdesk_core::kb::api::KbImportSkip;
use quick_xml::Reader;
use quick_xml::events::Event;
use reqwest::Url;

use super::{FetchError, MAX_PAGE_BYTES, MAX_PAGES, Session, fetch, parse_url};
use crate::error::ApiError;
use crate::kb::upload::html;

/// What a sitemap lists.
#[derive(Debug, PartialEq, Eq)]
pub enum Sitemap {
    Pages(Vec<String>),
    Index(Vec<String>),
}

/// Reads a sitemap document, or says why it is not one.
pub fn parse(xml: &str) -> Result<Sitemap, String> {
    let not_a_sitemap = || "The address does not hold a sitemap (a urlset or sitemapindex).";
    let mut reader = Reader::from_str(xml);
    let mut root: Option<String> = None;
    let mut locations = Vec::new();
    let mut in_loc = false;
    let mut loc = String::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|_| "The sitemap is not well-formed XML.".to_owned())?;
        match event {
            Event::Start(tag) => {
                let name = local(tag.name().as_ref());
                if root.is_none() {
                    root = Some(name.clone());
                }
                if name == "loc" {
                    in_loc = true;
                    loc.clear();
                }
            }
            Event::Text(text) if in_loc => loc.push_str(&text.xml10_content()),
            Event::CData(text) if in_loc => loc.push_str(&text),
            Event::GeneralRef(name) if in_loc => {
                if let Some(c) = html::reference(&name.xml10_content()) {
                    loc.push(c);
                }
            }
            Event::End(tag) if local(tag.name().as_ref()) == "loc" => {
                in_loc = false;
                let trimmed = loc.trim();
                if !trimmed.is_empty() {
                    locations.push(trimmed.to_owned());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match root.as_deref() {
        Some("urlset") => Ok(Sitemap::Pages(locations)),
        Some("sitemapindex") => Ok(Sitemap::Index(locations)),
        _ => Err(not_a_sitemap().to_owned()),
    }
}

/// A tag's name without its namespace prefix.
fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_owned()
}

/// The pages to import: the URL itself, or what its sitemap lists (same host only, up
/// to [`MAX_PAGES`]), with what was left out.
pub(super) async fn targets(
    session: &mut Session<'_>,
    url: &Url,
    is_sitemap: bool,
    skipped: &mut Vec<KbImportSkip>,
) -> Result<Vec<Url>, ApiError> {
    if !is_sitemap {
        return Ok(vec![url.clone()]);
    }
    let listed = sitemap_pages(session, url, skipped).await?;
    let mut pages: Vec<Url> = Vec::new();
    for raw in listed {
        let page = match on_host(&raw, url, "page") {
            Ok(page) => page,
            Err(error) => {
                skipped.push(error.skip(&raw));
                continue;
            }
        };
        if pages.contains(&page) {
            continue;
        }
        if pages.len() == MAX_PAGES {
            skipped.push(
                FetchError::new(
                    "kb_import_limit",
                    format!(
                        "An import takes at most {MAX_PAGES} pages; import the rest separately."
                    ),
                )
                .skip(&raw),
            );
            continue;
        }
        pages.push(page);
    }
    Ok(pages)
}

/// The page addresses of the sitemap at `url`, one level into a sitemap index.
async fn sitemap_pages(
    session: &mut Session<'_>,
    url: &Url,
    skipped: &mut Vec<KbImportSkip>,
) -> Result<Vec<String>, ApiError> {
    let read = |fetched: fetch::Fetched| {
        parse(&String::from_utf8_lossy(&fetched.body))
            .map_err(|message| FetchError::new("kb_invalid_sitemap", message))
    };
    let fetched = session
        .fetcher
        .get(url, MAX_PAGE_BYTES, session.deadline)
        .await?;
    match read(fetched)? {
        Sitemap::Pages(pages) => Ok(pages),
        Sitemap::Index(sitemaps) => {
            let mut pages = Vec::new();
            for raw in sitemaps {
                let child = match on_host(&raw, url, "sitemap") {
                    Ok(child) => child,
                    Err(error) => {
                        skipped.push(error.skip(&raw));
                        continue;
                    }
                };
                let listed = session
                    .fetcher
                    .get(&child, MAX_PAGE_BYTES, session.deadline)
                    .await
                    .and_then(read);
                match listed {
                    Ok(Sitemap::Pages(listed)) => pages.extend(listed),
                    Ok(Sitemap::Index(_)) => skipped.push(
                        FetchError::new(
                            "kb_invalid_sitemap",
                            "A sitemap index inside a sitemap index is not followed.",
                        )
                        .skip(&raw),
                    ),
                    Err(error) => skipped.push(error.skip(&raw)),
                }
            }
            Ok(pages)
        }
    }
}

/// `raw` as an address on the sitemap's host, or why it is not one.
fn on_host(raw: &str, sitemap: &Url, what: &str) -> Result<Url, FetchError> {
    let url = parse_url(raw)?;
    if url.host_str() != sitemap.host_str() {
        return Err(FetchError::refused(format!(
            "The {what} is on another host than the sitemap."
        )));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_indexes_are_read() {
        let urlset = r#"<?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc> https://example.com/a?x=1&amp;y=2 </loc><lastmod>2026-01-01</lastmod></url>
              <url><loc><![CDATA[https://example.com/b]]></loc></url>
              <url><loc></loc></url>
            </urlset>"#;
        assert_eq!(
            parse(urlset).unwrap(),
            Sitemap::Pages(vec![
                "https://example.com/a?x=1&y=2".into(),
                "https://example.com/b".into()
            ])
        );
        let index = r#"<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sm:sitemap><sm:loc>https://example.com/pages.xml</sm:loc></sm:sitemap></sm:sitemapindex>"#;
        assert_eq!(
            parse(index).unwrap(),
            Sitemap::Index(vec!["https://example.com/pages.xml".into()])
        );
        assert!(parse("<html><body>hi</body></html>").is_err());
        assert!(parse("<urlset><url><loc>x</url>").is_err());
    }
}
