//! A small HTTP client for tests that drive the API as a user would.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::TestApp;

pub struct Response {
    pub status: StatusCode,
    pub body: Value,
}

impl Response {
    /// The error code of an error response.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

pub struct SignedIn {
    pub access_token: String,
    pub refresh_token: String,
    pub tenant_id: String,
    pub user_id: String,
}

/// Sends a request; the answer's status and JSON body (null when not JSON).
async fn answer(request: reqwest::RequestBuilder) -> Response {
    let response = request.send().await.expect("the API answers");
    let status = response.status();
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Response { status, body }
}

impl TestApp {
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut request = reqwest::Client::new().request(method, format!("{}{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        answer(request).await
    }

    /// POSTs `file` as `text/csv`, as an import route takes it.
    pub async fn post_csv(&self, path: &str, token: &str, file: &[u8]) -> Response {
        let request = reqwest::Client::new()
            .post(format!("{}{path}", self.address))
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "text/csv")
            .body(file.to_vec());
        answer(request).await
    }

    /// The access token of a demo member (the seed's password).
    pub async fn demo_token(&self, tenant: &str, email: &str) -> String {
        signed_in(
            self.sign_in(tenant, email, crate::seed::DEMO_PASSWORD)
                .await,
        )
        .access_token
    }

    /// The id of the record with `email` in the list at `path` (the members, the
    /// roster), as `token`'s holder reads it.
    pub async fn id_of_email(&self, token: &str, path: &str, email: &str) -> String {
        let list = self.get(path, token).await.body;
        list.as_array()
            .unwrap()
            .iter()
            .find(|record| record["email"] == email)
            .unwrap_or_else(|| panic!("{email} is not in {path}: {list}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The id of the roster agent with `email`.
    pub async fn roster_id(&self, token: &str, email: &str) -> String {
        self.id_of_email(token, "/v1/roster", email).await
    }

    /// PATCHes `body` to `path`, answering the status and the body.
    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .call(Method::PATCH, path, Some(token), Some(body))
            .await;
        (response.status, response.body)
    }

    /// Registers a brokerage and returns its owner's session.
    pub async fn register(&self, subdomain: &str) -> SignedIn {
        let response = self
            .call(
                Method::POST,
                "/v1/tenants",
                None,
                Some(json!({
                    "companyName": format!("{subdomain} Realty"),
                    "subdomain": subdomain,
                    "ownerEmail": format!("owner@{subdomain}.test"),
                    "ownerName": format!("Owner of {subdomain}"),
                    "ownerPassword": "copper-lantern-orbit-meadow",
                })),
            )
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
        signed_in(response)
    }

    pub async fn sign_in(&self, tenant: &str, email: &str, password: &str) -> Response {
        self.call(
            Method::POST,
            "/v1/auth/sign-in",
            None,
            Some(json!({ "tenant": tenant, "email": email, "password": password })),
        )
        .await
    }

    pub async fn post(&self, path: &str, token: &str, body: Option<Value>) -> Response {
        self.call(Method::POST, path, Some(token), body).await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Response {
        let body = json!({ "refreshToken": refresh_token });
        self.call(Method::POST, "/v1/auth/refresh", None, Some(body))
            .await
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.call(Method::GET, path, Some(token), None).await
    }

    /// Seeds the demo staff member, signs them in and opens a support session in
    /// `tenant` for `reason`; returns the session's access token.
    pub async fn demo_support_session(&self, tenant: &str, reason: &str) -> String {
        let master = crate::sealed::MasterKey::from_base64(super::TEST_MASTER_KEY)
            .expect("the test master key is valid");
        crate::seed::seed_demo_staff(&self.db.args, &master)
            .await
            .expect("the demo staff member is seeded");
        let body = json!({
            "email": crate::staff::DEMO_STAFF_EMAIL,
            "password": crate::seed::DEMO_PASSWORD,
            "mfaCode": super::demo_staff_code(0),
        });
        let staff = self
            .call(Method::POST, "/v1/staff/sign-in", None, Some(body))
            .await;
        assert_eq!(staff.status, StatusCode::OK, "{:?}", staff.body);
        let token = staff.body["accessToken"].as_str().expect("a staff token");
        let body = json!({ "tenantId": tenant, "reason": reason, "ticket": "SUP-4321" });
        let opened = self
            .post("/v1/staff/support-sessions", token, Some(body))
            .await;
        assert_eq!(opened.status, StatusCode::CREATED, "{:?}", opened.body);
        opened.body["accessToken"]
            .as_str()
            .expect("a support token")
            .to_owned()
    }

    /// Pushes `mutations` as device `device` and returns the results, in order.
    pub async fn push(&self, token: &str, device: uuid::Uuid, mutations: Vec<Value>) -> Vec<Value> {
        let body = json!({ "deviceId": device, "mutations": mutations });
        let response = self.post("/v1/sync/push", token, Some(body)).await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
        response.body["results"]
            .as_array()
            .expect("a push answers with results")
            .clone()
    }

    /// Every change the caller can pull, following the cursor `limit` changes a page at a
    /// time, and how many pages that took.
    pub async fn pull_all(&self, token: &str, limit: u32) -> (Vec<Value>, usize) {
        self.pull_all_within(token, limit, None).await
    }

    /// [`TestApp::pull_all`] with pages of at most `max_bytes` of row data, when given.
    pub async fn pull_all_within(
        &self,
        token: &str,
        limit: u32,
        max_bytes: Option<u32>,
    ) -> (Vec<Value>, usize) {
        let budget = max_bytes.map_or_else(String::new, |bytes| format!("&maxBytes={bytes}"));
        let mut cursor = json!({ "version": 0, "entity": "", "id": "" });
        let mut changes = Vec::new();
        let mut pages = 0;
        loop {
            let path = format!(
                "/v1/sync/pull?afterVersion={}&afterEntity={}&afterId={}&limit={limit}{budget}",
                cursor["version"],
                cursor["entity"].as_str().unwrap_or_default(),
                cursor["id"].as_str().unwrap_or_default()
            );
            let page = self.get(&path, token).await;
            assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
            pages += 1;
            let rows = page.body["changes"].as_array().expect("a page has changes");
            assert!(rows.len() <= limit as usize);
            changes.extend(rows.iter().cloned());
            cursor = page.body["next"].clone();
            if !page.body["hasMore"]
                .as_bool()
                .expect("a page says if more follow")
            {
                assert!(
                    page.body["tenant"].is_object(),
                    "the last page carries the tenant"
                );
                return (changes, pages);
            }
        }
    }

    /// `GET path` as if sent to the address `host` (the Host header).
    pub async fn get_via_host(&self, path: &str, token: &str, host: &str) -> reqwest::Response {
        reqwest::Client::new()
            .get(format!("{}{path}", self.address))
            .bearer_auth(token)
            .header(reqwest::header::HOST, host)
            .send()
            .await
            .expect("the API answers")
    }

    /// Moves a tenant to another plan behind the API's back.
    pub async fn set_plan(&self, subdomain: &str, plan: &str) {
        sqlx::query("update tenants set plan = $2 where subdomain = $1")
            .bind(subdomain)
            .bind(plan)
            .execute(&self.db.admin_pool().await)
            .await
            .expect("the plan changes");
    }
}

/// The session in a successful sign-in, registration or refresh response.
pub fn signed_in(response: Response) -> SignedIn {
    let field = |name: &str| response.body[name].as_str().expect(name).to_owned();
    SignedIn {
        access_token: field("accessToken"),
        refresh_token: field("refreshToken"),
        tenant_id: field("tenantId"),
        user_id: field("userId"),
    }
}

/// A pushed mutation's result as (status, code), empty when absent.
pub fn push_outcome(result: &Value) -> (&str, &str) {
    (
        result["outcome"]["status"].as_str().unwrap_or(""),
        result["outcome"]["code"].as_str().unwrap_or(""),
    )
}
