//! Every authenticated tenant route, called by each role, is refused exactly when the
//! permission matrix in core says the role may not do it. Ids point nowhere (a random
//! UUID), so an allowed call ends in 404 or succeeds harmlessly, and no call depends on
//! another's effects. A route missing from the table below fails the test.

use brokerdesk_core::permission::Permission;
use brokerdesk_core::role::Role;
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// (method, OpenAPI path, permission the route needs, if any)
const ROUTES: &[(&str, &str, Option<Permission>)] = &[
    ("get", "/v1/me", None),
    ("get", "/v1/me/sessions", None),
    ("delete", "/v1/me/sessions/{id}", None),
    (
        "post",
        "/v1/me/password",
        Some(Permission::ChangeOwnPassword),
    ),
    ("post", "/v1/me/mfa/enrol", Some(Permission::ManageOwnMfa)),
    ("post", "/v1/me/mfa/confirm", Some(Permission::ManageOwnMfa)),
    ("post", "/v1/me/mfa/disable", Some(Permission::ManageOwnMfa)),
    ("post", "/v1/auth/sign-out", None),
    ("get", "/v1/users", Some(Permission::ViewUsers)),
    (
        "patch",
        "/v1/users/{id}/role",
        Some(Permission::ManageUsers),
    ),
    (
        "post",
        "/v1/users/{id}/deactivate",
        Some(Permission::ManageUsers),
    ),
    (
        "post",
        "/v1/users/{id}/reactivate",
        Some(Permission::ManageUsers),
    ),
    ("get", "/v1/audit", Some(Permission::ViewAuditTrail)),
    (
        "get",
        "/v1/support-sessions",
        Some(Permission::ViewAuditTrail),
    ),
    ("get", "/v1/settings", None),
    ("put", "/v1/settings", Some(Permission::ManageSettings)),
    (
        "get",
        "/v1/provider-keys",
        Some(Permission::ManageProviderKeys),
    ),
    (
        "put",
        "/v1/provider-keys/{provider}",
        Some(Permission::ManageProviderKeys),
    ),
    (
        "delete",
        "/v1/provider-keys/{provider}",
        Some(Permission::ManageProviderKeys),
    ),
    ("get", "/v1/custom-domain", Some(Permission::ManageSettings)),
    ("put", "/v1/custom-domain", Some(Permission::ManageSettings)),
    (
        "post",
        "/v1/custom-domain/verify",
        Some(Permission::ManageSettings),
    ),
    (
        "delete",
        "/v1/custom-domain",
        Some(Permission::ManageSettings),
    ),
    // An owner's start runs a real (small) export in the background.
    ("get", "/v1/exports", Some(Permission::ExportTenantData)),
    ("post", "/v1/exports", Some(Permission::ExportTenantData)),
    (
        "get",
        "/v1/exports/{id}",
        Some(Permission::ExportTenantData),
    ),
    (
        "get",
        "/v1/exports/{id}/download",
        Some(Permission::ExportTenantData),
    ),
    ("get", "/v1/api-keys", Some(Permission::ManageApiKeys)),
    ("post", "/v1/api-keys", Some(Permission::ManageApiKeys)),
    (
        "post",
        "/v1/api-keys/{id}/revoke",
        Some(Permission::ManageApiKeys),
    ),
    ("get", "/v1/plan", Some(Permission::ViewPlanAndUsage)),
    ("get", "/v1/invitations", Some(Permission::ManageUsers)),
    ("post", "/v1/invitations", Some(Permission::ManageUsers)),
    (
        "post",
        "/v1/invitations/{id}/resend",
        Some(Permission::ManageUsers),
    ),
    (
        "post",
        "/v1/invitations/{id}/revoke",
        Some(Permission::ManageUsers),
    ),
    ("get", "/v1/mail-outbox", Some(Permission::ManageUsers)),
    // Leads: agents reach only their own (a random id is "not found" for everyone).
    ("get", "/v1/leads", Some(Permission::ReadLeads)),
    ("post", "/v1/leads", Some(Permission::WriteLeads)),
    ("get", "/v1/leads/{id}", Some(Permission::ReadLeads)),
    ("patch", "/v1/leads/{id}", Some(Permission::WriteLeads)),
    ("delete", "/v1/leads/{id}", Some(Permission::DeleteLeads)),
    (
        "get",
        "/v1/leads/{id}/consents",
        Some(Permission::ReadLeads),
    ),
    (
        "post",
        "/v1/leads/{id}/consents",
        Some(Permission::WriteLeads),
    ),
    (
        "get",
        "/v1/leads/{id}/call-check",
        Some(Permission::ReadLeads),
    ),
    (
        "get",
        "/v1/leads/{id}/activity",
        Some(Permission::ReadLeads),
    ),
    ("get", "/v1/dnc", Some(Permission::ReadLeads)),
    ("post", "/v1/dnc", Some(Permission::WriteLeads)),
    ("delete", "/v1/dnc/{id}", Some(Permission::WriteAllLeads)),
    (
        "post",
        "/v1/leads/import/preview",
        Some(Permission::ImportExportLeads),
    ),
    (
        "post",
        "/v1/leads/import",
        Some(Permission::ImportExportLeads),
    ),
    (
        "get",
        "/v1/leads/export",
        Some(Permission::ImportExportLeads),
    ),
    // The owner's own change of plan (acme is on Professional: the sweep asks for it
    // again, which the owner is told is no change).
    (
        "get",
        "/v1/plan/options",
        Some(Permission::ViewPlanAndUsage),
    ),
    ("put", "/v1/plan", Some(Permission::ChangePlan)),
    ("get", "/v1/tenant/deletion", None),
    (
        "post",
        "/v1/tenant/deletion",
        Some(Permission::DeleteTenant),
    ),
    (
        "delete",
        "/v1/tenant/deletion",
        Some(Permission::DeleteTenant),
    ),
    (
        "get",
        "/v1/privacy-requests",
        Some(Permission::ManagePrivacyRequests),
    ),
    (
        "post",
        "/v1/privacy-requests",
        Some(Permission::ManagePrivacyRequests),
    ),
    (
        "patch",
        "/v1/privacy-requests/{id}",
        Some(Permission::ManagePrivacyRequests),
    ),
    (
        "post",
        "/v1/privacy-requests/{id}/actions",
        Some(Permission::ManagePrivacyRequests),
    ),
    // Owners and admins read the retention policies (admins hold records); owners set them.
    (
        "get",
        "/v1/retention/policies",
        Some(Permission::ManageLegalHolds),
    ),
    (
        "put",
        "/v1/retention/policies/{kind}",
        Some(Permission::ManageRetention),
    ),
    (
        "post",
        "/v1/retention/dry-run",
        Some(Permission::ManageRetention),
    ),
    (
        "get",
        "/v1/retention/holds",
        Some(Permission::ManageLegalHolds),
    ),
    (
        "post",
        "/v1/retention/holds",
        Some(Permission::ManageLegalHolds),
    ),
    (
        "delete",
        "/v1/retention/holds/{id}",
        Some(Permission::ManageLegalHolds),
    ),
    ("get", "/v1/roster", Some(Permission::ViewRoster)),
    ("post", "/v1/roster", Some(Permission::ManageRoster)),
    ("get", "/v1/roster/{id}", Some(Permission::ViewRoster)),
    ("patch", "/v1/roster/{id}", Some(Permission::ManageRoster)),
    // Deals: agents read those they take part in (a random id is "not found").
    (
        "get",
        "/v1/transactions",
        Some(Permission::ReadTransactions),
    ),
    (
        "post",
        "/v1/transactions",
        Some(Permission::WriteTransactions),
    ),
    (
        "get",
        "/v1/transactions/{id}",
        Some(Permission::ReadTransactions),
    ),
    (
        "patch",
        "/v1/transactions/{id}",
        Some(Permission::WriteTransactions),
    ),
    (
        "post",
        "/v1/transactions/import/preview",
        Some(Permission::WriteTransactions),
    ),
    (
        "post",
        "/v1/transactions/import",
        Some(Permission::WriteTransactions),
    ),
    // Commission plans: every role reads those it may (an agent: its own); owners and
    // admins manage them. Reports: every role, in its own scope.
    (
        "get",
        "/v1/commission-plans",
        Some(Permission::ViewCommissionReports),
    ),
    (
        "post",
        "/v1/commission-plans",
        Some(Permission::ManageCommissionPlans),
    ),
    (
        "get",
        "/v1/commission-plans/{id}",
        Some(Permission::ViewCommissionReports),
    ),
    (
        "patch",
        "/v1/commission-plans/{id}",
        Some(Permission::ManageCommissionPlans),
    ),
    (
        "post",
        "/v1/commission-plans/{id}/versions",
        Some(Permission::ManageCommissionPlans),
    ),
    (
        "get",
        "/v1/commission-assignments",
        Some(Permission::ViewCommissionReports),
    ),
    (
        "post",
        "/v1/commission-assignments",
        Some(Permission::ManageCommissionPlans),
    ),
    (
        "delete",
        "/v1/commission-assignments/{id}",
        Some(Permission::ManageCommissionPlans),
    ),
    // A deal's split overrides: read in each role's report scope, set by those who
    // manage plans.
    (
        "get",
        "/v1/transactions/{id}/commission-overrides",
        Some(Permission::ViewCommissionReports),
    ),
    (
        "put",
        "/v1/transactions/{id}/commission-overrides/{agent_id}",
        Some(Permission::ManageCommissionPlans),
    ),
    (
        "delete",
        "/v1/transactions/{id}/commission-overrides/{agent_id}",
        Some(Permission::ManageCommissionPlans),
    ),
    (
        "get",
        "/v1/reports/production",
        Some(Permission::ViewCommissionReports),
    ),
    (
        "get",
        "/v1/reports/production/export",
        Some(Permission::ViewCommissionReports),
    ),
    (
        "get",
        "/v1/reports/cap-progress",
        Some(Permission::ViewCommissionReports),
    ),
    (
        "get",
        "/v1/reports/tax-1099",
        Some(Permission::ViewCommissionReports),
    ),
    (
        "get",
        "/v1/reports/statement",
        Some(Permission::ViewCommissionReports),
    ),
    (
        "post",
        "/v1/reports/simulate",
        Some(Permission::ManageCommissionPlans),
    ),
    // Dotloop is not configured here: allowed roles get `dotloop_not_configured`.
    ("get", "/v1/dotloop", Some(Permission::ManageDotloop)),
    ("delete", "/v1/dotloop", Some(Permission::ManageDotloop)),
    (
        "post",
        "/v1/dotloop/connect",
        Some(Permission::ManageDotloop),
    ),
    ("post", "/v1/dotloop/sync", Some(Permission::ManageDotloop)),
    // The knowledge base: every role reads it; owners and admins edit and publish, and
    // search it from the app's test console.
    ("get", "/v1/kb/items", Some(Permission::ReadKnowledgeBase)),
    ("post", "/v1/kb/items", Some(Permission::WriteKnowledgeBase)),
    (
        "get",
        "/v1/kb/items/{id}",
        Some(Permission::ReadKnowledgeBase),
    ),
    (
        "put",
        "/v1/kb/items/{id}",
        Some(Permission::WriteKnowledgeBase),
    ),
    (
        "delete",
        "/v1/kb/items/{id}",
        Some(Permission::WriteKnowledgeBase),
    ),
    (
        "post",
        "/v1/kb/uploads",
        Some(Permission::WriteKnowledgeBase),
    ),
    (
        "post",
        "/v1/kb/imports",
        Some(Permission::WriteKnowledgeBase),
    ),
    (
        "post",
        "/v1/kb/items/{id}/refetch",
        Some(Permission::WriteKnowledgeBase),
    ),
    (
        "post",
        "/v1/kb/items/{id}/publish",
        Some(Permission::PublishKnowledgeBase),
    ),
    (
        "post",
        "/v1/kb/items/{id}/unpublish",
        Some(Permission::PublishKnowledgeBase),
    ),
    (
        "get",
        "/v1/kb/items/{id}/versions",
        Some(Permission::ReadKnowledgeBase),
    ),
    (
        "get",
        "/v1/kb/items/{id}/versions/{version}",
        Some(Permission::ReadKnowledgeBase),
    ),
    (
        "post",
        "/v1/kb/items/{id}/versions/{version}/restore",
        Some(Permission::WriteKnowledgeBase),
    ),
    (
        "get",
        "/v1/kb/items/{id}/diff",
        Some(Permission::ReadKnowledgeBase),
    ),
    (
        "post",
        "/v1/kb/search",
        Some(Permission::WriteKnowledgeBase),
    ),
    (
        "get",
        "/v1/kb/unanswered",
        Some(Permission::WriteKnowledgeBase),
    ),
    (
        "post",
        "/v1/kb/unanswered/answer",
        Some(Permission::WriteKnowledgeBase),
    ),
    // Sync filters what each role reads and checks each mutation like the REST API.
    ("get", "/v1/sync/pull", None),
    ("post", "/v1/sync/push", None),
    ("get", "/v1/sync/wait", None),
];

