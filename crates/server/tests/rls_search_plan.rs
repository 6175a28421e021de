//! The lead search uses its trigram indexes as the API runs it: as `brokerdesk_app`,
//! under row-level security, with the statement the API builds. Without the LEAKPROOF
//! marks of `db/leakproof_search.sql` the planner may not check the search's LIKE before
//! the tenant policy, walks the tenant's leads in sort order and filters each one
//! (130 times slower in a tenant of 20,000 leads).

use brokerdesk_core::leads::list::LeadListQuery;
use brokerdesk_server::testing::leads::{explain_list_page, seed_leads};
use brokerdesk_server::testing::{TestDatabase, create_tenant};

/// The plans of a first page searching each of `needles`, as brokerdesk_app under RLS,
/// in a tenant of 12,000 leads beside another tenant's 3,000.
async fn searched_plans(needles: &[&str]) -> Vec<String> {
    let db = TestDatabase::create().await;
    let database = db.database().await;
    let admin = db.admin_pool().await;
    let tenant = create_tenant(&database, "searched").await;
    let neighbour = create_tenant(&database, "neighbour").await;
    seed_leads(&admin, tenant, 12_000, None).await.unwrap();
    seed_leads(&admin, neighbour, 3_000, None).await.unwrap();
    sqlx::query("analyze leads").execute(&admin).await.unwrap();
    let mut plans = Vec::new();
    for needle in needles {
        let query = LeadListQuery {
            q: Some((*needle).into()),
            ..LeadListQuery::default()
        };
        let plan = explain_list_page(&database, tenant, &query, true)
            .await
            .unwrap()
            .join("\n");
        // Guards the guard: the statement found the one lead the needle names in this
        // tenant (not the neighbour's), so this is the plan of a real search.
        assert!(
            plan.contains("Limit") && plan.contains("rows=1 loops=1"),
            "{plan}"
        );
        plans.push(plan);
    }
    plans
}

#[tokio::test]
async fn searches_read_the_trigram_indexes_under_rls() {
    let plans = searched_plans(&["bulk lead 10234", "+1 (415) 555-9234"]).await;
    assert!(
        plans[0].contains("Bitmap Index Scan on leads_search_text"),
        "the search text's trigram index is not used under RLS:\n{}",
        plans[0]
    );
    // Digits search the phone numbers too: the two conditions are ORed, and each one
    // must come from its own index for the bitmap OR to replace the row-by-row walk.
    for index in ["leads_search_text", "leads_search_phones"] {
        assert!(
            plans[1].contains(&format!("Bitmap Index Scan on {index}")),
            "{index} is not used under RLS:\n{}",
            plans[1]
        );
    }
    for plan in &plans {
        assert!(
            !plan.contains("Filter: ((search_text")
                && !plan.contains("Filter: (search_text")
                && !plan.contains("lead_search_text("),
            "the search is checked row by row after the policy:\n{plan}"
        );
    }
}
