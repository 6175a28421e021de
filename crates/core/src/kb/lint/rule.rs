//! The shape of the rule tables: groups of phrases that share a class, a verdict, a
//! reason, a source and a rewording. A phrase may name a term list in braces
//! (`"{race} neighborhood"`), which stands for each of its terms, so one line covers
//! every descriptor of a class. A word written `=whites` must match as written, without
//! plural folding, where the singular means something innocent ("no white walls").

use super::{LintClass, Severity};

/// What a match of a group does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// A term of art that contains a flagged word ("private mortgage insurance",
    /// "mature trees"): it shields those words and is not reported.
    Exempt,
    Flag(Severity),
}

/// Where a rule comes from; `State` is resolved to the tenant's state's statute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Source {
    FairHousingAct,
    HudGuidelines,
    HudMemo1995,
    OlderPersonsAct,
    State,
}

impl Source {
    /// The name a finding cites; `None` for `State`, which the state table names.
    pub fn federal_name(self) -> Option<&'static str> {
        match self {
            Source::FairHousingAct => {
                Some("Fair Housing Act §804(c), 42 U.S.C. §3604(c); 24 CFR §100.75")
            }
            Source::HudGuidelines => {
                Some("HUD advertising guidelines (formerly 24 CFR Part 109), still HUD's position")
            }
            Source::HudMemo1995 => {
                Some("HUD memo \"Guidance Regarding Advertisements Under §804(c)\", 9 January 1995")
            }
            Source::OlderPersonsAct => {
                Some("Fair Housing Act §807(b), housing for older persons, 42 U.S.C. §3607(b)")
            }
            Source::State => None,
        }
    }
}

/// One line of a rule table.
#[derive(Clone, Copy, Debug)]
pub(super) struct RuleGroup {
    pub class: LintClass,
    pub verdict: Verdict,
    pub phrases: &'static [&'static str],
    pub reason: &'static str,
    pub source: Source,
    pub rewording: Option<&'static str>,
    /// A statement of an age restriction: lawful when the property is qualified
    /// housing for older persons.
    pub older_persons_exempt: bool,
}

impl RuleGroup {
    pub const fn new(
        class: LintClass,
        verdict: Verdict,
        source: Source,
        phrases: &'static [&'static str],
        reason: &'static str,
    ) -> Self {
        RuleGroup {
            class,
            verdict,
            phrases,
            reason,
            source,
            rewording: None,
            older_persons_exempt: false,
        }
    }

    pub const fn reword(mut self, rewording: &'static str) -> Self {
        self.rewording = Some(rewording);
        self
    }

    pub const fn older_persons_exempt(mut self) -> Self {
        self.older_persons_exempt = true;
        self
    }
}

/// The term lists phrases may name in braces.
pub(super) fn terms(name: &str) -> &'static [&'static str] {
    match name {
        "race" => &[
            "white",
            "black",
            "caucasian",
            "african american",
            "asian",
            "asian american",
            "native american",
        ],
        "color" => &["colored", "light skinned", "dark skinned", "fair skinned"],
        // Not "foreign": "foreign buyers" is how the FIRPTA rules for non-residents are
        // asked about, which is information, not a preference.
        "nationality" => &[
            "hispanic",
            "latino",
            "latina",
            "latinx",
            "mexican",
            "chinese",
            "korean",
            "vietnamese",
            "indian",
            "irish",
            "italian",
            "polish",
            "russian",
            "puerto rican",
            "cuban",
            "haitian",
            "somali",
            "nigerian",
            "filipino",
            "japanese",
            "german",
            "jamaican",
            "dominican",
            "arab",
            "middle eastern",
        ],
        "religion" => &[
            "christian",
            "catholic",
            "protestant",
            "jewish",
            "muslim",
            "islamic",
            "hindu",
            "buddhist",
            "mormon",
            "evangelical",
            "sikh",
        ],
        // Places people live in, so "{race} neighborhood" flags residents, not paint.
        "area" => &[
            "neighborhood",
            "area",
            "community",
            "enclave",
            "district",
            "part of town",
            "suburb",
        ],
        // People who live in or buy a home.
        "people" => &[
            "buyer",
            "tenant",
            "resident",
            "renter",
            "neighbor",
            "family",
            "household",
            "people",
            "homeowner",
            "owner",
            "clientele",
            "crowd",
        ],
        // Ways of stating a preference about who may live there.
        "preferred" => &["only", "preferred", "wanted", "welcome only"],
        "near" => &[
            "near",
            "near the",
            "close to",
            "close to the",
            "walk to",
            "walk to the",
            "walking distance to",
            "walking distance to the",
            "steps from",
            "steps from the",
            "steps to the",
            "next to the",
            "across from the",
            "minutes from the",
        ],
        "worship" => &[
            "church",
            "synagogue",
            "mosque",
            "temple",
            "cathedral",
            "parish",
        ],
        "perfect for" => &[
            "perfect for",
            "ideal for",
            "great for",
            "suited for",
            "suited to",
            "made for",
        ],
        "kids" => &[
            "children", "child", "kid", "teenager", "teen", "=minors", "baby", "infant", "toddler",
            "family",
        ],
        _ => panic!("the rule tables name an unknown term list {{{name}}}"),
    }
}

/// Every phrase a template stands for, with each `{list}` replaced by each of its terms.
pub(super) fn expand(template: &str) -> Vec<String> {
    let Some(open) = template.find('{') else {
        return vec![template.to_owned()];
    };
    let close = open + template[open..].find('}').expect("a closed brace");
    let (head, tail) = (&template[..open], &template[close + 1..]);
    terms(&template[open + 1..close])
        .iter()
        .flat_map(|term| expand(&format!("{head}{term}{tail}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_expand_to_every_term_combination() {
        let phrases = expand("{religion} {area}");
        assert_eq!(phrases.len(), terms("religion").len() * terms("area").len());
        assert!(phrases.contains(&"jewish neighborhood".to_owned()));
        assert!(phrases.contains(&"mormon part of town".to_owned()));
        assert_eq!(expand("adults only"), vec!["adults only"]);
    }
}
