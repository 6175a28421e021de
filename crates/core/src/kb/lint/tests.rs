use super::LintClass::*;
use super::Severity::*;
use super::*;

const FEDERAL: LintContext<'static> = LintContext {
    state: None,
    housing_for_older_persons: false,
};

/// The most severe finding in `text`, if any.
fn worst(text: &str, context: &LintContext<'_>) -> Option<(Severity, LintClass)> {
    lint(text, context)
        .into_iter()
        .max_by_key(|f| f.severity)
        .map(|f| (f.severity, f.class))
}

/// Phrases that must be flagged under federal rules, with the severity and class.
const FLAGGED: &[(&str, Severity, LintClass)] = &[
    ("Adults only, please.", Block, FamilialStatus),
    ("ADULTS-ONLY building", Block, FamilialStatus),
    ("No children or pets.", Block, FamilialStatus),
    ("no kids", Block, FamilialStatus),
    ("Sorry, no teenagers.", Block, FamilialStatus),
    ("singles only", Block, FamilialStatus),
    ("Couples only!", Block, FamilialStatus),
    ("Perfect for a single professional.", Block, FamilialStatus),
    ("a 55+ community", Block, FamilialStatus),
    ("Christian home", Block, Religion),
    ("a quiet Christian community", Block, Religion),
    ("in a Jewish neighbourhood", Block, Religion),
    ("Catholic buyers preferred", Block, Religion),
    ("no Muslims", Block, Religion),
    ("white neighborhood", Block, Race),
    ("Whites only", Block, Race),
    ("mostly Asian families", Block, Race),
    ("African-American residents", Block, Race),
    ("no immigrants", Block, NationalOrigin),
    ("English speakers only", Block, NationalOrigin),
    ("a Hispanic area", Block, NationalOrigin),
    ("Chinese buyers", Block, NationalOrigin),
    ("no wheelchairs", Block, Handicap),
    ("Tenants must be able-bodied.", Block, Handicap),
    ("not for the handicapped", Block, Handicap),
    ("no mentally ill", Block, Handicap),
    ("no women", Block, Sex),
    ("Men only.", Block, Sex),
    ("Dark-skinned buyers", Block, Color),
    ("an exclusive community", Warn, CatchWord),
    ("restricted", Warn, CatchWord),
    ("a private enclave", Warn, CatchWord),
    ("requires board approval", Warn, CatchWord),
    ("perfect for families", Warn, FamilialStatus),
    ("Perfect for Families!", Warn, FamilialStatus),
    ("family-friendly street", Warn, FamilialStatus),
    ("ideal for empty nesters", Warn, FamilialStatus),
    ("for mature buyers", Warn, FamilialStatus),
    ("newlyweds", Warn, FamilialStatus),
    ("The kids will love the yard", Warn, FamilialStatus),
    ("a safe neighborhood", Warn, Steering),
    ("low-crime area", Warn, Steering),
    ("Good schools nearby", Warn, Steering),
    ("avoid the bad area east of the tracks", Warn, Steering),
    ("an up-and-coming district", Warn, Steering),
    ("a changing neighbourhood", Warn, Steering),
    ("an ethnic neighborhood", Warn, Steering),
    ("You'll fit in here.", Warn, Steering),
    ("near the church", Warn, Religion),
    ("Walk to the synagogue.", Warn, Religion),
    ("walking distance to the church", Warn, Religion),
    ("able bodied", Warn, Handicap),
    ("next to the Jewish Community Center", Warn, Religion),
    ("near the Chinese Community Center", Warn, NationalOrigin),
    ("an over-55 community", Block, FamilialStatus),
    ("an active lifestyle", Warn, Handicap),
];

