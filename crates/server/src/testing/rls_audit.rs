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

/// The tenant's own fixture user, for NOT NULL foreign keys to users.
const OWN_USER: &str = "(select id from users where tenant_id = {tenant} limit 1)";
/// A value for columns that hold a SHA-256 in hex.
const OWN_LEAD: &str = "(select id from leads where tenant_id = {tenant} limit 1)";
const RANDOM_SHA256_HEX: &str = "encode(sha256(gen_random_uuid()::text::bytea), 'hex')";

/// Values for NOT NULL columns whose type alone does not give an acceptable value.
/// A new table with such a column adds its entry here. Foreign keys within a tenant
/// resolve to the tenant's own fixture rows, which the insertion passes create first.
const FIXTURE_OVERRIDES: &[(&str, &str, &str)] = &[
    ("users", "role", "'viewer'"),
    (
        "users",
        "email",
        "'fixture-' || gen_random_uuid() || '@example.test'",
    ),
    ("audit_entries", "actor_kind", "'system'"),
    ("audit_entries", "action", "'fixture.probed'"),
    ("audit_entries", "prev_hash", "repeat('0', 64)"),
    ("audit_entries", "hash", "repeat('f', 64)"),
    ("sessions", "user_id", OWN_USER),
    (
        "refresh_tokens",
        "session_id",
        "(select id from sessions where tenant_id = {tenant} limit 1)",
    ),
    ("refresh_tokens", "token_hash", RANDOM_SHA256_HEX),
    ("mfa_recovery_codes", "user_id", OWN_USER),
    ("password_resets", "user_id", OWN_USER),
    ("dotloop_connections", "connected_by", OWN_USER),
    ("dotloop_oauth_states", "user_id", OWN_USER),
    ("dotloop_import_runs", "trigger", "'manual'"),
    ("password_resets", "token_hash", RANDOM_SHA256_HEX),
    ("mfa_recovery_codes", "code_hash", RANDOM_SHA256_HEX),
    ("provider_keys", "provider", "'openai'"),
    (
        "support_sessions",
        "reason",
        "'a fixture reason long enough'",
    ),
    (
        "support_sessions",
        "expires_at",
        "now() + interval '30 minutes'",
    ),
    ("provider_keys", "last_four", "'abcd'"),
    ("commission_plans", "versions", "'[]'::jsonb"),
    (
        "commission_assignments",
        "agent_id",
        "(select id from roster_agents where tenant_id = {tenant} limit 1)",
    ),
    (
        "commission_assignments",
        "plan_id",
        "(select id from commission_plans where tenant_id = {tenant} limit 1)",
    ),
    ("api_keys", "created_by", OWN_USER),
    ("api_keys", "prefix", "'bd_live_fixt'"),
    ("api_keys", "key_hash", RANDOM_SHA256_HEX),
    ("api_keys", "scopes", "'{kb:read}'"),
    ("invitations", "role", "'viewer'"),
    (
        "invitations",
        "email",
        "'fixture-' || gen_random_uuid() || '@example.test'",
    ),
    ("invitations", "invited_by", OWN_USER),
    ("invitations", "token_hash", RANDOM_SHA256_HEX),
    ("mail_outbox", "to_address", "'fixture@example.test'"),
    ("leads", "source", "'manual'"),
    ("leads", "stage", "'new'"),
    ("consent_entries", "lead_id", OWN_LEAD),
    ("consent_entries", "channel", "'call'"),
    ("consent_entries", "action", "'granted'"),
    ("conversations", "lead_id", OWN_LEAD),
    ("call_records", "lead_id", OWN_LEAD),
    ("call_records", "direction", "'inbound'"),
    ("call_records", "outcome", "'answered'"),
    ("dnc_numbers", "phone", "'+14155552671'"),
    ("ingest_requests", "request_hash", RANDOM_SHA256_HEX),
];

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

