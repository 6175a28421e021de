//! Leads on the client against the real API, PostgreSQL and SQLCipher: the offline list
//! answers like the rule in core, consent and activity are cached with their lead and
//! the call check works offline, the REST methods the desktop calls, and an erasure on
//! one device empties every other device's cache of the lead.

mod support;

use brokerdesk_client::leads::api::LeadsApi;
use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::consent::{CallCheckQuery, CallKind};
use brokerdesk_core::leads::csv::ImportRequest;
use brokerdesk_core::leads::list::{LeadListQuery, LeadSort};
use brokerdesk_core::leads::{Lead, LeadChanges, LeadStage};
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::leads::seed_leads;
use chrono::Utc;
use std::collections::BTreeSet;
use support::{Device, contains};

async fn demo() -> TestApp {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    app
}

/// Every lead a query lists, following its cursors.
async fn all_pages(device: &Device, mut query: LeadListQuery) -> Vec<Lead> {
    let mut leads = Vec::new();
    loop {
        let page = device.engine.store().lead_page(&query).await.unwrap();
        leads.extend(page.leads);
        match page.next_cursor {
            Some(next) => query.after = Some(next),
            None => return leads,
        }
    }
}

async fn maya(device: &Device) -> Lead {
    let query = LeadListQuery {
        q: Some("maya chen".into()),
        ..LeadListQuery::default()
    };
    device.engine.store().lead_page(&query).await.unwrap().leads[0].clone()
}

#[tokio::test]
async fn the_offline_list_answers_like_the_rule_in_core() {
    let app = demo().await;
    let device = Device::demo(&app.address, "acme", "owner@acme.test").await;
    let tenant = device.session.account().tenant_id;
    seed_leads(&app.db.admin_pool().await, tenant, 240, None)
        .await
        .unwrap();
    device.engine.sync_once().await.unwrap();
    let store = device.engine.store();
    // Local edits count too: a pending change shows, a pending deletion hides.
    let every = all_pages(&device, LeadListQuery::default()).await;
    let edited = every.iter().find(|l| l.name == "Bulk Lead 7").unwrap();
    store
        .update_lead(
            edited.id,
            LeadChanges {
                stage: Some(LeadStage::Lost),
                tags: Some(vec!["Édition".into()]),
                ..LeadChanges::default()
            },
        )
        .await
        .unwrap();
    let gone = every.iter().find(|l| l.name == "Bulk Lead 8").unwrap();
    store.delete_lead(gone.id).await.unwrap();
    let cached: Vec<Lead> = all_pages(
        &device,
        LeadListQuery {
            limit: Some(500),
            ..LeadListQuery::default()
        },
    )
    .await;
    assert_eq!(cached.len(), 240 + 3 - 1);

    let query = |q: Option<&str>, stage: Option<LeadStage>, tag: Option<&str>, sort: LeadSort| {
        LeadListQuery {
            q: q.map(str::to_owned),
            stage,
            tag: tag.map(str::to_owned),
            sort,
            limit: Some(7),
            ..LeadListQuery::default()
        }
    };
    let cases = [
        query(Some("bulk lead 1"), None, None, LeadSort::NameAsc),
        query(Some("BULK12@example"), None, None, LeadSort::UpdatedDesc),
        query(Some("(415) 555-0013"), None, None, LeadSort::CreatedAsc),
        query(
            Some("seeded"),
            Some(LeadStage::Contacted),
            None,
            LeadSort::CreatedDesc,
        ),
        query(None, Some(LeadStage::Lost), None, LeadSort::NameAsc),
        query(None, None, Some("édition"), LeadSort::NameAsc),
        query(Some("noe"), None, None, LeadSort::NameAsc),
        query(Some("ch"), None, None, LeadSort::NameAsc),
        query(Some("\"quoted\" OR *"), None, None, LeadSort::NameAsc),
        query(None, None, Some("bulk"), LeadSort::UpdatedDesc),
    ];
    for case in cases {
        let listed = all_pages(&device, case.clone()).await;
        let ids: Vec<LeadId> = listed.iter().map(|l| l.id).collect();
        let distinct: BTreeSet<LeadId> = ids.iter().copied().collect();
        assert_eq!(distinct.len(), ids.len(), "{case:?}: a lead came twice");
        let expected: BTreeSet<LeadId> = cached
            .iter()
            .filter(|l| case.matches(l))
            .map(|l| l.id)
            .collect();
        assert_eq!(distinct, expected, "{case:?}");
        if case.sort == LeadSort::NameAsc {
            let names: Vec<String> = listed.iter().map(|l| l.name.to_lowercase()).collect();
            assert!(names.is_sorted(), "{case:?}: {names:?}");
        }
    }
    let lost = all_pages(
        &device,
        query(None, Some(LeadStage::Lost), None, LeadSort::NameAsc),
    )
    .await;
    assert!(
        lost.iter().any(|l| l.id == edited.id),
        "the pending edit is listed"
    );
}

