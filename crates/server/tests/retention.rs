//! Retention: the legal minimums refused with their code; who may set policies and
//! holds; the dry run counting exactly what the purge then deletes; each hold (a lead, a
//! transaction, the whole tenant) stopping the purge; tombstones so a pull reports the
//! deletions; closed privacy requests going after 24 months; and two server instances
//! running their passes at once, of which only one purges.

use brokerdesk_core::audit::CLIENT_DETAILS_KEPT_DAYS;
use brokerdesk_server::retention::scheduler::{PASS_LOCK, run_pass};
use brokerdesk_server::sealed::MasterKey;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo, seed_demo_staff};
use brokerdesk_server::staff::DEMO_STAFF_EMAIL;
use brokerdesk_server::testing::{TEST_MASTER_KEY, TestApp, demo_staff_code};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

fn years_ago(years: i64) -> DateTime<Utc> {
    Utc::now() - Duration::days(365 * years + 2)
}

/// Test data written behind the API's back, at any age.
struct Rows {
    admin: PgPool,
    tenant: Uuid,
}

impl Rows {
    async fn lead(&self, stage: &str, last_contact: DateTime<Utc>) -> Uuid {
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into leads (tenant_id, id, name, source, stage, created_at, updated_at, last_activity_at, version)
             values ($1, $2, 'Old Lead', 'manual', $3, $4, $4, $4, 1)",
        )
        .bind(self.tenant)
        .bind(id)
        .bind(stage)
        .bind(last_contact)
        .execute(&self.admin)
        .await
        .unwrap();
        id
    }

    async fn consent(&self, lead: Uuid, captured_at: DateTime<Utc>) {
        sqlx::query(
            "insert into consent_entries (tenant_id, id, lead_id, channel, action, written, covers,
                                          consent_text, captured_at, recorded_by, version)
             values ($1, $2, $3, 'call', 'granted', true, '+14155550100', 'Yes, call me.', $4, 'test', 1)",
        )
        .bind(self.tenant)
        .bind(Uuid::now_v7())
        .bind(lead)
        .bind(captured_at)
        .execute(&self.admin)
        .await
        .unwrap();
    }

    async fn conversation(&self, lead: Uuid, started_at: DateTime<Utc>) -> Uuid {
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into conversations (tenant_id, id, lead_id, started_at, version) values ($1, $2, $3, $4, 1)",
        )
        .bind(self.tenant)
        .bind(id)
        .bind(lead)
        .bind(started_at)
        .execute(&self.admin)
        .await
        .unwrap();
        id
    }

    async fn call(&self, lead: Uuid, started_at: DateTime<Utc>) -> Uuid {
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into call_records (tenant_id, id, lead_id, direction, phone, started_at,
                                       duration_secs, outcome, version)
             values ($1, $2, $3, 'outbound', '+14155550100', $4, 60, 'answered', 1)",
        )
        .bind(self.tenant)
        .bind(id)
        .bind(lead)
        .bind(started_at)
        .execute(&self.admin)
        .await
        .unwrap();
        id
    }

    async fn deal(&self, closed: NaiveDate) -> Uuid {
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into transactions (tenant_id, id, name, closing_date, version) values ($1, $2, 'Old Deal', $3, 1)",
        )
        .bind(self.tenant)
        .bind(id)
        .bind(closed)
        .execute(&self.admin)
        .await
        .unwrap();
        id
    }

    async fn closed_request(&self, closed_on: NaiveDate) -> Uuid {
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into privacy_requests (tenant_id, id, kind, law, requester_name, channel, received_on,
                                           respond_by, status, closed_on, created_at, updated_at, version)
             values ($1, $2, 'access', 'gdpr', 'Old Requester', 'email', $3, $3, 'completed', $3, now(), now(), 1)",
        )
        .bind(self.tenant)
        .bind(id)
        .bind(closed_on)
        .execute(&self.admin)
        .await
        .unwrap();
        id
    }

    async fn exists(&self, table: &str, id: Uuid) -> bool {
        sqlx::query_scalar(&format!(
            "select exists (select 1 from {table} where tenant_id = $1 and id = $2)"
        ))
        .bind(self.tenant)
        .bind(id)
        .fetch_one(&self.admin)
        .await
        .unwrap()
    }

    /// The details of the tenant's `retention.purged` entries, by kind.
    async fn purges(&self) -> Vec<Value> {
        sqlx::query_scalar(
            "select details from audit_entries where tenant_id = $1 and action = 'retention.purged' order by seq",
        )
        .bind(self.tenant)
        .fetch_all(&self.admin)
        .await
        .unwrap()
    }
}

