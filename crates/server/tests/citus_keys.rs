//! Citus-ready keys, checked from the catalogue (Citus itself cannot be installed here).
//! Sharding tenant tables by `tenant_id` needs every primary key, unique constraint and
//! unique index of a tenant table to include `tenant_id`, and every foreign key between
//! tenant tables to pair `tenant_id` with `tenant_id`, so each one can be checked
//! inside one shard. `crates/server/db/citus.sql` distributes exactly these tables.
//!
//! Tenant tables are found as the RLS audit finds them: every table with a `tenant_id`.

use brokerdesk_server::testing::TestDatabase;
use brokerdesk_server::testing::rls_audit::tenant_tables;
use sqlx::PgPool;
use std::collections::BTreeSet;

const CITUS_SQL: &str = include_str!("../db/citus.sql");

/// Unique constraints and unique indexes (primary keys among them) of tenant tables
/// whose columns leave `tenant_id` out, as "table: definition".
async fn unique_keys_without_tenant(admin: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "select t.relname || ': ' || pg_get_indexdef(i.indexrelid)
           from pg_index i
           join pg_class t on t.oid = i.indrelid
           join pg_namespace n on n.oid = t.relnamespace
          where n.nspname = 'public' and i.indisunique and t.relname = any($1)
            and not exists (select 1 from pg_attribute a
                             where a.attrelid = t.oid and a.attname = 'tenant_id'
                               and a.attnum = any(i.indkey::int2[]))
          order by 1",
    )
    .bind(tenant_tables(admin).await)
    .fetch_all(admin)
    .await
    .unwrap()
}

/// Foreign keys from a tenant table that a sharded database could not check in one
/// shard: to another tenant table without pairing tenant_id with tenant_id, or to a
/// table that is neither a tenant table nor in `reference` (copied to every node).
async fn foreign_keys_across_shards(admin: &PgPool, reference: &[String]) -> Vec<String> {
    sqlx::query_scalar(
        "select src.relname || ': ' || pg_get_constraintdef(c.oid)
           from pg_constraint c
           join pg_class src on src.oid = c.conrelid
           join pg_class dst on dst.oid = c.confrelid
          where c.contype = 'f' and src.relname = any($1)
            and case when dst.relname = any($1) then not exists (
                         select 1 from unnest(c.conkey, c.confkey) as k(src_col, dst_col)
                           join pg_attribute sa on sa.attrelid = c.conrelid and sa.attnum = k.src_col
                           join pg_attribute da on da.attrelid = c.confrelid and da.attnum = k.dst_col
                          where sa.attname = 'tenant_id' and da.attname = 'tenant_id')
                     else not (dst.relname = any($2)) end
          order by 1",
    )
    .bind(tenant_tables(admin).await)
    .bind(reference)
    .fetch_all(admin)
    .await
    .unwrap()
}

/// The first argument of every `select <function>('<table>'…` call in citus.sql.
fn tables_passed_to(function: &str) -> BTreeSet<String> {
    CITUS_SQL
        .lines()
        .filter(|line| !line.trim_start().starts_with("--"))
        .filter_map(|line| line.split_once(&format!("{function}('")))
        .filter_map(|(_, rest)| rest.split_once('\''))
        .map(|(table, _)| table.to_owned())
        .collect()
}

#[tokio::test]
async fn every_tenant_key_includes_the_tenant_and_citus_sql_distributes_every_tenant_table() {
    let db = TestDatabase::create().await;
    let admin = db.admin_pool().await;
    let tenants: BTreeSet<String> = tenant_tables(&admin).await.into_iter().collect();
    // Guards the guard: discovery finds the tables sharding matters most for.
    for expected in ["leads", "users", "audit_entries", "consent_entries"] {
        assert!(tenants.contains(expected), "{expected} not found");
    }
    let unique = unique_keys_without_tenant(&admin).await;
    assert!(
        unique.is_empty(),
        "unique keys of tenant tables without tenant_id:\n{}",
        unique.join("\n")
    );
    let reference: Vec<String> = tables_passed_to("create_reference_table")
        .into_iter()
        .collect();
    let foreign = foreign_keys_across_shards(&admin, &reference).await;
    assert!(
        foreign.is_empty(),
        "foreign keys that cross shards:\n{}",
        foreign.join("\n")
    );
    assert_eq!(
        tables_passed_to("create_distributed_table"),
        tenants,
        "db/citus.sql must distribute exactly the tenant tables"
    );
    assert!(reference.iter().all(|t| !tenants.contains(t)));
}

#[tokio::test]
async fn the_checks_catch_keys_that_leave_the_tenant_out() {
    let db = TestDatabase::create().await;
    let admin = db.admin_pool().await;
    for statement in [
        "create table bad_unique (tenant_id uuid not null, id uuid primary key, code text unique)",
        "create table bad_child (tenant_id uuid not null, lead_id uuid,
             primary key (tenant_id, lead_id), foreign key (lead_id) references bad_unique (id))",
        "create table bad_staff_link (tenant_id uuid not null, staff_id uuid references staff (id),
             primary key (tenant_id, staff_id))",
    ] {
        sqlx::query(statement).execute(&admin).await.unwrap();
    }
    let unique = unique_keys_without_tenant(&admin).await.join("\n");
    assert!(
        unique.contains("bad_unique: CREATE UNIQUE INDEX bad_unique_pkey"),
        "{unique}"
    );
    assert!(unique.contains("bad_unique_code_key"), "{unique}");
    let foreign = foreign_keys_across_shards(&admin, &["tenants".to_owned()])
        .await
        .join("\n");
    assert!(
        foreign.contains("bad_child: FOREIGN KEY (lead_id)"),
        "{foreign}"
    );
    assert!(
        foreign.contains("bad_staff_link: FOREIGN KEY (staff_id)"),
        "{foreign}"
    );
}
