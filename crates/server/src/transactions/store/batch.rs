//! Deals written in batches. A write sends its rows column by column, one array per
//! column in PostgreSQL's binary format, and `unnest` lays them back out as rows, so one
//! statement stores thousands of deals and the database parses almost no text for them
//! (decimals, dates, times and ids arrive as binary values). The participants' emails
//! and name keys are text arrays inside a row, which a binary array of arrays cannot
//! carry (every row's would need the same length): they travel as array literals and
//! are cast back.

use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::types::Json;

use super::StoredRow;
use brokerdesk_core::transactions::{CustomField, Participant};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

type Statement<'q> = Query<'q, sqlx::Postgres, PgArguments>;

/// A value as its column's array carries it.
trait IntoColumn<T> {
    fn into_column(self) -> T;
}

impl<T> IntoColumn<T> for T {
    fn into_column(self) -> T {
        self
    }
}

impl IntoColumn<String> for Vec<String> {
    /// A PostgreSQL array literal: every element quoted, quotes and backslashes escaped.
    fn into_column(self) -> String {
        let quoted: Vec<String> = self
            .iter()
            .map(|item| format!("\"{}\"", item.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect();
        format!("{{{}}}", quoted.join(","))
    }
}

macro_rules! columns {
    ($($name:ident: $ty:ty => $array:literal $(as $cast:literal)?,)+) => {
        /// The rows of one statement, column by column, in [`StoredRow`]'s order.
        #[derive(Default)]
        pub(super) struct Columns {
            $($name: Vec<$ty>,)+
        }

        impl Columns {
            /// Each column with the type of its array and what its value is cast to.
            const SHAPE: &[(&str, &str, &str)] = &[$((stringify!($name), $array, concat!("" $(, "::", $cast)?)),)+];

            pub(super) fn push(&mut self, row: StoredRow) {
                $(self.$name.push(row.$name.into_column());)+
            }

            pub(super) fn bind(self, statement: Statement<'_>) -> Statement<'_> {
                statement$(.bind(self.$name))+
            }
        }
    };
}

columns! {
    id: Uuid => "uuid",
    loop_view_id: Option<String> => "text",
    loop_id: Option<String> => "text",
    profile_id: Option<String> => "text",
    name: String => "text",
    status: Option<String> => "text",
    transaction_type: Option<String> => "text",
    street_number: Option<String> => "text",
    street_name: Option<String> => "text",
    unit_number: Option<String> => "text",
    city: Option<String> => "text",
    state: Option<String> => "text",
    postal_code: Option<String> => "text",
    county: Option<String> => "text",
    country: Option<String> => "text",
    mls_number: Option<String> => "text",
    parcel_id: Option<String> => "text",
    sale_price: Option<Decimal> => "numeric",
    original_price: Option<Decimal> => "numeric",
    current_price: Option<Decimal> => "numeric",
    commission_rate: Option<Decimal> => "numeric",
    commission_total: Option<Decimal> => "numeric",
    buy_side_split_percent: Option<Decimal> => "numeric",
    sell_side_split_percent: Option<Decimal> => "numeric",
    buy_side_split_amount: Option<Decimal> => "numeric",
    sell_side_split_amount: Option<Decimal> => "numeric",
    referral_percent: Option<Decimal> => "numeric",
    referral_source: Option<String> => "text",
    earnest_money: Option<Decimal> => "numeric",
    contract_date: Option<NaiveDate> => "date",
    offer_date: Option<NaiveDate> => "date",
    listing_date: Option<NaiveDate> => "date",
    expiration_date: Option<NaiveDate> => "date",
    closing_date: Option<NaiveDate> => "date",
    paid_date: Option<NaiveDate> => "date",
    tags: Json<Vec<String>> => "jsonb",
    compliance_status: Option<String> => "text",
    loop_url: Option<String> => "text",
    loop_created_at: Option<DateTime<Utc>> => "timestamptz",
    loop_updated_at: Option<DateTime<Utc>> => "timestamptz",
    participants: Json<Vec<Participant>> => "jsonb",
    custom_fields: Json<Vec<CustomField>> => "jsonb",
    participant_emails: String => "text" as "text[]",
    participant_names: String => "text" as "text[]",
    search_text: String => "text",
}

/// The upsert of a batch: new ids inserted, known ones replaced (their creation time
/// stays). `$1` tenant, `$2` version, `$3` now, then one array per column.
pub(super) fn upsert_sql() -> String {
    let names: Vec<&str> = Columns::SHAPE.iter().map(|(name, ..)| *name).collect();
    let arrays: Vec<String> = Columns::SHAPE
        .iter()
        .enumerate()
        .map(|(i, (_, array, _))| format!("${}::{array}[]", i + 4))
        .collect();
    let values: Vec<String> = Columns::SHAPE
        .iter()
        .map(|(name, _, cast)| format!("r.{name}{cast}"))
        .collect();
    let replaced: Vec<String> = names[1..]
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    format!(
        "insert into transactions (tenant_id, version, created_at, updated_at, {names})
         select $1, $2, $3, $3, {values} from unnest({arrays}) as r({names})
         on conflict (tenant_id, id) do update
            set {replaced}, updated_at = excluded.updated_at, version = excluded.version",
        names = names.join(", "),
        values = values.join(", "),
        arrays = arrays.join(", "),
        replaced = replaced.join(", "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lists_travel_as_array_literals_that_keep_every_character() {
        let literal: String =
            vec![r#"a"b"#.to_owned(), r"c\d".to_owned(), "e,f".to_owned()].into_column();
        assert_eq!(literal, r#"{"a\"b","c\\d","e,f"}"#);
        assert_eq!(
            IntoColumn::<String>::into_column(Vec::<String>::new()),
            "{}"
        );
    }

    #[test]
    fn the_upsert_names_every_column_once_with_its_array() {
        let sql = upsert_sql();
        assert!(sql.contains("$4::uuid[]"), "{sql}");
        assert!(sql.contains("r.participant_emails::text[]"), "{sql}");
        assert_eq!(Columns::SHAPE.len(), 45);
    }
}
