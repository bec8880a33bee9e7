//! Editing how a meeting closes, line by line: a comment on a norm, a
//! plus, a delta with who sees to it, an action item with who and when.
//! The check-in screen shows [`rows`] and hands typed fields to [`save`];
//! everything here is pure and tested without a terminal.

use chrono::{NaiveDate, TimeDelta};

use super::session::{ActionItem, Closing, Delta};

/// A line of the check-in: an existing entry, or the line that adds one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Norm(usize),
    Plus(usize),
    AddPlus,
    Delta(usize),
    AddDelta,
    Action(usize),
    AddAction,
}

impl Row {
    /// The heading of the editor that writes this line.
    pub fn title(self) -> &'static str {
        match self {
            Row::Norm(_) => "Comment on this norm",
            Row::Plus(_) | Row::AddPlus => "Plus: what worked",
            Row::Delta(_) | Row::AddDelta => "Delta: what to change",
            Row::Action(_) | Row::AddAction => "Action item",
        }
    }

    /// True for the lines that add an entry rather than hold one.
    pub fn adds(self) -> bool {
        matches!(self, Row::AddPlus | Row::AddDelta | Row::AddAction)
    }

    /// True for the lines that can be taken out (pluses, deltas, actions).
    pub fn removable(self) -> bool {
        matches!(self, Row::Plus(_) | Row::Delta(_) | Row::Action(_))
    }

    /// The entry's index; an "add" line has none, so it always appends.
    fn index(self) -> usize {
        match self {
            Row::Norm(i) | Row::Plus(i) | Row::Delta(i) | Row::Action(i) => i,
            Row::AddPlus | Row::AddDelta | Row::AddAction => usize::MAX,
        }
    }
}

/// Every line, in order: norms, pluses, deltas, actions, each list ending
/// in its "add" line.
pub fn rows(c: &Closing) -> Vec<Row> {
    let mut r: Vec<Row> = (0..c.checkin.len()).map(Row::Norm).collect();
    r.extend((0..c.plus.len()).map(Row::Plus));
    r.push(Row::AddPlus);
    r.extend((0..c.delta.len()).map(Row::Delta));
    r.push(Row::AddDelta);
    r.extend((0..c.actions.len()).map(Row::Action));
    r.push(Row::AddAction);
    r
}

/// The fields an editor of `row` offers, with what they hold now.
pub fn fields(c: &Closing, row: Row) -> Vec<(&'static str, String)> {
    match row {
        Row::Norm(i) => vec![(
            "Comment",
            c.checkin
                .get(i)
                .and_then(|r| r.comment.clone())
                .unwrap_or_default(),
        )],
        Row::Plus(i) => vec![("What worked", c.plus.get(i).cloned().unwrap_or_default())],
        Row::AddPlus => vec![("What worked", String::new())],
        Row::Delta(_) | Row::AddDelta => {
            let d = c.delta.get(row.index());
            vec![
                (
                    "What to change",
                    d.map(|d| d.text.clone()).unwrap_or_default(),
                ),
                (
                    "Who sees to it",
                    d.and_then(|d| d.owner.clone()).unwrap_or_default(),
                ),
            ]
        }
        Row::Action(_) | Row::AddAction => {
            let a = c.actions.get(row.index());
            vec![
                ("What", a.map(|a| a.text.clone()).unwrap_or_default()),
                ("Who", a.and_then(|a| a.owner.clone()).unwrap_or_default()),
                (
                    "Due",
                    a.and_then(|a| a.due)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
            ]
        }
    }
}

/// What was typed into a line's fields, trimmed; empty fields are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub what: Option<String>,
    pub who: Option<String>,
    pub due: Option<String>,
}

