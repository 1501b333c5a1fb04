//! The spec/ data model, its loading and its checks.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use wagate_cli::example_file::ExampleFile;

/// Names of the seed documents a `seed` string may cite.
pub const SEEDS: &[&str] = &[
    "000_1f5f6906839881eb.txt",
    "001_6cdf28f0b79ee32d.txt",
    "002_893fe9cfe9a53da2.txt",
    "003_b0e58736347c1fe7.txt",
    "004_5e08670cd3946de7.txt",
];

/// Prefix of a citation of today's Green API reference,
/// `green-api-current/FILE.md:LINE`: a file of
/// `shared/reference/green-api-current/`.
pub const CURRENT: &str = "green-api-current/";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderFile {
    pub name: String,
    pub title: String,
    pub seed: String,
    pub auth: String,
    /// Documented host examples; read by people, not by the generator.
    #[serde(default)]
    #[allow(dead_code)]
    pub hosts: Vec<toml::Value>,
    #[serde(default)]
    pub validation_messages: BTreeMap<String, Template>,
    /// The chat id kinds requests accept; absent: personal and group.
    pub chat_ids: Option<ChatIds>,
    /// The largest JSON request body the server accepts, when documented.
    pub max_json_body: Option<MaxJsonBody>,
    /// The documented minimum length of request message ids.
    pub message_id: Option<MessageIdRule>,
    /// Path placeholders filled from the account's credentials (Maytapi's
    /// product and phone ids), beside the auth kind's own.
    #[serde(default)]
    pub instance: Vec<InstancePart>,
}

/// `message_id = { min_length = N, fields = [...], seed, server_message }`:
/// one rule for every request field of those names and type `message_id`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageIdRule {
    pub min_length: u64,
    pub fields: Vec<String>,
    pub seed: String,
    pub server_message: Option<String>,
}

/// One path placeholder the credentials fill (`{ name = "phone_id", seed = "…" }`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstancePart {
    pub name: String,
    pub seed: String,
    #[allow(dead_code)]
    pub doc: Option<String>,
}

/// `spec/wire.toml`: facts every provider shares.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireFile {
    pub safe_integer: SafeInteger,
}

/// The bound of `safe_integer` rules (JavaScript's `Number.MAX_SAFE_INTEGER`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafeInteger {
    pub max: u64,
    pub seed: String,
    #[allow(dead_code)]
    pub note: Option<String>,
}

/// `max_json_body = { bytes = N, seed = "...", note = "..." }` in provider.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaxJsonBody {
    pub bytes: u64,
    pub seed: String,
    /// Why this number (read by people).
    #[allow(dead_code)]
    pub note: Option<String>,
}

/// `chat_ids = { kinds = [...], seed = "..." }` in provider.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatIds {
    pub kinds: Vec<String>,
    pub seed: String,
}

/// Chat id kinds `chat_ids.kinds` may name.
pub const CHAT_ID_KINDS: &[&str] = &["personal", "group", "lid", "newsletter", "status_broadcast"];

/// The auth kinds of provider.toml, without the header name.
pub const AUTH_KINDS: &[&str] = &["path_token", "bearer", "header", "body_token"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub template: String,
    pub seed: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodFile {
    pub name: String,
    pub summary: String,
    pub seed: String,
    pub verb: String,
    pub host: String,
    pub path: String,
    pub content_type: String,
    pub rate_limit: Option<RateLimit>,
    pub request: Option<Body>,
    pub response: Option<Body>,
    #[serde(default)]
    pub errors: Vec<ErrorRow>,
    #[serde(default)]
    pub structs: Vec<StructDef>,
    #[serde(default)]
    pub enums: Vec<EnumDef>,
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Today's documents withdraw or deprecate the method.
    pub deprecated: Option<Deprecated>,
    /// The documents send a JSON body on this GET (which HTTP allows and
    /// some servers read): where they say so.
    pub body_on_get: Option<Cited>,
}

/// A fact and where the documents state it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cited {
    pub seed: String,
    /// Read by people.
    #[allow(dead_code)]
    pub note: Option<String>,
}

/// `deprecated = { reason = "...", seed = "..." }` on a method file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deprecated {
    #[allow(dead_code)]
    pub reason: String,
    pub seed: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    pub per_second: f64,
    pub seed: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub seed: Option<String>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(rename = "type")]
    pub root_type: Option<String>,
    #[serde(default)]
    pub nullable: bool,
    #[serde(default)]
    pub rules: Vec<Limit>,
    pub doc: Option<String>,
    /// The documented success status (`[response]` only); 200 when absent.
    pub status: Option<u16>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub nullable: bool,
    pub doc: Option<String>,
    pub seed: String,
    #[serde(default)]
    pub limits: Vec<Limit>,
    #[serde(default = "default_location")]
    pub location: String,
    /// The documented default of an optional field, as its wire value.
    pub default: Option<String>,
    /// Chat id kinds this field accepts, when not the provider's (`chat_id` fields).
    pub chat_ids: Option<Vec<String>>,
    /// The Rust name, when the derived one would clash (`ListMessage` beside `listMessage`).
    pub rust_name: Option<String>,
}

impl Field {
    /// The field's Rust identifier.
    pub fn rust_ident(&self) -> String {
        self.rust_name
            .clone()
            .unwrap_or_else(|| crate::codegen::ident(&self.name))
    }
}

