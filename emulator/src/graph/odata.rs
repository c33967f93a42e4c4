//! The OData subset the app uses on `/users`: `$filter` (eq, ne, not, startswith, endswith, any, and, or,
//! parentheses) and `$search` (`"property:value"` clauses with AND/OR), evaluated on user JSON.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Bool(bool),
    Null,
    /// An unquoted `DateTimeOffset`, e.g. `2025-01-01T00:00:00Z`.
    DateTime(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Eq(String, Literal),
    Ne(String, Literal),
    Ge(String, Literal),
    Le(String, Literal),
    StartsWith(String, String),
    EndsWith(String, String),
    /// `collection/any(x:x eq 'v')`
    Any(String, String),
    Not(Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
}

/// A query error with Graph's code.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryError {
    pub code: &'static str,
    pub message: String,
}

fn unsupported(message: impl Into<String>) -> QueryError {
    QueryError { code: "Request_UnsupportedQuery", message: message.into() }
}

fn bad(message: impl Into<String>) -> QueryError {
    QueryError { code: "BadRequest", message: message.into() }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    LParen,
    RParen,
    Comma,
    Colon,
    Slash,
}

fn lex(s: &str) -> Result<Vec<Tok>, QueryError> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => i += 1,
            '(' => {
                out.push(Tok::LParen);
                i += 1
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1
            }
            ':' => {
                out.push(Tok::Colon);
                i += 1
            }
            '/' => {
                out.push(Tok::Slash);
                i += 1
            }
            '\'' => {
                let mut v = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(bad("Syntax error: unterminated string literal in the filter.")),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            v.push('\'');
                            i += 2
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            v.push(*ch);
                            i += 1
                        }
                    }
                }
                out.push(Tok::Str(v));
            }
            // A DateTimeOffset literal (`2025-01-01T00:00:00Z`) holds ':', which is a token elsewhere.
            c if c.is_ascii_digit() => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || ":.+-".contains(chars[i])) {
                    i += 1;
                }
                out.push(Tok::Ident(chars[start..i].iter().collect()));
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' || c == '.' || c == '@' || c == '-' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || "_$.@-".contains(chars[i])) {
                    i += 1;
                }
                out.push(Tok::Ident(chars[start..i].iter().collect()));
            }
            other => return Err(bad(format!("Syntax error: character '{other}' is not valid in the filter."))),
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn expect(&mut self, t: Tok) -> Result<(), QueryError> {
        if self.next().as_ref() == Some(&t) {
            Ok(())
        } else {
            Err(bad(format!("Syntax error: expected {t:?} in the filter.")))
        }
    }
    fn keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(w)) if w.eq_ignore_ascii_case(k))
    }
    fn or(&mut self) -> Result<Filter, QueryError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            self.pos += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }
    fn and(&mut self) -> Result<Filter, QueryError> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            self.pos += 1;
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }
    fn unary(&mut self) -> Result<Filter, QueryError> {
        if self.keyword("not") {
            self.pos += 1;
            return Ok(Filter::Not(Box::new(self.unary()?)));
        }
        if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            let f = self.or()?;
            self.expect(Tok::RParen)?;
            return Ok(f);
        }
        self.comparison()
    }
    fn literal(&mut self) -> Result<Literal, QueryError> {
        match self.next() {
            Some(Tok::Str(s)) => Ok(Literal::Str(s)),
            Some(Tok::Ident(w)) if w == "true" => Ok(Literal::Bool(true)),
            Some(Tok::Ident(w)) if w == "false" => Ok(Literal::Bool(false)),
            Some(Tok::Ident(w)) if w == "null" => Ok(Literal::Null),
            Some(Tok::Ident(w)) if chrono::DateTime::parse_from_rfc3339(&w).is_ok() => Ok(Literal::DateTime(w)),
            other => Err(bad(format!("Syntax error: expected a literal in the filter, found {other:?}."))),
        }
    }
    fn string(&mut self) -> Result<String, QueryError> {
        match self.literal()? {
            Literal::Str(s) => Ok(s),
            _ => Err(bad("Syntax error: expected a string literal.")),
        }
    }
    fn comparison(&mut self) -> Result<Filter, QueryError> {
        let Some(Tok::Ident(name)) = self.next() else {
            return Err(bad("Syntax error: expected a property name in the filter."));
        };
        let lower = name.to_ascii_lowercase();
        if (lower == "startswith" || lower == "endswith") && self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            let Some(Tok::Ident(prop)) = self.next() else {
                return Err(bad("Syntax error: expected a property."));
            };
            self.expect(Tok::Comma)?;
            let v = self.string()?;
            self.expect(Tok::RParen)?;
            return Ok(if lower == "startswith" { Filter::StartsWith(prop, v) } else { Filter::EndsWith(prop, v) });
        }
        if self.peek() == Some(&Tok::Slash) {
            self.pos += 1;
            match self.next() {
                Some(Tok::Ident(w)) if w.eq_ignore_ascii_case("any") => {}
                _ => return Err(unsupported("Only the 'any' lambda operator is supported.")),
            }
            self.expect(Tok::LParen)?;
            let Some(Tok::Ident(var)) = self.next() else {
                return Err(bad("Syntax error in lambda."));
            };
            self.expect(Tok::Colon)?;
            match self.next() {
                Some(Tok::Ident(v)) if v == var => {}
                _ => return Err(bad("Syntax error in lambda.")),
            }
            match self.next() {
                Some(Tok::Ident(op)) if op == "eq" => {}
                _ => return Err(unsupported("Only 'eq' is supported inside 'any'.")),
            }
            let v = self.string()?;
            self.expect(Tok::RParen)?;
            return Ok(Filter::Any(name, v));
        }
        let op = match self.next() {
            Some(Tok::Ident(op)) => op,
            other => return Err(bad(format!("Syntax error: expected an operator after '{name}', found {other:?}."))),
        };
        let lit = self.literal()?;
        match op.as_str() {
            "eq" => Ok(Filter::Eq(name, lit)),
            "ne" => Ok(Filter::Ne(name, lit)),
            "ge" => Ok(Filter::Ge(name, lit)),
            "le" => Ok(Filter::Le(name, lit)),
            other => Err(unsupported(format!("Unsupported operator '{other}'."))),
        }
    }
}

