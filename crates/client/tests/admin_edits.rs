//! The users and settings screens' offline edits, end to end: queued in a real SQLCipher
//! cache with the optimistic change, shown as pending, pushed to the real API and
//! PostgreSQL (where they land with their audit entries), rolled back and kept with the
//! reason when refused, and merged per field with a recorded conflict when two devices
//! change the same setting.

mod support;

use brokerdesk_client::api_keys::screens as api_key_screens;
use brokerdesk_client::members::screens as member_screens;
use brokerdesk_client::settings::screens as settings_screens;
use brokerdesk_client::sync::edited::rejected_edits;
use brokerdesk_core::admin_edit::{MemberChanges, SettingsChanges};
use brokerdesk_core::api_key::CreateApiKeyRequest;
use brokerdesk_core::api_key::Scope;
use brokerdesk_core::identity::{UserStatus, UserSummary};
use brokerdesk_core::invitation::InviteRequest;
use brokerdesk_core::leads::view::EditState;
use brokerdesk_core::role::Role;
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use support::Device;

async fn demo() -> TestApp {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    app
}

async fn synced(app: &TestApp, email: &str) -> Device {
    let device = Device::demo(&app.address, "acme", email).await;
    device.engine.sync_once().await.unwrap();
    device
}

async fn member(device: &Device, email: &str) -> UserSummary {
    member_screens::members(device.engine.store())
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.record)
        .find(|u| u.email == email)
        .unwrap_or_else(|| panic!("{email} is cached"))
}

/// The settings with `change` made, as the change the form would send.
async fn settings_change(
    device: &Device,
    change: impl FnOnce(&mut TenantSettings),
) -> SettingsChanges {
    let before = device.engine.store().settings().await.unwrap();
    let mut after = before.clone();
    change(&mut after);
    SettingsChanges::between(&before, &after)
}

/// The actions of the audit trail as the cache holds it.
async fn audited_actions(device: &Device) -> Vec<String> {
    device
        .engine
        .store()
        .records::<serde_json::Value>(SyncEntity::AuditEntry)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|e| e["action"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn offline_admin_edits_show_as_pending_then_land_on_the_server_with_their_audit_entries() {
    let app = demo().await;
    let owner = synced(&app, "owner@acme.test").await;
    let store = owner.engine.store();
    // What needs the server is made online: an API key and an invitation to revoke.
    let token = owner.session.access_token().await.unwrap();
    let api = owner.session.api().authorised(&token);
    let key = api
        .create_api_key(&CreateApiKeyRequest {
            name: "Old chatbot".into(),
            scopes: vec![Scope::LeadsIngest],
            expires_at: None,
        })
        .await
        .unwrap()
        .api_key;
    let invitation = api
        .invite(&InviteRequest {
            email: "late.joiner@acme.test".into(),
            role: Role::Agent,
        })
        .await
        .unwrap()
        .invitation;
    owner.engine.sync_once().await.unwrap();

    // Edits made against the cache alone: no request is sent until the next sync.
    let agent = member(&owner, "agent@acme.test").await;
    let viewer = member(&owner, "viewer@acme.test").await;
    let shown = store
        .edit_member(agent.id, MemberChanges::role(Role::Viewer))
        .await
        .unwrap();
    assert_eq!(shown.role, Role::Viewer, "the edit shows at once");
    store
        .edit_member(viewer.id, MemberChanges::status(UserStatus::Deactivated))
        .await
        .unwrap();
    let change = settings_change(&owner, |s| s.timezone = "America/Chicago".into()).await;
    store.change_settings(&change).await.unwrap();
    store.revoke_api_key(key.id).await.unwrap();
    store.revoke_invitation(invitation.id).await.unwrap();

    let rows = member_screens::members(store).await.unwrap();
    let agent_row = rows.iter().find(|r| r.record.id == agent.id).unwrap();
    assert_eq!(agent_row.record.role, Role::Viewer);
    assert_eq!(agent_row.edit, EditState::Pending);
    assert_eq!(agent_row.pending_fields, ["role"]);
    let settings = settings_screens::settings(store).await.unwrap();
    assert_eq!(settings.record.timezone, "America/Chicago");
    assert_eq!(settings.pending_fields, ["timezone"]);
    let keys = api_key_screens::api_keys(store).await.unwrap();
    let revoking = keys.iter().find(|k| k.record.id == key.id).unwrap();
    assert!(revoking.revoking && revoking.record.revoked_at.is_none());
    let invitations = member_screens::invitations(store).await.unwrap();
    assert!(
        invitations
            .iter()
            .any(|i| i.record.id == invitation.id && i.revoking)
    );
    assert_eq!(store.counts().await.unwrap().pending, 5);

    owner.engine.sync_once().await.unwrap();
    assert_eq!(owner.engine.state().pending_edits, 0);
    let token = owner.session.access_token().await.unwrap();
    let api = owner.session.api().authorised(&token);
    let users = api.users().await.unwrap();
    let on_server = |id| users.iter().find(|u| u.id == id).unwrap().clone();
    assert_eq!(on_server(agent.id).role, Role::Viewer);
    assert_eq!(on_server(viewer.id).status, UserStatus::Deactivated);
    assert_eq!(api.settings().await.unwrap().timezone, "America/Chicago");
    let server_key = api
        .api_keys()
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.id == key.id)
        .unwrap();
    assert!(server_key.revoked_at.is_some());
    assert!(
        api.invitations()
            .await
            .unwrap()
            .iter()
            .all(|i| i.id != invitation.id)
    );

    // The cache now holds the server's copies, synced, and the audit entries.
    let rows = member_screens::members(store).await.unwrap();
    assert!(
        rows.iter()
            .all(|r| r.edit == EditState::Synced && r.pending_fields.is_empty())
    );
    let keys = api_key_screens::api_keys(store).await.unwrap();
    let revoked = keys.iter().find(|k| k.record.id == key.id).unwrap();
    assert!(!revoked.revoking && revoked.record.revoked_at.is_some());
    let actions = audited_actions(&owner).await;
    for action in [
        "user.role_changed",
        "user.deactivated",
        "settings.updated",
        "api_key.revoked",
        "invitation.revoked",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
}

#[tokio::test]
async fn a_refused_admin_edit_is_rolled_back_and_kept_with_its_reason() {
    let app = demo().await;
    let admin = synced(&app, "admin@acme.test").await;
    let agent = synced(&app, "agent@acme.test").await;
    let owner = member(&admin, "owner@acme.test").await;

    // An admin may not demote an owner: the app hides the action, but the rule is the
    // server's, and a queued edit meets it there.
    let store = admin.engine.store();
    store
        .edit_member(owner.id, MemberChanges::role(Role::Agent))
        .await
        .unwrap();
    assert_eq!(member(&admin, "owner@acme.test").await.role, Role::Agent);
    // An agent may not change the settings.
    let change = settings_change(&agent, |s| s.locale = "en-GB".into()).await;
    agent.engine.store().change_settings(&change).await.unwrap();
    assert_eq!(
        agent.engine.store().settings().await.unwrap().locale,
        "en-GB"
    );
    // Edits core refuses never reach the outbox.
    let invalid = settings_change(&agent, |s| s.calling_window.ends = "07:00".into()).await;
    let refused = agent
        .engine
        .store()
        .change_settings(&invalid)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "invalid_setting");
    assert_eq!(agent.engine.store().counts().await.unwrap().pending, 1);

    admin.engine.sync_once().await.unwrap();
    agent.engine.sync_once().await.unwrap();

    let rows = member_screens::members(store).await.unwrap();
    let owner_row = rows.iter().find(|r| r.record.id == owner.id).unwrap();
    assert_eq!(owner_row.record.role, Role::Owner, "rolled back");
    assert_eq!(owner_row.edit, EditState::Rejected);
    let kept = rejected_edits(store, &[SyncEntity::User]).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].code, "role_not_grantable");
    assert!(
        kept[0].message.contains("cannot change a owner"),
        "{}",
        kept[0].message
    );
    assert_eq!(kept[0].changes["role"], "agent");
    assert_eq!(admin.engine.state().rejected_edits, 1);

    let settings = settings_screens::settings(agent.engine.store())
        .await
        .unwrap();
    assert_eq!(settings.record.locale, "en-US", "rolled back");
    assert_eq!(settings.edit, EditState::Rejected);
    let kept = rejected_edits(agent.engine.store(), &[SyncEntity::Settings])
        .await
        .unwrap();
    assert_eq!(kept[0].code, "forbidden");

    store.dismiss_rejected(kept_id(&admin).await).await.unwrap();
    let rows = member_screens::members(store).await.unwrap();
    assert_eq!(
        rows.iter().find(|r| r.record.id == owner.id).unwrap().edit,
        EditState::Synced
    );
}

