//! The audit trail reads as sentences, and keeps no personal data to read them with:
//! - every action the server's sources record has its sentence in core (a new action
//!   without one fails here, wherever in the server it is recorded);
//! - entries the server really writes read as the sentences the app shows, in today's
//!   names, an erased lead and a removed member included;
//! - a failed sign-in keeps only the typed address's domain.

use brokerdesk_core::audit::AuditEntry;
use brokerdesk_core::audit::sentence::{Named, Names, actions, is_told, tell};
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

// ---- Every recorded action has a sentence ----

/// Host-name suffixes reserved for tests and examples (RFC 2606, RFC 6762), which the
/// sources use as literals and which are never actions.
const RESERVED_HOSTS: [&str; 5] = [".test", ".example", ".invalid", ".localhost", ".internal"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of `source` shaped like an action code (`domain.verb_phrase`),
/// but SQL column references (`s.id`: a one-letter table alias) and reserved host names.
fn actions_in(source: &str) -> Vec<&str> {
    let code = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.';
    // Splitting at quotes yields the literals and what lies between them; only a literal
    // can be made of code characters alone.
    source
        .split('"')
        .filter(|piece| {
            let Some((domain, verb)) = piece.split_once('.') else {
                return false;
            };
            piece.chars().all(code)
                && !verb.contains('.')
                && domain.len() > 1
                && verb.starts_with(|c: char| c.is_ascii_lowercase())
                && !RESERVED_HOSTS.iter().any(|host| piece.ends_with(host))
        })
        .collect()
}

/// What the server records: the action-shaped literals of its sources, and the action
/// constants core defines for it (`OFFLINE_EXPORT_ACTION`).
fn recorded_actions() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = BTreeSet::new();
    let mut server = Vec::new();
    rust_files(&root.join("src"), &mut server);
    for file in server {
        let source = std::fs::read_to_string(&file).unwrap();
        found.extend(actions_in(&source).into_iter().map(str::to_owned));
    }
    let mut core = Vec::new();
    rust_files(&root.join("../core/src"), &mut core);
    for file in core {
        let source = std::fs::read_to_string(&file).unwrap();
        for line in source.lines().filter(|l| l.contains("_ACTION: &str = \"")) {
            found.extend(actions_in(line).into_iter().map(str::to_owned));
        }
    }
    found
}

#[test]
fn every_action_the_server_records_has_a_sentence() {
    let recorded = recorded_actions();
    assert!(
        recorded.len() > 60,
        "the scan found too few actions: {recorded:?}"
    );
    let untold: Vec<&String> = recorded.iter().filter(|a| !is_told(a)).collect();
    let stale: Vec<&str> = actions().filter(|a| !recorded.contains(*a)).collect();
    assert!(
        untold.is_empty() && stale.is_empty(),
        "actions without a sentence: {untold:?}: add one to \
         crates/core/src/audit/sentence/actions/ (or, if a literal is not an action, teach \
         this scan why); sentences of actions the server no longer records: {stale:?}"
    );
}

#[test]
fn the_scan_tells_actions_from_other_dotted_literals() {
    let source = r#"auth.audit("privacy.request_recorded", None); "s.id"; "pages.test"; "Hi. there"; "a.b.c""#;
    assert_eq!(actions_in(source), ["privacy.request_recorded"]);
}

// ---- Real entries, real sentences ----

/// Today's names, as the desktop's cache holds them: the tenant's members and leads.
struct Listed(HashMap<(Named, String), String>);

impl Names for Listed {
    fn name(&self, of: Named, id: &str) -> Option<String> {
        self.0.get(&(of, id.to_owned())).cloned()
    }
}

async fn listed(app: &TestApp, token: &str) -> Listed {
    let mut names = HashMap::new();
    for (of, path, field) in [
        (Named::Member, "/v1/users", "displayName"),
        (Named::Lead, "/v1/leads?limit=500", "name"),
    ] {
        let body = app.get(path, token).await.body;
        let rows = body.as_array().or(body["leads"].as_array()).cloned();
        for row in rows.unwrap_or_else(|| panic!("{path}: {body}")) {
            let id = row["id"].as_str().unwrap().to_owned();
            names.insert((of, id), row[field].as_str().unwrap().to_owned());
        }
    }
    Listed(names)
}

async fn trail(app: &TestApp, token: &str) -> Vec<AuditEntry> {
    let response = app.get("/v1/audit", token).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    serde_json::from_value(response.body).unwrap()
}

