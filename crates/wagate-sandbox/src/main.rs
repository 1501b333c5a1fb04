//! `wagate-sandbox --listen 127.0.0.1:7700 --instance 1101000001:TOKEN`

use std::process::ExitCode;

use wagate_sandbox::{Config, InstanceConfig};

const USAGE: &str = "usage: wagate-sandbox [--listen ADDR] --instance ID:TOKEN[:PHONE]... \
[--public-url URL] [--manual-clock] [--start-time UNIX_SECONDS] [--no-rate-limits] \
[--webhook-retry-seconds N] [--allow-remote-webhooks]";

fn parse(args: impl Iterator<Item = String>) -> Result<(String, Config), String> {
    let mut listen = "127.0.0.1:7700".to_owned();
    let mut config = Config {
        realtime: true,
        ..Config::default()
    };
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    config.start_ms = now_ms;
    let mut args = args;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--listen" => listen = value("--listen")?,
            "--instance" => config
                .instances
                .push(InstanceConfig::parse(&value("--instance")?)?),
            "--public-url" => config.public_url = Some(value("--public-url")?),
            "--manual-clock" => config.realtime = false,
            "--no-rate-limits" => config.rate_limits = false,
            "--allow-remote-webhooks" => config.allow_remote_webhooks = true,
            "--start-time" => {
                let seconds: i64 = value("--start-time")?
                    .parse()
                    .map_err(|_| "--start-time takes UNIX seconds".to_owned())?;
                config.start_ms = seconds.saturating_mul(1000);
            }
            "--webhook-retry-seconds" => {
                let seconds: i64 = value("--webhook-retry-seconds")?
                    .parse()
                    .map_err(|_| "--webhook-retry-seconds takes a number".to_owned())?;
                config.webhook_retry_ms = seconds.saturating_mul(1000);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if config.instances.is_empty() {
        return Err("at least one --instance ID:TOKEN is required".to_owned());
    }
    Ok((listen, config))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (listen, config) = match parse(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("wagate-sandbox: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("wagate-sandbox: cannot listen on {listen}: {e}");
            return ExitCode::from(1);
        }
    };
    let instances: Vec<u64> = config.instances.iter().map(|i| i.id).collect();
    match wagate_sandbox::start(listener, config).await {
        Ok(running) => {
            eprintln!(
                "wagate-sandbox: Green API on {} (apiUrl and mediaUrl), instances {instances:?}",
                running.url()
            );
            match running.wait().await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("wagate-sandbox: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(e) => {
            eprintln!("wagate-sandbox: {e}");
            ExitCode::from(1)
        }
    }
}
