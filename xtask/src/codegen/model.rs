//! The view of one provider that the emitters share: which side of the wire
//! each struct is on, which module each named type lives in, and the Rust
//! type of each spec type.

use std::collections::{BTreeMap, BTreeSet};

use super::names::Imports;
use crate::spec::{Body, Field, Provider, StructDef, snake};

/// Which side of the wire a struct is used on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    Request,
    Received,
}

/// A module of generated code that owns types: a method, `webhook`,
/// `errors`, or `types` (shared by several).
pub type Unit = String;

/// One provider, resolved.
pub struct Gen<'a> {
    pub p: &'a Provider,
    /// Rust module of the provider (`green_api`).
    pub module: String,
    /// Struct name → side.
    pub sides: BTreeMap<String, Side>,
    /// Named type → the unit that holds it.
    pub homes: BTreeMap<String, Unit>,
}

pub const SHARED: &str = "types";

fn base(ty: &str) -> &str {
    let mut t = ty;
    while let Some(inner) = t.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
        t = inner;
    }
    t
}

pub fn is_array(ty: &str) -> bool {
    ty.starts_with("array<")
}

pub fn item_type(ty: &str) -> &str {
    ty.strip_prefix("array<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ty)
}

impl<'a> Gen<'a> {
    pub fn new(p: &'a Provider) -> Result<Self, Vec<String>> {
        let mut this = Self {
            p,
            module: snake(&p.dir.replace('-', "_")),
            sides: BTreeMap::new(),
            homes: BTreeMap::new(),
        };
        let mut errors = Vec::new();
        let mut users: BTreeMap<String, BTreeSet<Unit>> = BTreeMap::new();
        for (unit, roots, side) in this.roots() {
            for ty in roots {
                this.visit(&ty, side, &unit, &mut users, &mut errors);
            }
        }
        let owners = p.structs.iter().map(|(n, (o, _))| (n, o));
        let owners = owners.chain(p.enums.iter().map(|(n, (o, _))| (n, o)));
        for (name, owner) in owners {
            let home = match users.get(name) {
                Some(units) if units.len() == 1 => units.iter().next().cloned().unwrap_or_default(),
                Some(_) => SHARED.to_owned(),
                None => owner.module.clone(),
            };
            this.homes.insert(name.clone(), home);
        }
        if errors.is_empty() {
            Ok(this)
        } else {
            errors.sort();
            errors.dedup();
            Err(errors)
        }
    }

    /// Every unit with the types it uses directly and on which side.
    fn roots(&self) -> Vec<(Unit, Vec<String>, Side)> {
        let body_types = |b: &Body| -> Vec<String> {
            b.fields
                .iter()
                .map(|f| f.ty.clone())
                .chain(b.root_type.clone())
                .collect()
        };
        let mut roots = Vec::new();
        for m in &self.p.methods {
            if let Some(r) = &m.def.request {
                roots.push((m.module.clone(), body_types(r), Side::Request));
            }
            if let Some(r) = &m.def.response {
                roots.push((m.module.clone(), body_types(r), Side::Received));
            }
        }
        if let Some(w) = &self.p.webhooks {
            let mut tys: Vec<String> = Vec::new();
            for h in &w.webhooks {
                tys.extend(h.fields.iter().map(|f| f.ty.clone()));
                tys.extend(h.body.clone());
            }
            tys.extend(w.message_kinds.iter().map(|k| k.data_type.clone()));
            tys.push(w.message_data.clone());
            roots.push(("webhook".to_owned(), tys, Side::Received));
        }
        if let Some(b) = self.p.errors.as_ref().and_then(|e| e.body.as_ref()) {
            roots.push(("errors".to_owned(), body_types(b), Side::Received));
        }
        roots
    }

    fn visit(
        &mut self,
        ty: &str,
        side: Side,
        unit: &str,
        users: &mut BTreeMap<String, BTreeSet<Unit>>,
        errors: &mut Vec<String>,
    ) {
        let name = base(ty).to_owned();
        if self.p.enums.contains_key(&name) {
            users.entry(name).or_default().insert(unit.to_owned());
            return;
        }
        let Some((_, s)) = self.p.structs.get(&name) else {
            return;
        };
        let seen = users.get(&name).is_some_and(|u| u.contains(unit));
        users
            .entry(name.clone())
            .or_default()
            .insert(unit.to_owned());
        match self.sides.get(&name) {
            Some(d) if *d != side => {
                errors.push(format!("struct `{name}` of {} is used in requests and in received data; define one for each side", self.p.dir));
                return;
            }
            Some(_) if seen => return,
            _ => {}
        }
        self.sides.insert(name, side);
        let fields: Vec<String> = s.fields.iter().map(|f| f.ty.clone()).collect();
        for f in fields {
            self.visit(&f, side, unit, users, errors);
        }
    }

    pub fn side_of(&self, name: &str) -> Side {
        self.sides.get(name).copied().unwrap_or(Side::Received)
    }

    pub fn struct_def(&self, name: &str) -> Option<&'a StructDef> {
        self.p.structs.get(name).map(|(_, s)| s)
    }

    pub fn is_struct(&self, ty: &str) -> bool {
        self.p.structs.contains_key(ty)
    }

    pub fn is_enum(&self, ty: &str) -> bool {
        self.p.enums.contains_key(ty)
    }

    pub fn is_dispatched(&self, ty: &str) -> bool {
        self.struct_def(ty).is_some_and(|s| s.dispatch_on.is_some())
    }

    /// The spec file of a named type.
    pub fn file_of(&self, name: &str) -> String {
        self.p
            .structs
            .get(name)
            .map(|(o, _)| o.file.clone())
            .or_else(|| self.p.enums.get(name).map(|(o, _)| o.file.clone()))
            .unwrap_or_default()
    }

    /// Named types (structs and enums) that live in `unit`, in name order.
    pub fn types_in(&self, unit: &str) -> Vec<&str> {
        self.homes
            .iter()
            .filter(|(_, h)| h.as_str() == unit)
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// The Rust type of a spec type as written in `unit`, recording imports.
    pub fn rust(&self, ty: &str, side: Side, unit: &str, imports: &mut Imports) -> String {
        if let Some(inner) = ty.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
            return format!("Vec<{}>", self.rust(inner, side, unit, imports));
        }
        let mut from = |path: &str, item: &str| {
            imports.add(path, item);
            item.to_owned()
        };
        match ty {
            "string" => "String".into(),
            "bool" => "bool".into(),
            "integer" => "i64".into(),
            "unsigned" => "u64".into(),
            "number" if side == Side::Request => "f64".into(),
            "number" => from("serde_json", "Number"),
            "chat_id" => from("crate::ids", "ChatId"),
            "message_id" => from("crate::ids", "MessageId"),
            "phone_number" => from("crate::ids", "PhoneNumber"),
            "phone_or_chat_id" => from("crate::ids", "PhoneOrChatId"),
            "secret" => from("crate::ids", "Secret"),
            "json" => from("serde_json", "Value"),
            "int_or_string" => from("crate::value", "IntOrString"),
            "timestamp" => from("crate::value", "Timestamp"),
            "long" => from("crate::value", "Long"),
            "notification" => {
                if unit != "webhook" {
                    imports.add("super::webhook", "Notification");
                }
                "Notification".into()
            }
            name => {
                let home = self.homes.get(name).cloned().unwrap_or_default();
                if home != unit {
                    imports.add(&format!("super::{home}"), name);
                }
                if self.is_dispatched(name) {
                    imports.add("crate::value", "Dispatched");
                    format!("Dispatched<{name}>")
                } else {
                    name.to_owned()
                }
            }
        }
    }

    /// The type of a struct field: received fields are optional (absent
    /// when missing or not fitting), nested received structs boxed, nullable
    /// fields `Option<Option<T>>` (absent, null, value).
    pub fn field_type(&self, f: &Field, side: Side, unit: &str, imports: &mut Imports) -> String {
        let mut ty = self.rust(&f.ty, side, unit, imports);
        if side == Side::Received && self.is_struct(&f.ty) && !self.is_dispatched(&f.ty) {
            ty = format!("Box<{ty}>");
        }
        if f.nullable {
            ty = format!("Option<{ty}>");
        }
        if side == Side::Received || !f.required {
            ty = format!("Option<{ty}>");
        }
        ty
    }
}
