//! Every route in the OpenAPI document, called with tenant B's credentials against
//! tenant A's ids: the answer is 403 or 404, never A's data, never a 500, and A's data
//! is unchanged afterwards. A route added later is covered without being listed here;
//! if it needs a request body this test does not know, the test says so and fails.

use brokerdesk_core::settings::TenantSettings;
use brokerdesk_server::seed::DEMO_PASSWORD;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{Response, signed_in};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Routes that act before anyone is signed in: they take no tenant ids, so there is
/// nothing of A's to aim at. Their own tests cover them.
const PUBLIC: &[&str] = &[
    "/v1/staff/sign-in",
    "/v1/auth/password-reset",
    "/v1/auth/password-reset/complete",
    "/healthz",
    "/v1/openapi.json",
    "/v1/tenants",
    "/v1/auth/sign-in",
    "/v1/auth/refresh",
    "/v1/invitations/accept",
    // Dotloop's browser callback and webhook: the state or the signed subscription
    // names the tenant; tests/dotloop_connect.rs and dotloop_webhooks.rs cover them.
    "/v1/dotloop/callback",
    "/v1/dotloop/webhook",
];

/// A plan version's terms core accepts.
fn probe_terms() -> Value {
    json!({
        "split": { "kind": "agentPercent", "agentPercent": "70" },
        "capYear": { "kind": "calendarYear" },
        "companyDollarCap": null, "franchiseFee": null, "transactionFee": null,
        "errorsAndOmissions": null, "team": null
    })
}

