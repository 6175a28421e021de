//! Tenant deletion: only the owner asks, with the password and the authenticator code;
//! the tenant is then read-only (writes refused with `tenant_pending_deletion`, reads
//! and the export still work) until the owner cancels or the grace period ends; staff
//! can hold it; the purge deletes every row of the tenant from every table and leaves
//! no trace of its people anywhere in the database, touches no other tenant, and keeps
//! a platform record with counts only; afterwards every credential answers 410.

use brokerdesk_server::sealed::MasterKey;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo, seed_demo_staff};
use brokerdesk_server::staff::DEMO_STAFF_EMAIL;
use brokerdesk_server::tenancy::deletion::purge::{PURGE_LOCK, PurgePass, purge_due};
use brokerdesk_server::testing::api::{Response, push_outcome};
use brokerdesk_server::testing::rls_audit::tenant_tables;
use brokerdesk_server::testing::traces::{all_tables, traces_anywhere};
use brokerdesk_server::testing::{TEST_MASTER_KEY, TestApp, demo_staff_code};
use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::PgPool;
use totp_rs::{Algorithm, Secret, TOTP};
use uuid::Uuid;

const DELETION: &str = "/v1/tenant/deletion";

async fn tenant_id(admin: &PgPool, subdomain: &str) -> Uuid {
    sqlx::query_scalar("select id from tenants where subdomain = $1")
        .bind(subdomain)
        .fetch_one(admin)
        .await
        .unwrap()
}

async fn ask(app: &TestApp, token: &str, password: &str, code: Option<&str>) -> Response {
    let body = json!({ "password": password, "mfaCode": code });
    app.post(DELETION, token, Some(body)).await
}

fn refused(response: &Response, status: StatusCode, code: &str) {
    assert_eq!(
        (response.status, response.code()),
        (status, code),
        "{:?}",
        response.body
    );
}

async fn staff_token(app: &TestApp) -> String {
    let master = MasterKey::from_base64(TEST_MASTER_KEY).unwrap();
    seed_demo_staff(&app.db.args, &master).await.unwrap();
    let body = json!({
        "email": DEMO_STAFF_EMAIL, "password": DEMO_PASSWORD, "mfaCode": demo_staff_code(0)
    });
    let staff = app
        .call(Method::POST, "/v1/staff/sign-in", None, Some(body))
        .await;
    assert_eq!(staff.status, StatusCode::OK, "{:?}", staff.body);
    staff.body["accessToken"].as_str().unwrap().to_owned()
}