/// Parses a `$filter` expression.
pub fn parse_filter(s: &str) -> Result<Filter, QueryError> {
    let mut p = Parser { toks: lex(s)?, pos: 0 };
    let f = p.or()?;
    if p.pos != p.toks.len() {
        return Err(bad("Syntax error: unexpected text at the end of the filter."));
    }
    Ok(f)
}

const FILTERABLE: &[&str] = &[
    "id",
    "mail",
    "otherMails",
    "userPrincipalName",
    "userType",
    "creationType",
    "onPremisesSyncEnabled",
    "proxyAddresses",
    "externalUserState",
    "displayName",
    "accountEnabled",
    "givenName",
    "surname",
    "createdDateTime",
    "externalUserStateChangeDateTime",
];

/// Properties whose `$filter` takes `ge` and `le`, per the user resource's documentation
/// (https://learn.microsoft.com/graph/api/resources/user). `externalUserStateChangeDateTime` is not one.
const RANGE_FILTERABLE: &[&str] = &[
    "createdDateTime",
    "mail",
    "otherMails",
    "userPrincipalName",
    "displayName",
    "givenName",
    "surname",
    "proxyAddresses",
];

/// Properties users can be sorted by (`$orderby`), per the same page.
pub const SORTABLE: &[&str] = &["displayName", "userPrincipalName"];

impl Filter {
    /// Does this filter need `ConsistencyLevel: eventual` plus `$count=true`?
    pub fn is_advanced(&self) -> bool {
        match self {
            Filter::Ne(..) | Filter::Not(_) | Filter::EndsWith(..) => true,
            Filter::Eq(p, Literal::Null) => p != "id",
            Filter::And(a, b) | Filter::Or(a, b) => a.is_advanced() || b.is_advanced(),
            _ => false,
        }
    }

