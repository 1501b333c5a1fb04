//! wagate-sandbox: an offline Green API.
//!
//! Every method of wagate's catalogue is answered on its documented verb and
//! path; every request is read by wagate exactly as the server reads it (the
//! documented status and the server's own error text for an invalid one);
//! sent messages, settings, files, groups and queues keep their state; the
//! notifications the settings ask for are queued for `ReceiveNotification`
//! or POSTed to `webhookUrl`, on a clock that the caller moves
//! (`POST /sandbox/waInstance{id}/clock`). See the crate's README.

mod api;
mod control;
mod delivery;
mod examples;
mod methods;
mod state;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::response::Response;
use tokio::net::TcpListener;

/// One instance the sandbox serves.
#[derive(Clone, Debug)]
pub struct InstanceConfig {
    /// `idInstance`.
    pub id: u64,
    /// `apiTokenInstance`.
    pub token: String,
    /// The account's phone number (digits); its `wid` is `<phone>@c.us`.
    pub phone: String,
}

impl InstanceConfig {
    /// An instance with a phone number derived from its id.
    pub fn new(id: u64, token: impl Into<String>) -> Self {
        Self {
            id,
            token: token.into(),
            phone: format!("7{:010}", id % 10_000_000_000),
        }
    }

    /// Reads `ID:TOKEN` or `ID:TOKEN:PHONE` (the `--instance` argument).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut parts = text.splitn(3, ':');
        let id = parts
            .next()
            .and_then(|id| id.parse::<u64>().ok())
            .ok_or_else(|| format!("`{text}`: expected ID:TOKEN with a numeric ID"))?;
        let token = parts
            .next()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| format!("`{text}`: expected ID:TOKEN"))?;
        let mut instance = Self::new(id, token);
        if let Some(phone) = parts.next() {
            if phone.is_empty() || !phone.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("`{text}`: the phone must be digits"));
            }
            instance.phone = phone.to_owned();
        }
        Ok(instance)
    }
}

/// How the sandbox behaves.
#[derive(Clone, Debug)]
pub struct Config {
    /// The instances served.
    pub instances: Vec<InstanceConfig>,
    /// The base URL of file links (`urlFile`, `downloadUrl`); by default
    /// `http://<listen address>`.
    pub public_url: Option<String>,
    /// The clock's start, UNIX milliseconds.
    pub start_ms: i64,
    /// Whether the clock also follows real time (the binary's default);
    /// otherwise it moves only through `/sandbox/…/clock`.
    pub realtime: bool,
    /// Whether the documented per-method rate limits answer 429.
    pub rate_limits: bool,
    /// When a failed webhook delivery is retried (the documents: every minute).
    pub webhook_retry_ms: i64,
    /// Time from `sent` to `delivered`.
    pub delivered_after_ms: i64,
    /// Time from `delivered` to `read`.
    pub read_after_ms: i64,
    /// How long one webhook POST may take before it counts as failed.
    pub webhook_timeout: Duration,
    /// Whether webhooks may go to hosts other than this machine's loopback
    /// addresses (off: a sandbox stays offline; such a delivery fails).
    pub allow_remote_webhooks: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            instances: Vec::new(),
            public_url: None,
            start_ms: 1_700_000_000_000,
            realtime: false,
            rate_limits: true,
            webhook_retry_ms: 60_000,
            delivered_after_ms: 1_000,
            read_after_ms: 1_000,
            webhook_timeout: Duration::from_secs(10),
            allow_remote_webhooks: false,
        }
    }
}

/// The sandbox's clock: a start, the advances asked for, and (in real-time
/// mode) the time elapsed since the start.
pub(crate) struct Clock {
    start_ms: i64,
    offset_ms: AtomicI64,
    realtime: Option<Instant>,
}

impl Clock {
    fn new(start_ms: i64, realtime: bool) -> Self {
        Self {
            start_ms,
            offset_ms: AtomicI64::new(0),
            realtime: realtime.then(Instant::now),
        }
    }

    /// Now, UNIX milliseconds.
    pub(crate) fn now_ms(&self) -> i64 {
        let elapsed = self.realtime.map_or(0, |t| {
            i64::try_from(t.elapsed().as_millis()).unwrap_or(i64::MAX)
        });
        self.start_ms
            .saturating_add(self.offset_ms.load(Ordering::SeqCst))
            .saturating_add(elapsed)
    }

    fn advance(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::SeqCst);
    }
}

/// Everything the handlers share.
pub(crate) struct App {
    pub(crate) config: Config,
    pub(crate) base_url: String,
    pub(crate) clock: Clock,
    pub(crate) instances: HashMap<u64, Arc<state::Instance>>,
    pub(crate) http: reqwest::Client,
    pub(crate) examples: examples::Examples,
    pub(crate) endpoints: api::Endpoints,
    pub(crate) files: state::Files,
    pub(crate) rate_limits: AtomicBool,
}

/// A running sandbox.
pub struct Running {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`: the API host and the media host.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections and waits for the server to end.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task.await.map_err(std::io::Error::other)?
    }

    /// Waits until the server ends (it does not end by itself).
    pub async fn wait(self) -> std::io::Result<()> {
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Serves the sandbox on `listener` until [`Running::stop`].
pub async fn start(listener: TcpListener, config: Config) -> std::io::Result<Running> {
    let addr = listener.local_addr()?;
    let base_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
        .trim_end_matches('/')
        .to_owned();
    let http = reqwest::Client::builder()
        .timeout(config.webhook_timeout)
        .build()
        .map_err(std::io::Error::other)?;
    let clock = Clock::new(config.start_ms, config.realtime);
    let now = clock.now_ms();
    let instances = config
        .instances
        .iter()
        .map(|i| (i.id, Arc::new(state::Instance::new(i, now))))
        .collect();
    let app = Arc::new(App {
        rate_limits: AtomicBool::new(config.rate_limits),
        base_url,
        clock,
        instances,
        http,
        examples: examples::Examples::load(),
        endpoints: api::Endpoints::load(),
        files: state::Files::default(),
        config,
    });
    if app.config.realtime {
        tokio::spawn(tick(Arc::downgrade(&app)));
    }
    let router = Router::new().fallback(handle).with_state(app);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    // Small answers go out at once (no Nagle delay against delayed ACKs).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await
    });
    Ok(Running {
        addr,
        shutdown: Some(tx),
        task,
    })
}

/// Real-time mode: what falls due as time passes happens without a
/// `/clock` call.
async fn tick(app: std::sync::Weak<App>) {
    let mut interval = tokio::time::interval(Duration::from_millis(200));
    loop {
        interval.tick().await;
        let Some(app) = app.upgrade() else { return };
        control::settle(&app).await;
    }
}

async fn handle(State(app): State<Arc<App>>, request: Request) -> Response {
    let path = request.uri().path();
    if path.starts_with("/sandbox/") {
        control::handle(app, request).await
    } else if path.starts_with("/media/") {
        api::media(&app, &request)
    } else {
        api::handle(app, request).await
    }
}
