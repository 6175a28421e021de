//! Many leads at once, for the sync benchmark and tests that need volume. Written in one
//! statement as the owner role (it bypasses nothing the app relies on: rows still carry
//! the tenant and one fresh clock version), which is far faster than the API.

use brokerdesk_core::ids::{TenantId, UserId};
use sqlx::PgPool;

/// Inserts `count` leads named "Bulk Lead <n>" into the tenant, all at one new clock
/// version, assigned to `agent` when given. Returns that version.
pub async fn seed_leads(
    admin: &PgPool,
    tenant: TenantId,
    count: i64,
    agent: Option<UserId>,
) -> Result<i64, sqlx::Error> {
    let mut tx = admin.begin().await?;
    let version: i64 = sqlx::query_scalar(
        "update tenant_clock set version = version + 1 where tenant_id = $1 returning version",
    )
    .bind(tenant.as_uuid())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "insert into leads (tenant_id, id, name, emails, phones, source, stage, assigned_agent,
             budget_min, budget_max, preferences, tags, notes, version)
         select $1, gen_random_uuid(), 'Bulk Lead ' || n,
                array['bulk' || n || '@example.test'],
                array['+1415555' || lpad((n % 10000)::text, 4, '0')],
                (array['chatbot', 'ai_call', 'web_form', 'import', 'manual'])[1 + n % 5],
                (array['new', 'contacted', 'qualified', 'nurture'])[1 + n % 4],
                $3, 250000 + n, 500000 + n,
                jsonb_build_object('areas', jsonb_build_array('Downtown'), 'beds', 3),
                array['bulk'], 'Seeded for volume.', $2
           from generate_series(1, $4) as n",
    )
    .bind(tenant.as_uuid())
    .bind(version)
    .bind(agent.map(|a| a.as_uuid()))
    .bind(count)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// The plan PostgreSQL runs for the first page of the lead list for `query` in `tenant`,
/// as the API's role (row-level security on) and with the statement the API builds,
/// under `EXPLAIN (ANALYZE, BUFFERS)`. With `indexes` false, index and bitmap scans are
/// switched off for it, which shows what the same page costs as a scan of every row.
pub async fn explain_list_page(
    db: &crate::db::Database,
    tenant: TenantId,
    query: &brokerdesk_core::lead_list::LeadListQuery,
    indexes: bool,
) -> Result<Vec<String>, sqlx::Error> {
    let mut tx = db.begin_tenant(super::scope(tenant)).await?;
    if !indexes {
        sqlx::query("set local enable_indexscan = off")
            .execute(tx.conn())
            .await?;
        sqlx::query("set local enable_bitmapscan = off")
            .execute(tx.conn())
            .await?;
    }
    let mut statement = crate::leads::list::page_statement(
        "explain (analyze, buffers) ",
        tenant.as_uuid(),
        None,
        query,
        None,
    );
    let plan: Vec<(String,)> = statement.build_query_as().fetch_all(tx.conn()).await?;
    Ok(plan.into_iter().map(|(line,)| line).collect())
}