    /// Rejects properties the directory cannot filter on, with Graph's message.
    pub fn check_properties(&self) -> Result<(), QueryError> {
        let check = |p: &str| {
            if FILTERABLE.iter().any(|f| f.eq_ignore_ascii_case(p)) {
                Ok(())
            } else {
                Err(unsupported(format!(
                    "Unsupported or invalid query filter clause specified for property '{p}' of resource 'User'."
                )))
            }
        };
        match self {
            Filter::Ge(p, _) | Filter::Le(p, _) => {
                check(p)?;
                if RANGE_FILTERABLE.iter().any(|f| f.eq_ignore_ascii_case(p)) {
                    Ok(())
                } else {
                    Err(unsupported(format!(
                        "Unsupported or invalid query filter clause specified for property '{p}' of resource 'User'."
                    )))
                }
            }
            Filter::Eq(p, _)
            | Filter::Ne(p, _)
            | Filter::StartsWith(p, _)
            | Filter::EndsWith(p, _)
            | Filter::Any(p, _) => check(p),
            Filter::Not(f) => f.check_properties(),
            Filter::And(a, b) | Filter::Or(a, b) => a.check_properties().and(b.check_properties()),
        }
    }

    /// Every property the filter names.
    pub fn properties(&self) -> Vec<&str> {
        match self {
            Filter::Eq(p, _)
            | Filter::Ne(p, _)
            | Filter::Ge(p, _)
            | Filter::Le(p, _)
            | Filter::StartsWith(p, _)
            | Filter::EndsWith(p, _)
            | Filter::Any(p, _) => vec![p.as_str()],
            Filter::Not(f) => f.properties(),
            Filter::And(a, b) | Filter::Or(a, b) => [a.properties(), b.properties()].concat(),
        }
    }

    pub fn matches(&self, user: &Value) -> bool {
        let get = |p: &str| {
            user.as_object()
                .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case(p)).map(|(_, v)| v.clone()))
                .unwrap_or(Value::Null)
        };
        let eq = |v: &Value, lit: &Literal| match (v, lit) {
            (Value::String(a), Literal::Str(b)) => a.eq_ignore_ascii_case(b),
            (Value::Bool(a), Literal::Bool(b)) => a == b,
            (Value::Null, Literal::Null) => true,
            (Value::String(a), Literal::DateTime(b)) => same_instant(a, b) == Some(std::cmp::Ordering::Equal),
            (Value::Array(items), Literal::Str(b)) => {
                items.iter().any(|i| i.as_str().is_some_and(|s| s.eq_ignore_ascii_case(b)))
            }
            _ => false,
        };
        let text = |v: &Value| -> Vec<String> {
            match v {
                Value::String(s) => vec![s.to_lowercase()],
                Value::Array(a) => a.iter().filter_map(|i| i.as_str().map(str::to_lowercase)).collect(),
                _ => vec![],
            }
        };
        match self {
            Filter::Eq(p, l) => eq(&get(p), l),
            Filter::Ne(p, l) => !eq(&get(p), l),
            Filter::Ge(p, l) => compare(&get(p), l).is_some_and(|o| o != std::cmp::Ordering::Less),
            Filter::Le(p, l) => compare(&get(p), l).is_some_and(|o| o != std::cmp::Ordering::Greater),
            Filter::StartsWith(p, v) => text(&get(p)).iter().any(|s| s.starts_with(&v.to_lowercase())),
            Filter::EndsWith(p, v) => text(&get(p)).iter().any(|s| s.ends_with(&v.to_lowercase())),
            Filter::Any(p, v) => text(&get(p)).iter().any(|s| *s == v.to_lowercase()),
            Filter::Not(f) => !f.matches(user),
            Filter::And(a, b) => a.matches(user) && b.matches(user),
            Filter::Or(a, b) => a.matches(user) || b.matches(user),
        }
    }
}

/// Two instants in time, or `None` when either is not a date.
fn same_instant(a: &str, b: &str) -> Option<std::cmp::Ordering> {
    let a = chrono::DateTime::parse_from_rfc3339(a).ok()?;
    let b = chrono::DateTime::parse_from_rfc3339(b).ok()?;
    Some(a.cmp(&b))
}

