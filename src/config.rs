//! Typed configuration read from the environment (and a `.env` file in development).
//! Secrets are wrapped so that they never appear in logs or `Debug` output.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use sqlx::postgres::PgConnectOptions;

/// A string that must not be printed: `Debug` and `Display` show `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call only where it is handed to the library that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Everything the process reads from its environment, parsed once at start-up.
#[derive(Clone, Debug)]
pub struct Config {
    /// Owner connection: creates the database when missing and applies migrations.
    /// `None` means the local PostgreSQL on its default socket or port, database `shopplan`.
    pub database_url: Option<SecretString>,
    /// Optional separate login for request handling; without it the owner connection
    /// switches to the `shopplan_app` role (see `db::connect`).
    pub app_database_url: Option<SecretString>,
    pub bind_addr: SocketAddr,
    pub log_format: LogFormat,
    /// The address people reach the product at, e.g. `https://plan.example.com`. Used for
    /// invitation links, trusted origins and the `Secure` cookie flag.
    pub public_url: Option<String>,
    pub max_upload_bytes: usize,
    pub request_timeout: Duration,
    pub import_timeout: Duration,
    /// Size of the request-handling connection pool.
    pub db_pool_size: u32,
    /// How long a request waits for a database connection before answering 503.
    pub db_acquire_timeout: Duration,
    /// How many proxies in front of the server append to `X-Forwarded-For`
    /// (`TRUSTED_PROXIES`; `TRUST_FORWARDED_FOR=1` means one). The client is the address that
    /// many entries from the right; with none the header is ignored.
    pub trusted_proxies: usize,
    /// Files read at once (`IMPORT_SLOTS`, default 4); one organization may use half of them.
    pub import_slots: usize,
    /// How long an upload waits for a place before 503 (`IMPORT_WAIT_SECS`, default 10).
    pub import_wait: Duration,
    /// Passwords hashed at once (`HASH_SLOTS`, default the number of cores).
    pub hash_slots: usize,
    /// How long a sign-in waits for its hash before 503 (`HASH_WAIT_SECS`, default 5).
    pub hash_wait: Duration,
    /// Who may read `/metrics`: these addresses (`METRICS_ALLOW`, default loopback), or a
    /// request with `Authorization: Bearer` and this token (`METRICS_TOKEN`).
    pub metrics_allow: AddressList,
    pub metrics_token: Option<SecretString>,
    /// How many bytes of rendered shop dashboards are kept in memory (`PAGE_CACHE_MB`,
    /// default 16; 0 keeps none).
    pub page_cache_bytes: usize,
    /// Outgoing mail (`SMTP_URL`, `MAIL_FROM`). Without it nothing is mailed, and sign-up
    /// creates the organization at once instead of mailing a confirmation link.
    pub mail: Option<MailConfig>,
}

/// Where mail is sent through, and who it comes from.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// `smtp://user:password@host:587?tls=required`, `smtps://host`, or `smtp://host:25`
    /// (no TLS, for a relay on the same machine).
    pub smtp_url: SecretString,
    /// The sender, e.g. `ShopPlan <noreply@plan.example.com>`.
    pub from: String,
}

/// A configuration value that could not be understood.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {message}")]
pub struct ConfigError {
    pub name: &'static str,
    pub message: String,
}

/// The name of the database used when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE: &str = "shopplan";

