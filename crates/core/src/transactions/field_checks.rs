//! The checks each field of a deal entered or edited by hand must pass.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::record::{CustomField, Participant, PropertyAddress};
use super::status::status_code;
use crate::people::{Email, PersonName, TextInvalid, single_line};

const MAX_TEXT: usize = 200;
const MAX_TAGS: usize = 50;
const MAX_TAG: usize = 50;
const MAX_PARTICIPANTS: usize = 100;
const MAX_CUSTOM_FIELDS: usize = 500;
const MAX_CUSTOM_VALUE: usize = 10_000;
/// Amounts beyond a trillion are typing mistakes.
const MAX_MONEY: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

pub(super) fn invalid(message: impl Into<String>) -> TextInvalid {
    TextInvalid::new("invalid_transaction", message)
}

/// One trimmed line of at most 200 characters; empty is none.
pub(super) fn short_text(what: &str, raw: Option<String>) -> Result<Option<String>, TextInvalid> {
    let Some(text) = raw.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_TEXT {
        return Err(invalid(format!(
            "The {what} is limited to {MAX_TEXT} characters."
        )));
    }
    single_line("invalid_transaction", &format!("The {what}"), text)?;
    Ok(Some(text.to_owned()))
}

pub(super) fn code(what: &str, raw: Option<String>) -> Result<Option<String>, TextInvalid> {
    let Some(code) = raw.as_deref().and_then(status_code) else {
        return Ok(None);
    };
    if code.len() > 64 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(invalid(format!("{code:?} is not a Dotloop {what}.")));
    }
    Ok(Some(code))
}

pub(super) fn money(
    what: &str,
    value: Option<Decimal>,
    may_be_negative: bool,
) -> Result<Option<Decimal>, TextInvalid> {
    let Some(value) = value else { return Ok(None) };
    if value.normalize().scale() > 2
        || value.abs() >= MAX_MONEY
        || (value.is_sign_negative() && !may_be_negative && !value.is_zero())
    {
        return Err(invalid(format!(
            "The {what} must be an amount in dollars and cents{}.",
            if may_be_negative {
                ""
            } else {
                ", not negative"
            }
        )));
    }
    Ok(Some(value))
}

pub(super) fn percent(what: &str, value: Option<Decimal>) -> Result<Option<Decimal>, TextInvalid> {
    match value {
        Some(v)
            if v.is_sign_negative() && !v.is_zero()
                || v > Decimal::ONE_HUNDRED
                || v.normalize().scale() > 4 =>
        {
            Err(invalid(format!(
                "The {what} is a percent from 0 to 100 (3 means 3 %), not {v}."
            )))
        }
        other => Ok(other),
    }
}

pub(super) fn date(what: &str, value: Option<NaiveDate>) -> Result<Option<NaiveDate>, TextInvalid> {
    match value {
        Some(day) if !(1900..=2200).contains(&day.year()) => Err(invalid(format!(
            "The {what} {day} is not a plausible date."
        ))),
        other => Ok(other),
    }
}

pub(super) fn address(raw: PropertyAddress) -> Result<PropertyAddress, TextInvalid> {
    Ok(PropertyAddress {
        street_number: short_text("street number", raw.street_number)?,
        street_name: short_text("street name", raw.street_name)?,
        unit_number: short_text("unit number", raw.unit_number)?,
        city: short_text("city", raw.city)?,
        state: short_text("state", raw.state)?,
        postal_code: short_text("ZIP code", raw.postal_code)?,
        county: short_text("county", raw.county)?,
        country: short_text("country", raw.country)?,
    })
}

pub(super) fn tags(raw: Vec<String>) -> Result<Vec<String>, TextInvalid> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw {
        let Some(tag) = short_text("tag", Some(tag))? else {
            continue;
        };
        if tag.chars().count() > MAX_TAG {
            return Err(invalid(format!(
                "A tag is limited to {MAX_TAG} characters."
            )));
        }
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(invalid(format!(
            "A transaction holds at most {MAX_TAGS} tags."
        )));
    }
    Ok(tags)
}

pub(super) fn participants(raw: Vec<Participant>) -> Result<Vec<Participant>, TextInvalid> {
    if raw.len() > MAX_PARTICIPANTS {
        return Err(invalid(format!(
            "A transaction holds at most {MAX_PARTICIPANTS} participants."
        )));
    }
    raw.into_iter()
        .map(|p| {
            Ok(Participant {
                name: PersonName::parse(&p.name)?.into_string(),
                email: p
                    .email
                    .as_deref()
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .map(Email::parse)
                    .transpose()?
                    .map(Email::into_string),
                role: code("participant role", p.role)?,
            })
        })
        .collect()
}

pub(super) fn custom_fields(raw: Vec<CustomField>) -> Result<Vec<CustomField>, TextInvalid> {
    if raw.len() > MAX_CUSTOM_FIELDS {
        return Err(invalid(format!(
            "A transaction holds at most {MAX_CUSTOM_FIELDS} custom fields."
        )));
    }
    raw.into_iter()
        .map(|c| {
            let field = short_text("custom field's name", Some(c.field))?
                .ok_or_else(|| invalid("A custom field needs a name."))?;
            // Values such as remarks may run over several lines; NUL never belongs.
            if c.value.contains('\0') || c.value.chars().count() > MAX_CUSTOM_VALUE {
                return Err(invalid(format!(
                    "The value of {field} must be text of at most {MAX_CUSTOM_VALUE} characters."
                )));
            }
            Ok(CustomField {
                section: short_text("custom section", Some(c.section))?.unwrap_or_default(),
                field,
                value: c.value,
            })
        })
        .collect()
}
