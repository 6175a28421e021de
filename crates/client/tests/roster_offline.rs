//! The roster, offline: an agent added or edited shows at once and queues a mutation,
//! validated by core's rules before anything is written; the server's answers settle it
//! or roll it back. The server side is not in this branch yet, so the answers are the
//! outbox's (`acknowledge`), as the engine records them after a push.

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::roster::screens::roster;
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::sync::{LocalStore, StoreError};
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::leads::view::EditState;
use brokerdesk_core::roster::{NewRosterAgent, RosterAgentChanges};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{MutationOp, MutationOutcome, MutationResult};
use chrono::NaiveDate;
use serde_json::json;

async fn store() -> (tempfile::TempDir, TenantCache, LocalStore) {
    let dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecretStore::default();
    let location = CacheLocation::new(dir.path(), "http://roster.test", TenantId::new());
    let cache = TenantCache::open(location, &secrets).await.unwrap();
    let store = LocalStore::new(cache.pool().clone());
    (dir, cache, store)
}

fn alice() -> NewRosterAgent {
    NewRosterAgent {
        name: "  Alice Agent ".into(),
        email: "Alice@Harbour.test".into(),
        member_id: None,
        office: Some(" Downtown ".into()),
        team: None,
        anniversary: NaiveDate::from_ymd_opt(2021, 3, 15),
    }
}

fn answer(mutation_id: uuid::Uuid, outcome: MutationOutcome) -> MutationResult {
    MutationResult {
        mutation_id,
        outcome,
        replayed: false,
    }
}

#[tokio::test]
async fn an_added_agent_shows_pending_and_queues_its_normalised_create() {
    let (_dir, _cache, store) = store().await;
    let agent = store.add_roster_agent(alice()).await.unwrap();
    assert_eq!(
        (agent.name.as_str(), agent.email.as_str()),
        ("Alice Agent", "alice@harbour.test")
    );

    let rows = roster(&store).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].record, agent);
    assert_eq!(rows[0].edit, EditState::Pending);

    let queued = store.pending(10).await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(
        (queued[0].entity, queued[0].op, queued[0].entity_id.clone()),
        (
            SyncEntity::RosterAgent,
            MutationOp::Create,
            agent.id.to_string()
        )
    );
    assert_eq!(queued[0].changes["email"], json!("alice@harbour.test"));
    assert_eq!(queued[0].changes["office"], json!("Downtown"));

    store
        .acknowledge(&[answer(
            queued[0].mutation_id,
            MutationOutcome::Applied {
                version: 7,
                conflicts: vec![],
            },
        )])
        .await
        .unwrap();
    assert_eq!(roster(&store).await.unwrap()[0].edit, EditState::Synced);
    assert!(store.pending(10).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_invalid_agent_or_change_is_refused_before_anything_is_queued() {
    let (_dir, _cache, store) = store().await;
    let mut bad = alice();
    bad.email = "alice@harbour".into();
    let refused = store.add_roster_agent(bad).await.unwrap_err();
    assert_eq!(refused.code(), "invalid_email");

    let agent = store.add_roster_agent(alice()).await.unwrap();
    let before = store.pending(10).await.unwrap().len();
    let changes: RosterAgentChanges = serde_json::from_value(json!({"team": "A\nB"})).unwrap();
    let refused = store
        .edit_roster_agent(agent.id, changes)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "invalid_roster_agent");
    assert_eq!(store.pending(10).await.unwrap().len(), before);
    assert!(roster(&store).await.unwrap().len() == 1 && store.rejected().await.unwrap().is_empty());

    let unknown = store
        .edit_roster_agent(
            brokerdesk_core::ids::RosterAgentId::new(),
            RosterAgentChanges::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(unknown, StoreError::Missing("roster agent")));
}

#[tokio::test]
async fn a_refused_edit_rolls_back_to_the_servers_copy() {
    let (_dir, _cache, store) = store().await;
    let agent = store.add_roster_agent(alice()).await.unwrap();
    let create = store.pending(10).await.unwrap()[0].mutation_id;
    let applied = MutationOutcome::Applied {
        version: 3,
        conflicts: vec![],
    };
    store.acknowledge(&[answer(create, applied)]).await.unwrap();

    let changes: RosterAgentChanges =
        serde_json::from_value(json!({"team": "Harbor Team", "office": null})).unwrap();
    let edited = store.edit_roster_agent(agent.id, changes).await.unwrap();
    assert_eq!(
        (edited.team.as_deref(), edited.office.as_deref()),
        (Some("Harbor Team"), None)
    );
    let rows = roster(&store).await.unwrap();
    assert_eq!(rows[0].record.team.as_deref(), Some("Harbor Team"));
    assert_eq!(rows[0].pending_fields, vec!["office", "team"]);

    let update = store.pending(10).await.unwrap();
    assert_eq!(update.len(), 1);
    assert_eq!(update[0].op, MutationOp::Update);
    assert_eq!(
        serde_json::Value::Object(update[0].changes.clone()),
        json!({"team": "Harbor Team", "office": null})
    );
    let refusal = MutationOutcome::Rejected {
        code: "forbidden".into(),
        message: "Only owners and admins manage the roster.".into(),
    };
    store
        .acknowledge(&[answer(update[0].mutation_id, refusal)])
        .await
        .unwrap();

    let rows = roster(&store).await.unwrap();
    assert_eq!(rows[0].record.team, None, "rolled back");
    assert_eq!(rows[0].record.office.as_deref(), Some("Downtown"));
    assert_eq!(rows[0].edit, EditState::Rejected);
    let rejected = store.rejected().await.unwrap();
    assert_eq!(
        (
            rejected.len(),
            rejected[0].entity,
            rejected[0].code.as_str()
        ),
        (1, SyncEntity::RosterAgent, "forbidden")
    );
}
