//! Driving the real desktop binary in a real window: tauri-driver in front of
//! WebKitWebDriver, which launches the app. scripts/test.sh provides the display (Xvfb)
//! and a Secret Service (gnome-keyring on a private D-Bus).

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the UI gets to reach an expected state. Generous: the first WebKit start on
/// a cold, busy CI machine is slow.
const UI_TIMEOUT: Duration = Duration::from_secs(60);

const SESSION_ATTEMPTS: u32 = 3;

/// One app window at a time in a test binary. The tests of one file run in parallel,
/// and two WebKit windows driven at once on a two-core machine starved each other until
/// a WebDriver session died ("invalid session id") in the middle of a test.
static ONE_WINDOW_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct DesktopSession {
    pub client: Client,
    driver: Child,
    /// Held while the window is open; released after the driver is stopped (`Drop`).
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl DesktopSession {
    /// Starts the desktop app pointed at `server_url`, keeping its caches and list of
    /// sign-ins under `data_home` (its XDG data folder), and connects a WebDriver
    /// session. Launching again with the same folder is the app's next start.
    pub async fn launch(server_url: &str, data_home: &Path) -> Self {
        Self::launch_with_env(server_url, data_home, &[]).await
    }

    /// [`launch`](Self::launch), with more environment for the app (which inherits the
    /// driver's).
    pub async fn launch_with_env(server_url: &str, data_home: &Path, env: &[(&str, &str)]) -> Self {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "the desktop tests need a display; run them through scripts/test.sh, which provides Xvfb"
        );
        let turn = ONE_WINDOW_AT_A_TIME.lock().await;
        let capabilities = json!({
            "tauri:options": {
                "application": env!("CARGO_BIN_EXE_brokerdesk"),
                "args": ["--server-url", server_url],
            }
        });
        // Each attempt starts a fresh driver on fresh ports: a port found free can be
        // taken by another process before WebKitWebDriver binds it (CI saw "Unable to
        // listen for HTTP server"), and retrying against that driver can never succeed.
        let mut attempt = 1;
        let (client, driver) = loop {
            let mut driver = spawn_driver(data_home, env);
            match connect_session(&mut driver, &capabilities).await {
                Ok(client) => break (client, driver.child),
                Err(error) => {
                    let _ = driver.child.kill();
                    let _ = driver.child.wait();
                    if attempt == SESSION_ATTEMPTS {
                        panic!("a WebDriver session opens the Brokerdesk window: {error}")
                    }
                    eprintln!(
                        "WebDriver session attempt {attempt} failed: {error}; retrying with a new driver"
                    );
                    attempt += 1;
                }
            }
        };
        Self {
            client,
            driver,
            _turn: turn,
        }
    }

    /// Waits until the element with `data-testid` is in `data-state`, and returns its
    /// text. Polled like the text waits, so a re-render between finding the element and
    /// reading it (a stale element) is simply read again.
    pub async fn wait_for_state(&self, test_id: &str, state: &str) -> String {
        let selector = format!("[data-testid='{test_id}'][data-state='{state}']");
        let expectation = format!("reach state {state}");
        self.wait_for_content(&selector, test_id, &expectation, Shown::InDom, |_| true)
            .await
    }

    /// The element with `data-testid`, once it appears.
    pub async fn element(&self, test_id: &str) -> Element {
        self.element_at(&by_test_id(test_id), test_id).await
    }

    /// The first element the CSS `selector` finds, once it appears; `name` names it in
    /// a failure and its screenshot.
    pub async fn element_at(&self, selector: &str, name: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css(selector))
            .await
        {
            Ok(element) => element,
            Err(error) => {
                let shot = self.screenshot(&format!("failed-{name}")).await;
                panic!("no element {name}: {error} (see {})", shot.display())
            }
        }
    }

    pub async fn click(&self, test_id: &str) {
        if let Err(error) = self.element(test_id).await.click().await {
            let shot = self.screenshot(&format!("failed-click-{test_id}")).await;
            panic!(
                "{test_id} cannot be clicked: {error} (see {})",
                shot.display()
            );
        }
    }

    /// Signs in to acme as the member with `email` (the demo password), from the
    /// sign-in form.
    pub async fn sign_in(&self, email: &str) {
        self.element("signin-form").await;
        self.wait_for_value("signin-server", |url| !url.is_empty())
            .await;
        self.fill("signin-tenant", "acme").await;
        self.fill("signin-email", email).await;
        self.fill("signin-password", brokerdesk_server::seed::DEMO_PASSWORD)
            .await;
        self.click("signin-submit").await;
        self.element("header-identity").await;
    }

    /// Types `text` into the (empty or cleared) field with `data-testid`.
    pub async fn fill(&self, test_id: &str, text: &str) {
        let field = self.element(test_id).await;
        field.clear().await.expect("clear");
        // WebKitWebDriver drops a typed '\n'; the Enter key types the line break, as a
        // person would (in a textarea: a single-line field would submit its form).
        field
            .send_keys(&text.replace('\n', "\u{E007}"))
            .await
            .expect("type");
    }

    pub async fn select(&self, test_id: &str, value: &str) {
        self.element(test_id)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("{test_id} has no option {value}: {e}"));
    }

    /// Waits until the element with `data-testid` holds `needle`, and returns its text.
    pub async fn wait_for_text(&self, test_id: &str, needle: &str) -> String {
        self.wait_for_content(
            &by_test_id(test_id),
            test_id,
            &format!("show {needle:?}"),
            Shown::OnScreen,
            |text| text.contains(needle),
        )
        .await
    }

    /// Waits until the input with `data-testid` holds a value `accept` takes, and
    /// returns it. Fields the app fills once it has asked the shell (the sign-in form's
    /// server address) start empty for a moment.
    pub async fn wait_for_value(&self, test_id: &str, accept: impl Fn(&str) -> bool) -> String {
        self.poll(
            &by_test_id(test_id),
            test_id,
            "hold a value",
            ("value", Shown::OnScreen),
            accept,
        )
        .await
    }

    /// Waits until the element with `data-testid` no longer holds `needle` (it must be
    /// there to be read), and returns its text.
    pub async fn wait_without_text(&self, test_id: &str, needle: &str) -> String {
        self.wait_for_content(
            &by_test_id(test_id),
            test_id,
            &format!("stop showing {needle:?}"),
            Shown::InDom,
            |text| !text.contains(needle),
        )
        .await
    }

    /// Polls the text of the element `selector` finds (the one with `data-testid`
    /// `test_id`) until `accept` takes it. Reads `textContent`: WebKitWebDriver's
    /// visible-text algorithm drops the text of the virtualised tables' absolutely
    /// positioned, transformed rows. An element gone stale before it is read counts as
    /// not found yet.
    async fn wait_for_content(
        &self,
        selector: &str,
        test_id: &str,
        expectation: &str,
        shown: Shown,
        accept: impl Fn(&str) -> bool,
    ) -> String {
        self.poll(
            selector,
            test_id,
            expectation,
            ("textContent", shown),
            accept,
        )
        .await
    }

    /// Polls the DOM `property` of the element `selector` finds until `accept` takes it
    /// (and, if it must be [`Shown::OnScreen`], until the element takes room).
    async fn poll(
        &self,
        selector: &str,
        test_id: &str,
        expectation: &str,
        (property, shown): (&str, Shown),
        accept: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + UI_TIMEOUT;
        let mut last = None;
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(selector)).await
                && let Ok(text) = element.prop(property).await
            {
                let text = text.unwrap_or_default();
                if !accept(&text) {
                    last = Some(text);
                } else if shown == Shown::InDom || self.takes_room(&element).await {
                    return text;
                } else {
                    last = Some(format!("{text} (in a box the layout gives no room)"));
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let shot = self.screenshot(&format!("failed-{test_id}")).await;
        panic!(
            "{test_id} did not {expectation}; it showed {last:?} (see {})",
            shot.display()
        );
    }

    /// Whether `element` takes room in the layout: a box 0 px wide or high inside its
    /// borders (or not rendered at all) holds text nobody sees. A block's inside is its
    /// client height, since the privacy register's 0 px table was still 2 px of border;
    /// an inline element has none, and is measured whole.
    async fn takes_room(&self, element: &Element) -> bool {
        let script = "const el = arguments[0]; const box = el.getBoundingClientRect(); \
                      const inline = getComputedStyle(el).display === 'inline'; \
                      return box.width > 0 && (inline ? box.height : el.clientHeight) > 0;";
        let element = serde_json::to_value(element).expect("an element reference");
        self.client
            .execute(script, vec![element])
            .await
            .is_ok_and(|taken| taken == Value::Bool(true))
    }

    /// Runs `script` in the window with the element with `data-testid` as
    /// `arguments[0]`, and returns what it returns.
    async fn run_on(&self, test_id: &str, script: &str) -> serde_json::Value {
        let element = self.element(test_id).await;
        self.client
            .execute(
                script,
                vec![serde_json::to_value(&element).expect("an element reference")],
            )
            .await
            .unwrap_or_else(|e| panic!("{script} on {test_id} failed: {e}"))
    }

    /// The height the layout gives the element with `data-testid`, in CSS pixels. Text
    /// can be in the page and still not be seen: a table the layout leaves no room for is
    /// 0 high.
    #[allow(dead_code)] // Not every window test measures; they share this harness.
    pub async fn rendered_height(&self, test_id: &str) -> f64 {
        self.run_on(
            test_id,
            "return arguments[0].getBoundingClientRect().height;",
        )
        .await
        .as_f64()
        .expect("a height")
    }

    /// Scrolls the element with `data-testid` into view, for a screenshot that shows it.
    pub async fn scroll_to(&self, test_id: &str) {
        self.run_on(test_id, "arguments[0].scrollIntoView({block: 'center'});")
            .await;
    }

    /// Opens a page of the app by its hash route, e.g. `#/audit`.
    pub async fn visit(&self, hash: &str) {
        self.client
            .execute("window.location.hash = arguments[0];", vec![json!(hash)])
            .await
            .expect("navigates");
    }

    /// Saves a PNG of the window under target/screenshots/ for people to look at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(format!("{name}.png"));
        // WebKit paints asynchronously: wait two frames so the picture shows the DOM the
        // assertions just saw, not the frame before it.
        self.client
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                vec![],
            )
            .await
            .expect("the page paints");
        let png = self.client.screenshot().await.expect("screenshot");
        assert!(png.starts_with(b"\x89PNG"), "WebDriver returned a PNG");
        std::fs::write(&path, png).expect("screenshot saved");
        path
    }

    /// Ends the session (which closes the app) and stops the driver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// A failed assertion unwinds through here too, so no driver (and with it no app
