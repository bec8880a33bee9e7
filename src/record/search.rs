//! Search over every indexed session: notes, focusing questions, work,
//! check-in comments, plus/delta, action items, and the names in it (the
//! group, who held each role, who was there, away or a guest).
//!
//! A query is words, each of which must appear somewhere in the session
//! (not necessarily in the same field, nor in order); a "quoted phrase" must
//! appear as written. Case and accents are ignored: `zoe` finds "Zoë" and
//! `bronte` "Brontë". Results carry short snippets with the matched ranges,
//! so a list or the terminal browser can highlight them.

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
    /// The group's name.
    Group,
    /// Who held a role: the presenter, the facilitator, a protocol's role.
    Role {
        role: String,
    },
    /// Who was there, as the attendance lists them.
    Present,
    Absent,
    Guests,
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
            TextField::Group => "group".into(),
            TextField::Role { role } => role.replace(['-', '_'], " "),
            TextField::Present => "present".into(),
            TextField::Absent => "absent".into(),
            TextField::Guests => "guests".into(),
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

/// A prepared query: its words and phrases folded once, searched many times.
#[derive(Debug, Clone)]
pub struct Query {
    /// Folded (see [`fold_into`]); never empty, each never empty.
    terms: Vec<String>,
}

impl Query {
    /// `None` for a query that is empty or only spaces: it would match everything.
    pub fn new(text: &str) -> Option<Query> {
        let mut terms: Vec<String> = Vec::new();
        for (i, part) in text.split('"').enumerate() {
            // Odd parts were between quotes (an unclosed quote runs to the end).
            let words: Vec<&str> = part.split_whitespace().collect();
            if i % 2 == 1 {
                terms.push(fold(&words.join(" ")));
            } else {
                terms.extend(words.into_iter().map(fold));
            }
        }
        terms.retain(|t| !t.is_empty());
        terms.sort();
        terms.dedup();
        (!terms.is_empty()).then_some(Query { terms })
    }

    /// Byte ranges of every non-overlapping match of any word in `hay`,
    /// in order, ignoring case and accents.
    pub fn find_all(&self, hay: &str) -> Vec<Range<usize>> {
        self.find_terms(hay, &mut Vec::new())
    }

    /// Like [`Query::find_all`], and marks in `found` (one flag per term)
    /// each term that occurs in `hay`.
    fn find_terms(&self, hay: &str, found: &mut Vec<bool>) -> Vec<Range<usize>> {
        found.resize(self.terms.len(), false);
        let mut all: Vec<Range<usize>> = Vec::new();
        if hay.is_ascii() {
            for (t, term) in self.terms.iter().enumerate() {
                // A folded term with other letters cannot occur in ASCII text.
                if term.is_ascii() {
                    let ranges = find_ascii(hay.as_bytes(), term.as_bytes());
                    found[t] |= !ranges.is_empty();
                    all.extend(ranges);
                }
            }
        } else {
            // Most text matches nothing: fold it plainly first, and map
            // matches back to the original only when there are some.
            let plain = fold(hay);
            if !self.terms.iter().any(|t| plain.contains(t.as_str())) {
                return all;
            }
            let folded = Folded::of(hay);
            for (t, term) in self.terms.iter().enumerate() {
                let ranges = folded.find(term);
                found[t] |= !ranges.is_empty();
                all.extend(ranges);
            }
        }
        if all.len() < 2 {
            return all;
        }
        all.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        all.into_iter()
            .fold(Vec::new(), |mut acc: Vec<Range<usize>>, r| {
                match acc.last_mut() {
                    // Two words can overlap ("ana" and "nan" in "banana"): one mark.
                    Some(prev) if r.start < prev.end => prev.end = prev.end.max(r.end),
                    _ => acc.push(r),
                }
                acc
            })
    }
}

/// `s` with case and accents folded away: lower case, letters of the Latin
/// alphabets without their marks (`Zoë` → `zoe`, `Łukasz` → `lukasz`,
/// `Straße` → `strasse`), combining marks dropped, line breaks and tabs as spaces.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_into(c, &mut out);
    }
    out
}

/// Appends the folded form of `c` to `out`.
///
/// The accents are folded with a table of Latin-1 and Latin Extended-A
/// rather than full Unicode decomposition: those two blocks hold the
/// letters of the names and words teachers type in the languages plg is
/// used in, the table is a few lines, and it keeps the dependency tree as it
/// is. Text written with separate combining marks (`e` + U+0301) folds too,
/// since the marks are dropped. Other scripts are only lower-cased.
fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(match c {
            '\n' | '\r' | '\t' => ' ',
            c => c.to_ascii_lowercase(),
        });
        return;
    }
    if is_combining_mark(c) {
        return;
    }
    for l in c.to_lowercase() {
        if is_combining_mark(l) {
            continue;
        }
        match base_letters(l) {
            Some(base) => out.push_str(base),
            None => out.push(l),
        }
    }
}

