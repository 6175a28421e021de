//! The stored audit trails: what is appended reads back as a chain that verifies,
//! appenders never fork it, the tables refuse edits, and tampering that gets past them
//! is caught by verification.

use brokerdesk_core::audit::{
    ActorKind, AuditActor, AuditEntry, AuditEvent, BreakReason, CLIENT_DETAILS_KEPT_DAYS,
    ChainLink, ChainVerdict, ClientSalt, client_digest, verify_chain,
};
use brokerdesk_core::ids::TenantId;
use brokerdesk_server::audit::{self, SUBJECT_TENANT_KEY, platform_chain_id};
use brokerdesk_server::db::Database;
use brokerdesk_server::testing::{TestDatabase, create_tenant, scope};
use chrono::Utc;
use serde_json::json;
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

const APPEND_ONLY: &str = "the audit trail is append-only";

/// An ordinary event: a user moved lead `n` on.
fn event(tenant_id: TenantId, n: u32) -> AuditEvent {
    AuditEvent {
        tenant_id,
        // Nanosecond precision here; sealing keeps the microseconds PostgreSQL stores.
        occurred_at: Utc::now(),
        actor: AuditActor {
            kind: ActorKind::User,
            id: Some(format!("user-{n}")),
            display: "Dana Owner".into(),
        },
        action: "lead.stage_changed".into(),
        target: Some(format!("lead:{n}")),
        ip: Some("203.0.113.7".into()),
        user_agent: None,
        reason: None,
        support_ticket: None,
        details: json!({"n": n, "from": "new", "to": "contacted"}),
    }
}

/// Events that between them use every column, NULLs, nested and awkward JSON.
fn varied_events(tenant_id: TenantId) -> Vec<AuditEvent> {
    let mut system = event(tenant_id, 1);
    system.actor = AuditActor {
        kind: ActorKind::System,
        id: None,
        display: "Retention".into(),
    };
    system.action = "lead.purged".into();
    system.target = None;
    system.ip = None;
    system.details = json!({});

    let mut support = event(tenant_id, 2);
    support.actor = AuditActor {
        kind: ActorKind::Staff,
        id: Some("staff-9".into()),
        display: "Sam \"Support\" Lee".into(),
    };
    support.action = "support.session_started".into();
    support.user_agent = Some("Brokerdesk/0.1 (X11; Linux)".into());
    support.reason = Some("Owner asked for help with an import".into());
    support.support_ticket = Some("SUP-42".into());
    support.details = json!({
        "minutes": 30,
        "extends": null,
        "scope": {"z": [1, {"b": null, "a": 2.5}], "a": "ünïcode ✓"},
        // jsonb hands this float back as the integer 10000000000000000.
        "big": 1e16,
    });

    let mut api_key = event(tenant_id, 3);
    api_key.actor = AuditActor {
        kind: ActorKind::ApiKey,
        id: Some("key-1".into()),
        display: "Website chatbot".into(),
    };
    api_key.action = "lead.created".into();
    api_key.details =
        json!({"source": "chatbot", "tags": ["buyer", "condo"], "budget": {"max": 450000}});

    vec![
        system,
        support,
        api_key,
        event(tenant_id, 4),
        event(tenant_id, 5),
    ]
}

async fn append_committed(db: &Database, event: AuditEvent) -> AuditEntry {
    let mut tx = db.begin_tenant(scope(event.tenant_id)).await.unwrap();
    let entry = audit::append(&mut tx, event).await.unwrap();
    tx.commit().await.unwrap();
    entry
}

async fn append_events(db: &Database, tenant_id: TenantId, count: u32) -> Vec<AuditEntry> {
    let mut entries = Vec::new();
    for n in 1..=count {
        entries.push(append_committed(db, event(tenant_id, n)).await);
    }
    entries
}

/// The whole trail, read a few entries at a time as sync and verification do.
async fn read_trail(db: &Database, tenant_id: TenantId) -> Vec<AuditEntry> {
    let mut tx = db.begin_tenant(scope(tenant_id)).await.unwrap();
    let mut trail: Vec<AuditEntry> = Vec::new();
    loop {
        let after = trail.last().map_or(0, |entry| entry.seq);
        let page = audit::page(&mut tx, after, 3).await.unwrap();
        if page.is_empty() {
            return trail;
        }
        trail.extend(page);
    }
}

fn verify(tenant_id: TenantId, entries: &[AuditEntry]) -> ChainVerdict {
    verify_chain(tenant_id, entries, &ChainLink::genesis())
}

