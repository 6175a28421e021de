//! What the desktop's lead screens do offline, against the real API, PostgreSQL and
//! SQLCipher: consent and the do-not-call list change the call check at once and reach
//! the server under the device's ids; a refused entry rolls back; an erasure made here
//! empties every device; an import is checked and queued here; a bulk edit of 1,200
//! leads goes out in batches the server accepts; the export follows the filters; and the
//! timeline tells each stage change from and to.

mod support;

use brokerdesk_client::leads::api::LeadsApi;
use brokerdesk_client::leads::export::leads_csv;
use brokerdesk_client::leads::import::{apply_import, preview_import};
use brokerdesk_client::leads::screens::{bulk_update, lead_detail, matching_ids};
use brokerdesk_core::leads::consent::{
    CallKind, CallReason, ConsentAction, ConsentChannel, ConsentEvidence, NewConsent, NewDncEntry,
};
use brokerdesk_core::leads::csv::read_import;
use brokerdesk_core::leads::list::LeadListQuery;
use brokerdesk_core::leads::view::{TimelineItem, TransferProgress};
use brokerdesk_core::leads::{Lead, LeadChanges, LeadStage};
use brokerdesk_core::sync::push::MAX_PUSH_MUTATIONS;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::leads::seed_leads;
use chrono::{Duration, Utc};
use support::Device;

async fn demo() -> TestApp {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    app
}

async fn synced_device(app: &TestApp, email: &str) -> Device {
    let device = Device::demo(&app.address, "acme", email).await;
    device.engine.sync_once().await.unwrap();
    device
}

async fn named(device: &Device, name: &str) -> Lead {
    let query = LeadListQuery {
        q: Some(name.into()),
        ..LeadListQuery::default()
    };
    device.engine.store().lead_page(&query).await.unwrap().leads[0].clone()
}

fn written_grant(phone: &str) -> NewConsent {
    NewConsent {
        channel: ConsentChannel::Call,
        action: ConsentAction::Granted,
        written: true,
        covers: phone.into(),
        text: "I agree to be called, including by AI voice.".into(),
        captured_at: None,
        captured_where: Some("Open house sign-in".into()),
        evidence: ConsentEvidence::default(),
    }
}

/// A time inside the demo tenant's calling window, so only consent and the list decide.
fn midday() -> chrono::DateTime<Utc> {
    "2026-03-03T17:00:00Z".parse().unwrap()
}

#[tokio::test]
async fn consent_recorded_offline_answers_the_call_check_at_once_and_reaches_the_server() {
    let app = demo().await;
    let agent = synced_device(&app, "agent@acme.test").await;
    let store = agent.engine.store();
    let lena = named(&agent, "Lena Novak").await;
    let phone = lena.phones[0].clone();
    let check = async || {
        store
            .call_check(lena.id, &phone, CallKind::AiVoice, midday())
            .await
            .unwrap()
            .reason
    };
    assert_eq!(check().await, CallReason::NoWrittenConsent);

    // Offline: nothing here talks to the server.
    let label = format!("user:{}", agent.session.account().user_id);
    let entry = store
        .record_consent(lena.id, written_grant(&phone), &label)
        .await
        .unwrap();
    assert_eq!(check().await, CallReason::Allowed);
    assert_eq!(store.counts().await.unwrap().pending, 1);
    // Refused before anything is written, with the reason.
    let unquoted = NewConsent {
        text: " ".into(),
        ..written_grant(&phone)
    };
    let refused = store
        .record_consent(lena.id, unquoted, &label)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "invalid_consent");

    agent.engine.sync_once().await.unwrap();
    let on_server = LeadsApi::new(&agent.session)
        .consents(lena.id)
        .await
        .unwrap();
    let kept = on_server
        .iter()
        .find(|e| e.id == entry.id)
        .expect("the device's id is kept");
    assert_eq!(kept.captured_where.as_deref(), Some("Open house sign-in"));
    assert_eq!(kept.recorded_by, label);
    // The pulled copy replaced the optimistic one.
    assert!(
        store
            .consents(lena.id)
            .await
            .unwrap()
            .iter()
            .all(|c| c.version > 0)
    );

    // A revocation is an entry of its own, offline too, and decides at once.
    let revoke = NewConsent {
        action: ConsentAction::Revoked,
        written: false,
        text: "Stop calling me.".into(),
        ..written_grant(&phone)
    };
    store.record_consent(lena.id, revoke, &label).await.unwrap();
    assert_eq!(check().await, CallReason::ConsentRevoked);
    agent.engine.sync_once().await.unwrap();
    let owner = synced_device(&app, "owner@acme.test").await;
    let seen = owner
        .engine
        .store()
        .call_check(lena.id, &phone, CallKind::AiVoice, midday())
        .await
        .unwrap();
    assert_eq!(
        seen.reason,
        CallReason::ConsentRevoked,
        "another device sees it"
    );
}