fn default_location() -> String {
    "body".into()
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub rule: String,
    pub value: Option<toml::Value>,
    pub values: Option<Vec<toml::Value>>,
    pub field: Option<String>,
    pub fields: Option<Vec<String>>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub seed: String,
    pub server_message: Option<String>,
    /// Free text for readers of the spec.
    #[allow(dead_code)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorRow {
    /// Absent when the documents give no status.
    pub status: Option<u16>,
    pub text: String,
    /// The failure as a JSON value (or members), when `text` as printed is
    /// not JSON: what a success-status body is matched against (a repair;
    /// a note says so).
    pub shape: Option<String>,
    /// The parts of the text that name the error, in order, where the rest
    /// varies (a chat id, a number, the status's reason phrase).
    pub parts: Option<Vec<String>>,
    pub meaning: String,
    pub seed: String,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct StructDef {
    pub name: String,
    /// Dispatch on this enum field: an unknown value keeps the object whole.
    pub dispatch_on: Option<String>,
    pub seed: String,
    pub doc: Option<String>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub rules: Vec<Limit>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    pub name: String,
    pub seed: Option<String>,
    pub doc: Option<String>,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub wire: String,
    /// A spelling variant of this canonical value: kept as written, read as the canonical one.
    pub alias_of: Option<String>,
    /// The Rust variant name, when the derived one would clash.
    pub rust_name: Option<String>,
    pub seed: String,
    pub doc: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub kind: String,
    pub text: String,
    pub seeds: Vec<String>,
}

/// `spec/<provider>/errors.toml`: what every method of the provider can answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorsFile {
    pub seed: String,
    /// HTTP statuses whose body is `body`.
    #[serde(default)]
    pub body_statuses: Vec<u16>,
    /// `[body]` is the body of every non-2xx status (no status is documented).
    #[serde(default)]
    pub body_any_status: bool,
    /// The typed error body: TYPE `<provider>/error`.
    pub body: Option<Body>,
    #[serde(default)]
    pub http_errors: Vec<HttpError>,
    #[serde(default)]
    pub body_markers: Vec<BodyMarker>,
    #[serde(default)]
    pub validation_errors: Vec<ValidationText>,
    #[serde(default)]
    pub structs: Vec<StructDef>,
    #[serde(default)]
    pub enums: Vec<EnumDef>,
    #[serde(default)]
    pub notes: Vec<Note>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpError {
    pub status: u16,
    pub text: String,
    /// The parts of the text that name the error, in order, where the rest
    /// varies (placeholders, the status's reason phrase); `[]`: the status
    /// alone does.
    pub parts: Option<Vec<String>>,
    pub meaning: String,
    pub action: String,
    #[serde(default = "yes")]
    pub action_documented: bool,
    pub seed: String,
    /// Whether to retry: `"later"`, or `{ attempts = N }` with a delay.
    pub retry: Option<Retry>,
}

/// The retry advice of a standard error row.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Retry {
    Later(Later),
    Attempts { attempts: u8 },
}

/// The word `later`.
#[derive(Debug, Deserialize)]
pub enum Later {
    #[serde(rename = "later")]
    Later,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyMarker {
    pub code: String,
    pub field: String,
    pub meaning: String,
    pub action: String,
    pub seed: String,
    /// The example the row links to.
    pub example_seed: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidationText {
    pub template: String,
    pub meaning: String,
    #[serde(default)]
    pub fields: Vec<String>,
    pub seed: String,
}

/// `spec/<provider>/webhooks.toml`: the notification bodies (TYPE `<provider>/webhook`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksFile {
    pub seed: String,
    /// The struct whose typeMessage selects a message kind.
    pub message_data: String,
    pub webhooks: Vec<WebhookDef>,
    #[serde(default)]
    pub message_kinds: Vec<MessageKind>,
    #[serde(default)]
    pub structs: Vec<StructDef>,
    #[serde(default)]
    pub enums: Vec<EnumDef>,
    #[serde(default)]
    pub variants: Vec<Variant>,
    #[serde(default)]
    pub notes: Vec<Note>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookDef {
    pub name: String,
    pub doc: String,
    pub seed: String,
    /// Example files (under spec/) of this kind.
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub fields: Vec<Field>,
    /// A named struct that is the whole body, shared with other kinds
    /// (instead of `fields`).
    pub body: Option<String>,
}

impl WebhookDef {
    /// The Rust struct of this kind's body.
    pub fn struct_name(&self) -> String {
        self.body.clone().unwrap_or_else(|| upper_camel(&self.name))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageKind {
    pub type_message: String,
    pub type_seed: String,
    /// The messageData key that carries the kind's data; it must be present.
    pub data_key: String,
    /// Other spellings of the data key the documents print (one of all must be present).
    #[serde(default)]
    pub data_key_aliases: Vec<String>,
    pub data_type: String,
    /// Read by people (the kind's own docs live on its data struct).
    #[allow(dead_code)]
    pub doc: String,
    pub seed: String,
    #[serde(default)]
    pub examples: Vec<String>,
    /// The section's own view of the data object (documentation; type-checked).
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub message_fields: Vec<Field>,
}

/// `spec/<provider>/changes.toml`: every difference between the reference
/// spec/ was first written from and today's documents.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangesFile {
    pub changes: Vec<Change>,
}

/// One difference, with both sides' citations.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub number: u32,
    pub item: String,
    pub kind: Kinds,
    /// The kind as the table prints it (read by people).
    #[allow(dead_code)]
    pub kind_text: String,
    pub old: String,
    pub old_seeds: Vec<String>,
    pub now: String,
    pub now_seeds: Vec<String>,
    /// The spec files that implement it.
    pub spec: Vec<String>,
    /// How it is implemented, when not obvious (read by people).
    #[allow(dead_code)]
    pub note: Option<String>,
}

/// One kind, or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Kinds {
    One(String),
    Many(Vec<String>),
}

impl Kinds {
    pub fn list(&self) -> Vec<&str> {
        match self {
            Self::One(k) => vec![k.as_str()],
            Self::Many(ks) => ks.iter().map(String::as_str).collect(),
        }
    }
}

/// The kinds of difference changes.toml names.
pub const CHANGE_KINDS: &[&str] = &[
    "added",
    "removed",
    "loosened",
    "tightened",
    "shape changed",
    "renamed",
    "deprecated",
    "corrected",
    "conflict",
];

/// A drift the examples show against the tables (documentation).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub kind: String,
    pub path: String,
    pub documented: String,
    pub shown: String,
    pub seeds: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub text: String,
}

/// A method with where it came from.
#[derive(Debug)]
pub struct Method {
    pub file: String,
    pub module: String,
    pub def: MethodFile,
}

/// Where a named type is defined.
#[derive(Debug, Clone)]
pub struct Owner {
    /// The module of the file that defines it (a method's, `errors`, `webhook`).
    pub module: String,
    /// The spec file that defines it (`spec/green-api/…toml`).
    pub file: String,
}

#[derive(Debug)]
pub struct Provider {
    pub def: ProviderFile,
    pub dir: String,
    pub methods: Vec<Method>,
    pub structs: BTreeMap<String, (Owner, StructDef)>,
    pub enums: BTreeMap<String, (Owner, EnumDef)>,
    /// `errors.toml`, when the provider has one.
    pub errors: Option<ErrorsFile>,
    /// `webhooks.toml`, when the provider has one.
    pub webhooks: Option<WebhooksFile>,
    /// `changes.toml`, when the provider has one.
    pub changes: Option<ChangesFile>,
}