async fn put_policy(
    app: &TestApp,
    token: &str,
    kind: &str,
    months: Value,
) -> brokerdesk_server::testing::api::Response {
    app.call(
        Method::PUT,
        &format!("/v1/retention/policies/{kind}"),
        Some(token),
        Some(json!({ "months": months })),
    )
    .await
}

async fn dry_run(app: &TestApp, token: &str, kind: &str, months: u32) -> Value {
    let answer = app
        .post(
            "/v1/retention/dry-run",
            token,
            Some(json!({ "kind": kind, "months": months })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body
}

fn count_of(result: &Value, record: &str) -> u64 {
    result["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["record"] == record)
        .map_or(0, |c| c["count"].as_u64().unwrap())
}

#[tokio::test]
async fn minimums_are_refused_and_only_owners_set_policies() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;

    let policies = app.get("/v1/retention/policies", &admin).await;
    assert_eq!(policies.status, StatusCode::OK, "{:?}", policies.body);
    let kinds: Vec<&str> = policies
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "conversations",
            "closed_leads",
            "invitations_and_mail",
            "transactions",
            "kb_versions"
        ]
    );
    let deals = &policies.body[3];
    assert_eq!(
        (deals["minimumMonths"].as_u64(), deals["months"].is_null()),
        (Some(84), true)
    );
    // The demo seed keeps conversations 24 months.
    assert_eq!(policies.body[0]["months"], 24);

    // The transactions minimum, on the policy and on the dry run alike.
    let below = put_policy(&app, &owner, "transactions", json!(83)).await;
    assert_eq!(
        (below.status, below.code()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "retention_below_legal_minimum"
        )
    );
    assert!(
        below.body["message"].as_str().unwrap().starts_with(
            "Transactions must be kept at least 7 years after closing (broker record keeping"
        ),
        "{:?}",
        below.body
    );
    let preview = app
        .post(
            "/v1/retention/dry-run",
            &owner,
            Some(json!({ "kind": "transactions", "months": 12 })),
        )
        .await;
    assert_eq!(preview.code(), "retention_below_legal_minimum");
    for months in [json!(0), json!(1201)] {
        let refused = put_policy(&app, &owner, "conversations", months).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_retention")
        );
    }
    let unknown = put_policy(&app, &owner, "audit_trail", json!(12)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // Owners only: admins and agents are refused, and agents do not even read them.
    for token in [&admin, &agent] {
        let refused = put_policy(&app, token, "conversations", json!(6)).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::FORBIDDEN, "forbidden")
        );
    }
    assert_eq!(
        app.get("/v1/retention/policies", &agent).await.status,
        StatusCode::FORBIDDEN
    );

    let kept = put_policy(&app, &owner, "transactions", json!(84)).await;
    assert_eq!(kept.status, StatusCode::OK, "{:?}", kept.body);
    let forever = put_policy(&app, &owner, "conversations", Value::Null).await;
    assert!(forever.body["months"].is_null());
    let trail = app.get("/v1/audit", &owner).await.body;
    let set: Vec<&Value> = trail
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "retention.policy_set")
        .collect();
    assert_eq!(set.len(), 2);
    assert_eq!(
        set[0]["details"],
        json!({ "kind": "transactions", "months": 84 })
    );
}

