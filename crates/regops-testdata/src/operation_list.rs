//! Gandi `operation.list` answers: N operations with the 13 documented members.

use regops_schema::ir::Format;

use crate::calendar::Timestamp;
use crate::catalog::{Catalog, XField, XKind};
use crate::rng::Rng;
use crate::tree::Node;

/// TLDs without `x-` members, for the plain registrations most operations are about. Not
/// vendor values: any TLD would do.
const PLAIN_TLDS: &[&str] = &[".com", ".net", ".org", ".io", ".fr", ".de", ".eu"];

/// Words domain labels are made of.
const WORDS: &[&str] = &[
    "mer",
    "blue",
    "atlas",
    "lumen",
    "studio",
    "nord",
    "alpha",
    "roc",
    "web",
    "zen",
    "kilo",
    "pixel",
    "ocean",
    "terra",
    "sol",
    "data",
    "cafe",
    "nova",
    "vert",
    "boulangerie",
];

/// People and organisations for free-text members, with the characters XML must escape
/// and non-ASCII text.
const PEOPLE: &[&str] = &[
    "Jean-François Lévesque",
    "Chloé Côté",
    "Marie-Ève Tremblay",
    "John O'Neil",
    "Åsa Öberg",
    "Dupont & Fils SARL",
    "Müller <Holding> GmbH",
    "Søren Kierkegaard ApS",
    "Παπαδόπουλος & Συνεργάτες",
    "株式会社ルーメン",
];

/// Extra products an operation may carry besides its domain: `(product_type, product_name)`.
const EXTRAS: &[(&str, &str)] = &[
    ("option", "privacy"),
    ("certificate", "ssl_standard"),
    ("mailbox", "gandimail"),
];

/// Values for enum members whose enum lists none (the schema keeps any value).
const UNLISTED: &[&str] = &["passport", "national_id", "company_registration"];

const AUTHINFO_CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789&!%#+-<>";

/// Builds the operations; the first `n` of any larger run are the same.
pub(crate) struct Generator<'c> {
    catalog: &'c Catalog,
    rng: Rng,
    tlds: Vec<&'c str>,
    id: i64,
    created: Timestamp,
    session: i64,
}

impl<'c> Generator<'c> {
    pub(crate) fn new(catalog: &'c Catalog, seed: u64) -> Self {
        let mut tlds: Vec<&str> = PLAIN_TLDS.to_vec();
        tlds.extend(catalog.x_field_tlds());
        Generator {
            catalog,
            rng: Rng::new(seed),
            tlds,
            id: 123_456_093,
            created: Timestamp::from_civil(2026, 2, 19, 4, 53, 19),
            session: 43_766_637,
        }
    }

    fn handle(&mut self) -> String {
        let letters = self.rng.range(2, 3);
        let mut h: String = (0..letters)
            .map(|_| char::from(b'A' + self.rng.range(0, 25) as u8))
            .collect();
        h.push_str(&self.rng.range(10, 99_999).to_string());
        h.push_str("-GANDI");
        h
    }

