//! The fake account's profiles, loops, details and participants, in API v2's shapes,
//! with the mess the real API has: ids as numbers or text, dates in mixed formats
//! inside one loop's values, money as `110000.0` or `$667,900.00`.

use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};
use serde_json::{Value, json};

/// Loops in the main profile.
pub const LOOP_COUNT: usize = 1_234;
/// The brokerage's profile, which holds every loop.
pub const BROKERAGE_PROFILE: &str = "4711";
/// A team profile that shows the first few of the same loops again.
pub const TEAM_PROFILE: &str = "4712";
pub const TEAM_SHARED_LOOPS: usize = 5;
/// The first loop view id; loops are numbered on from it.
pub const FIRST_LOOP: u64 = 50_000;
/// A loop that was merged into [`MERGED_INTO`]: it no longer answers.
pub const MERGED_AWAY: &str = "99001";
pub const MERGED_INTO: &str = "50007";

#[derive(Clone, Debug)]
pub struct FakeLoop {
    pub id: String,
    pub profiles: Vec<&'static str>,
    pub updated: DateTime<Utc>,
    pub name: String,
    pub status: &'static str,
}

pub fn loops() -> Vec<FakeLoop> {
    let start = Utc.with_ymd_and_hms(2017, 1, 1, 0, 0, 0).unwrap();
    (0..LOOP_COUNT)
        .map(|i| {
            let mut profiles = vec![BROKERAGE_PROFILE];
            if i < TEAM_SHARED_LOOPS {
                profiles.push(TEAM_PROFILE);
            }
            FakeLoop {
                id: (FIRST_LOOP + i as u64).to_string(),
                profiles,
                updated: start + Duration::hours(i as i64),
                name: format!("{} Harbor Rd", i + 1),
                status: ["ACTIVE_LISTING", "UNDER_CONTRACT", "SOLD", "ARCHIVED"][i % 4],
            }
        })
        .collect()
}

pub fn profiles() -> Value {
    json!({"data": [
        {"id": 4711, "name": "Acme Realty", "type": "BROKERAGE", "company": "Acme", "default": true},
        {"id": TEAM_PROFILE, "name": "Harbor Team", "type": "TEAM"}
    ]})
}

fn index(fake: &FakeLoop) -> u64 {
    fake.id.parse::<u64>().unwrap_or(FIRST_LOOP) - FIRST_LOOP
}

/// The loop as a list or a single answer carries it; `details` inline when asked for.
pub fn loop_json(fake: &FakeLoop, profile: &str, with_details: bool) -> Value {
    let i = index(fake);
    // Ids come as numbers on even loops and as text on odd ones, as the API mixes them.
    let id = if i.is_multiple_of(2) {
        json!(i + FIRST_LOOP)
    } else {
        json!(fake.id)
    };
    let mut value = json!({
        "id": id,
        "profileId": profile.parse::<u64>().map(Value::from).unwrap_or(json!(profile)),
        "name": fake.name,
        "status": fake.status,
        "transactionType": "LISTING_FOR_SALE",
        "totalTaskCount": 10,
        "completedTaskCount": i % 10,
        "created": "2016-12-01T09:30:00Z",
        "updated": fake.updated.to_rfc3339_opts(SecondsFormat::Secs, true),
        "loopUrl": format!("https://www.dotloop.com/my/loop/{}", fake.id),
    });
    if with_details {
        value["details"] = details(fake);
    }
    value
}

/// Detail sections: every value text, dates in three formats, a custom section.
pub fn details(fake: &FakeLoop) -> Value {
    let i = index(fake);
    let price = if i.is_multiple_of(3) {
        "$667,900.00"
    } else {
        "110000.0"
    };
    json!({
        "Property Address": {
            "Street Number": (i + 1).to_string(), "Street Name": "Harbor Rd", "City": "Portland",
            "State/Prov": "ME", "Zip/Postal Code": "04101", "MLS Number": format!("ME-{}", fake.id)
        },
        "Financials": {
            "Purchase/Sale Price": price, "Sale Commission Rate": "3%",
            "Sale Commission Total": "3,300.00"
        },
        "Contract Dates": {"Closing Date": "11/01/2017", "Contract Agreement Date": "2017-10-02"},
        "Listing Information": {
            "Expiration Date": "March 05, 2017", "Listing Date": "2017-01-15",
            "Original Price": "115000.0"
        },
        "Lead Source": {"Lead Source": "Zillow"}
    })
}

pub fn participants(fake: &FakeLoop) -> Value {
    json!({"data": [
        {"id": 1, "fullName": "Alice Agent", "email": "Alice@Acme.test", "role": "LISTING_AGENT"},
        {"id": "2", "fullName": format!("Seller of {}", fake.name), "role": "SELLER"}
    ]})
}