/// A plan version's terms core accepts.
fn sweep_terms() -> Value {
    json!({
        "split": { "kind": "agentPercent", "agentPercent": "70" },
        "capYear": { "kind": "calendarYear" },
        "companyDollarCap": null, "franchiseFee": null, "transactionFee": null,
        "errorsAndOmissions": null, "team": null
    })
}

/// A body that is valid for the route, so a refusal is about the role.
fn body_for(method: &str, path: &str, role: Role) -> Option<Value> {
    Some(match (method, path) {
        ("post", "/v1/me/password") => {
            json!({ "currentPassword": "not-the-password", "newPassword": "x" })
        }
        ("post", "/v1/me/mfa/confirm") => json!({ "code": "000000" }),
        ("post", "/v1/me/mfa/disable") => json!({ "password": "not-the-password" }),
        ("patch", "/v1/users/{id}/role") => json!({ "role": "viewer" }),
        ("put", "/v1/settings") => serde_json::to_value(TenantSettings::default()).unwrap(),
        ("put", "/v1/provider-keys/{provider}") => json!({ "key": "sk-sweep-0000-0000" }),
        ("put", "/v1/custom-domain") => json!({ "domain": format!("sweep-{role}.example.com") }),
        ("post", "/v1/api-keys") => {
            json!({ "name": format!("sweep {role}"), "scopes": ["kb:read"] })
        }
        ("post", "/v1/invitations") => {
            json!({ "email": format!("sweep-{role}@acme.test"), "role": "viewer" })
        }
        ("post", "/v1/sync/push") => json!({ "deviceId": uuid::Uuid::new_v4(), "mutations": [] }),
        ("post", "/v1/leads") => json!({ "name": format!("Sweep {role}") }),
        ("patch", "/v1/leads/{id}") => json!({ "stage": "contacted" }),
        ("post", "/v1/leads/{id}/consents") => json!({
            "channel": "call", "action": "revoked", "covers": "+14155552671"
        }),
        ("post", "/v1/dnc") => json!({ "phone": "+14155552671" }),
        ("post", "/v1/roster") => {
            json!({ "name": format!("Sweep {role}"), "email": format!("sweep-{role}@roster.test") })
        }
        ("patch", "/v1/roster/{id}") => json!({ "office": "Sweep Office" }),
        ("put", "/v1/plan") => json!({ "plan": "professional" }),
        // A wrong password: the owner is refused for it (401), never the tenant deleted.
        ("post", "/v1/tenant/deletion") => json!({ "password": "not-the-password" }),
        ("post", "/v1/privacy-requests") => json!({
            "kind": "access", "law": "gdpr", "requesterName": format!("Sweep {role}"),
            "channel": "email", "receivedOn": "2026-01-05"
        }),
        ("patch", "/v1/privacy-requests/{id}") => json!({ "status": "confirmed" }),
        ("post", "/v1/privacy-requests/{id}/actions") => json!({ "auditSeq": 1 }),
        ("put", "/v1/retention/policies/{kind}") => json!({ "months": 36 }),
        ("post", "/v1/retention/dry-run") => json!({ "kind": "conversations", "months": 24 }),
        ("post", "/v1/retention/holds") => json!({
            "subject": "lead", "subjectId": uuid::Uuid::nil(), "reason": format!("Sweep {role}")
        }),
        ("post", "/v1/transactions") => json!({ "name": format!("Sweep {role}") }),
        ("patch", "/v1/transactions/{id}") => json!({ "name": "Sweep Deal" }),
        ("post", "/v1/leads/import/preview" | "/v1/leads/import") => {
            json!({ "csv": format!("name\nSweep Import {role}\n") })
        }
        ("post", "/v1/commission-plans") => json!({
            "name": format!("Sweep {role}"),
            "versions": [{ "effectiveFrom": "2024-01-01", "terms": sweep_terms() }]
        }),
        ("patch", "/v1/commission-plans/{id}") => json!({ "name": "Sweep Plan" }),
        ("post", "/v1/commission-plans/{id}/versions") => {
            json!({ "effectiveFrom": "2025-01-01", "terms": sweep_terms() })
        }
        ("post", "/v1/commission-assignments") => json!({
            "agent": uuid::Uuid::nil(), "plan": uuid::Uuid::nil(), "effectiveFrom": "2026-01-01"
        }),
        ("put", "/v1/transactions/{id}/commission-overrides/{agent_id}") => {
            json!({ "agentPercent": "85", "reason": format!("Sweep {role}") })
        }
        ("post", "/v1/reports/simulate") => json!({
            "plan": uuid::Uuid::nil(), "versionFrom": "2024-01-01", "agents": [],
            "period": { "from": "2026-01-01", "to": "2026-12-31" }
        }),
        ("post", "/v1/kb/items") | ("put", "/v1/kb/items/{id}") => json!({
            "title": format!("Sweep {role}"), "tags": [], "collection": null,
            "content": { "kind": "document", "markdown": "Sweep text.", "file": null }
        }),
        ("post", "/v1/kb/uploads") => json!({
            "fileName": format!("sweep-{role}.md"), "mediaType": "text/markdown",
            "contentBase64": "IyBTd2VlcAo="
        }),
        // Loopback, which the import refuses without fetching: allowed roles get 422.
        ("post", "/v1/kb/imports") => json!({ "url": "http://127.0.0.1:9/sweep" }),
        ("post", "/v1/kb/items/{id}/publish") => json!({ "note": "Sweep" }),
        ("post", "/v1/kb/search") => json!({ "question": "parking" }),
        ("post", "/v1/kb/unanswered/answer") => json!({ "key": "sweep" }),
        _ => return None,
    })
}

