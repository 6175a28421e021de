//! "Verify integrity" against a live HTTP peer serving a trail in pages, as the API
//! does: a whole chain verifies across pages, and an edit or a deletion, even one at a
//! page boundary, is reported at the first entry that does not fit.

use axum::Json;
use axum::extract::Query;
use axum::routing::get;
use brokerdesk_client::api::ApiClient;
use brokerdesk_client::audit::check::verify_trail;
use brokerdesk_core::audit::{
    ActorKind, AuditActor, AuditEntry, AuditEvent, BreakReason, ChainLink, ChainVerdict, ClientSalt,
};
use brokerdesk_core::ids::TenantId;
use serde::Deserialize;
use std::sync::Arc;

/// More than two of the server's 500-entry pages.
const LEN: i64 = 1_100;

fn trail(tenant: TenantId) -> Vec<AuditEntry> {
    let mut head = ChainLink::genesis();
    (1..=LEN)
        .map(|n| {
            let event = AuditEvent {
                tenant_id: tenant,
                occurred_at: chrono::Utc::now(),
                actor: AuditActor {
                    kind: ActorKind::User,
                    id: Some("u-1".into()),
                    display: "Olivia Owner".into(),
                },
                action: "user.role_changed".into(),
                target: Some(format!("user:{n}")),
                ip: None,
                user_agent: None,
                reason: None,
                support_ticket: None,
                details: serde_json::json!({ "to": "agent" }),
            };
            let entry = event.seal(&head, &ClientSalt([1; 16]));
            head = entry.link();
            entry
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    after_seq: i64,
    limit: usize,
}

/// Serves `entries` as `GET /v1/audit` does, and returns the API's address.
async fn serve(entries: Vec<AuditEntry>) -> String {
    let entries = Arc::new(entries);
    let router = axum::Router::new().route(
        "/v1/audit",
        get(move |Query(page): Query<Page>| {
            let entries = entries.clone();
            async move {
                let found: Vec<AuditEntry> = entries
                    .iter()
                    .filter(|e| e.seq > page.after_seq)
                    .take(page.limit)
                    .cloned()
                    .collect();
                Json(found)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    address
}

async fn verdict(tenant: TenantId, entries: Vec<AuditEntry>) -> ChainVerdict {
    let api = ApiClient::new(&serve(entries).await).unwrap();
    verify_trail(api.authorised("token"), tenant).await.unwrap()
}

#[tokio::test]
async fn a_whole_trail_verifies_across_pages() {
    let tenant = TenantId::new();
    let entries = trail(tenant);
    let head = entries.last().unwrap().link();
    assert_eq!(
        verdict(tenant, entries).await,
        ChainVerdict::Intact {
            entries_checked: LEN as u64,
            head
        }
    );
}

#[tokio::test]
async fn an_edit_on_a_later_page_is_reported_at_that_entry() {
    let tenant = TenantId::new();
    let mut entries = trail(tenant);
    entries[749].details = serde_json::json!({ "to": "owner" });
    assert_eq!(
        verdict(tenant, entries).await,
        ChainVerdict::Broken {
            seq: 750,
            reason: BreakReason::HashMismatch
        }
    );
}

#[tokio::test]
async fn deleting_the_first_entry_of_a_page_is_a_gap() {
    let tenant = TenantId::new();
    let mut entries = trail(tenant);
    entries.remove(500);
    assert_eq!(
        verdict(tenant, entries).await,
        ChainVerdict::Broken {
            seq: 502,
            reason: BreakReason::SeqGap
        }
    );
}

#[tokio::test]
async fn another_tenants_trail_does_not_verify_as_ours() {
    let entries = trail(TenantId::new());
    assert_eq!(
        verdict(TenantId::new(), entries).await,
        ChainVerdict::Broken {
            seq: 1,
            reason: BreakReason::TenantMismatch
        }
    );
}
