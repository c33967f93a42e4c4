//! The size ratchet: the whole site's brotli total in the default language (without the tenant's `config.json`
//! and the other languages' catalogues) against `size-budget.txt`, the first visit's part of it (without the
//! views' modules) against the file's `first-visit` line, and the largest first part of another language's
//! words (what its reader fetches before the page works) against its `language` line.
//! Size is deterministic, so `cargo xtask test` treats it as a test: a build more than [`SLACK`] bytes over the
//! budget fails, and so does one more than [`SLACK`] under it, until the budget is lowered in the same commit.

use crate::dist::Sizes;
use crate::run::repo_root;

/// Room for differences no one chose (the checkout's path in panic locations, compressor noise).
pub const SLACK: usize = 1024;

pub const FILE: &str = "size-budget.txt";

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Within {
        spare: usize,
    },
    Over {
        by: usize,
    },
    /// Smaller than the budget by more than the slack: lower the budget to lock the gain in.
    Smaller {
        by: usize,
    },
}

pub fn judge(size: usize, budget: usize) -> Verdict {
    if size > budget + SLACK {
        Verdict::Over { by: size - budget }
    } else if size + SLACK < budget {
        Verdict::Smaller { by: budget - size }
    } else {
        Verdict::Within { spare: budget.saturating_sub(size) }
    }
}

/// The first line of the file that is a number; `#` lines explain it.
pub fn parse(text: &str) -> Option<usize> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).find_map(|l| l.parse().ok())
}

/// The `language N` line: the budget of the largest first part of another language's words.
pub fn parse_language(text: &str) -> Option<usize> {
    parse_labelled(text, "language")
}

/// A `<label> N` line.
fn parse_labelled(text: &str, label: &str) -> Option<usize> {
    text.lines().map(str::trim).find_map(|l| l.strip_prefix(label)?.strip_prefix(' ')?.trim().parse().ok())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub site: usize,
    pub first_visit: usize,
    pub language: usize,
    /// Each of `journeys::JOURNEYS`, by its key.
    pub journeys: [usize; crate::journeys::JOURNEYS.len()],
}

pub fn read() -> Result<Budget, String> {
    let path = repo_root().join(FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let site = parse(&text).ok_or_else(|| format!("{}: no budget in bytes on a line of its own", path.display()))?;
    let first_visit = parse_labelled(&text, "first-visit")
        .ok_or_else(|| format!("{}: no `first-visit <bytes>` line", path.display()))?;
    let language = parse_language(&text).ok_or_else(|| format!("{}: no `language <bytes>` line", path.display()))?;
    let mut journeys = [0; crate::journeys::JOURNEYS.len()];
    for (j, budget) in crate::journeys::JOURNEYS.iter().zip(journeys.iter_mut()) {
        *budget =
            parse_labelled(&text, j.key).ok_or_else(|| format!("{}: no `{} <bytes>` line", path.display(), j.key))?;
    }
    Ok(Budget { site, first_visit, language, journeys })
}

/// Every size a build is held to, judged, with its line for a person: the whole site in the default
/// language, its first visit, the largest other language's catalogue, then each journey.
pub fn checks(sizes: Sizes, budget: Budget) -> Vec<(Verdict, String)> {
    let mut out = vec![
        check("size budget (whole site)", sizes.site, budget.site),
        check("first visit", sizes.first_visit, budget.first_visit),
        check("language catalogue", sizes.largest_language, budget.language),
    ];
    for (i, j) in crate::journeys::JOURNEYS.iter().enumerate() {
        out.push(check(j.label, sizes.journeys[i], budget.journeys[i]));
    }
    out
}

/// One size judged once, with its line for a person: the size against the budget, and what to do about it.
fn check(label: &str, size: usize, budget: usize) -> (Verdict, String) {
    let verdict = judge(size, budget);
    let line = match verdict {
        Verdict::Within { .. } if size > budget => {
            format!("{label}: {size} bytes brotli, {} over the budget of {budget} but within the {SLACK}-byte slack", size - budget)
        }
        Verdict::Within { spare } => format!("{label}: {size} of {budget} bytes brotli ({spare} to spare)"),
        Verdict::Over { by } => format!(
            "{label}: {size} bytes brotli is {by} bytes over the budget of {budget} in {FILE}; find the cause with `cargo xtask dist --why`"
        ),
        Verdict::Smaller { by } => format!(
            "{label}: {size} bytes brotli is {by} bytes under the budget of {budget}; lower {FILE} to {size} in this commit"
        ),
    };
    (verdict, line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kilobyte_either_way_is_slack_and_more_is_not() {
        assert_eq!(judge(100_000, 100_000), Verdict::Within { spare: 0 });
        assert_eq!(judge(101_024, 100_000), Verdict::Within { spare: 0 });
        assert_eq!(judge(101_025, 100_000), Verdict::Over { by: 1_025 });
        assert_eq!(judge(98_976, 100_000), Verdict::Within { spare: 1_024 });
        assert_eq!(judge(98_975, 100_000), Verdict::Smaller { by: 1_025 });
    }

    #[test]
    fn comments_are_skipped_and_the_first_number_is_the_budget() {
        assert_eq!(parse("# brotli bytes\n\n 340123 \n# old: 350000\n"), Some(340_123));
        assert_eq!(parse("# nothing here\n"), None);
        assert_eq!(parse("340 KB\n"), None);
        assert_eq!(parse_language("# x\n340123\nlanguage 14200\n"), Some(14_200));
        assert_eq!(parse("# x\nlanguage 14200\n340123\n"), Some(340_123), "the language line is not the budget");
        assert_eq!(parse_language("340123\n"), None);
        assert_eq!(parse_labelled("340123\nfirst-visit 200000\nlanguage 14200\n", "first-visit"), Some(200_000));
        assert_eq!(parse("first-visit 200000\n340123\n"), Some(340_123), "the first-visit line is not the budget");
    }
}