#[derive(Debug)]
pub struct Example {
    /// Path under spec/examples/.
    pub rel: String,
    /// The file's text.
    pub text: String,
}

#[derive(Debug)]
pub struct Spec {
    pub providers: Vec<Provider>,
    pub examples: Vec<Example>,
    pub wire: WireFile,
}

/// Collects errors so that one run reports all of them.
#[derive(Default)]
pub struct Problems(pub Vec<String>);

impl Problems {
    pub fn push(&mut self, file: &str, msg: impl AsRef<str>) {
        self.0.push(format!("{file}: {}", msg.as_ref()));
    }
}

pub fn snake(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(*c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// The Rust variant name of an enum value.
pub fn variant_name(v: &EnumValue) -> String {
    v.rust_name.clone().unwrap_or_else(|| upper_camel(&v.wire))
}

pub fn upper_camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    let all_caps = name.chars().all(|c| !c.is_ascii_lowercase());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
                upper = false;
            } else if all_caps {
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        } else {
            upper = true;
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        out.insert(0, 'V');
    }
    out
}

fn check_seed(
    seed: &str,
    seeds_dir: Option<&Path>,
    current_dir: Option<&Path>,
    lines: &BTreeMap<String, usize>,
) -> Result<(), String> {
    let (file, range) = seed
        .rsplit_once(':')
        .ok_or_else(|| format!("seed `{seed}` is not FILE:LINE or FILE:FIRST-LAST"))?;
    let current = file
        .strip_prefix(CURRENT)
        .is_some_and(|n| n.len() > 3 && n.ends_with(".md") && !n.contains(['/', '\\']));
    if !SEEDS.contains(&file) && !current {
        return Err(format!(
            "seed `{seed}` names `{file}`, which is not one of the seed documents"
        ));
    }
    let (a, b) = match range.split_once('-') {
        Some((a, b)) => (a, b),
        None => (range, range),
    };
    let (a, b): (usize, usize) = match (a.parse(), b.parse()) {
        (Ok(a), Ok(b)) if a >= 1 && a <= b => (a, b),
        _ => {
            return Err(format!(
                "seed `{seed}`: `{range}` is not LINE or FIRST-LAST with FIRST <= LAST"
            ));
        }
    };
    if current && current_dir.is_some() && !lines.contains_key(file) {
        return Err(format!("seed `{seed}`: {file} does not exist"));
    }
    if let (Some(_), Some(n)) = (
        if current { current_dir } else { seeds_dir },
        lines.get(file),
    ) && b > *n
    {
        return Err(format!("seed `{seed}`: {file} has only {n} lines"));
    }
    let _ = a;
    Ok(())
}

/// Line counts of the `*.md` files of `dir` (today's reference), keyed as cited.
fn current_lines(dir: &Path) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md")
            && let Ok(text) = fs::read_to_string(e.path())
        {
            out.insert(format!("{CURRENT}{name}"), text.lines().count());
        }
    }
    out
}

pub const SCALARS: &[&str] = &[
    "string",
    "bool",
    "integer",
    "unsigned",
    "number",
    "chat_id",
    "message_id",
    "phone_number",
    "json",
    "int_or_string",
    "timestamp",
    "notification",
    "secret",
    "phone_or_chat_id",
    "long",
];
pub const RULES: &[&str] = &[
    "max_length",
    "min_length",
    "max_items",
    "min_items",
    "unique_by",
    "minimum",
    "maximum",
    "one_of",
    "digits",
    "starts_with",
    "safe_integer",
    "safe_number",
    "at_least_one_of",
    "min_properties",
];

/// Where citations point, and how long each cited file is.
struct Citations {
    seeds_dir: Option<PathBuf>,
    current_dir: Option<PathBuf>,
    lines: BTreeMap<String, usize>,
}

impl Citations {
    /// The seeds and today's reference, when `shared/` is beside the checkout.
    fn find(root: &Path) -> Self {
        let beside = |rel: &str| {
            [root.join("..").join(rel), root.join("../..").join(rel)]
                .into_iter()
                .find(|p| p.is_dir())
        };
        let seeds_dir = beside("shared/seeds");
        let current_dir = beside("shared/reference/green-api-current");
        let mut lines = BTreeMap::new();
        if let Some(dir) = &seeds_dir {
            for s in SEEDS {
                if let Ok(text) = fs::read_to_string(dir.join(s)) {
                    lines.insert((*s).to_owned(), text.lines().count());
                }
            }
        }
        if let Some(dir) = &current_dir {
            lines.extend(current_lines(dir));
        }
        Self {
            seeds_dir,
            current_dir,
            lines,
        }
    }

    fn check(&self, problems: &mut Problems, file: &str, seed: &str) {
        if let Err(e) = check_seed(
            seed,
            self.seeds_dir.as_deref(),
            self.current_dir.as_deref(),
            &self.lines,
        ) {
            problems.push(file, e);
        }
    }
}