fn intact(entries: &[AuditEntry]) -> ChainVerdict {
    ChainVerdict::Intact {
        entries_checked: entries.len() as u64,
        head: entries.last().unwrap().link(),
    }
}

fn seqs(entries: &[AuditEntry]) -> Vec<i64> {
    entries.iter().map(|entry| entry.seq).collect()
}

fn sqlstate(error: &sqlx::Error) -> Option<String> {
    error
        .as_database_error()
        .and_then(|e| e.code())
        .map(|code| code.into_owned())
}

fn message(error: &sqlx::Error) -> String {
    error
        .as_database_error()
        .map_or_else(|| error.to_string(), |e| e.message().to_owned())
}

#[tokio::test]
async fn appended_entries_read_back_exactly_and_verify() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let acme = create_tenant(&db, "acme").await;

    let mut appended = Vec::new();
    for event in varied_events(acme) {
        appended.push(append_committed(&db, event).await);
    }
    // Two more in one transaction: the second must chain onto the first, uncommitted.
    let mut tx = db.begin_tenant(scope(acme)).await.unwrap();
    appended.push(audit::append(&mut tx, event(acme, 6)).await.unwrap());
    appended.push(audit::append(&mut tx, event(acme, 7)).await.unwrap());
    tx.commit().await.unwrap();

    let trail = read_trail(&db, acme).await;
    assert_eq!(seqs(&trail), (1..=7).collect::<Vec<_>>());
    assert_eq!(verify(acme, &trail), intact(&trail));
    assert_eq!(trail, appended, "what was sealed is what is stored");
    assert_eq!(trail[0].actor.id, None);
    assert_eq!(trail[1].details["scope"]["z"][1]["a"], json!(2.5));
    assert_eq!(trail[1].details["big"], json!(10_000_000_000_000_000_u64));

    // Page by page from a remembered head, as the app does.
    let mut tx = db.begin_tenant(scope(acme)).await.unwrap();
    let first = audit::page(&mut tx, 0, 4).await.unwrap();
    let rest = audit::page(&mut tx, 4, 100).await.unwrap();
    assert_eq!(
        (seqs(&first), seqs(&rest)),
        (vec![1, 2, 3, 4], vec![5, 6, 7])
    );
    let ChainVerdict::Intact { head, .. } = verify(acme, &first) else {
        panic!("the first page verifies");
    };
    assert_eq!(verify_chain(acme, &rest, &head), intact(&rest));
}

#[tokio::test]
async fn a_rolled_back_append_leaves_no_trace_and_no_gap() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let acme = create_tenant(&db, "acme").await;
    append_committed(&db, event(acme, 1)).await;

    let mut tx = db.begin_tenant(scope(acme)).await.unwrap();
    let mut ghost = event(acme, 2);
    ghost.action = "lead.exported".into();
    let sealed = audit::append(&mut tx, ghost).await.unwrap();
    assert_eq!(sealed.seq, 2);
    drop(tx);

    append_committed(&db, event(acme, 3)).await;
    let trail = read_trail(&db, acme).await;
    assert_eq!(seqs(&trail), [1, 2]);
    assert!(trail.iter().all(|entry| entry.action != "lead.exported"));
    assert_ne!(trail[1].hash, sealed.hash);
    assert_eq!(verify(acme, &trail), intact(&trail));
}

#[tokio::test]
async fn no_role_can_update_delete_or_truncate_the_trails() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let acme = create_tenant(&db, "acme").await;
    append_events(&db, acme, 2).await;
    let mut tx = db.begin_platform("staff:1").await.unwrap();
    audit::append_platform(&mut tx, platform_event(None))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // The API's role has no such privileges, even on its own tenant's rows.
    for statement in [
        "update audit_entries set action = 'lead.deleted'",
        "delete from audit_entries",
        "truncate audit_entries",
    ] {
        let mut tx = db.begin_tenant(scope(acme)).await.unwrap();
        let error = sqlx::query(statement)
            .execute(tx.conn())
            .await
            .expect_err(statement);
        assert_eq!(
            sqlstate(&error).as_deref(),
            Some("42501"),
            "{statement}: {error}"
        );
    }
    for statement in [
        "update platform_audit_entries set action = 'tenant.deleted'",
        "delete from platform_audit_entries",
        "truncate platform_audit_entries",
    ] {
        let mut tx = db.begin_platform("staff:1").await.unwrap();
        let error = sqlx::query(statement)
            .execute(tx.conn())
            .await
            .expect_err(statement);
        assert_eq!(
            sqlstate(&error).as_deref(),
            Some("42501"),
            "{statement}: {error}"
        );
    }

    // The superuser bypasses privileges and row-level security; the triggers still hold.
    let admin = test_db.admin_pool().await;
    for table in ["audit_entries", "platform_audit_entries"] {
        for statement in [
            format!("update {table} set action = 'lead.deleted'"),
            format!("delete from {table}"),
            format!("truncate {table}"),
        ] {
            let error = sqlx::query(&statement)
                .execute(&admin)
                .await
                .expect_err(&statement);
            assert!(
                message(&error).contains(APPEND_ONLY),
                "{statement}: {error}"
            );
        }
    }
    assert_eq!(seqs(&read_trail(&db, acme).await), [1, 2]);
    let platform_rows: i64 = sqlx::query_scalar("select count(*) from platform_audit_entries")
        .fetch_one(&admin)
        .await
        .unwrap();
    assert_eq!(platform_rows, 1);
}

