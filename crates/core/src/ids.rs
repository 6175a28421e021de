//! Identifier newtypes, so a tenant id can never be passed where a user id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;
use uuid::Uuid;

macro_rules! id_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        // Serialised as the bare UUID string; serde impls are written out below because
        // ts-rs cannot read `#[serde(transparent)]`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        #[ts(type = "string")]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered id (UUIDv7), which keeps b-tree inserts local.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub const fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Uuid::deserialize(deserializer).map(Self)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_newtype!(
    /// A brokerage on the platform.
    TenantId
);
id_newtype!(
    /// A person who signs in to one tenant.
    UserId
);
id_newtype!(
    /// A tenant API key (the record, never the secret).
    ApiKeyId
);
id_newtype!(
    /// A prospective client of the brokerage.
    LeadId
);
id_newtype!(
    /// A commission-earning agent on the brokerage's roster (who may or may not sign in).
    RosterAgentId
);
id_newtype!(
    /// A knowledge-base item: a document, a Q&A pair or a web page.
    KbItemId
);
id_newtype!(
    /// One immutable published version of a knowledge-base item.
    KbVersionId
);
id_newtype!(
    /// A deal: one Dotloop loop, or a transaction entered by hand.
    TransactionId
);

impl TransactionId {
    /// The id of the deal for a Dotloop loop view in a tenant: the same on the server
    /// and on every device, so a loop imported twice (a file applied again, or the same
    /// export imported offline on two devices) names one deal, never two.
    pub fn for_loop_view(tenant: TenantId, loop_view_id: &str) -> Self {
        Self(Uuid::new_v5(&tenant.as_uuid(), loop_view_id.as_bytes()))
    }
}
id_newtype!(
    /// A commission plan, whose effective-dated versions are assigned to roster agents.
    CommissionPlanId
);
id_newtype!(
    /// One stored assignment of a roster agent to a commission plan from a date.
    PlanAssignmentId
);
id_newtype!(
    /// A split agreed for one agent on one deal, replacing their plan's split there.
    CommissionOverrideId
);
id_newtype!(
    /// A request in the privacy-request register (access, deletion, correction).
    PrivacyRequestId
);
id_newtype!(
    /// A legal hold on a lead or a transaction, which stops every purge of it.
    LegalHoldId
);
id_newtype!(
    /// A tenant export job and the ZIP file it writes.
    ExportId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_json() {
        let id = TenantId::new();
        assert_eq!(id.to_string().parse::<TenantId>().unwrap(), id);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{id}\""));
        assert_eq!(serde_json::from_str::<TenantId>(&json).unwrap(), id);
    }

    #[test]
    fn new_ids_are_distinct_and_time_ordered() {
        let first = UserId::new();
        let second = UserId::new();
        assert_ne!(first, second);
        assert!(first < second, "UUIDv7 ids sort by creation time");
    }

    #[test]
    fn malformed_id_is_rejected() {
        assert!("not-a-uuid".parse::<TenantId>().is_err());
    }

    #[test]
    fn a_loop_view_names_one_deal_per_tenant() {
        let (acme, other) = (TenantId::new(), TenantId::new());
        let deal = TransactionId::for_loop_view(acme, "345678");
        assert_eq!(deal, TransactionId::for_loop_view(acme, "345678"));
        assert_ne!(deal, TransactionId::for_loop_view(acme, "345679"));
        assert_ne!(deal, TransactionId::for_loop_view(other, "345678"));
    }
}