impl Config {
    /// Reads the process environment, after loading `.env` if one is present.
    pub fn from_env() -> Result<Self, ConfigError> {
        // A missing .env is the normal case in production.
        let _ = dotenvy::dotenv();
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds the configuration from any name → value lookup (the environment, or a test map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let non_empty = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let bind_addr = match non_empty("BIND_ADDR") {
            Some(v) => v.parse().map_err(|_| ConfigError {
                name: "BIND_ADDR",
                message: format!("`{v}` is not an address such as 127.0.0.1:8080"),
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        let log_format = match non_empty("LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError {
                    name: "LOG_FORMAT",
                    message: format!("`{other}` is neither `text` nor `json`"),
                });
            }
        };
        let public_url = non_empty("PUBLIC_URL").map(|v| v.trim_end_matches('/').to_string());
        if let Some(url) = &public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(ConfigError {
                name: "PUBLIC_URL",
                message: format!("`{url}` must start with http:// or https://"),
            });
        }
        Ok(Self {
            database_url: non_empty("DATABASE_URL").map(SecretString::new),
            app_database_url: non_empty("APP_DATABASE_URL").map(SecretString::new),
            bind_addr,
            log_format,
            public_url,
            max_upload_bytes: number(&non_empty, "MAX_UPLOAD_MB", 50)? * 1024 * 1024,
            request_timeout: Duration::from_secs(number(&non_empty, "REQUEST_TIMEOUT_SECS", 30)?),
            import_timeout: Duration::from_secs(number(&non_empty, "IMPORT_TIMEOUT_SECS", 600)?),
            db_pool_size: number(&non_empty, "DB_POOL_SIZE", 16)?,
            db_acquire_timeout: Duration::from_millis(number(
                &non_empty,
                "DB_ACQUIRE_TIMEOUT_MS",
                1500,
            )?),
            trusted_proxies: match non_empty("TRUSTED_PROXIES") {
                Some(_) => number(&non_empty, "TRUSTED_PROXIES", 0)?,
                None => usize::from(matches!(
                    non_empty("TRUST_FORWARDED_FOR").as_deref(),
                    Some("1" | "true" | "yes")
                )),
            },
            import_slots: number(&non_empty, "IMPORT_SLOTS", 4usize)?.max(1),
            import_wait: Duration::from_secs(number(&non_empty, "IMPORT_WAIT_SECS", 10)?),
            hash_slots: number(&non_empty, "HASH_SLOTS", cores())?.max(1),
            hash_wait: Duration::from_secs(number(&non_empty, "HASH_WAIT_SECS", 5)?),
            page_cache_bytes: number(&non_empty, "PAGE_CACHE_MB", 16usize)? * 1024 * 1024,
            metrics_allow: match non_empty("METRICS_ALLOW") {
                Some(list) => AddressList::parse(&list).map_err(|entry| ConfigError {
                    name: "METRICS_ALLOW",
                    message: format!("`{entry}` is not an address or a network such as 10.0.0.0/8"),
                })?,
                None => AddressList::loopback(),
            },
            metrics_token: non_empty("METRICS_TOKEN").map(SecretString::new),
            mail: mail_config(&non_empty)?,
        })
    }

    /// Whether cookies must carry the `Secure` flag (the product is served over HTTPS).
    /// Where people reach the product: the public address, else the address it listens on.
    pub fn public_base(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind_addr))
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// Connection options for the owner connection.
    pub fn owner_options(&self) -> Result<PgConnectOptions, ConfigError> {
        match &self.database_url {
            Some(url) => parse_url("DATABASE_URL", url),
            // sqlx's defaults are libpq's: PGHOST/PGPORT/PGUSER, else the default socket
            // when it exists, else localhost:5432, as the current OS user.
            None => Ok(PgConnectOptions::new().database(DEFAULT_DATABASE)),
        }
    }

    /// Connection options for request handling, when a separate login is configured.
    pub fn app_options(&self) -> Result<Option<PgConnectOptions>, ConfigError> {
        self.app_database_url
            .as_ref()
            .map(|url| parse_url("APP_DATABASE_URL", url))
            .transpose()
    }
}

/// `SMTP_URL` and `MAIL_FROM` (which it needs); neither means no mail.
fn mail_config(
    non_empty: &impl Fn(&str) -> Option<String>,
) -> Result<Option<MailConfig>, ConfigError> {
    let Some(url) = non_empty("SMTP_URL") else {
        return Ok(None);
    };
    if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
        return Err(ConfigError {
            name: "SMTP_URL",
            message: "must start with smtp:// or smtps:// (the address itself is not shown)"
                .to_string(),
        });
    }
    let from = non_empty("MAIL_FROM").ok_or_else(|| ConfigError {
        name: "MAIL_FROM",
        message: "is needed with SMTP_URL: the sender, e.g. `ShopPlan <noreply@plan.example.com>`"
            .to_string(),
    })?;
    Ok(Some(MailConfig {
        smtp_url: SecretString::new(url),
        from: from.trim().to_string(),
    }))
}

/// The cores this process may use.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

fn parse_url(name: &'static str, url: &SecretString) -> Result<PgConnectOptions, ConfigError> {
    url.expose().parse().map_err(|_| ConfigError {
        name,
        // The URL may hold a password: do not echo it.
        message: "is not a PostgreSQL URL such as postgres://user@host/shopplan".into(),
    })
}

fn number<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError> {
    match get(name) {
        None => Ok(default),
        Some(v) => v.trim().parse().map_err(|_| ConfigError {
            name,
            message: format!("`{v}` is not a whole number"),
        }),
    }
}

/// A list of addresses and networks (`10.0.0.0/8`), such as those allowed to read `/metrics`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressList(Vec<(IpAddr, u8)>);