/// The providers: every folder of spec/ with a provider.toml, by name.
fn provider_dirs(spec_dir: &Path) -> Vec<String> {
    let mut dirs: Vec<String> = fs::read_dir(spec_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("provider.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    dirs
}

pub fn load(root: &Path) -> Result<Spec, Vec<String>> {
    let mut problems = Problems::default();
    let citations = Citations::find(root);
    let seed_ok = |p: &mut Problems, file: &str, seed: &str| citations.check(p, file, seed);
    let mut providers = Vec::new();
    for prov in provider_dirs(&root.join("spec")) {
        if let Some(p) = load_provider(root, &prov, &mut problems, &seed_ok) {
            providers.push(p);
        }
    }
    let examples = load_examples(root, &providers, &mut problems, &seed_ok);
    let wire = read_optional::<WireFile>(root, "spec/wire.toml", &mut problems);
    if let Some(w) = &wire {
        seed_ok(&mut problems, "spec/wire.toml", &w.safe_integer.seed);
    } else if root.join("spec").is_dir() {
        problems.push("spec/wire.toml", "is missing");
    }
    match (problems.0.is_empty(), wire) {
        (true, Some(wire)) => Ok(Spec {
            providers,
            examples,
            wire,
        }),
        _ => Err(problems.0),
    }
}

/// A TOML file of spec/ that may be absent.
fn read_optional<T: for<'de> Deserialize<'de>>(
    root: &Path,
    file: &str,
    problems: &mut Problems,
) -> Option<T> {
    if !root.join(file).is_file() {
        return None;
    }
    read_toml(&root.join(file))
        .map_err(|e| problems.push(file, e))
        .ok()
}

/// One provider's folder: provider.toml, its method files, errors.toml,
/// webhooks.toml, the named types of all of them, and their checks.
fn load_provider(
    root: &Path,
    prov: &str,
    problems: &mut Problems,
    seed_ok: &dyn Fn(&mut Problems, &str, &str),
) -> Option<Provider> {
    let pfile = format!("spec/{prov}/provider.toml");
    let def: ProviderFile = read_toml(&root.join(&pfile))
        .map_err(|e| problems.push(&pfile, e))
        .ok()?;
    check_provider_file(&def, prov, &pfile, problems, seed_ok);
    let methods = load_methods(root, prov, problems);
    let errors: Option<ErrorsFile> =
        read_optional(root, &format!("spec/{prov}/errors.toml"), problems);
    let webhooks: Option<WebhooksFile> =
        read_optional(root, &format!("spec/{prov}/webhooks.toml"), problems);
    let changes: Option<ChangesFile> =
        read_optional(root, &format!("spec/{prov}/changes.toml"), problems);
    let (structs, enums) =
        named_types(prov, &methods, errors.as_ref(), webhooks.as_ref(), problems);
    let provider = Provider {
        def,
        dir: prov.to_string(),
        methods,
        structs,
        enums,
        errors,
        webhooks,
        changes,
    };
    check_provider(&provider, problems, seed_ok);
    check_changes(&provider, root, problems, seed_ok);
    check_errors(&provider, problems, seed_ok);
    check_webhooks(&provider, root, problems, seed_ok);
    Some(provider)
}

/// The method files of a provider, by module name.
fn load_methods(root: &Path, prov: &str, problems: &mut Problems) -> Vec<Method> {
    let dir = root.join("spec").join(prov);
    let mut files = Vec::new();
    collect_toml(&dir, &mut files);
    files.sort();
    let provider_wide = [
        "provider.toml",
        "errors.toml",
        "webhooks.toml",
        "changes.toml",
    ];
    let mut methods = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(root)
            .unwrap_or(&f)
            .to_string_lossy()
            .replace('\\', "/");
        let top_level = f.parent() == Some(dir.as_path());
        if top_level
            && provider_wide
                .iter()
                .any(|n| rel.ends_with(&format!("/{n}")))
        {
            continue;
        }
        match read_toml::<MethodFile>(&f) {
            Ok(def) => methods.push(Method {
                file: rel,
                module: snake(&def.name),
                def,
            }),
            Err(e) => problems.push(&rel, e),
        }
    }
    methods.sort_by(|a, b| a.module.cmp(&b.module));
    let mut names = BTreeSet::new();
    for m in &methods {
        if !names.insert(m.def.name.clone()) {
            problems.push(&m.file, format!("method `{}` is defined twice", m.def.name));
        }
    }
    methods
}

type Named<T> = BTreeMap<String, (Owner, T)>;

/// Every struct and enum of a provider with where it is defined; a name is
/// defined once per provider.
fn named_types(
    prov: &str,
    methods: &[Method],
    errors: Option<&ErrorsFile>,
    webhooks: Option<&WebhooksFile>,
    problems: &mut Problems,
) -> (Named<StructDef>, Named<EnumDef>) {
    let sources = methods
        .iter()
        .map(|m| TypeSource {
            file: m.file.clone(),
            module: m.module.clone(),
            structs: &m.def.structs,
            enums: &m.def.enums,
        })
        .chain(errors.map(|e| TypeSource {
            file: format!("spec/{prov}/errors.toml"),
            module: "errors".into(),
            structs: &e.structs,
            enums: &e.enums,
        }))
        .chain(webhooks.map(|w| TypeSource {
            file: format!("spec/{prov}/webhooks.toml"),
            module: "webhook".into(),
            structs: &w.structs,
            enums: &w.enums,
        }));
    let mut structs = BTreeMap::new();
    let mut enums = BTreeMap::new();
    for m in sources {
        let owner = Owner {
            module: m.module.clone(),
            file: m.file.clone(),
        };
        for s in m.structs {
            let twice = structs
                .insert(s.name.clone(), (owner.clone(), s.clone()))
                .is_some();
            if twice || enums.contains_key(&s.name) {
                problems.push(
                    &m.file,
                    format!("type `{}` is defined twice in {prov}", s.name),
                );
            }
        }
        for e in m.enums {
            let twice = enums
                .insert(e.name.clone(), (owner.clone(), e.clone()))
                .is_some();
            if twice || structs.contains_key(&e.name) {
                problems.push(
                    &m.file,
                    format!("type `{}` is defined twice in {prov}", e.name),
                );
            }
        }
    }
    (structs, enums)
}

/// changes.toml: rows numbered 1..N, kinds of the closed list, every
/// citation valid, every spec file named exists.
fn check_changes(
    p: &Provider,
    root: &Path,
    problems: &mut Problems,
    seed_ok: &dyn Fn(&mut Problems, &str, &str),
) {
    let Some(c) = &p.changes else { return };
    let file = format!("spec/{}/changes.toml", p.dir);
    for (i, row) in c.changes.iter().enumerate() {
        let at = format!("change {}", row.number);
        if usize::try_from(row.number).ok() != Some(i + 1) {
            problems.push(
                &file,
                format!("{at}: rows are numbered 1..N in order (expected {})", i + 1),
            );
        }
        for k in row.kind.list() {
            if !CHANGE_KINDS.contains(&k) {
                problems.push(
                    &file,
                    format!("{at}: kind `{k}` is none of {}", CHANGE_KINDS.join(", ")),
                );
            }
        }
        if row.item.trim().is_empty() || row.old.trim().is_empty() || row.now.trim().is_empty() {
            problems.push(&file, format!("{at}: item, old and now are required"));
        }
        if row.now_seeds.is_empty() {
            problems.push(&file, format!("{at}: now_seeds cites today's documents"));
        }
        for s in row.old_seeds.iter().chain(&row.now_seeds) {
            seed_ok(problems, &file, s);
        }
        for s in &row.spec {
            if !root.join(s).exists() {
                problems.push(&file, format!("{at}: spec file `{s}` does not exist"));
            }
        }
    }
}

/// The checks of a provider.toml beyond its shape.
fn check_provider_file(
    def: &ProviderFile,
    prov: &str,
    pfile: &str,
    problems: &mut Problems,
    seed_ok: &dyn Fn(&mut Problems, &str, &str),
) {
    if def.name != prov {
        problems.push(
            pfile,
            format!("name `{}` must equal the folder name `{prov}`", def.name),
        );
    }
    seed_ok(problems, pfile, &def.seed);
    if let Some(m) = &def.max_json_body {
        seed_ok(problems, pfile, &m.seed);
        if m.bytes == 0 {
            problems.push(pfile, "max_json_body.bytes must be positive");
        }
    }
    if let Err(e) = check_auth(&def.auth) {
        problems.push(pfile, e);
    }
    if let Some(c) = &def.chat_ids {
        seed_ok(problems, pfile, &c.seed);
        if c.kinds.is_empty() {
            problems.push(pfile, "chat_ids.kinds is empty");
        }
        for k in &c.kinds {
            if !CHAT_ID_KINDS.contains(&k.as_str()) {
                problems.push(
                    pfile,
                    format!(
                        "chat_ids: unknown kind `{k}` (known: {})",
                        CHAT_ID_KINDS.join(", ")
                    ),
                );
            }
        }
    }
    for (k, t) in &def.validation_messages {
        if ![
            "unknown_field",
            "missing_field",
            "empty_string",
            "chat_id",
            "not_a_string",
            "not_a_number",
            "not_a_boolean",
            "not_an_array",
        ]
        .contains(&k.as_str())
        {
            problems.push(pfile, format!("validation_messages: unknown key `{k}`"));
        }
        seed_ok(problems, pfile, &t.seed);
    }
    if let Some(m) = &def.message_id {
        seed_ok(problems, pfile, &m.seed);
        if m.fields.is_empty() || m.min_length == 0 {
            problems.push(pfile, "message_id needs fields and a positive min_length");
        }
    }
    for i in &def.instance {
        seed_ok(problems, pfile, &i.seed);
        if !def.auth.starts_with("header ") {
            problems.push(pfile, "instance placeholders go with `header NAME` auth");
        }
    }
}

/// Where a provider's named types are written.
struct TypeSource<'a> {
    file: String,
    module: String,
    structs: &'a [StructDef],
    enums: &'a [EnumDef],
}