/// A body that would be valid if the ids were B's own, so a refusal is about the ids.
fn body_for(method: &str, path: &str) -> Option<Value> {
    match (method, path) {
        ("patch", "/v1/users/{id}/role") => Some(json!({ "role": "viewer" })),
        ("post", "/v1/me/mfa/confirm") => Some(json!({ "code": "000000" })),
        ("post", "/v1/staff/support-sessions") => Some(
            json!({ "tenantId": "00000000-0000-0000-0000-000000000000", "reason": "x".repeat(20) }),
        ),
        ("put", "/v1/settings") => Some(serde_json::to_value(TenantSettings::default()).unwrap()),
        ("put", "/v1/provider-keys/{provider}") => {
            Some(json!({ "key": "sk-test-0000-b-owns-this" }))
        }
        ("post", "/v1/me/mfa/disable") => Some(json!({ "password": DEMO_PASSWORD })),
        // B's own password: the call succeeds for B and must touch nothing of A's.
        ("post", "/v1/me/password") => Some(json!({
            "currentPassword": DEMO_PASSWORD,
            "newPassword": DEMO_PASSWORD,
        })),
        ("post", "/v1/api-keys") => Some(json!({ "name": "Probe", "scopes": ["kb:read"] })),
        ("put", "/v1/custom-domain") => Some(json!({ "domain": "b-owns-this.example.com" })),
        ("post", "/v1/invitations") => {
            Some(json!({ "email": "new.member@summit.test", "role": "agent" }))
        }
        // B edits a lead id A might hold: refused or applied in B only, never in A.
        ("post", "/v1/sync/push") => Some(json!({
            "deviceId": "00000000-0000-0000-0000-000000000001",
            "mutations": [{
                "mutationId": "00000000-0000-0000-0000-000000000002",
                "entity": "lead", "op": "update",
                "entityId": "00000000-0000-0000-0000-000000000003",
                "changes": { "name": "Probe" }, "baseVersion": 1
            }]
        })),
        ("post", "/v1/leads") => Some(json!({ "name": "Probe Lead" })),
        ("patch", "/v1/leads/{id}") => Some(json!({ "name": "Probe" })),
        ("post", "/v1/leads/{id}/consents") => Some(json!({
            "channel": "call", "action": "revoked", "covers": "+14155550142"
        })),
        ("post", "/v1/dnc") => Some(json!({ "phone": "+14155550199" })),
        ("post", "/v1/roster") => {
            Some(json!({ "name": "Probe Agent", "email": "probe.agent@summit.test" }))
        }
        ("patch", "/v1/roster/{id}") => Some(json!({ "team": "Probe Team" })),
        // B asks for the plan it is on (summit: Starter), which changes nothing anywhere.
        ("put", "/v1/plan") => Some(json!({ "plan": "starter" })),
        // Not B's password: B's owner is refused (401) and nothing is deleted anywhere.
        ("post", "/v1/tenant/deletion") => Some(json!({ "password": "not-the-password" })),
        ("put", "/v1/staff/tenants/{tenant_id}/deletion-hold") => {
            Some(json!({ "reason": "x".repeat(20) }))
        }
        ("post", "/v1/privacy-requests") => Some(json!({
            "kind": "access", "law": "ccpa", "requesterName": "Probe Person",
            "channel": "email", "receivedOn": "2026-01-05"
        })),
        ("patch", "/v1/privacy-requests/{id}") => {
            Some(json!({ "status": "completed", "notes": "Probe" }))
        }
        // Seq 1 exists in A's trail and in B's: B must reach neither A's request nor A's entry.
        ("post", "/v1/privacy-requests/{id}/actions") => Some(json!({ "auditSeq": 1 })),
        ("put", "/v1/retention/policies/{kind}") => Some(json!({ "months": 36 })),
        ("post", "/v1/retention/dry-run") => Some(json!({ "kind": "closed_leads", "months": 1 })),
        // B names a lead it does not hold: "not found", never a hold in A.
        ("post", "/v1/retention/holds") => Some(json!({
            "subject": "lead", "subjectId": "00000000-0000-0000-0000-000000000003",
            "reason": "Probe"
        })),
        ("put", "/v1/staff/tenants/{tenant_id}/legal-hold") => Some(json!({ "reason": "Probe" })),
        ("post", "/v1/transactions") => Some(json!({ "name": "Probe Deal" })),
        ("patch", "/v1/transactions/{id}") => Some(json!({ "name": "Probe" })),
        ("post", "/v1/leads/import/preview" | "/v1/leads/import") => {
            Some(json!({ "csv": "name\nProbe Import\n" }))
        }
        ("post", "/v1/commission-plans") => Some(json!({
            "name": "Probe Plan",
            "versions": [{ "effectiveFrom": "2024-01-01", "terms": probe_terms() }]
        })),
        ("patch", "/v1/commission-plans/{id}") => Some(json!({ "name": "Probe" })),
        ("post", "/v1/commission-plans/{id}/versions") => Some(json!({
            "effectiveFrom": "2030-01-01", "terms": probe_terms()
        })),
        // B names ids it does not hold: refused as unknown, never applied to A.
        ("post", "/v1/commission-assignments") => Some(json!({
            "agent": "00000000-0000-0000-0000-000000000004",
            "plan": "00000000-0000-0000-0000-000000000005",
            "effectiveFrom": "2026-01-01"
        })),
        // B sets a split on A's deal for A's agent: not found, never stored in A.
        ("put", "/v1/transactions/{id}/commission-overrides/{agent_id}") => {
            Some(json!({ "agentPercent": "100", "reason": "Probe" }))
        }
        ("post", "/v1/reports/simulate") => Some(json!({
            "plan": "00000000-0000-0000-0000-000000000005", "versionFrom": "2024-01-01",
            "agents": [], "period": { "from": "2026-01-01", "to": "2026-12-31" }
        })),
        ("post", "/v1/kb/items") | ("put", "/v1/kb/items/{id}") => Some(json!({
            "title": "Probe", "tags": [], "collection": null,
            "content": { "kind": "document", "markdown": "Probe text.", "file": null }
        })),
        ("post", "/v1/kb/uploads") => Some(json!({
            "fileName": "probe.md", "mediaType": "text/markdown", "contentBase64": "IyBQcm9iZQo="
        })),
        // B imports for itself (loopback, refused before any fetch); A is untouched.
        ("post", "/v1/kb/imports") => Some(json!({ "url": "http://127.0.0.1:9/probe" })),
        ("post", "/v1/kb/items/{id}/publish") => Some(json!({ "note": "Probe" })),
        // B searches with its own token: it must never find A's text.
        ("post", "/v1/kb/search") => Some(json!({ "question": "earnest money closing costs" })),
        ("post", "/v1/kb/unanswered/answer") => {
            Some(json!({ "key": "how much earnest money do i need" }))
        }
        ("post", "/v1/integrations/kb/unanswered") => {
            Some(json!({ "question": "Probe?", "reason": "no_answer" }))
        }
        _ => None,
    }
}