#[tokio::test]
async fn a_refused_consent_entry_is_rolled_back_and_shown_with_its_reason() {
    let app = demo().await;
    let viewer = synced_device(&app, "viewer@acme.test").await;
    let store = viewer.engine.store();
    let maya = named(&viewer, "Maya Chen").await;
    let before = store.consents(maya.id).await.unwrap().len();
    store
        .record_consent(maya.id, written_grant(&maya.phones[0]), "user:viewer")
        .await
        .unwrap();
    assert_eq!(store.consents(maya.id).await.unwrap().len(), before + 1);
    viewer.engine.sync_once().await.unwrap();
    assert_eq!(
        store.consents(maya.id).await.unwrap().len(),
        before,
        "rolled back"
    );
    let detail = lead_detail(store, maya.id).await.unwrap();
    assert_eq!(detail.rejections.len(), 1);
    assert_eq!(detail.rejections[0].code, "forbidden");
    assert_eq!(detail.rejections[0].fields, ["consent"]);
}

#[tokio::test]
async fn the_do_not_call_list_changes_offline_and_converges_on_the_server() {
    let app = demo().await;
    let admin = synced_device(&app, "admin@acme.test").await;
    let owner = synced_device(&app, "owner@acme.test").await;
    let store = admin.engine.store();
    let maya = named(&admin, "Maya Chen").await;
    let phone = maya.phones[0].clone();
    let check = async || {
        store
            .call_check(maya.id, &phone, CallKind::AiVoice, midday())
            .await
            .unwrap()
            .reason
    };
    assert_eq!(
        check().await,
        CallReason::Allowed,
        "the demo's written consent"
    );

    let entry = store
        .add_dnc(
            NewDncEntry {
                phone: "(415) 555-0142".into(),
                reason: Some("Asked on a call".into()),
            },
            "user:admin",
        )
        .await
        .unwrap();
    assert_eq!(entry.phone, phone);
    assert_eq!(check().await, CallReason::OnDoNotCallList);
    let twice = store
        .add_dnc(
            NewDncEntry {
                phone: phone.clone(),
                reason: None,
            },
            "user:admin",
        )
        .await
        .unwrap_err();
    assert_eq!(twice.code(), "dnc_exists");
    // Meanwhile the owner's device lists the same number, and syncs first.
    owner
        .engine
        .store()
        .add_dnc(
            NewDncEntry {
                phone: phone.clone(),
                reason: Some("Owner heard it too".into()),
            },
            "user:owner",
        )
        .await
        .unwrap();
    owner.engine.sync_once().await.unwrap();
    admin.engine.sync_once().await.unwrap();
    // One entry for the number, here and on the server: the first one.
    let listed: Vec<_> = store
        .dnc_list()
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.phone == phone)
        .collect();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].reason.as_deref(), Some("Owner heard it too"));
    let on_server = LeadsApi::new(&admin.session).dnc().await.unwrap();
    assert_eq!(on_server.iter().filter(|e| e.phone == phone).count(), 1);

    // Taken off offline: the check changes at once, the server after the sync.
    store.remove_dnc(listed[0].id).await.unwrap();
    assert_eq!(check().await, CallReason::Allowed);
    admin.engine.sync_once().await.unwrap();
    let on_server = LeadsApi::new(&admin.session).dnc().await.unwrap();
    assert!(on_server.iter().all(|e| e.phone != phone));
    let gone = store.remove_dnc(listed[0].id).await.unwrap_err();
    assert_eq!(gone.code(), "not_found");
}

