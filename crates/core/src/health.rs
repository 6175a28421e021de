//! The readiness report served at `/healthz`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComponentState {
    Ok,
    Unavailable,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HealthReport {
    /// `ok` only when every component the API needs is ready.
    pub status: ComponentState,
    pub database: ComponentState,
    /// The server's build version.
    pub version: String,
    /// The protocol version the server speaks.
    pub protocol_version: u32,
}

impl HealthReport {
    pub fn new(database: ComponentState, version: impl Into<String>) -> Self {
        Self {
            status: database,
            database,
            version: version.into(),
            protocol_version: crate::protocol::PROTOCOL_VERSION,
        }
    }

    pub fn is_ready(&self) -> bool {
        self.status == ComponentState::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_is_ready_only_when_database_is() {
        assert!(HealthReport::new(ComponentState::Ok, "1").is_ready());
        assert!(!HealthReport::new(ComponentState::Unavailable, "1").is_ready());
    }

    #[test]
    fn wire_format_is_camel_case_with_snake_case_states() {
        let json =
            serde_json::to_value(HealthReport::new(ComponentState::Unavailable, "0.1.0")).unwrap();
        assert_eq!(json["status"], "unavailable");
        assert_eq!(json["protocolVersion"], 1);
    }
}
