//! Custom domains: the plan gate, DNS TXT verification through the real resolver against
//! a DNS server the test controls, one domain per tenant across the platform, and the
//! Host header of a verified domain naming its tenant.

use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::SignedIn;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn claim(
    app: &TestApp,
    owner: &SignedIn,
    domain: &str,
) -> brokerdesk_server::testing::api::Response {
    app.call(
        Method::PUT,
        "/v1/custom-domain",
        Some(&owner.access_token),
        Some(json!({ "domain": domain })),
    )
    .await
}

async fn verify(app: &TestApp, owner: &SignedIn) -> brokerdesk_server::testing::api::Response {
    app.post("/v1/custom-domain/verify", &owner.access_token, None)
        .await
}

fn actions(trail: &Value) -> Vec<&str> {
    trail
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|entry| entry["action"].as_str())
        .collect()
}

#[tokio::test]
async fn a_paid_plan_claims_publishes_and_verifies_a_domain() {
    let app = TestApp::spawn().await;
    let dns = &app.dns;
    let owner = app.register("acme").await;

    // The Free plan has no custom domains.
    let refused = claim(&app, &owner, "homes.acme-realty.com").await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "plan_feature_required")
    );
    app.set_plan("acme", "starter").await;

    for (bad, why) in [
        ("localhost", "single label"),
        ("acme.brokerdesk.test", "the platform's own domain"),
        ("https://acme.com", "a URL"),
        ("10.1.2.3", "an IP address"),
    ] {
        let refused = claim(&app, &owner, bad).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_domain"),
            "{why}"
        );
    }

    let claimed = claim(&app, &owner, " Homes.Acme-Realty.com. ").await;
    assert_eq!(claimed.status, StatusCode::OK, "{:?}", claimed.body);
    assert_eq!(claimed.body["domain"], "homes.acme-realty.com");
    assert_eq!(
        claimed.body["recordName"],
        "_brokerdesk-verification.homes.acme-realty.com"
    );
    assert!(claimed.body["verifiedAt"].is_null());
    let record_value = claimed.body["recordValue"].as_str().unwrap().to_owned();
    assert!(record_value.starts_with("brokerdesk-verification="));

    // Claiming the same domain again keeps the token a user may already have published.
    let again = claim(&app, &owner, "homes.acme-realty.com").await;
    assert_eq!(again.body["recordValue"], record_value.as_str());

    // Nothing published yet: a clear, actionable refusal.
    let missing = verify(&app, &owner).await;
    assert_eq!(
        (missing.status, missing.code()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "verification_record_missing"
        )
    );
    assert!(
        missing.body["message"]
            .as_str()
            .unwrap()
            .contains(&record_value)
    );

    // A record with the wrong token proves nothing.
    dns.publish_txt(
        "_brokerdesk-verification.homes.acme-realty.com",
        "brokerdesk-verification=not-the-token",
    );
    assert_eq!(
        verify(&app, &owner).await.code(),
        "verification_record_missing"
    );

    // The right one does, next to unrelated records.
    dns.publish_txt(
        "_brokerdesk-verification.homes.acme-realty.com",
        &record_value,
    );
    let verified = verify(&app, &owner).await;
    assert_eq!(verified.status, StatusCode::OK, "{:?}", verified.body);
    assert!(verified.body["verifiedAt"].is_string());
    assert_eq!(
        app.get("/v1/custom-domain", &owner.access_token).await.body["verifiedAt"],
        verified.body["verifiedAt"]
    );

    let trail = app.get("/v1/audit", &owner.access_token).await.body;
    let recorded = actions(&trail);
    assert_eq!(
        recorded
            .iter()
            .filter(|a| **a == "custom_domain.claimed")
            .count(),
        1,
        "the repeated claim of the same domain changed nothing: {recorded:?}"
    );
    assert!(recorded.contains(&"custom_domain.verified"));

    let removed = app
        .call(
            Method::DELETE,
            "/v1/custom-domain",
            Some(&owner.access_token),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let gone = app.get("/v1/custom-domain", &owner.access_token).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let registry: Option<String> =
        sqlx::query_scalar("select custom_domain from tenants where subdomain = 'acme'")
            .fetch_one(&app.db.admin_pool().await)
            .await
            .unwrap();
    assert_eq!(
        registry, None,
        "removal takes the domain out of the registry"
    );
}

#[tokio::test]
async fn a_failing_dns_server_is_a_retryable_error_not_a_missing_record() {
    let app = TestApp::spawn().await;
    let dns = &app.dns;
    let owner = app.register("acme").await;
    app.set_plan("acme", "professional").await;
    claim(&app, &owner, "acme-realty.com").await;
    dns.fail_every_query(true);
    let failed = verify(&app, &owner).await;
    assert_eq!(
        (failed.status, failed.code()),
        (StatusCode::SERVICE_UNAVAILABLE, "dns_unavailable")
    );
}

#[tokio::test]
async fn a_domain_names_one_tenant_and_its_host_header_is_checked() {
    let app = TestApp::spawn().await;
    let dns = &app.dns;
    let acme = app.register("acme").await;
    let summit = app.register("summit").await;
    app.set_plan("acme", "starter").await;
    app.set_plan("summit", "starter").await;

    let acme_claim = claim(&app, &acme, "homes.acme-realty.com").await;
    dns.publish_txt(
        acme_claim.body["recordName"].as_str().unwrap(),
        acme_claim.body["recordValue"].as_str().unwrap(),
    );
    assert_eq!(verify(&app, &acme).await.status, StatusCode::OK);

    // Summit claims the same name. Even with its own record published (say DNS moved
    // hands), it cannot take a domain another brokerage is verified for.
    let summit_claim = claim(&app, &summit, "homes.acme-realty.com").await;
    assert_eq!(summit_claim.status, StatusCode::OK);
    dns.publish_txt(
        summit_claim.body["recordName"].as_str().unwrap(),
        summit_claim.body["recordValue"].as_str().unwrap(),
    );
    let taken = verify(&app, &summit).await;
    assert_eq!(
        (taken.status, taken.code()),
        (StatusCode::CONFLICT, "domain_in_use")
    );

    let me_through = |host, who: &SignedIn| {
        let token = who.access_token.clone();
        let app = &app;
        async move { app.get_via_host("/v1/me", &token, host).await.status() }
    };
    // Acme through its own domain: fine. Summit's token through Acme's domain: refused.
    assert_eq!(
        me_through("homes.acme-realty.com", &acme).await,
        StatusCode::OK
    );
    assert_eq!(
        me_through("homes.acme-realty.com:443", &summit).await,
        StatusCode::FORBIDDEN
    );
    // A name no tenant has verified leaves the token in charge.
    assert_eq!(me_through("api.example.com", &summit).await, StatusCode::OK);

    // Once Acme lets the domain go, it no longer names Acme.
    app.call(
        Method::DELETE,
        "/v1/custom-domain",
        Some(&acme.access_token),
        None,
    )
    .await;
    assert_eq!(
        me_through("homes.acme-realty.com", &summit).await,
        StatusCode::OK
    );
}
