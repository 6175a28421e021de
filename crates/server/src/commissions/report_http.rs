//! The commission reports' routes. Each reads the tenant's deals, roster and plans
//! (`reports::load_scoped`) and runs core's `ReportInputs` in the caller's scope: every
//! agent for owners, admins and viewers, one's own lines for an agent.

use axum::Json;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::cap_progress::CapProgress;
use brokerdesk_core::commissions::reports::csv::production_csv;
use brokerdesk_core::commissions::reports::production::{DateBasis, GroupBy, ProductionQuery};
use brokerdesk_core::commissions::reports::run::{
    Compare, ProductionAnswer, ProductionRequest, ReportScope, Statement,
};
use brokerdesk_core::commissions::reports::tax1099::Form1099Total;
use brokerdesk_core::commissions::simulate::{Simulation, SimulationRequest};
use brokerdesk_core::ids::{CommissionPlanId, RosterAgentId};
use brokerdesk_core::permission::Permission;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::reports::load_scoped;
use super::{PlanReaders, plans};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(production_report))
        .routes(routes!(export_production))
        .routes(routes!(cap_progress_report))
        .routes(routes!(tax_1099_report))
        .routes(routes!(statement_report))
        .routes(routes!(simulate_plan))
}

/// What a production report compares with, on the query string.
#[derive(Clone, Copy, Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum CompareParam {
    PreviousYear,
    WrittenVsClosed,
}

#[derive(Clone, Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct ProductionParams {
    /// The period's first day.
    pub from: NaiveDate,
    /// The period's last day (included).
    pub to: NaiveDate,
    /// `agent` (default), `team`, `office`, `month` or `year`.
    #[param(value_type = Option<String>)]
    pub group_by: Option<GroupBy>,
    /// `closed` (by closing date, the default) or `written` (by contract date).
    #[param(value_type = Option<String>)]
    pub basis: Option<DateBasis>,
    /// `previousYear` or `writtenVsClosed`.
    #[param(value_type = Option<String>)]
    pub compare: Option<CompareParam>,
    /// With `compare=previousYear`: apply this plan's version to both years.
    pub same_plan: Option<Uuid>,
    /// The version (its effective date) of `samePlan` to apply.
    pub same_plan_version: Option<NaiveDate>,
    /// The day the report is as of (which archived loops have closed); today by default.
    pub as_of: Option<NaiveDate>,
}

fn invalid(message: &str) -> ApiError {
    ApiError::validation("invalid_report_query", message)
}

fn period(from: NaiveDate, to: NaiveDate) -> Result<Period, ApiError> {
    if from > to {
        return Err(invalid(
            "The period's first day (from) is after its last day (to).",
        ));
    }
    Ok(Period { from, to })
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

impl ProductionParams {
    fn request(&self) -> Result<ProductionRequest, ApiError> {
        let compare = match (self.compare, self.same_plan, self.same_plan_version) {
            (_, Some(_), None) | (_, None, Some(_)) => {
                return Err(invalid("samePlan and samePlanVersion go together."));
            }
            (Some(CompareParam::PreviousYear), Some(plan), Some(version_from)) => {
                Some(Compare::PreviousYearSamePlan {
                    plan: CommissionPlanId::from_uuid(plan),
                    version_from,
                })
            }
            (_, Some(_), Some(_)) => {
                return Err(invalid("samePlan applies to compare=previousYear only."));
            }
            (Some(CompareParam::PreviousYear), None, None) => Some(Compare::PreviousYear),
            (Some(CompareParam::WrittenVsClosed), None, None) => Some(Compare::WrittenVsClosed),
            (None, None, None) => None,
        };
        Ok(ProductionRequest {
            query: ProductionQuery {
                period: period(self.from, self.to)?,
                group_by: self.group_by.unwrap_or(GroupBy::Agent),
                basis: self.basis.unwrap_or(DateBasis::Closed),
            },
            compare,
        })
    }
}

/// The production report in the caller's scope. A same-plan comparison re-pays the
/// caller's own deals under that plan, which would show its terms: an agent may name
/// only a plan they can read.
async fn production(
    auth: &mut Authenticated,
    params: &ProductionParams,
) -> Result<ProductionAnswer, ApiError> {
    let request = params.request()?;
    let (inputs, scope) = load_scoped(auth, params.as_of.unwrap_or_else(today)).await?;
    if let Some(Compare::PreviousYearSamePlan { plan, .. }) = request.compare
        && scope != ReportScope::Everyone
    {
        let readers = PlanReaders::of_caller(auth).await?;
        if plans(&mut auth.tx, Some(&[plan.as_uuid()]), &readers)
            .await?
            .is_empty()
        {
            return Err(super::no_such_plan());
        }
    }
    Ok(inputs.production(scope, &request)?)
}

/// Production for a period: GCI, adjusted GCI, agent gross and net, company dollar,
/// volume, sides, averages, days to close and the pending pipeline, grouped by agent,
/// team, office, month or year, optionally against the previous year (under the plans
/// of the time, or one plan for both) or written against closed.
#[utoipa::path(
    get, path = "/v1/reports/production", tag = "reports", params(ProductionParams),
    responses(
        (status = 200, body = ProductionAnswer),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, description = "samePlan names no plan the caller may read", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn production_report(
    mut auth: Authenticated,
    Query(params): Query<ProductionParams>,
) -> Result<Json<ProductionAnswer>, ApiError> {
    Ok(Json(production(&mut auth, &params).await?))
}

/// The production report as CSV (cells that would run as a formula are neutralised).
/// The export is recorded in the audit trail in the transaction that computed it.
#[utoipa::path(
    get, path = "/v1/reports/production/export", tag = "reports", params(ProductionParams),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn export_production(
    mut auth: Authenticated,
    Query(params): Query<ProductionParams>,
) -> Result<Response, ApiError> {
    let answer = production(&mut auth, &params).await?;
    let csv = production_csv(&answer.report);
    auth.audit(
        "commission.production_exported",
        None,
        json!({
            "format": "csv",
            "rows": answer.report.rows.len(),
            "from": params.from,
            "to": params.to,
            "groupBy": answer.report.query.group_by,
        }),
    )
    .await?;
    auth.tx.commit().await?;
    let filename = format!("production-{}-{}.csv", params.from, params.to);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        csv,
    )
        .into_response())
}

