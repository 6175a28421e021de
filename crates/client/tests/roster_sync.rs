//! The roster, end to end: an agent added and edited offline in a real SQLCipher cache
//! is pushed to the real API and PostgreSQL and pulled by another member's device; an
//! add by a member who may not manage the roster is refused there, rolled back here and
//! kept with the reason.

mod support;

use brokerdesk_client::roster::screens::roster;
use brokerdesk_core::leads::view::EditState;
use brokerdesk_core::roster::{NewRosterAgent, RosterAgentChanges};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use serde_json::json;
use support::Device;

async fn synced(app: &TestApp, email: &str) -> Device {
    let device = Device::demo(&app.address, "acme", email).await;
    device.engine.sync_once().await.unwrap();
    device
}

fn agent(name: &str, email: &str) -> NewRosterAgent {
    NewRosterAgent {
        name: name.into(),
        email: email.into(),
        member_id: None,
        office: Some("Harbour Office".into()),
        team: None,
        anniversary: None,
    }
}

#[tokio::test]
async fn an_offline_add_and_edit_reach_another_members_device() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = synced(&app, "owner@acme.test").await;
    let admin = synced(&app, "admin@acme.test").await;
    let seeded = roster(admin.engine.store()).await.unwrap().len();

    let added = owner
        .engine
        .store()
        .add_roster_agent(agent("Robin Roster", "Robin@Acme.test"))
        .await
        .unwrap();
    owner.engine.sync_once().await.unwrap();
    let mine = roster(owner.engine.store()).await.unwrap();
    let row = mine.iter().find(|r| r.record.id == added.id).unwrap();
    assert_eq!(row.edit, EditState::Synced, "the server took the add");

    let changes: RosterAgentChanges =
        serde_json::from_value(json!({"team": "Harbour Team"})).unwrap();
    owner
        .engine
        .store()
        .edit_roster_agent(added.id, changes)
        .await
        .unwrap();
    owner.engine.sync_once().await.unwrap();

    admin.engine.sync_once().await.unwrap();
    let theirs = roster(admin.engine.store()).await.unwrap();
    assert_eq!(theirs.len(), seeded + 1);
    let pulled = &theirs
        .iter()
        .find(|r| r.record.id == added.id)
        .unwrap()
        .record;
    assert_eq!(pulled.email, "robin@acme.test");
    assert_eq!(pulled.office.as_deref(), Some("Harbour Office"));
    assert_eq!(pulled.team.as_deref(), Some("Harbour Team"));
}

#[tokio::test]
async fn an_add_by_a_member_who_may_not_manage_the_roster_is_rolled_back() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let agent_device = synced(&app, "agent@acme.test").await;
    let before = roster(agent_device.engine.store()).await.unwrap().len();

    let added = agent_device
        .engine
        .store()
        .add_roster_agent(agent("Sly Self", "sly@acme.test"))
        .await
        .unwrap();
    assert_eq!(
        roster(agent_device.engine.store()).await.unwrap().len(),
        before + 1
    );
    agent_device.engine.sync_once().await.unwrap();

    let after = roster(agent_device.engine.store()).await.unwrap();
    assert_eq!(after.len(), before, "the refused add is gone");
    assert!(after.iter().all(|r| r.record.id != added.id));
    let refused = agent_device.engine.store().rejected().await.unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].entity, SyncEntity::RosterAgent);
    assert_eq!(refused[0].code, "forbidden");
}