/// Fails unless each of `expected` is one of the trail's sentences.
fn assert_reads(entries: Vec<AuditEntry>, names: &Listed, expected: &[&str]) {
    let sentences: Vec<String> = tell(entries, names)
        .into_iter()
        .map(|line| line.sentence)
        .collect();
    for expected in expected {
        assert!(
            sentences.iter().any(|s| s == expected),
            "{expected:?} not in {sentences:#?}"
        );
    }
}

fn id_of(body: &Value) -> String {
    body["id"].as_str().unwrap().to_owned()
}

/// The id of the member whose `field` is `value`.
async fn member_id(app: &TestApp, token: &str, field: &str, value: &str) -> String {
    let users = app.get("/v1/users", token).await.body;
    let found = users.as_array().unwrap().iter().find(|u| u[field] == value);
    id_of(found.unwrap_or_else(|| panic!("no member with {field} {value}: {users}")))
}

#[tokio::test]
async fn entries_the_server_writes_read_in_todays_names() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let adam = member_id(&app, &owner, "displayName", "Adam Admin").await;
    let ava = member_id(&app, &owner, "displayName", "Ava Agent").await;

    let role = app
        .patch(
            &format!("/v1/users/{adam}/role"),
            &owner,
            json!({ "role": "agent" }),
        )
        .await;
    assert_eq!(role.0, StatusCode::OK, "{:?}", role.1);
    let lead = app
        .post("/v1/leads", &owner, Some(json!({ "name": "Erin Erased" })))
        .await;
    assert_eq!(lead.status, StatusCode::CREATED, "{:?}", lead.body);
    let lead = id_of(&lead.body);
    let erased = app
        .call(
            Method::DELETE,
            &format!("/v1/leads/{lead}"),
            Some(&owner),
            None,
        )
        .await;
    assert!(erased.status.is_success(), "{:?}", erased.body);
    let deactivated = app
        .post(&format!("/v1/users/{ava}/deactivate"), &owner, None)
        .await;
    assert_eq!(deactivated.status, StatusCode::OK, "{:?}", deactivated.body);

    let mut names = listed(&app, &owner).await;
    // Members are deactivated, never deleted; a cache that no longer holds one (a
    // support session's, say) reads her as a removed member.
    names.0.remove(&(Named::Member, ava.clone()));
    let entries = trail(&app, &owner).await;
    let whole = serde_json::to_string(&entries).unwrap();
    assert!(
        !whole.contains("Erin"),
        "the trail kept the lead's name: {whole}"
    );
    assert_reads(
        entries,
        &names,
        &[
            "Olivia Owner changed Adam Admin's role from Admin to Agent",
            "Olivia Owner added an erased lead",
            "Olivia Owner erased a lead with its 0 consent entries, 0 chats and 0 calls",
            "Olivia Owner deactivated a removed member",
        ],
    );
}
// ---- Failed sign-ins keep only the domain ----

#[tokio::test]
async fn a_failed_sign_in_keeps_only_the_typed_addresss_domain() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    for (email, password) in [
        ("mallory.stranger@elsewhere.test", DEMO_PASSWORD),
        ("adam.typo", DEMO_PASSWORD),
        ("admin@acme.test", "not-the-password-at-all"),
    ] {
        let failed = app.sign_in("acme", email, password).await;
        assert_eq!(failed.status, StatusCode::UNAUTHORIZED, "{email}");
    }
    let owner = signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await);
    let entries = trail(&app, &owner.access_token).await;
    let failures: Vec<&AuditEntry> = entries
        .iter()
        .filter(|e| e.action == "auth.sign_in_failed")
        .collect();
    let kept: Vec<(Option<&str>, &Value)> = failures
        .iter()
        .map(|e| (e.target.as_deref(), &e.details))
        .collect();
    let adam = member_id(&app, &owner.access_token, "email", "admin@acme.test").await;
    assert_eq!(
        kept,
        [
            (
                None,
                &json!({ "knownUser": false, "emailDomain": "elsewhere.test", "failures": null })
            ),
            (
                None,
                &json!({ "knownUser": false, "emailDomain": null, "failures": null })
            ),
            (Some(adam.as_str()), &json!({ "failures": 1 })),
        ]
    );
    let whole = serde_json::to_string(&entries).unwrap();
    for typed in ["mallory", "stranger", "adam.typo", "admin@acme.test"] {
        assert!(!whole.contains(typed), "the trail kept {typed:?}: {whole}");
    }
    let names = listed(&app, &owner.access_token).await;
    assert_reads(
        entries,
        &names,
        &[
            "Someone failed to sign in with an unknown address at elsewhere.test",
            "Someone failed to sign in with an address that is not valid",
            "Someone failed to sign in as Adam Admin",
        ],
    );
}