#[derive(Clone, Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct AsOfParams {
    /// Today by default.
    pub as_of: Option<NaiveDate>,
}

/// Each capped plan's agent in scope: the cap year, what counts so far, what is left,
/// and the day the pending deals would reach the cap.
#[utoipa::path(
    get, path = "/v1/reports/cap-progress", tag = "reports", params(AsOfParams),
    responses((status = 200, body = Vec<CapProgress>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn cap_progress_report(
    mut auth: Authenticated,
    Query(params): Query<AsOfParams>,
) -> Result<Json<Vec<CapProgress>>, ApiError> {
    let as_of = params.as_of.unwrap_or_else(today);
    let (inputs, scope) = load_scoped(&mut auth, as_of).await?;
    Ok(Json(inputs.cap_progress(scope, as_of)))
}

#[derive(Clone, Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct TaxYearParams {
    pub year: i32,
    pub as_of: Option<NaiveDate>,
}

/// 1099 totals per agent for a tax year: agent net by paid date, beside agent net by
/// closing date.
#[utoipa::path(
    get, path = "/v1/reports/tax-1099", tag = "reports", params(TaxYearParams),
    responses((status = 200, body = Vec<Form1099Total>), (status = 403, body = brokerdesk_core::error::ErrorBody), (status = 422, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn tax_1099_report(
    mut auth: Authenticated,
    Query(params): Query<TaxYearParams>,
) -> Result<Json<Vec<Form1099Total>>, ApiError> {
    if !(1900..=9999).contains(&params.year) {
        return Err(invalid("The tax year must be a year such as 2026."));
    }
    let (inputs, scope) = load_scoped(&mut auth, params.as_of.unwrap_or_else(today)).await?;
    Ok(Json(inputs.tax_1099(scope, params.year)))
}

#[derive(Clone, Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct StatementParams {
    /// The roster agent.
    pub agent: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub as_of: Option<NaiveDate>,
}

/// One agent's closed deals in a period, each payout line with its trace. An agent may
/// read only their own; another agent's is "not found".
#[utoipa::path(
    get, path = "/v1/reports/statement", tag = "reports", params(StatementParams),
    responses(
        (status = 200, body = Statement),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn statement_report(
    mut auth: Authenticated,
    Query(params): Query<StatementParams>,
) -> Result<Json<Statement>, ApiError> {
    let period = period(params.from, params.to)?;
    let (inputs, scope) = load_scoped(&mut auth, params.as_of.unwrap_or_else(today)).await?;
    inputs
        .statement(scope, RosterAgentId::from_uuid(params.agent), period)
        .map(Json)
        .ok_or_else(|| ApiError::NotFound("No such agent on this brokerage's roster.".into()))
}

/// What a period would have paid the named agents under one plan version, beside what
/// it did pay. For those who manage plans.
#[utoipa::path(
    post, path = "/v1/reports/simulate", tag = "reports", request_body = SimulationRequest,
    responses(
        (status = 200, body = Simulation),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn simulate_plan(
    mut auth: Authenticated,
    Json(request): Json<SimulationRequest>,
) -> Result<Json<Simulation>, ApiError> {
    auth.require(Permission::ManageCommissionPlans)?;
    period(request.period.from, request.period.to)?;
    let (inputs, _) = load_scoped(&mut auth, today()).await?;
    Ok(Json(inputs.simulate(&request)?))
}