/// Writes a line into the closing. An error says what is missing or
/// wrong, and changes nothing.
pub fn save(c: &mut Closing, row: Row, typed: Typed, today: NaiveDate) -> Result<(), String> {
    let Typed { what, who, due } = typed;
    match row {
        Row::Norm(i) => {
            if let Some(r) = c.checkin.get_mut(i) {
                r.comment = what;
            }
        }
        Row::Plus(i) => {
            let t = what.ok_or("Write what worked, or Esc")?;
            if let Some(p) = c.plus.get_mut(i) {
                *p = t;
            }
        }
        Row::AddPlus => c.plus.push(what.ok_or("Write what worked, or Esc")?),
        Row::Delta(_) | Row::AddDelta => {
            let delta = Delta {
                text: what.ok_or("Write what to change, or Esc")?,
                owner: who,
            };
            match c.delta.get_mut(row.index()) {
                Some(d) => *d = delta,
                None => c.delta.push(delta),
            }
        }
        Row::Action(_) | Row::AddAction => {
            let due = parse_due(due.as_deref().unwrap_or_default(), today)?;
            let item = ActionItem {
                text: what.ok_or("Write the action, or Esc")?,
                owner: who,
                due,
                done: false,
            };
            match c.actions.get_mut(row.index()) {
                Some(a) => *a = item,
                None => c.actions.push(item),
            }
        }
    }
    Ok(())
}

/// Takes a plus, delta or action item out; other lines stay.
pub fn remove(c: &mut Closing, row: Row) {
    match row {
        Row::Plus(i) if i < c.plus.len() => {
            c.plus.remove(i);
        }
        Row::Delta(i) if i < c.delta.len() => {
            c.delta.remove(i);
        }
        Row::Action(i) if i < c.actions.len() => {
            c.actions.remove(i);
        }
        _ => {}
    }
}

/// Adds one person's fist-to-five (0 to 5) to norm `i`; `None` for a
/// digit outside fist-to-five. A norm left out of today's check-in is
/// taken back in: the room is rating it.
pub fn rate(c: &mut Closing, i: usize, digit: u32) -> Option<()> {
    let n = usize::try_from(digit).ok().filter(|d| *d <= 5)?;
    if let Some(r) = c.checkin.get_mut(i) {
        let mut votes = r.votes.unwrap_or_default();
        if let Some(v) = votes.get_mut(n) {
            *v = v.saturating_add(1);
        }
        r.votes = Some(votes);
        r.skipped = false;
        c.checkin_skipped = false;
    }
    Some(())
}

/// Takes back one rating from norm `i` (Backspace): `last`, the digit
/// typed last, when the screen knows it, else the highest given. A rating
/// read from an older record (one number) is cleared. False when there
/// was none.
pub fn unrate(c: &mut Closing, i: usize, last: Option<u32>) -> bool {
    let Some(r) = c.checkin.get_mut(i) else {
        return false;
    };
    if let Some(mut votes) = r.votes {
        // The last digit typed, else (a record read back) the highest given.
        let last = last
            .and_then(|d| usize::try_from(d).ok())
            .filter(|d| votes.get(*d).is_some_and(|v| *v > 0))
            .or_else(|| (0..6).rev().find(|d| votes.get(*d).is_some_and(|v| *v > 0)));
        if let Some(v) = last.and_then(|d| votes.get_mut(d)) {
            *v -= 1;
            r.votes = votes.iter().any(|v| *v > 0).then_some(votes);
            return true;
        }
        r.votes = None;
    }
    r.rating.take().is_some()
}

/// Takes norm `i` in or out of today's check-in; its ratings stay, but a
/// norm left out is recorded as not checked.
pub fn toggle(c: &mut Closing, i: usize) {
    if let Some(r) = c.checkin.get_mut(i) {
        r.skipped = !r.skipped;
    }
}

/// Skips the whole check-in this meeting, or takes it back up.
pub fn skip_checkin(c: &mut Closing) {
    c.checkin_skipped = !c.checkin_skipped;
}

