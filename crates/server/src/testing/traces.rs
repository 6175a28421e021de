//! Searching the whole database for traces of personal data: the check behind "erasure
//! proven complete", for an erased lead and for a deleted tenant. Tables come from the
//! catalogue, so a table added later is searched without anyone listing it. A row
//! matches when its JSON text contains any pattern (ILIKE, so `%…%` and any case).

use sqlx::PgPool;
use uuid::Uuid;

use super::rls_audit::tenant_tables;

/// Every ordinary or partitioned table in `public`, tenant-owned or not.
pub async fn all_tables(admin: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "select c.relname::text from pg_class c
           join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
          order by 1",
    )
    .fetch_all(admin)
    .await
    .expect("catalogue query runs")
}

/// Rows of `tenant` in the tenant tables that hold any of `patterns`, by table.
pub async fn traces_in_tenant(
    admin: &PgPool,
    tenant: Uuid,
    patterns: &[String],
) -> Vec<(String, i64)> {
    let tables = tenant_tables(admin).await;
    assert!(tables.len() > 30, "the catalogue lost tables: {tables:?}");
    let mut left = Vec::new();
    for table in tables {
        let hits = count(
            admin,
            &format!(
                "select count(*) from {table} x
                  where x.tenant_id = $2 and row_to_json(x)::text ilike any($1)"
            ),
            patterns,
            Some(tenant),
        )
        .await;
        if hits > 0 {
            left.push((table, hits));
        }
    }
    left
}

/// Rows anywhere in the database (every table, every tenant, the platform's own) that
/// hold any of `patterns`, by table.
pub async fn traces_anywhere(admin: &PgPool, patterns: &[String]) -> Vec<(String, i64)> {
    let mut left = Vec::new();
    for table in all_tables(admin).await {
        let hits = count(
            admin,
            &format!("select count(*) from {table} x where row_to_json(x)::text ilike any($1)"),
            patterns,
            None,
        )
        .await;
        if hits > 0 {
            left.push((table, hits));
        }
    }
    left
}

async fn count(admin: &PgPool, sql: &str, patterns: &[String], tenant: Option<Uuid>) -> i64 {
    let mut query = sqlx::query_scalar(sql).bind(patterns);
    if let Some(tenant) = tenant {
        query = query.bind(tenant);
    }
    query.fetch_one(admin).await.expect("trace search runs")
}
