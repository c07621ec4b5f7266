//! A small W3C WebDriver client: JSON over HTTP/1.1 to chromedriver on localhost, enough to
//! drive a real Chromium through the product's pages (navigate, find, type, click, read,
//! upload a file, screenshot).

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The W3C element reference key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// One HTTP exchange with chromedriver; each on its own connection (`Connection: close`).
async fn call(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap_or_else(|e| panic!("chromedriver on port {port}: {e}"));
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    // Read the head, then exactly the body it announces (chromedriver may keep the
    // connection open whatever the request says).
    let mut raw = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let split = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "{method} {path}: chromedriver closed the connection");
        raw.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut payload = raw[split + 4..].to_vec();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let done = match length {
            Some(length) => payload.len() >= length,
            None if chunked => payload.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = stream.read(&mut chunk).await.unwrap();
        if n == 0 {
            break;
        }
        payload.extend_from_slice(&chunk[..n]);
    }
    if chunked {
        payload = dechunk(&payload);
    }
    let value: Value =
        serde_json::from_slice(&payload).unwrap_or_else(|e| panic!("{method} {path}: {e}: {head}"));
    value["value"].clone()
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}

fn check(what: &str, value: Value) -> Value {
    if let Some(error) = value.get("error") {
        panic!(
            "WebDriver {what}: {error}: {}",
            value["message"].as_str().unwrap_or("")
        );
    }
    value
}

/// chromedriver, started for the test run and stopped with it.
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
            if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                let status = call(port, "GET", "/status", None).await;
                if status["ready"] == true {
                    return Driver { port, child };
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("chromedriver did not become ready on port {port}");
    }

    /// A new headless Chromium window.
    pub async fn session(&self, language: &str) -> Browser {
        let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,1000",
                         format!("--lang={language}")],
                "prefs": {"intl.accept_languages": language},
            },
        }}});
        let value = check(
            "new session",
            call(self.port, "POST", "/session", Some(&capabilities)).await,
        );
        Browser {
            port: self.port,
            id: value["sessionId"].as_str().unwrap().to_string(),
        }
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
    port: u16,
    id: String,
}

/// An element on the current page.
#[derive(Clone)]
pub struct Element {
    id: String,
}

impl Browser {
    async fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let full = format!("/session/{}{path}", self.id);
        check(
            &format!("{method} {path}"),
            call(self.port, method, &full, body.as_ref()).await,
        )
    }

    pub async fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })))
            .await;
    }

    pub async fn url(&self) -> String {
        self.command("GET", "/url", None)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The elements matching a CSS selector, now.
    pub async fn all(&self, css: &str) -> Vec<Element> {
        let found = self
            .command(
                "POST",
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|e| Element {
                id: e[ELEMENT].as_str().unwrap().to_string(),
            })
            .collect()
    }

    /// The first element matching a selector, waiting up to five seconds for it.
    pub async fn find(&self, css: &str) -> Element {
        for _ in 0..50 {
            if let Some(e) = self.all(css).await.into_iter().next() {
                return e;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let url = self.url().await;
        let shot = self.screenshot("missing").await;
        panic!("no element {css} on {url} (screenshot {shot})");
    }

    pub async fn exists(&self, css: &str) -> bool {
        !self.all(css).await.is_empty()
    }

    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.click_element(&e).await;
    }

    pub async fn click_element(&self, e: &Element) {
        self.command("POST", &format!("/element/{}/click", e.id), Some(json!({})))
            .await;
    }

    /// Clears a field and types into it (a file input takes the file's path).
    pub async fn fill(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        if self.attribute(&e, "type").await.as_deref() != Some("file") {
            self.command("POST", &format!("/element/{}/clear", e.id), Some(json!({})))
                .await;
        }
        self.command(
            "POST",
            &format!("/element/{}/value", e.id),
            Some(json!({ "text": text })),
        )
        .await;
    }

    /// Picks an option of a `<select>` by its value.
    pub async fn select(&self, css: &str, value: &str) {
        self.click(&format!("{css} option[value=\"{value}\"]"))
            .await;
    }

    pub async fn text(&self, css: &str) -> String {
        let e = self.find(css).await;
        self.command("GET", &format!("/element/{}/text", e.id), None)
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    pub async fn attribute(&self, e: &Element, name: &str) -> Option<String> {
        self.command("GET", &format!("/element/{}/attribute/{name}", e.id), None)
            .await
            .as_str()
            .map(str::to_string)
    }

    pub async fn script(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// Accepts the page's `confirm()` dialog.
    pub async fn accept_dialog(&self) {
        for _ in 0..30 {
            let answer = call(
                self.port,
                "POST",
                &format!("/session/{}/alert/accept", self.id),
                Some(&json!({})),
            )
            .await;
            if answer.get("error").is_none() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no dialog to accept");
    }

    /// Waits until the address contains `part`.
    pub async fn wait_for_url(&self, part: &str) -> String {
        for _ in 0..50 {
            let url = self.url().await;
            if url.contains(part) {
                return url;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let url = self.url().await;
        let shot = self.screenshot("url").await;
        panic!("still on {url}, waiting for {part} (screenshot {shot})");
    }

    /// Waits until the address no longer contains `part` (a form was accepted).
    pub async fn wait_to_leave(&self, part: &str) -> String {
        for _ in 0..50 {
            let url = self.url().await;
            if !url.contains(part) {
                return url;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let shot = self.screenshot("stuck").await;
        panic!("still on {part} (screenshot {shot})");
    }

    pub async fn delete_cookies(&self) {
        self.command("DELETE", "/cookie", None).await;
    }

    pub async fn cookies(&self) -> Vec<Value> {
        self.command("GET", "/cookie", None)
            .await
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Saves a screenshot under the target directory and returns its path.
    pub async fn screenshot(&self, name: &str) -> String {
        use base64_decode::decode;
        let data = self.command("GET", "/screenshot", None).await;
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-shots");
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("{name}.png"));
        if let Some(text) = data.as_str() {
            let _ = std::fs::write(&path, decode(text));
        }
        path.display().to_string()
    }

    pub async fn quit(self) {
        call(self.port, "DELETE", &format!("/session/{}", self.id), None).await;
    }
}

/// Base64 as WebDriver sends screenshots (standard alphabet, padded).
mod base64_decode {
    pub fn decode(text: &str) -> Vec<u8> {
        let value = |c: u8| -> Option<u32> {
            Some(match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => return None,
            } as u32)
        };
        let mut out = Vec::new();
        let mut buffer = 0u32;
        let mut bits = 0;
        for c in text.bytes().filter_map(value) {
            buffer = (buffer << 6) | c;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((buffer >> bits) as u8);
                buffer &= (1 << bits) - 1;
            }
        }
        out
    }
}
