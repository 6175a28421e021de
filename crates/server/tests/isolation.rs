//! Database-level tenant isolation: every table with a tenant_id follows the RLS
//! pattern, and acting as brokerdesk_app under one tenant cannot reach another's rows.

use brokerdesk_server::db::TenantScope;
use brokerdesk_server::testing::rls_audit::{
    Finding, audit_catalogue, probe_isolation, tenant_tables,
};
use brokerdesk_server::testing::{TestDatabase, create_tenant};

#[tokio::test]
async fn every_tenant_table_has_forced_rls_and_a_tenant_policy() {
    let db = TestDatabase::create().await;
    let admin = db.admin_pool().await;
    let tables = tenant_tables(&admin).await;
    // Guards the guard: if discovery broke, the audit below would pass vacuously.
    for expected in ["tenant_clock", "users"] {
        assert!(
            tables.iter().any(|t| t == expected),
            "{expected} missing from {tables:?}"
        );
    }
    let findings = audit_catalogue(&admin).await;
    assert!(
        findings.is_empty(),
        "RLS pattern violations:\n{}",
        list(&findings)
    );
}

#[tokio::test]
async fn tenant_b_cannot_see_or_write_tenant_a_rows_in_any_table() {
    let db = TestDatabase::create().await;
    let findings = probe_isolation(&db.admin_pool().await, &db.app_pool().await).await;
    assert!(
        findings.is_empty(),
        "isolation failures:\n{}",
        list(&findings)
    );
}

#[tokio::test]
async fn the_audit_catches_tables_that_break_the_pattern() {
    let db = TestDatabase::create().await;
    let admin = db.admin_pool().await;
    let policy = "(tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)";
    for statement in [
        // RLS enabled with a proper policy, but not forced: the owner would bypass it.
        "create table bad_not_forced (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id))".to_owned(),
        "alter table bad_not_forced enable row level security".to_owned(),
        format!("create policy p on bad_not_forced using {policy} with check {policy}"),
        // No RLS at all.
        "create table bad_no_rls (tenant_id uuid not null, id uuid not null)".to_owned(),
        // Forced RLS, but a second permissive policy opens every row.
        "create table bad_open_policy (tenant_id uuid not null, id uuid not null)".to_owned(),
        "alter table bad_open_policy enable row level security".to_owned(),
        "alter table bad_open_policy force row level security".to_owned(),
        format!("create policy p on bad_open_policy using {policy} with check {policy}"),
        "create policy everyone on bad_open_policy using (true)".to_owned(),
    ] {
        sqlx::query(&statement).execute(&admin).await.unwrap();
    }
    let findings = audit_catalogue(&admin).await;
    let about = |table: &str, needle: &str| {
        findings
            .iter()
            .any(|f| f.table == table && f.problem.contains(needle))
    };
    assert!(
        about("bad_not_forced", "FORCE ROW LEVEL SECURITY is off"),
        "{}",
        list(&findings)
    );
    assert!(
        !about("bad_not_forced", "not enabled"),
        "{}",
        list(&findings)
    );
    assert!(about("bad_no_rls", "not enabled"), "{}", list(&findings));
    assert!(
        about("bad_no_rls", "no row-level security policy"),
        "{}",
        list(&findings)
    );
    assert!(
        about("bad_open_policy", "policy everyone has USING \"true\""),
        "{}",
        list(&findings)
    );
    // The real tables stay clean beside the broken ones.
    assert!(
        !findings.iter().any(|f| f.table == "users"),
        "{}",
        list(&findings)
    );
}

#[tokio::test]
async fn the_probe_catches_a_table_the_app_can_read_across_tenants() {
    let db = TestDatabase::create().await;
    let admin = db.admin_pool().await;
    for statement in [
        "create table leaky (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id))",
        "grant select, insert, update, delete on leaky to brokerdesk_app",
    ] {
        sqlx::query(statement).execute(&admin).await.unwrap();
    }
    let findings = probe_isolation(&admin, &db.app_pool().await).await;
    let leaky: Vec<_> = findings.iter().filter(|f| f.table == "leaky").collect();
    assert!(
        leaky
            .iter()
            .any(|f| f.problem.contains("sees tenant A's rows")),
        "{leaky:?}"
    );
    assert!(
        leaky
            .iter()
            .any(|f| f.problem.contains("could insert a row for tenant A")),
        "{leaky:?}"
    );
    assert!(
        leaky
            .iter()
            .any(|f| f.problem.contains("with no tenant set")),
        "{leaky:?}"
    );
    assert!(!findings.iter().any(|f| f.table == "users"), "{findings:?}");
}

#[tokio::test]
async fn the_app_role_cannot_bypass_rls_and_owns_nothing() {
    let db = TestDatabase::create().await;
    let admin = db.admin_pool().await;
    let (superuser, bypassrls): (bool, bool) = sqlx::query_as(
        "select rolsuper, rolbypassrls from pg_roles where rolname = 'brokerdesk_app'",
    )
    .fetch_one(&admin)
    .await
    .unwrap();
    assert!(!superuser && !bypassrls);
    let owned: i64 = sqlx::query_scalar(
        "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and pg_get_userbyid(c.relowner) = 'brokerdesk_app'",
    )
    .fetch_one(&admin)
    .await
    .unwrap();
    assert_eq!(owned, 0);
}

#[tokio::test]
async fn the_api_refuses_to_start_as_a_role_that_bypasses_rls() {
    let db = TestDatabase::create().await;
    let mut config = db.serve_config();
    // The administrative URL logs in as a superuser.
    config.app_database_url = Some(db.args.admin_url.clone());
    let error = brokerdesk_server::app::startup::Application::build(&config)
        .await
        .err()
        .expect("a superuser connection is refused");
    assert!(
        error.to_string().contains("must log in as brokerdesk_app"),
        "{error}"
    );
}

fn list(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("  - {f}\n")).collect()
}

#[tokio::test]
async fn a_tenant_transaction_holds_its_tenant_and_actor_as_written() {
    let db = TestDatabase::create().await;
    let database = db.database().await;
    let tenant = create_tenant(&database, "literal").await;
    // The settings go into the transaction's BEGIN as literals: quotes and backslashes
    // must arrive as written, and nothing may run as a statement of its own.
    let actor = r"user:o'brien\'); select set_config('app.tenant_id', '', true); --\x";
    let mut tx = database
        .begin_tenant(TenantScope {
            tenant_id: tenant,
            actor: actor.to_owned(),
        })
        .await
        .unwrap();
    let (seen_tenant, seen_actor): (String, String) =
        sqlx::query_as("select current_setting('app.tenant_id'), current_setting('app.actor')")
            .fetch_one(tx.conn())
            .await
            .unwrap();
    assert_eq!(
        (seen_tenant, seen_actor.as_str()),
        (tenant.to_string(), actor)
    );
    let refused = database
        .begin_tenant(TenantScope {
            tenant_id: tenant,
            actor: "nul\0".to_owned(),
        })
        .await;
    assert!(refused.is_err(), "a NUL cannot reach a setting");
}
