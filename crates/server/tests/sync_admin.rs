//! Sync pushes of the users and settings screens' edits, against a real PostgreSQL: a
//! member's role and status, the settings, revoking API keys and invitations. Each is
//! applied through the REST routes' own operation, with its audit entry; each is refused
//! exactly when, and with the code, the REST route refuses (support sessions included);
//! and two devices changing the same field leave a conflict that those who may read the
//! record pull.

use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{SignedIn, signed_in};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

async fn demo() -> TestApp {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    app
}

async fn member(app: &TestApp, tenant: &str, email: &str) -> SignedIn {
    let response = app.sign_in(tenant, email, DEMO_PASSWORD).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    signed_in(response)
}

fn mutation(entity: &str, op: &str, id: impl ToString, changes: Value, base: Option<i64>) -> Value {
    json!({
        "mutationId": Uuid::now_v7(), "entity": entity, "op": op,
        "entityId": id.to_string(), "changes": changes, "baseVersion": base,
    })
}

/// Pushes one mutation from a fresh device and returns its outcome.
async fn push_one(app: &TestApp, token: &str, mutation: Value) -> Value {
    let mut results = app.push(token, Uuid::new_v4(), vec![mutation]).await;
    results.remove(0)["outcome"].clone()
}

/// Pushes an update of member `id` and returns its outcome.
async fn update_member(app: &TestApp, token: &str, id: &str, changes: Value) -> Value {
    push_one(app, token, mutation("user", "update", id, changes, Some(1))).await
}

fn applied(outcome: &Value) -> i64 {
    assert_eq!(outcome["status"], "applied", "{outcome}");
    outcome["version"].as_i64().unwrap()
}

fn refused_with(outcome: &Value) -> &str {
    assert_eq!(outcome["status"], "rejected", "{outcome}");
    outcome["code"].as_str().unwrap()
}

async fn user_id(app: &TestApp, who: &SignedIn, email: &str) -> String {
    app.id_of_email(&who.access_token, "/v1/users", email).await
}

/// The audit entries with `action` about `target`.
async fn audited(app: &TestApp, who: &SignedIn, action: &str, target: &str) -> Vec<Value> {
    let trail = app.get("/v1/audit", &who.access_token).await.body;
    trail
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == action && e["target"] == target)
        .cloned()
        .collect()
}