async fn set_triggers(admin: &PgPool, enabled: bool) {
    let verb = if enabled { "enable" } else { "disable" };
    sqlx::query(&format!("alter table audit_entries {verb} trigger user"))
        .execute(admin)
        .await
        .unwrap();
}

#[tokio::test]
async fn tampering_behind_the_triggers_is_caught_at_the_tampered_entry() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let admin = test_db.admin_pool().await;
    // One tenant per kind of tampering, so each chain has exactly one wound.
    let edited = create_tenant(&db, "edited").await;
    let deleted = create_tenant(&db, "deleted").await;
    let swapped = create_tenant(&db, "swapped").await;
    for tenant in [edited, deleted, swapped] {
        append_events(&db, tenant, 5).await;
        let trail = read_trail(&db, tenant).await;
        assert_eq!(
            verify(tenant, &trail),
            intact(&trail),
            "untouched chains verify"
        );
    }

    set_triggers(&admin, false).await;
    let tamper = |sql: &'static str, tenant: TenantId| {
        let admin = admin.clone();
        async move {
            let done = sqlx::query(sql)
                .bind(tenant.as_uuid())
                .execute(&admin)
                .await
                .unwrap();
            assert!(done.rows_affected() >= 1, "{sql} changed nothing");
        }
    };
    tamper(
        "update audit_entries set action = 'lead.created' where tenant_id = $1 and seq = 3",
        edited,
    )
    .await;
    tamper(
        "delete from audit_entries where tenant_id = $1 and seq = 3",
        deleted,
    )
    .await;
    // Three steps, because the primary key is checked row by row.
    tamper(
        "update audit_entries set seq = 1000 where tenant_id = $1 and seq = 2",
        swapped,
    )
    .await;
    tamper(
        "update audit_entries set seq = 2 where tenant_id = $1 and seq = 4",
        swapped,
    )
    .await;
    tamper(
        "update audit_entries set seq = 4 where tenant_id = $1 and seq = 1000",
        swapped,
    )
    .await;
    set_triggers(&admin, true).await;

    for (tenant, seq, reason) in [
        (edited, 3, BreakReason::HashMismatch),
        (deleted, 4, BreakReason::SeqGap),
        // Seq 2 now holds the entry sealed as seq 4, which points at seq 3's hash.
        (swapped, 2, BreakReason::PrevHashMismatch),
    ] {
        assert_eq!(
            verify(tenant, &read_trail(&db, tenant).await),
            ChainVerdict::Broken { seq, reason }
        );
    }

    // And the guard is back.
    let error = sqlx::query("delete from audit_entries")
        .execute(&admin)
        .await
        .unwrap_err();
    assert!(message(&error).contains(APPEND_ONLY), "{error}");
}

#[tokio::test]
async fn concurrent_appenders_of_one_tenant_never_fork_the_chain() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let acme = create_tenant(&db, "acme").await;

    let tasks: Vec<_> = (1..=20)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin_tenant(scope(acme)).await?;
                audit::append(&mut tx, event(acme, n)).await?;
                // Hold the lock a while, so the other appenders pile up behind it.
                tokio::time::sleep(Duration::from_millis(5)).await;
                tx.commit().await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }

    let trail = read_trail(&db, acme).await;
    assert_eq!(seqs(&trail), (1..=20).collect::<Vec<_>>());
    assert_eq!(verify(acme, &trail), intact(&trail));
    let mut targets: Vec<_> = trail.iter().filter_map(|e| e.target.clone()).collect();
    targets.sort();
    targets.dedup();
    assert_eq!(targets.len(), 20, "every appender's entry is there once");
}

