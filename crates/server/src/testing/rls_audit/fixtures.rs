//! The fixture rows the isolation probe writes: one per tenant in every tenant table,
//! built from the catalogue (a type-based value for each NOT NULL column without a
//! default, or an override where the type alone gives no acceptable value).

use sqlx::{PgPool, Row};
use uuid::Uuid;

use super::Finding;

/// The tenant's own fixture user, for NOT NULL foreign keys to users.
const OWN_USER: &str = "(select id from users where tenant_id = {tenant} limit 1)";
/// The tenant's own fixture lead, for foreign keys to leads.
const OWN_LEAD: &str = "(select id from leads where tenant_id = {tenant} limit 1)";
/// The tenant's own fixture knowledge-base item, for foreign keys to kb_items.
const OWN_KB_ITEM: &str = "(select id from kb_items where tenant_id = {tenant} limit 1)";
/// A value for columns that hold a SHA-256 in hex.
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
    (
        "audit_client_details",
        "salt",
        "decode(repeat('00', 16), 'hex')",
    ),
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
    (
        "commission_overrides",
        "transaction_id",
        "(select id from transactions where tenant_id = {tenant} limit 1)",
    ),
    (
        "commission_overrides",
        "agent_id",
        "(select id from roster_agents where tenant_id = {tenant} limit 1)",
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
    ("ingest_requests", "key_hash", RANDOM_SHA256_HEX),
    ("ingest_requests", "request_hash", RANDOM_SHA256_HEX),
    ("kb_items", "kind", "'document'"),
    ("kb_items", "updated_by", OWN_USER),
    ("kb_versions", "item_id", OWN_KB_ITEM),
    ("kb_versions", "published_by", OWN_USER),
    ("kb_chunks", "item_id", OWN_KB_ITEM),
    (
        "kb_chunks",
        "version_id",
        "(select id from kb_versions where tenant_id = {tenant} limit 1)",
    ),
    ("kb_files", "item_id", OWN_KB_ITEM),
    ("kb_unanswered", "reason", "'no_answer'"),
    ("privacy_requests", "kind", "'access'"),
    ("privacy_requests", "law", "'gdpr'"),
    ("privacy_requests", "status", "'received'"),
    ("retention_policies", "kind", "'conversations'"),
    ("retention_policies", "months", "24"),
    ("legal_holds", "subject", "'lead'"),
    ("legal_holds", "reason", "'fixture'"),
    ("tenant_holds", "reason", "'fixture'"),
    ("exports", "status", "'completed'"),
];

/// Writes one fixture row per tenant into every table. A row whose foreign keys point at
/// another table's fixture fails until that row exists, so failures are retried in
/// further passes; whatever still fails when a pass makes no progress is a finding.
pub(super) async fn insert_fixture_rows<F: Fn(Uuid) -> String>(
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

pub(super) async fn create_probe_tenant(admin: &PgPool, label: &str) -> Uuid {
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
pub(super) async fn fixture_insert(
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