/// Phrases that must pass: no warn or block finding under federal rules.
const PASSES: &[&str] = &[
    "master bedroom",
    "family room",
    "walking distance to bus stop",
    "Walking distance to the bus stop.",
    "mother-in-law suite",
    "bachelor apartment",
    "jogging trails",
    "walk-in closets",
    "great view",
    "desirable neighborhood",
    "rare find",
    "kosher meals available",
    "apartment complex with chapel",
    "Merry Christmas",
    "non-smoking",
    "sober",
    "wheelchair ramp and grab bars",
    "no family room, but a den",
    "No pets.",
    "No smoking.",
    "white kitchen cabinets",
    "a black granite island",
    "white oak floors",
    "a white area rug",
    "private mortgage insurance",
    "an exclusive right-to-sell listing agreement",
    "exclusive buyer agency",
    "traditional mortgage",
    "a private patio",
    "deep-water frontage with a private dock",
    "mature trees and mature landscaping",
    "no minor repairs needed",
    "There is no child care on site.",
    "We sold over 55 homes last year.",
    "Foreign buyers pay FIRPTA withholding.",
    "Spanish-style home with a tile roof",
    "Indian Creek trail",
    "kidding aside, the yard is big",
    "whiteboard",
    "The school district publishes its ratings.",
    "churchyard",
    "No. Children's books are in the library.",
];

