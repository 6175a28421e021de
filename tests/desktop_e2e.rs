//! The real desktop binary, in a real window, against the real API and PostgreSQL: an
//! owner's day (sign in, invite, change a role, read the audit trail), a member whose
//! access is removed while signed in, platform staff opening a support session (with
//! its own cache, gone when it ends) the owner then sees, tampering caught by "Verify
//! integrity", and the server going away while the app keeps reading its encrypted
//! cache, also after a restart with no server, and queues a role change as pending that
//! syncs once the server is back. One app (started three times, to see the silent
//! sign-in online and offline) keeps the run short.

mod support;

use brokerdesk_server::sealed::MasterKey;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo, seed_demo_staff};
use brokerdesk_server::staff::DEMO_STAFF_EMAIL;
use brokerdesk_server::testing::{TEST_MASTER_KEY, TestDatabase, TestServer, demo_staff_code};
use serde_json::Value;
use std::path::{Path, PathBuf};
use support::{DesktopSession, rest_token};

const SUPPORT_REASON: &str = "Owner asked why an invitation email never arrived";

#[tokio::test(flavor = "multi_thread")]
async fn an_owner_and_platform_staff_work_through_the_app_and_tampering_is_caught() {
    let db = TestDatabase::create().await;
    seed_demo(&db.args).await.expect("demo tenants");
    let master = MasterKey::from_base64(TEST_MASTER_KEY).unwrap();
    seed_demo_staff(&db.args, &master)
        .await
        .expect("demo staff");
    // A fixed port, so the server can come back where the app expects it.
    let config = db.serve_config_on_a_fixed_port();
    let server = TestServer::start(&config).await;
    let data_home = tempfile::tempdir().unwrap();
    let desktop = DesktopSession::launch(&server.address, data_home.path()).await;
    assert_eq!(desktop.client.title().await.unwrap(), "Brokerdesk");

    // Sign in as acme's owner: the server field defaults to the server the app was
    // started with.
    desktop.element("signin-form").await;
    let shown_server = desktop
        .wait_for_value("signin-server", |url| !url.is_empty())
        .await;
    assert_eq!(shown_server.trim_end_matches('/'), server.address);
    desktop.screenshot("01-sign-in").await;
    desktop.sign_in("owner@acme.test").await;
    desktop.wait_for_text("header-tenant", "Acme Realty").await;
    desktop.wait_for_text("header-role", "Owner").await;
    // The app opens on the Overview; the members are a page away.
    desktop.element("home-closing").await;
    desktop.visit("#/users").await;
    desktop
        .wait_for_text("members-table", "agent@acme.test")
        .await;
    desktop.screenshot("02-users").await;

    // Invite a user: the link is shown, once.
    desktop.click("invite-open").await;
    desktop.fill("invite-email", "new.agent@acme.test").await;
    desktop.select("invite-role", "agent").await;
    desktop.click("invite-submit").await;
    let link = desktop
        .element("invite-link")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(link.contains("bdi."), "an invite link is shown: {link:?}");
    desktop.screenshot("03-invite-link").await;
    desktop.click("invite-done").await;
    desktop.click("tab-invitations").await;
    desktop
        .wait_for_text("invitations-table", "new.agent@acme.test")
        .await;
    desktop.click("tab-members").await;

    // Change a role, and find the change in the audit trail.
    desktop.click("change-role-agent@acme.test").await;
    desktop.select("change-role-select", "viewer").await;
    desktop.click("change-role-dialog-confirm").await;
    desktop.wait_for_text("members-table", "Viewer").await;
    desktop.visit("#/audit").await;
    desktop
        .wait_for_text(
            "audit-table",
            "Olivia Owner changed Ava Agent's role from Agent to Viewer",
        )
        .await;
    desktop.click("verify-integrity").await;
    desktop.wait_for_state("verify-result", "intact").await;
    desktop.screenshot("04-audit-trail").await;

    desktop.visit("#/plan").await;
    desktop.wait_for_text("plan-name", "Professional").await;
    desktop.wait_for_text("usage-users", "of 10").await;
    desktop.screenshot("05-plan-and-usage").await;
    desktop.visit("#/settings").await;
    desktop.element("settings-timezone").await;
    desktop.screenshot("06-settings").await;
    desktop.scroll_to("provider-openai").await;
    desktop.screenshot("06a-settings-keys").await;

    // The next start signs in silently with the refresh token in the keychain.
    desktop.close().await;
    let desktop = DesktopSession::launch(&server.address, data_home.path()).await;
    desktop.wait_for_text("header-tenant", "Acme Realty").await;
    desktop.element("home-closing").await;
    desktop.visit("#/users").await;
    desktop
        .wait_for_text("members-table", "agent@acme.test")
        .await;
    // Signing out crypto-shreds the tenant's encrypted cache, which syncing created.
    desktop.element("sync-last").await;
    assert_eq!(cache_files(data_home.path()).len(), 1, "one tenant cache");
    sign_out(&desktop).await;
    assert_eq!(cache_files(data_home.path()), Vec::<PathBuf>::new());

    // Access lost while signed in: the owner deactivates this member elsewhere, the
    // engine's next sync is refused and shreds the cache, and the window goes to the
    // sign-in screen at once, saying why.
    desktop.sign_in("agent@acme.test").await;
    desktop.element("sync-last").await;
    assert_eq!(cache_files(data_home.path()).len(), 1, "the member's cache");
    deactivate_as_owner(&server.address, "agent@acme.test").await;
    desktop
        .wait_for_text("signin-error", "removed from this device")
        .await;
    assert_eq!(cache_files(data_home.path()), Vec::<PathBuf>::new());
    desktop.screenshot("06b-access-lost").await;

    // Platform staff open acme as support, with a reason, and end the session.
    desktop.click("signin-audience-staff").await;
    desktop.fill("signin-email", DEMO_STAFF_EMAIL).await;
    desktop.fill("signin-password", DEMO_PASSWORD).await;
    desktop.fill("signin-code", &demo_staff_code(0)).await;
    desktop.click("signin-submit").await;
    desktop
        .wait_for_text("staff-tenants-table", "Acme Realty")
        .await;
    desktop.screenshot("07-staff-tenants").await;
    desktop.click("open-support-acme").await;
    desktop.fill("support-reason", "too short").await;
    desktop
        .wait_for_text("support-reason-hint", "more character")
        .await;
    desktop.fill("support-reason", SUPPORT_REASON).await;
    desktop.fill("support-ticket", "SUP-2001").await;
    desktop.click("support-submit").await;
    let banner = desktop
        .wait_for_text("support-banner", SUPPORT_REASON)
        .await;
    assert!(
        banner.contains("Pat Support") && banner.contains("left"),
        "{banner}"
    );
    desktop.visit("#/users").await;
    desktop
        .wait_for_text("members-table", "owner@acme.test")
        .await;
    // The session syncs an ephemeral cache of its own, apart from any member's.
    desktop.element("sync-last").await;
    assert_eq!(
        support_cache_files(data_home.path()).len(),
        1,
        "one support cache"
    );
    desktop.screenshot("08-support-session").await;
    desktop.click("support-end").await;
    desktop
        .wait_for_text("staff-tenants-table", "Acme Realty")
        .await;
    assert_eq!(
        support_cache_files(data_home.path()),
        Vec::<PathBuf>::new(),
        "ending the session deleted its cache"
    );
    sign_out(&desktop).await;

    // The owner sees the support access, with its reason, in their own trail.
    desktop.sign_in("owner@acme.test").await;
    desktop.visit("#/audit").await;
    desktop.click("filter-support").await;
    desktop.wait_for_text("audit-table", SUPPORT_REASON).await;
    desktop.wait_for_text("audit-table", "Pat Support").await;
    desktop.screenshot("09-audit-support-access").await;

    // Rewrite one entry behind the API's back; the app's own check must catch it.
    let tampered_seq = tamper_with_first_role_change(&db).await;
    desktop.click("verify-integrity").await;
    let verdict = desktop.wait_for_state("verify-result", "broken").await;
    assert!(
        verdict.contains(&format!("Entry #{tampered_seq}")),
        "the first broken entry is named: {verdict}"
    );
    desktop.screenshot("10-verify-integrity-broken").await;

    // The server going away: the header says so, and the screens read the encrypted
    // cache the sync engine filled.
    desktop.element("sync-last").await;
    let server_address = server.address.clone();
    server.stop().await;
    desktop.wait_for_state("sync-status", "offline").await;
    desktop.element("offline-banner").await;
    desktop.visit("#/users").await;
    desktop
        .wait_for_text("members-table", "agent@acme.test")
        .await;
    desktop.screenshot("11-offline-from-cache").await;
    // A role change still works offline: it shows at once, marked as waiting for the
    // server, while inviting (the server makes the link) is disabled.
    desktop.element("invite-offline").await;
    let invite = desktop.element("invite-open").await;
    assert!(
        !invite.is_enabled().await.unwrap(),
        "inviting needs the server"
    );
    desktop.click("change-role-admin@acme.test").await;
    desktop.select("change-role-select", "agent").await;
    desktop.click("change-role-dialog-confirm").await;
    desktop
        .wait_for_text("member-edit-admin@acme.test", "Pending sync")
        .await;
    desktop
        .wait_for_text("member-status-admin@acme.test", "Active")
        .await;
    desktop.screenshot("11b-offline-role-change-pending").await;
    desktop.visit("#/overview").await;
    desktop.click("recheck-server").await;
    let server_row = desktop.wait_for_state("server-status", "unreachable").await;
    assert!(server_row.contains("Cannot reach"), "{server_row}");
    desktop.screenshot("12-server-unreachable").await;

    // Started again with the server still down: the silent sign-in opens the cache and
    // the signed-in shell says it is offline.
    desktop.close().await;
    let desktop = DesktopSession::launch(&server_address, data_home.path()).await;
    desktop.wait_for_text("header-tenant", "Acme Realty").await;
    desktop.wait_for_text("header-role", "Owner").await;
    desktop.wait_for_state("sync-status", "offline").await;
    desktop.element("offline-banner").await;
    // The app opens on the Overview; the members come from the cache too.
    desktop.visit("#/users").await;
    desktop
        .wait_for_text("members-table", "agent@acme.test")
        .await;
    desktop.screenshot("13-offline-start").await;

    // The server comes back: the queued role change reaches it, and the pending mark goes.
    let server = TestServer::start(&config).await;
    desktop.click("sync-now").await;
    desktop.wait_for_state("sync-status", "online").await;
    desktop
        .wait_without_text("members-table", "Pending sync")
        .await;
    assert_eq!(
        role_on_server(&server.address, "admin@acme.test").await,
        "agent"
    );
    desktop.screenshot("14-back-online-synced").await;

    desktop.close().await;
    server.stop().await;
}

