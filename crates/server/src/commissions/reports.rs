//! The reports' inputs, read from this tenant's tables (deals, roster, plans,
//! assignments and the deals' split overrides), and the caller's scope: then
//! core's `ReportInputs` computes every figure, as the desktop app does from its cache.
//!
//! The payouts are computed over every deal of the tenant whoever asks, since an
//! agent's cap and tiers count all of their deals; an agent's scope then keeps only the
//! lines that pay them (core's `restrict_to_agent`).

use brokerdesk_core::commissions::reports::run::{ReportInputs, ReportScope};
use brokerdesk_core::permission::Permission;
use chrono::NaiveDate;

use super::{PlanReaders, assignments, overrides, plans};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::roster;
use crate::settings::load_settings;
use crate::transactions::store;

/// Everything the tenant's reports are computed from as of `today`, and whose lines
/// the caller sees: everyone's with `ViewAllCommissionReports` (owners, admins, and
/// viewers: a bookkeeper who prepares 1099s and pays agents reads every figure but
/// changes none), else their linked roster agent's. Refuses those without
/// `ViewCommissionReports`.
pub async fn load_scoped(
    auth: &mut Authenticated,
    today: NaiveDate,
) -> Result<(ReportInputs, ReportScope), ApiError> {
    auth.require(Permission::ViewCommissionReports)?;
    let sees_all = auth.require(Permission::ViewAllCommissionReports).is_ok();
    let user = auth.user.id;
    let tx = &mut auth.tx;
    let deals = store::all(tx).await?;
    let roster = roster::agents(tx, None).await?;
    let plans = plans(tx, None, &PlanReaders::All).await?;
    let assignments = assignments::assignments(tx, None, &PlanReaders::All).await?;
    let overrides = overrides::overrides(tx, None, None, &PlanReaders::All).await?;
    let mapping = load_settings(tx).await?.transaction_status_groups;
    let scope = ReportScope::for_member(sees_all, user, &roster);
    let inputs = ReportInputs::new(
        &deals,
        roster,
        plans,
        &assignments,
        &overrides,
        &mapping,
        today,
    )?;
    Ok((inputs, scope))
}