async fn kept_id(device: &Device) -> uuid::Uuid {
    device.engine.store().rejected().await.unwrap()[0].mutation_id
}

#[tokio::test]
async fn two_devices_change_settings_offline_and_converge_with_a_recorded_conflict() {
    let app = demo().await;
    let laptop = synced(&app, "owner@acme.test").await;
    let phone = synced(&app, "admin@acme.test").await;

    let laptop_edit = settings_change(&laptop, |s| {
        s.timezone = "America/Chicago".into();
        s.locale = "en-CA".into();
    })
    .await;
    laptop
        .engine
        .store()
        .change_settings(&laptop_edit)
        .await
        .unwrap();
    let phone_edit = settings_change(&phone, |s| {
        s.timezone = "America/Denver".into();
        s.calling_window.starts = "09:30".into();
    })
    .await;
    phone
        .engine
        .store()
        .change_settings(&phone_edit)
        .await
        .unwrap();

    laptop.engine.sync_once().await.unwrap();
    phone.engine.sync_once().await.unwrap();
    laptop.engine.sync_once().await.unwrap();

    for device in [&laptop, &phone] {
        let store = device.engine.store();
        let settings = settings_screens::settings(store).await.unwrap();
        assert_eq!(settings.edit, EditState::Synced);
        assert_eq!(
            settings.record.timezone, "America/Denver",
            "the later push wins"
        );
        assert_eq!(settings.record.locale, "en-CA");
        assert_eq!(settings.record.calling_window.starts, "09:30");
        let conflicts = store.conflicts().await.unwrap();
        assert_eq!(
            conflicts.len(),
            1,
            "both sides see the conflict: {conflicts:?}"
        );
        assert_eq!(conflicts[0].entity, SyncEntity::Settings);
        assert_eq!(conflicts[0].field, "timezone");
        assert_eq!(conflicts[0].overwritten_value, "America/Chicago");
        assert_eq!(device.engine.state().conflicts, 1);
    }
}
