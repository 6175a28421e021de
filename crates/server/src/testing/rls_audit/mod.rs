//! The row-level-security audit behind the isolation tests. It finds every table with a
//! `tenant_id` column from the catalogue, so a table added by a later migration is
//! audited without anyone remembering to list it, and checks it two ways:
//!
//! 1. statically: ENABLE and FORCE row-level security, and every permissive policy
//!    compares tenant_id with `app.tenant_id` in both USING and WITH CHECK (one
//!    `USING (true)` policy beside a good one would open the table, since permissive
//!    policies are OR-ed);
//! 2. behaviourally: acting as `brokerdesk_app` under tenant B, tenant A's rows can be
//!    neither seen, changed, deleted nor forged, and with no tenant set nothing at all
//!    is visible.

use sqlx::{PgPool, Row};
use std::fmt;
use uuid::Uuid;

mod fixtures;
use fixtures::{create_probe_tenant, fixture_insert, insert_fixture_rows};

/// A way a tenant-owned table falls short of the isolation pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub table: String,
    pub problem: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.table, self.problem)
    }
}

/// Every ordinary or partitioned table in `public` with a `tenant_id` column.
pub async fn tenant_tables(admin: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "select c.relname::text from pg_class c
           join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
            and exists (select 1 from pg_attribute a
                         where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
          order by 1",
    )
    .fetch_all(admin)
    .await
    .expect("catalogue query runs")
}

/// Static checks from the catalogue. Returns every finding; empty means all is well.
pub async fn audit_catalogue(admin: &PgPool) -> Vec<Finding> {
    let mut findings = Vec::new();
    for table in tenant_tables(admin).await {
        let row = sqlx::query(
            "select c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner)::text as owner
               from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and c.relname = $1",
        )
        .bind(&table)
        .fetch_one(admin)
        .await
        .expect("table flags query runs");
        let mut problem = |text: String| {
            findings.push(Finding {
                table: table.clone(),
                problem: text,
            })
        };
        if !row.get::<bool, _>("relrowsecurity") {
            problem("ROW LEVEL SECURITY is not enabled".into());
        }
        if !row.get::<bool, _>("relforcerowsecurity") {
            problem(
                "FORCE ROW LEVEL SECURITY is off, so the table owner bypasses the policies".into(),
            );
        }
        if row.get::<String, _>("owner") == crate::db::APP_ROLE {
            problem("owned by brokerdesk_app, which must own nothing".into());
        }

        let policies = sqlx::query(
            "select p.polname::text as name, p.polpermissive as permissive,
                    coalesce(pg_get_expr(p.polqual, p.polrelid), '') as using_expr,
                    coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') as check_expr
               from pg_policy p join pg_class c on c.oid = p.polrelid
               join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and c.relname = $1",
        )
        .bind(&table)
        .fetch_all(admin)
        .await
        .expect("policy query runs");
        if policies.is_empty() {
            problem("has no row-level security policy".into());
        }
        for policy in &policies {
            let name: String = policy.get("name");
            if !policy.get::<bool, _>("permissive") {
                continue; // restrictive policies can only narrow access further
            }
            for (clause, expr) in [
                ("USING", policy.get::<String, _>("using_expr")),
                ("WITH CHECK", policy.get("check_expr")),
            ] {
                if !is_tenant_predicate(&expr) {
                    problem(format!(
                        "policy {name} has {clause} {expr:?}, which does not compare tenant_id with app.tenant_id"
                    ));
                }
            }
        }
    }
    findings
}

fn is_tenant_predicate(expr: &str) -> bool {
    expr.contains("tenant_id") && expr.contains("current_setting('app.tenant_id'")
}

