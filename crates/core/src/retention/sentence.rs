//! The dry run's sentence: "142 conversations and 3 calls older than 24 months".

use super::{PurgeCount, RetentionKind};

fn months(n: u32) -> String {
    if n == 1 {
        "1 month".to_owned()
    } else {
        format!("{n} months")
    }
}

/// What a policy of `months` for `kind` would purge, in one sentence the app shows
/// before the policy is saved.
pub fn dry_run_sentence(
    kind: RetentionKind,
    policy_months: u32,
    counts: &[PurgeCount],
    kept_for_consent: u64,
) -> String {
    let age = match kind {
        RetentionKind::Transactions => format!("closed more than {} ago", months(policy_months)),
        RetentionKind::ClosedLeads => format!("with no activity for {}", months(policy_months)),
        _ => format!("older than {}", months(policy_months)),
    };
    let total: u64 = counts.iter().map(|c| c.count).sum();
    let mut sentence = if total == 0 {
        let nouns: Vec<&str> = kind.records().iter().map(|r| r.noun(0)).collect();
        format!("No {} {age}", nouns.join(" or "))
    } else {
        let parts: Vec<String> = counts
            .iter()
            .filter(|c| c.count > 0)
            .map(|c| format!("{} {}", c.count, c.record.noun(c.count)))
            .collect();
        format!("{} {age}", parts.join(" and "))
    };
    if kept_for_consent > 0 {
        let leads = if kept_for_consent == 1 {
            "lead is"
        } else {
            "leads are"
        };
        sentence.push_str(&format!(
            "; {kept_for_consent} more {leads} kept until 5 years after the last contact, for their consent records"
        ));
    }
    sentence
}
