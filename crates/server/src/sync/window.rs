//! The window of the change stream a pull page reads from, and the SQL that selects a
//! table's rows in it, in cursor order.

use brokerdesk_core::sync::{Cursor, SyncEntity};
use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;
use uuid::Uuid;

use super::rows::{KeyKind, RowId, RowKey, Table};
use crate::auth::Authenticated;
use crate::error::ApiError;

/// The part of the change stream one page may come from: after the cursor, up to the
/// tenant clock read at the page's start.
pub struct Window {
    pub(super) after: Cursor,
    pub(super) clock: i64,
}

/// Where a table's rows at the cursor's version start, in the table's own key type, so
/// the condition is a row comparison an index on (tenant_id, version, key) can range-scan.
#[derive(Clone, Copy)]
enum Floor {
    Uuid(Uuid),
    Seq(i64),
}

impl Window {
    /// Rows of `entity` at the cursor's version count only when their key is above the
    /// floor. Entities sorting before the cursor's entity have nothing left at that
    /// version (the floor is above every key); those after it have everything.
    fn floor(&self, entity: SyncEntity, kind: KeyKind) -> Result<Floor, ApiError> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let unreadable = || {
            ApiError::validation(
                "invalid_cursor",
                "The sync cursor is not one this server gave.",
            )
        };
        let ordering = entity.as_str().cmp(self.after.entity.as_str());
        Ok(match kind {
            KeyKind::Seq => Floor::Seq(match ordering {
                Greater => 0,
                Equal => self.after.id.parse().map_err(|_| unreadable())?,
                Less => i64::MAX,
            }),
            KeyKind::Uuid => Floor::Uuid(match ordering {
                Greater => Uuid::nil(),
                Equal => self.after.id.parse().map_err(|_| unreadable())?,
                Less => Uuid::max(),
            }),
        })
    }

    /// The SQL condition of the window for a table (aliased `alias`, or "" for none)
    /// keyed by `key`. Binds: $1 tenant, $2 clock, $3 cursor version, $4 the key's floor
    /// (see [`Window::bind`]). Keys order as their text does in the merged page.
    pub fn condition(alias: &str, key: &str) -> String {
        Self::condition_with_floor(alias, key, 4)
    }

    /// [`Window::condition`] with the key's floor bound to `$floor`.
    fn condition_with_floor(alias: &str, key: &str, floor: usize) -> String {
        format!(
            "{alias}tenant_id = $1 and {alias}version <= $2 and ({alias}version, {key}) > ($3, ${floor})"
        )
    }

    /// Binds $1 to $4 of [`Window::condition`] for `entity`'s rows.
    pub fn bind<'q, O>(
        &self,
        query: QueryAs<'q, Postgres, O, PgArguments>,
        auth: &Authenticated,
        entity: SyncEntity,
        kind: KeyKind,
    ) -> Result<QueryAs<'q, Postgres, O, PgArguments>, ApiError> {
        let query = query
            .bind(auth.tx.tenant_id().as_uuid())
            .bind(self.clock)
            .bind(self.after.version);
        Ok(match self.floor(entity, kind)? {
            Floor::Uuid(id) => query.bind(id),
            Floor::Seq(seq) => query.bind(seq),
        })
    }

    /// At most `fetch` keys of each table's rows in the window, in cursor order, all
    /// visible: the keys of the tables whose rows everyone who reads the entity may
    /// read. One statement for all of them (a `union all` of each table's range scan):
    /// a pull reads from about twenty tables, and a statement each cost more than the
    /// scans, which find nothing in most tables most of the time.
    pub async fn tables_keys(
        &self,
        auth: &mut Authenticated,
        tables: &[(SyncEntity, Table)],
        fetch: i64,
    ) -> Result<Vec<RowKey>, ApiError> {
        if tables.is_empty() {
            return Ok(Vec::new());
        }
        // Binds: $1 tenant, $2 clock, $3 cursor version, $4 `fetch`, then each table's
        // key floor.
        let arms: Vec<String> = tables
            .iter()
            .enumerate()
            .map(|(arm, (_, table))| {
                let (uuid, seq) = match table.kind {
                    KeyKind::Uuid => (table.key, "null::int8"),
                    KeyKind::Seq => ("null::uuid", table.key),
                };
                format!(
                    "(select {arm}::int4, version, {uuid}, {seq} from {name} where {}
                       order by version, {key} limit $4)",
                    Self::condition_with_floor("", table.key, arm + 5),
                    name = table.name,
                    key = table.key,
                )
            })
            .collect();
        let sql = arms.join(" union all ");
        let mut query = sqlx::query_as(&sql)
            .bind(auth.tx.tenant_id().as_uuid())
            .bind(self.clock)
            .bind(self.after.version)
            .bind(fetch);
        for (entity, table) in tables {
            query = match self.floor(*entity, table.kind)? {
                Floor::Uuid(id) => query.bind(id),
                Floor::Seq(seq) => query.bind(seq),
            };
        }
        let rows: Vec<(i32, i64, Option<Uuid>, Option<i64>)> =
            query.fetch_all(auth.tx.conn()).await?;
        rows.into_iter()
            .map(|(arm, version, uuid, seq)| {
                let entity = usize::try_from(arm)
                    .ok()
                    .and_then(|arm| tables.get(arm))
                    .map(|(entity, _)| *entity);
                let row = match (uuid, seq) {
                    (Some(id), _) => Some(RowId::Uuid(id)),
                    (None, Some(seq)) => Some(RowId::Seq(seq)),
                    (None, None) => None,
                };
                match (entity, row) {
                    (Some(entity), Some(row)) => Ok(RowKey {
                        version,
                        entity,
                        row,
                        visible: true,
                    }),
                    _ => Err(ApiError::Internal(anyhow::anyhow!(
                        "a key of the pull's window came back without its table or key"
                    ))),
                }
            })
            .collect()
    }

    /// How many of `table`'s rows are in the window.
    pub async fn count(
        &self,
        auth: &mut Authenticated,
        entity: SyncEntity,
        table: &Table,
    ) -> Result<i64, ApiError> {
        let sql = format!(
            "select count(*) from {} where {}",
            table.name,
            Window::condition("", table.key)
        );
        let query = self.bind(sqlx::query_as(&sql), auth, entity, table.kind)?;
        let (n,): (i64,) = query.fetch_one(auth.tx.conn()).await?;
        Ok(n)
    }
}
