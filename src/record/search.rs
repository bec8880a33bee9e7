//! Case-insensitive search over the text of every indexed session: notes,
//! focusing questions, work, check-in comments, plus/delta and action items.
//! Results carry short snippets with the matched ranges, so a list or the
//! terminal browser can highlight them.

use std::ops::Range;

use super::index::{IndexedSession, SessionIndex, SessionSummary};

/// Where in a session a match was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextField {
    FocusingQuestion,
    Work,
    /// A note: its position in the record's notes, phase and kind.
    Note {
        index: usize,
        phase: String,
        kind: String,
    },
    /// A norm check-in comment.
    Comment {
        norm: String,
    },
    Plus,
    Delta,
    Action,
}

impl TextField {
    /// A short label for lists: "note (Presentation, question)", "delta".
    pub fn label(&self) -> String {
        match self {
            TextField::FocusingQuestion => "focusing question".into(),
            TextField::Work => "work".into(),
            TextField::Note { phase, kind, .. } => format!("note ({phase}, {kind})"),
            TextField::Comment { norm } => format!("check-in comment ({norm})"),
            TextField::Plus => "plus".into(),
            TextField::Delta => "delta".into(),
            TextField::Action => "action item".into(),
        }
    }
}

/// One field that matched, as a snippet of at most about
/// [`SNIPPET_CHARS`] characters with the byte ranges of each match in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchMatch {
    pub field: TextField,
    pub snippet: String,
    /// Byte ranges into `snippet`, in order, never overlapping.
    pub highlights: Vec<Range<usize>>,
}

/// A session with at least one match.
#[derive(Debug, Clone)]
pub struct SearchHit<'a> {
    pub session: &'a IndexedSession,
    pub matches: Vec<SearchMatch>,
}

/// Snippets longer than this are cut around the first match.
pub const SNIPPET_CHARS: usize = 120;
/// Characters of context kept before the first match when cutting.
const LEAD_CHARS: usize = 40;

/// A prepared query: lower-cased once, searched many times.
#[derive(Debug, Clone)]
pub struct Query {
    needle: String,
    ascii: bool,
}

impl Query {
    /// `None` for a query that is empty or only spaces: it would match everything.
    pub fn new(text: &str) -> Option<Query> {
        let needle = text.trim().to_lowercase();
        if needle.is_empty() {
            return None;
        }
        Some(Query {
            ascii: needle.is_ascii(),
            needle,
        })
    }

    /// Byte ranges of every non-overlapping match in `hay`, ignoring case.
    pub fn find_all(&self, hay: &str) -> Vec<Range<usize>> {
        if self.ascii {
            find_ascii(hay.as_bytes(), self.needle.as_bytes())
        } else {
            find_unicode(hay, &self.needle)
        }
    }
}

/// The common case, fast: an ASCII needle compared byte by byte. Matches
/// always start and end on character boundaries because ASCII bytes never
/// occur inside a multi-byte UTF-8 character.
fn find_ascii(hay: &[u8], needle: &[u8]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let n = needle.len();
    let Some(&first) = needle.first() else {
        return found;
    };
    if hay.len() < n {
        return found;
    }
    let first_upper = first.to_ascii_uppercase();
    let mut i = 0;
    while i + n <= hay.len() {
        let b = hay[i];
        if (b == first || b == first_upper) && hay[i..i + n].eq_ignore_ascii_case(needle) {
            found.push(i..i + n);
            i += n;
        } else {
            i += 1;
        }
    }
    found
}

/// Any needle: lower-case the haystack while remembering, for every byte of
/// the lowered text, which original character it came from.
fn find_unicode(hay: &str, needle: &str) -> Vec<Range<usize>> {
    let mut lowered = String::with_capacity(hay.len());
    let mut origin: Vec<Range<usize>> = Vec::with_capacity(hay.len());
    for (i, c) in hay.char_indices() {
        let span = i..i + c.len_utf8();
        for l in c.to_lowercase() {
            lowered.push(l);
            origin.extend(std::iter::repeat_n(span.clone(), l.len_utf8()));
        }
    }
    lowered
        .match_indices(needle)
        .filter_map(|(start, m)| {
            let first = origin.get(start)?;
            let last = origin.get(start + m.len() - 1)?;
            Some(first.start..last.end)
        })
        .fold(Vec::new(), |mut acc: Vec<Range<usize>>, r| {
            // Two lowered matches can fall inside one original character.
            if acc.last().is_none_or(|prev| prev.end <= r.start) {
                acc.push(r);
            }
            acc
        })
}