#[tokio::test]
async fn an_erasure_made_on_the_desktop_empties_every_device() {
    let app = demo().await;
    let laptop = synced_device(&app, "owner@acme.test").await;
    let desktop = synced_device(&app, "admin@acme.test").await;
    let maya = named(&laptop, "Maya Chen").await;
    laptop.engine.store().delete_lead(maya.id).await.unwrap();
    // Hidden here at once, before the server has heard of it.
    assert!(laptop.engine.store().lead(maya.id).await.unwrap().is_none());
    laptop.engine.sync_once().await.unwrap();
    let api = LeadsApi::new(&laptop.session);
    assert_eq!(api.get(maya.id).await.unwrap_err().code(), "not_found");
    desktop.engine.sync_once().await.unwrap();
    for device in [&laptop, &desktop] {
        let store = device.engine.store();
        assert!(store.lead(maya.id).await.unwrap().is_none());
        assert!(store.consents(maya.id).await.unwrap().is_empty());
        let activity = store.activity(maya.id).await.unwrap();
        assert!(activity.conversations.is_empty() && activity.calls.is_empty());
        let rows: i64 =
            sqlx::query_scalar("select count(*) from records where data like '%Maya%' or id = ?")
                .bind(maya.id.to_string())
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(rows, 0);
    }
}

#[tokio::test]
async fn an_import_is_checked_and_queued_offline_then_created_on_the_server() {
    let app = demo().await;
    let owner = synced_device(&app, "owner@acme.test").await;
    let store = owner.engine.store();
    let csv = "name,emails,stage,assignedAgent\n\
               Imp Ann,ann@imp.test,qualified,agent@acme.test\n\
               ,nobody@imp.test,,\n\
               Imp Bo,bo@imp.test,,viewer@acme.test\n\
               Imp Cy,,,\n";
    let preview = preview_import(store, csv).await.unwrap();
    assert_eq!((preview.valid_rows, preview.invalid_rows), (2, 2));
    let bad: Vec<(u64, &str)> = preview
        .rows
        .iter()
        .filter(|r| !r.valid)
        .map(|r| (r.line, r.errors[0].code.as_str()))
        .collect();
    assert_eq!(bad, [(3, "invalid_lead_name"), (4, "invalid_lead_agent")]);
    let unreadable = preview_import(store, "nom\nx\n").await.unwrap_err();
    assert_eq!(unreadable.code(), "invalid_csv_header");

    let mut reports = Vec::new();
    let result = apply_import(store, csv, |p| reports.push(p)).await.unwrap();
    assert_eq!(result.skipped_lines, [3, 4]);
    assert_eq!(result.lead_ids.len(), 2);
    assert_eq!(
        reports.first(),
        Some(&TransferProgress { done: 0, total: 2 })
    );
    assert_eq!(
        reports.last(),
        Some(&TransferProgress { done: 2, total: 2 })
    );
    let ann = store.lead(result.lead_ids[0]).await.unwrap().unwrap();
    assert_eq!(ann.stage, LeadStage::Qualified);
    assert_eq!(store.counts().await.unwrap().pending, 2);

    owner.engine.sync_once().await.unwrap();
    let api = LeadsApi::new(&owner.session);
    let on_server = api.get(result.lead_ids[0]).await.unwrap();
    assert_eq!(on_server.name, "Imp Ann");
    let agent = Device::demo(&app.address, "acme", "agent@acme.test").await;
    assert_eq!(
        on_server.assigned_agent,
        Some(agent.session.account().user_id)
    );
    assert_eq!(store.counts().await.unwrap().pending, 0);
}