/// Marks that combine with the letter before them (U+0300–U+036F).
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The plain letters of a lower-case accented letter of Latin-1 or Latin Extended-A.
fn base_letters(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ð' | 'ď' | 'đ' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ß' => "ss",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// The common case, fast: an ASCII needle compared byte by byte. Matches
/// always start and end on character boundaries because ASCII bytes never
/// occur inside a multi-byte UTF-8 character. Line breaks and tabs in the
/// text match a space in the needle, as they do when folded.
fn find_ascii(hay: &[u8], needle: &[u8]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let n = needle.len();
    let Some((&first, rest)) = needle.split_first() else {
        return found;
    };
    let Some(last) = hay.len().checked_sub(n) else {
        return found;
    };
    // A term never starts with a space (words are trimmed), so its first
    // byte is looked for alone first: the tight loop most text goes through.
    let upper = first.to_ascii_uppercase();
    let same = |h: u8, c: u8| {
        h.to_ascii_lowercase() == c || (c == b' ' && matches!(h, b'\n' | b'\r' | b'\t'))
    };
    let mut i = 0;
    while i <= last {
        let Some(skip) = hay[i..=last].iter().position(|&b| b == first || b == upper) else {
            break;
        };
        i += skip;
        if hay[i + 1..i + n]
            .iter()
            .zip(rest)
            .all(|(h, c)| same(*h, *c))
        {
            found.push(i..i + n);
            i += n;
        } else {
            i += 1;
        }
    }
    found
}

/// Text folded for searching, remembering for every byte of the folded text
/// which bytes of the original it came from, so matches map back.
struct Folded {
    text: String,
    origin: Vec<Range<usize>>,
}

impl Folded {
    fn of(hay: &str) -> Folded {
        let mut text = String::with_capacity(hay.len());
        let mut origin: Vec<Range<usize>> = Vec::with_capacity(hay.len());
        let mut last_start = 0;
        for (i, c) in hay.char_indices() {
            let span = i..i + c.len_utf8();
            let before = text.len();
            fold_into(c, &mut text);
            if text.len() == before {
                // A mark folded away belongs to the letter before it, so a
                // match on that letter highlights the mark too.
                for o in &mut origin[last_start..] {
                    o.end = span.end;
                }
                continue;
            }
            last_start = origin.len();
            origin.extend(std::iter::repeat_n(span, text.len() - before));
        }
        Folded { text, origin }
    }

    fn find(&self, term: &str) -> Vec<Range<usize>> {
        self.text
            .match_indices(term)
            .filter_map(|(start, m)| {
                let first = self.origin.get(start)?;
                let last = self.origin.get(start + m.len() - 1)?;
                Some(first.start..last.end)
            })
            .fold(Vec::new(), |mut acc: Vec<Range<usize>>, r| {
                // Two folded matches can fall inside one original character.
                if acc.last().is_none_or(|prev| prev.end <= r.start) {
                    acc.push(r);
                }
                acc
            })
    }
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

/// Every field of `summary` that holds a word of `query`, in reading order
/// (the names last), when every word occurs somewhere in the session;
/// nothing otherwise.
pub fn search_summary(summary: &SessionSummary, query: &Query) -> Vec<SearchMatch> {
    let mut matches = Vec::new();
    let mut found = Vec::new();
    let mut look = |field: &dyn Fn() -> TextField, text: &str| {
        let ranges = query.find_terms(text, &mut found);
        if !ranges.is_empty() {
            let (snippet, highlights) = snippet(text, &ranges);
            matches.push(SearchMatch {
                // Built only for a match: a note's label costs two allocations.
                field: field(),
                snippet,
                highlights,
            });
        }
    };
    if let Some(q) = &summary.focusing_question {
        look(&|| TextField::FocusingQuestion, q);
    }
    if let Some(w) = &summary.work {
        look(&|| TextField::Work, w);
    }
    for (index, n) in summary.notes.iter().enumerate() {
        look(
            &|| TextField::Note {
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
                &|| TextField::Comment {
                    norm: c.norm.clone(),
                },
                comment,
            );
        }
    }
    for p in &summary.plus {
        look(&|| TextField::Plus, p);
    }
    for d in &summary.delta {
        look(&|| TextField::Delta, &d.text);
    }
    for a in &summary.actions {
        look(&|| TextField::Action, &a.text);
    }
    if let Some(g) = &summary.group {
        look(&|| TextField::Group, &g.name);
    }
    for r in &summary.roles {
        look(
            &|| TextField::Role {
                role: r.role.clone(),
            },
            &r.person,
        );
    }
    let a = &summary.attendance;
    for (field, people) in [
        (TextField::Present, &a.present),
        (TextField::Absent, &a.absent),
        (TextField::Guests, &a.guests),
    ] {
        if !people.is_empty() {
            look(&|| field.clone(), &people.join(", "));
        }
    }
    if found.iter().all(|f| *f) {
        matches
    } else {
        Vec::new()
    }
}

impl SessionIndex {
    /// Sessions that hold every word of `query` (ignoring case and
    /// accents), newest first. An empty query finds nothing.
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
        assert!(Query::new(" \"\" ").is_none());
    }

    #[test]
    fn accents_and_case_are_ignored_both_ways() {
        let found = |query: &str, hay: &str| {
            q(query)
                .find_all(hay)
                .iter()
                .map(|r| hay[r.clone()].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(found("zoe", "Met with Zoë Brontë"), ["Zoë"]);
        assert_eq!(found("BRONTE", "Met with Zoë Brontë"), ["Brontë"]);
        assert_eq!(found("zoë", "zoe and ZOE"), ["zoe", "ZOE"]);
        assert_eq!(found("lukasz", "Łukasz Żak"), ["Łukasz"]);
        assert_eq!(found("strasse", "Hauptstraße"), ["straße"]);
        assert_eq!(found("jose", "José Núñez"), ["José"]);
        // A letter followed by a separate combining mark: the mark is highlighted with it.
        assert_eq!(found("zoe", "Zoe\u{308} came"), ["Zoe\u{308}"]);
        // Other scripts are matched as written.
        assert_eq!(found("佐藤", "佐藤花子と張偉"), ["佐藤"]);
        assert_eq!(fold("Ana RUIZ\tÆsir"), "ana ruiz aesir");
    }

    #[test]
    fn words_are_found_anywhere_and_phrases_as_written() {
        let query = q("  exit   Tickets ");
        let mut found = Vec::new();
        query.find_terms("tickets at the exit", &mut found);
        assert_eq!(found, [true, true]);
        let phrase = q("\"exit tickets\"");
        assert!(phrase.find_all("tickets at the exit").is_empty());
        assert_eq!(phrase.find_all("our exit\ntickets"), vec![4..16]);
        // An unclosed quote runs to the end.
        let open = q("frames \"exit tick");
        let mut found = Vec::new();
        open.find_terms("exit tickets", &mut found);
        assert_eq!(found.iter().filter(|f| **f).count(), 1);
    }

    #[test]
    fn overlapping_words_make_one_highlight() {
        assert_eq!(q("ana nan").find_all("banana"), vec![1..5]);
    }

    /// A real record, read back, with the names and texts these tests need.
    fn summary() -> SessionSummary {
        use crate::meeting::session::{Attendance, GroupRef, RoleAssignment};
        let record = crate::record::read::parse(include_str!(
            "../../tests/fixtures/sessions/2026-09-08T1515_math9_tuning.yaml"
        ))
        .unwrap();
        let mut s = SessionSummary::of(&record);
        s.group = Some(GroupRef {
            id: "sci7".into(),
            name: "Science Seven".into(),
            focus: None,
        });
        s.attendance = Attendance {
            present: vec!["Zoë Brontë".into(), "佐藤花子".into()],
            absent: vec!["Ana Ruiz".into()],
            guests: vec!["김민준".into()],
            ..Attendance::default()
        };
        s.roles = vec![RoleAssignment {
            role: "presenter".into(),
            person: "Zoë Brontë".into(),
        }];
        s.focusing_question = Some("How do sentence frames help?".into());
        s.work = None;
        s.notes.clear();
        s.checkin.clear();
        s.plus = vec!["Exit tickets were quick".into()];
        s.delta.clear();
        s.actions.clear();
        s
    }

    fn fields(query: &str) -> Vec<String> {
        search_summary(&summary(), &q(query))
            .iter()
            .map(|m| m.field.label())
            .collect()
    }

    #[test]
    fn every_word_must_be_somewhere_in_the_session() {
        assert_eq!(fields("frames tickets"), ["focusing question", "plus"]);
        assert!(fields("frames homework").is_empty());
        assert!(fields("\"frames tickets\"").is_empty());
    }

    #[test]
    fn names_are_searched_too() {
        assert_eq!(fields("bronte"), ["presenter", "present"]);
        assert_eq!(fields("ruiz"), ["absent"]);
        assert_eq!(fields("김민준"), ["guests"]);
        assert_eq!(fields("science"), ["group"]);
        assert_eq!(
            fields("zoe frames"),
            ["focusing question", "presenter", "present"]
        );
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
