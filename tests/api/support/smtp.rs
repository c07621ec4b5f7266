//! A local SMTP server that keeps what it is sent: the product's mail goes to it over a real
//! SMTP conversation. Bodies and subjects are decoded from their transfer encodings.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One message as received.
#[derive(Clone, Debug)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub message_id: String,
    pub body: String,
}

impl Mail {
    /// The first address in the body that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let at = self.body.find(prefix)?;
        let rest = &self.body[at..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        Some(rest[..end].to_string())
    }
}

/// The server; it runs until the test ends.
pub struct SmtpSink {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Mail>>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(converse(stream, store.clone()));
            }
        });
        SmtpSink { addr, received }
    }

    /// `smtp://` address of the sink, without TLS.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Mail> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until at least `n` messages arrived (ten seconds at most), and returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<Mail> {
        for _ in 0..200 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} messages, got {:?}", self.received());
    }
}

async fn converse(stream: tokio::net::TcpStream, store: Arc<Mutex<Vec<Mail>>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
    let mut to = Vec::new();
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.get(..4).unwrap_or(&line).to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250-sink\r\n250 8BITMIME\r\n",
            "MAIL" | "RSET" | "NOOP" => {
                if verb == "RSET" {
                    to.clear();
                }
                b"250 OK\r\n"
            }
            "RCPT" => {
                let address = line.split(['<', '>']).nth(1).unwrap_or("").to_string();
                to.push(address);
                b"250 OK\r\n"
            }
            "DATA" => {
                let _ = write.write_all(b"354 go ahead\r\n").await;
                let mut data = Vec::new();
                while let Ok(Some(l)) = lines.next_line().await {
                    if l == "." {
                        break;
                    }
                    data.push(l.strip_prefix('.').map(str::to_string).unwrap_or(l));
                }
                store
                    .lock()
                    .unwrap()
                    .push(parse(std::mem::take(&mut to), &data));
                b"250 queued\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => b"502 not here\r\n",
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

fn parse(to: Vec<String>, lines: &[String]) -> Mail {
    let split = lines
        .iter()
        .position(String::is_empty)
        .unwrap_or(lines.len());
    // Folded header lines continue the one before.
    let mut headers: Vec<String> = Vec::new();
    for l in &lines[..split] {
        if l.starts_with([' ', '\t']) {
            headers.last_mut().unwrap().push_str(l.trim_start());
        } else {
            headers.push(l.clone());
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find_map(|h| {
                let (n, v) = h.split_once(':')?;
                n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
            })
            .unwrap_or_default()
    };
    let body = lines[(split + 1).min(lines.len())..].join("\r\n");
    let body = match header("Content-Transfer-Encoding")
        .to_ascii_lowercase()
        .as_str()
    {
        "quoted-printable" => quoted_printable(&body),
        "base64" => String::from_utf8(base64(&body)).unwrap(),
        _ => body,
    };
    Mail {
        to,
        subject: encoded_words(&header("Subject")),
        message_id: header("Message-ID"),
        body,
    }
}

fn quoted_printable(text: &str) -> String {
    let text = text.replace("=\r\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap().replace("\r\n", "\n")
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes() {
        let Some(v) = ALPHABET.iter().position(|&a| a == c) else {
            continue;
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Decodes RFC 2047 words (`=?utf-8?b?…?=`) as lettre writes them: the space between two
/// encoded words is not part of the text, any other space is.
fn encoded_words(value: &str) -> String {
    let mut out = String::new();
    let mut last_encoded = false;
    for (i, word) in value.split_whitespace().enumerate() {
        let inner = word.strip_prefix("=?").and_then(|w| w.strip_suffix("?="));
        let parts: Vec<&str> = inner
            .map(|w| w.splitn(3, '?').collect())
            .unwrap_or_default();
        let encoded = parts.len() == 3 && parts[1].eq_ignore_ascii_case("b");
        if i > 0 && !(encoded && last_encoded) {
            out.push(' ');
        }
        if encoded {
            out.push_str(&String::from_utf8(base64(parts[2])).unwrap());
        } else {
            out.push_str(word);
        }
        last_encoded = encoded;
    }
    out
}