#[tokio::test]
async fn each_tenant_has_its_own_chain() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let acme = create_tenant(&db, "acme").await;
    let summit = create_tenant(&db, "summit").await;
    for n in 1..=3 {
        append_committed(&db, event(acme, n)).await;
        if n <= 2 {
            append_committed(&db, event(summit, n)).await;
        }
    }

    let acme_trail = read_trail(&db, acme).await;
    let summit_trail = read_trail(&db, summit).await;
    assert_eq!(seqs(&acme_trail), [1, 2, 3]);
    assert_eq!(seqs(&summit_trail), [1, 2]);
    assert!(acme_trail.iter().all(|entry| entry.tenant_id == acme));
    assert!(summit_trail.iter().all(|entry| entry.tenant_id == summit));
    assert_eq!(verify(acme, &acme_trail), intact(&acme_trail));
    assert_eq!(verify(summit, &summit_trail), intact(&summit_trail));
    assert_eq!(
        verify(summit, &acme_trail),
        ChainVerdict::Broken {
            seq: 1,
            reason: BreakReason::TenantMismatch
        }
    );

    // An event for one tenant cannot be filed in another's transaction.
    let mut tx = db.begin_tenant(scope(summit)).await.unwrap();
    let error = audit::append(&mut tx, event(acme, 9)).await.unwrap_err();
    assert!(matches!(error, sqlx::Error::InvalidArgument(_)), "{error}");
    drop(tx);
    assert_eq!(seqs(&read_trail(&db, acme).await), [1, 2, 3]);
    assert_eq!(seqs(&read_trail(&db, summit).await), [1, 2]);
}

fn platform_event(subject: Option<TenantId>) -> AuditEvent {
    let mut details = json!({"plan": {"from": "free", "to": "starter"}});
    if let Some(subject) = subject {
        details[SUBJECT_TENANT_KEY] = json!(subject.to_string());
    }
    AuditEvent {
        tenant_id: platform_chain_id(),
        occurred_at: Utc::now(),
        actor: AuditActor {
            kind: ActorKind::Staff,
            id: Some("staff-9".into()),
            display: "Sam Lee".into(),
        },
        action: "tenant.plan_changed".into(),
        target: subject.map(|tenant| format!("tenant:{tenant}")),
        ip: Some("198.51.100.4".into()),
        user_agent: None,
        reason: Some("Upgrade requested by the owner".into()),
        support_ticket: Some("SUP-7".into()),
        details,
    }
}

#[tokio::test]
async fn the_platform_trail_is_one_chain_that_tenants_cannot_see() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let acme = create_tenant(&db, "acme").await;

    let mut tx = db.begin_platform("staff:9").await.unwrap();
    let mut appended = vec![
        audit::append_platform(&mut tx, platform_event(Some(acme)))
            .await
            .unwrap(),
    ];
    tx.commit().await.unwrap();
    let mut tx = db.begin_platform("staff:9").await.unwrap();
    appended.push(
        audit::append_platform(&mut tx, platform_event(None))
            .await
            .unwrap(),
    );
    // A tenant's event is not a platform event.
    let error = audit::append_platform(&mut tx, event(acme, 1))
        .await
        .unwrap_err();
    assert!(matches!(error, sqlx::Error::InvalidArgument(_)), "{error}");
    tx.commit().await.unwrap();

    let mut tx = db.begin_platform("staff:9").await.unwrap();
    let trail = audit::platform_page(&mut tx, 0, 100).await.unwrap();
    assert_eq!(trail, appended);
    assert_eq!(seqs(&trail), [1, 2]);
    assert_eq!(verify(platform_chain_id(), &trail), intact(&trail));
    assert_eq!(
        audit::platform_page(&mut tx, 1, 100).await.unwrap(),
        appended[1..]
    );
    drop(tx);

    // The subject column follows the hashed details.
    let subjects: Vec<Option<Uuid>> =
        sqlx::query_scalar("select subject_tenant_id from platform_audit_entries order by seq")
            .fetch_all(&test_db.admin_pool().await)
            .await
            .unwrap();
    assert_eq!(subjects, [Some(acme.as_uuid()), None]);

    // A tenant sees none of it, not even the entries about itself, and its own chain
    // is untouched.
    let mut tx = db.begin_tenant(scope(acme)).await.unwrap();
    let visible: i64 = sqlx::query_scalar("select count(*) from platform_audit_entries")
        .fetch_one(tx.conn())
        .await
        .unwrap();
    assert_eq!(visible, 0);
    assert!(audit::page(&mut tx, 0, 100).await.unwrap().is_empty());
    let unscoped: i64 = sqlx::query_scalar("select count(*) from platform_audit_entries")
        .fetch_one(&test_db.app_pool().await)
        .await
        .unwrap();
    assert_eq!(unscoped, 0);
}

