//! The audit page's sentences name ids by what a real SQLCipher cache holds today (the
//! synced records, in the API's JSON): members, leads, roster agents and deals are named;
//! an erased lead and a member the cache no longer holds read neutrally.

use brokerdesk_client::audit::sentences::tell_trail;
use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::sync::LocalStore;
use brokerdesk_core::audit::{
    ActorKind, AuditActor, AuditEntry, AuditEvent, ChainLink, ClientSalt,
};
use brokerdesk_core::identity::{UserStatus, UserSummary};
use brokerdesk_core::ids::{LeadId, RosterAgentId, TenantId, TransactionId, UserId};
use brokerdesk_core::leads::{Lead, LeadChanges};
use brokerdesk_core::role::Role;
use brokerdesk_core::roster::NewRosterAgent;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::pull::{Change, PullPage};
use brokerdesk_core::transactions::{Transaction, TransactionFields};
use chrono::Utc;
use serde::Serialize;
use serde_json::value::to_raw_value;
use serde_json::{Value, json};

fn change<T: Serialize>(entity: SyncEntity, id: String, record: &T) -> Change {
    Change {
        entity,
        id,
        version: 1,
        data: Some(to_raw_value(record).unwrap()),
    }
}

fn member(id: UserId, name: &str, role: Role) -> UserSummary {
    UserSummary {
        id,
        email: format!("{}@acme.test", role.as_str()),
        display_name: name.into(),
        role,
        status: UserStatus::Active,
        last_sign_in_at: None,
        mfa_enabled: false,
    }
}

fn lead(id: LeadId, name: &str) -> Lead {
    let changes = LeadChanges {
        name: Some(name.into()),
        ..Default::default()
    };
    Lead::create(id, &changes, Utc::now()).unwrap()
}

/// Entries by `actor` of (action, target, details), sealed in order.
fn trail(tenant: TenantId, actor: UserId, rows: Vec<(&str, String, Value)>) -> Vec<AuditEntry> {
    let mut head = ChainLink::genesis();
    rows.into_iter()
        .map(|(action, target, details)| {
            let entry = AuditEvent {
                tenant_id: tenant,
                occurred_at: Utc::now(),
                actor: AuditActor {
                    kind: ActorKind::User,
                    id: Some(actor.to_string()),
                    display: "Olivia (name at the time)".into(),
                },
                action: action.into(),
                target: Some(target),
                ip: None,
                user_agent: None,
                reason: None,
                support_ticket: None,
                details,
            }
            .seal(&head, &ClientSalt([2; 16]));
            head = entry.link();
            entry
        })
        .collect()
}

#[tokio::test]
async fn sentences_name_ids_from_the_cache_and_the_gone_neutrally() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = TenantId::new();
    let location = CacheLocation::new(dir.path(), "http://audit.test", tenant);
    let cache = TenantCache::open(location, &MemorySecretStore::default())
        .await
        .unwrap();
    let store = LocalStore::new(cache.pool().clone());

    let (olivia, adam, gone) = (UserId::new(), UserId::new(), UserId::new());
    let (jane, erased) = (LeadId::new(), LeadId::new());
    let rita = NewRosterAgent {
        name: "Rita Roster".into(),
        email: "rita@acme.test".into(),
        member_id: None,
        office: None,
        team: None,
        anniversary: None,
    }
    .into_agent(RosterAgentId::new(), Utc::now())
    .unwrap();
    let deal = Transaction {
        id: TransactionId::new(),
        fields: TransactionFields {
            name: "12 Oak Street".into(),
            ..Default::default()
        },
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
    };
    let changes = vec![
        change(
            SyncEntity::User,
            olivia.to_string(),
            &member(olivia, "Olivia Owner", Role::Owner),
        ),
        change(
            SyncEntity::User,
            adam.to_string(),
            &member(adam, "Adam Admin", Role::Admin),
        ),
        change(SyncEntity::Lead, jane.to_string(), &lead(jane, "Jane Lead")),
        change(SyncEntity::RosterAgent, rita.id.to_string(), &rita),
        change(SyncEntity::Transaction, deal.id.to_string(), &deal),
    ];
    let page = PullPage {
        next: changes.last().unwrap().cursor(),
        clock: 1,
        changes,
        has_more: false,
        remaining: None,
        tenant: None,
    };
    store.apply_page(&page).await.unwrap();

    let entries = trail(
        tenant,
        olivia,
        vec![
            (
                "user.role_changed",
                adam.to_string(),
                json!({ "from": "admin", "to": "agent" }),
            ),
            ("lead.created", jane.to_string(), json!({})),
            ("lead.created", erased.to_string(), json!({})),
            (
                "lead.erased",
                erased.to_string(),
                json!({ "erased": { "consent": 1 } }),
            ),
            ("user.deactivated", gone.to_string(), json!({})),
            (
                "roster.agent_changed",
                rita.id.to_string(),
                json!({ "fields": ["office"] }),
            ),
            ("transaction.created", deal.id.to_string(), json!({})),
        ],
    );
    let lines = tell_trail(&store, entries).await.unwrap();
    let sentences: Vec<&str> = lines.iter().map(|l| l.sentence.as_str()).collect();
    assert_eq!(
        sentences,
        [
            "Olivia Owner changed Adam Admin's role from Admin to Agent",
            "Olivia Owner added the lead Jane Lead",
            "Olivia Owner added an erased lead",
            "Olivia Owner erased a lead with its 1 consent entry, 0 chats and 0 calls",
            "Olivia Owner deactivated a removed member",
            "Olivia Owner changed Rita Roster's office",
            "Olivia Owner added the transaction 12 Oak Street",
        ]
    );
    assert_eq!(lines[0].actor_name, "Olivia Owner");
    assert_eq!(lines[0].entry.actor.display, "Olivia (name at the time)");
    cache.close().await;
}