/// A property against a `ge`/`le` literal: dates as instants, strings case-insensitively; null never matches.
fn compare(v: &Value, lit: &Literal) -> Option<std::cmp::Ordering> {
    match (v, lit) {
        (Value::String(a), Literal::DateTime(b)) => same_instant(a, b),
        (Value::String(a), Literal::Str(b)) => Some(a.to_lowercase().cmp(&b.to_lowercase())),
        _ => None,
    }
}

/// Graph's tokenizer for `displayName`: words split on spaces, symbols, digits and lower→UPPER changes.
pub fn search_tokens(s: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let split = !c.is_alphanumeric()
            || (c.is_uppercase() && prev.is_some_and(char::is_lowercase))
            || (c.is_ascii_digit() != prev.is_some_and(|p| p.is_ascii_digit()) && !cur.is_empty());
        if split && !cur.is_empty() {
            tokens.push(cur.to_lowercase());
            cur.clear();
        }
        if c.is_alphanumeric() {
            cur.push(c);
        }
        prev = Some(c);
    }
    if !cur.is_empty() {
        tokens.push(cur.to_lowercase());
    }
    tokens
}

#[derive(Debug, Clone, PartialEq)]
pub enum Search {
    Clause(String, String),
    And(Box<Search>, Box<Search>),
    Or(Box<Search>, Box<Search>),
}

/// Parses `"displayName:jo" AND "mail:alex"` (parentheses allowed; AND binds tighter than OR).
pub fn parse_search(s: &str) -> Result<Search, QueryError> {
    let err = || bad("Syntax error: $search must be one or more \"property:value\" clauses joined by AND or OR.");
    let mut toks: Vec<String> = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            ' ' => i += 1,
            '(' | ')' => {
                toks.push(chars[i].to_string());
                i += 1
            }
            '"' => {
                let mut v = String::from("\"");
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1
                    }
                    v.push(chars[i]);
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(err());
                }
                i += 1;
                toks.push(v);
            }
            _ => {
                let start = i;
                while i < chars.len() && !" ()\"".contains(chars[i]) {
                    i += 1
                }
                toks.push(chars[start..i].iter().collect());
            }
        }
    }
    fn or(t: &[String], p: &mut usize) -> Option<Search> {
        let mut l = and(t, p)?;
        while t.get(*p).map(String::as_str) == Some("OR") {
            *p += 1;
            l = Search::Or(Box::new(l), Box::new(and(t, p)?))
        }
        Some(l)
    }
    fn and(t: &[String], p: &mut usize) -> Option<Search> {
        let mut l = atom(t, p)?;
        while t.get(*p).map(String::as_str) == Some("AND") {
            *p += 1;
            l = Search::And(Box::new(l), Box::new(atom(t, p)?))
        }
        Some(l)
    }
    fn atom(t: &[String], p: &mut usize) -> Option<Search> {
        let tok = t.get(*p)?.clone();
        *p += 1;
        if tok == "(" {
            let s = or(t, p)?;
            (t.get(*p).map(String::as_str) == Some(")")).then(|| {
                *p += 1;
                s
            })
        } else {
            let (prop, val) = tok.strip_prefix('"')?.split_once(':')?;
            Some(Search::Clause(prop.to_string(), val.to_string()))
        }
    }
    let mut p = 0;
    let s = or(&toks, &mut p).ok_or_else(err)?;
    if p != toks.len() {
        return Err(err());
    }
    Ok(s)
}