#[tokio::test]
async fn holds_are_owners_and_admins_and_never_reach_another_tenant() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;
    let other = app.register("other").await;
    let admin_pool = app.db.admin_pool().await;
    let acme_lead: Uuid = sqlx::query_scalar(
        "select id from leads where tenant_id = (select id from tenants where subdomain = 'acme')
          and not exists (select 1 from legal_holds h where h.subject_id = leads.id) limit 1",
    )
    .fetch_one(&admin_pool)
    .await
    .unwrap();
    let hold = |subject_id: Uuid| json!({ "subject": "lead", "subjectId": subject_id, "reason": "Matter 2026-7" });

    // Another tenant's lead is not there to hold.
    let across = app
        .post(
            "/v1/retention/holds",
            &other.access_token,
            Some(hold(acme_lead)),
        )
        .await;
    assert_eq!(across.status, StatusCode::NOT_FOUND, "{:?}", across.body);
    let refused = app
        .post("/v1/retention/holds", &agent, Some(hold(acme_lead)))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let reasonless = app
        .post(
            "/v1/retention/holds",
            &admin,
            Some(json!({ "subject": "lead", "subjectId": acme_lead, "reason": " " })),
        )
        .await;
    assert_eq!(reasonless.code(), "invalid_retention");

    let held = app
        .post("/v1/retention/holds", &admin, Some(hold(acme_lead)))
        .await;
    assert_eq!(held.status, StatusCode::CREATED, "{:?}", held.body);
    let again = app
        .post("/v1/retention/holds", &admin, Some(hold(acme_lead)))
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "already_held")
    );
    // The demo's hold and this one; the other tenant sees neither, nor can release them.
    let list = app.get("/v1/retention/holds", &admin).await.body;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(
        app.get("/v1/retention/holds", &other.access_token)
            .await
            .body,
        json!([])
    );
    let hold_id = held.body["id"].as_str().unwrap();
    let path = format!("/v1/retention/holds/{hold_id}");
    let foreign = app
        .call(Method::DELETE, &path, Some(&other.access_token), None)
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let released = app.call(Method::DELETE, &path, Some(&admin), None).await;
    assert_eq!(released.status, StatusCode::NO_CONTENT);

    // The trail names the lead and the hold by id; the reason stays in the hold.
    let trail = app.get("/v1/audit", &admin).await.body;
    let entries: Vec<&Value> = trail
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"].as_str().unwrap().starts_with("legal_hold."))
        .collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["target"], acme_lead.to_string());
    assert!(!entries[0].to_string().contains("Matter 2026-7"));
}

