//! Commission plans, the payout engine, simulation and production reports: pure
//! functions over deals, the roster and the plans, run the same way by the server and
//! by the desktop app offline.
//!
//! The words are those of the brokerage back office (`shared/dotloop.md`, "Commission
//! words"): GCI is the brokerage's gross commission for its sides before referrals;
//! adjusted GCI is GCI less referrals paid off the top; off-the-top fees are franchise
//! or royalty fees; agent gross is the agent's split and agent net is what is left after
//! post-split fees (the 1099 basis); company dollar is the company's split plus the
//! fees it keeps.
//!
//! # How one agent's line is computed
//!
//! 1. The deal's GCI and its off-the-top referral are divided among the deal's agents
//!    by allocation %.
//! 2. Adjusted GCI = GCI share − referral share.
//! 3. Franchise fee = franchise % × adjusted GCI, limited by its annual cap.
//! 4. Splittable = adjusted GCI − franchise fee.
//! 5. The company's split at the plan rate (the deal's override, the tier the agent was
//!    in before the deal, or the flat fee), limited by what is left to the cap. On the
//!    deal that reaches the cap the split changes part-way: the company takes exactly
//!    what was left to the cap and the agent keeps the rest; later deals in the cap year
//!    pay the agent 100%.
//! 6. Agent gross = splittable − company split; a team member keeps their allocation %
//!    and the team lead gets the rest on a line of their own.
//! 7. Post-split fees in this order: a referral not paid off the top, the transaction
//!    fee, E&O; each limited by its annual cap and by what the agent has left.
//! 8. Agent net = agent gross − post-split fees.
//!
//! The cap, the tiers and the annual fee caps are all counted over the agent's cap year
//! (anniversary, 1 January or a custom day, from the plan version). What counts toward
//! the cap is the company's split; retained fees are company dollar in reports but do
//! not count, because fees are still charged after the agent caps.
//!
//! # Rounding
//!
//! Every amount computed from a percentage (each agent's share of GCI and of the
//! referral, the franchise fee, the agent's split, the team member's share, a
//! percentage fee) is rounded to the cent, half away from zero, at that step. Every
//! other amount (company split, team lead override, agent net) is the difference of two
//! amounts already in cents, so it takes whatever cent the rounding left: the company
//! gets the leftover cent of a split, the team lead that of a team allocation. When GCI
//! or a referral is divided among co-agents, the shares are rounded the same way and
//! the leftover cent goes to the first-listed agent. Inputs must be whole cents. Hence,
//! per deal and exactly:
//!
//! GCI = referral off the top + off-the-top fees + Σ agent net + Σ post-split fees +
//! company split.

pub mod book;
pub mod cap_year;
pub mod deal;
pub mod edit;
pub mod engine;
pub mod from_transactions;
mod ledger;
pub mod line;
pub mod money;
pub mod overrides;
mod payout;
pub mod plan;
pub mod reports;
pub mod simulate;

pub use book::{CommissionPlan, PlanAssignment, PlanBook};
pub use deal::{Deal, DealAgent, DealStatus, Side, SplitOverride};
pub use edit::{CommissionPlanChanges, NewCommissionPlan, NewPlanAssignment, PlanAssignmentRecord};
pub use engine::compute_payouts;
pub use line::{PayoutLine, Payouts, TraceStep};
pub use overrides::{
    CommissionOverride, CommissionOverrideChanges, NewCommissionOverride, OverrideTerms,
};
pub use plan::{CommissionInvalid, PlanTerms, PlanVersion};