fn check_errors(
    p: &Provider,
    problems: &mut Problems,
    seed_ok: &dyn Fn(&mut Problems, &str, &str),
) {
    let Some(e) = &p.errors else { return };
    let file = format!("spec/{}/errors.toml", p.dir);
    let file = file.as_str();
    seed_ok(problems, file, &e.seed);
    for row in &e.http_errors {
        seed_ok(problems, file, &row.seed);
        if !(100..600).contains(&row.status) {
            problems.push(file, format!("status {} is not an HTTP status", row.status));
        }
        check_parts(problems, file, &row.text, row.parts.as_deref());
    }
    for m in &e.body_markers {
        seed_ok(problems, file, &m.seed);
        if let Some(s) = &m.example_seed {
            seed_ok(problems, file, s);
        }
    }
    for v in &e.validation_errors {
        seed_ok(problems, file, &v.seed);
    }
    match &e.body {
        Some(b) => {
            if let Some(s) = &b.seed {
                seed_ok(problems, file, s);
            }
            if let Some(t) = &b.root_type
                && !type_exists(p, t)
            {
                problems.push(file, format!("[body] type `{t}` is unknown"));
            }
            check_fields(p, file, "body", &b.fields, problems, seed_ok);
            if e.body_statuses.is_empty() != e.body_any_status {
                problems.push(
                    file,
                    "[body] needs exactly one of body_statuses (the HTTP statuses it is the body of) and body_any_status = true",
                );
            }
            if b.status.is_some() {
                problems.push(file, "[body] has no `status`: use body_statuses");
            }
        }
        None => {
            if !e.body_statuses.is_empty() || e.body_any_status {
                problems.push(file, "body_statuses or body_any_status without a [body]");
            }
        }
    }
    check_named_types(p, file, &e.structs, &e.enums, &e.notes, problems, seed_ok);
}

fn check_webhooks(
    p: &Provider,
    root: &Path,
    problems: &mut Problems,
    seed_ok: &dyn Fn(&mut Problems, &str, &str),
) {
    let Some(w) = &p.webhooks else { return };
    let file = format!("spec/{}/webhooks.toml", p.dir);
    let file = file.as_str();
    seed_ok(problems, file, &w.seed);
    let example_ok = |problems: &mut Problems, ex: &str| {
        if !root.join("spec").join(ex).is_file() {
            problems.push(file, format!("example `{ex}` does not exist under spec/"));
        }
    };
    let mut names = BTreeSet::new();
    for h in &w.webhooks {
        seed_ok(problems, file, &h.seed);
        if !names.insert(upper_camel(&h.name)) {
            problems.push(file, format!("webhook `{}` is listed twice", h.name));
        }
        let fields = match &h.body {
            Some(b) => {
                if !h.fields.is_empty() {
                    problems.push(
                        file,
                        format!("webhook `{}` has both `body` and `fields`", h.name),
                    );
                }
                match p.structs.get(b) {
                    Some((_, s)) => s.fields.clone(),
                    None => {
                        problems.push(
                            file,
                            format!("webhook `{}`: body `{b}` is not a struct", h.name),
                        );
                        Vec::new()
                    }
                }
            }
            None => h.fields.clone(),
        };
        if !fields.iter().any(|f| f.name == "typeWebhook" && f.required) {
            problems.push(
                file,
                format!("webhook `{}` needs a required typeWebhook field", h.name),
            );
        }
        check_fields(p, file, &h.name, &h.fields, problems, seed_ok);
        for ex in &h.examples {
            example_ok(problems, ex);
        }
    }
    // The message-data struct: dispatched on an enum whose canonical values the kinds name.
    let data = p.structs.get(&w.message_data).map(|(_, s)| s);
    let tag_enum = data
        .and_then(|s| {
            let tag = s.dispatch_on.as_ref()?;
            s.fields.iter().find(|f| &f.name == tag)
        })
        .and_then(|f| p.enums.get(&f.ty))
        .map(|(_, e)| e);
    let (Some(data), Some(tag_enum)) = (data, tag_enum) else {
        problems.push(
            file,
            format!(
                "message_data `{}` must name a struct with dispatch_on = an enum field",
                w.message_data
            ),
        );
        return;
    };
    let mut kinds = BTreeSet::new();
    for k in &w.message_kinds {
        seed_ok(problems, file, &k.seed);
        seed_ok(problems, file, &k.type_seed);
        if !kinds.insert(k.type_message.clone()) {
            problems.push(
                file,
                format!("message kind `{}` is listed twice", k.type_message),
            );
        }
        if !tag_enum
            .values
            .iter()
            .any(|v| v.wire == k.type_message && v.alias_of.is_none())
        {
            problems.push(
                file,
                format!(
                    "message kind `{}` is not a canonical value of {}",
                    k.type_message, tag_enum.name
                ),
            );
        }
        if !data.fields.iter().any(|f| f.name == k.data_key) {
            problems.push(
                file,
                format!(
                    "message kind `{}`: data_key `{}` is not a field of {}",
                    k.type_message, k.data_key, data.name
                ),
            );
        }
        if !type_exists(p, &k.data_type) {
            problems.push(
                file,
                format!(
                    "message kind `{}`: data_type `{}` is unknown",
                    k.type_message, k.data_type
                ),
            );
        }
        check_fields(p, file, &k.type_message, &k.fields, problems, seed_ok);
        check_fields(
            p,
            file,
            &k.type_message,
            &k.message_fields,
            problems,
            seed_ok,
        );
        for ex in &k.examples {
            example_ok(problems, ex);
        }
    }
    for v in &w.variants {
        for s in &v.seeds {
            seed_ok(problems, file, s);
        }
        for ex in &v.examples {
            example_ok(problems, ex);
        }
    }
    check_named_types(p, file, &w.structs, &w.enums, &w.notes, problems, seed_ok);
}

