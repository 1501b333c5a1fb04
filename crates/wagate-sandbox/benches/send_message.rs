//! Requests per second for SendMessage against the sandbox, beside a plain
//! axum echo handler on the same machine, both driven over loopback by the
//! same reqwest client with the same concurrency.
//!
//!     cargo bench -p wagate-sandbox --bench send_message [-- REQUESTS CONCURRENCY]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use wagate_sandbox::{Config, InstanceConfig};

const TOKEN: &str = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345";

async fn run(
    client: &reqwest::Client,
    url: &str,
    body: &str,
    requests: usize,
    concurrency: usize,
) -> Duration {
    let url: Arc<str> = Arc::from(url);
    let body: Arc<str> = Arc::from(body);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let client = client.clone();
        let url = Arc::clone(&url);
        let body = Arc::clone(&body);
        let share = requests / concurrency + usize::from(worker < requests % concurrency);
        tasks.push(tokio::spawn(async move {
            for _ in 0..share {
                let response = client
                    .post(&*url)
                    .header("content-type", "application/json")
                    .body(body.to_string())
                    .send()
                    .await
                    .unwrap();
                assert!(response.status().is_success(), "{}", response.status());
                response.bytes().await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    started.elapsed()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let requests: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(40_000);
    let concurrency: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(32);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sandbox = wagate_sandbox::start(
            listener,
            Config {
                instances: vec![InstanceConfig::new(1101000001, TOKEN)],
                rate_limits: false,
                ..Config::default()
            },
        )
        .await
        .unwrap();
        let sandbox_url = format!("{}/waInstance1101000001/sendMessage/{TOKEN}", sandbox.url());

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let echo_url = format!("http://{}/echo", listener.local_addr().unwrap());
        let echo = axum::Router::new().route(
            "/echo",
            axum::routing::post(|body: axum::body::Bytes| async move { body }),
        );
        tokio::spawn(async move { axum::serve(listener, echo).await });

        let client = reqwest::Client::builder().tcp_nodelay(true).build().unwrap();
        let body = r#"{"chatId":"79001234567@c.us","message":"I use Green-API to send this message to you!"}"#;
        // Warm up both (connections, allocators).
        run(&client, &sandbox_url, body, 2_000, concurrency).await;
        run(&client, &echo_url, body, 2_000, concurrency).await;
        let sandbox_time = run(&client, &sandbox_url, body, requests, concurrency).await;
        let echo_time = run(&client, &echo_url, body, requests, concurrency).await;
        let rate = |t: Duration| requests as f64 / t.as_secs_f64();
        println!(
            "requests={requests} concurrency={concurrency} cores={}",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        println!("sandbox SendMessage: {:.0} req/s", rate(sandbox_time));
        println!("axum echo:           {:.0} req/s", rate(echo_time));
        println!("ratio sandbox/echo:  {:.2}", rate(sandbox_time) / rate(echo_time));
        sandbox.stop().await.unwrap();
    });
}
