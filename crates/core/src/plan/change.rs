//! An owner changing the tenant's own plan. An upgrade applies at once. A downgrade
//! that what the tenant holds does not fit is refused with everything that is over the
//! new plan and what to remove, so the owner can act on the list and try again.
//!
//! Payment is out of scope: the plan is what the platform enforces, not what it bills.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Limit, Plan, PlanTier, count, gigabytes, plural};

/// What the tenant holds now of what a plan limits, counted by the server inside the
/// change's transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Footprint {
    /// Seats: active members and pending invitations, as the user limit counts them.
    pub users: u64,
    pub leads: u64,
    pub storage_bytes: u64,
    pub transactions: u64,
    /// The custom domain claimed, if any.
    pub custom_domain: Option<String>,
    /// Whether the branding differs from the default colours and logo.
    pub custom_branding: bool,
    /// API keys not revoked.
    pub active_api_keys: u64,
}

/// One thing the tenant holds over what a plan allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExcessKind {
    Users,
    Leads,
    Storage,
    Transactions,
    CustomDomain,
    CustomBranding,
    ApiKeys,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanExcess {
    pub kind: ExcessKind,
    /// In the limit's units (a count, or bytes); 1 for a feature in use.
    #[ts(type = "number")]
    pub in_use: u64,
    /// What the plan allows; 0 for a feature it does not include.
    #[ts(type = "number")]
    pub allowed: u64,
    /// What is over and what to remove, in words.
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanDirection {
    Current,
    Upgrade,
    Downgrade,
}

/// A plan the owner could move to, as the Plan & usage page offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanOption {
    pub plan: Plan,
    pub direction: PlanDirection,
    /// Empty when the tenant fits the plan; a change to it is then accepted.
    pub excess: Vec<PlanExcess>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangePlanRequest {
    pub plan: PlanTier,
}

/// Plans are ordered cheapest first, so moving to a later one is an upgrade.
pub fn direction(from: PlanTier, to: PlanTier) -> PlanDirection {
    let rank = |tier| PlanTier::ALL.iter().position(|t| *t == tier);
    match rank(to).cmp(&rank(from)) {
        std::cmp::Ordering::Equal => PlanDirection::Current,
        std::cmp::Ordering::Greater => PlanDirection::Upgrade,
        std::cmp::Ordering::Less => PlanDirection::Downgrade,
    }
}

/// Everything `footprint` holds over `target`, in the order the page lists it.
pub fn excess(target: &Plan, footprint: &Footprint) -> Vec<PlanExcess> {
    let name = target.name.as_str();
    let mut over: Vec<PlanExcess> = [
        ExcessKind::Users,
        ExcessKind::Leads,
        ExcessKind::Storage,
        ExcessKind::Transactions,
    ]
    .into_iter()
    .filter_map(|kind| counted(kind, target, footprint))
    .collect();
    let features = target.features;
    if let Some(domain) = footprint.custom_domain.as_deref()
        && !features.custom_domain
    {
        over.push(feature(
            ExcessKind::CustomDomain,
            1,
            format!("{name} has no custom domain. Remove {domain} in Settings."),
        ));
    }
    if footprint.custom_branding && !features.custom_branding {
        over.push(feature(
            ExcessKind::CustomBranding,
            1,
            format!(
                "{name} has no custom branding. Reset the colours and logo to the defaults in Settings."
            ),
        ));
    }
    if footprint.active_api_keys > 0 && !features.api_access {
        over.push(feature(
            ExcessKind::ApiKeys,
            footprint.active_api_keys,
            format!(
                "{name} has no API access, so the chatbot and AI calling would stop. Revoke {}.",
                plural(footprint.active_api_keys, "API key", "API keys"),
            ),
        ));
    }
    over
}

/// A limited resource the tenant holds more of than `target` allows.
fn counted(kind: ExcessKind, target: &Plan, footprint: &Footprint) -> Option<PlanExcess> {
    let limits = &target.limits;
    let (in_use, limit) = match kind {
        ExcessKind::Users => (footprint.users, limits.users),
        ExcessKind::Leads => (footprint.leads, limits.leads),
        ExcessKind::Storage => (footprint.storage_bytes, limits.storage_bytes),
        ExcessKind::Transactions => (footprint.transactions, limits.transactions),
        ExcessKind::CustomDomain | ExcessKind::CustomBranding | ExcessKind::ApiKeys => {
            return None;
        }
    };
    let Limit::AtMost(allowed) = limit else {
        return None;
    };
    (in_use > allowed).then(|| PlanExcess {
        kind,
        in_use,
        allowed,
        message: remedy(kind, &target.name, allowed, in_use),
    })
}

/// What is over and what to remove, in the units the pricing page uses.
fn remedy(kind: ExcessKind, name: &str, allowed: u64, in_use: u64) -> String {
    let over = in_use - allowed;
    let counts = |one, many| {
        let allows = plural(allowed, one, many);
        (allows, count(in_use), plural(over, one, many))
    };
    match kind {
        ExcessKind::Users => {
            let (allows, have, _) = counts("user", "users");
            let members = plural(over, "member", "members");
            format!(
                "{name} allows {allows}; you have {have}. Deactivate {members} or withdraw pending invitations."
            )
        }
        ExcessKind::Leads => {
            let (allows, have, remove) = counts("lead", "leads");
            format!("{name} allows {allows}; you have {have}. Erase {remove}.")
        }
        ExcessKind::Transactions => {
            let (allows, have, remove) = counts("transaction", "transactions");
            format!("{name} allows {allows}; you have {have}. Delete {remove}.")
        }
        _ => format!(
            "{name} allows {} of storage; you use {}. Delete {} of knowledge-base files.",
            gigabytes(allowed),
            gigabytes(in_use),
            gigabytes(over),
        ),
    }
}

fn feature(kind: ExcessKind, in_use: u64, message: String) -> PlanExcess {
    PlanExcess {
        kind,
        in_use,
        allowed: 0,
        message,
    }
}

/// Every plan, with whether moving to it is an upgrade and what would be over.
pub fn options(current: PlanTier, footprint: &Footprint) -> Vec<PlanOption> {
    PlanTier::ALL
        .into_iter()
        .map(|tier| {
            let plan = tier.plan();
            PlanOption {
                direction: direction(current, tier),
                excess: excess(&plan, footprint),
                plan,
            }
        })
        .collect()
}

/// The refusal of a downgrade, one sentence per thing over the plan.
pub fn refusal_message(target: &Plan, over: &[PlanExcess]) -> String {
    let lines: Vec<&str> = over.iter().map(|e| e.message.as_str()).collect();
    format!("You can't move to {} yet: {}", target.name, lines.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed_of(limit: Limit) -> u64 {
        match limit {
            Limit::AtMost(max) => max,
            Limit::Unlimited => u64::MAX,
        }
    }

    fn busy_starter() -> Footprint {
        Footprint {
            users: 3,
            leads: 640,
            storage_bytes: 2_500_000_000,
            transactions: 1_200,
            custom_domain: Some("homes.example.com".into()),
            custom_branding: true,
            active_api_keys: 2,
        }
    }

    #[test]
    fn a_downgrade_lists_every_excess_with_what_to_remove() {
        let over = excess(&PlanTier::Free.plan(), &busy_starter());
        let kinds: Vec<ExcessKind> = over.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                ExcessKind::Users,
                ExcessKind::Leads,
                ExcessKind::Storage,
                ExcessKind::Transactions,
                ExcessKind::CustomDomain,
                ExcessKind::CustomBranding,
                ExcessKind::ApiKeys,
            ]
        );
        assert_eq!(
            over[0].message,
            "Free allows 1 user; you have 3. Deactivate 2 members or withdraw pending invitations."
        );
        assert_eq!(
            over[1].message,
            "Free allows 100 leads; you have 640. Erase 540 leads."
        );
        assert_eq!(
            over[2].message,
            "Free allows 1 GB of storage; you use 2.5 GB. Delete 1.5 GB of knowledge-base files."
        );
        assert_eq!(
            (over[3].in_use, over[3].allowed),
            (1_200, 1_000),
            "transactions"
        );
        assert!(over[4].message.contains("Remove homes.example.com"));
        assert_eq!(
            over[6].message,
            "Free has no API access, so the chatbot and AI calling would stop. Revoke 2 API keys."
        );
    }

    #[test]
    fn exactly_at_a_limit_fits() {
        let at_limit = Footprint {
            users: 3,
            leads: 1_000,
            storage_bytes: 10_000_000_000,
            transactions: 10_000,
            custom_domain: Some("homes.example.com".into()),
            custom_branding: false,
            active_api_keys: 1,
        };
        assert_eq!(excess(&PlanTier::Starter.plan(), &at_limit), []);
    }

    #[test]
    fn an_upgrade_always_fits_what_the_plan_below_allows() {
        // Limits and features only grow up the catalogue, so an upgrade is never refused.
        for (i, low) in PlanTier::ALL.into_iter().enumerate() {
            for high in &PlanTier::ALL[i..] {
                let full = |limit| allowed_of(limit).min(1 << 40);
                let plan = low.plan();
                let footprint = Footprint {
                    users: full(plan.limits.users),
                    leads: full(plan.limits.leads),
                    storage_bytes: full(plan.limits.storage_bytes),
                    transactions: full(plan.limits.transactions),
                    custom_domain: plan.features.custom_domain.then(|| "a.example".into()),
                    custom_branding: plan.features.custom_branding,
                    active_api_keys: u64::from(plan.features.api_access),
                };
                assert_eq!(excess(&high.plan(), &footprint), [], "{low} -> {high}");
            }
        }
    }

    #[test]
    fn options_mark_the_current_plan_and_the_direction_of_the_others() {
        let offered = options(PlanTier::Starter, &busy_starter());
        let directions: Vec<PlanDirection> = offered.iter().map(|o| o.direction).collect();
        assert_eq!(
            directions,
            [
                PlanDirection::Downgrade,
                PlanDirection::Current,
                PlanDirection::Upgrade,
                PlanDirection::Upgrade
            ]
        );
        assert_eq!(offered[0].excess.len(), 7);
        assert!(offered[2].excess.is_empty());
        assert_eq!(
            refusal_message(&PlanTier::Free.plan(), &offered[0].excess[..1]),
            "You can't move to Free yet: Free allows 1 user; you have 3. Deactivate 2 members or withdraw pending invitations."
        );
    }
}
