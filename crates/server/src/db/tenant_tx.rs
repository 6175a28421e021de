//! The tenant-scoped transaction: the only way request code reaches tenant data.

use brokerdesk_core::ids::TenantId;
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

/// Who is acting, in which tenant. Built from an authenticated request.
#[derive(Clone, Debug)]
pub struct TenantScope {
    pub tenant_id: TenantId,
    /// Recorded on the transaction for triggers and the audit trail, e.g. `user:<id>`.
    pub actor: String,
}

/// A transaction in which `app.tenant_id` is set, so row-level security shows and
/// accepts that tenant's rows only. Queries should still filter by
/// [`TenantTx::tenant_id`]: the two layers guard each other. Dropping it without
/// [`TenantTx::commit`] rolls back.
pub struct TenantTx {
    tx: Transaction<'static, Postgres>,
    scope: TenantScope,
    /// The clock value this transaction took, once it has taken one.
    version: Option<i64>,
}

impl TenantTx {
    /// Begins with the tenant's settings in the same round trip as `BEGIN`: every
    /// request opens one of these, and a round trip of its own for the settings was
    /// about a tenth of the statements PostgreSQL ran under load. `BEGIN` goes as a
    /// simple query, which takes no parameters, so the values go as literals.
    pub(super) async fn begin(pool: &PgPool, scope: TenantScope) -> Result<Self, sqlx::Error> {
        let begin = format!(
            "BEGIN; SELECT set_config('app.tenant_id', {}, true), set_config('app.actor', {}, true)",
            literal(&scope.tenant_id.to_string())?,
            literal(&scope.actor)?,
        );
        let tx = super::cancel_safety::begin_with(pool, Some(begin)).await?;
        Ok(Self {
            tx,
            scope,
            version: None,
        })
    }

    /// Scopes an open transaction to one tenant, for all the statements still to come.
    pub(super) async fn scope(
        mut tx: Transaction<'static, Postgres>,
        scope: TenantScope,
    ) -> Result<Self, sqlx::Error> {
        // `true` makes both settings transaction-local: they vanish at commit or
        // rollback, so a pooled connection never carries one tenant into the next.
        sqlx::query(
            "select set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true)",
        )
        .bind(scope.tenant_id.to_string())
        .bind(&scope.actor)
        .execute(&mut *tx)
        .await?;
        Ok(Self {
            tx,
            scope,
            version: None,
        })
    }

    /// Names the actor once it is known, for an extractor that must read the tenant's
    /// rows to find out who is calling (an API key is looked up by its hash).
    pub async fn set_actor(&mut self, actor: String) -> Result<(), sqlx::Error> {
        sqlx::query("select set_config('app.actor', $1, true)")
            .bind(&actor)
            .execute(&mut *self.tx)
            .await?;
        self.scope.actor = actor;
        Ok(())
    }

    pub fn tenant_id(&self) -> TenantId {
        self.scope.tenant_id
    }

    /// The connection to run this tenant's queries on.
    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    /// Advances the tenant's clock and returns the version every row written in this
    /// transaction carries. The row lock it takes orders the tenant's writers, so
    /// version order is commit order. The clock moves once per transaction: later calls
    /// return the same version, so every row of one commit carries one version and a
    /// pull cursor can never stop between two rows of different versions of one commit.
    pub async fn next_version(&mut self) -> Result<i64, sqlx::Error> {
        if let Some(version) = self.version {
            return Ok(version);
        }
        let version = sqlx::query_scalar(
            "update tenant_clock set version = version + 1 where tenant_id = $1 returning version",
        )
        .bind(self.scope.tenant_id.as_uuid())
        .fetch_one(&mut *self.tx)
        .await?;
        self.version = Some(version);
        Ok(version)
    }

    /// Records that `entity` row `id` was deleted at `version`, so every device's cache
    /// drops it on its next pull. Carries no personal data by construction.
    pub async fn record_tombstone(
        &mut self,
        entity: &str,
        id: uuid::Uuid,
        version: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "insert into sync_tombstones (tenant_id, entity, id, version) values ($1, $2, $3, $4)
             on conflict (tenant_id, entity, id) do update set version = excluded.version, deleted_at = now()",
        )
        .bind(self.scope.tenant_id.as_uuid())
        .bind(entity)
        .bind(id)
        .bind(version)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

/// `text` as a PostgreSQL escape string literal (`E'…'`): backslashes doubled, so the
/// literal holds the text as written whatever `standard_conforming_strings` says, and
/// quotes doubled (not backslashed, which `backslash_quote` may refuse). A NUL, which
/// no PostgreSQL text can hold, is refused.
fn literal(text: &str) -> Result<String, sqlx::Error> {
    if text.contains('\0') {
        return Err(sqlx::Error::Encode("a setting cannot hold a NUL".into()));
    }
    Ok(format!(
        "E'{}'",
        text.replace('\\', "\\\\").replace('\'', "''")
    ))
}

#[cfg(test)]
mod tests {
    use super::literal;

    #[test]
    fn a_literal_escapes_quotes_and_backslashes_and_refuses_nul() {
        assert_eq!(literal("user:1").unwrap(), "E'user:1'");
        assert_eq!(literal(r"o'brien\x").unwrap(), r"E'o''brien\\x'");
        assert!(literal("a\0b").is_err());
    }
}
