//! What the audit trail keeps about leads, against real PostgreSQL: a stage change and a
//! reassignment carry their values (the stage names, the agents' ids) so a timeline can
//! say "New → Contacted", and nothing anyone does to a lead ever puts its personal data
//! (name, emails, phones, notes, consent wording, searches) into the trail.

use brokerdesk_core::audit::AuditEntry;
use brokerdesk_core::leads::activity::LeadActivity;
use brokerdesk_core::leads::view::{LeadUpdateAudit, TimelineItem, TimelineSources, timeline};
use brokerdesk_core::leads::{Lead, LeadStage};
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{SignedIn, signed_in};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

async fn as_user(app: &TestApp, role: &str) -> SignedIn {
    signed_in(
        app.sign_in("acme", &format!("{role}@acme.test"), DEMO_PASSWORD)
            .await,
    )
}

async fn patch(app: &TestApp, user: &SignedIn, lead: &str, body: Value) -> Value {
    let response = app
        .call(
            Method::PATCH,
            &format!("/v1/leads/{lead}"),
            Some(&user.access_token),
            Some(body),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    response.body
}

/// Every entry of acme's trail, oldest first.
async fn trail(app: &TestApp, owner: &SignedIn) -> Vec<AuditEntry> {
    let mut entries: Vec<AuditEntry> = Vec::new();
    loop {
        let after = entries.last().map_or(0, |e| e.seq);
        let page = app
            .get(&format!("/v1/audit?afterSeq={after}"), &owner.access_token)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        let more: Vec<AuditEntry> = serde_json::from_value(page.body).unwrap();
        if more.is_empty() {
            return entries;
        }
        entries.extend(more);
    }
}

#[tokio::test]
async fn stage_and_agent_changes_keep_their_values_and_the_timeline_shows_them() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = as_user(&app, "owner").await;
    let agent = as_user(&app, "agent").await;
    let created = app
        .post(
            "/v1/leads",
            &owner.access_token,
            Some(json!({ "name": "Tina Trail", "stage": "new" })),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.body["id"].as_str().unwrap().to_owned();
    patch(
        &app,
        &owner,
        &id,
        json!({ "stage": "contacted", "notes": "Called back." }),
    )
    .await;
    patch(&app, &owner, &id, json!({ "assignedAgent": agent.user_id })).await;
    // The agent now has the lead, and moves it on.
    patch(&app, &agent, &id, json!({ "stage": "qualified" })).await;
    // Writing the stage it already has is no change.
    let lead: Lead = serde_json::from_value(
        patch(
            &app,
            &owner,
            &id,
            json!({ "stage": "qualified", "tags": ["vip"] }),
        )
        .await,
    )
    .unwrap();

    let updates: Vec<AuditEntry> = trail(&app, &owner)
        .await
        .into_iter()
        .filter(|e| e.action == "lead.updated" && e.target.as_deref() == Some(id.as_str()))
        .collect();
    assert_eq!(updates.len(), 4);
    let recorded: Vec<LeadUpdateAudit> = updates
        .iter()
        .map(|e| LeadUpdateAudit::read(&e.details).expect("readable details"))
        .collect();
    assert_eq!(
        updates[0].details["stage"],
        json!({ "from": "new", "to": "contacted" })
    );
    assert_eq!(
        updates[1].details["assignedAgent"],
        json!({ "from": null, "to": agent.user_id })
    );
    assert_eq!(
        updates[2].details["stage"],
        json!({ "from": "contacted", "to": "qualified" })
    );
    assert!(recorded[1].stage.is_none(), "the stage was not written");

    // The timeline the desktop builds from these entries (core's, the same code).
    let items = timeline(TimelineSources {
        lead: &lead,
        activity: LeadActivity {
            conversations: vec![],
            calls: vec![],
        },
        audit: &updates,
        synced: Some(&lead),
        pending: &[],
    });
    let stages: Vec<(Option<LeadStage>, Option<LeadStage>)> = items
        .iter()
        .filter_map(|item| match item {
            TimelineItem::StageChanged { from, to, .. } => Some((*from, *to)),
            _ => None,
        })
        .collect();
    assert_eq!(
        stages,
        [
            (Some(LeadStage::Contacted), Some(LeadStage::Qualified)),
            (Some(LeadStage::New), Some(LeadStage::Contacted)),
        ],
        "newest first, and no line for the unchanged stage"
    );
    assert!(items.iter().any(|item| matches!(
        item,
        TimelineItem::AgentChanged { from: None, to: Some(to), .. } if to.to_string() == agent.user_id
    )));
}

#[tokio::test]
async fn nothing_done_to_a_lead_puts_its_personal_data_in_the_trail() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = as_user(&app, "owner").await;
    let agent = as_user(&app, "agent").await;
    // Values that could only come from the lead if they showed up in the trail.
    let personal = [
        "Priya Privacy",
        "priya.private@example.org",
        "+14155550163",
        "5550163",
        "Lives at 12 Secret Lane",
        "Yes, call me about Secret Lane",
        "Priya's own words",
        "Renamed Priyanka",
    ];
    let created = app
        .post(
            "/v1/leads",
            &owner.access_token,
            Some(json!({
                "name": personal[0], "emails": [personal[1]], "phones": ["(415) 555-0163"],
                "notes": personal[4], "stage": "new",
            })),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.body["id"].as_str().unwrap().to_owned();
    patch(
        &app,
        &owner,
        &id,
        json!({ "name": personal[7], "notes": "Prefers email. Lives at 12 Secret Lane.", "stage": "contacted", "assignedAgent": agent.user_id }),
    )
    .await;
    let consent = json!({
        "channel": "call", "action": "granted", "written": true, "covers": personal[2],
        "text": personal[5], "capturedWhere": "https://acme.example/priya",
        "evidence": { "ip": "198.51.100.77", "userAgent": "PriyaBrowser/1.0" }
    });
    let recorded = app
        .post(
            &format!("/v1/leads/{id}/consents"),
            &agent.access_token,
            Some(consent),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    // Offline edits through sync: a consent revocation and the do-not-call list.
    let push = json!({
        "deviceId": Uuid::new_v4(),
        "mutations": [
            { "mutationId": Uuid::now_v7(), "entity": "consent", "op": "create", "entityId": Uuid::now_v7(),
              "changes": { "leadId": id, "channel": "call", "action": "revoked", "covers": personal[2], "text": personal[6] },
              "baseVersion": null },
            { "mutationId": Uuid::now_v7(), "entity": "dnc_entry", "op": "create", "entityId": Uuid::now_v7(),
              "changes": { "phone": personal[2], "reason": personal[6] }, "baseVersion": null },
        ]
    });
    let pushed = app
        .post("/v1/sync/push", &agent.access_token, Some(push))
        .await;
    assert!(
        pushed.body["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["outcome"]["status"] == "applied"),
        "{:?}",
        pushed.body
    );
    // A filtered export, searching by the person's name.
    let export = app
        .get(
            "/v1/leads/export?q=Priyanka&stage=contacted",
            &owner.access_token,
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let erased = app
        .call(
            Method::DELETE,
            &format!("/v1/leads/{id}"),
            Some(&owner.access_token),
            None,
        )
        .await;
    assert_eq!(erased.status, StatusCode::NO_CONTENT);

    let entries = trail(&app, &owner).await;
    let about_the_lead: Vec<&AuditEntry> = entries
        .iter()
        .filter(|e| {
            e.action.starts_with("lead")
                || e.action.starts_with("consent")
                || e.action.starts_with("dnc")
        })
        .collect();
    let actions: Vec<&str> = about_the_lead.iter().map(|e| e.action.as_str()).collect();
    for expected in [
        "lead.created",
        "lead.updated",
        "consent.recorded",
        "dnc.added",
        "leads.exported",
        "lead.erased",
    ] {
        assert!(actions.contains(&expected), "no {expected} in {actions:?}");
    }
    let exported = about_the_lead
        .iter()
        .find(|e| e.action == "leads.exported")
        .unwrap();
    assert_eq!(exported.details["filters"], json!(["stage", "q"]));
    for entry in about_the_lead {
        let text = serde_json::to_string(&entry).unwrap().to_lowercase();
        for value in personal {
            assert!(
                !text.contains(&value.to_lowercase()),
                "{} keeps {value:?}: {text}",
                entry.action
            );
        }
        assert!(
            !text.contains("secret lane") && !text.contains("priya"),
            "{text}"
        );
    }
}
