//! The plan catalogue: what each plan allows, and the quota rule the server applies in the
//! same transaction as the write that would go over a limit.

pub mod change;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

const GB: u64 = 1_000_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanTier {
    Free,
    Starter,
    Professional,
    Enterprise,
}

impl PlanTier {
    pub const ALL: [PlanTier; 4] = [
        PlanTier::Free,
        PlanTier::Starter,
        PlanTier::Professional,
        PlanTier::Enterprise,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanTier::Free => "free",
            PlanTier::Starter => "starter",
            PlanTier::Professional => "professional",
            PlanTier::Enterprise => "enterprise",
        }
    }

    /// The name shown to people.
    pub fn display_name(self) -> &'static str {
        match self {
            PlanTier::Free => "Free",
            PlanTier::Starter => "Starter",
            PlanTier::Professional => "Professional",
            PlanTier::Enterprise => "Enterprise",
        }
    }

    pub fn plan(self) -> Plan {
        use Limit::{AtMost, Unlimited};
        let paid = self != PlanTier::Free;
        let professional_or_up = matches!(self, PlanTier::Professional | PlanTier::Enterprise);
        let enterprise = self == PlanTier::Enterprise;
        let (limits, requests_per_15_min) = match self {
            PlanTier::Free => (
                limits(
                    AtMost(100),
                    AtMost(10),
                    AtMost(1),
                    AtMost(GB),
                    AtMost(1_000),
                ),
                100,
            ),
            PlanTier::Starter => (
                limits(
                    AtMost(1_000),
                    AtMost(500),
                    AtMost(3),
                    AtMost(10 * GB),
                    AtMost(10_000),
                ),
                500,
            ),
            PlanTier::Professional => (
                limits(
                    AtMost(10_000),
                    AtMost(5_000),
                    AtMost(10),
                    AtMost(100 * GB),
                    AtMost(100_000),
                ),
                2_000,
            ),
            PlanTier::Enterprise => (
                limits(Unlimited, Unlimited, Unlimited, Unlimited, Unlimited),
                10_000,
            ),
        };
        Plan {
            tier: self,
            name: self.display_name().to_owned(),
            limits,
            features: PlanFeatures {
                call_recording: paid,
                custom_branding: professional_or_up,
                api_access: paid,
                custom_domain: paid,
                // Professional gets priority support too: it is the plan brokerages
                // with ten seats run their business on, and a slow answer costs them deals.
                priority_support: professional_or_up,
                dedicated_instance: enterprise,
            },
            requests_per_15_min,
        }
    }
}

fn limits(
    leads: Limit,
    ai_calls_per_month: Limit,
    users: Limit,
    storage_bytes: Limit,
    transactions: Limit,
) -> PlanLimits {
    PlanLimits {
        leads,
        ai_calls_per_month,
        users,
        storage_bytes,
        transactions,
    }
}

impl fmt::Display for PlanTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown plan {0:?}: expected free, starter, professional or enterprise")]
pub struct UnknownPlanTier(pub String);

impl FromStr for PlanTier {
    type Err = UnknownPlanTier;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PlanTier::ALL
            .into_iter()
            .find(|tier| tier.as_str() == s)
            .ok_or_else(|| UnknownPlanTier(s.to_owned()))
    }
}

/// Every plan, cheapest first.
pub fn catalogue() -> Vec<Plan> {
    PlanTier::ALL.into_iter().map(PlanTier::plan).collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub tier: PlanTier,
    pub name: String,
    pub limits: PlanLimits,
    pub features: PlanFeatures,
    /// API requests a tenant may make in any 15-minute window.
    pub requests_per_15_min: u32,
}

impl Plan {
    pub fn limit(&self, resource: QuotaResource) -> Limit {
        match resource {
            QuotaResource::Leads => self.limits.leads,
            QuotaResource::AiCalls => self.limits.ai_calls_per_month,
            QuotaResource::Users => self.limits.users,
            QuotaResource::Storage => self.limits.storage_bytes,
            QuotaResource::Transactions => self.limits.transactions,
        }
    }

