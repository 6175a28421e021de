//! "Verify integrity": the desktop re-checks its tenant's hash chain itself, page by
//! page, with the same core verifier the server uses, so a trail altered in the
//! database is caught on the owner's own computer.

use brokerdesk_core::audit::{ChainLink, ChainVerdict, verify_chain};
use brokerdesk_core::ids::TenantId;

use super::api::AuditPage;
use crate::api::{ApiError, Authorised};

/// Verifies `tenant`'s whole trail from genesis. Each page must continue from the head
/// the previous one ended on; the first entry that does not fit ends the check.
pub async fn verify_trail(api: Authorised<'_>, tenant: TenantId) -> Result<ChainVerdict, ApiError> {
    let mut head = ChainLink::genesis();
    let mut checked = 0;
    loop {
        let page = AuditPage::after(head.seq);
        let entries = api.audit_page(page).await?;
        match verify_chain(tenant, &entries, &head) {
            ChainVerdict::Intact {
                entries_checked,
                head: next,
            } => {
                checked += entries_checked;
                head = next;
            }
            broken => return Ok(broken),
        }
        if (entries.len() as i64) < page.limit {
            return Ok(ChainVerdict::Intact {
                entries_checked: checked,
                head,
            });
        }
    }
}
