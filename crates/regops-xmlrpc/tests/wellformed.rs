//! Well-formedness against an independent XML 1.0 parser: thousands of mutations of real
//! documents (markup, references, characters, declarations, namespaces spliced in at random
//! places) go to Python's expat, with namespace processing, and to regops. Whatever expat
//! refuses as not well-formed, regops must refuse too. (regops refuses more: the XML-RPC
//! grammar, DOCTYPEs, `version="2.0"`.)

#[path = "support/python.rs"]
mod support;

const NS: &str = "http://ws.apache.org/xmlrpc/namespaces/extensions";

fn seeds() -> Vec<String> {
    vec![
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse xmlns:ex=\"{NS}\">\n\
             <params><param><value><struct>\n<member><name>a&amp;b</name><value><array><data>\
             <value><i4>-7</i4></value><value>untyped</value>\n<value><ex:nil/></value>\
             <value><ex:i8>9007199254740993</ex:i8></value></data></array></value></member>\n\
             <!-- comment --><?pi data?>\n<member><name>when</name><value><dateTime.iso8601>\
             20261122T10:11:12</dateTime.iso8601></value></member>\n<member><name>s</name>\
             <value><string><![CDATA[<x>]]>&#233;&#xE9; café</string></value></member>\n\
             </struct></value></param></params></methodResponse>\n"
        ),
        "<?xml version='1.0'?>\n<methodCall>\n<methodName>op.info</methodName>\n<params>\n\
         <param>\n<value><string>k3y</string></value>\n</param>\n<param>\n<value><struct>\n\
         <member>\n<name>x</name>\n<value><int>1</int></value>\n</member>\n</struct></value>\n\
         </param>\n</params>\n</methodCall>\n"
            .to_owned(),
        "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4\
         </int></value></member><member><name>faultString</name><value><string>Too many \
         &lt;parameters&gt;</string></value></member></struct></value></fault></methodResponse>"
            .to_owned(),
    ]
}

const PIECES: &[&str] = &[
    "<",
    ">",
    "&",
    "\"",
    "'",
    "]]>",
    "&#1;",
    "&#x41;",
    "&#65;",
    "&amp;",
    "&foo;",
    "--",
    "<!--",
    "-->",
    "<?",
    "?>",
    "<![CDATA[",
    "]]",
    "\u{0}",
    "\u{1}",
    "\u{FFFE}",
    "\u{FEFF}",
    " ",
    "\t",
    "\n",
    "\r",
    ":",
    "xmlns:ex=\"urn:x\" ",
    "xmlns:p=\"\" ",
    "a=\"1\" ",
    "<?xml version=\"1.0\"?>",
    "é",
    "/",
    "=",
    "<value>",
    "</value>",
    "<ex:nil/>",
    "x:",
    "<!DOCTYPE a>",
    "&#xD800;",
    "&#xFFFF;",
    "<?xml ",
    "<?XML a?>",
    "<a:b:c/>",
    "a=\"<\" ",
    "a=\"&\" ",
    "p:a=\"1\" ",
];

/// A deterministic generator (SplitMix64), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

fn char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutations(count: usize) -> Vec<String> {
    let seeds = seeds();
    let mut rng = Rng(2026);
    (0..count)
        .map(|_| {
            let mut s = seeds[rng.below(seeds.len())].clone();
            for _ in 0..=rng.below(3) {
                let at = char_boundary(&s, rng.below(s.len() + 1));
                let end = char_boundary(&s, (at + 1 + rng.below(5)).min(s.len()));
                let piece = PIECES[rng.below(PIECES.len())];
                match rng.below(10) {
                    0..=4 => s.insert_str(at, piece),
                    5..=7 => s.replace_range(at..end, ""),
                    _ => s.replace_range(at..end, piece),
                }
            }
            s
        })
        .collect()
}

#[test]
fn whatever_expat_refuses_regops_refuses() {
    const PY: &str = r#"
import sys, base64, xml.parsers.expat as expat
for line in sys.stdin.buffer.read().split():
    p = expat.ParserCreate(namespace_separator=" ")
    try:
        p.Parse(base64.b64decode(line), True)
        print("ok")
    except (expat.ExpatError, LookupError, ValueError):
        print("refused")
"#;
    use base64::Engine as _;
    let docs = mutations(3000);
    let input: String = docs
        .iter()
        .map(|d| base64::engine::general_purpose::STANDARD.encode(d) + "\n")
        .collect();
    let out = String::from_utf8(support::run(PY, &[], input.as_bytes())).unwrap();
    let verdicts: Vec<&str> = out.lines().collect();
    assert_eq!(verdicts.len(), docs.len());
    let mut refused_by_expat = 0;
    for (doc, verdict) in docs.iter().zip(verdicts) {
        if verdict == "refused" {
            refused_by_expat += 1;
            let ours = match regops_xmlrpc::read_document(doc.as_bytes()) {
                Ok(regops_xmlrpc::Document::Call { params, .. }) => {
                    params.decode::<Vec<regops_model::Value>>().map(drop)
                }
                Ok(regops_xmlrpc::Document::Response(r)) => {
                    r.decode::<regops_model::Value>().map(drop)
                }
                Ok(regops_xmlrpc::Document::Fault(_)) => Ok(()),
                Err(e) => Err(e),
            };
            assert!(ours.is_err(), "expat refuses, regops accepts:\n{doc:?}");
        }
    }
    // The mutations reach well-formedness errors often enough to mean something.
    assert!(refused_by_expat > 1000, "{refused_by_expat}");
}