/// The query string a route needs to reach its handler.
fn query_for(path: &str) -> &'static str {
    if path.ends_with("/call-check") {
        "?phone=%2B14155550142&kind=human"
    } else if path.starts_with("/v1/reports/") {
        "?from=2026-01-01&to=2026-12-31&year=2026&agent=00000000-0000-0000-0000-000000000004"
    } else {
        ""
    }
}

/// Starts an export of A's and waits until it has completed, so its row no longer
/// changes while B probes it.
async fn a_completed_export(app: &TestApp, token: &str) -> String {
    let started = app.post("/v1/exports", token, None).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{:?}", started.body);
    let id = started.body["id"].as_str().unwrap().to_owned();
    for _ in 0..300 {
        if app.get(&format!("/v1/exports/{id}"), token).await.body["status"] == "completed" {
            return id;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("A's export did not complete");
}

/// Everything of tenant A's that a stray write could change, as comparable text.
async fn a_snapshot(app: &TestApp) -> Vec<String> {
    let admin = app.db.admin_pool().await;
    let mut snapshot = Vec::new();
    for table in [
        "users",
        "sessions",
        "provider_keys",
        "tenant_settings",
        "refresh_tokens",
        "api_keys",
        "invitations",
        "mail_outbox",
        "custom_domains",
        "leads",
        "sync_conflicts",
        "consent_entries",
        "conversations",
        "call_records",
        "dnc_numbers",
        "ingest_requests",
        "roster_agents",
        "transactions",
        "commission_plans",
        "commission_assignments",
        "commission_overrides",
        "dotloop_connections",
        "dotloop_oauth_states",
        "dotloop_import_runs",
        "dotloop_webhook_events",
        "kb_items",
        "kb_versions",
        "kb_chunks",
        "kb_files",
        "kb_unanswered",
        "privacy_requests",
        "retention_policies",
        "legal_holds",
        "tenant_holds",
        "exports",
    ] {
        let rows: Option<String> = sqlx::query_scalar(&format!(
            "select json_agg(row_to_json(x) order by row_to_json(x)::text)::text from {table} x
              where x.tenant_id = (select id from tenants where subdomain = 'acme')"
        ))
        .fetch_one(&admin)
        .await
        .unwrap();
        snapshot.push(format!("{table}: {}", rows.unwrap_or_default()));
    }
    snapshot
}

/// Calls a route as tenant B's owner, signed in afresh: some routes (sign-out) end the
/// caller's own session.
async fn probe_as_b(app: &TestApp, method: &str, target: &str, body: Option<Value>) -> Response {
    let b_owner = signed_in(
        app.sign_in("summit", "owner@summit.test", DEMO_PASSWORD)
            .await,
    );
    app.call(
        method.to_uppercase().parse().unwrap(),
        target,
        Some(&b_owner.access_token),
        body,
    )
    .await
}

#[tokio::test]
async fn tenant_b_gets_nothing_of_tenant_a_from_any_route() {
    let app = TestApp::spawn().await;
    brokerdesk_server::seed::seed_demo(&app.db.args)
        .await
        .unwrap();
    let a_owner = signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await);
    let a_users = app.get("/v1/users", &a_owner.access_token).await.body;
    let a_user_ids: Vec<String> = a_users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    let a_session = app.get("/v1/me/sessions", &a_owner.access_token).await.body[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (method, path, body) in [
        (
            Method::PUT,
            "/v1/provider-keys/openai",
            json!({ "key": "sk-live-belongs-to-acme" }),
        ),
        (
            Method::PUT,
            "/v1/settings",
            serde_json::to_value(TenantSettings::default()).unwrap(),
        ),
        (
            Method::PUT,
            "/v1/custom-domain",
            json!({ "domain": "homes.acme-realty.com" }),
        ),
    ] {
        let response = app
            .call(method, path, Some(&a_owner.access_token), Some(body))
            .await;
        assert!(response.status.is_success(), "{path}: {:?}", response.body);
    }
    // The demo seed gives acme an API key.
    let a_key_ids: Vec<String> = app
        .get("/v1/api-keys", &a_owner.access_token)
        .await
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !a_key_ids.is_empty(),
        "the demo seed made no API key for acme"
    );
    let invited = app
        .post(
            "/v1/invitations",
            &a_owner.access_token,
            Some(json!({ "email": "invitee@acme.test", "role": "agent" })),
        )
        .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    let a_invitation = invited.body["invitation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The demo seed gives acme leads (with consent, a conversation and a call) and a
    // do-not-call entry.
    let ids_at = |body: &Value, list: &str| -> Vec<String> {
        let items = if list.is_empty() { body } else { &body[list] };
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let a_lead_ids = ids_at(
        &app.get("/v1/leads", &a_owner.access_token).await.body,
        "leads",
    );
    let a_dnc_ids = ids_at(&app.get("/v1/dnc", &a_owner.access_token).await.body, "");
    let a_roster_ids = ids_at(&app.get("/v1/roster", &a_owner.access_token).await.body, "");
    let a_deal_ids = ids_at(
        &app.get("/v1/transactions", &a_owner.access_token)
            .await
            .body,
        "transactions",
    );
    let a_plan_ids = ids_at(
        &app.get("/v1/commission-plans", &a_owner.access_token)
            .await
            .body,
        "",
    );
    let a_assignment_ids = ids_at(
        &app.get("/v1/commission-assignments", &a_owner.access_token)
            .await
            .body,
        "",
    );
    let a_kb_ids = ids_at(
        &app.get("/v1/kb/items", &a_owner.access_token).await.body,
        "",
    );
    let a_privacy_ids = ids_at(
        &app.get("/v1/privacy-requests", &a_owner.access_token)
            .await
            .body,
        "",
    );
    assert!(
        !a_privacy_ids.is_empty(),
        "the demo seed made no privacy requests"
    );
    let a_hold_ids = ids_at(
        &app.get("/v1/retention/holds", &a_owner.access_token)
            .await
            .body,
        "",
    );
    assert!(!a_hold_ids.is_empty(), "the demo seed made no legal hold");
    let a_export_ids = vec![a_completed_export(&app, &a_owner.access_token).await];
    let a_kb_version: String = sqlx::query_scalar(
        "select id::text from kb_versions
          where tenant_id = (select id from tenants where subdomain = 'acme') limit 1",
    )
    .fetch_one(&app.db.admin_pool().await)
    .await
    .unwrap();
    assert!(!a_kb_ids.is_empty(), "the demo seed made no knowledge base");
    assert!(
        !a_plan_ids.is_empty() && !a_assignment_ids.is_empty(),
        "the demo seed made no commission plans or assignments"
    );
    assert!(
        !a_lead_ids.is_empty()
            && !a_dnc_ids.is_empty()
            && !a_roster_ids.is_empty()
            && !a_deal_ids.is_empty(),
        "the demo seed made no leads, DNC entries, roster agents or deals"
    );
    // One of A's agents has a split override on one of A's deals, for B to aim at.
    let a_override = app
        .call(
            Method::PUT,
            &format!(
                "/v1/transactions/{}/commission-overrides/{}",
                a_deal_ids[0], a_roster_ids[0]
            ),
            Some(&a_owner.access_token),
            Some(json!({ "agentPercent": "80", "reason": "A's own" })),
        )
        .await;
    assert_eq!(
        a_override.status,
        StatusCode::CREATED,
        "{:?}",
        a_override.body
    );
    let a_override_id = a_override.body["id"].as_str().unwrap().to_owned();
    let before = a_snapshot(&app).await;

    let doc = app
        .call(Method::GET, "/v1/openapi.json", None, None)
        .await
        .body;
    let mut covered = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if PUBLIC.contains(&path.as_str()) {
            continue;
        }
        if path.starts_with("/v1/staff/") {
            // Staff routes take staff tokens only; a tenant's token is refused outright.
            for (method, _) in item.as_object().unwrap() {
                let target = path
                    .replace("{tenant_id}", &a_owner.tenant_id)
                    .replace("{id}", &a_session);
                let response = probe_as_b(&app, method, &target, body_for(method, path)).await;
                assert_eq!(
                    response.status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {target}: {:?}",
                    response.body
                );
                covered += 1;
            }
            continue;
        }
        for (method, _) in item.as_object().unwrap() {
            // Aim every id parameter at something of A's: a session where the route is about
            // sessions, an API key where it is about keys, otherwise a user (each of A's
            // users in turn).
            let aim_at = |ids: &[String]| -> Vec<String> {
                ids.iter().map(|id| path.replace("{id}", id)).collect()
            };
            let targets: Vec<String> = if !path.contains("{id}") {
                // No id of A's to aim at; a provider name is the same for every tenant,
                // so B acts on its own keys, which must leave A's untouched.
                vec![
                    path.replace("{provider}", "openai")
                        .replace("{kind}", "conversations"),
                ]
            } else if path.contains("sessions") {
                vec![path.replace("{id}", &a_session)]
            } else if path.contains("invitations") {
                vec![path.replace("{id}", &a_invitation)]
            } else if path.contains("api-keys") {
                aim_at(&a_key_ids)
            } else if path.starts_with("/v1/leads/") {
                aim_at(&a_lead_ids)
            } else if path.starts_with("/v1/dnc/") {
                aim_at(&a_dnc_ids)
            } else if path.starts_with("/v1/privacy-requests/") {
                aim_at(&a_privacy_ids)
            } else if path.starts_with("/v1/retention/holds/") {
                aim_at(&a_hold_ids)
            } else if path.starts_with("/v1/exports/") {
                aim_at(&a_export_ids)
            } else if path.starts_with("/v1/roster/") {
                aim_at(&a_roster_ids)
            } else if path.starts_with("/v1/transactions/") && path.contains("{id}") {
                // A's deal, and (for a split override) one of A's agents who has one.
                aim_at(&a_deal_ids)
                    .into_iter()
                    .map(|target| target.replace("{agent_id}", &a_roster_ids[0]))
                    .collect()
            } else if path.starts_with("/v1/commission-plans/") {
                aim_at(&a_plan_ids)
            } else if path.starts_with("/v1/commission-assignments/") {
                aim_at(&a_assignment_ids)
            } else if path.starts_with("/v1/kb/items/") {
                // One of A's items with one of A's versions (not necessarily its own:
                // B must be refused either way).
                aim_at(&a_kb_ids[..3])
                    .into_iter()
                    .map(|target| target.replace("{version}", &a_kb_version))
                    .collect()
            } else {
                aim_at(&a_user_ids)
            };
            for target in targets {
                let mut target = format!("{target}{}", query_for(path));
                if path.ends_with("/diff") {
                    target.push_str(&format!("?from={a_kb_version}"));
                }
                let response = probe_as_b(&app, method, &target, body_for(method, path)).await;
                let text = response.body.to_string();
                // The framework's own rejections (no error code) mean the request never
                // reached the handler, so nothing about isolation was probed.
                assert!(
                    !(response.status.is_client_error() && response.body["code"].is_null()),
                    "{method} {path}: answered {} before the handler ran; give it a valid body in body_for()",
                    response.status
                );
                assert!(
                    !response.status.is_server_error(),
                    "{method} {target}: {} {text}",
                    response.status
                );
                assert!(
                    !text.contains("acme"),
                    "{method} {target} leaked tenant A's data: {text}"
                );
                assert!(
                    a_user_ids
                        .iter()
                        .chain(&a_key_ids)
                        .chain(&a_lead_ids)
                        .chain(&a_dnc_ids)
                        .chain(&a_roster_ids)
                        .chain(&a_deal_ids)
                        .chain(&a_plan_ids)
                        .chain(&a_assignment_ids)
                        .chain(&a_kb_ids)
                        .chain(&a_privacy_ids)
                        .chain(&a_hold_ids)
                        .chain(&a_export_ids)
                        .chain(std::iter::once(&a_override_id))
                        .chain(std::iter::once(&a_kb_version))
                        .all(|id| !text.contains(id.as_str()))
                        && !text.contains(&a_session)
                        && !text.contains(&a_invitation),
                    "{method} {target} echoed tenant A's ids: {text}"
                );
                if path.contains("{id}") {
                    assert!(
                        matches!(
                            response.status,
                            StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
                        ),
                        "{method} {target} answered {} to tenant B: {text}",
                        response.status
                    );
                }
                covered += 1;
            }
        }
    }
    assert!(
        covered >= 10,
        "only {covered} calls were made; did the OpenAPI document lose routes?"
    );
    assert_eq!(
        a_snapshot(&app).await,
        before,
        "tenant A's users, sessions or invitations changed"
    );
    // B's own session survived its probes too (sign-out aside, which is B's own business).
}
