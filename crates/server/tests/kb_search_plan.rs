//! The chatbot's search uses its indexes as the API runs it: as `brokerdesk_app`, under
//! row-level security, with the statements the API builds. Without the LEAKPROOF marks
//! on `@@` and `%>` in `db/leakproof_search.sql`, the planner checks the tenant policy
//! first and then every one of the tenant's chunks, row by row.

use brokerdesk_server::testing::kb::{explain_search, publish_demo_items, seed_filler_chunks};
use brokerdesk_server::testing::{TestDatabase, create_tenant};

#[tokio::test]
async fn both_rankings_read_their_gin_index_under_rls() {
    let db = TestDatabase::create().await;
    let database = db.database().await;
    let admin = db.admin_pool().await;
    let tenant = create_tenant(&database, "searched").await;
    let neighbour = create_tenant(&database, "neighbour").await;
    publish_demo_items(&database, tenant).await.unwrap();
    seed_filler_chunks(&admin, tenant, 8_000).await.unwrap();
    seed_filler_chunks(&admin, neighbour, 2_000).await.unwrap();
    // Misspelt words no filler chunk holds: a selective question, for which an index is
    // the right plan. (A question of common words matches a quarter of the filler, and
    // there a sequential scan is the planner's honest choice, policy or not.)
    let [full_text, trigrams] = explain_search(&database, tenant, "earnst mony escrw")
        .await
        .unwrap();
    assert!(
        full_text.contains("Bitmap Index Scan on kb_chunks_search"),
        "the full-text ranking does not use its GIN index under RLS:\n{full_text}"
    );
    assert!(
        trigrams.contains("Bitmap Index Scan on kb_chunks_match_text"),
        "the trigram ranking does not use its GIN index under RLS:\n{trigrams}"
    );
    for plan in [&full_text, &trigrams] {
        assert!(
            !plan.contains("Filter: ((search @@") && !plan.contains("Filter: ((match_text %>"),
            "a ranking is checked row by row after the policy:\n{plan}"
        );
    }
}
