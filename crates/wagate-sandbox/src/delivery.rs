//! Webhook delivery: the head of an instance's queue is POSTed to
//! `webhookUrl`, one notification at a time, in order; a 2xx answer
//! removes it (so each is delivered once when acknowledged), any other
//! outcome leaves it at the head until the retry time on the sandbox clock.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::App;
use crate::state::Instance;

/// Schedules a delivery run when the instance has a webhook and something
/// to deliver; runs already scheduled are not doubled.
pub(crate) fn kick(app: &Arc<App>, instance: &Arc<Instance>) {
    instance.arrived.notify_waiters();
    {
        let state = instance.lock();
        if state.queue.is_empty() || state.webhook_url().is_none() {
            return;
        }
    }
    if instance.kicked.swap(true, Ordering::AcqRel) {
        return;
    }
    let app = Arc::clone(app);
    let instance = Arc::clone(instance);
    tokio::spawn(async move { deliver(&app, &instance).await });
}

/// Delivers every notification that can be delivered now, in order, and
/// returns when the queue is empty, the webhook is unset, or a delivery
/// failed (the rest waits for the retry time).
pub(crate) async fn deliver(app: &App, instance: &Instance) {
    let _one_at_a_time = instance.delivery.lock().await;
    instance.kicked.store(false, Ordering::Release);
    loop {
        let (receipt_id, body, url, authorization) = {
            let state = instance.lock();
            let Some(url) = state.webhook_url() else {
                return;
            };
            if state.retry_at_ms.is_some_and(|at| app.clock.now_ms() < at) {
                return;
            }
            let Some(head) = state.queue.front() else {
                return;
            };
            (
                head.receipt_id,
                Arc::clone(&head.body),
                url,
                state.webhook_authorization(),
            )
        };
        if !app.config.allow_remote_webhooks && !is_loopback(&url) {
            let mut state = instance.lock();
            state.deliveries.attempts += 1;
            state.deliveries.failed += 1;
            state.retry_at_ms = Some(
                app.clock
                    .now_ms()
                    .saturating_add(app.config.webhook_retry_ms),
            );
            return;
        }
        let mut request = app
            .http
            .post(&url)
            .header("content-type", "application/json; charset=utf-8")
            .body(body.as_bytes().to_vec());
        if let Some(authorization) = authorization {
            request = request.header("authorization", authorization);
        }
        let acknowledged = match request.send().await {
            Ok(response) => {
                let success = response.status().is_success();
                // Read the answer so the connection can be reused.
                let _ = response.bytes().await;
                success
            }
            Err(_) => false,
        };
        let mut state = instance.lock();
        state.deliveries.attempts += 1;
        if acknowledged {
            state.deliveries.delivered += 1;
            if state
                .queue
                .front()
                .is_some_and(|q| q.receipt_id == receipt_id)
            {
                state.queue.pop_front();
            }
            state.retry_at_ms = None;
        } else {
            state.deliveries.failed += 1;
            state.retry_at_ms = Some(
                app.clock
                    .now_ms()
                    .saturating_add(app.config.webhook_retry_ms),
            );
            return;
        }
    }
}

/// Whether a webhook URL points at this machine (`localhost`, 127.0.0.0/8, `::1`).
fn is_loopback(url: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(url) else {
        return false;
    };
    let host = url.host_str().unwrap_or_default().trim_matches(['[', ']']);
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}