#[test]
fn flagged_phrases_are_flagged_with_their_severity_and_class() {
    let mut wrong = Vec::new();
    for (text, severity, class) in FLAGGED {
        let got = worst(text, &FEDERAL);
        if got != Some((*severity, *class)) {
            wrong.push(format!(
                "{text:?}: expected {severity:?} {class:?}, got {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn allowed_phrases_pass() {
    let mut wrong = Vec::new();
    for text in PASSES {
        let flagged: Vec<Finding> = lint(text, &FEDERAL)
            .into_iter()
            .filter(|f| f.severity > Info)
            .collect();
        if !flagged.is_empty() {
            wrong.push(format!("{text:?}: {flagged:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn allowed_wordings_show_as_info_with_the_1995_memo() {
    let findings = lint("A master bedroom and a family room.", &FEDERAL);
    assert_eq!(findings.len(), 2);
    for f in &findings {
        assert_eq!(f.severity, Info);
        assert!(f.source.contains("9 January 1995"), "{}", f.source);
    }
}

#[test]
fn a_finding_carries_its_char_span_reason_source_and_rewording() {
    let text = "Café près du parc — perfect for families.";
    let findings = lint(text, &FEDERAL);
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    let span: String = text
        .chars()
        .skip(f.start as usize)
        .take((f.end - f.start) as usize)
        .collect();
    assert_eq!(span, "perfect for families");
    assert_eq!(f.text, span);
    assert_eq!(f.class, FamilialStatus);
    assert!(f.reason.contains("familial-status"));
    assert!(f.source.contains("HUD advertising guidelines"));
    assert_eq!(
        f.rewording.as_deref(),
        Some("three bedrooms and a fenced yard")
    );
}

#[test]
fn phrases_do_not_match_across_sentences() {
    assert_eq!(worst("Adults. Only the best finishes.", &FEDERAL), None);
    assert_eq!(worst("adults\n\nonly", &FEDERAL), None);
    assert_eq!(
        worst("adults\nonly", &FEDERAL),
        Some((Block, FamilialStatus)),
        "a wrapped line is one sentence"
    );
}

/// Phrases each state adds: flagged there, not federally.
const STATE_FLAGGED: &[(&str, &str, Severity, LintClass)] = &[
    ("CA", "No Section 8.", Block, SourceOfIncome),
    ("MD", "no housing vouchers", Block, SourceOfIncome),
    ("CA", "married couples only", Block, MaritalStatus),
    ("MD", "Must be married.", Block, MaritalStatus),
    ("CA", "no gays", Block, SexualOrientation),
    ("MD", "straight couples only", Block, SexualOrientation),
    ("CA", "no transgender tenants", Block, GenderIdentity),
    ("MD", "biological women only", Block, GenderIdentity),
    ("CA", "no seniors", Block, Age),
    ("CA", "great for young professionals", Warn, Age),
    ("CA", "buyers of Irish descent", Block, Ancestry),
    ("CA", "no cancer patients", Block, MedicalCondition),
    ("ca", "perfect for a married couple", Warn, MaritalStatus),
];

#[test]
fn state_rules_apply_only_in_their_state() {
    let mut wrong = Vec::new();
    for (state, text, severity, class) in STATE_FLAGGED {
        let there = LintContext {
            state: Some(state),
            ..FEDERAL
        };
        let got = worst(text, &there);
        if got != Some((*severity, *class)) {
            wrong.push(format!(
                "{state} {text:?}: expected {severity:?} {class:?}, got {got:?}"
            ));
        }
        let elsewhere = LintContext {
            state: Some("TX"),
            ..FEDERAL
        };
        if let Some(found) = worst(text, &elsewhere).filter(|(_, c)| c == class) {
            wrong.push(format!("TX {text:?}: flagged {found:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let maryland = LintContext {
        state: Some("MD"),
        ..FEDERAL
    };
    assert_eq!(worst("no seniors", &maryland), None, "age is California's");
    let f = &lint("No Section 8", &maryland)[0];
    assert_eq!(f.source, "Maryland Code, State Government §20-705");
    assert_eq!(states_with_rules(), ["CA", "MD"]);
}

#[test]
fn an_age_restriction_is_info_only_for_housing_for_older_persons() {
    let text = "A 55 and older community with a clubhouse.";
    assert_eq!(worst(text, &FEDERAL), Some((Block, FamilialStatus)));
    let older = LintContext {
        housing_for_older_persons: true,
        ..FEDERAL
    };
    let findings = lint(text, &older);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].severity, Info);
    assert!(findings[0].source.contains("3607(b)"));
    assert_eq!(worst("No children.", &older), Some((Block, FamilialStatus)));
}

#[test]
fn publishing_refuses_blocks_and_needs_an_acknowledgement_for_warnings() {
    let clean = PublishCheck::of(&lint("Three bedrooms and a family room.", &FEDERAL));
    assert_eq!(clean.allows(false), Ok(()));

    let warned = PublishCheck::of(&lint("Perfect for families.", &FEDERAL));
    assert_eq!(warned.warnings.len(), 1);
    let refusal = warned.allows(false).unwrap_err();
    assert_eq!(refusal.code(), "kb_lint_unacknowledged");
    assert_eq!(refusal.findings().len(), 1);
    assert_eq!(warned.allows(true), Ok(()));

    let blocked = PublishCheck::of(&lint("Adults only. Perfect for families.", &FEDERAL));
    let refusal = blocked.allows(true).unwrap_err();
    assert_eq!(refusal.code(), "kb_lint_blocked");
    assert_eq!(refusal.findings()[0].text, "Adults only");
    assert_eq!(refusal.error_body().code, "kb_lint_blocked");
}

use proptest::prelude::*;

proptest! {
    /// Any text, with flagged and allowed phrases mixed into arbitrary Unicode: findings
    /// are in order, never overlap, and their spans are the text they quote.
    #[test]
    fn findings_are_ordered_disjoint_and_quote_their_span(
        parts in prop::collection::vec(
            prop_oneof![
                prop::string::string_regex("\\PC{0,20}").unwrap(),
                prop::sample::select(vec![
                    "no kids", "Family room", "perfect for families", "55+", "é", "\n\n",
                    "walking distance to the church", "No. children", "private mortgage insurance",
                ]).prop_map(str::to_owned),
            ],
            0..20,
        ),
        state in prop::sample::select(vec![None, Some("CA"), Some("MD")]),
    ) {
        let text = parts.join(" ");
        let chars: Vec<char> = text.chars().collect();
        let findings = lint(&text, &LintContext { state, ..FEDERAL });
        let mut previous_end = 0;
        for f in &findings {
            prop_assert!(f.start < f.end && f.start >= previous_end);
            let span: String = chars[f.start as usize..f.end as usize].iter().collect();
            prop_assert_eq!(&span, &f.text);
            previous_end = f.end;
        }
    }
}
