//! Where the vendor commands find their endpoints and credentials: environment variables,
//! or a config file of the same `NAME=value` lines. Never the command line (it shows in
//! `ps` and shell history), never printed.
//!
//! | variable | meaning |
//! |---|---|
//! | `REGOPS_SANDBOX_URL` | a `regops sandbox` (`http://127.0.0.1:8080`): endpoints and test credentials are read from its admin API, and it is polled as a sandbox (no 5-minute floor) |
//! | `REGOPS_GANDI_URL` | Gandi XML-RPC endpoint (default `https://rpc.gandi.net/xmlrpc/`) |
//! | `REGOPS_GANDI_API_KEY` | Gandi API key |
//! | `REGOPS_NETIM_URL` | Netim REST 3.0 base (default `https://rest.netim.com/3.0/`) |
//! | `REGOPS_NETIM_ID` | Netim reseller login |
//! | `REGOPS_NETIM_SECRET` | Netim password |
//! | `REGOPS_ENDPOINT` | `sandbox` to mark the URLs above as a sandbox of your own (default `vendor`) |
//! | `REGOPS_TRACKER_DB` | the tracker's SQLite file (default `regops-tracker.db`) |
//! | `REGOPS_CONFIG` | a file of such lines (`--config` too); the environment wins over it |

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use regops_client::{ClientOptions, GandiClient, NetimClient, Secret};
use regops_model::ApiKey;

use crate::fail::Failure;

/// The names a config file may set (the same as the environment variables).
pub const KEYS: &[&str] = &[
    "REGOPS_SANDBOX_URL",
    "REGOPS_GANDI_URL",
    "REGOPS_GANDI_API_KEY",
    "REGOPS_NETIM_URL",
    "REGOPS_NETIM_ID",
    "REGOPS_NETIM_SECRET",
    "REGOPS_ENDPOINT",
    "REGOPS_TRACKER_DB",
];

const GANDI_DEFAULT_URL: &str = "https://rpc.gandi.net/xmlrpc/";
const NETIM_DEFAULT_URL: &str = "https://rest.netim.com/3.0/";

/// The settings of one run.
pub struct Settings {
    values: BTreeMap<String, String>,
    /// Where the values came from, for messages (`environment`, `config file x`).
    origin: BTreeMap<String, String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names only: values may be secrets.
        f.debug_struct("Settings")
            .field("set", &self.values.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The endpoints and credentials of both vendors, resolved.
pub struct Vendors {
    pub gandi: Option<GandiClient>,
    pub netim: Option<NetimClient>,
    /// Whether the endpoints are a sandbox (shorter poll intervals allowed).
    pub sandbox: bool,
    /// Why a vendor is missing, for the message when it is asked for.
    pub gandi_missing: String,
    pub netim_missing: String,
}

impl Settings {
    /// Reads the config file (`--config`, else `REGOPS_CONFIG`, if any), then the environment.
    pub fn load(config: Option<&Path>) -> Result<Self, Failure> {
        let mut settings = Settings {
            values: BTreeMap::new(),
            origin: BTreeMap::new(),
        };
        let file = config
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("REGOPS_CONFIG").map(Into::into));
        if let Some(file) = file {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                Failure::config(format!(
                    "cannot read the config file {}: {e}",
                    file.display()
                ))
            })?;
            for (number, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let Some((key, value)) = line.split_once('=') else {
                    return Err(Failure::config(format!(
                        "{}:{}: expected NAME=value",
                        file.display(),
                        number + 1
                    )));
                };
                let key = key.trim().trim_start_matches("export ").trim();
                if !KEYS.contains(&key) {
                    return Err(Failure::config(format!(
                        "{}:{}: unknown setting {key}; expected one of {}",
                        file.display(),
                        number + 1,
                        KEYS.join(", ")
                    )));
                }
                let value = value.trim().trim_matches('"').to_string();
                settings.values.insert(key.to_string(), value);
                settings.origin.insert(
                    key.to_string(),
                    format!("{}:{}", file.display(), number + 1),
                );
            }
        }
        for key in KEYS {
            if let Ok(value) = std::env::var(key)
                && !value.is_empty()
            {
                settings.values.insert((*key).to_string(), value);
                settings
                    .origin
                    .insert((*key).to_string(), "the environment".into());
            }
        }
        Ok(settings)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    /// The tracker's database file: `--db`, else `REGOPS_TRACKER_DB`, else
    /// `regops-tracker.db`.
    pub fn tracker_db(&self, flag: Option<&str>) -> String {
        flag.map(str::to_string)
            .or_else(|| self.get("REGOPS_TRACKER_DB").map(str::to_string))
            .unwrap_or_else(|| "regops-tracker.db".into())
    }