/// The support sessions' caches: the SQLCipher files under the data folder's `support/`.
fn support_cache_files(dir: &Path) -> Vec<PathBuf> {
    cache_files(dir)
        .into_iter()
        .filter(|path| path.components().any(|c| c.as_os_str() == "support"))
        .collect()
}

/// The SQLCipher cache files (`<tenant>.db`) under the app's data folder.
fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(cache_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "db") {
            found.push(path);
        }
    }
    found
}

async fn sign_out(desktop: &DesktopSession) {
    desktop.click("sign-out").await;
    desktop.click("sign-out-dialog-confirm").await;
    desktop.element("signin-form").await;
}

/// Acme's members as its owner sees them over plain REST, with the owner's token.
async fn members_over_rest(address: &str) -> (Vec<Value>, String) {
    let token = rest_token(address, "acme", "owner@acme.test").await;
    let users: Value = reqwest::Client::new()
        .get(format!("{address}/v1/users"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (users.as_array().expect("a list of members").clone(), token)
}

fn member<'a>(members: &'a [Value], email: &str) -> &'a Value {
    members
        .iter()
        .find(|u| u["email"] == email)
        .expect("the member is listed")
}

/// The role the server holds for acme's member `email`.
async fn role_on_server(address: &str, email: &str) -> String {
    let (members, _) = members_over_rest(address).await;
    member(&members, email)["role"]
        .as_str()
        .expect("a role")
        .to_owned()
}

/// Acme's owner deactivates the member with `email`, over plain REST.
async fn deactivate_as_owner(address: &str, email: &str) {
    let (members, token) = members_over_rest(address).await;
    let id = member(&members, email)["id"].as_str().expect("an id");
    let deactivated = reqwest::Client::new()
        .post(format!("{address}/v1/users/{id}/deactivate"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(deactivated.status().is_success(), "{deactivated:?}");
}

/// As the database superuser: the append-only trigger has to be switched off on
/// purpose, which is exactly what someone covering their tracks would do.
async fn tamper_with_first_role_change(db: &TestDatabase) -> i64 {
    let admin = db.admin_pool().await;
    let mut tx = admin.begin().await.unwrap();
    sqlx::query("alter table audit_entries disable trigger audit_entries_append_only")
        .execute(&mut *tx)
        .await
        .unwrap();
    let seq: i64 = sqlx::query_scalar(
        "update audit_entries set details = '{\"to\": \"owner\"}'
          where (tenant_id, seq) = (
            select tenant_id, min(seq) from audit_entries
             where action = 'user.role_changed' group by tenant_id)
          returning seq",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    sqlx::query("alter table audit_entries enable trigger audit_entries_append_only")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    seq
}