#[tokio::test]
async fn consent_and_activity_are_cached_and_the_call_check_works_offline() {
    let app = demo().await;
    let owner = Device::demo(&app.address, "acme", "owner@acme.test").await;
    owner.engine.sync_once().await.unwrap();
    let store = owner.engine.store();
    let maya = maya(&owner).await;
    let consents = store.consents(maya.id).await.unwrap();
    assert_eq!(consents.len(), 1);
    assert!(consents[0].written);
    let activity = store.activity(maya.id).await.unwrap();
    assert_eq!((activity.conversations.len(), activity.calls.len()), (1, 1));
    assert_eq!(
        store
            .records::<serde_json::Value>(brokerdesk_core::sync::SyncEntity::DncEntry)
            .await
            .unwrap()
            .len(),
        1
    );

    // Offline and online agree, for each number and kind of call.
    let api = LeadsApi::new(&owner.session);
    for (phone, kind) in [
        ("+14155550142", CallKind::AiVoice),
        ("+14155550142", CallKind::Human),
        ("+13125550187", CallKind::Human),
    ] {
        let online = api
            .call_check(
                maya.id,
                &CallCheckQuery {
                    phone: phone.into(),
                    kind,
                },
            )
            .await
            .unwrap();
        let offline = store
            .call_check(maya.id, phone, kind, Utc::now())
            .await
            .unwrap();
        assert_eq!(
            (offline.allowed, offline.reason),
            (online.allowed, online.reason),
            "{phone} {kind:?}"
        );
    }
    let omar = all_pages(
        &owner,
        LeadListQuery {
            q: Some("omar".into()),
            ..LeadListQuery::default()
        },
    )
    .await;
    let offline = store
        .call_check(omar[0].id, "+13125550187", CallKind::Human, Utc::now())
        .await
        .unwrap();
    assert!(!offline.allowed, "{offline:?}");

    // An agent's cache holds none of another agent's lead's records.
    let agent = Device::demo(&app.address, "acme", "agent@acme.test").await;
    agent.engine.sync_once().await.unwrap();
    assert!(agent.engine.store().lead(maya.id).await.unwrap().is_none());
    for entity in ["consent", "conversation", "call"] {
        let n: i64 = sqlx::query_scalar("select count(*) from records where entity = ?")
            .bind(entity)
            .fetch_one(agent.engine.store().pool())
            .await
            .unwrap();
        assert_eq!(n, 0, "the agent cached another agent's {entity}");
    }
    // Handing the lead to the agent brings its history to the agent's device.
    let agent_id = agent.session.account().user_id;
    api.update(
        maya.id,
        &LeadChanges {
            assigned_agent: Some(Some(agent_id)),
            ..LeadChanges::default()
        },
    )
    .await
    .unwrap();
    agent.engine.sync_once().await.unwrap();
    assert_eq!(
        agent.engine.store().consents(maya.id).await.unwrap().len(),
        1
    );
    assert_eq!(
        agent
            .engine
            .store()
            .activity(maya.id)
            .await
            .unwrap()
            .calls
            .len(),
        1
    );
    // And taking it away takes it all away again.
    api.update(
        maya.id,
        &LeadChanges {
            assigned_agent: Some(None),
            ..LeadChanges::default()
        },
    )
    .await
    .unwrap();
    agent.engine.sync_once().await.unwrap();
    assert!(
        agent
            .engine
            .store()
            .consents(maya.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        agent
            .engine
            .store()
            .activity(maya.id)
            .await
            .unwrap()
            .conversations
            .is_empty()
    );
}

#[tokio::test]
async fn the_rest_methods_the_desktop_calls_work_against_the_api() {
    let app = demo().await;
    let owner = Device::demo(&app.address, "acme", "owner@acme.test").await;
    let api = LeadsApi::new(&owner.session);
    let created = api
        .create(&LeadChanges {
            name: Some("Rest Rita".into()),
            phones: Some(vec!["415 555 0166".into()]),
            ..LeadChanges::default()
        })
        .await
        .unwrap();
    let page = api
        .list(&LeadListQuery {
            q: Some("rest rita".into()),
            ..LeadListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(page.leads, std::slice::from_ref(&created));
    let changed = api
        .update(
            created.id,
            &LeadChanges {
                stage: Some(LeadStage::Appointment),
                ..LeadChanges::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.stage, LeadStage::Appointment);
    assert_eq!(
        api.get(created.id).await.unwrap().stage,
        LeadStage::Appointment
    );
    let entry = api
        .add_dnc(&brokerdesk_core::leads::consent::NewDncEntry {
            phone: "+14155550166".into(),
            reason: None,
        })
        .await
        .unwrap();
    assert!(api.dnc().await.unwrap().iter().any(|d| d.id == entry.id));
    api.remove_dnc(entry.id).await.unwrap();
    let csv = "name,emails\nCsv Cleo,cleo@csv.test\n,bad\n";
    let request = ImportRequest {
        csv: csv.into(),
        skip_invalid_rows: true,
    };
    let preview = api.preview_import(&request).await.unwrap();
    assert_eq!((preview.valid_rows, preview.invalid_rows), (1, 1));
    let imported = api.apply_import(&request).await.unwrap();
    assert_eq!(imported.skipped_lines, [3]);
    let export = api.export_csv(&LeadListQuery::default()).await.unwrap();
    assert!(export.contains("Csv Cleo") && export.contains("Rest Rita"));
    let filtered = api
        .export_csv(&LeadListQuery {
            q: Some("cleo".into()),
            ..LeadListQuery::default()
        })
        .await
        .unwrap();
    assert!(filtered.contains("Csv Cleo") && !filtered.contains("Rest Rita"));
    api.erase(created.id).await.unwrap();
    let gone = api.get(created.id).await.unwrap_err();
    assert_eq!(gone.code(), "not_found");
    let agent = Device::demo(&app.address, "acme", "agent@acme.test").await;
    let refused = LeadsApi::new(&agent.session)
        .export_csv(&LeadListQuery::default())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "forbidden");
}

#[tokio::test]
async fn an_erasure_empties_every_devices_cache_of_the_lead() {
    let app = demo().await;
    let laptop = Device::demo(&app.address, "acme", "owner@acme.test").await;
    let desktop = Device::demo(&app.address, "acme", "admin@acme.test").await;
    laptop.engine.sync_once().await.unwrap();
    desktop.engine.sync_once().await.unwrap();
    let maya = maya(&desktop).await;
    assert_eq!(
        desktop
            .engine
            .store()
            .activity(maya.id)
            .await
            .unwrap()
            .calls
            .len(),
        1
    );

    LeadsApi::new(&laptop.session).erase(maya.id).await.unwrap();
    desktop.engine.sync_once().await.unwrap();

    let store = desktop.engine.store();
    assert!(store.lead(maya.id).await.unwrap().is_none());
    assert!(store.consents(maya.id).await.unwrap().is_empty());
    let activity = store.activity(maya.id).await.unwrap();
    assert!(activity.conversations.is_empty() && activity.calls.is_empty());
    let search = LeadListQuery {
        q: Some("maya".into()),
        ..LeadListQuery::default()
    };
    assert!(store.lead_page(&search).await.unwrap().leads.is_empty());
    // No row of the cache names her, the list index and its full-text index included.
    for (table, column) in [
        ("records", "data"),
        ("records", "shadow"),
        ("lead_index", "search"),
        ("lead_index", "name_key"),
        ("outbox", "changes"),
    ] {
        let hits: i64 = sqlx::query_scalar(&format!("select count(*) from {table} where {column} like '%Maya%' or {column} like '%5550142%' or {column} like '%noe valley%'"))
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(hits, 0, "{table}.{column} still names the erased lead");
    }
    // The full-text index keeps trigrams without positions: none of hers is left.
    let fts: i64 = sqlx::query_scalar(
        "select count(*) from lead_fts
          where lead_fts match '\"may\" AND \"aya\" AND \"ya \" AND \"a c\" AND \" ch\" AND \"che\" AND \"hen\"'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(fts, 0);
    // The file is encrypted page by page (the no-plaintext test greps it); what the
    // erasure deleted is overwritten inside those pages, not left in free space.
    let secure_delete: i64 = sqlx::query_scalar("pragma secure_delete")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(secure_delete, 1);
    let location = desktop.session.account().cache_location(desktop.dir.path());
    let file = std::fs::read(location.path()).unwrap();
    assert!(
        !contains(&file, b"Maya") && !contains(&file, b"Omar"),
        "plaintext in the cache file"
    );
}
