//! `config.yaml`: the few defaults a facilitator sets once.
//!
//! ```yaml
//! theme: projector          # the theme when --theme is not given
//! norms:                    # norms for meetings run without a group
//!   - Start and end on time
//! share: group              # let the file's Unix group read records (0640/0750)
//! ```

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::catalog::{LoadError, read_text};
use crate::diag::{Checked, FileDiagnostics};
use crate::yaml::decode::check_document;

pub(crate) const CONFIG_KEYS: &[&str] = &["theme", "norms", "school_year_starts", "share"];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    pub theme: Option<String>,
    /// `None` when the file does not set them: the built-in starter norms apply.
    pub norms: Option<Vec<String>>,
    /// Month and day the school year starts, for "who has presented this year" (default 08-01).
    pub school_year_starts: Option<(u32, u32)>,
    /// `share: group`: records, groups and exports are readable by the
    /// file's Unix group (0640 in 0750 folders) instead of owner-only.
    pub share_with_group: bool,
}

impl Config {
    pub fn school_year(&self) -> SchoolYear {
        self.school_year_starts
            .map_or_else(SchoolYear::default, |(month, day)| SchoolYear {
                month,
                day,
            })
    }
}

/// When the school year starts: "who has presented this year" counts from
/// here, and the report's month grid starts with this month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchoolYear {
    pub month: u32,
    pub day: u32,
}

impl Default for SchoolYear {
    fn default() -> SchoolYear {
        SchoolYear { month: 8, day: 1 }
    }
}

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl SchoolYear {
    fn start_in(self, year: i32) -> Option<NaiveDate> {
        // 02-29 is a valid setting; in other years the year starts on 02-28.
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day.saturating_sub(1)))
    }

    /// The first day of the school year that holds `day`.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self.start_in(day.year()) {
            Some(start) if start <= day => start,
            _ => self.start_in(day.year() - 1).unwrap_or(day),
        }
    }

    /// The calendar year in which the school year holding `month` of `year` began
    /// (by month: the grid of a report does not split a month).
    pub fn first_year(self, year: i32, month: u32) -> i32 {
        if month >= self.month { year } else { year - 1 }
    }

    /// 0 for the school year's first month, 11 for its last.
    pub fn column(self, month: u32) -> usize {
        ((month + 12 - self.month) % 12) as usize
    }

    /// `September 1`: the day the school year starts, in words.
    pub fn start_label(self) -> String {
        let month = u8::try_from(self.month)
            .ok()
            .and_then(|m| chrono::Month::try_from(m).ok())
            .map_or_else(|| format!("month {}", self.month), |m| m.name().to_string());
        format!("{month} {}", self.day)
    }

    /// Month names in school-year order.
    pub fn month_labels(self) -> [&'static str; 12] {
        std::array::from_fn(|i| MONTH_NAMES[(self.month as usize - 1 + i) % 12])
    }
}

pub(crate) fn check(src: &str) -> Checked<Config> {
    check_document(src, "a config", "theme: default", |root, d| {
        let map = d.map(root, "the config", CONFIG_KEYS)?;
        let mut config = Config {
            theme: d.optional_text(&map, "theme"),
            ..Config::default()
        };
        config.norms = map.get_some("norms").map(|n| {
            d.text_list(n, "norms", "the config")
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        });
        if let Some(node) = map.get_some("share")
            && let Some(text) = d.text(node, "share", "the config")
        {
            match text.as_str() {
                "group" => config.share_with_group = true,
                "private" => {}
                _ => d.error(
                    node.span,
                    format!("`share` must be `private` or `group`, but it is `{text}`"),
                    "write `share: group` to let your Unix group read the records, or leave it out",
                ),
            }
        }
        if let Some(node) = map.get_some("school_year_starts")
            && let Some(text) = d.text(node, "school_year_starts", "the config")
        {
            match parse_month_day(&text) {
                Some(md) => config.school_year_starts = Some(md),
                None => d.error(
                    node.span,
                    format!("`school_year_starts` must be a month and day like 08-01, but it is `{text}`"),
                    "write the month and day the school year starts, e.g. `school_year_starts: \"09-01\"`",
                ),
            }
        }
        Some(config)
    })
}

