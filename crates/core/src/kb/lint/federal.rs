//! The federal rule table: the Fair Housing Act's seven protected classes, HUD's catch
//! words and proxies, and the wordings HUD's 1995 memo expressly allows.

use super::LintClass::*;
use super::Severity::{Block, Info, Warn};
use super::rule::Source::{FairHousingAct, HudGuidelines, HudMemo1995};
use super::rule::{RuleGroup, Verdict::Exempt, Verdict::Flag};

const ABOUT_PEOPLE: &str = "describe the home and its features, not who should live there";

pub(super) const FEDERAL: &[RuleGroup] = &[
    // Block: an explicit preference or limitation about people.
    RuleGroup::new(FamilialStatus, Flag(Block), FairHousingAct, &[
        "adults only", "adult only", "no {kids}", "{kids} not allowed", "not suitable for children",
        "singles only", "couples only", "single professionals only",
        "{perfect for} a single professional", "{perfect for} single professionals",
        "adult building",
    ], "States who may live there by whether they have children or a partner.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(FamilialStatus, Flag(Block), FairHousingAct, &[
        "55+", "55 and older", "55 and over", "55 plus", "over 55", "62+", "62 and older",
        "62 and over", "seniors only", "senior community", "age restricted",
        "retirement community", "adult community",
    ], "States an age restriction; lawful only for qualified housing for older persons.")
        .reword("mark the property as housing for older persons, or describe the home instead")
        .older_persons_exempt(),
    RuleGroup::new(Religion, Flag(Block), FairHousingAct, &[
        "{religion} home", "{religion} {area}", "{religion} {people}", "{religion} {preferred}",
        "no =christians", "no =catholics", "no =jews", "no =muslims", "no =hindus", "no =mormons",
        "=christians {preferred}", "=catholics {preferred}", "=jews {preferred}",
        "=muslims {preferred}",
    ], "Describes or prefers residents by religion.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(Race, Flag(Block), FairHousingAct, &[
        "{race} {area}", "{race} {people}", "{race} {preferred}", "=whites {preferred}",
        "=blacks {preferred}", "=asians {preferred}", "no =whites", "no =blacks", "no =asians",
        "no minorities", "minorities not welcome",
    ], "Describes or prefers residents by race.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(Color, Flag(Block), FairHousingAct, &[
        "{color} {area}", "{color} {people}", "{color} {preferred}", "no =coloreds",
    ], "Describes or prefers residents by color.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(NationalOrigin, Flag(Block), FairHousingAct, &[
        "{nationality} {area}", "{nationality} {people}", "{nationality} {preferred}",
        "no immigrants", "no foreigners", "immigrants not welcome", "english speakers only",
        "english speaking only", "must speak english", "citizens only",
        "us citizens only", "american citizens only",
    ], "Describes or prefers residents by national origin.")
        .reword(ABOUT_PEOPLE),
    RuleGroup::new(Handicap, Flag(Block), FairHousingAct, &[
        "no wheelchairs", "must be able bodied", "not for the handicapped", "no handicapped",
        "no disabled", "no mentally ill", "no service animals", "must be able to climb stairs",
        "not suitable for the disabled",
    ], "Excludes people with a disability.")
        .reword("describe the home's access, e.g. \"second-floor unit, no elevator\""),
    RuleGroup::new(Sex, Flag(Block), FairHousingAct, &[
        "no women", "no men", "no females", "no males", "men only", "women only", "male only",
        "female only", "males only", "females only", "male tenants preferred",
        "female tenants preferred",
    ], "States who may live there by sex (shared living quarters are the only exception).")
        .reword(ABOUT_PEOPLE),
    // Warn: catch words and steering proxies.
    RuleGroup::new(CatchWord, Flag(Warn), HudGuidelines, &[
        "restricted", "exclusive", "private", "integrated", "traditional", "board approval",
        "membership approval",
    ], "A HUD catch word: readers may take it to mean some people are not welcome.")
        .reword("name the feature itself, e.g. \"gated entry\" or \"HOA approval of leases\""),
    RuleGroup::new(FamilialStatus, Flag(Warn), HudGuidelines, &[
        "family friendly", "{perfect for} families", "{perfect for} a family",
        "{perfect for} empty nesters", "{perfect for} retirees", "empty nesters", "mature",
        "newlyweds", "newlywed", "kids will love", "children will love", "young family",
        "young couple", "great for kids",
    ], "A familial-status proxy: it describes who should live there.")
        .reword("three bedrooms and a fenced yard"),
    RuleGroup::new(Steering, Flag(Warn), HudGuidelines, &[
        "safe {area}", "low crime", "crime free", "high crime", "good schools", "great schools",
        "best schools", "top schools", "excellent schools", "bad {area}", "rough {area}",
        "up and coming", "changing {area}", "ethnic {area}", "you'll fit in",
        "you will fit in", "fit right in",
    ], "Characterises a neighbourhood, which in a chatbot's answer is steering.")
        .reword("give school or crime data only from a named independent source, with attribution"),
    RuleGroup::new(Religion, Flag(Warn), HudGuidelines, &[
        "{near} {worship}",
    ], "A religious landmark used as a selling point.")
        .reword("name non-religious landmarks, e.g. \"two blocks from Main Street shops\""),
    RuleGroup::new(Handicap, Flag(Warn), HudGuidelines, &[
        "able bodied", "active lifestyle", "physically fit",
    ], "A disability proxy when it is about the people who live there.")
        .reword("describe the home's features, e.g. \"walking trails and a fitness room\""),
    // Info: allowed by HUD's 1995 memo, shown with the citation, never blocked.
    RuleGroup::new(FamilialStatus, Flag(Info), HudMemo1995, &[
        "master bedroom", "master suite", "master bath", "family room", "mother in law suite",
        "mother in law apartment", "in law suite", "bachelor apartment",
    ], "Allowed: describes the property, not who may live there."),
    RuleGroup::new(Handicap, Flag(Info), HudMemo1995, &[
        "walking distance", "jogging trails", "walk in closet", "great view", "wheelchair ramp",
        "grab bars", "wheelchair accessible", "accessible entrance", "non smoking", "sober",
    ], "Allowed: describes the property or a service, not who may live there."),
    RuleGroup::new(Religion, Flag(Info), HudMemo1995, &[
        "kosher meals available", "chapel", "merry christmas", "happy holidays",
    ], "Allowed: a service, a facility or a greeting, not a preference."),
    RuleGroup::new(Steering, Flag(Info), HudMemo1995, &[
        "desirable neighborhood", "rare find",
    ], "Allowed: describes the property or location, not its people."),
    // Terms of art that contain a flagged word; shield it without a finding.
    RuleGroup::new(CatchWord, Exempt, HudGuidelines, &[
        "exclusive right to sell", "exclusive right to lease", "exclusive agency",
        "exclusive buyer agency", "exclusive buyer representation", "exclusive buyer agreement",
        "exclusive listing", "exclusive representation", "exclusive agreement", "exclusive use",
        "private mortgage insurance", "private lender", "private loan", "private showing",
        "private tour", "private seller", "private sale", "private road", "private well",
        "private septic", "private party", "private entrance", "private patio", "private yard",
        "private bath", "private bathroom", "private balcony", "private garden", "private deck",
        "private office", "private backyard", "private driveway", "private garage",
        "traditional loan", "traditional mortgage", "traditional financing", "traditional sale",
        "traditional listing", "traditional style", "integrated appliances",
        "integrated dishwasher", "restricted stock", "private remarks", "exclusive of",
        "traditional closing", "area rug", "mature trees",
        "mature landscaping", "mature oaks", "mature plantings", "mature garden",
    ], "A term of art about the transaction or the property."),
];
