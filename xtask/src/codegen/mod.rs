//! Turns the checked spec into Rust source text, a module per emitted thing:
//! structs, enums, rules, methods, notifications, error catalogues, the
//! tables that tie them together, the command's bundles, and the
//! benchmarks' plain mirror.

mod bundle;
mod enums;
mod errors;
mod methods;
mod model;
mod names;
mod plain;
mod rules;
mod structs;
mod tables;
mod types;
mod webhooks;

pub use names::ident;
pub use plain::generate_plain;

use model::Gen;
use rules::Collected;
use tables::{EndpointRow, TypeRow};

use crate::spec::{Provider, Spec};

/// One generated file: path relative to the repository root, and its text.
pub struct Output {
    pub path: String,
    pub text: String,
}

/// Where the model's generated code lives.
pub const LIB: &str = "crates/wagate/src/generated";

/// What one provider contributes to the shared tables.
struct ProviderOut {
    files: Vec<Output>,
    limits: (String, String, Vec<rules::Const>),
    types: Vec<TypeRow>,
    endpoints: Vec<EndpointRow>,
    error_body: Option<(String, String)>,
}

fn provider(p: &Provider) -> Result<ProviderOut, Vec<String>> {
    let g = Gen::new(p)?;
    let dir = format!("{LIB}/{}", g.module);
    let mut c = Collected {
        module: g.module.clone(),
        ..Collected::default()
    };
    let mut files = Vec::new();
    let mut modules = Vec::new();
    let mut types = Vec::new();
    let mut endpoints = Vec::new();
    for m in &p.methods {
        files.push(Output {
            path: format!("{dir}/{}.rs", m.module),
            text: methods::method_module(&g, m, &mut c),
        });
        modules.push(m.module.clone());
        let path = format!("{}::{}", g.module, m.module);
        if m.def.request.is_some() {
            types.push((
                format!("{}/{}.request", p.dir, m.def.name),
                p.dir.clone(),
                format!("{path}::Request"),
                "Request",
            ));
        }
        if m.def.response.is_some() {
            types.push((
                format!("{}/{}.response", p.dir, m.def.name),
                p.dir.clone(),
                format!("{path}::Response"),
                "Received",
            ));
        }
        endpoints.push((
            p.dir.clone(),
            path,
            m.def.request.is_some(),
            m.def.response.is_some(),
        ));
    }
    if let Some(w) = &p.webhooks {
        files.push(Output {
            path: format!("{dir}/webhook.rs"),
            text: webhooks::webhook_module(&g, w, &mut c),
        });
        modules.push("webhook".to_owned());
        types.push((
            format!("{}/webhook", p.dir),
            p.dir.clone(),
            format!("{}::webhook::Notification", g.module),
            "Received",
        ));
    }
    let mut error_body = None;
    if let Some(e) = &p.errors {
        files.push(Output {
            path: format!("{dir}/errors.rs"),
            text: errors::errors_module(&g, e, &mut c),
        });
        modules.push("errors".to_owned());
        if e.body.is_some() {
            types.push((
                format!("{}/error", p.dir),
                p.dir.clone(),
                format!("{}::errors::ErrorBody", g.module),
                "Received",
            ));
            error_body = Some((p.dir.clone(), g.module.clone()));
        }
    }
    if let Some(text) = types::shared_module(&g, &mut c) {
        files.push(Output {
            path: format!("{dir}/types.rs"),
            text,
        });
        modules.push(model::SHARED.to_owned());
    }
    modules.sort();
    files.push(Output {
        path: format!("{dir}/mod.rs"),
        text: tables::provider_module(&g, &modules, &c),
    });
    Ok(ProviderOut {
        files,
        limits: (g.module.clone(), p.dir.clone(), c.consts),
        types,
        endpoints,
        error_body,
    })
}

pub fn generate(spec: &Spec) -> Result<Vec<Output>, Vec<String>> {
    let mut outputs = Vec::new();
    let mut problems = Vec::new();
    let mut limits = Vec::new();
    let mut types = Vec::new();
    let mut endpoints = Vec::new();
    let mut error_bodies = Vec::new();
    for p in &spec.providers {
        match provider(p) {
            Ok(out) => {
                outputs.extend(out.files);
                limits.push(out.limits);
                types.extend(out.types);
                endpoints.extend(out.endpoints);
                error_bodies.extend(out.error_body);
            }
            Err(e) => problems.extend(e),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    types.sort();
    outputs.push(Output {
        path: format!("{LIB}/mod.rs"),
        text: tables::root(spec, &error_bodies),
    });
    outputs.push(Output {
        path: format!("{LIB}/limits.rs"),
        text: tables::limits(spec, &limits),
    });
    outputs.push(Output {
        path: format!("{LIB}/registry.rs"),
        text: tables::registry(spec, &types, &endpoints),
    });
    outputs.extend(bundle::bundles(spec));
    Ok(outputs)
}
