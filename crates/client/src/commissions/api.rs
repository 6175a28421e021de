//! The commission routes the desktop calls on the hosted API: the plan simulation, run
//! on the server's full data when it answers (offline, the cache's copy runs it).

use brokerdesk_core::commissions::simulate::{Simulation, SimulationRequest};
use reqwest::Method;

use crate::api::{ApiError, Authorised};

impl Authorised<'_> {
    pub async fn simulate_plan(&self, request: &SimulationRequest) -> Result<Simulation, ApiError> {
        self.call(Method::POST, "v1/reports/simulate", request)
            .await
    }
}