/// window) outlives its test.
impl Drop for DesktopSession {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// What a wait asks of the element beyond its content.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// In the page's DOM: for states and for text that must go away.
    InDom,
    /// In the DOM, and in a box the layout gives room, so a person can see it. The
    /// privacy register once held its rows in a 0 px high table, and the window tests,
    /// reading only the DOM, passed.
    OnScreen,
}

fn by_test_id(test_id: &str) -> String {
    format!("[data-testid='{test_id}']")
}

/// tauri-driver on a free port, in front of WebKitWebDriver on another; returns once
/// the driver listens.
fn spawn_driver(data_home: &Path, env: &[(&str, &str)]) -> DriverProcess {
    // Both probes are held at once so the two ports differ.
    let (driver_probe, native_probe) = (free_listener(), free_listener());
    let port = driver_probe.local_addr().unwrap().port();
    let native_port = native_probe.local_addr().unwrap().port();
    drop((driver_probe, native_probe));
    let child = Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
        .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
        // The driver starts the app, which inherits this.
        .env("XDG_DATA_HOME", data_home)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("tauri-driver starts; install it with `cargo install tauri-driver --locked` or run scripts/test.sh");
    DriverProcess { child, port }
}

struct DriverProcess {
    child: Child,
    port: u16,
}

/// Opens a WebDriver session on `driver`. tauri-driver accepts connections before
/// WebKitWebDriver behind it does, and then drops the first request (seen as
/// IncompleteMessage), so a refused first request is tried once more.
async fn connect_session(
    driver: &mut DriverProcess,
    capabilities: &Value,
) -> Result<Client, String> {
    wait_for_port(driver.port).await?;
    let url = format!("http://127.0.0.1:{}", driver.port);
    let mut last_error = String::new();
    for _ in 0..2 {
        // The driver listens on loopback over plain HTTP, so no TLS stack is needed.
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.as_object().unwrap().clone())
            .connect(&url)
            .await
        {
            Ok(client) => return Ok(client),
            Err(error) => last_error = error.to_string(),
        }
        if let Ok(Some(status)) = driver.child.try_wait() {
            return Err(format!("{last_error} (tauri-driver exited: {status})"));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err(last_error)
}

fn free_listener() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").unwrap()
}

async fn wait_for_port(port: u16) -> Result<(), String> {
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!(
        "tauri-driver did not start listening on port {port}"
    ))
}

/// An access token for `email` of demo tenant `tenant`, signed in over plain REST (as
/// another device would be), for a test to act on the server beside the app.
pub async fn rest_token(address: &str, tenant: &str, email: &str) -> String {
    let signed_in: Value = reqwest::Client::new()
        .post(format!("{address}/v1/auth/sign-in"))
        .json(&json!({ "tenant": tenant, "email": email, "password": brokerdesk_server::seed::DEMO_PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    signed_in["accessToken"]
        .as_str()
        .expect("an access token")
        .to_owned()
}
