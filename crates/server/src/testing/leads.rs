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

/// How many sub-records [`seed_lead_records`] wrote, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeededRecords {
    pub consents: i64,
    pub conversations: i64,
    pub calls: i64,
}

impl SeededRecords {
    pub fn total(&self) -> i64 {
        self.consents + self.conversations + self.calls
    }
}

/// Gives the "Bulk Lead <n>" leads of [`seed_leads`] the sub-records a working brokerage
/// has, in the proportions the sync benchmark assumes: written call consent for nine
/// leads in ten, a two-message chatbot conversation for every second lead and a call
/// record for every third. All at one new clock version, which it returns with the
/// counts.
pub async fn seed_lead_records(
    admin: &PgPool,
    tenant: TenantId,
) -> Result<(i64, SeededRecords), sqlx::Error> {
    let mut tx = admin.begin().await?;
    let version: i64 = sqlx::query_scalar(
        "update tenant_clock set version = version + 1 where tenant_id = $1 returning version",
    )
    .bind(tenant.as_uuid())
    .fetch_one(&mut *tx)
    .await?;
    // The n of "Bulk Lead <n>", to spread the records over the leads. Read so that any
    // name gives one (null for others): PostgreSQL may evaluate a condition on `n`
    // before the name's LIKE, which it prices high (db/leakproof_search.sql).
    let bulk = "select id, phones[1] as phone,
                       substring(name from '^Bulk Lead ([0-9]+)$')::bigint as n, created_at
                  from leads where tenant_id = $1 and name like 'Bulk Lead %'";
    let consents = sqlx::query(&format!(
        "insert into consent_entries (tenant_id, id, lead_id, channel, action, written, covers,
             consent_text, captured_at, captured_where, evidence_ip, evidence_user_agent,
             recorded_by, version)
         select $1, gen_random_uuid(), b.id, 'call', 'granted', true, b.phone,
                'I agree that the brokerage may call me at this number, including with an AI voice.',
                b.created_at, 'https://example.test/contact', '198.51.100.' || (b.n % 250),
                'Mozilla/5.0 (X11; Linux x86_64)', 'integration:chatbot', $2
           from ({bulk}) b where b.n % 10 <> 0"
    ))
    .bind(tenant.as_uuid())
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    let conversations = sqlx::query(&format!(
        "insert into conversations (tenant_id, id, lead_id, started_at, messages, version)
         select $1, gen_random_uuid(), b.id, b.created_at,
                jsonb_build_array(
                    jsonb_build_object('role', 'assistant', 'text', 'Hi! How can I help?',
                                       'at', b.created_at),
                    jsonb_build_object('role', 'lead', 'text', 'Any 3-bed homes downtown?',
                                       'at', b.created_at + interval '20 seconds')),
                $2
           from ({bulk}) b where b.n % 2 = 0"
    ))
    .bind(tenant.as_uuid())
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    let calls = sqlx::query(&format!(
        "insert into call_records (tenant_id, id, lead_id, direction, phone, started_at,
             duration_secs, outcome, recording_ref, transcript_summary, version)
         select $1, gen_random_uuid(), b.id, 'outbound', b.phone, b.created_at + interval '1 hour',
                60 + b.n % 600, 'answered', 'rec_' || b.n, 'Asked about viewings this weekend.', $2
           from ({bulk}) b where b.n % 3 = 0"
    ))
    .bind(tenant.as_uuid())
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    tx.commit().await?;
    Ok((
        version,
        SeededRecords {
            consents,
            conversations,
            calls,
        },
    ))
}

/// The plan PostgreSQL runs for the first page of the lead list for `query` in `tenant`,
/// as the API's role (row-level security on) and with the statement the API builds,
/// under `EXPLAIN (ANALYZE, BUFFERS)`. With `indexes` false, index and bitmap scans are
/// switched off for it, which shows what the same page costs as a scan of every row.
pub async fn explain_list_page(
    db: &crate::db::Database,
    tenant: TenantId,
    query: &brokerdesk_core::leads::list::LeadListQuery,
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
