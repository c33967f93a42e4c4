//! Small HTML pages for the sign-in, consent, redeem and control views. Every inserted value is escaped.

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page; `body` must already be escaped where it carries input.
pub fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>
body{{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0}}main{{max-width:30rem;margin:3rem auto;background:#fff;padding:2rem;box-shadow:0 2px 6px #0003}}
label{{display:block;margin-top:1rem;font-weight:600}}input[type=text],input[type=password],input[type=email]{{width:100%;padding:.4rem;box-sizing:border-box}}
button{{margin-top:1.2rem;margin-right:.5rem;padding:.45rem 1.2rem}}.error{{color:#a4262c}}.banner{{font-size:.8rem;color:#555}}
table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:.25rem;text-align:left;font-size:.85rem}}
:focus-visible{{outline:3px solid #0f6cbd}}</style></head>
<body><main><p class="banner">Local Entra ID emulator (not Microsoft)</p>{body}</main></body></html>"#,
        title = escape(title),
        body = body
    )
}
