use chrono::TimeZone;

use super::*;

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

#[test]
fn transactions_cannot_be_kept_less_than_seven_years() {
    let refused = RetentionKind::Transactions.validate(Some(83)).unwrap_err();
    assert_eq!(refused.code, BELOW_MINIMUM);
    assert!(
        refused.message.starts_with(
            "Transactions must be kept at least 7 years after closing (broker record keeping"
        ),
        "{}",
        refused.message
    );
    assert!(refused.message.contains("84 months or more"));
    assert!(RetentionKind::Transactions.validate(Some(84)).is_ok());
    assert!(RetentionKind::Transactions.validate(None).is_ok());
}

#[test]
fn kinds_without_a_legal_minimum_take_one_month_up_to_a_hundred_years() {
    for kind in [
        RetentionKind::Conversations,
        RetentionKind::ClosedLeads,
        RetentionKind::InvitationsAndMail,
        RetentionKind::KbVersions,
    ] {
        assert!(kind.validate(Some(1)).is_ok());
        assert!(kind.validate(Some(MAX_MONTHS)).is_ok());
        assert_eq!(kind.validate(Some(0)).unwrap_err().code, INVALID_RETENTION);
        assert_eq!(
            kind.validate(Some(MAX_MONTHS + 1)).unwrap_err().code,
            INVALID_RETENTION
        );
    }
}

#[test]
fn the_policy_shows_the_minimum_and_its_reason() {
    let policy = RetentionPolicy::new(RetentionKind::Transactions, None, None);
    assert_eq!(policy.minimum_months, 84);
    assert!(policy.minimum_reason.unwrap().contains("7 years"));
    let policy = RetentionPolicy::new(RetentionKind::Conversations, Some(24), None);
    assert_eq!((policy.minimum_months, policy.minimum_reason), (1, None));
}

#[test]
fn a_lead_with_consent_records_stays_five_years_after_its_last_contact() {
    let now = at(2026, 12, 3);
    let rule = LeadPurgeRule::new(12, now);
    // Two years since the last contact: past a 12-month policy.
    let two_years_ago = at(2024, 12, 1);
    assert!(rule.allows(two_years_ago, false));
    assert!(
        !rule.allows(two_years_ago, true),
        "consent younger than 5 years after last contact"
    );
    // Five years and a day: the consent minimum is met too.
    assert!(rule.allows(at(2021, 12, 2), true));
    assert!(!rule.allows(at(2021, 12, 4), true));
    // Within the policy, nothing goes.
    assert!(!rule.allows(at(2026, 6, 1), false));
}

#[test]
fn the_consent_minimum_holds_for_any_policy_length() {
    let now = at(2026, 12, 3);
    for months in [1, 12, 59, 60, 61, 120] {
        let rule = LeadPurgeRule::new(months, now);
        let last_contact = months_before(now, CONSENT_MINIMUM_MONTHS) + chrono::Duration::days(1);
        assert!(
            !rule.allows(last_contact, true),
            "policy of {months} months"
        );
    }
}

#[test]
fn privacy_requests_go_24_months_after_closing() {
    assert_eq!(
        privacy_request_cutoff(at(2026, 12, 3)),
        NaiveDate::from_ymd_opt(2024, 12, 3).unwrap()
    );
}

fn count(record: PurgedRecord, count: u64) -> PurgeCount {
    PurgeCount { record, count }
}

#[test]
fn the_dry_run_sentence_counts_in_plural_and_singular() {
    let kind = RetentionKind::Conversations;
    assert_eq!(
        dry_run_sentence(
            kind,
            24,
            &[
                count(PurgedRecord::Conversation, 142),
                count(PurgedRecord::Call, 0)
            ],
            0
        ),
        "142 conversations older than 24 months"
    );
    assert_eq!(
        dry_run_sentence(
            kind,
            1,
            &[
                count(PurgedRecord::Conversation, 1),
                count(PurgedRecord::Call, 1)
            ],
            0
        ),
        "1 conversation and 1 call older than 1 month"
    );
    assert_eq!(
        dry_run_sentence(
            kind,
            6,
            &[
                count(PurgedRecord::Conversation, 0),
                count(PurgedRecord::Call, 0)
            ],
            0
        ),
        "No conversations or calls older than 6 months"
    );
    assert_eq!(
        dry_run_sentence(
            RetentionKind::Transactions,
            84,
            &[count(PurgedRecord::Transaction, 3)],
            0
        ),
        "3 transactions closed more than 84 months ago"
    );
    assert_eq!(
        dry_run_sentence(
            RetentionKind::ClosedLeads,
            12,
            &[count(PurgedRecord::Lead, 2)],
            1
        ),
        "2 closed or lost leads with no activity for 12 months; 1 more lead is kept until 5 years after the last contact, for their consent records"
    );
}

#[test]
fn kinds_round_trip_through_their_stored_names() {
    for kind in RetentionKind::ALL {
        assert_eq!(RetentionKind::parse(kind.as_str()), Some(kind));
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
    assert_eq!(RetentionKind::parse("audit_trail"), None);
}

#[test]
fn a_hold_needs_a_one_line_reason() {
    assert_eq!(hold_reason("  Case 24-118  ").unwrap(), "Case 24-118");
    assert_eq!(hold_reason(" ").unwrap_err().code, INVALID_RETENTION);
    assert_eq!(hold_reason("a\nb").unwrap_err().code, INVALID_RETENTION);
    assert_eq!(
        hold_reason(&"x".repeat(501)).unwrap_err().code,
        INVALID_RETENTION
    );
}