#[tokio::test]
async fn each_role_is_refused_exactly_what_the_matrix_denies() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();

    // The table covers every route that takes a tenant user's bearer token.
    let doc = app
        .call(reqwest::Method::GET, "/v1/openapi.json", None, None)
        .await
        .body;
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let bearer = operation["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            if bearer && !path.starts_with("/v1/staff/") {
                documented.insert((method.clone(), path.clone()));
            }
        }
    }
    let listed: BTreeSet<_> = ROUTES
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(
        documented, listed,
        "ROUTES must list every authenticated tenant route"
    );

    let nowhere = "00000000-0000-7000-8000-00000000beef";
    let mut checked = 0;
    for role in Role::ALL {
        for &(method, path, permission) in ROUTES {
            let user = signed_in(
                app.sign_in("acme", &format!("{role}@acme.test"), DEMO_PASSWORD)
                    .await,
            );
            let mut target = path
                .replace("{id}", nowhere)
                .replace("{version}", nowhere)
                .replace("{agent_id}", nowhere)
                .replace("{provider}", "openai")
                .replace("{kind}", "conversations");
            if path.ends_with("/diff") {
                target.push_str(&format!("?from={nowhere}"));
            }
            if path.ends_with("/call-check") {
                target.push_str("?phone=%2B14155552671&kind=human");
            }
            if path.starts_with("/v1/reports/") && method == "get" {
                target.push_str(&format!(
                    "?from=2026-01-01&to=2026-12-31&year=2026&agent={nowhere}"
                ));
            }
            let response = app
                .call(
                    method.to_uppercase().parse().unwrap(),
                    &target,
                    Some(&user.access_token),
                    body_for(method, path, role),
                )
                .await;
            let refused =
                response.status == StatusCode::FORBIDDEN && response.code() == "forbidden";
            let allowed = permission.is_none_or(|p| role.can(p));
            assert_eq!(
                refused, !allowed,
                "{role} {method} {path}: {} {:?}",
                response.status, response.body
            );
            assert!(
                !response.status.is_server_error(),
                "{role} {method} {path}: {:?}",
                response.body
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 4 * ROUTES.len());
}
