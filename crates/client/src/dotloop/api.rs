//! Dotloop's routes on the hosted API (owners and admins: `ManageDotloop`).

use brokerdesk_core::transactions::dotloop_status::{
    ConnectStart, Disconnected, DotloopStatus, SyncStarted,
};
use reqwest::Method;

use crate::api::{ApiError, Authorised};

impl Authorised<'_> {
    pub async fn dotloop_status(&self) -> Result<DotloopStatus, ApiError> {
        self.get("v1/dotloop").await
    }

    /// The authorize URL to open in the system browser; it works once, for 10 minutes.
    pub async fn start_dotloop_connect(&self) -> Result<ConnectStart, ApiError> {
        self.post("v1/dotloop/connect").await
    }

    /// "Sync now": the run starts on the server; its progress shows in the status.
    pub async fn sync_dotloop(&self) -> Result<SyncStarted, ApiError> {
        self.post("v1/dotloop/sync").await
    }

    pub async fn disconnect_dotloop(&self) -> Result<Disconnected, ApiError> {
        let request = self.request(Method::DELETE, "v1/dotloop")?;
        self.client.send(request, &[]).await
    }
}