    /// Whether a write that adds `adding` to a tenant's `current` use fits the plan.
    pub fn check_quota(
        &self,
        resource: QuotaResource,
        current: u64,
        adding: u64,
    ) -> Result<(), QuotaExceeded> {
        let limit = self.limit(resource);
        match limit {
            Limit::AtMost(max) if !limit.allows(current, adding) => Err(QuotaExceeded {
                plan: self.tier,
                resource,
                limit: max,
                current,
                adding,
            }),
            _ => Ok(()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanLimits {
    pub leads: Limit,
    pub ai_calls_per_month: Limit,
    pub users: Limit,
    /// In bytes; 1 GB is 10^9 bytes.
    pub storage_bytes: Limit,
    /// Deals (Dotloop loops and hand-entered transactions) stored at once.
    pub transactions: Limit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanFeatures {
    pub call_recording: bool,
    pub custom_branding: bool,
    pub api_access: bool,
    pub custom_domain: bool,
    pub priority_support: bool,
    pub dedicated_instance: bool,
}

/// On the wire `{"kind":"unlimited"}` or `{"kind":"at_most","value":100}`. Values stay
/// below 2^53 (the largest is 100 GB in bytes), so they are safe as a TypeScript number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Limit {
    Unlimited,
    AtMost(#[ts(type = "number")] u64),
}

impl Limit {
    /// Whether `current + adding` stays within the limit. Adding nothing is always
    /// allowed, so a tenant over a limit after a downgrade can still edit what it has.
    pub fn allows(self, current: u64, adding: u64) -> bool {
        match self {
            Limit::Unlimited => true,
            Limit::AtMost(_) if adding == 0 => true,
            Limit::AtMost(max) => current
                .checked_add(adding)
                .is_some_and(|total| total <= max),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuotaResource {
    Leads,
    AiCalls,
    Users,
    Storage,
    Transactions,
}

impl QuotaResource {
    fn amount(self, n: u64) -> String {
        match self {
            QuotaResource::Leads => plural(n, "lead", "leads"),
            QuotaResource::AiCalls => plural(n, "AI call a month", "AI calls a month"),
            QuotaResource::Users => plural(n, "user", "users"),
            QuotaResource::Storage => format!("{} of storage", gigabytes(n)),
            QuotaResource::Transactions => plural(n, "transaction", "transactions"),
        }
    }

    fn usage(self, n: u64) -> String {
        match self {
            QuotaResource::Leads | QuotaResource::Users | QuotaResource::Transactions => {
                format!("you have {}", count(n))
            }
            QuotaResource::AiCalls => format!("you have used {} this month", count(n)),
            QuotaResource::Storage => format!("you use {}", gigabytes(n)),
        }
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// 10000 as "10,000", as the pricing page writes it.
fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn gigabytes(bytes: u64) -> String {
    // Display only; the limit itself is compared in whole bytes.
    let text = format!("{:.2}", bytes as f64 / GB as f64);
    format!("{} GB", text.trim_end_matches('0').trim_end_matches('.'))
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct QuotaExceeded {
    pub plan: PlanTier,
    pub resource: QuotaResource,
    pub limit: u64,
    pub current: u64,
    pub adding: u64,
}

impl QuotaExceeded {
    fn message(&self) -> String {
        let allows = format!(
            "Your {} plan allows {} and {}",
            self.plan.display_name(),
            self.resource.amount(self.limit),
            self.resource.usage(self.current),
        );
        if self.current >= self.limit {
            format!("{allows}. Upgrade to add more.")
        } else {
            // A bulk write (an import) can go over from below the limit.
            format!(
                "{allows}, so adding {} would go over. Upgrade, or add fewer.",
                self.adding
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Limit::{AtMost, Unlimited};

    #[test]
    fn catalogue_matches_the_published_table() {
        // tier, leads, AI calls a month, users, storage, transactions, requests per 15 min
        let table = [
            (
                PlanTier::Free,
                AtMost(100),
                AtMost(10),
                AtMost(1),
                AtMost(GB),
                AtMost(1_000),
                100,
            ),
            (
                PlanTier::Starter,
                AtMost(1_000),
                AtMost(500),
                AtMost(3),
                AtMost(10_000_000_000),
                AtMost(10_000),
                500,
            ),
            (
                PlanTier::Professional,
                AtMost(10_000),
                AtMost(5_000),
                AtMost(10),
                AtMost(100_000_000_000),
                AtMost(100_000),
                2_000,
            ),
            (
                PlanTier::Enterprise,
                Unlimited,
                Unlimited,
                Unlimited,
                Unlimited,
                Unlimited,
                10_000,
            ),
        ];
        let plans = catalogue();
        assert_eq!(plans.len(), table.len());
        for (plan, (tier, leads, ai, users, storage, transactions, requests)) in
            plans.iter().zip(table)
        {
            assert_eq!(plan.tier, tier);
            assert_eq!(plan.name, tier.display_name());
            assert_eq!(
                plan.limits,
                PlanLimits {
                    leads,
                    ai_calls_per_month: ai,
                    users,
                    storage_bytes: storage,
                    transactions,
                },
                "{tier}"
            );
            assert_eq!(plan.requests_per_15_min, requests, "{tier}");
        }
    }

    #[test]
    fn features_switch_on_by_tier() {
        // call recording, custom branding, api access, custom domain, priority support,
        // dedicated instance
        let table = [
            (PlanTier::Free, [false, false, false, false, false, false]),
            (PlanTier::Starter, [true, false, true, true, false, false]),
            (
                PlanTier::Professional,
                [true, true, true, true, true, false],
            ),
            (PlanTier::Enterprise, [true, true, true, true, true, true]),
        ];
        for (tier, [recording, branding, api, domain, priority, dedicated]) in table {
            let expected = PlanFeatures {
                call_recording: recording,
                custom_branding: branding,
                api_access: api,
                custom_domain: domain,
                priority_support: priority,
                dedicated_instance: dedicated,
            };
            assert_eq!(tier.plan().features, expected, "{tier}");
        }
    }

    #[test]
    fn tiers_round_trip_through_their_names() {
        for tier in PlanTier::ALL {
            assert_eq!(tier.as_str().parse::<PlanTier>(), Ok(tier));
            assert_eq!(serde_json::to_value(tier).unwrap(), tier.as_str());
        }
        assert_eq!(
            "Free".parse::<PlanTier>(),
            Err(UnknownPlanTier("Free".into()))
        );
    }

    #[test]
    fn the_old_tenant_path_still_names_the_tier() {
        let tier: crate::tenant::PlanTier = PlanTier::Starter;
        assert_eq!(tier.as_str(), "starter");
    }

    #[test]
    fn limit_allows_up_to_and_including_the_maximum() {
        let limit = AtMost(100);
        assert!(limit.allows(99, 1));
        assert!(limit.allows(0, 100));
        assert!(!limit.allows(100, 1));
        assert!(!limit.allows(99, 2));
        assert!(
            !limit.allows(u64::MAX, 1),
            "overflow must not wrap into allowed"
        );
    }

    #[test]
    fn adding_nothing_is_allowed_even_over_the_limit() {
        assert!(AtMost(100).allows(100, 0));
        assert!(AtMost(100).allows(150, 0));
        assert!(AtMost(0).allows(0, 0));
        assert!(!AtMost(0).allows(0, 1));
    }

    #[test]
    fn unlimited_always_allows() {
        assert!(Unlimited.allows(u64::MAX, u64::MAX));
        assert!(Unlimited.allows(0, 0));
    }

    #[test]
    fn quota_error_names_the_plan_limit_and_use() {
        let free = PlanTier::Free.plan();
        assert_eq!(free.check_quota(QuotaResource::Leads, 99, 1), Ok(()));
        let err = free.check_quota(QuotaResource::Leads, 100, 1).unwrap_err();
        assert_eq!(
            (err.resource, err.limit, err.current),
            (QuotaResource::Leads, 100, 100)
        );
        assert_eq!(
            err.to_string(),
            "Your Free plan allows 100 leads and you have 100. Upgrade to add more."
        );

        let users = free.check_quota(QuotaResource::Users, 1, 1).unwrap_err();
        assert_eq!(
            users.to_string(),
            "Your Free plan allows 1 user and you have 1. Upgrade to add more."
        );

        let import = PlanTier::Starter
            .plan()
            .check_quota(QuotaResource::Leads, 980, 50)
            .unwrap_err();
        assert_eq!(
            import.to_string(),
            "Your Starter plan allows 1,000 leads and you have 980, so adding 50 would go over. Upgrade, or add fewer."
        );

        let calls = PlanTier::Professional
            .plan()
            .check_quota(QuotaResource::AiCalls, 5_000, 1)
            .unwrap_err();
        assert_eq!(
            calls.to_string(),
            "Your Professional plan allows 5,000 AI calls a month and you have used 5,000 this month. Upgrade to add more."
        );

        let deals = free
            .check_quota(QuotaResource::Transactions, 1_000, 1)
            .unwrap_err();
        assert_eq!(
            deals.to_string(),
            "Your Free plan allows 1,000 transactions and you have 1,000. Upgrade to add more."
        );

        let storage = free
            .check_quota(QuotaResource::Storage, 1_250_000_000, 1)
            .unwrap_err();
        assert_eq!(
            storage.to_string(),
            "Your Free plan allows 1 GB of storage and you use 1.25 GB. Upgrade to add more."
        );
    }

    #[test]
    fn enterprise_never_hits_a_quota() {
        let plan = PlanTier::Enterprise.plan();
        for resource in [
            QuotaResource::Leads,
            QuotaResource::AiCalls,
            QuotaResource::Users,
            QuotaResource::Storage,
            QuotaResource::Transactions,
        ] {
            assert_eq!(plan.check_quota(resource, u64::MAX - 1, 1), Ok(()));
        }
    }

    #[test]
    fn limits_serialise_as_tagged_objects_for_the_ui() {
        assert_eq!(
            serde_json::to_value(AtMost(100)).unwrap(),
            serde_json::json!({"kind": "at_most", "value": 100})
        );
        assert_eq!(
            serde_json::to_value(Unlimited).unwrap(),
            serde_json::json!({"kind": "unlimited"})
        );
        let json = serde_json::to_value(PlanTier::Free.plan()).unwrap();
        assert_eq!(json["limits"]["aiCallsPerMonth"]["value"], 10);
        assert_eq!(json["requestsPer15Min"], 100);
    }
}
