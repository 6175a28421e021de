//! A cached audit entry's IP address and user agent are forgotten on the day the server
//! forgets them (core's `CLIENT_DETAILS_KEPT_DAYS`), at the end of a pull and when the
//! cache is opened, in a real SQLCipher cache; the trail still verifies afterwards.

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::sync::LocalStore;
use brokerdesk_core::audit::{
    ActorKind, AuditActor, AuditEntry, AuditEvent, CLIENT_DETAILS_KEPT_DAYS, ChainLink,
    ChainVerdict, ClientSalt, verify_chain,
};
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::pull::{Change, PullPage};
use chrono::{Duration, Utc};
use serde_json::value::to_raw_value;

/// Two entries from a browser: one just past the keeping period, one recent.
fn trail(tenant: TenantId) -> Vec<AuditEntry> {
    let mut head = ChainLink::genesis();
    [CLIENT_DETAILS_KEPT_DAYS + 1, 1]
        .into_iter()
        .map(|days_ago| {
            let entry = AuditEvent {
                tenant_id: tenant,
                occurred_at: Utc::now() - Duration::days(days_ago),
                actor: AuditActor {
                    kind: ActorKind::User,
                    id: Some("u-1".into()),
                    display: "Olivia Owner".into(),
                },
                action: "user.signed_in".into(),
                target: None,
                ip: Some("203.0.113.9".into()),
                user_agent: Some("Mozilla/5.0 (X11)".into()),
                reason: None,
                support_ticket: None,
                details: serde_json::json!({}),
            }
            .seal(&head, &ClientSalt([5; 16]));
            head = entry.link();
            entry
        })
        .collect()
}

async fn cached(store: &LocalStore) -> Vec<AuditEntry> {
    let mut entries: Vec<AuditEntry> = store.records(SyncEntity::AuditEntry).await.unwrap();
    entries.sort_by_key(|entry| entry.seq);
    entries
}

#[tokio::test]
async fn old_client_details_are_blanked_and_the_trail_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = TenantId::new();
    let location = CacheLocation::new(dir.path(), "http://audit.test", tenant);
    let secrets = MemorySecretStore::default();
    let cache = TenantCache::open(location.clone(), &secrets).await.unwrap();
    let store = LocalStore::new(cache.pool().clone());

    let entries = trail(tenant);
    let changes: Vec<Change> = entries
        .iter()
        .map(|entry| Change {
            entity: SyncEntity::AuditEntry,
            id: entry.seq.to_string(),
            version: entry.seq,
            data: Some(to_raw_value(entry).unwrap()),
        })
        .collect();
    let page = PullPage {
        next: changes.last().unwrap().cursor(),
        clock: 2,
        changes,
        has_more: false,
        remaining: None,
        tenant: None,
    };
    store.apply_page(&page).await.unwrap();
    // Applied, not yet ended: the pull's end is where the hook runs.
    assert_eq!(cached(&store).await[0].ip.as_deref(), Some("203.0.113.9"));

    store.pull_ended().await.unwrap();
    let after = cached(&store).await;
    assert_eq!(
        (after[0].ip.as_deref(), after[0].user_agent.as_deref()),
        (None, None)
    );
    assert_eq!(after[1].ip.as_deref(), Some("203.0.113.9"));
    assert_eq!(after[1].user_agent.as_deref(), Some("Mozilla/5.0 (X11)"));
    assert!(matches!(
        verify_chain(tenant, &after, &ChainLink::genesis()),
        ChainVerdict::Intact {
            entries_checked: 2,
            ..
        }
    ));

    // A device that stays offline forgets them too: opening the cache runs the rule.
    let recent_details_gone_later = r#"update records set data = json_set(data, '$.occurredAt', '2000-01-01T00:00:00.000000Z') where entity = 'audit_entry' and id = '2'"#;
    sqlx::query(recent_details_gone_later)
        .execute(cache.pool())
        .await
        .unwrap();
    drop(store);
    cache.close().await;
    let reopened = TenantCache::open(location, &secrets).await.unwrap();
    let store = LocalStore::new(reopened.pool().clone());
    assert_eq!(cached(&store).await[1].ip, None);
}
