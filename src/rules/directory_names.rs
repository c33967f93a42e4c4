//! The groups and sponsors a bulk file names in its `groups` and `sponsors` cells (`;` between names), the
//! distinct names the check looks up once for the whole file, and what each lookup found.

use super::bulk_file::{BulkFile, Column};
use super::invitation_draft::ChosenPerson;
use crate::graph::groups::Group;
use std::collections::HashMap;

/// The names in one cell, trimmed, each once (without regard to case), in their order.
pub fn names_in(cell: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for n in cell.split(';').map(str::trim).filter(|n| !n.is_empty()) {
        if !names.iter().any(|k| k.eq_ignore_ascii_case(n)) {
            names.push(n.to_string());
        }
    }
    names
}

/// Whether `text` has the form of a directory object id (a GUID), so a `groups` cell may name a group by id.
pub fn is_object_id(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The key a name is looked up and found under.
pub fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Every distinct group and sponsor name in the file, to look up once each.
pub fn wanted(file: &BulkFile) -> (Vec<String>, Vec<String>) {
    let mut seen: (HashMap<String, ()>, HashMap<String, ()>) = (HashMap::new(), HashMap::new());
    let (mut groups, mut sponsors) = (Vec::new(), Vec::new());
    for row in &file.rows {
        for n in row.get(Column::Groups).map(names_in).unwrap_or_default() {
            if seen.0.insert(key(&n), ()).is_none() {
                groups.push(n);
            }
        }
        for n in row.get(Column::Sponsors).map(names_in).unwrap_or_default() {
            if seen.1.insert(key(&n), ()).is_none() {
                sponsors.push(n);
            }
        }
    }
    (groups, sponsors)
}

/// What looking one name up found.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup<T> {
    Found(T),
    /// Nothing in the directory has this id or exact name.
    Unknown,
    /// More than one has this exact name: the file must say which, by id (groups) or address (people).
    Ambiguous,
    /// The lookup itself failed (the page says why, once, above the table).
    NotLookedUp,
}

impl<T> Lookup<T> {
    /// What a query for one name returned: no match, one, or more.
    pub fn of(mut matches: Vec<T>) -> Lookup<T> {
        match matches.len() {
            0 => Lookup::Unknown,
            1 => matches.pop().map_or(Lookup::Unknown, Lookup::Found),
            _ => Lookup::Ambiguous,
        }
    }
}

/// Everything the file's names came to, by [`key`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameLookups {
    pub groups: HashMap<String, Lookup<Group>>,
    pub sponsors: HashMap<String, Lookup<ChosenPerson>>,
}

impl NameLookups {
    pub fn group(&self, name: &str) -> Lookup<Group> {
        self.groups.get(&key(name)).cloned().unwrap_or(Lookup::NotLookedUp)
    }

    pub fn sponsor(&self, name: &str) -> Lookup<ChosenPerson> {
        self.sponsors.get(&key(name)).cloned().unwrap_or(Lookup::NotLookedUp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::bulk_file::read;

    #[test]
    fn a_cell_names_each_one_once_and_the_file_looks_each_up_once() {
        assert_eq!(names_in(" Finance ; ;finance;Partner Projects;"), vec!["Finance", "Partner Projects"]);
        let f = read(
            b"email,groups,sponsors\na@x.example,Finance;Sales,lee@contoso.com\nb@x.example,SALES,LEE@contoso.com;kim@contoso.com\n",
        )
        .unwrap();
        let (groups, sponsors) = wanted(&f);
        assert_eq!(groups, vec!["Finance", "Sales"]);
        assert_eq!(sponsors, vec!["lee@contoso.com", "kim@contoso.com"]);
    }

    #[test]
    fn an_id_is_told_from_a_name() {
        assert!(is_object_id("6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e01"));
        assert!(!is_object_id("6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e0"));
        assert!(!is_object_id("Partner Projects"));
        assert!(!is_object_id("6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e0g"));
    }

    #[test]
    fn a_query_with_none_one_or_two_matches() {
        assert_eq!(Lookup::<u8>::of(vec![]), Lookup::Unknown);
        assert_eq!(Lookup::of(vec![7u8]), Lookup::Found(7));
        assert_eq!(Lookup::of(vec![7u8, 8]), Lookup::Ambiguous);
        assert_eq!(NameLookups::default().group("x"), Lookup::NotLookedUp);
    }
}
