//! The demo knowledge base: Acme's office policies, buyer and seller FAQs, financing
//! basics, area guides and agent handbook (`testdata/kb/acme_kb.json`, the same items the
//! retrieval bench and tests measure), each published once by the owner.

use brokerdesk_core::ids::{KbItemId, UserId};
use brokerdesk_core::kb::item::KbDraft;

use crate::db::TenantTx;
use crate::error::ApiError;
use crate::kb;

/// The demo knowledge base, also the bench's and the tests' labelled corpus.
pub const ACME_KB_JSON: &str = include_str!("../../testdata/kb/acme_kb.json");

/// The demo items, as drafts.
pub fn acme_items() -> Vec<KbDraft> {
    serde_json::from_str(ACME_KB_JSON).expect("testdata/kb/acme_kb.json holds drafts")
}

pub async fn seed(tx: &mut TenantTx, subdomain: &str, owner: UserId) -> Result<(), ApiError> {
    if subdomain != "acme" {
        return Ok(());
    }
    let version = tx.next_version().await?;
    for draft in acme_items() {
        let id = KbItemId::new();
        kb::insert_item(tx, id, &draft, owner).await?;
        kb::publish::insert_version(tx, id, &draft, owner, "Demo content", version).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use brokerdesk_core::kb::lint::Severity;

    #[test]
    fn the_demo_knowledge_base_is_valid_and_passes_the_lint() {
        let items = acme_items();
        assert!(items.len() >= 40, "{} items", items.len());
        for draft in &items {
            draft
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e}", draft.title));
            let flagged: Vec<_> = draft
                .lint(&brokerdesk_core::kb::lint::LintContext::default())
                .into_iter()
                .filter(|f| f.finding.severity != Severity::Info)
                .map(|f| f.finding.text)
                .collect();
            assert!(flagged.is_empty(), "{}: {flagged:?}", draft.title);
        }
    }
}