/// The `theme:` a config names, with where its value is written, so that
/// `plg check` can look the id up among the themes.
pub(crate) fn theme_at(src: &str) -> Option<(String, crate::diag::Span)> {
    let root = crate::yaml::parse(src).ok()??;
    let crate::yaml::Value::Map(entries) = &root.value else {
        return None;
    };
    let (_, value) = entries
        .iter()
        .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == "theme"))?;
    let scalar = value.as_scalar().filter(|s| !s.is_null())?;
    Some((scalar.text.clone(), value.span))
}

fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

/// Reads config.yaml; a missing file is the empty config.
pub fn load(path: &Path) -> Result<Config, LoadError> {
    // A dangling link is not "no config": reading it says what it is.
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(Config::default());
    }
    let src = read_text(path)?;
    let checked = check(&src);
    match checked.value {
        Some(c) if !checked.diagnostics.iter().any(|d| d.is_error()) => Ok(c),
        _ => Err(LoadError::Invalid(FileDiagnostics {
            name: path.display().to_string(),
            source: Some(src),
            diagnostics: checked.diagnostics,
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn the_school_year_holding_a_day() {
        let aug = SchoolYear::default();
        assert_eq!(aug.start_of(day("2026-07-31")), day("2025-08-01"));
        assert_eq!(aug.start_of(day("2026-08-01")), day("2026-08-01"));
        assert_eq!(aug.start_of(day("2027-01-15")), day("2026-08-01"));
        let sep5 = SchoolYear { month: 9, day: 5 };
        assert_eq!(sep5.start_of(day("2026-09-04")), day("2025-09-05"));
        assert_eq!(sep5.start_of(day("2026-09-05")), day("2026-09-05"));
        let leap = SchoolYear { month: 2, day: 29 };
        assert_eq!(leap.start_of(day("2027-03-01")), day("2027-02-28"));
        assert_eq!(leap.start_of(day("2028-02-29")), day("2028-02-29"));
    }

    #[test]
    fn months_in_school_year_order() {
        let sep = SchoolYear { month: 9, day: 1 };
        assert_eq!(sep.month_labels()[0], "Sep");
        assert_eq!(sep.month_labels()[11], "Aug");
        assert_eq!(sep.column(9), 0);
        assert_eq!(sep.column(8), 11);
        assert_eq!(sep.first_year(2027, 1), 2026);
        assert_eq!(sep.first_year(2026, 10), 2026);
        assert_eq!(SchoolYear::default().month_labels()[0], "Aug");
        assert_eq!(SchoolYear::default().start_label(), "August 1");
        assert_eq!(SchoolYear { month: 9, day: 5 }.start_label(), "September 5");
        let c = check("school_year_starts: \"09-01\"\n")
            .value
            .expect("valid");
        assert_eq!(c.school_year(), sep);
        assert_eq!(Config::default().school_year(), SchoolYear::default());
    }

    #[test]
    fn a_config_sets_theme_norms_and_school_year() {
        let c = check("theme: projector\nnorms: [Start on time, Share airtime]\nschool_year_starts: \"09-01\"\n")
            .value
            .unwrap();
        assert_eq!(c.theme.as_deref(), Some("projector"));
        assert_eq!(c.norms.unwrap().len(), 2);
        assert_eq!(c.school_year_starts, Some((9, 1)));
        assert!(!c.share_with_group);
        assert!(check("share: group\n").value.unwrap().share_with_group);
        assert_eq!(check("share: everyone\n").diagnostics.len(), 1);
    }

    #[test]
    fn config_mistakes_have_positions() {
        let diags = check("theme: mono\nnorm: [x]\nschool_year_starts: 13-40\n").diagnostics;
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].span.start.line, 2);
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `norms`?"));
        assert_eq!(diags[1].span.start.line, 3);
    }
}
