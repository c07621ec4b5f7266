//! The browser the journeys drive: chromedriver started for the test, a headless Chromium
//! session through `fantoccini`, and the few moves a person makes (go, type, choose, press,
//! read). A journey that fails leaves a screenshot and the page's HTML behind.

use std::collections::BTreeSet;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

pub use fantoccini::cookies::Cookie;

/// Every form a journey submitted, as (method, path of its action), over all browsers of
/// the test run.
static SUBMITTED: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

/// The forms submitted so far.
pub fn submitted_forms() -> Vec<(String, String)> {
    SUBMITTED.lock().unwrap().clone()
}

/// The pages (language and path, ids left out) axe-core has looked at, and what it found.
static CHECKED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
static VIOLATIONS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// axe-core, as `scripts/chromium.sh` installs it from npm (or `AXE_CORE`).
static AXE: LazyLock<String> = LazyLock::new(|| {
    let path = std::env::var("AXE_CORE").unwrap_or_else(|_| {
        format!(
            "{}/target/browser-tools/node_modules/axe-core/axe.min.js",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("axe-core at {path}: {e}; scripts/chromium.sh installs it"))
});

/// What axe-core found on the pages the journeys visited, one line per rule and page.
pub fn accessibility_violations() -> Vec<String> {
    VIOLATIONS.lock().unwrap().clone()
}

/// A page's path with its ids, dates and months left out, so each kind of page is looked at
/// once per language.
fn page_kind(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let digits = segment.chars().filter(char::is_ascii_digit).count();
            if digits >= 4 || segment.len() > 24 {
                "*"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

const RUN_AXE: &str = "const done = arguments[arguments.length - 1]; \
    axe.run(document, {resultTypes: ['violations']}) \
      .then(r => done(r.violations.map(v => [v.id, v.impact, v.help, \
          v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')]))) \
      .catch(e => done([['axe-error', 'critical', String(e), '']]));";

/// How long a step waits for what it expects to appear.
const PATIENCE: Duration = Duration::from_secs(10);

/// Where the browsers of the test run save what they download.
pub fn downloads_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser/downloads");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// chromedriver, started for the test and stopped with it.
pub struct Driver {
    pub port: u16,
    child: std::process::Child,
}

impl Driver {
    pub async fn start() -> Driver {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let mut child = std::process::Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "the browser tests need chromedriver ({binary}: {e}); \
                     scripts/chromium.sh installs Chromium and chromedriver"
                )
            });
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Driver { port, child };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("chromedriver did not listen on port {port}");
    }

    /// A new headless Chromium window that asks for pages in `language`.
    pub async fn session(&self, language: &str) -> Browser {
        let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let options = json!({
            "binary": binary,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1000",
                     format!("--lang={language}")],
            "prefs": {
                "intl.accept_languages": language,
                "download.default_directory": downloads_dir().display().to_string(),
                "download.prompt_for_download": false,
            },
        });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert("goog:chromeOptions".into(), options);
        let mut last_error = None;
        // chromedriver listens a moment before it takes sessions.
        for _ in 0..50 {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await
            {
                Ok(client) => return Browser { client },
                Err(e) => last_error = Some(e.to_string()),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no browser session: {last_error:?}");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser window.
pub struct Browser {
    client: Client,
}

fn css(selector: &str) -> Locator<'_> {
    Locator::Css(selector)
}

impl Browser {
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("go to {url}: {e}"));
        self.check_accessibility().await;
    }

    /// Runs axe-core on the page now shown, the first time a page of its kind is shown in
    /// its language, and keeps what it reports.
    pub async fn check_accessibility(&self) {
        for _ in 0..50 {
            let state = self.script("return document.readyState").await;
            if state == "complete" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let Ok(url) = self.client.current_url().await else {
            return;
        };
        let lang = self.script("return document.documentElement.lang").await;
        let kind = format!("{} {}", lang.as_str().unwrap_or(""), page_kind(url.path()));
        if !CHECKED.lock().unwrap().insert(kind.clone()) {
            return;
        }
        if self.client.execute(&AXE, Vec::new()).await.is_err() {
            VIOLATIONS
                .lock()
                .unwrap()
                .push(format!("{kind}: axe-core could not be loaded"));
            return;
        }
        let found = self
            .client
            .execute_async(RUN_AXE, Vec::new())
            .await
            .unwrap_or_else(|e| json!([["axe-error", "critical", e.to_string(), ""]]));
        for v in found.as_array().into_iter().flatten() {
            let text = |i: usize| v[i].as_str().unwrap_or("").to_string();
            VIOLATIONS.lock().unwrap().push(
                format!(
                    "{kind} ({}): {} [{}] {}",
                    url.path(),
                    text(0),
                    text(1),
                    text(2)
                ) + &format!(" at {}", text(3)),
            );
        }
    }

    /// The elements matching a CSS selector, now.
    pub async fn all(&self, selector: &str) -> Vec<Element> {
        self.client.find_all(css(selector)).await.unwrap()
    }

    /// The first element matching a selector, waiting for it to appear.
    pub async fn find(&self, selector: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(css(selector))
            .await
        {
            Ok(element) => element,
            Err(e) => panic!("no {selector} on {}: {e}", self.url_now().await),
        }
    }

    pub async fn url_now(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    pub async fn exists(&self, selector: &str) -> bool {
        !self.all(selector).await.is_empty()
    }

    pub async fn click(&self, selector: &str) {
        let element = self.find(selector).await;
        self.note_form(selector).await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {selector}: {e}"));
    }

    /// Clears a field and types into it, key by key (a file input takes the file's path).
    pub async fn fill(&self, selector: &str, text: &str) {
        let element = self.find(selector).await;
        if element.attr("type").await.unwrap().as_deref() != Some("file") {
            element.clear().await.unwrap();
        }
        element
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {selector}: {e}"));
    }

    /// Picks an option of a `<select>` by its value.
    pub async fn select(&self, selector: &str, value: &str) {
        self.find(selector)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {selector}: {e}"));
    }

    /// Picks the option of a `<select>` whose text is `label`, as a person reads it.
    pub async fn choose(&self, selector: &str, label: &str) {
        let option = format!("{selector} option");
        for o in self.all(&option).await {
            if o.text().await.unwrap().trim() == label {
                o.click().await.unwrap();
                return;
            }
        }
        panic!("no option {label} in {selector}");
    }

    /// Notes the form a click on `selector` submits, if it is a form's button. (Its
    /// attributes are read, not `form.method`: a field named `method` would shadow that.)
    async fn note_form(&self, selector: &str) {
        let script = "const e = document.querySelector(arguments[0]); \
            const f = e && e.closest('button, input[type=submit]') && e.form; \
            if (!f) return null; \
            const a = new URL(f.getAttribute('action') || '', location.href); \
            return [(f.getAttribute('method') || 'get').toLowerCase(), a.pathname];";
        let found = self
            .client
            .execute(script, vec![json!(selector)])
            .await
            .unwrap_or(Value::Null);
        if let (Some(method), Some(path)) = (found[0].as_str(), found[1].as_str()) {
            SUBMITTED
                .lock()
                .unwrap()
                .push((method.to_string(), path.to_string()));
        }
    }

    /// The text of the first element matching `selector`, once the page holding it has
    /// settled (an element of a page being left goes stale; it is looked up again).
    pub async fn text(&self, selector: &str) -> String {
        for _ in 0..20 {
            if let Ok(text) = self.find(selector).await.text().await {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{selector} kept going stale");
    }

    pub async fn attribute(&self, e: &Element, name: &str) -> Option<String> {
        e.attr(name).await.unwrap()
    }

    pub async fn value(&self, selector: &str) -> String {
        let element = self.find(selector).await;
        element.prop("value").await.unwrap().unwrap_or_default()
    }

    pub async fn script(&self, script: &str) -> Value {
        self.client.execute(script, Vec::new()).await.unwrap()
    }

    /// Accepts the page's `confirm()` dialog once it is shown.
    pub async fn accept_dialog(&self) {
        for _ in 0..50 {
            if self.client.accept_alert().await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no dialog to accept");
    }

    /// Waits until the address contains `part`.
    pub async fn wait_for_url(&self, part: &str) -> String {
        self.wait_url(|url| url.contains(part), &format!("an address with {part}"))
            .await
    }

    /// Waits until the address no longer contains `part` (a form was accepted).
    pub async fn wait_to_leave(&self, part: &str) -> String {
        self.wait_url(|url| !url.contains(part), &format!("to leave {part}"))
            .await
    }

    async fn wait_url(&self, done: impl Fn(&str) -> bool, what: &str) -> String {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let url = self.url_now().await;
            if done(&url) {
                self.check_accessibility().await;
                return url;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "waited for {what}; still at {url}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn cookies(&self) -> Vec<Cookie<'static>> {
        self.client.get_all_cookies().await.unwrap()
    }

    /// Saves a screenshot and the page's HTML under `target/browser/<name>.*`; returns the
    /// screenshot's path.
    pub async fn keep_page(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
        std::fs::create_dir_all(&dir).unwrap();
        let png = dir.join(format!("{name}.png"));
        if let Ok(bytes) = self.client.screenshot().await {
            std::fs::write(&png, bytes).unwrap();
        }
        if let Ok(html) = self.client.source().await {
            std::fs::write(dir.join(format!("{name}.html")), html).unwrap();
        }
        png
    }

    /// Runs a journey; if a step fails, the page it failed on is kept (screenshot and HTML,
    /// named after the journey) before the failure is passed on.
    pub async fn journey(&self, name: &str, steps: impl Future<Output = ()>) {
        if let Err(failure) = AssertUnwindSafe(steps).catch_unwind().await {
            let kept = self.keep_page(name).await;
            eprintln!(
                "journey {name} failed at {}; the page is kept at {}",
                self.url_now().await,
                kept.display()
            );
            std::panic::resume_unwind(failure);
        }
    }

    /// Clicks a download link and waits for the file it saves; returns its bytes. The file's
    /// name is the one the server gave (its `Content-Disposition`).
    pub async fn download(&self, selector: &str, ends_with: &str) -> (String, Vec<u8>) {
        let dir = downloads_dir();
        let before: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        self.click(selector).await;
        for _ in 0..100 {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let name = entry.unwrap().file_name();
                let text = name.to_string_lossy().to_string();
                if !before.contains(&name) && text.ends_with(ends_with) {
                    let bytes = std::fs::read(dir.join(&name)).unwrap();
                    if !bytes.is_empty() {
                        return (text, bytes);
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no {ends_with} file arrived from {selector}");
    }

    /// Sets the window's size, as a phone's or a desk's screen.
    pub async fn resize(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.unwrap();
    }

    /// How far the page is wider than the window (0 when nothing scrolls sideways), with
    /// the widest element that sticks out, for the message.
    pub async fn sideways_overflow(&self) -> (i64, String) {
        let found = self
            .script(
                "const w = document.documentElement.clientWidth; \
                 let worst = null, right = w; \
                 for (const e of document.body.querySelectorAll('*')) { \
                   if (e.closest('.table-wrap, .chart-scroll')) continue; \
                   const r = e.getBoundingClientRect().right; \
                   if (r > right + 1) { right = r; worst = e; } } \
                 const d = document.documentElement.scrollWidth - w; \
                 return [d, worst ? worst.tagName + '.' + worst.className + ' ' + \
                   (worst.textContent || '').trim().slice(0, 40) : ''];",
            )
            .await;
        (
            found[0].as_i64().unwrap_or(0),
            found[1].as_str().unwrap_or("").to_string(),
        )
    }

    pub async fn quit(self) {
        let _ = self.client.close().await;
    }
}