async fn api_key(app: &TestApp, owner: &str) -> String {
    let scopes = json!({ "name": "Deletion", "scopes": ["leads:ingest", "kb:read"] });
    let created = app.post("/v1/api-keys", owner, Some(scopes)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    created.body["key"].as_str().unwrap().to_owned()
}

async fn with_key(
    app: &TestApp,
    key: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Response {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", app.address))
        .header("x-api-key", key)
        .header("idempotency-key", Uuid::new_v4().to_string());
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let body = response.json().await.unwrap_or(Value::Null);
    Response { status, body }
}

async fn actions(app: &TestApp, tenant: Uuid) -> Vec<(String, Value)> {
    sqlx::query_as::<_, (String, sqlx::types::Json<Value>)>(
        "select action, details from audit_entries where tenant_id = $1 order by seq",
    )
    .bind(tenant)
    .fetch_all(&app.db.admin_pool().await)
    .await
    .unwrap()
    .into_iter()
    .map(|(action, details)| (action, details.0))
    .collect()
}

#[tokio::test]
async fn only_the_owner_asks_with_the_password_and_the_authenticator_code() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin_pool = app.db.admin_pool().await;
    let acme = tenant_id(&admin_pool, "acme").await;
    let owner = app.demo_token("acme", "owner@acme.test").await;

    // The owner turns two-step sign-in on.
    let enrolment = app.post("/v1/me/mfa/enrol", &owner, None).await;
    let seed = Secret::Encoded(enrolment.body["secret"].as_str().unwrap().to_owned())
        .to_bytes()
        .unwrap();
    let phone = TOTP::new(Algorithm::SHA1, 6, 1, 30, seed, None, "x".into()).unwrap();
    let confirmed = app
        .post(
            "/v1/me/mfa/confirm",
            &owner,
            Some(json!({ "code": phone.generate_current().unwrap() })),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);

    for email in ["admin@acme.test", "agent@acme.test", "viewer@acme.test"] {
        let member = app.demo_token("acme", email).await;
        refused(
            &ask(&app, &member, DEMO_PASSWORD, None).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
    }
    let support = app
        .demo_support_session(
            &acme.to_string(),
            "The owner asked us to delete it for them",
        )
        .await;
    // Support acts as an admin, and deleting is denied in support sessions besides.
    refused(
        &ask(&app, &support, DEMO_PASSWORD, None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    refused(
        &ask(&app, &owner, "not-the-password", None).await,
        StatusCode::UNAUTHORIZED,
        "wrong_password",
    );
    refused(
        &ask(&app, &owner, DEMO_PASSWORD, None).await,
        StatusCode::UNAUTHORIZED,
        "mfa_required",
    );
    let wrong = if phone.generate_current().unwrap() == "000000" {
        "111111"
    } else {
        "000000"
    };
    refused(
        &ask(&app, &owner, DEMO_PASSWORD, Some(wrong)).await,
        StatusCode::UNAUTHORIZED,
        "invalid_mfa_code",
    );
    let state = app.get(DELETION, &owner).await;
    assert_eq!(state.body["status"], "active", "{:?}", state.body);

    // The next step's code, since this step's was spent confirming the enrolment.
    let code = phone.generate(Utc::now().timestamp() as u64 + 30);
    let asked = ask(&app, &owner, DEMO_PASSWORD, Some(&code)).await;
    assert_eq!(asked.status, StatusCode::OK, "{:?}", asked.body);
    assert_eq!(asked.body["status"], "pending_deletion");
    assert_eq!(asked.body["held"], false);
    let due: chrono::DateTime<Utc> = asked.body["dueAt"].as_str().unwrap().parse().unwrap();
    let expected = Utc::now() + Duration::days(30);
    assert!((due - expected).num_seconds().abs() < 60, "due {due}");

    let trail = actions(&app, acme).await;
    let (_, details) = trail
        .iter()
        .find(|(action, _)| action == "tenant.deletion_requested")
        .expect("the request is audited");
    assert_eq!(
        details.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["dueAt"],
        "no personal data in the details"
    );
}

#[tokio::test]
async fn while_pending_writes_are_refused_and_reads_work_until_the_owner_cancels() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let acme = tenant_id(&app.db.admin_pool().await, "acme").await;
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;
    let key = api_key(&app, &owner).await;

    // The owner has no two-step sign-in: the password alone proves it is them.
    let asked = ask(&app, &owner, DEMO_PASSWORD, None).await;
    assert_eq!(asked.status, StatusCode::OK, "{:?}", asked.body);
    refused(
        &ask(&app, &owner, DEMO_PASSWORD, None).await,
        StatusCode::CONFLICT,
        "tenant_pending_deletion",
    );

    let write = app
        .post("/v1/leads", &agent, Some(json!({ "name": "Pending Pete" })))
        .await;
    refused(&write, StatusCode::CONFLICT, "tenant_pending_deletion");
    let message = write.body["message"].as_str().unwrap();
    let due_year = (Utc::now() + Duration::days(30)).format("%Y").to_string();
    assert!(
        message.contains(&due_year) && message.contains("cancel"),
        "{message}"
    );
    let push = app
        .post(
            "/v1/sync/push",
            &owner,
            Some(json!({ "deviceId": Uuid::new_v4(), "mutations": [] })),
        )
        .await;
    refused(&push, StatusCode::CONFLICT, "tenant_pending_deletion");
    let ingest = with_key(
        &app,
        &key,
        Method::POST,
        "/v1/integrations/leads",
        Some(json!({ "contact": { "name": "Ingested Ida", "emails": ["ida@example.test"] } })),
    )
    .await;
    refused(&ingest, StatusCode::CONFLICT, "tenant_pending_deletion");

    // Reads go on, and the owner can still take the data out with an export job.
    for (token, path) in [(&agent, "/v1/leads"), (&agent, DELETION)] {
        let read = app.get(path, token).await;
        assert_eq!(read.status, StatusCode::OK, "{path}: {:?}", read.body);
    }
    let export = app
        .call(Method::POST, "/v1/exports", Some(&owner), None)
        .await;
    assert_eq!(export.status, StatusCode::ACCEPTED, "{:?}", export.body);
    assert_eq!(
        app.get(DELETION, &agent).await.body["status"],
        "pending_deletion"
    );
    let whoami = with_key(&app, &key, Method::GET, "/v1/integrations/whoami", None).await;
    assert_eq!(whoami.status, StatusCode::OK, "{:?}", whoami.body);

    let by_agent = app.call(Method::DELETE, DELETION, Some(&agent), None).await;
    refused(&by_agent, StatusCode::FORBIDDEN, "forbidden");
    let cancelled = app.call(Method::DELETE, DELETION, Some(&owner), None).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(cancelled.body["status"], "active");
    assert_eq!(cancelled.body["dueAt"], Value::Null);
    let write = app
        .post("/v1/leads", &agent, Some(json!({ "name": "Active Again" })))
        .await;
    assert_eq!(write.status, StatusCode::CREATED, "{:?}", write.body);

    let trail: Vec<String> = actions(&app, acme)
        .await
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    assert!(trail.contains(&"tenant.deletion_requested".to_owned()));
    assert!(trail.contains(&"tenant.deletion_cancelled".to_owned()));
}

#[tokio::test]
async fn the_purge_waits_for_the_due_date_and_for_a_hold_to_be_released() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin_pool = app.db.admin_pool().await;
    let db = app.db.database().await;
    let acme = tenant_id(&admin_pool, "acme").await;
    let owner = app.demo_token("acme", "owner@acme.test").await;
    assert_eq!(
        ask(&app, &owner, DEMO_PASSWORD, None).await.status,
        StatusCode::OK
    );
    let status = || async {
        sqlx::query_scalar::<_, String>("select status from tenants where id = $1")
            .bind(acme)
            .fetch_one(&admin_pool)
            .await
            .unwrap()
    };

    let staff = staff_token(&app).await;
    let pending = app.get("/v1/staff/deletions", &staff).await;
    assert_eq!(pending.status, StatusCode::OK, "{:?}", pending.body);
    let listed: Vec<&str> = pending
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["tenant"]["subdomain"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["acme"]);
    let hold_path = format!("/v1/staff/tenants/{acme}/deletion-hold");
    let short = app
        .call(
            Method::PUT,
            &hold_path,
            Some(&staff),
            Some(json!({ "reason": "legal" })),
        )
        .await;
    refused(&short, StatusCode::UNPROCESSABLE_ENTITY, "reason_too_short");
    let reason = "Litigation hold requested by counsel, ticket LEGAL-7";
    let held = app
        .call(
            Method::PUT,
            &hold_path,
            Some(&staff),
            Some(json!({ "reason": reason })),
        )
        .await;
    assert_eq!(held.status, StatusCode::NO_CONTENT, "{:?}", held.body);
    assert_eq!(app.get(DELETION, &owner).await.body["held"], true);
    let again = app
        .call(
            Method::PUT,
            &hold_path,
            Some(&staff),
            Some(json!({ "reason": reason })),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let platform_hold: Option<String> = sqlx::query_scalar(
        "select reason from platform_audit_entries
          where action = 'tenant.deletion_held' and subject_tenant_id = $1",
    )
    .bind(acme)
    .fetch_optional(&admin_pool)
    .await
    .unwrap();
    assert_eq!(platform_hold.as_deref(), Some(reason));

    let long_after = Utc::now() + Duration::days(45);
    assert_eq!(
        purge_due(&db, long_after).await.unwrap(),
        PurgePass::Purged(vec![])
    );
    assert_eq!(
        status().await,
        "pending_deletion",
        "a held deletion is not purged"
    );

    let released = app
        .call(Method::DELETE, &hold_path, Some(&staff), None)
        .await;
    assert_eq!(
        released.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        released.body
    );
    // Within the grace period nothing goes.
    let early = Utc::now() + Duration::days(29);
    assert_eq!(
        purge_due(&db, early).await.unwrap(),
        PurgePass::Purged(vec![])
    );
    assert_eq!(status().await, "pending_deletion");
    let leads: i64 = sqlx::query_scalar("select count(*) from leads where tenant_id = $1")
        .bind(acme)
        .fetch_one(&admin_pool)
        .await
        .unwrap();
    assert!(leads > 0);

    // Another instance holding the lock: this one leaves the purge to it.
    let mut other = admin_pool.acquire().await.unwrap();
    sqlx::query("select pg_advisory_lock($1)")
        .bind(PURGE_LOCK)
        .execute(&mut *other)
        .await
        .unwrap();
    assert_eq!(purge_due(&db, long_after).await.unwrap(), PurgePass::Busy);
    sqlx::query("select pg_advisory_unlock($1)")
        .bind(PURGE_LOCK)
        .execute(&mut *other)
        .await
        .unwrap();
    drop(other);

    let PurgePass::Purged(purged) = purge_due(&db, long_after).await.unwrap() else {
        panic!("the lock is free again");
    };
    assert_eq!(purged.len(), 1);
    assert_eq!(purged[0].tenant.as_uuid(), acme);
    assert!(purged[0].rows["leads"] > 0 && purged[0].rows["audit_entries"] > 0);
    assert_eq!(status().await, "deleted");
    assert_eq!(app.get("/v1/staff/deletions", &staff).await.body, json!([]));
}

#[tokio::test]
async fn the_server_purges_on_its_own_schedule() {
    let app = TestApp::spawn_with(|config| config.tenant_purge_interval_secs = 1).await;
    seed_demo(&app.db.args).await.unwrap();
    let admin_pool = app.db.admin_pool().await;
    let owner = app.demo_token("summit", "owner@summit.test").await;
    assert_eq!(
        ask(&app, &owner, DEMO_PASSWORD, None).await.status,
        StatusCode::OK
    );
    let summit = tenant_id(&admin_pool, "summit").await;
    sqlx::query("update tenants set deletion_due_at = now() - interval '1 minute' where id = $1")
        .bind(summit)
        .execute(&admin_pool)
        .await
        .unwrap();
    for _ in 0..100 {
        let status: String = sqlx::query_scalar("select status from tenants where id = $1")
            .bind(summit)
            .fetch_one(&admin_pool)
            .await
            .unwrap();
        if status == "deleted" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the scheduled purge did not run within 10 s");
}

/// Text that names acme's people (its members, its leads and their contact details),
/// kept only where no other row of the database holds it too, so that finding none after
/// the purge means acme's copy is gone.
async fn acme_traces(admin: &PgPool, acme: Uuid) -> Vec<String> {
    let mut candidates: Vec<String> = sqlx::query_scalar(
        "select '%' || email || '%' from users where tenant_id = $1
         union select '%' || display_name || '%' from users where tenant_id = $1",
    )
    .bind(acme)
    .fetch_all(admin)
    .await
    .unwrap();
    let leads: Vec<(String, Vec<String>, Vec<String>)> = sqlx::query_as(
        "select name, emails, phones from leads where tenant_id = $1 order by id limit 40",
    )
    .bind(acme)
    .fetch_all(admin)
    .await
    .unwrap();
    for (name, emails, phones) in leads {
        candidates.push(format!("%{name}%"));
        candidates.extend(emails.iter().map(|e| format!("%{e}%")));
        // The last seven digits: a phone as any punctuation of it writes it.
        candidates.extend(
            phones
                .iter()
                .filter(|p| p.len() >= 7)
                .map(|p| format!("%{}%", &p[p.len() - 7..])),
        );
    }
    candidates.sort();
    candidates.dedup();
    let mut elsewhere = std::collections::BTreeSet::new();
    let tenant_owned = tenant_tables(admin).await;
    for table in all_tables(admin).await {
        let tenant_filter = if tenant_owned.contains(&table) {
            "x.tenant_id <> $2"
        } else {
            "$2::uuid is not null"
        };
        let found: Vec<String> = sqlx::query_scalar(&format!(
            "select distinct p from unnest($1::text[]) p join {table} x
               on row_to_json(x)::text ilike p where {tenant_filter}"
        ))
        .bind(&candidates)
        .bind(acme)
        .fetch_all(admin)
        .await
        .unwrap();
        elsewhere.extend(found);
    }
    candidates.retain(|c| !elsewhere.contains(c));
    candidates
}

async fn rows_of(admin: &PgPool, tenant: Uuid) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for table in tenant_tables(admin).await {
        let text: Option<String> = sqlx::query_scalar(&format!(
            "select md5(string_agg(row_to_json(x)::text, '' order by row_to_json(x)::text))
               from {table} x where x.tenant_id = $1"
        ))
        .bind(tenant)
        .fetch_one(admin)
        .await
        .unwrap();
        rows.push((table, text.unwrap_or_default()));
    }
    rows
}

#[tokio::test]
async fn a_purged_tenant_leaves_no_trace_in_any_table_and_another_is_untouched() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin_pool = app.db.admin_pool().await;
    let acme = tenant_id(&admin_pool, "acme").await;
    let summit = tenant_id(&admin_pool, "summit").await;
    let signed_in = app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await;
    let owner = signed_in.body["accessToken"].as_str().unwrap().to_owned();
    let refresh = signed_in.body["refreshToken"].as_str().unwrap().to_owned();
    let key = api_key(&app, &owner).await;

    // Acme's people reach every corner: an ingest remembered for its idempotency key, a
    // pushed edit in the sync memory, an invitation's mail, an erased lead's tombstone.
    let ingested = with_key(
        &app,
        &key,
        Method::POST,
        "/v1/integrations/leads",
        Some(json!({ "contact": {
            "name": "Wilhelmina Purgewell", "emails": ["w.purgewell@example.test"],
            "phones": ["(415) 555-0177"], "notes": "Wilhelmina wants a condo."
        } })),
    )
    .await;
    assert!(ingested.status.is_success(), "{:?}", ingested.body);
    let lead = ingested.body["leadId"].as_str().unwrap().to_owned();
    let base = app.get(&format!("/v1/leads/{lead}"), &owner).await.body["version"]
        .as_i64()
        .unwrap();
    let edit = json!({
        "mutationId": Uuid::now_v7(), "entity": "lead", "op": "update", "entityId": lead,
        "changes": { "notes": "Wilhelmina Purgewell: call after 5" }, "baseVersion": base
    });
    let pushed = app.push(&owner, Uuid::new_v4(), vec![edit]).await;
    assert_eq!(push_outcome(&pushed[0]).0, "applied", "{pushed:?}");
    let invited = app
        .post(
            "/v1/invitations",
            &owner,
            Some(json!({ "email": "newhire.purge@acme.test", "role": "agent" })),
        )
        .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    let doomed = app
        .post("/v1/leads", &owner, Some(json!({ "name": "Short Lived" })))
        .await;
    let doomed = doomed.body["id"].as_str().unwrap();
    let erased = app
        .call(
            Method::DELETE,
            &format!("/v1/leads/{doomed}"),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(erased.status, StatusCode::NO_CONTENT);

    let traces = acme_traces(&admin_pool, acme).await;
    for needed in [
        "%owner@acme.test%",
        "%Wilhelmina Purgewell%",
        "%5550177%",
        "%newhire.purge@acme.test%",
    ] {
        assert!(
            traces.contains(&needed.to_owned()),
            "{needed} is not a trace of acme's alone: {traces:?}"
        );
    }
    // The demo seeds the same lead names in both tenants, so acme's own are its people
    // and the lead this test made.
    assert!(
        traces.len() >= 10,
        "too few traces to prove anything: {traces:?}"
    );
    let before = traces_anywhere(&admin_pool, &traces).await;
    for table in [
        "users",
        "leads",
        "audit_entries",
        "invitations",
        "mail_outbox",
    ] {
        assert!(
            before.iter().any(|(t, _)| t == table),
            "{table} held none of acme's traces: {before:?}"
        );
    }
    let summit_before = rows_of(&admin_pool, summit).await;

    assert_eq!(
        ask(&app, &owner, DEMO_PASSWORD, None).await.status,
        StatusCode::OK
    );
    let db = app.db.database().await;
    let PurgePass::Purged(purged) = purge_due(&db, Utc::now() + Duration::days(31))
        .await
        .unwrap()
    else {
        panic!("nobody else purges");
    };
    assert_eq!(purged.len(), 1);

    assert_eq!(
        traces_anywhere(&admin_pool, &traces).await,
        [],
        "acme's people outlived the purge"
    );
    for table in tenant_tables(&admin_pool).await {
        let left: i64 = sqlx::query_scalar(&format!(
            "select count(*) from {table} where tenant_id = $1"
        ))
        .bind(acme)
        .fetch_one(&admin_pool)
        .await
        .unwrap();
        assert_eq!(left, 0, "{table} kept {left} of acme's rows");
    }
    let (name, subdomain, status, custom_domain): (String, String, String, Option<String>) =
        sqlx::query_as("select name, subdomain, status, custom_domain from tenants where id = $1")
            .bind(acme)
            .fetch_one(&admin_pool)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), status.as_str(), custom_domain),
        ("Deleted brokerage", "deleted", None)
    );
    assert!(subdomain.starts_with("deleted-"), "{subdomain}");
    assert_eq!(
        rows_of(&admin_pool, summit).await,
        summit_before,
        "summit's rows changed"
    );

    // The platform keeps a record: the tenant's id and counts, nothing about anyone.
    let (actor, target, details): (String, Option<String>, sqlx::types::Json<Value>) =
        sqlx::query_as(
            "select actor_kind, target, details from platform_audit_entries
          where action = 'tenant.purged' and subject_tenant_id = $1",
        )
        .bind(acme)
        .fetch_one(&admin_pool)
        .await
        .unwrap();
    assert_eq!((actor.as_str(), target), ("system", Some(acme.to_string())));
    let details = details.0;
    assert!(details["rows"]["leads"].as_i64().unwrap() > 0, "{details}");
    assert!(details["totalRows"].as_i64().unwrap() > 0, "{details}");
    let text = details.to_string().to_lowercase();
    assert!(!text.contains("acme") && !text.contains('@'), "{text}");

    // Every credential of the tenant is told it is gone.
    refused(
        &app.get("/v1/leads", &owner).await,
        StatusCode::GONE,
        "tenant_deleted",
    );
    refused(
        &app.refresh(&refresh).await,
        StatusCode::GONE,
        "tenant_deleted",
    );
    let whoami = with_key(&app, &key, Method::GET, "/v1/integrations/whoami", None).await;
    refused(&whoami, StatusCode::GONE, "tenant_deleted");
    // Its name was scrubbed, so it names no workspace any more.
    refused(
        &app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    );
}
