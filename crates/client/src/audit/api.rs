//! The tenant's hash-chained audit trail and the support sessions opened in it.

use brokerdesk_core::audit::AuditEntry;
use brokerdesk_core::identity::SupportSession;

use crate::api::{ApiError, Authorised};

/// The most the server returns in one page.
pub const AUDIT_PAGE_LIMIT: i64 = 500;

/// Where a page of the trail starts, and how long it may be.
#[derive(Clone, Copy, Debug)]
pub struct AuditPage {
    /// Entries after this seq; 0 for the start of the trail.
    pub after_seq: i64,
    pub limit: i64,
}

impl AuditPage {
    pub fn after(after_seq: i64) -> Self {
        Self {
            after_seq,
            limit: AUDIT_PAGE_LIMIT,
        }
    }
}

impl Authorised<'_> {
    /// Entries in chain order.
    pub async fn audit_page(&self, page: AuditPage) -> Result<Vec<AuditEntry>, ApiError> {
        let path = format!("v1/audit?afterSeq={}&limit={}", page.after_seq, page.limit);
        self.get(&path).await
    }

    /// The whole trail, page by page, in chain order.
    pub async fn audit_trail(&self) -> Result<Vec<AuditEntry>, ApiError> {
        let mut entries: Vec<AuditEntry> = Vec::new();
        loop {
            let after_seq = entries.last().map_or(0, |e| e.seq);
            let page = self.audit_page(AuditPage::after(after_seq)).await?;
            let full = page.len() as i64 == AUDIT_PAGE_LIMIT;
            entries.extend(page);
            if !full {
                return Ok(entries);
            }
        }
    }

    /// Newest first.
    pub async fn support_sessions(&self) -> Result<Vec<SupportSession>, ApiError> {
        self.get("v1/support-sessions").await
    }
}