#[tokio::test]
async fn the_dry_run_is_what_the_purge_deletes_and_holds_stop_it() {
    let app = TestApp::spawn().await;
    let owner = app.register("keep").await;
    let token = owner.access_token.clone();
    let rows = Rows {
        admin: app.db.admin_pool().await,
        tenant: owner.tenant_id.parse().unwrap(),
    };
    let today = Utc::now().date_naive();

    // Conversations and calls: three old ones on an active lead, one recent, one old on
    // a held lead.
    let active = rows.lead("qualified", Utc::now()).await;
    let mut old_talk = Vec::new();
    for _ in 0..3 {
        old_talk.push(rows.conversation(active, years_ago(3)).await);
    }
    let old_call = rows.call(active, years_ago(3)).await;
    let recent = rows
        .conversation(active, Utc::now() - Duration::days(30))
        .await;
    let held_lead = rows.lead("lost", years_ago(6)).await;
    let held_talk = rows.conversation(held_lead, years_ago(6)).await;
    // Closed leads: one with nothing, one whose consent keeps it (last contact 3 years
    // ago), one whose consent is past the 5 years, one still open.
    let bare = rows.lead("closed", years_ago(2)).await;
    let consented = rows.lead("closed", years_ago(3)).await;
    rows.consent(consented, years_ago(3)).await;
    let long_gone = rows.lead("lost", years_ago(6)).await;
    rows.consent(long_gone, years_ago(7)).await;
    let open = rows.lead("nurture", years_ago(2)).await;
    // Deals: closed 8 years ago (one of them held), and 5 years ago.
    let old_deal = rows.deal(today - Duration::days(365 * 8)).await;
    let held_deal = rows.deal(today - Duration::days(365 * 8)).await;
    let young_deal = rows.deal(today - Duration::days(365 * 5)).await;
    // Closed privacy requests: past the register's 24 months, and within it.
    let stale_request = rows
        .closed_request(today - Duration::days(365 * 2 + 10))
        .await;
    let kept_request = rows
        .closed_request(today - Duration::days(365 * 2 - 10))
        .await;

    for (subject, id) in [("lead", held_lead), ("transaction", held_deal)] {
        let held = app
            .post(
                "/v1/retention/holds",
                &token,
                Some(
                    json!({ "subject": subject, "subjectId": id, "reason": "Pending litigation" }),
                ),
            )
            .await;
        assert_eq!(held.status, StatusCode::CREATED, "{:?}", held.body);
    }
    for (kind, months) in [
        ("conversations", 24),
        ("closed_leads", 12),
        ("transactions", 84),
    ] {
        assert_eq!(
            put_policy(&app, &token, kind, json!(months)).await.status,
            StatusCode::OK
        );
    }

    let talk = dry_run(&app, &token, "conversations", 24).await;
    assert_eq!(
        talk["sentence"],
        "3 conversations and 1 call older than 24 months"
    );
    let leads = dry_run(&app, &token, "closed_leads", 12).await;
    assert_eq!(count_of(&leads, "lead"), 2);
    assert_eq!(leads["keptForConsent"], 1);
    let deals = dry_run(&app, &token, "transactions", 84).await;
    assert_eq!(
        deals["sentence"],
        "1 transaction closed more than 84 months ago"
    );

    // The trail's client details past their keeping period go in the same pass.
    let aged = sqlx::query(&format!(
        "update audit_client_details set recorded_at = now() - interval '{} days' \
         where tenant_id = $1",
        CLIENT_DETAILS_KEPT_DAYS + 1
    ))
    .bind(rows.tenant)
    .execute(&rows.admin)
    .await
    .unwrap()
    .rows_affected();
    assert!(aged > 0, "the API's entries carry client details");

    let (before, _) = app.pull_all(&token, 500).await;
    let report = run_pass(&app.db.database().await, Utc::now())
        .await
        .unwrap()
        .expect("no other pass runs");
    assert_eq!(report.failed, 0);

    // What went is what the dry run counted, and one entry per kind says so.
    let purges = rows.purges().await;
    assert_eq!(purges.len(), 4, "{purges:?}");
    for (kind, preview) in [
        ("conversations", &talk),
        ("closed_leads", &leads),
        ("transactions", &deals),
    ] {
        let entry = purges.iter().find(|p| p["kind"] == kind).expect(kind);
        assert_eq!(
            entry["counts"],
            json!(
                preview["counts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|c| c["count"] != 0)
                    .collect::<Vec<_>>()
            ),
            "{kind}"
        );
    }
    let requests = purges
        .iter()
        .find(|p| p["kind"] == "privacy_requests")
        .unwrap();
    assert_eq!(
        requests["counts"],
        json!([{ "record": "privacy_request", "count": 1 }])
    );

    let expired: Vec<Value> = sqlx::query_scalar(
        "select details from audit_entries \
         where tenant_id = $1 and action = 'audit.client_details_expired'",
    )
    .bind(rows.tenant)
    .fetch_all(&rows.admin)
    .await
    .unwrap();
    assert_eq!(
        expired,
        vec![json!({ "entries": aged, "days": CLIENT_DETAILS_KEPT_DAYS })]
    );
    let left: i64 =
        sqlx::query_scalar("select count(*) from audit_client_details where tenant_id = $1")
            .bind(rows.tenant)
            .fetch_one(&rows.admin)
            .await
            .unwrap();
    assert_eq!(
        left, 0,
        "every aged detail went; the pass's own entries have none"
    );

    for id in &old_talk {
        assert!(!rows.exists("conversations", *id).await);
    }
    assert!(!rows.exists("call_records", old_call).await);
    for (table, id) in [
        ("leads", bare),
        ("leads", long_gone),
        ("transactions", old_deal),
        ("privacy_requests", stale_request),
    ] {
        assert!(!rows.exists(table, id).await, "{table} {id}");
    }
    for (table, id) in [
        ("conversations", recent),
        ("conversations", held_talk),
        ("leads", held_lead),
        ("leads", consented),
        ("leads", open),
        ("transactions", held_deal),
        ("transactions", young_deal),
        ("privacy_requests", kept_request),
    ] {
        assert!(rows.exists(table, id).await, "{table} {id} should stay");
    }

    // Every device drops the rows: a pull reports each deletion without data.
    let (after, _) = app.pull_all(&token, 500).await;
    for (entity, id) in [
        ("conversation", old_talk[0]),
        ("call", old_call),
        ("lead", bare),
        ("lead", long_gone),
        ("transaction", old_deal),
        ("privacy_request", stale_request),
    ] {
        assert!(
            before.iter().any(|c| c["entity"] == entity
                && c["id"] == id.to_string()
                && !c["data"].is_null()),
            "{entity} {id} was in the cache before"
        );
        assert!(
            after
                .iter()
                .any(|c| c["entity"] == entity && c["id"] == id.to_string() && c["data"].is_null()),
            "{entity} {id}: no tombstone"
        );
    }

    // A second pass finds nothing more and records nothing.
    let again = run_pass(&app.db.database().await, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.purged, 0);
    assert_eq!(rows.purges().await.len(), 4);
}

#[tokio::test]
async fn a_tenant_hold_set_by_staff_stops_every_purge() {
    let app = TestApp::spawn().await;
    seed_demo_staff(
        &app.db.args,
        &MasterKey::from_base64(TEST_MASTER_KEY).unwrap(),
    )
    .await
    .unwrap();
    let staff = app
        .call(
            Method::POST,
            "/v1/staff/sign-in",
            None,
            Some(json!({ "email": DEMO_STAFF_EMAIL, "password": DEMO_PASSWORD, "mfaCode": demo_staff_code(0) })),
        )
        .await;
    let staff = staff.body["accessToken"].as_str().unwrap().to_owned();
    let owner = app.register("held").await;
    let rows = Rows {
        admin: app.db.admin_pool().await,
        tenant: owner.tenant_id.parse().unwrap(),
    };
    let lead = rows.lead("qualified", Utc::now()).await;
    let old = rows.conversation(lead, years_ago(3)).await;
    assert_eq!(
        put_policy(&app, &owner.access_token, "conversations", json!(12))
            .await
            .status,
        StatusCode::OK
    );

    let path = format!("/v1/staff/tenants/{}/legal-hold", owner.tenant_id);
    let tenant_token = app
        .call(
            Method::PUT,
            &path,
            Some(&owner.access_token),
            Some(json!({ "reason": "x" })),
        )
        .await;
    assert_eq!(tenant_token.status, StatusCode::UNAUTHORIZED);
    let set = app
        .call(
            Method::PUT,
            &path,
            Some(&staff),
            Some(json!({ "reason": "Subpoena from the state regulator" })),
        )
        .await;
    assert_eq!(set.status, StatusCode::NO_CONTENT, "{:?}", set.body);

    let preview = dry_run(&app, &owner.access_token, "conversations", 12).await;
    assert_eq!(
        preview["sentence"],
        "No conversations or calls older than 12 months"
    );
    run_pass(&app.db.database().await, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert!(
        rows.exists("conversations", old).await,
        "held: nothing purged"
    );
    assert!(rows.purges().await.is_empty());

    // Recorded in the tenant's trail and the platform's, with the reason.
    let trail = app.get("/v1/audit", &owner.access_token).await.body;
    let entry = trail
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "tenant_hold.set")
        .expect("in the tenant's trail");
    assert_eq!(entry["reason"], "Subpoena from the state regulator");
    let platform: i64 = sqlx::query_scalar(
        "select count(*) from platform_audit_entries where action = 'tenant_hold.set'",
    )
    .fetch_one(&rows.admin)
    .await
    .unwrap();
    assert_eq!(platform, 1);

    let cleared = app.call(Method::DELETE, &path, Some(&staff), None).await;
    assert_eq!(cleared.status, StatusCode::NO_CONTENT);
    let twice = app.call(Method::DELETE, &path, Some(&staff), None).await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);
    run_pass(&app.db.database().await, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert!(!rows.exists("conversations", old).await, "released: purged");
}

#[tokio::test]
async fn two_instances_running_a_pass_at_once_purge_once() {
    let app = TestApp::spawn().await;
    let owner = app.register("twice").await;
    let rows = Rows {
        admin: app.db.admin_pool().await,
        tenant: owner.tenant_id.parse().unwrap(),
    };
    let lead = rows.lead("qualified", Utc::now()).await;
    for _ in 0..20 {
        rows.conversation(lead, years_ago(3)).await;
    }
    assert_eq!(
        put_policy(&app, &owner.access_token, "conversations", json!(12))
            .await
            .status,
        StatusCode::OK
    );

    // While another instance holds the pass, this one skips it.
    let mut other = rows.admin.begin().await.unwrap();
    sqlx::query("select pg_advisory_xact_lock($1)")
        .bind(PASS_LOCK)
        .execute(&mut *other)
        .await
        .unwrap();
    let (first, second) = (app.db.database().await, app.db.database().await);
    assert!(run_pass(&first, Utc::now()).await.unwrap().is_none());
    other.rollback().await.unwrap();

    // Two instances (two handles on the database) at once: one purges, one entry.
    let now = Utc::now();
    let (a, b) = tokio::join!(run_pass(&first, now), run_pass(&second, now));
    let purged: u64 = [a.unwrap(), b.unwrap()]
        .into_iter()
        .flatten()
        .map(|r| r.purged)
        .sum();
    assert_eq!(purged, 20);
    let purges = rows.purges().await;
    assert_eq!(purges.len(), 1, "{purges:?}");
    assert_eq!(
        purges[0]["counts"],
        json!([{ "record": "conversation", "count": 20 }])
    );
}