/// A due date as typed: `2026-12-01`, `+7` (days from today), or empty.
pub fn parse_due(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(days) = t.strip_prefix('+') {
        return days
            .parse::<i64>()
            .ok()
            .filter(|d| (0..=3650).contains(d))
            .map(|d| Some(today + TimeDelta::days(d)))
            .ok_or_else(|| format!("`{t}` is not a number of days; write e.g. +7"));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("`{t}` is not a date; write 2026-12-01, or +7 for a week from today"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn typed(what: &str, who: &str, due: &str) -> Typed {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Typed {
            what: some(what),
            who: some(who),
            due: some(due),
        }
    }

    fn closing() -> Closing {
        Closing::for_norms(&["Share airtime".to_string()])
    }

    #[test]
    fn due_dates_accept_iso_dates_and_days_from_today() {
        let today = today();
        assert_eq!(
            parse_due("2026-12-01", today),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 1))
        );
        assert_eq!(
            parse_due("+7", today),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 30))
        );
        assert_eq!(parse_due("  ", today), Ok(None));
        assert!(
            parse_due("next week", today)
                .unwrap_err()
                .contains("not a date")
        );
        assert!(parse_due("+x", today).is_err());
        assert!(parse_due("+99999", today).is_err(), "ten years at most");
    }

    #[test]
    fn rows_end_each_list_with_its_add_line() {
        let mut c = closing();
        c.plus.push("Timing".into());
        assert_eq!(
            rows(&c),
            vec![
                Row::Norm(0),
                Row::Plus(0),
                Row::AddPlus,
                Row::AddDelta,
                Row::AddAction
            ]
        );
    }

    #[test]
    fn an_add_line_appends_and_an_entry_line_replaces() {
        let mut c = closing();
        save(
            &mut c,
            Row::AddDelta,
            typed("Start sooner", "Ana", ""),
            today(),
        )
        .unwrap();
        save(
            &mut c,
            Row::AddDelta,
            typed("Shorter rounds", "", ""),
            today(),
        )
        .unwrap();
        save(
            &mut c,
            Row::Delta(0),
            typed("Start on time", "Ben", ""),
            today(),
        )
        .unwrap();
        assert_eq!(c.delta.len(), 2);
        assert_eq!(c.delta[0].text, "Start on time");
        assert_eq!(c.delta[0].owner.as_deref(), Some("Ben"));
        assert_eq!(c.delta[1].owner, None);
    }

    #[test]
    fn an_action_takes_its_due_date_from_days_from_today() {
        let mut c = closing();
        save(
            &mut c,
            Row::AddAction,
            typed("Bring samples", "Chen", "+7"),
            today(),
        )
        .unwrap();
        assert_eq!(c.actions[0].due, NaiveDate::from_ymd_opt(2026, 11, 30));
        assert_eq!(fields(&c, Row::Action(0))[2].1, "2026-11-30");
    }

    #[test]
    fn a_bad_line_is_refused_and_changes_nothing() {
        let mut c = closing();
        let before = c.clone();
        let err = save(
            &mut c,
            Row::AddAction,
            typed("Bring samples", "", "soon"),
            today(),
        );
        assert!(err.unwrap_err().contains("not a date"));
        assert!(save(&mut c, Row::AddPlus, Typed::default(), today()).is_err());
        assert_eq!(c, before);
    }

    #[test]
    fn a_comment_can_be_cleared_and_ratings_stop_at_five() {
        let mut c = closing();
        save(&mut c, Row::Norm(0), typed("mostly", "", ""), today()).unwrap();
        assert_eq!(c.checkin[0].comment.as_deref(), Some("mostly"));
        save(&mut c, Row::Norm(0), Typed::default(), today()).unwrap();
        assert_eq!(c.checkin[0].comment, None);
        assert_eq!(rate(&mut c, 0, 4), Some(()));
        assert_eq!(rate(&mut c, 0, 6), None);
        assert_eq!(c.checkin[0].votes, Some([0, 0, 0, 0, 1, 0]));
    }

    #[test]
    fn each_digit_adds_one_person_and_the_room_shows_count_average_and_spread() {
        let mut c = closing();
        for d in [3, 5, 4, 2, 4, 4] {
            rate(&mut c, 0, d).unwrap();
        }
        let room = c.checkin[0].room().unwrap();
        assert_eq!(room.votes(), Some(6));
        assert_eq!((room.low, room.high), (2, 5));
        assert!((room.average - 22.0 / 6.0).abs() < 1e-9);
        assert_eq!(room.label(), "6 votes · avg 3.7 · 2–5");
        assert_eq!(room.distribution(), "0 0 1 1 3 1");
    }

    #[test]
    fn a_room_that_agrees_shows_one_value_and_one_vote_is_singular() {
        let mut c = closing();
        rate(&mut c, 0, 0).unwrap();
        assert_eq!(
            c.checkin[0].room().unwrap().label(),
            "1 vote · avg 0.0 · all 0"
        );
        rate(&mut c, 0, 0).unwrap();
        assert_eq!(
            c.checkin[0].room().unwrap().label(),
            "2 votes · avg 0.0 · all 0"
        );
    }

    #[test]
    fn backspace_takes_back_the_last_digit_or_else_the_highest() {
        let mut c = closing();
        for d in [1, 5, 3] {
            rate(&mut c, 0, d).unwrap();
        }
        assert!(unrate(&mut c, 0, Some(3)));
        assert_eq!(c.checkin[0].votes, Some([0, 1, 0, 0, 0, 1]));
        assert!(
            unrate(&mut c, 0, None),
            "no last digit known: the highest goes"
        );
        assert_eq!(c.checkin[0].votes, Some([0, 1, 0, 0, 0, 0]));
        assert!(
            unrate(&mut c, 0, Some(4)),
            "a digit no longer there: the highest"
        );
        assert_eq!(c.checkin[0].votes, None, "nobody left: unrated");
        assert!(!unrate(&mut c, 0, None));
        assert!(!unrate(&mut c, 9, None));
    }

    #[test]
    fn an_older_single_rating_is_cleared_by_backspace() {
        let mut c = closing();
        c.checkin[0].rating = Some(4);
        let room = c.checkin[0].room().unwrap();
        assert_eq!(
            (room.votes(), room.label()),
            (None, "avg 4.0 (one room rating)".into())
        );
        assert!(unrate(&mut c, 0, None));
        assert_eq!(c.checkin[0].room(), None);
    }

    #[test]
    fn norms_can_be_left_out_and_the_check_in_skipped() {
        let mut c = Closing::for_norms(&["Share airtime".to_string(), "Be present".to_string()]);
        rate(&mut c, 0, 4).unwrap();
        toggle(&mut c, 0);
        assert!(c.checkin[0].skipped);
        assert_eq!(c.checkin[0].room(), None, "left out: not rated today");
        toggle(&mut c, 0);
        assert_eq!(
            c.checkin[0].room().unwrap().votes(),
            Some(1),
            "ratings kept"
        );
        toggle(&mut c, 1);
        rate(&mut c, 1, 2).unwrap();
        assert!(!c.checkin[1].skipped, "rating a norm takes it back in");
        skip_checkin(&mut c);
        assert!(c.checkin_skipped);
        skip_checkin(&mut c);
        assert!(!c.checkin_skipped);
    }

    #[test]
    fn removing_takes_out_only_entries_in_range() {
        let mut c = closing();
        c.plus = vec!["a".into(), "b".into()];
        remove(&mut c, Row::Plus(0));
        remove(&mut c, Row::Plus(5));
        remove(&mut c, Row::Norm(0));
        assert_eq!(c.plus, vec!["b".to_string()]);
        assert_eq!(c.checkin.len(), 1);
    }
}
