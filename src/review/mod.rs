//! The review side of plg: choosing sessions (filters and IDs), and turning
//! records into text, Markdown, HTML, CSV and reports. Everything here is
//! pure: it takes records or index summaries and returns strings, so the
//! commands stay thin and the terminal browser can reuse the rendering.

pub(crate) mod actions;
pub(crate) mod csv;
pub(crate) mod detail;
pub(crate) mod export;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod report;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::record::Status;
use crate::record::index::RecordFile;
use crate::record::summary::SessionSummary;

/// `2026-11-23 15:30`: the local time the record was written in, as the room saw it.
pub(crate) fn date_label(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// `15:30`.
pub(crate) fn time_label(t: &DateTime<FixedOffset>) -> String {
    t.format("%H:%M").to_string()
}

/// "Ben Okafor, due 2026-12-01" for an action item, the owner passed
/// through `owner` (each export escapes names its own way); `None` when the
/// item has neither.
pub(crate) fn owner_and_due(
    a: &crate::meeting::session::ActionItem,
    owner: impl Fn(&str) -> String,
) -> Option<String> {
    let who: Vec<String> = a
        .owner
        .iter()
        .map(|o| owner(o))
        .chain(a.due.map(|due| format!("due {due}")))
        .collect();
    (!who.is_empty()).then(|| who.join(", "))
}

/// `completed`, `ended early`, `in progress`, with `rehearsal ×20` for rehearsals.
pub(crate) fn status_label(status: Status, speed: u32) -> String {
    if speed > 1 {
        format!("{}, rehearsal ×{speed}", status.label())
    } else {
        status.label().to_string()
    }
}

/// Which sessions a command looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    /// A group id or name (names ignore case).
    pub group: Option<String>,
    /// A protocol id or name (names ignore case).
    pub protocol: Option<String>,
    /// Sessions on or after this day (in the record's own time zone).
    pub since: Option<NaiveDate>,
    /// Rehearsals (`speed` > 1) too; without it they are left out.
    pub rehearsals: bool,
}

impl Filter {
    pub fn matches(&self, s: &SessionSummary) -> bool {
        if s.is_rehearsal() && !self.rehearsals {
            return false;
        }
        if let Some(g) = &self.group {
            let Some(group) = &s.group else {
                return false;
            };
            if group.id != *g && !group.name.eq_ignore_ascii_case(g) {
                return false;
            }
        }
        // An agenda meeting matches its own id and name and every
        // protocol it ran.
        if let Some(p) = &self.protocol
            && !s.ran(p)
        {
            return false;
        }
        if let Some(since) = self.since
            && s.started_at.date_naive() < since
        {
            return false;
        }
        true
    }
}

/// Why an ID did not name exactly one record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum IdError {
    #[error("`{query}` matches {} sessions: {}{}", .candidates.len(), list_ids(.candidates), if .candidates.len() > MAX_CANDIDATES { ", …" } else { "" })]
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
    #[error("no session `{query}`{}", match .suggestion { Some(s) => format!("; did you mean `{s}`?"), None => String::new() })]
    NotFound {
        query: String,
        suggestion: Option<String>,
    },
}

/// More candidates than this are cut from an "ambiguous" message.
const MAX_CANDIDATES: usize = 8;

fn list_ids(ids: &[String]) -> String {
    ids.iter()
        .take(MAX_CANDIDATES)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds the record an ID names: the file name without `.yaml`, or any
/// prefix of it that only one record has. An exact name always wins, so a
/// record whose name is a prefix of another's can still be reached.
pub(crate) fn resolve_id<'a>(
    files: &'a [RecordFile],
    query: &str,
) -> Result<&'a RecordFile, IdError> {
    let query = query.trim();
    let query = query.strip_suffix(".yaml").unwrap_or(query);
    if let Some(exact) = files.iter().find(|f| f.id == query) {
        return Ok(exact);
    }
    let matching: Vec<&RecordFile> = files
        .iter()
        .filter(|f| !query.is_empty() && f.id.starts_with(query))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(IdError::NotFound {
            query: query.to_string(),
            suggestion: nearest(files, query),
        }),
        many => Err(IdError::Ambiguous {
            query: query.to_string(),
            candidates: many.iter().map(|f| f.id.clone()).collect(),
        }),
    }
}

/// The ID closest to a mistyped one, if any is reasonably close.
fn nearest(files: &[RecordFile], query: &str) -> Option<String> {
    files
        .iter()
        .map(|f| {
            // Compare like with like: a short query against the start of each ID.
            let head: String = f.id.chars().take(query.chars().count().max(1)).collect();
            (strsim::normalized_damerau_levenshtein(query, &head), f)
        })
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)))
        .map(|(_, f)| f.id.clone())
}

#[cfg(test)]
mod agenda_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn files(ids: &[&str]) -> Vec<RecordFile> {
        ids.iter()
            .map(|id| RecordFile {
                id: id.to_string(),
                name: format!("{id}.yaml"),
                path: PathBuf::from(format!("/s/{id}.yaml")),
            })
            .collect()
    }

    #[test]
    fn a_unique_prefix_names_its_record() {
        let f = files(&[
            "2026-11-23T1530_math9_tuning",
            "2026-12-07T1530_math9_tuning",
        ]);
        assert_eq!(resolve_id(&f, "2026-11").unwrap().id, f[0].id);
        assert_eq!(
            resolve_id(&f, "2026-12-07T1530_math9_tuning.yaml")
                .unwrap()
                .id,
            f[1].id
        );
    }

    #[test]
    fn an_exact_name_wins_over_longer_names_it_prefixes() {
        let f = files(&["a_tuning", "a_tuning-2"]);
        assert_eq!(resolve_id(&f, "a_tuning").unwrap().id, "a_tuning");
    }

    #[test]
    fn an_ambiguous_prefix_lists_the_candidates() {
        let f = files(&[
            "2026-11-23T1530_math9_tuning",
            "2026-11-30T1530_math9_tuning",
        ]);
        let err = resolve_id(&f, "2026-11").unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, IdError::Ambiguous { .. }));
        assert!(msg.contains("matches 2 sessions"), "{msg}");
        assert!(msg.contains("2026-11-30T1530_math9_tuning"), "{msg}");
    }

    #[test]
    fn an_unknown_id_suggests_the_nearest() {
        let f = files(&[
            "2026-11-23T1530_math9_tuning",
            "2025-01-10T0900_sci7_consultancy",
        ]);
        let err = resolve_id(&f, "2026-11-32T1530_math9_tuning").unwrap_err();
        assert_eq!(
            err,
            IdError::NotFound {
                query: "2026-11-32T1530_math9_tuning".into(),
                suggestion: Some("2026-11-23T1530_math9_tuning".into())
            }
        );
        assert!(
            err.to_string()
                .contains("did you mean `2026-11-23T1530_math9_tuning`")
        );
        let far = resolve_id(&f, "zzz").unwrap_err();
        assert_eq!(far.to_string(), "no session `zzz`");
    }

    #[test]
    fn labels_read_the_way_a_person_says_them() {
        assert_eq!(
            status_label(Status::Completed, 20),
            "completed, rehearsal ×20"
        );
        assert_eq!(status_label(Status::EndedEarly, 1), "ended early");
    }
}
