//! `config.yaml`: the few defaults a facilitator sets once.
//!
//! ```yaml
//! theme: projector          # the theme when --theme is not given
//! norms:                    # norms for meetings run without a group
//!   - Start and end on time
//! ```

use std::path::Path;

use crate::catalog::{LoadError, read_text};
use crate::diag::{Checked, FileDiagnostics};
use crate::yaml::decode::check_document;

pub const CONFIG_KEYS: &[&str] = &["theme", "norms", "school_year_starts"];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    pub theme: Option<String>,
    /// `None` when the file does not set them: the built-in starter norms apply.
    pub norms: Option<Vec<String>>,
    /// Month and day the school year starts, for "who has presented this year" (default 08-01).
    pub school_year_starts: Option<(u32, u32)>,
}

pub fn check(src: &str) -> Checked<Config> {
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

fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

/// Reads config.yaml; a missing file is the empty config.
pub fn load(path: &Path) -> Result<Config, LoadError> {
    if !path.exists() {
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

    #[test]
    fn a_config_sets_theme_norms_and_school_year() {
        let c = check("theme: projector\nnorms: [Start on time, Share airtime]\nschool_year_starts: \"09-01\"\n")
            .value
            .unwrap();
        assert_eq!(c.theme.as_deref(), Some("projector"));
        assert_eq!(c.norms.unwrap().len(), 2);
        assert_eq!(c.school_year_starts, Some((9, 1)));
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