/// More rows than one batch of statements: every lead is in the list at once, and the
/// creates are queued in the file's order.
#[tokio::test]
async fn a_large_import_is_listed_at_once_and_queued_in_the_files_order() {
    let app = demo().await;
    let owner = synced_device(&app, "owner@acme.test").await;
    let store = owner.engine.store();
    let rows: String = (0..450).map(|n| format!("Batch Lead {n:03}\n")).collect();
    let mut reports = Vec::new();
    let result = apply_import(store, &format!("name\n{rows}"), |p| reports.push(p))
        .await
        .unwrap();
    assert_eq!(result.lead_ids.len(), 450);
    let done: Vec<u64> = reports.iter().map(|p| p.done).collect();
    assert_eq!(done, [0, 200, 400, 450, 450]);
    let query = LeadListQuery {
        q: Some("batch lead".into()),
        ..Default::default()
    };
    let listed = matching_ids(store, &query).await.unwrap();
    assert_eq!(listed.len(), 450, "every imported lead is in the list");
    let queued: Vec<String> = store
        .pending(1_000)
        .await
        .unwrap()
        .into_iter()
        .map(|mutation| mutation.entity_id)
        .collect();
    let in_file_order: Vec<String> = result.lead_ids.iter().map(|id| id.to_string()).collect();
    assert_eq!(queued, in_file_order);
}

#[tokio::test]
async fn an_import_the_plan_has_no_room_for_is_refused_whole() {
    let app = demo().await;
    app.set_plan("acme", "free").await;
    let owner = synced_device(&app, "owner@acme.test").await;
    let store = owner.engine.store();
    let rows: String = (0..120).map(|n| format!("Room Lead {n}\n")).collect();
    let refused = apply_import(store, &format!("name\n{rows}"), |_| {})
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "quota_exceeded");
    assert!(refused.to_string().contains("Free plan"), "{refused}");
    assert_eq!(store.counts().await.unwrap().pending, 0, "nothing queued");
}

