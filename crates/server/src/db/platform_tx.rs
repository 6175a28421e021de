//! The platform-scoped transaction: registry work that is not inside one tenant, such as
//! registering a tenant or staff listing tenants. It can see the `tenants` registry,
//! but no tenant-owned table, because those policies only ever match `app.tenant_id`.

use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use super::tenant_tx::{TenantScope, TenantTx};

pub struct PlatformTx {
    tx: Transaction<'static, Postgres>,
}

impl PlatformTx {
    pub(super) async fn begin(pool: &PgPool, actor: &str) -> Result<Self, sqlx::Error> {
        let mut tx = super::cancel_safety::begin(pool).await?;
        sqlx::query(
            "select set_config('app.platform', 'on', true), set_config('app.actor', $1, true)",
        )
        .bind(actor)
        .execute(&mut *tx)
        .await?;
        Ok(Self { tx })
    }

    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    /// Turns the rest of this transaction into a tenant-scoped one, dropping platform
    /// scope: registering a tenant creates its first rows in the same transaction as its
    /// registry row, so a tenant never exists half-made.
    pub async fn into_tenant(mut self, scope: TenantScope) -> Result<TenantTx, sqlx::Error> {
        sqlx::query("select set_config('app.platform', '', true)")
            .execute(&mut *self.tx)
            .await?;
        TenantTx::scope(self.tx, scope).await
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}
