//! A journey's weight: the bytes a person fetches before their page is usable, which is what they wait for (the
//! whole site holds every feature; no one fetches all of it at once). Each journey is the first visit plus the
//! split modules its page needs and the shared chunks those need, as the splitter says (`wasm_build` writes
//! them to [`FILE`] when it builds).

use crate::run::repo_root;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// A page a person opens, and the split modules it needs before it works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Journey {
    /// Its line in `size-budget.txt`.
    pub key: &'static str,
    pub label: &'static str,
    pub base: Base,
    pub modules: &'static [&'static str],
}

/// What a journey fetches besides its modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The first visit: the page and the main module.
    FirstVisit,
    /// The page alone (`index.html` and the stylesheet): what works before the main module is here.
    PageOnly,
}

/// The journeys held to a budget besides the first visit: a partner's one step on a welcome or join link
/// (Accept invitation, Continue to My Access: offered by the partner check before the main module is here), a partner's welcome or join page whole, a
/// partner's request page (one module each), and an admin from a cold cache to a usable invite form (the sign-in
/// module, then the invite form's own; the other admin views' module follows in the background).
pub const JOURNEYS: [Journey; 4] = [
    Journey {
        key: "journey-partner-accept",
        label: "a partner's one step on a welcome or join link (Accept invitation, Continue to My Access)",
        base: Base::PageOnly,
        modules: &[crate::wasm_build::PARTNER_CHECK],
    },
    Journey {
        key: "journey-partner",
        label: "a partner's welcome or join page",
        base: Base::FirstVisit,
        modules: &[crate::inline_script::Module::Partner.name()],
    },
    Journey {
        key: "journey-partner-request",
        label: "a partner's request page",
        base: Base::FirstVisit,
        modules: &[crate::inline_script::Module::PartnerRequest.name()],
    },
    Journey {
        key: "journey-admin-invite",
        label: "an admin, cold cache, to a usable invite form",
        base: Base::FirstVisit,
        modules: &[crate::inline_script::Module::SignIn.name(), crate::inline_script::Module::Invite.name()],
    },
];

/// Where the build leaves each split module's files (paths in `dist/`, one module per line:
/// `name file file …`).
pub fn file() -> PathBuf {
    repo_root().join("target/wasm-split/modules.txt")
}

/// `modules.txt` as written: a module's name, then the files it needs.
pub fn write(modules: &BTreeMap<String, Vec<String>>) -> String {
    modules.iter().map(|(name, files)| format!("{name} {}\n", files.join(" "))).collect()
}

pub fn parse(text: &str) -> BTreeMap<String, Vec<String>> {
    text.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some((words.next()?.to_string(), words.map(|f| f.trim_start_matches("./").to_string()).collect()))
        })
        .collect()
}

/// The files a journey fetches on top of the first visit: every file of each of its modules, once.
pub fn files(journey: &Journey, modules: &BTreeMap<String, Vec<String>>) -> Result<BTreeSet<String>, String> {
    let mut out = BTreeSet::new();
    for m in journey.modules {
        let files = modules.get(*m).ok_or_else(|| format!("the build wrote no files for the module `{m}`"))?;
        out.extend(files.iter().cloned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journey_counts_each_shared_chunk_once() {
        let text = write(&BTreeMap::from([
            (
                "invite".to_string(),
                vec!["./views/split_invite-1.wasm".to_string(), "./views/chunk_5-2.wasm".to_string()],
            ),
            (
                "sign_in".to_string(),
                vec!["./views/split_sign_in-3.wasm".to_string(), "./views/chunk_5-2.wasm".to_string()],
            ),
        ]));
        let modules = parse(&text);
        let admin = files(&JOURNEYS[3], &modules).unwrap();
        assert_eq!(
            admin.into_iter().collect::<Vec<_>>(),
            ["views/chunk_5-2.wasm", "views/split_invite-1.wasm", "views/split_sign_in-3.wasm"]
        );
        assert!(files(&JOURNEYS[1], &modules).unwrap_err().contains("`partner`"));
    }
}