async fn invite(app: &TestApp, who: &SignedIn, email: &str) -> String {
    let body = json!({ "email": email, "role": "agent" });
    let invited = app
        .post("/v1/invitations", &who.access_token, Some(body))
        .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    invited.body["invitation"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn new_api_key(app: &TestApp, who: &SignedIn, name: &str) -> String {
    let body = json!({ "name": name, "scopes": ["leads:ingest"] });
    let created = app
        .post("/v1/api-keys", &who.access_token, Some(body))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    created.body["apiKey"]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn each_admin_edit_is_applied_through_its_rest_operation_with_its_audit_entry() {
    let app = demo().await;
    let owner = member(&app, "acme", "owner@acme.test").await;
    let agent = user_id(&app, &owner, "agent@acme.test").await;
    let viewer = user_id(&app, &owner, "viewer@acme.test").await;

    // A new role.
    let outcome = update_member(
        &app,
        &owner.access_token,
        &agent,
        json!({ "role": "viewer" }),
    )
    .await;
    applied(&outcome);
    let roles = app.get("/v1/users", &owner.access_token).await.body;
    let agent_now = roles
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == agent)
        .unwrap();
    assert_eq!(agent_now["role"], "viewer");
    let entry = audited(&app, &owner, "user.role_changed", &agent).await;
    assert_eq!(entry.len(), 1);
    assert_eq!(
        entry[0]["details"],
        json!({ "from": "agent", "to": "viewer" })
    );

    // Deactivation ends the member's sessions; reactivation lets them sign in again.
    let viewer_session = member(&app, "acme", "viewer@acme.test").await;
    applied(
        &update_member(
            &app,
            &owner.access_token,
            &viewer,
            json!({ "status": "deactivated" }),
        )
        .await,
    );
    assert_eq!(
        app.get("/v1/me", &viewer_session.access_token).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        audited(&app, &owner, "user.deactivated", &viewer)
            .await
            .len(),
        1
    );
    applied(
        &update_member(
            &app,
            &owner.access_token,
            &viewer,
            json!({ "status": "active" }),
        )
        .await,
    );
    assert_eq!(
        audited(&app, &owner, "user.reactivated", &viewer)
            .await
            .len(),
        1
    );
    member(&app, "acme", "viewer@acme.test").await;

    // One setting, merged into the document: the others stay as they were.
    let tenant = owner.tenant_id.clone();
    applied(
        &push_one(
            &app,
            &owner.access_token,
            mutation(
                "settings",
                "update",
                &tenant,
                json!({ "timezone": "America/Chicago" }),
                Some(0),
            ),
        )
        .await,
    );
    let settings = app.get("/v1/settings", &owner.access_token).await.body;
    assert_eq!(settings["timezone"], "America/Chicago");
    assert_eq!(settings["locale"], "en-US");
    let trail = app.get("/v1/audit", &owner.access_token).await.body;
    let update = trail
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "settings.updated")
        .expect("the settings change is audited");
    assert_eq!(update["details"]["fields"], json!(["timezone"]));

    // Revoking an API key and an invitation.
    let key = new_api_key(&app, &owner, "Old chatbot").await;
    applied(
        &push_one(
            &app,
            &owner.access_token,
            mutation("api_key", "delete", &key, json!({}), Some(1)),
        )
        .await,
    );
    let keys = app.get("/v1/api-keys", &owner.access_token).await.body;
    let revoked = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == key)
        .unwrap();
    assert!(revoked["revokedAt"].is_string(), "{revoked}");
    assert_eq!(
        audited(&app, &owner, "api_key.revoked", &key).await.len(),
        1
    );

    let invitation = invite(&app, &owner, "late.joiner@acme.test").await;
    applied(
        &push_one(
            &app,
            &owner.access_token,
            mutation("invitation", "delete", &invitation, json!({}), Some(1)),
        )
        .await,
    );
    assert_eq!(
        audited(&app, &owner, "invitation.revoked", &invitation)
            .await
            .len(),
        1
    );
    let open = app.get("/v1/invitations", &owner.access_token).await.body;
    assert!(
        !open.to_string().contains("late.joiner"),
        "the revoked invitation is not open: {open}"
    );
    // A second device revoking it too, offline, got what it wanted: no refusal.
    applied(
        &push_one(
            &app,
            &owner.access_token,
            mutation("invitation", "delete", &invitation, json!({}), Some(1)),
        )
        .await,
    );

    // Every device pulls the results.
    let (changes, _) = app.pull_all(&owner.access_token, 1000).await;
    let pulled = |entity: &str, id: &str| {
        changes
            .iter()
            .rev()
            .find(|c| c["entity"] == entity && c["id"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(pulled("user", &agent)["data"]["role"], "viewer");
    assert_eq!(
        pulled("settings", &tenant)["data"]["timezone"],
        "America/Chicago"
    );
    assert!(pulled("api_key", &key)["data"]["revokedAt"].is_string());
    assert_eq!(
        pulled("invitation", &invitation)["data"]["status"],
        "revoked"
    );
}

/// The code `PATCH`/`POST` on the REST route answers with, for comparison.
async fn rest_code(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> String {
    let response = app.call(method, path, Some(token), body).await;
    assert!(
        response.status.is_client_error(),
        "{path}: {:?}",
        response.body
    );
    response.code().to_owned()
}

#[tokio::test]
async fn admin_pushes_are_refused_exactly_as_the_rest_routes_refuse_them() {
    let app = demo().await;
    let owner = member(&app, "acme", "owner@acme.test").await;
    let admin = member(&app, "acme", "admin@acme.test").await;
    let agent = member(&app, "acme", "agent@acme.test").await;
    let viewer = member(&app, "acme", "viewer@acme.test").await;
    let summit = member(&app, "summit", "owner@summit.test").await;
    let owner_id = owner.user_id.clone();
    let viewer_id = viewer.user_id.clone();
    let their_user = summit.user_id.clone();
    let their_key = new_api_key(&app, &summit, "Summit chatbot").await;
    let their_invitation = invite(&app, &summit, "someone@summit.test").await;

    // (who, mutation, the REST call that does the same, the code both answer with)
    let role = |id: &str, role: &str| {
        (
            mutation("user", "update", id, json!({ "role": role }), Some(1)),
            (
                Method::PATCH,
                format!("/v1/users/{id}/role"),
                Some(json!({ "role": role })),
            ),
        )
    };
    let deactivate = |id: &str| {
        (
            mutation(
                "user",
                "update",
                id,
                json!({ "status": "deactivated" }),
                Some(1),
            ),
            (Method::POST, format!("/v1/users/{id}/deactivate"), None),
        )
    };
    let revoke_key = |id: &str| {
        (
            mutation("api_key", "delete", id, json!({}), Some(1)),
            (Method::POST, format!("/v1/api-keys/{id}/revoke"), None),
        )
    };
    let revoke_invitation = |id: &str| {
        (
            mutation("invitation", "delete", id, json!({}), Some(1)),
            (Method::POST, format!("/v1/invitations/{id}/revoke"), None),
        )
    };
    let cases = vec![
        (&agent, role(&viewer_id, "admin"), "forbidden"),
        (&viewer, deactivate(&viewer_id), "forbidden"),
        (&admin, role(&owner_id, "admin"), "role_not_grantable"),
        (&admin, role(&viewer_id, "owner"), "role_not_grantable"),
        (&admin, deactivate(&owner_id), "forbidden"),
        // The last active owner cannot step down or leave.
        (&owner, role(&owner_id, "admin"), "last_owner"),
        (&owner, deactivate(&owner_id), "last_owner"),
        // Another tenant's records are not there at all.
        (&owner, role(&their_user, "viewer"), "not_found"),
        (&owner, deactivate(&their_user), "not_found"),
        (&owner, revoke_key(&their_key), "not_found"),
        (&owner, revoke_invitation(&their_invitation), "not_found"),
        (&agent, revoke_key(&their_key), "forbidden"),
    ];
    for (who, (mutation, (method, path, body)), code) in cases {
        let pushed = push_one(&app, &who.access_token, mutation.clone()).await;
        assert_eq!(refused_with(&pushed), code, "push {mutation}");
        assert_eq!(
            rest_code(&app, &who.access_token, method, &path, body).await,
            code,
            "REST {path}"
        );
    }

    // Settings: the permission matrix, validation, the plan, and the tenant.
    let settings = |who: &SignedIn, changes: Value| {
        mutation("settings", "update", &who.tenant_id, changes, Some(0))
    };
    let settings_cases = [
        (
            &viewer,
            settings(&viewer, json!({ "timezone": "UTC" })),
            "forbidden",
        ),
        (
            &owner,
            settings(&owner, json!({ "timezone": "Mars/Olympus" })),
            "invalid_setting",
        ),
        (
            &owner,
            settings(&owner, json!({ "timezon": "UTC" })),
            "invalid_settings_change",
        ),
        // Summit's Starter plan has no custom branding.
        (
            &summit,
            settings(
                &summit,
                json!({ "branding": { "primaryColour": "#FF0000", "accentColour": "#0F766E", "logoUrl": null } }),
            ),
            "plan_feature_required",
        ),
        // Acme's owner naming Summit's settings.
        (
            &owner,
            settings(&summit, json!({ "timezone": "UTC" })),
            "not_found",
        ),
    ];
    for (who, mutation, code) in settings_cases {
        assert_eq!(
            refused_with(&push_one(&app, &who.access_token, mutation.clone()).await),
            code,
            "{mutation}"
        );
    }
    let mut branded = app.get("/v1/settings", &summit.access_token).await.body;
    branded["branding"]["primaryColour"] = json!("#FF0000");
    assert_eq!(
        rest_code(
            &app,
            &summit.access_token,
            Method::PUT,
            "/v1/settings",
            Some(branded)
        )
        .await,
        "plan_feature_required"
    );

    // What sync does not carry, with a reason the user can act on.
    for (entity, op) in [
        ("user", "create"),
        ("api_key", "create"),
        ("invitation", "create"),
        ("settings", "delete"),
    ] {
        let id = if entity == "settings" {
            owner.tenant_id.clone()
        } else {
            Uuid::now_v7().to_string()
        };
        let outcome = push_one(
            &app,
            &owner.access_token,
            mutation(entity, op, id, json!({ "name": "x" }), None),
        )
        .await;
        assert_eq!(refused_with(&outcome), "op_not_supported", "{entity} {op}");
        assert!(
            outcome["message"].as_str().unwrap().contains("sync"),
            "{outcome}"
        );
    }
    let bad = update_member(
        &app,
        &owner.access_token,
        &viewer_id,
        json!({ "email": "x@y.test" }),
    )
    .await;
    assert_eq!(refused_with(&bad), "invalid_user_change");

    // Nothing refused left a trace: roles, statuses and settings are as seeded.
    let users = app.get("/v1/users", &owner.access_token).await.body;
    for user in users
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["email"].as_str().unwrap().ends_with("@acme.test"))
    {
        assert_eq!(user["status"], "active", "{user}");
    }
    let owner_row = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == owner_id)
        .unwrap();
    assert_eq!(owner_row["role"], "owner");
    assert_eq!(
        app.get("/v1/settings", &owner.access_token).await.body["timezone"],
        "America/New_York"
    );
}

#[tokio::test]
async fn reactivating_a_member_takes_a_seat_within_the_plan() {
    let app = demo().await;
    // Summit's Starter plan has three seats: its owner and agent hold two.
    let owner = member(&app, "summit", "owner@summit.test").await;
    let agent = user_id(&app, &owner, "agent@summit.test").await;
    applied(
        &update_member(
            &app,
            &owner.access_token,
            &agent,
            json!({ "status": "deactivated" }),
        )
        .await,
    );
    invite(&app, &owner, "first@summit.test").await;
    invite(&app, &owner, "second@summit.test").await;

    let back = mutation(
        "user",
        "update",
        &agent,
        json!({ "status": "active" }),
        Some(1),
    );
    assert_eq!(
        refused_with(&push_one(&app, &owner.access_token, back).await),
        "quota_exceeded"
    );
    let path = format!("/v1/users/{agent}/reactivate");
    assert_eq!(
        rest_code(&app, &owner.access_token, Method::POST, &path, None).await,
        "quota_exceeded"
    );

    // An invitee has no membership to reactivate.
    let invitee = user_id(&app, &owner, "first@summit.test").await;
    let path = format!("/v1/users/{invitee}/reactivate");
    assert_eq!(
        rest_code(&app, &owner.access_token, Method::POST, &path, None).await,
        "invitation_pending"
    );
}

#[tokio::test]
async fn two_devices_changing_the_same_setting_or_role_leave_a_conflict_readers_pull() {
    let app = demo().await;
    let owner = member(&app, "acme", "owner@acme.test").await;
    let admin = member(&app, "acme", "admin@acme.test").await;
    let agent = member(&app, "acme", "agent@acme.test").await;
    let (laptop, phone) = (Uuid::new_v4(), Uuid::new_v4());
    let tenant = owner.tenant_id.clone();
    let base = app
        .get("/v1/sync/pull?afterVersion=0&limit=1", &owner.access_token)
        .await
        .body["clock"]
        .as_i64()
        .unwrap();

    // Both devices saw the settings at `base`. The laptop changes the time zone and the
    // calling window; the phone, later, the time zone and the locale.
    let laptop_edit = mutation(
        "settings",
        "update",
        &tenant,
        json!({ "timezone": "America/Chicago", "callingWindow": { "starts": "09:00", "ends": "20:00" } }),
        Some(base),
    );
    applied(
        &app.push(&owner.access_token, laptop, vec![laptop_edit])
            .await[0]["outcome"],
    );
    let phone_edit = mutation(
        "settings",
        "update",
        &tenant,
        json!({ "timezone": "America/Denver", "locale": "en-GB" }),
        Some(base),
    );
    let outcome =
        app.push(&admin.access_token, phone, vec![phone_edit]).await[0]["outcome"].clone();
    applied(&outcome);
    let conflicts = outcome["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{outcome}");
    assert_eq!(conflicts[0]["field"], "timezone");
    assert_eq!(conflicts[0]["overwrittenValue"], "America/Chicago");
    assert_eq!(conflicts[0]["winningValue"], "America/Denver");

    let settings = app.get("/v1/settings", &owner.access_token).await.body;
    assert_eq!(
        settings["timezone"], "America/Denver",
        "the later push wins"
    );
    assert_eq!(settings["locale"], "en-GB");
    assert_eq!(
        settings["callingWindow"]["starts"], "09:00",
        "other fields merge"
    );

    // The phone changing the locale again, from its old copy, does not conflict with
    // its own write.
    let again = mutation(
        "settings",
        "update",
        &tenant,
        json!({ "locale": "en-US" }),
        Some(base),
    );
    let again = app.push(&owner.access_token, phone, vec![again]).await[0]["outcome"].clone();
    assert_eq!(again["conflicts"], json!([]), "{again}");

    // A member's role, changed by two admins from the same copy.
    let target = user_id(&app, &owner, "viewer@acme.test").await;
    let first = mutation(
        "user",
        "update",
        &target,
        json!({ "role": "agent" }),
        Some(base),
    );
    applied(&app.push(&owner.access_token, laptop, vec![first]).await[0]["outcome"]);
    let second = mutation(
        "user",
        "update",
        &target,
        json!({ "role": "admin" }),
        Some(base),
    );
    let outcome = app
        .push(&owner.access_token, Uuid::new_v4(), vec![second])
        .await[0]["outcome"]
        .clone();
    assert_eq!(outcome["conflicts"][0]["field"], "role", "{outcome}");
    assert_eq!(outcome["conflicts"][0]["overwrittenValue"], "agent");

    // Everyone reads the settings and the members, so everyone pulls both conflicts.
    for who in [&owner, &admin, &agent] {
        let (changes, _) = app.pull_all(&who.access_token, 1000).await;
        let mut fields: Vec<String> = changes
            .iter()
            .filter(|c| c["entity"] == "conflict" && !c["data"].is_null())
            .map(|c| {
                format!(
                    "{}.{}",
                    c["data"]["entity"].as_str().unwrap(),
                    c["data"]["field"].as_str().unwrap()
                )
            })
            .collect();
        fields.sort();
        assert_eq!(fields, ["settings.timezone", "user.role"]);
    }
}

#[tokio::test]
async fn a_support_session_pushes_within_the_support_rules_and_is_audited_with_its_reason() {
    let app = demo().await;
    let owner = member(&app, "acme", "owner@acme.test").await;
    let reason = "Owner asked us to tidy up roles (ticket 4321)";
    let support = app.demo_support_session(&owner.tenant_id, reason).await;

    // Within the rules: a role change, audited with the session's reason.
    let agent = user_id(&app, &owner, "agent@acme.test").await;
    applied(&update_member(&app, &support, &agent, json!({ "role": "viewer" })).await);
    let entry = audited(&app, &owner, "user.role_changed", &agent).await;
    assert_eq!(entry[0]["reason"], reason, "{entry:?}");

    // Outside them, refused as the REST routes refuse them: keys and owners.
    let key = new_api_key(&app, &owner, "Chatbot").await;
    let owner_id = owner.user_id.clone();
    let cases = [
        (
            mutation("api_key", "delete", &key, json!({}), Some(1)),
            (Method::POST, format!("/v1/api-keys/{key}/revoke"), None),
        ),
        (
            mutation(
                "user",
                "update",
                &owner_id,
                json!({ "role": "admin" }),
                Some(1),
            ),
            (
                Method::PATCH,
                format!("/v1/users/{owner_id}/role"),
                Some(json!({ "role": "admin" })),
            ),
        ),
    ];
    for (mutation, (method, path, body)) in cases {
        let pushed = push_one(&app, &support, mutation.clone()).await;
        let code = refused_with(&pushed).to_owned();
        assert_eq!(
            rest_code(&app, &support, method, &path, body).await,
            code,
            "{mutation}"
        );
    }
    let keys = app.get("/v1/api-keys", &owner.access_token).await.body;
    assert!(
        keys.as_array()
            .unwrap()
            .iter()
            .all(|k| k["revokedAt"].is_null())
    );
}