impl AddressList {
    /// Parses a comma-separated list; `Err` names the entry that is not an address.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|entry| {
                let (address, bits) = entry.split_once('/').unwrap_or((entry, ""));
                let address: IpAddr = address.parse().map_err(|_| entry.to_string())?;
                let most = if address.is_ipv4() { 32 } else { 128 };
                let bits = match bits {
                    "" => most,
                    b => b
                        .parse()
                        .ok()
                        .filter(|b| *b <= most)
                        .ok_or(entry.to_string())?,
                };
                Ok((address, bits))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    /// Loopback only.
    pub fn loopback() -> Self {
        Self(vec![
            (IpAddr::from([127, 0, 0, 0]), 8),
            (IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1]), 128),
        ])
    }

    /// Whether `address` is in one of the networks.
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        self.0
            .iter()
            .any(|(network, bits)| match (network, address) {
                (IpAddr::V4(n), IpAddr::V4(a)) => {
                    prefix(n.to_bits().into(), a.to_bits().into(), 32, *bits)
                }
                (IpAddr::V6(n), IpAddr::V6(a)) => prefix(n.to_bits(), a.to_bits(), 128, *bits),
                _ => false,
            })
    }
}

fn prefix(network: u128, address: u128, width: u8, bits: u8) -> bool {
    let shift = u32::from(width - bits);
    shift >= 128 || (network >> shift) == (address >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn defaults_follow_the_contract() {
        let c = config(&[]).unwrap();
        assert_eq!(c.bind_addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.log_format, LogFormat::Text);
        assert!(c.database_url.is_none());
        assert_eq!(c.max_upload_bytes, 50 * 1024 * 1024);
        assert_eq!(c.page_cache_bytes, 16 * 1024 * 1024);
        assert!(!c.secure_cookies());
    }

    #[test]
    fn secrets_are_not_printed() {
        let c = config(&[("DATABASE_URL", "postgres://u:hunter2@db/shopplan")]).unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn bad_values_name_the_variable() {
        let e = config(&[("BIND_ADDR", "nowhere")]).unwrap_err();
        assert_eq!(e.name, "BIND_ADDR");
        let e = config(&[("LOG_FORMAT", "xml")]).unwrap_err();
        assert_eq!(e.name, "LOG_FORMAT");
        let e = config(&[("MAX_UPLOAD_MB", "lots")]).unwrap_err();
        assert_eq!(e.name, "MAX_UPLOAD_MB");
        let e = config(&[("PAGE_CACHE_MB", "-1")]).unwrap_err();
        assert_eq!(e.name, "PAGE_CACHE_MB");
    }

    #[test]
    fn mail_needs_an_smtp_address_and_a_sender() {
        assert!(config(&[]).unwrap().mail.is_none());
        let c = config(&[
            ("SMTP_URL", "smtp://relay:25"),
            ("MAIL_FROM", "ShopPlan <noreply@plan.example.com>"),
        ])
        .unwrap();
        assert_eq!(c.mail.unwrap().from, "ShopPlan <noreply@plan.example.com>");
        let e = config(&[("SMTP_URL", "smtp://relay:25")]).unwrap_err();
        assert_eq!(e.name, "MAIL_FROM");
        let e = config(&[
            ("SMTP_URL", "http://user:secret@relay"),
            ("MAIL_FROM", "a@b.cn"),
        ])
        .unwrap_err();
        assert_eq!(e.name, "SMTP_URL");
        assert!(!e.to_string().contains("secret"), "{e}");
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        let c = config(&[("PUBLIC_URL", "https://plan.example.com/")]).unwrap();
        assert!(c.secure_cookies());
        assert_eq!(c.public_url.as_deref(), Some("https://plan.example.com"));
    }

    #[test]
    fn networks_and_addresses_are_matched_by_prefix() {
        let allowed = AddressList::parse("10.0.0.0/8, 192.0.2.7, fd00::/8").unwrap();
        assert!(allowed.contains("10.200.3.4".parse().unwrap()));
        assert!(allowed.contains("192.0.2.7".parse().unwrap()));
        assert!(!allowed.contains("192.0.2.8".parse().unwrap()));
        assert!(allowed.contains("fd12::1".parse().unwrap()));
        assert!(allowed.contains("::ffff:10.1.1.1".parse().unwrap()));
        assert!(!allowed.contains("11.0.0.1".parse().unwrap()));
        assert!(AddressList::loopback().contains("127.0.0.1".parse().unwrap()));
        assert!(AddressList::loopback().contains("::1".parse().unwrap()));
        assert_eq!(AddressList::parse("10.0.0.0/33"), Err("10.0.0.0/33".into()));
        assert_eq!(AddressList::parse("localhost"), Err("localhost".into()));
        assert!(
            AddressList::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
    }
}