#[tokio::test]
async fn concurrent_platform_appenders_never_fork_the_chain() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin_platform("staff:9").await?;
                audit::append_platform(&mut tx, platform_event(None)).await?;
                tokio::time::sleep(Duration::from_millis(5)).await;
                tx.commit().await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let mut tx = db.begin_platform("staff:9").await.unwrap();
    let trail = audit::platform_page(&mut tx, 0, 100).await.unwrap();
    assert_eq!(seqs(&trail), (1..=10).collect::<Vec<_>>());
    assert_eq!(verify(platform_chain_id(), &trail), intact(&trail));
}

/// Moves the client details that `filter` picks back past the keeping period.
async fn age_client_details(admin: &PgPool, table: &str, filter: &str) {
    let sql = format!(
        "update {table} set recorded_at = now() - interval '{} days' where {filter}",
        CLIENT_DETAILS_KEPT_DAYS + 1
    );
    let done = sqlx::query(&sql).execute(admin).await.unwrap();
    assert!(done.rows_affected() >= 1, "{sql} changed nothing");
}

#[tokio::test]
async fn client_details_expire_beside_the_chain_which_still_verifies() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let admin = test_db.admin_pool().await;
    let acme = create_tenant(&db, "acme").await;
    let globex = create_tenant(&db, "globex").await;
    let mut first = event(acme, 1);
    first.user_agent = Some("Mozilla/5.0 (old)".into());
    let first = append_committed(&db, first).await;
    append_committed(&db, event(acme, 2)).await;
    append_committed(&db, event(globex, 1)).await;

    // The permanent rows hold only the digest; the values sit beside them.
    let stored: Vec<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
        "select ip, user_agent, client_digest from audit_entries where tenant_id = $1",
    )
    .bind(acme.as_uuid())
    .fetch_all(&admin)
    .await
    .unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|(ip, agent, digest)| ip.is_none()
        && agent.is_none()
        && digest.as_ref().is_some_and(|d| d.len() == 64)));
    let salt: Vec<u8> = sqlx::query_scalar(
        "select salt from audit_client_details where tenant_id = $1 and seq = 1",
    )
    .bind(acme.as_uuid())
    .fetch_one(&admin)
    .await
    .unwrap();
    let salt = ClientSalt(salt.try_into().unwrap());
    assert_eq!(
        first.client_digest,
        Some(client_digest(
            &salt,
            Some("203.0.113.7"),
            Some("Mozilla/5.0 (old)")
        ))
    );
    let trail = read_trail(&db, acme).await;
    assert_eq!(trail[0].ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(trail[0].user_agent.as_deref(), Some("Mozilla/5.0 (old)"));

    // Past the period: the first entry's go, the second's stay, the chain verifies.
    age_client_details(
        &admin,
        "audit_client_details",
        &format!("tenant_id = '{acme}' and seq = 1"),
    )
    .await;
    age_client_details(
        &admin,
        "audit_client_details",
        &format!("tenant_id = '{globex}'"),
    )
    .await;
    let mut tx = db.begin_tenant(scope(acme)).await.unwrap();
    assert_eq!(
        audit::expire_client_details(&mut tx, Utc::now())
            .await
            .unwrap(),
        1
    );
    tx.commit().await.unwrap();
    let trail = read_trail(&db, acme).await;
    assert_eq!(
        (trail[0].ip.as_deref(), trail[0].user_agent.as_deref()),
        (None, None)
    );
    assert_eq!(trail[1].ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(verify(acme, &trail), intact(&trail));
    // Acme's expiry reached no other tenant's details, however old.
    let globex_trail = read_trail(&db, globex).await;
    assert_eq!(globex_trail[0].ip.as_deref(), Some("203.0.113.7"));

    // The staff trail's details expire the same way.
    let mut tx = db.begin_platform("staff:9").await.unwrap();
    audit::append_platform(&mut tx, platform_event(Some(acme)))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    age_client_details(&admin, "platform_audit_client_details", "true").await;
    let mut tx = db.begin_platform("retention").await.unwrap();
    assert_eq!(
        audit::expire_platform_client_details(&mut tx, Utc::now())
            .await
            .unwrap(),
        1
    );
    let platform = audit::platform_page(&mut tx, 0, 10).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(platform[0].ip, None);
    assert_eq!(
        verify_chain(platform_chain_id(), &platform, &ChainLink::genesis()),
        intact(&platform)
    );
}
