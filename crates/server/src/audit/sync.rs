//! The audit trail as a synced entity, keyed by sequence number, read by those who may
//! view the trail. It is only ever appended to by the server; the one thing a device
//! pushes into it is an event it recorded offline (a report exported from its cache),
//! which the server writes as its own entry for the pushing member.

use async_trait::async_trait;
use brokerdesk_core::commissions::reports::exported::{OFFLINE_EXPORT_ACTION, OfflineExport};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};

use crate::audit;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::sync::merge::WriteOrigin;
use crate::sync::source::{
    KeyKind, Loaded, Reader, RowId, SyncSource, Table, applied, mutation_changes, raw, unsupported,
};

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

    /// An offline export's entry, from a member who may see reports (as an export
    /// through the server requires). Its content is the whole of `OfflineExport`, so
    /// nothing else reaches the trail this way; the actor is the pushing member.
    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        _origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        if mutation.op != MutationOp::Create {
            return Err(unsupported(
                mutation,
                "An audit entry",
                "the trail is only appended to.",
            ));
        }
        auth.require(Permission::ViewCommissionReports)?;
        let export: OfflineExport =
            mutation_changes(mutation, "invalid_audit_event", "offline export")?;
        let details = serde_json::to_value(&export).map_err(anyhow::Error::from)?;
        auth.audit(OFFLINE_EXPORT_ACTION, None, details).await?;
        Ok(applied(auth.tx.next_version().await?))
    }
}