#[tokio::test]
async fn a_bulk_edit_of_1200_leads_is_pushed_in_batches_the_server_takes() {
    let app = demo().await;
    let owner = synced_device(&app, "owner@acme.test").await;
    let tenant = owner.session.account().tenant_id;
    seed_leads(&app.db.admin_pool().await, tenant, 1_200, None)
        .await
        .unwrap();
    owner.engine.sync_once().await.unwrap();
    let store = owner.engine.store();
    let bulk = LeadListQuery {
        q: Some("bulk lead".into()),
        ..LeadListQuery::default()
    };
    let ids = matching_ids(store, &bulk).await.unwrap();
    assert_eq!(ids.len(), 1_200, "beyond one page of the table");
    let lost = LeadChanges {
        stage: Some(LeadStage::Lost),
        ..LeadChanges::default()
    };
    let mut reports = Vec::new();
    let result = bulk_update(store, &ids, &lost, |p| reports.push(p))
        .await
        .unwrap();
    assert_eq!((result.queued, result.failed.len()), (1_200, 0));
    assert_eq!(
        reports.last(),
        Some(&TransferProgress {
            done: 1_200,
            total: 1_200
        })
    );
    assert!(reports.len() > 2, "progress as it goes: {reports:?}");
    assert_eq!(store.counts().await.unwrap().pending, 1_200);
    // A push carries at most a batch (the server refuses more), so 1,200 go in three.
    assert_eq!(store.pending(usize::MAX).await.unwrap().len(), 1_200);
    assert_eq!(
        store.pending(MAX_PUSH_MUTATIONS).await.unwrap().len(),
        MAX_PUSH_MUTATIONS
    );
    let pushed = owner.engine.push().await.unwrap();
    assert_eq!(pushed, 1_200);
    assert_eq!(store.counts().await.unwrap().pending, 0);
    let on_server = LeadsApi::new(&owner.session)
        .list(&LeadListQuery {
            stage: Some(LeadStage::Lost),
            q: Some("bulk lead".into()),
            limit: Some(500),
            ..LeadListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(on_server.leads.len(), 500);
    assert!(on_server.next_cursor.is_some());
}

#[tokio::test]
async fn the_offline_export_and_the_activity_filter_follow_the_table() {
    let app = demo().await;
    let owner = synced_device(&app, "owner@acme.test").await;
    let store = owner.engine.store();
    let every = store
        .lead_page(&LeadListQuery::default())
        .await
        .unwrap()
        .leads;
    let active = every
        .iter()
        .find(|l| l.last_activity_at.is_some())
        .expect("the demo has a lead with a chat and a call");
    let at = active.last_activity_at.unwrap();
    for (from, to) in [
        (
            Some(at - Duration::seconds(1)),
            Some(at + Duration::seconds(1)),
        ),
        (Some(at + Duration::seconds(1)), None),
        (None, Some(at)),
    ] {
        let query = LeadListQuery {
            activity_from: from,
            activity_to: to,
            ..LeadListQuery::default()
        };
        let listed: Vec<_> = store.lead_page(&query).await.unwrap().leads;
        let expected: Vec<_> = every.iter().filter(|l| query.matches(l)).collect();
        assert_eq!(listed.len(), expected.len(), "{from:?}..{to:?}");
        assert_eq!(
            store.lead_count(&query).await.unwrap(),
            expected.len() as u64
        );
    }

    let qualified = LeadListQuery {
        stage: Some(LeadStage::Qualified),
        ..LeadListQuery::default()
    };
    let expected: Vec<_> = every.iter().filter(|l| qualified.matches(l)).collect();
    let mut reports = Vec::new();
    let (csv, count) = leads_csv(store, &qualified, |p| reports.push(p))
        .await
        .unwrap();
    assert_eq!(count, expected.len());
    let rows = read_import(&csv).unwrap();
    assert_eq!(rows.len(), expected.len());
    assert!(
        rows.iter()
            .all(|r| r.changes.stage == Some(LeadStage::Qualified))
    );
    assert_eq!(
        reports.last().map(|p| (p.done, p.total)),
        Some((count as u64, count as u64))
    );
    let (all, every_count) = leads_csv(store, &LeadListQuery::default(), |_| {})
        .await
        .unwrap();
    assert_eq!(every_count, every.len());
    assert!(all.lines().count() > csv.lines().count());
}

#[tokio::test]
async fn the_timeline_tells_each_stage_change_from_and_to() {
    let app = demo().await;
    let owner = synced_device(&app, "owner@acme.test").await;
    let store = owner.engine.store();
    let lead = owner.create_synced("Tim Line").await;
    let to = |stage| LeadChanges {
        stage: Some(stage),
        ..LeadChanges::default()
    };
    store
        .update_lead(lead.id, to(LeadStage::Contacted))
        .await
        .unwrap();
    owner.engine.sync_once().await.unwrap();
    // Pending on top of what the server recorded.
    store
        .update_lead(lead.id, to(LeadStage::Qualified))
        .await
        .unwrap();
    let detail = lead_detail(store, lead.id).await.unwrap();
    let stages: Vec<(Option<LeadStage>, Option<LeadStage>, bool)> = detail
        .timeline
        .iter()
        .filter_map(|item| match item {
            TimelineItem::StageChanged {
                from, to, pending, ..
            } => Some((*from, *to, *pending)),
            _ => None,
        })
        .collect();
    assert_eq!(
        stages,
        [
            (Some(LeadStage::Contacted), Some(LeadStage::Qualified), true),
            (Some(LeadStage::New), Some(LeadStage::Contacted), false),
        ]
    );
}