impl Search {
    pub fn matches(&self, user: &Value) -> bool {
        match self {
            Search::And(a, b) => a.matches(user) && b.matches(user),
            Search::Or(a, b) => a.matches(user) || b.matches(user),
            Search::Clause(prop, val) => {
                let v = val.to_lowercase();
                let field = user
                    .as_object()
                    .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case(prop)).map(|(_, v)| v.clone()))
                    .unwrap_or(Value::Null);
                let values: Vec<String> = match &field {
                    Value::String(s) => vec![s.clone()],
                    Value::Array(a) => a.iter().filter_map(|i| i.as_str().map(String::from)).collect(),
                    _ => vec![],
                };
                if prop.eq_ignore_ascii_case("displayName") || prop.eq_ignore_ascii_case("description") {
                    let compact = v.replace(|c: char| !c.is_alphanumeric(), "");
                    values.iter().any(|s| {
                        let toks = search_tokens(s);
                        toks.iter().any(|t| t.starts_with(&compact)) || toks.concat().starts_with(&compact)
                    })
                } else {
                    values.iter().any(|s| s.to_lowercase().starts_with(&v))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_the_apps_queries() {
        let f = parse_filter("userType eq 'Guest' and externalUserState eq 'PendingAcceptance'").unwrap();
        assert!(!f.is_advanced());
        let u = json!({"userType": "Guest", "externalUserState": "PendingAcceptance"});
        assert!(f.matches(&u));
        let f = parse_filter("userPrincipalName eq 'a@b.example' or mail eq 'a@b.example' or proxyAddresses/any(x:x eq 'SMTP:a@b.example') or otherMails/any(x:x eq 'A@B.example')").unwrap();
        assert!(f.matches(&json!({"otherMails": ["a@b.example"]})));
        assert!(!f.matches(&json!({"otherMails": ["c@b.example"]})));
        let f = parse_filter("startswith(displayName,'pat') or startswith(mail,'pat')").unwrap();
        assert!(f.matches(&json!({"displayName": "Pat Partner"})));
        assert!(parse_filter("endswith(mail,'.example')").unwrap().is_advanced());
        assert!(parse_filter("not(userType eq 'Guest')").unwrap().is_advanced());
        assert_eq!(
            parse_filter("mail eq 'O''Brien@x.example'").unwrap(),
            Filter::Eq("mail".into(), Literal::Str("O'Brien@x.example".into()))
        );
    }

    #[test]
    fn compares_dates_as_instants() {
        let f = parse_filter("userType eq 'Guest' and createdDateTime le 2025-03-01T00:00:00Z").unwrap();
        assert!(!f.is_advanced(), "ge and le on createdDateTime work without the advanced parameters");
        assert!(f.matches(&json!({"userType": "Guest", "createdDateTime": "2025-02-28T23:59:59Z"})));
        assert!(f.matches(&json!({"userType": "Guest", "createdDateTime": "2025-03-01T01:00:00+01:00"})));
        assert!(!f.matches(&json!({"userType": "Guest", "createdDateTime": "2025-03-01T00:00:01Z"})));
        assert!(!f.matches(&json!({"userType": "Guest", "createdDateTime": null})));
        let ge = parse_filter("createdDateTime ge 2025-03-01T00:00:00Z").unwrap();
        assert!(ge.matches(&json!({"createdDateTime": "2025-03-01T00:00:00Z"})));
        assert!(!ge.matches(&json!({"createdDateTime": "2025-02-01T00:00:00Z"})));
    }

    #[test]
    fn rejects_bad_filters() {
        assert_eq!(parse_filter("mail eq 'x").unwrap_err().code, "BadRequest");
        assert_eq!(parse_filter("mail gt 'x'").unwrap_err().code, "Request_UnsupportedQuery");
        // The state's change time filters only with eq/ne/not/in; the creation time also with ge/le.
        let range = |f: &str| parse_filter(f).unwrap().check_properties().map_err(|e| e.code);
        assert_eq!(range("externalUserStateChangeDateTime le 2025-01-01T00:00:00Z"), Err("Request_UnsupportedQuery"));
        assert_eq!(range("userType ge 'Guest'"), Err("Request_UnsupportedQuery"));
        assert_eq!(range("createdDateTime le 2025-01-01T00:00:00Z"), Ok(()));
        assert_eq!(
            parse_filter("jobTitle eq 'x'").unwrap().check_properties().unwrap_err().code,
            "Request_UnsupportedQuery"
        );
    }

    #[test]
    fn search_tokenizes_display_names() {
        assert_eq!(search_tokens("helloWorld 42x"), vec!["hello", "world", "42", "x"]);
        let s = parse_search("\"displayName:part\" AND \"mail:pat\"").unwrap();
        assert!(s.matches(&json!({"displayName": "Pat Partner", "mail": "pat@x.example"})));
        assert!(!s.matches(&json!({"displayName": "Pat Partner", "mail": "sam@x.example"})));
        assert!(parse_search("\"displayName:world\"").unwrap().matches(&json!({"displayName": "HelloWorld"})));
        assert!(parse_search("displayName:x").is_err());
    }
}