/// `path_token`, `bearer`, `body_token`, or `header NAME` with NAME an HTTP
/// header name in lower case (`x-maytapi-key`).
pub fn check_auth(auth: &str) -> Result<(), String> {
    let words: Vec<&str> = auth.split(' ').collect();
    let ok = match words.as_slice() {
        ["header", name] => {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        }
        [kind] => AUTH_KINDS.contains(kind) && *kind != "header",
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "auth `{auth}` must be path_token, bearer, body_token or `header NAME` (NAME in lower case: letters, digits, '-')"
        ))
    }
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_toml(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

fn read_toml<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    toml::from_str(&text).map_err(|e| e.to_string().trim_end().replace('\n', "\n    "))
}

/// Resolves a field type: Ok(kind) or an error message.
pub fn type_exists(p: &Provider, ty: &str) -> bool {
    if let Some(inner) = ty.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
        return type_exists(p, inner);
    }
    if ty == "notification" {
        // The provider's notification body: needs its webhooks.toml.
        return p.webhooks.is_some();
    }
    SCALARS.contains(&ty) || p.structs.contains_key(ty) || p.enums.contains_key(ty)
}

fn check_fields(
    p: &Provider,
    file: &str,
    ctx: &str,
    fields: &[Field],
    problems: &mut Problems,
    seed_ok: &dyn Fn(&mut Problems, &str, &str),
) {
    let mut seen = BTreeSet::new();
    let mut idents = BTreeSet::new();
    for f in fields {
        if !seen.insert(&f.name) {
            problems.push(file, format!("{ctx}: field `{}` is listed twice", f.name));
        }
        if !idents.insert(f.rust_ident()) {
            problems.push(
                file,
                format!(
                    "{ctx}: field `{}` gets the Rust name `{}` another field has (set rust_name)",
                    f.name,
                    f.rust_ident()
                ),
            );
        }
        if let Some(kinds) = &f.chat_ids {
            if f.ty.trim_start_matches("array<").trim_end_matches('>') != "chat_id" {
                problems.push(
                    file,
                    format!("{ctx}: field `{}`: chat_ids goes with type chat_id", f.name),
                );
            }
            for k in kinds
                .iter()
                .filter(|k| !CHAT_ID_KINDS.contains(&k.as_str()))
            {
                problems.push(
                    file,
                    format!(
                        "{ctx}: field `{}`: unknown chat id kind `{k}` (known: {})",
                        f.name,
                        CHAT_ID_KINDS.join(", ")
                    ),
                );
            }
        }
        if !type_exists(p, &f.ty) {
            problems.push(file, format!("{ctx}: field `{}` has unknown type `{}` (scalars: {}; or array<T>, or a struct/enum of {})", f.name, f.ty, SCALARS.join(", "), p.dir));
        }
        if !["body", "query", "path"].contains(&f.location.as_str()) {
            problems.push(
                file,
                format!(
                    "{ctx}: field `{}`: location must be body, query or path",
                    f.name
                ),
            );
        }
        seed_ok(problems, file, &f.seed);
        if let Some(d) = &f.default {
            if f.required {
                problems.push(
                    file,
                    format!("{ctx}: field `{}` is required and has a default", f.name),
                );
            }
            let ok = match p.enums.get(&f.ty) {
                Some((_, e)) => e.values.iter().any(|v| &v.wire == d),
                None => f.ty == "string",
            };
            if !ok {
                problems.push(file, format!("{ctx}: field `{}`: default `{d}` must be a string field's value or a value of its enum", f.name));
            }
        }
        if f.ty.contains("secret")
            && (!["request", "response"].contains(&ctx) || f.ty != "secret" || f.location != "body")
        {
            problems.push(
                file,
                format!(
                    "{ctx}: field `{}`: a secret is a top-level body field of [request] or [response]",
                    f.name
                ),
            );
        }
        if !f.limits.is_empty() && ["secret", "phone_or_chat_id"].contains(&f.ty.as_str()) {
            problems.push(
                file,
                format!("{ctx}: field `{}`: type `{}` takes no limits", f.name, f.ty),
            );
        }
        for l in &f.limits {
            check_limit(
                file,
                &format!("{ctx}.{}", f.name),
                l,
                Some(f),
                problems,
                seed_ok,
            );
        }
    }
}

