//! Web pages into the knowledge base: one URL, or the pages a sitemap lists. Each page is
//! fetched through the SSRF guard (`guard.rs`, `fetch.rs`), asked of the site's
//! robots.txt first, converted with the HTML reader of uploads, and stored as a web-page
//! item's **draft** with its source URL: a page imported before gets the new text in its
//! draft (a change to review before publishing), never straight into what the chatbot
//! reads. Limits: [`MAX_PAGES`] pages, [`MAX_PAGE_BYTES`] a page, 10 s a fetch and
//! [`IMPORT_TIME_LIMIT`] for the whole import; what a sitemap import does not take is
//! reported with its reason.

pub mod fetch;
mod guard;
mod page;
mod robots;
mod sitemap;

use std::time::Duration;

use brokerdesk_core::ids::KbItemId;
use brokerdesk_core::kb::api::{KbImportOutcome, KbImportRequest, KbImportSkip, KbSaved};
use brokerdesk_core::kb::item::{KbContent, KbDraft};
use brokerdesk_core::permission::Permission;
use reqwest::Url;
use serde_json::json;
use tokio::time::Instant;
use uuid::Uuid;

pub use fetch::Fetcher;

use crate::auth::Authenticated;
use crate::error::ApiError;

/// Pages one import takes at most.
pub const MAX_PAGES: usize = 50;
/// The largest page (or sitemap, or robots.txt) fetched.
pub const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;
/// How long one import may spend fetching.
pub const IMPORT_TIME_LIMIT: Duration = Duration::from_secs(25);

/// Why a URL was not fetched or not taken, as an API code and a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchError {
    pub code: &'static str,
    pub message: String,
}

impl FetchError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// A scheme or an address the import never fetches from.
    pub fn refused(message: impl Into<String>) -> Self {
        Self::new("kb_fetch_refused", message)
    }

    pub fn failed(message: impl Into<String>) -> Self {
        Self::new("kb_fetch_failed", message)
    }

    pub fn timed_out(url: &Url) -> Self {
        Self::new(
            "kb_fetch_timeout",
            format!("{url} did not answer in time, so it was not imported."),
        )
    }

    pub fn too_large(url: &Url, max: usize) -> Self {
        Self::new(
            "kb_page_too_large",
            format!(
                "{url} is larger than {} MB, so it was not imported.",
                max / (1024 * 1024)
            ),
        )
    }

    fn skip(self, url: &str) -> KbImportSkip {
        KbImportSkip {
            url: url.to_owned(),
            code: self.code.to_owned(),
            reason: self.message,
        }
    }
}

impl From<FetchError> for ApiError {
    fn from(error: FetchError) -> Self {
        ApiError::validation(error.code, error.message)
    }
}

pub(super) fn parse_url(raw: &str) -> Result<Url, FetchError> {
    let url = Url::parse(raw.trim()).map_err(|_| {
        FetchError::new(
            "kb_invalid_url",
            "The address is not a web address such as https://example.com/faq.",
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::refused(format!(
            "Only http and https pages can be imported, not {}: addresses.",
            url.scheme()
        )));
    }
    Ok(url)
}

/// One import's fetching: the deadline and the robots.txt of each site seen.
struct Session<'a> {
    fetcher: &'a Fetcher,
    deadline: Instant,
    robots: robots::RobotsCache,
}

impl<'a> Session<'a> {
    fn new(fetcher: &'a Fetcher) -> Self {
        Self {
            fetcher,
            deadline: Instant::now() + IMPORT_TIME_LIMIT,
            robots: robots::RobotsCache::default(),
        }
    }

    /// Fetches `url` as a page, if robots.txt allows, and reads its text.
    async fn page(&mut self, url: &Url) -> Result<page::Page, FetchError> {
        if Instant::now() >= self.deadline {
            return Err(FetchError::new(
                "kb_import_time_limit",
                format!(
                    "The import ran out of its {} seconds before reaching this page.",
                    IMPORT_TIME_LIMIT.as_secs()
                ),
            ));
        }
        self.robots.check(self.fetcher, url, self.deadline).await?;
        let fetched = self.fetcher.get(url, MAX_PAGE_BYTES, self.deadline).await?;
        page::read_page(url, &fetched.media_type, &fetched.body)
    }
}