/// Writes one fixture row per tenant into every table. A row whose foreign keys point at
/// another table's fixture fails until that row exists, so failures are retried in
/// further passes; whatever still fails when a pass makes no progress is a finding.
async fn insert_fixture_rows<F: Fn(Uuid) -> String>(
    admin: &PgPool,
    fixtures: &[(String, F)],
    tenants: [Uuid; 2],
) -> Vec<Finding> {
    let mut pending: Vec<(&str, Uuid)> = fixtures
        .iter()
        .flat_map(|(table, _)| tenants.map(|tenant| (table.as_str(), tenant)))
        .collect();
    loop {
        let mut failed = Vec::new();
        for (table, tenant) in pending.iter().copied() {
            let (_, insert_for) = fixtures.iter().find(|(t, _)| t == table).expect("listed");
            if let Err(error) = sqlx::query(&insert_for(tenant)).execute(admin).await {
                failed.push((table, tenant, error.to_string()));
            }
        }
        if failed.is_empty() {
            return Vec::new();
        }
        if failed.len() == pending.len() {
            return failed
                .into_iter()
                .map(|(table, _, error)| Finding {
                    table: table.to_owned(),
                    problem: format!("the fixture row could not be written ({error}); add a FIXTURE_OVERRIDES entry"),
                })
                .collect();
        }
        pending = failed
            .into_iter()
            .map(|(table, tenant, _)| (table, tenant))
            .collect();
    }
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

async fn create_probe_tenant(admin: &PgPool, label: &str) -> Uuid {
    let id = Uuid::new_v4();
    sqlx::query("insert into tenants (id, name, subdomain) values ($1, $2, $3)")
        .bind(id)
        .bind(format!("Probe tenant {label}"))
        .bind(format!("probe-{label}-{}", &id.simple().to_string()[..8]))
        .execute(admin)
        .await
        .expect("probe tenant is created");
    id
}

/// Builds an INSERT for one fixture row of `table`: the tenant id where it belongs, an
/// override or a type-based value for every NOT NULL column without a default.
async fn fixture_insert(
    admin: &PgPool,
    table: &str,
) -> Result<impl Fn(Uuid) -> String + use<>, String> {
    let columns = sqlx::query(
        "select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type
           from pg_attribute a join pg_class c on c.oid = a.attrelid
           join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relname = $1 and a.attnum > 0 and not a.attisdropped
            and a.attnotnull and not a.atthasdef and a.attidentity = '' and a.attgenerated = ''
          order by a.attnum",
    )
    .bind(table)
    .fetch_all(admin)
    .await
    .expect("column query runs");
    let mut names = Vec::new();
    let mut values = Vec::new();
    for column in columns {
        let name: String = column.get("name");
        let pg_type: String = column.get("type");
        let value = if name == "tenant_id" {
            "{tenant}".to_owned()
        } else if let Some((_, _, value)) = FIXTURE_OVERRIDES
            .iter()
            .find(|(t, c, _)| *t == table && *c == name)
        {
            (*value).to_owned()
        } else {
            value_for_type(&pg_type)
                .ok_or_else(|| format!("no fixture value for NOT NULL column {name} ({pg_type}); add a FIXTURE_OVERRIDES entry"))?
                .to_owned()
        };
        names.push(name);
        values.push(value);
    }
    let template = format!(
        "insert into {table} ({}) values ({})",
        names.join(", "),
        values.join(", ")
    );
    Ok(move |tenant: Uuid| template.replace("{tenant}", &format!("'{tenant}'")))
}

fn value_for_type(pg_type: &str) -> Option<&'static str> {
    Some(match pg_type {
        "uuid" => "gen_random_uuid()",
        "text" | "character varying" | "citext" => "'fixture'",
        "smallint" | "integer" | "bigint" | "numeric" | "real" | "double precision" => "1",
        "boolean" => "false",
        "timestamp with time zone" | "timestamp without time zone" | "date" => "now()",
        "jsonb" | "json" => "'{}'",
        "bytea" => "'\\x00'",
        "text[]" => "'{}'",
        _ if pg_type.starts_with("character varying") || pg_type.starts_with("numeric") => "'1'",
        _ => return None,
    })
}