fn check_limit(
    file: &str,
    ctx: &str,
    l: &Limit,
    field: Option<&Field>,
    problems: &mut Problems,
    seed_ok: &dyn Fn(&mut Problems, &str, &str),
) {
    seed_ok(problems, file, &l.seed);
    if !RULES.contains(&l.rule.as_str()) {
        problems.push(
            file,
            format!(
                "{ctx}: unknown rule `{}` (known: {})",
                l.rule,
                RULES.join(", ")
            ),
        );
        return;
    }
    let needs_value = [
        "max_length",
        "min_length",
        "max_items",
        "min_items",
        "minimum",
        "maximum",
        "min_properties",
    ];
    if needs_value.contains(&l.rule.as_str())
        && l.value.as_ref().and_then(toml::Value::as_integer).is_none()
    {
        problems.push(
            file,
            format!("{ctx}: rule `{}` needs an integer `value`", l.rule),
        );
    }
    if let Some(f) = field {
        let is_array = f.ty.starts_with("array<");
        let stringy = ["string", "message_id", "chat_id"].contains(&f.ty.as_str());
        let ok = match l.rule.as_str() {
            "max_length" | "min_length" | "starts_with" => stringy,
            "max_items" | "min_items" | "unique_by" => is_array,
            "minimum" | "maximum" | "one_of" => {
                ["integer", "unsigned", "number"].contains(&f.ty.as_str())
            }
            "digits" => {
                f.ty.ends_with("phone_number")
                    && l.min
                        .zip(l.max)
                        .is_some_and(|(a, b)| 1 <= a && a <= b && b <= 19)
            }
            "safe_integer" | "safe_number" => {
                ["phone_number", "number", "integer", "unsigned"].contains(&f.ty.as_str())
            }
            _ => false,
        };
        if !ok {
            problems.push(
                file,
                format!("{ctx}: rule `{}` does not apply to type `{}`", l.rule, f.ty),
            );
        }
    }
}

fn check_provider(
    p: &Provider,
    problems: &mut Problems,
    seed_ok: &dyn Fn(&mut Problems, &str, &str),
) {
    for m in &p.methods {
        let d = &m.def;
        let file = m.file.as_str();
        seed_ok(problems, file, &d.seed);
        if !["GET", "POST", "DELETE"].contains(&d.verb.as_str()) {
            problems.push(
                file,
                format!("verb `{}` must be GET, POST or DELETE", d.verb),
            );
        }
        if !["api", "media"].contains(&d.host.as_str()) {
            problems.push(file, format!("host `{}` must be api or media", d.host));
        }
        if !["json", "multipart", "binary", "none"].contains(&d.content_type.as_str()) {
            problems.push(
                file,
                format!(
                    "content_type `{}` must be json, multipart, binary or none",
                    d.content_type
                ),
            );
        }
        if !d.path.starts_with('/') {
            problems.push(file, "path must start with '/'");
        }
        if let Some(dep) = &d.deprecated {
            seed_ok(problems, file, &dep.seed);
        }
        if let Some(r) = &d.rate_limit {
            seed_ok(problems, file, &r.seed);
            if r.per_second <= 0.0 {
                problems.push(file, "rate_limit.per_second must be positive");
            }
        }
        // Path placeholders must be fields with location = "path", and the other way round.
        let placeholders: BTreeSet<String> = d
            .path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
            .filter(|n| n != "idInstance" && n != "apiTokenInstance")
            .filter(|n| !p.def.instance.iter().any(|i| &i.name == n))
            .collect();
        let path_fields: BTreeSet<String> = d
            .request
            .iter()
            .flat_map(|r| r.fields.iter())
            .filter(|f| f.location == "path")
            .map(|f| f.name.clone())
            .collect();
        if placeholders != path_fields {
            problems.push(file, format!("path placeholders {placeholders:?} must equal the request fields with location = \"path\" {path_fields:?}"));
        }
        if d.verb == "GET" {
            let body_fields = d
                .request
                .iter()
                .flat_map(|r| r.fields.iter())
                .filter(|f| f.location == "body")
                .count();
            match &d.body_on_get {
                Some(cited) => {
                    seed_ok(problems, file, &cited.seed);
                    if d.content_type != "json" {
                        problems.push(file, "body_on_get: content_type must be json");
                    }
                }
                None if body_fields > 0 || d.content_type != "none" => {
                    problems.push(file, "a GET carries no body: its fields must be query or path fields and content_type must be none (or say body_on_get, citing where the documents send one)");
                }
                None => {}
            }
        }
        for (label, body) in [("request", &d.request), ("response", &d.response)] {
            let Some(b) = body else { continue };
            if let Some(s) = &b.seed {
                seed_ok(problems, file, s);
            }
            if let Some(t) = &b.root_type {
                if !b.fields.is_empty() {
                    problems.push(file, format!("[{label}] has both `type` and `fields`"));
                }
                if !type_exists(p, t) {
                    problems.push(file, format!("[{label}] type `{t}` is unknown"));
                }
            }
            if label == "request" && (b.root_type.is_some() || b.nullable) {
                problems.push(file, "[request] must be an object of fields");
            }
            match (label, b.status) {
                ("request", Some(_)) => {
                    problems.push(file, "[request] has no `status`");
                }
                (_, Some(s)) if !(200..300).contains(&s) => {
                    problems.push(
                        file,
                        format!("[response] status {s} is not a success status (2xx)"),
                    );
                }
                _ => {}
            }
            check_fields(p, file, label, &b.fields, problems, seed_ok);
            for l in &b.rules {
                check_limit(file, label, l, None, problems, seed_ok);
            }
        }
        for e in &d.errors {
            seed_ok(problems, file, &e.seed);
            if let Some(shape) = &e.shape
                && serde_json::from_str::<serde_json::Value>(shape).is_err()
                && serde_json::from_str::<serde_json::Value>(&format!("{{{shape}}}")).is_err()
            {
                problems.push(
                    file,
                    format!(
                        "error `{}`: shape is not JSON (a value, or object members)",
                        e.text
                    ),
                );
            }
            check_parts(problems, file, &e.text, e.parts.as_deref());
            if let Some(status) = e.status
                && !(100..600).contains(&status)
            {
                problems.push(file, format!("error status {status} is not an HTTP status"));
            }
        }
        check_named_types(p, file, &d.structs, &d.enums, &d.notes, problems, seed_ok);
    }
}