    /// Builds the clients of every vendor whose credentials are set.
    pub async fn vendors(&self, options: &ClientOptions) -> Result<Vendors, Failure> {
        let mut gandi_url = self.get("REGOPS_GANDI_URL").map(str::to_string);
        let mut gandi_key = self.get("REGOPS_GANDI_API_KEY").map(str::to_string);
        let mut netim_url = self.get("REGOPS_NETIM_URL").map(str::to_string);
        let mut netim_id = self.get("REGOPS_NETIM_ID").map(str::to_string);
        let mut netim_secret = self.get("REGOPS_NETIM_SECRET").map(str::to_string);
        let mut sandbox = match self.get("REGOPS_ENDPOINT") {
            None | Some("vendor") => false,
            Some("sandbox") => true,
            Some(other) => {
                return Err(Failure::config(format!(
                    "REGOPS_ENDPOINT (from {}): expected `vendor` or `sandbox`, found `{other}`",
                    self.origin["REGOPS_ENDPOINT"]
                )));
            }
        };
        if let Some(base) = self.get("REGOPS_SANDBOX_URL") {
            let index = sandbox_index(base).await?;
            let base = base.trim_end_matches('/');
            let text = |path: &[&str]| {
                let mut v = &index;
                for p in path {
                    v = &v[*p];
                }
                v.as_str().map(str::to_string)
            };
            gandi_url.get_or_insert(format!(
                "{base}{}",
                text(&["gandi", "xmlrpc"]).unwrap_or_default()
            ));
            netim_url.get_or_insert(format!(
                "{base}{}",
                text(&["netim", "base"]).unwrap_or_default()
            ));
            if gandi_key.is_none() {
                gandi_key = text(&["gandi", "apikey"]);
            }
            if netim_id.is_none() {
                netim_id = text(&["netim", "login"]);
            }
            if netim_secret.is_none() {
                netim_secret = text(&["netim", "secret"]);
            }
            sandbox = true;
        }
        let mut vendors = Vendors {
            gandi: None,
            netim: None,
            sandbox,
            gandi_missing: String::new(),
            netim_missing: String::new(),
        };
        match gandi_key {
            Some(key) => {
                let url = gandi_url.unwrap_or_else(|| GANDI_DEFAULT_URL.into());
                vendors.gandi = Some(
                    GandiClient::with_options(&url, ApiKey::new(key), options.clone())
                        .map_err(|e| Failure::config(format!("Gandi client for {url}: {e}")))?,
                );
            }
            None => {
                vendors.gandi_missing =
                    "Gandi is not configured: set REGOPS_GANDI_API_KEY (and REGOPS_GANDI_URL), or REGOPS_SANDBOX_URL".into();
            }
        }
        match (netim_id, netim_secret) {
            (Some(id), Some(secret)) => {
                let url = netim_url.unwrap_or_else(|| NETIM_DEFAULT_URL.into());
                vendors.netim = Some(
                    NetimClient::with_options(&url, id, Secret::new(secret), options.clone())
                        .map_err(|e| Failure::config(format!("Netim client for {url}: {e}")))?,
                );
            }
            _ => {
                vendors.netim_missing =
                    "Netim is not configured: set REGOPS_NETIM_ID and REGOPS_NETIM_SECRET (and REGOPS_NETIM_URL), or REGOPS_SANDBOX_URL".into();
            }
        }
        Ok(vendors)
    }
}

impl Vendors {
    pub fn gandi(&self) -> Result<&GandiClient, Failure> {
        self.gandi
            .as_ref()
            .ok_or_else(|| Failure::config(self.gandi_missing.clone()))
    }

    pub fn netim(&self) -> Result<&NetimClient, Failure> {
        self.netim
            .as_ref()
            .ok_or_else(|| Failure::config(self.netim_missing.clone()))
    }

    /// Closes the Netim session, if one was opened.
    pub async fn close(&self) {
        if let Some(netim) = &self.netim
            && let Err(e) = netim.close().await
        {
            tracing::warn!("closing the Netim session: {e}");
        }
    }
}

/// `GET {base}/_sandbox/`: the sandbox's endpoints and test credentials.
async fn sandbox_index(base: &str) -> Result<serde_json::Value, Failure> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let url = format!("{}/_sandbox", base.trim_end_matches('/'));
    let where_ = "REGOPS_SANDBOX_URL";
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| Failure::config(format!("{where_}: cannot build an HTTP client: {e}")))?;
    let response = client.get(&url).send().await.map_err(|e| {
        Failure::unavailable(format!(
            "{where_}: no sandbox answers at {url}: {}",
            e.without_url()
        ))
    })?;
    if !response.status().is_success() {
        return Err(Failure::config(format!(
            "{where_}: {url} answered {}; is it a `regops sandbox`?",
            response.status()
        )));
    }
    response.json().await.map_err(|e| {
        Failure::config(format!(
            "{where_}: {url} did not answer the sandbox's JSON index: {}",
            e.without_url()
        ))
    })
}