/// Behavioural checks, run as `brokerdesk_app`. Rows for two fresh tenants are written
/// through the admin pool (which bypasses RLS); then tenant B tries to reach tenant A's.
pub async fn probe_isolation(admin: &PgPool, app: &PgPool) -> Vec<Finding> {
    let tenant_a = create_probe_tenant(admin, "a").await;
    let tenant_b = create_probe_tenant(admin, "b").await;
    let mut findings = Vec::new();
    let mut fixtures = Vec::new();
    for table in tenant_tables(admin).await {
        match fixture_insert(admin, &table).await {
            Ok(insert_for) => fixtures.push((table, insert_for)),
            Err(problem) => findings.push(Finding { table, problem }),
        }
    }
    findings.extend(insert_fixture_rows(admin, &fixtures, [tenant_a, tenant_b]).await);

    for (table, insert_for) in &fixtures {
        let a_rows_before = count_for(admin, table, tenant_a).await;
        for problem in probe_table(app, table, tenant_a, tenant_b, &insert_for(tenant_a)).await {
            findings.push(Finding {
                table: table.clone(),
                problem,
            });
        }
        if count_for(admin, table, tenant_a).await != a_rows_before {
            findings.push(Finding {
                table: table.clone(),
                problem: "tenant A's rows changed while tenant B probed them".into(),
            });
        }
    }
    findings
}

async fn probe_table(
    app: &PgPool,
    table: &str,
    tenant_a: Uuid,
    tenant_b: Uuid,
    forge_a_row: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    let a = tenant_a.to_string();
    let b = tenant_b.to_string();

    let unscoped: i64 = sqlx::query_scalar(&format!("select count(*) from {table}"))
        .fetch_one(app)
        .await
        .expect("count runs");
    if unscoped != 0 {
        problems.push(format!("with no tenant set, {unscoped} rows are visible"));
    }

    let visible_a = scalar_as_b(
        app,
        &b,
        &format!("select count(*) from {table} where tenant_id = '{a}'"),
    )
    .await;
    if visible_a != Ok(0) {
        problems.push(format!("tenant B sees tenant A's rows: {visible_a:?}"));
    }
    let visible_own = scalar_as_b(app, &b, &format!("select count(*) from {table}")).await;
    if !matches!(visible_own, Ok(n) if n >= 1) {
        problems.push(format!(
            "tenant B cannot see its own rows ({visible_own:?}), so the probe proves nothing"
        ));
    }
    for (what, sql) in [
        (
            "update",
            format!("update {table} set tenant_id = tenant_id where tenant_id = '{a}'"),
        ),
        (
            "delete",
            format!("delete from {table} where tenant_id = '{a}'"),
        ),
    ] {
        match execute_as_b(app, &b, &sql).await {
            Ok(0) | Err(Blocked) => {}
            Ok(n) => problems.push(format!("tenant B could {what} {n} of tenant A's rows")),
        }
    }
    for (what, sql) in [
        ("insert a row for tenant A", forge_a_row.to_owned()),
        (
            "move its own row to tenant A",
            format!("update {table} set tenant_id = '{a}' where tenant_id = '{b}'"),
        ),
    ] {
        if execute_as_b(app, &b, &sql).await.is_ok() {
            problems.push(format!("tenant B could {what}"));
        }
    }
    problems
}

/// A statement refused by row-level security or by missing privileges.
#[derive(Debug, PartialEq)]
struct Blocked;

async fn execute_as_b(app: &PgPool, tenant: &str, sql: &str) -> Result<u64, Blocked> {
    let mut tx = app.begin().await.expect("begin");
    set_tenant(&mut tx, tenant).await;
    let result = sqlx::query(sql).execute(&mut *tx).await;
    tx.rollback().await.expect("rollback");
    match result {
        Ok(done) => Ok(done.rows_affected()),
        Err(error) if is_refusal(&error) => Err(Blocked),
        Err(error) => panic!("unexpected error probing with {sql:?}: {error}"),
    }
}

async fn scalar_as_b(app: &PgPool, tenant: &str, sql: &str) -> Result<i64, String> {
    let mut tx = app.begin().await.expect("begin");
    set_tenant(&mut tx, tenant).await;
    let result = sqlx::query_scalar(sql)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| e.to_string());
    tx.rollback().await.expect("rollback");
    result
}

async fn set_tenant(tx: &mut sqlx::PgTransaction<'_>, tenant: &str) {
    sqlx::query("select set_config('app.tenant_id', $1, true)")
        .bind(tenant)
        .execute(&mut **tx)
        .await
        .expect("set tenant");
}

/// 42501 is both "new row violates row-level security policy" and "permission denied".
fn is_refusal(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "42501")
}

async fn count_for(admin: &PgPool, table: &str, tenant: Uuid) -> i64 {
    sqlx::query_scalar(&format!(
        "select count(*) from {table} where tenant_id = $1"
    ))
    .bind(tenant)
    .fetch_one(admin)
    .await
    .expect("count runs")
}