fn check_named_types(
    p: &Provider,
    file: &str,
    structs: &[StructDef],
    enums: &[EnumDef],
    notes: &[Note],
    problems: &mut Problems,
    seed_ok: &dyn Fn(&mut Problems, &str, &str),
) {
    for s in structs {
        seed_ok(problems, file, &s.seed);
        if let Some(tag) = &s.dispatch_on
            && !s
                .fields
                .iter()
                .any(|f| &f.name == tag && f.required && p.enums.contains_key(&f.ty))
        {
            problems.push(
                file,
                format!(
                    "struct {}: dispatch_on `{tag}` must be a required field of an enum type",
                    s.name
                ),
            );
        }
        check_fields(p, file, &s.name, &s.fields, problems, seed_ok);
        for l in &s.rules {
            check_limit(file, &s.name, l, None, problems, seed_ok);
        }
    }
    for e in enums {
        if let Some(s) = &e.seed {
            seed_ok(problems, file, s);
        }
        let mut wires = BTreeSet::new();
        let mut variants = BTreeSet::new();
        for v in &e.values {
            seed_ok(problems, file, &v.seed);
            if !wires.insert(v.wire.clone()) {
                problems.push(
                    file,
                    format!("enum {}: value `{}` is listed twice", e.name, v.wire),
                );
            }
            if !variants.insert(variant_name(v)) {
                problems.push(
                    file,
                    format!(
                        "enum {}: value `{}` gives a Rust name another value gives (set rust_name)",
                        e.name, v.wire
                    ),
                );
            }
            if let Some(a) = &v.alias_of
                && !e
                    .values
                    .iter()
                    .any(|c| &c.wire == a && c.alias_of.is_none())
            {
                problems.push(
                    file,
                    format!(
                        "enum {}: `{}` is an alias of `{a}`, which is not a canonical value of it",
                        e.name, v.wire
                    ),
                );
            }
        }
        if e.values.is_empty() {
            problems.push(file, format!("enum {} has no values", e.name));
        }
    }
    for n in notes {
        if n.text.trim().is_empty() {
            problems.push(file, "a note has no text");
        }
        if !["contradiction", "repair", "inference"].contains(&n.kind.as_str()) {
            problems.push(
                file,
                format!(
                    "note kind `{}` must be contradiction, repair or inference",
                    n.kind
                ),
            );
        }
        for s in &n.seeds {
            seed_ok(problems, file, s);
        }
    }
}

/// The TYPE names a provider defines, sorted.
pub fn type_names(p: &Provider) -> Vec<String> {
    let mut v = Vec::new();
    for m in &p.methods {
        if m.def.request.is_some() {
            v.push(format!("{}/{}.request", p.dir, m.def.name));
        }
        if m.def.response.is_some() {
            v.push(format!("{}/{}.response", p.dir, m.def.name));
        }
    }
    if p.errors.as_ref().is_some_and(|e| e.body.is_some()) {
        v.push(format!("{}/error", p.dir));
    }
    if p.webhooks.is_some() {
        v.push(format!("{}/webhook", p.dir));
    }
    v.sort();
    v
}

fn load_examples(
    root: &Path,
    providers: &[Provider],
    problems: &mut Problems,
    seed_ok: &dyn Fn(&mut Problems, &str, &str),
) -> Vec<Example> {
    let types: BTreeSet<String> = providers.iter().flat_map(type_names).collect();
    let mut files = Vec::new();
    collect_ext(&root.join("spec/examples"), "json", &mut files);
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(root.join("spec/examples"))
            .unwrap_or(&f)
            .to_string_lossy()
            .replace('\\', "/");
        let shown = format!("spec/examples/{rel}");
        let text = match fs::read_to_string(&f) {
            Ok(t) => t,
            Err(e) => {
                problems.push(&shown, format!("cannot read: {e}"));
                continue;
            }
        };
        let ex = match ExampleFile::parse(&text) {
            Ok(x) => x,
            Err(e) => {
                problems.push(&shown, e);
                continue;
            }
        };
        seed_ok(problems, &shown, &ex.seed);
        if !types.contains(&ex.type_name) {
            problems.push(
                &shown,
                format!("type `{}` is not a TYPE of the spec", ex.type_name),
            );
        }
        // Examples live in examples/<provider>/<Method>/ of their TYPE.
        if let Some((prov, rest)) = ex.type_name.split_once('/') {
            let method = rest.split('.').next().unwrap_or_default();
            if !rel.starts_with(&format!("{prov}/{method}/")) {
                problems.push(
                    &shown,
                    format!(
                        "an example of `{}` belongs in spec/examples/{prov}/{method}/",
                        ex.type_name
                    ),
                );
            }
        }
        out.push(Example { rel, text });
    }
    out
}

fn collect_ext(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_ext(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// An error row's parts are non-empty pieces of its text, in order.
fn check_parts(problems: &mut Problems, file: &str, text: &str, parts: Option<&[String]>) {
    let mut rest = text;
    for part in parts.unwrap_or_default() {
        match rest.find(part.as_str()).filter(|_| !part.is_empty()) {
            Some(at) => rest = &rest[at + part.len()..],
            None => problems.push(
                file,
                format!("error `{text}`: part `{part}` is not in the text (in order)"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{check_seed, current_lines};
    use std::path::Path;

    #[test]
    fn current_reference_citations_are_checked() {
        let dir = std::env::temp_dir().join(format!("wagate-current-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("new-X.md"), "a\nb\nc\n").unwrap();
        std::fs::write(dir.join("skip.txt"), "a\n").unwrap();
        let lines = current_lines(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(lines.len(), 1);
        let check = |seed: &str| check_seed(seed, None, Some(Path::new("/x")), &lines);
        assert_eq!(check("green-api-current/new-X.md:2"), Ok(()));
        assert_eq!(check("green-api-current/new-X.md:1-3"), Ok(()));
        assert!(
            check("green-api-current/new-X.md:4")
                .unwrap_err()
                .contains("has only 3 lines")
        );
        assert!(
            check("green-api-current/new-X.md:2-4")
                .unwrap_err()
                .contains("has only 3 lines")
        );
        assert!(
            check("green-api-current/new-Y.md:1")
                .unwrap_err()
                .contains("does not exist")
        );
        assert!(
            check("green-api-current/new-X.md:3-2")
                .unwrap_err()
                .contains("FIRST <= LAST")
        );
        for bad in [
            "green-api-current/skip.txt:1",
            "green-api-current/../new-X.md:1",
            "green-api-current/.md:1",
            "other/new-X.md:1",
        ] {
            assert!(
                check(bad)
                    .unwrap_err()
                    .contains("not one of the seed documents"),
                "{bad}"
            );
        }
        // Without the folder beside the checkout only the syntax is checked, as for seeds.
        assert_eq!(
            check_seed("green-api-current/new-Y.md:9", None, None, &lines),
            Ok(())
        );
        // Seed citations are unchanged.
        assert_eq!(check("002_893fe9cfe9a53da2.txt:1183"), Ok(()));
    }
}