    fn tld(&mut self) -> &'c str {
        // Half the operations are about a TLD without x- members.
        if self.rng.chance(50) {
            PLAIN_TLDS[self.rng.index(PLAIN_TLDS.len())]
        } else {
            self.tlds[self.rng.index(self.tlds.len())]
        }
    }

    fn domain(&mut self, tld: &str) -> String {
        let a = *self.rng.pick(WORDS);
        let b = *self.rng.pick(WORDS);
        if self.rng.chance(40) {
            format!("{a}-{b}{}{tld}", self.rng.range(1, 99))
        } else {
            format!("{a}{b}{tld}")
        }
    }

    /// Walks the step machine from the initial step: the first transition out of a step is
    /// the usual one; operations are caught at every stage, most of them finished.
    fn step(&mut self) -> usize {
        let c = self.catalog;
        let moves = [0, 1, 2, 3, 4, 5][self.rng.weighted(&[8, 9, 9, 64, 5, 5])];
        let mut step = c.initial_step;
        for _ in 0..moves {
            let out: Vec<usize> = c
                .transitions
                .iter()
                .filter(|(from, _)| *from == step)
                .map(|&(_, to)| to)
                .collect();
            if out.is_empty() || c.terminal_steps.contains(&step) {
                break;
            }
            let weights: Vec<u64> = (0..out.len())
                .map(|i| if i == 0 { 15 } else { 1 })
                .collect();
            step = out[self.rng.weighted(&weights)];
        }
        step
    }

    fn authinfo(&mut self) -> String {
        let len = self.rng.range(10, 16);
        (0..len)
            .map(|_| char::from(*self.rng.pick(AUTHINFO_CHARS)))
            .collect()
    }

    fn text(&mut self, wire: &str, max_length: Option<u64>, format: Option<Format>) -> String {
        let text = match format {
            Some(Format::Date) => {
                let t = Timestamp(self.created.0 - self.rng.range(20, 60) * 365 * 86_400);
                t.date()
            }
            Some(Format::Email) => format!("{}@example.net", self.rng.pick(WORDS)),
            Some(Format::Country) => "FR".to_owned(),
            Some(Format::Hostname) => format!("ns{}.example.net", self.rng.range(1, 4)),
            Some(Format::Ipv4) => format!("192.0.2.{}", self.rng.range(1, 254)),
            Some(Format::Ipv6) => format!("2001:db8::{:x}", self.rng.range(1, 0xffff)),
            Some(Format::Phone) => format!("+33.{}", self.rng.range(100_000_000, 999_999_999)),
            None if ["name", "rep", "holder", "contact", "company", "organi"]
                .iter()
                .any(|w| wire.contains(w)) =>
            {
                (*self.rng.pick(PEOPLE)).to_owned()
            }
            None => {
                let letter = char::from(b'A' + self.rng.range(0, 25) as u8);
                format!("{letter}{:07}", self.rng.range(0, 9_999_999))
            }
        };
        match max_length.and_then(|m| usize::try_from(m).ok()) {
            Some(max) => text.chars().take(max).collect(),
            None => text,
        }
    }

    fn x_value(&mut self, field: &XField) -> String {
        match &field.kind {
            XKind::Enum(values) if !values.is_empty() => self.rng.pick(values).clone(),
            XKind::Enum(_) => (*self.rng.pick(UNLISTED)).to_owned(),
            XKind::Text { max_length, format } => self.text(&field.wire, *max_length, *format),
        }
    }

    /// The `x-` members of an operation on `tld`: most of those the TLD has, and now and
    /// then the TLD-independent ones.
    fn x_members(&mut self, tld: &str) -> Vec<(String, Node)> {
        let c = self.catalog;
        let specific: Vec<&XField> = c
            .x_fields
            .iter()
            .filter(|f| f.tlds.iter().any(|t| t == tld))
            .collect();
        let mut members = Vec::new();
        for field in specific {
            if self.rng.chance(70) {
                members.push((field.wire.clone(), Node::Str(self.x_value(field))));
            }
        }
        if self.rng.chance(30) {
            for field in c.x_fields.iter().filter(|f| f.tlds.is_empty()) {
                if self.rng.chance(60) {
                    members.push((field.wire.clone(), Node::Str(self.x_value(field))));
                }
            }
        }
        members
    }

    fn last_error(&mut self, error_id: &str, domain: &str) -> String {
        match error_id {
            "authorization_error" => format!("Invalid authinfo code for transfer of {domain}"),
            "duplicate" => "Registry answered 2302: Object exists".to_owned(),
            "missing_parameter" => {
                "Échec de la vérification du titulaire : pièce d'identité manquante".to_owned()
            }
            "ratelimit" => {
                "Rate limit reached: 100 requests/min & 3 concurrent sessions".to_owned()
            }
            "timeout" => "Timeout while contacting registry (>120 s), will retry".to_owned(),
            _ => "Registrant e-mail <owner@example.net> not verified & domain suspended".to_owned(),
        }
    }

    /// The next operation, as Gandi's `OperationListReturn`.
    pub(crate) fn operation(&mut self) -> Node {
        let c = self.catalog;
        self.id += self.rng.range(1, 40);
        self.created = Timestamp(self.created.0 + self.rng.range(0, 4 * 3600));
        if self.rng.chance(30) {
            self.session += self.rng.range(1, 100_000);
        }
        let started = Timestamp(self.created.0 + self.rng.range(60, 600));
        let updated = Timestamp(started.0 + self.rng.range(60, 7200));

        let op_type = self.rng.pick(&c.domain_types).clone();
        let action = op_type
            .trim_start_matches("domain_")
            .trim_end_matches("_in")
            .to_owned();
        let tld = self.tld();
        let domain = self.domain(tld);
        let owner = self.handle();
        let source = if self.rng.chance(70) {
            owner.clone()
        } else {
            self.handle()
        };

        let mut params = vec![
            ("domain".to_owned(), Node::str(domain.as_str())),
            ("owner".to_owned(), Node::str(owner)),
        ];
        let contacts = !matches!(action.as_str(), "renew" | "ns_set");
        if contacts {
            for role in ["admin", "bill", "tech"] {
                params.push((role.to_owned(), Node::Str(self.handle())));
            }
        }
        let duration = self.rng.range(1, 10);
        if matches!(
            action.as_str(),
            "create" | "renew" | "transfer" | "transfer_reseller"
        ) {
            params.push(("duration".to_owned(), Node::Int(duration)));
        }
        if action.starts_with("transfer") {
            params.push(("authinfo".to_owned(), Node::Str(self.authinfo())));
        }
        if action == "ns_set" {
            let count = self.rng.range(2, 4);
            let servers = (1..=count)
                .map(|i| Node::Str(format!("ns{i}.gandi.net")))
                .collect();
            params.push(("nameservers".to_owned(), Node::Array(servers)));
        }
        params.extend(self.x_members(tld));

        let product_name = tld.trim_start_matches('.').replace('.', "_");
        let mut infos = vec![info(&domain, &action, &product_name, "domain", duration)];
        for _ in 0..self.rng.range(0, 2) {
            let (product_type, name) = *self.rng.pick(EXTRAS);
            let quantity = self.rng.range(1, 5);
            infos.push(info(&domain, "create", name, product_type, quantity));
        }

        let step = self.step();
        let ongoing = !c.terminal_steps.contains(&step) && !self.is_failure(step);
        let (errortype, last_error) = if self.is_failure(step) {
            let (id, class) = self.rng.pick(&c.errors).clone();
            let message = self.last_error(&id, &domain);
            (
                Node::sorted_struct(vec![
                    ("id".to_owned(), Node::Str(id)),
                    ("type".to_owned(), Node::Str(class)),
                ]),
                message,
            )
        } else {
            (Node::Struct(Vec::new()), String::new())
        };
        let eta = if ongoing { self.rng.range(8, 3600) } else { 0 };

        Node::sorted_struct(vec![
            ("date_created".to_owned(), Node::DateTime(self.created)),
            ("date_start".to_owned(), Node::DateTime(started)),
            ("date_updated".to_owned(), Node::DateTime(updated)),
            ("errortype".to_owned(), errortype),
            ("eta".to_owned(), Node::Int(eta)),
            ("id".to_owned(), Node::Int(self.id)),
            ("infos".to_owned(), Node::Array(infos)),
            ("last_error".to_owned(), Node::Str(last_error)),
            ("params".to_owned(), Node::sorted_struct(params)),
            ("session_id".to_owned(), Node::Int(self.session)),
            ("source".to_owned(), Node::Str(source)),
            ("step".to_owned(), Node::Str(c.steps[step].clone())),
            ("type".to_owned(), Node::Str(op_type)),
        ])
    }

    /// A step that is neither initial nor terminal and that no step leads to as its usual
    /// outcome: a failure to fix or relaunch (`ERROR`, `SUPPORT`).
    fn is_failure(&self, step: usize) -> bool {
        let c = self.catalog;
        let usual_outcome = |from: usize| c.transitions.iter().find(|t| t.0 == from).map(|t| t.1);
        !c.terminal_steps.contains(&step)
            && step != c.initial_step
            && !c
                .transitions
                .iter()
                .any(|&(from, to)| to == step && usual_outcome(from) == Some(step))
    }
}

fn info(label: &str, action: &str, name: &str, product_type: &str, quantity: i64) -> Node {
    Node::sorted_struct(vec![
        ("label".to_owned(), Node::str(label)),
        ("product_action".to_owned(), Node::str(action)),
        ("product_name".to_owned(), Node::str(name)),
        ("product_type".to_owned(), Node::str(product_type)),
        ("quantity".to_owned(), Node::Int(quantity)),
    ])
}