/// The web-page item imported from `url` before, if any.
async fn item_for_url(auth: &mut Authenticated, url: &str) -> Result<Option<KbItemId>, ApiError> {
    let id: Option<Uuid> = sqlx::query_scalar(
        "select id from kb_items
          where tenant_id = $1 and kind = 'web_page' and draft->'content'->>'url' = $2
          order by updated_at limit 1",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(url)
    .fetch_optional(auth.tx.conn())
    .await?;
    Ok(id.map(KbItemId::from_uuid))
}

/// Where a stored page stands after an import or a re-fetch.
enum Stored {
    Added(KbItemId),
    Changed(KbItemId),
    Unchanged,
}

/// Puts `markdown` in the item's draft when it differs from the draft's text.
async fn refresh_draft(
    auth: &mut Authenticated,
    id: KbItemId,
    url: &str,
    markdown: &str,
) -> Result<bool, ApiError> {
    let current = super::get(auth, id).await?;
    let KbContent::WebPage { markdown: old, .. } = &current.draft.content else {
        return Err(not_a_web_page());
    };
    if old.trim() == markdown.trim() {
        return Ok(false);
    }
    let draft = KbDraft {
        content: KbContent::WebPage {
            url: url.to_owned(),
            markdown: markdown.to_owned(),
        },
        ..current.draft
    };
    draft.validate()?;
    super::store_draft(auth, id, &draft, "kb.page_refetched").await?;
    Ok(true)
}

async fn store_page(
    auth: &mut Authenticated,
    page: page::Page,
    request: &KbImportRequest,
) -> Result<Stored, ApiError> {
    if let Some(id) = item_for_url(auth, &page.url).await? {
        let changed = refresh_draft(auth, id, &page.url, &page.markdown).await?;
        return Ok(if changed {
            Stored::Changed(id)
        } else {
            Stored::Unchanged
        });
    }
    let draft = KbDraft {
        title: page.title,
        tags: request.tags.clone(),
        collection: request.collection.clone(),
        content: KbContent::WebPage {
            url: page.url,
            markdown: page.markdown,
        },
    };
    draft.validate()?;
    let id = KbItemId::new();
    super::insert_item(&mut auth.tx, id, &draft, auth.user.id).await?;
    Ok(Stored::Added(id))
}

/// Imports one page, or a sitemap's pages, as web-page drafts.
pub async fn import(
    auth: &mut Authenticated,
    fetcher: &Fetcher,
    request: KbImportRequest,
) -> Result<KbImportOutcome, ApiError> {
    auth.require(Permission::WriteKnowledgeBase)?;
    let url = parse_url(&request.url)?;
    let mut session = Session::new(fetcher);
    let mut skipped = Vec::new();
    let pages = sitemap::targets(&mut session, &url, request.sitemap, &mut skipped).await?;
    // Every page is fetched before anything is written: writing takes the tenant's clock,
    // which must not wait on other sites' servers.
    let mut fetched = Vec::with_capacity(pages.len());
    for page_url in pages {
        match session.page(&page_url).await {
            Ok(page) => fetched.push(page),
            // One page asked for: its failure is the answer.
            Err(error) if !request.sitemap => return Err(error.into()),
            Err(error) => skipped.push(error.skip(page_url.as_str())),
        }
    }
    let (mut added, mut changed, mut unchanged) = (Vec::new(), Vec::new(), 0u32);
    for page in fetched {
        let page_url = page.url.clone();
        match store_page(auth, page, &request).await {
            Ok(Stored::Added(id)) => added.push(id.as_uuid()),
            Ok(Stored::Changed(id)) => changed.push(id.as_uuid()),
            Ok(Stored::Unchanged) => unchanged += 1,
            Err(error) if !request.sitemap => return Err(error),
            // A page whose text the knowledge base cannot hold (validation refuses it
            // before anything of it is written).
            Err(ApiError::Validation { code, message }) => skipped.push(KbImportSkip {
                url: page_url,
                code: code.to_owned(),
                reason: message,
            }),
            Err(error) => return Err(error),
        }
    }
    auth.audit(
        "kb.imported",
        None,
        json!({
            "sitemap": request.sitemap, "added": added.len(), "changed": changed.len(),
            "unchanged": unchanged, "skipped": skipped.len(),
        }),
    )
    .await?;
    Ok(KbImportOutcome {
        added: super::items(&mut auth.tx, Some(&added)).await?,
        changed: super::items(&mut auth.tx, Some(&changed)).await?,
        unchanged,
        skipped,
    })
}

fn not_a_web_page() -> ApiError {
    ApiError::validation(
        "kb_not_web_page",
        "Only web pages are fetched again; this item was not imported from a URL.",
    )
}

/// Fetches a web page's source again and puts the new text in its draft. The answer
/// says whether the text changed (`false`: the draft was left as it was).
pub async fn refetch(
    auth: &mut Authenticated,
    fetcher: &Fetcher,
    id: KbItemId,
) -> Result<(KbSaved, bool), ApiError> {
    auth.require(Permission::WriteKnowledgeBase)?;
    let item = super::get(auth, id).await?;
    let KbContent::WebPage { url, .. } = &item.draft.content else {
        return Err(not_a_web_page());
    };
    let source = parse_url(url)?;
    let page = Session::new(fetcher).page(&source).await?;
    let changed = refresh_draft(auth, id, url, &page.markdown).await?;
    if !changed {
        auth.audit(
            "kb.page_refetched",
            Some(id.to_string()),
            json!({ "changed": false }),
        )
        .await?;
    }
    Ok((super::saved_item(auth, id).await?, changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_taken() {
        assert_eq!(
            parse_url("ftp://x.test/").unwrap_err().code,
            "kb_fetch_refused"
        );
        assert_eq!(parse_url("not a url").unwrap_err().code, "kb_invalid_url");
        assert!(parse_url(" https://example.com/faq ").is_ok());
    }
}