/// Cuts `text` to a snippet around the first match, shifting the ranges.
pub fn snippet(text: &str, ranges: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    // Line breaks become spaces (same byte length) so a snippet stays on one line.
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if flat.chars().count() <= SNIPPET_CHARS {
        return (flat, ranges.to_vec());
    }
    let first = ranges.first().map_or(0, |r| r.start);
    let boundaries: Vec<usize> = flat
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(flat.len()))
        .collect();
    let first_char = boundaries.partition_point(|&b| b < first);
    let start_char = first_char.saturating_sub(LEAD_CHARS);
    let end_char = (start_char + SNIPPET_CHARS).min(boundaries.len() - 1);
    let (start, end) = (boundaries[start_char], boundaries[end_char]);
    let prefix = if start > 0 { "…" } else { "" };
    let suffix = if end < flat.len() { "…" } else { "" };
    let shift = prefix.len();
    let highlights = ranges
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start + shift..r.end - start + shift)
        .collect();
    (format!("{prefix}{}{suffix}", &flat[start..end]), highlights)
}

/// Every field of `summary` that matches `query`, in reading order.
pub fn search_summary(summary: &SessionSummary, query: &Query) -> Vec<SearchMatch> {
    let mut matches = Vec::new();
    let mut look = |field: TextField, text: &str| {
        let ranges = query.find_all(text);
        if !ranges.is_empty() {
            let (snippet, highlights) = snippet(text, &ranges);
            matches.push(SearchMatch {
                field,
                snippet,
                highlights,
            });
        }
    };
    if let Some(q) = &summary.focusing_question {
        look(TextField::FocusingQuestion, q);
    }
    if let Some(w) = &summary.work {
        look(TextField::Work, w);
    }
    for (index, n) in summary.notes.iter().enumerate() {
        // The cheap test first: building the field label costs two allocations.
        if query.find_all(&n.text).is_empty() {
            continue;
        }
        look(
            TextField::Note {
                index,
                phase: n.phase.clone(),
                kind: n.kind.clone(),
            },
            &n.text,
        );
    }
    for c in &summary.checkin {
        if let Some(comment) = &c.comment {
            look(
                TextField::Comment {
                    norm: c.norm.clone(),
                },
                comment,
            );
        }
    }
    for p in &summary.plus {
        look(TextField::Plus, p);
    }
    for d in &summary.delta {
        look(TextField::Delta, &d.text);
    }
    for a in &summary.actions {
        look(TextField::Action, &a.text);
    }
    matches
}

impl SessionIndex {
    /// Sessions whose text contains `query` (ignoring case), newest first.
    /// An empty query finds nothing.
    pub fn search(&self, query: &str) -> Vec<SearchHit<'_>> {
        let Some(query) = Query::new(query) else {
            return Vec::new();
        };
        self.sessions
            .iter()
            .filter_map(|session| {
                let matches = search_summary(&session.summary, &query);
                (!matches.is_empty()).then_some(SearchHit { session, matches })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Query {
        Query::new(s).unwrap()
    }

    #[test]
    fn matching_ignores_case_and_reports_every_occurrence() {
        assert_eq!(
            q("frame").find_all("Sentence FRAMES helped; frames again"),
            vec![9..14, 24..29]
        );
    }

    #[test]
    fn ranges_stay_on_character_boundaries_around_accents() {
        let hay = "Zoë Ärger: ärger";
        let ranges = q("ÄRGER").find_all(hay);
        assert_eq!(ranges.len(), 2);
        for r in &ranges {
            assert_eq!(hay[r.clone()].to_lowercase(), "ärger");
        }
        let ascii = q("ger").find_all(hay);
        assert_eq!(
            ascii.iter().map(|r| &hay[r.clone()]).collect::<Vec<_>>(),
            ["ger", "ger"]
        );
    }

    #[test]
    fn an_empty_query_finds_nothing() {
        assert!(Query::new("   ").is_none());
    }

    #[test]
    fn long_text_is_cut_around_the_first_match_and_ranges_follow() {
        let text = format!("{}needle{}", "a".repeat(200), "b".repeat(200));
        let ranges = q("NEEDLE").find_all(&text);
        let (snip, hl) = snippet(&text, &ranges);
        assert!(snip.starts_with('…') && snip.ends_with('…'), "{snip}");
        assert_eq!(hl.len(), 1);
        assert_eq!(&snip[hl[0].clone()], "needle");
        assert!(snip.chars().count() <= SNIPPET_CHARS + 2);
    }

    #[test]
    fn snippets_put_line_breaks_on_one_line() {
        let (snip, hl) = snippet("first\nsecond", &[Range { start: 6, end: 12 }]);
        assert_eq!(snip, "first second");
        assert_eq!(&snip[hl[0].clone()], "second");
    }
}
