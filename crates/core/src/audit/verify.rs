//! Checking a tenant's chain, whole or a page at a time.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{AuditEntry, ChainLink, compute_hash};
use crate::ids::TenantId;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ChainVerdict {
    #[serde(rename_all = "camelCase")]
    Intact {
        #[ts(type = "number")]
        entries_checked: u64,
        /// Where to resume with the next page.
        head: ChainLink,
    },
    /// The first entry that does not fit; nothing after it was checked.
    #[serde(rename_all = "camelCase")]
    Broken {
        #[ts(type = "number")]
        seq: i64,
        reason: BreakReason,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BreakReason {
    /// The entry belongs to another tenant.
    TenantMismatch,
    /// Entries are missing before this one.
    SeqGap,
    /// This entry is out of place: moved, or a duplicate.
    SeqOutOfOrder,
    /// The entry does not point at the one before: that one was altered or removed.
    PrevHashMismatch,
    /// The entry's content was edited after it was sealed.
    HashMismatch,
}

/// Verifies `entries` as the continuation of the chain after `from`
/// (`ChainLink::genesis()` for the whole trail). To check page by page, pass each
/// `Intact` verdict's `head` as the next page's `from`.
pub fn verify_chain(tenant_id: TenantId, entries: &[AuditEntry], from: &ChainLink) -> ChainVerdict {
    let mut head = from.clone();
    for (i, entry) in entries.iter().enumerate() {
        let expected_seq = head.seq + 1;
        let broken = |reason| ChainVerdict::Broken {
            seq: entry.seq,
            reason,
        };
        if entry.tenant_id != tenant_id {
            return broken(BreakReason::TenantMismatch);
        }
        if entry.seq < expected_seq {
            return broken(BreakReason::SeqOutOfOrder);
        }
        if entry.seq > expected_seq {
            // The missing entry turning up later in the page means entries were moved,
            // not deleted.
            let moved = entries[i + 1..].iter().any(|e| e.seq == expected_seq);
            return broken(if moved {
                BreakReason::SeqOutOfOrder
            } else {
                BreakReason::SeqGap
            });
        }
        if entry.prev_hash != head.hash {
            return broken(BreakReason::PrevHashMismatch);
        }
        if compute_hash(entry) != entry.hash {
            return broken(BreakReason::HashMismatch);
        }
        head = entry.link();
    }
    ChainVerdict::Intact {
        entries_checked: entries.len() as u64,
        head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::ActorKind;
    use crate::audit::fixtures::{SALT, chain, event};
    use serde_json::json;

    const LEN: usize = 5;

    fn intact(entries: &[AuditEntry]) -> ChainVerdict {
        ChainVerdict::Intact {
            entries_checked: entries.len() as u64,
            head: entries.last().unwrap().link(),
        }
    }

    fn broken(seq: i64, reason: BreakReason) -> ChainVerdict {
        ChainVerdict::Broken { seq, reason }
    }

    #[test]
    fn a_sealed_chain_verifies() {
        let tenant = TenantId::new();
        let entries = chain(tenant, LEN as u32);
        assert_eq!(
            verify_chain(tenant, &entries, &ChainLink::genesis()),
            intact(&entries)
        );
    }

    #[test]
    fn editing_any_field_of_any_entry_breaks_the_chain_there() {
        type Edit = fn(&mut AuditEntry);
        let edits: [(&str, Edit, BreakReason); 13] = [
            (
                "tenant_id",
                |e| e.tenant_id = TenantId::new(),
                BreakReason::TenantMismatch,
            ),
            (
                "occurred_at",
                |e| e.occurred_at += chrono::Duration::microseconds(1),
                BreakReason::HashMismatch,
            ),
            (
                "actor.kind",
                |e| e.actor.kind = ActorKind::System,
                BreakReason::HashMismatch,
            ),
            ("actor.id", |e| e.actor.id = None, BreakReason::HashMismatch),
            (
                "actor.display",
                |e| e.actor.display.push('!'),
                BreakReason::HashMismatch,
            ),
            (
                "action",
                |e| e.action = "user.deleted".into(),
                BreakReason::HashMismatch,
            ),
            (
                "target",
                |e| e.target = Some("user:999".into()),
                BreakReason::HashMismatch,
            ),
            // The IP address and user agent are covered through their digest (they may
            // expire; `canonical` tests that version 1 entries hash them directly).
            (
                "client_digest",
                |e| e.client_digest = Some("0".repeat(64)),
                BreakReason::HashMismatch,
            ),
            (
                "reason",
                |e| e.reason = Some("nothing to see".into()),
                BreakReason::HashMismatch,
            ),
            (
                "support_ticket",
                |e| e.support_ticket = None,
                BreakReason::HashMismatch,
            ),
            (
                "details",
                |e| e.details["meta"]["b"][1] = json!(3),
                BreakReason::HashMismatch,
            ),
            (
                "prev_hash",
                |e| e.prev_hash = "f".repeat(64),
                BreakReason::PrevHashMismatch,
            ),
            (
                "hash",
                |e| e.hash = "e".repeat(64),
                BreakReason::HashMismatch,
            ),
        ];
        let tenant = TenantId::new();
        let entries = chain(tenant, LEN as u32);
        for index in 0..LEN {
            for (field, edit, reason) in edits {
                let mut tampered = entries.clone();
                edit(&mut tampered[index]);
                assert_ne!(
                    tampered[index], entries[index],
                    "{field} edit changed nothing"
                );
                assert_eq!(
                    verify_chain(tenant, &tampered, &ChainLink::genesis()),
                    broken(entries[index].seq, reason),
                    "{field} of entry {index}"
                );
            }
        }
    }

    #[test]
    fn editing_seq_is_caught_at_the_edited_entry() {
        let tenant = TenantId::new();
        let entries = chain(tenant, LEN as u32);
        let mut skipped = entries.clone();
        skipped[2].seq = 9;
        assert_eq!(
            verify_chain(tenant, &skipped, &ChainLink::genesis()),
            broken(9, BreakReason::SeqGap)
        );
        let mut repeated = entries.clone();
        repeated[2].seq = 2;
        assert_eq!(
            verify_chain(tenant, &repeated, &ChainLink::genesis()),
            broken(2, BreakReason::SeqOutOfOrder)
        );
    }

    #[test]
    fn a_re_sealed_edit_is_caught_by_the_next_entry() {
        let tenant = TenantId::new();
        let mut entries = chain(tenant, LEN as u32);
        entries[1].action = "user.deleted".into();
        entries[1].hash = compute_hash(&entries[1]);
        assert_eq!(
            verify_chain(tenant, &entries, &ChainLink::genesis()),
            broken(3, BreakReason::PrevHashMismatch)
        );
    }

    #[test]
    fn deleting_a_middle_entry_is_a_gap() {
        let tenant = TenantId::new();
        let mut entries = chain(tenant, LEN as u32);
        entries.remove(2);
        assert_eq!(
            verify_chain(tenant, &entries, &ChainLink::genesis()),
            broken(4, BreakReason::SeqGap)
        );
    }

    #[test]
    fn deleting_the_first_entry_is_a_gap() {
        let tenant = TenantId::new();
        let mut entries = chain(tenant, LEN as u32);
        entries.remove(0);
        assert_eq!(
            verify_chain(tenant, &entries, &ChainLink::genesis()),
            broken(2, BreakReason::SeqGap)
        );
    }

    #[test]
    fn deleting_and_renumbering_is_caught_by_the_broken_link() {
        let tenant = TenantId::new();
        let mut entries = chain(tenant, LEN as u32);
        entries.remove(2);
        for entry in &mut entries[2..] {
            entry.seq -= 1;
        }
        assert_eq!(
            verify_chain(tenant, &entries, &ChainLink::genesis()),
            broken(3, BreakReason::PrevHashMismatch)
        );
    }

    #[test]
    fn swapping_two_entries_is_out_of_order() {
        let tenant = TenantId::new();
        let mut entries = chain(tenant, LEN as u32);
        entries.swap(1, 3);
        assert_eq!(
            verify_chain(tenant, &entries, &ChainLink::genesis()),
            broken(4, BreakReason::SeqOutOfOrder)
        );
    }

    #[test]
    fn another_tenants_chain_does_not_verify_as_this_one() {
        let tenant = TenantId::new();
        let entries = chain(tenant, LEN as u32);
        assert_eq!(
            verify_chain(TenantId::new(), &entries, &ChainLink::genesis()),
            broken(1, BreakReason::TenantMismatch)
        );
    }

    #[test]
    fn verifying_in_pages_matches_one_pass() {
        let tenant = TenantId::new();
        let entries = chain(tenant, LEN as u32);
        let (first, second) = entries.split_at(2);
        let ChainVerdict::Intact {
            entries_checked,
            head,
        } = verify_chain(tenant, first, &ChainLink::genesis())
        else {
            panic!("first page should verify");
        };
        assert_eq!((entries_checked, head.seq), (2, 2));
        assert_eq!(
            verify_chain(tenant, second, &head),
            ChainVerdict::Intact {
                entries_checked: 3,
                head: entries[LEN - 1].link()
            }
        );

        let mut tampered = entries.clone();
        tampered[3].reason = None;
        let whole = verify_chain(tenant, &tampered, &ChainLink::genesis());
        assert_eq!(whole, broken(4, BreakReason::HashMismatch));
        assert_eq!(verify_chain(tenant, &tampered[2..], &head), whole);
    }

    #[test]
    fn a_page_must_continue_from_the_remembered_head() {
        let tenant = TenantId::new();
        let entries = chain(tenant, LEN as u32);
        // The app trusted the chain up to seq 3; a page that skips seq 4 is a gap...
        assert_eq!(
            verify_chain(tenant, &entries[4..], &entries[2].link()),
            broken(5, BreakReason::SeqGap)
        );
        // ...and a trail rewritten from seq 2 and re-sealed no longer extends the
        // remembered head, though it verifies on its own from genesis.
        let mut head = entries[0].link();
        let forged: Vec<_> = (2..=LEN as u32)
            .map(|n| {
                let mut event = event(tenant, n);
                event.reason = Some("rewritten".into());
                let entry = event.seal(&head, &SALT);
                head = entry.link();
                entry
            })
            .collect();
        let mut rewritten = vec![entries[0].clone()];
        rewritten.extend(forged.iter().cloned());
        assert_eq!(
            verify_chain(tenant, &rewritten, &ChainLink::genesis()),
            intact(&rewritten)
        );
        assert_eq!(
            verify_chain(tenant, &forged[2..], &entries[2].link()),
            broken(4, BreakReason::PrevHashMismatch)
        );
    }

    #[test]
    fn an_empty_page_leaves_the_head_where_it_was() {
        let tenant = TenantId::new();
        let head = chain(tenant, 2)[1].link();
        assert_eq!(
            verify_chain(tenant, &[], &head),
            ChainVerdict::Intact {
                entries_checked: 0,
                head
            }
        );
    }

    #[test]
    fn verdicts_serialise_with_a_status_tag() {
        let json = serde_json::to_value(broken(4, BreakReason::PrevHashMismatch)).unwrap();
        assert_eq!(
            json,
            json!({"status": "broken", "seq": 4, "reason": "prev_hash_mismatch"})
        );
        let intact = ChainVerdict::Intact {
            entries_checked: 2,
            head: ChainLink::genesis(),
        };
        assert_eq!(serde_json::to_value(intact).unwrap()["entriesChecked"], 2);
    }
}
