//! State rules: the classes a state protects beyond the federal seven, and the statute a
//! finding cites. A state's rules are the groups of `STATE_GROUPS` whose class it lists,
//! so Maryland's source-of-income rule is California's, citing Maryland's law.

use super::LintClass::{self, *};
use super::Severity::{Block, Warn};
use super::rule::Source::State as StateLaw;
use super::rule::{RuleGroup, Verdict::Flag};

/// One state the lint knows.
pub(super) struct StateRules {
    /// The two-letter postal code.
    pub code: &'static str,
    /// The statute its findings cite.
    pub statute: &'static str,
    pub classes: &'static [LintClass],
}

pub(super) const STATES: &[StateRules] = &[
    StateRules {
        code: "CA",
        statute: "California Fair Employment and Housing Act, Gov. Code §12955",
        classes: &[
            Age,
            Ancestry,
            GenderIdentity,
            MaritalStatus,
            SexualOrientation,
            MedicalCondition,
            SourceOfIncome,
        ],
    },
    StateRules {
        code: "MD",
        statute: "Maryland Code, State Government §20-705",
        classes: &[
            SourceOfIncome,
            MaritalStatus,
            SexualOrientation,
            GenderIdentity,
        ],
    },
];

const ABOUT_PEOPLE: &str = "describe the home and its features, not who should live there";

pub(super) const STATE_GROUPS: &[RuleGroup] = &[
    RuleGroup::new(SourceOfIncome, Flag(Block), StateLaw, &[
        "no section 8", "section 8 not accepted", "no vouchers", "no housing vouchers",
        "no housing choice vouchers", "vouchers not accepted", "no government assistance",
        "no public assistance", "no welfare", "no ssi", "must be employed", "employed only",
        "working professionals only",
    ], "Refuses a lawful source of income, such as a housing voucher.")
        .reword("state the income requirement as a ratio, e.g. \"income of 2.5× the rent from any lawful source\""),
    RuleGroup::new(MaritalStatus, Flag(Block), StateLaw, &[
        "married couples only", "married only", "must be married", "no unmarried couples",
        "no unmarried", "no single mothers", "no single parents", "no divorcees",
    ], "States who may live there by marital status.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(MaritalStatus, Flag(Warn), StateLaw, &[
        "{perfect for} a married couple", "{perfect for} married couples",
    ], "A marital-status proxy: it describes who should live there.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(SexualOrientation, Flag(Block), StateLaw, &[
        "no gays", "no gay", "no lesbians", "no lgbt", "no lgbtq", "straight only",
        "straight couples only", "heterosexual only", "heterosexuals only",
    ], "States who may live there by sexual orientation.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(SexualOrientation, Flag(Warn), StateLaw, &[
        "gay friendly", "gay {area}",
    ], "Characterises residents by sexual orientation.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(GenderIdentity, Flag(Block), StateLaw, &[
        "no transgender", "no trans", "biological women only", "biological men only",
        "biological females only", "biological males only", "cisgender only",
    ], "States who may live there by gender identity.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(Age, Flag(Block), StateLaw, &[
        "no seniors", "no retirees", "no elderly", "young professionals only",
        "young people only", "under 40 only", "under 30 only",
    ], "States who may live there by age.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(Age, Flag(Warn), StateLaw, &[
        "young professionals", "young crowd", "youthful {area}",
    ], "An age proxy: it describes who should live there.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(Ancestry, Flag(Block), StateLaw, &[
        "of {nationality} descent", "{nationality} ancestry", "{nationality} heritage preferred",
    ], "Describes or prefers residents by ancestry.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(MedicalCondition, Flag(Block), StateLaw, &[
        "no cancer patients", "no hiv", "no aids patients", "must be healthy",
        "no medical conditions", "no chronically ill",
    ], "Excludes people by medical condition.")
        .reword(ABOUT_PEOPLE),
];
