//! The `errors` module: the provider's error catalogue and its typed error
//! body (TYPE `<provider>/error`).

use std::fmt::Write as _;

use super::methods::{document, received_body};
use super::model::{Gen, Side};
use super::names::{Imports, header, lit};
use super::rules::Collected;
use super::types::named_types;
use crate::spec::{ErrorsFile, HttpError, upper_camel};

const UNIT: &str = "errors";

/// The text of the `errors` module.
pub fn errors_module(g: &Gen, e: &ErrorsFile, c: &mut Collected) -> String {
    let mut imports = Imports::default();
    let file = format!("spec/{}/errors.toml", g.p.dir);
    let mut body = catalogue(g, e, &mut imports);
    if let Some(b) = &e.body {
        let statuses = if e.body_any_status {
            "every status outside 2xx".to_owned()
        } else {
            let list: Vec<String> = e.body_statuses.iter().map(u16::to_string).collect();
            format!("HTTP {}", list.join(", "))
        };
        let text = format!(
            "{}\n\nThe body of {statuses} (TYPE `{}/error`).\n\nSource: {}.",
            b.doc
                .clone()
                .unwrap_or_else(|| "The provider's error body.".into()),
            g.p.dir,
            b.seed.as_deref().unwrap_or(&e.seed)
        );
        body.push_str(&received_body(
            g,
            "ErrorBody",
            text,
            b,
            UNIT,
            &file,
            &mut imports,
        ));
        body.push_str(&document(
            "ErrorBody",
            &format!("{}/error", g.p.dir),
            Side::Received,
            &file,
            &[],
            c,
            &mut imports,
        ));
        body.push_str(&read_error_body(g, &mut imports));
    }
    body.push_str(&named_types(g, UNIT, c, &mut imports));
    let mut out = header(&file);
    let _ = writeln!(
        out,
        "//!\n//! Errors every {} method can answer.\n",
        g.p.def.title
    );
    out.push_str(&imports.render());
    out.push_str(&body);
    out
}

fn retry(r: &HttpError) -> String {
    match &r.retry {
        None => "RetryAdvice::DoNotRetry".to_owned(),
        Some(crate::spec::Retry::Later(_)) => "RetryAdvice::RetryLater".to_owned(),
        Some(crate::spec::Retry::Attempts { attempts }) => {
            format!("RetryAdvice::RetryWithDelay {{ attempts: {attempts} }}")
        }
    }
}

fn catalogue(g: &Gen, e: &ErrorsFile, imports: &mut Imports) -> String {
    imports.add("crate::catalogue", "ErrorCatalogue");
    if !e.http_errors.is_empty() {
        imports.add("crate::catalogue", "StandardError");
        imports.add("crate::endpoint", "RetryAdvice");
    }
    if !e.body_markers.is_empty() {
        imports.add("crate::catalogue", "BodyMarker");
    }
    if !e.validation_errors.is_empty() {
        imports.add("crate::catalogue", "ValidationText");
    }
    let mut rows = String::new();
    for r in &e.http_errors {
        let _ = writeln!(
            rows,
            "        StandardError {{ status: {}, text: {}, parts: {}, meaning: {}, action: {}, action_documented: {}, retry: {} }},",
            r.status,
            lit(&r.text),
            super::methods::parts_lit(r.parts.as_deref()),
            lit(&r.meaning),
            lit(&r.action),
            r.action_documented,
            retry(r)
        );
    }
    let mut markers = String::new();
    for m in &e.body_markers {
        let _ = writeln!(
            markers,
            "        BodyMarker {{ code: {}, field: {}, meaning: {}, action: {} }},",
            lit(&m.code),
            lit(&m.field),
            lit(&m.meaning),
            lit(&m.action)
        );
    }
    let mut texts = String::new();
    for v in &e.validation_errors {
        let fields: Vec<String> = v.fields.iter().map(|f| lit(f)).collect();
        let _ = writeln!(
            texts,
            "        ValidationText {{ template: {}, meaning: {}, fields: &[{}] }},",
            lit(&v.template),
            lit(&v.meaning),
            fields.join(", ")
        );
    }
    let statuses: Vec<String> = e.body_statuses.iter().map(u16::to_string).collect();
    let reader = if e.body.is_some() {
        "Some(read_error_body)"
    } else {
        "None"
    };
    format!(
        "/// {title}'s error catalogue, in the documents' order.
pub const CATALOGUE: ErrorCatalogue = ErrorCatalogue {{
    http_errors: &[
{rows}    ],
    body_markers: &[
{markers}    ],
    validation_texts: &[
{texts}    ],
    error_body_statuses: &[{statuses}],
    error_body_any_status: {any},
    error_body: {reader},
}};

",
        title = g.p.def.title,
        statuses = statuses.join(", "),
        any = e.body_any_status
    )
}

fn read_error_body(g: &Gen, imports: &mut Imports) -> String {
    imports.add("crate", "Errors");
    imports.add("crate", "ReadMode");
    imports.add("crate", "Received");
    imports.add("crate", "read_with");
    let variant = upper_camel(&g.module);
    format!(
        "fn read_error_body(bytes: &[u8], mode: ReadMode) -> Result<Received<crate::endpoint::ErrorBody>, Errors> {{
    read_with::<ErrorBody>(bytes, mode).map(|body| body.map(crate::endpoint::ErrorBody::{variant}))
}}

"
    )
}
