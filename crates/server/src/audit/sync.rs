//! The audit trail as a synced entity, keyed by sequence number, read by those who may
//! view the trail. It is only ever appended to by the server.

use async_trait::async_trait;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;

use crate::audit;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::sync::source::{KeyKind, Loaded, Reader, RowId, SyncSource, Table, raw};

pub struct AuditSource;

#[async_trait]
impl SyncSource for AuditSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::AuditEntry
    }

    fn table(&self) -> Table {
        Table {
            name: "audit_entries",
            key: "seq",
            kind: KeyKind::Seq,
        }
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        reader.may(Permission::ViewAuditTrail)
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        audit::by_seqs(&mut auth.tx, &RowId::seqs(rows))
            .await?
            .into_iter()
            .map(|entry| Ok((RowId::Seq(entry.seq), raw(&entry)?)))
            .collect()
    }
}
