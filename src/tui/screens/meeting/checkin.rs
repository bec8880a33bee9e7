//! The check-in as the room sees it: a fist-to-five per norm with an
//! optional comment, then plus/delta and action items. Shown during the
//! protocol's `checkin: true` phase (the clock keeps running), or after the
//! last phase when the protocol has none. The form's keys are
//! [`super::closing`]; what a line holds is [`crate::meeting::closing`].

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use tui_big_text::{BigText, PixelSize};

use crate::meeting::closing::{Row, rows};
use crate::meeting::session::NormRating;
use crate::text::{self, cut, pad, width};
use crate::tui::chrome::{FooterKey, draw_header, footer_line, wrap};
use crate::tui::keymap::{self, ACTION_DIALOG, CHECKIN, EDITOR, ITEM_EDITOR, RUNNER};
use crate::tui::screens::action_item;
use crate::tui::style::Styles;
use crate::tui::view::View;

use super::phase_layout::reflow;
use super::{MeetingScreen, Stage, attendance, minutes};

/// What the runner shows for a norm no one has rated yet: what to do next.
const TYPE_HANDS: &str = "no hands yet: type each person's 0–5";

/// The room's rating of a norm: count, average and spread, then the
/// distribution fist to five; a rating from an older record (one number)
/// shows without spread. Before any hand, `no_hands` stands there: the
/// runner adds what to type, the room screen does not.
pub(crate) fn room_spans(
    r: &NormRating,
    skipped_all: bool,
    no_hands: &'static str,
    s: Styles,
) -> Vec<Span<'static>> {
    if skipped_all || r.skipped {
        return vec![Span::styled("not checked today", s.muted())];
    }
    let Some(room) = r.room() else {
        return vec![Span::styled(no_hands, s.muted())];
    };
    // Padded so the distributions line up in a column.
    let mut spans = vec![Span::styled(pad(&room.label(), 25), s.accent())];
    let dist = room.distribution();
    if !dist.is_empty() {
        spans.push(Span::styled(format!("  {dist}"), s.text()));
    }
    spans
}

fn row_line(
    ms: &MeetingScreen,
    row: Row,
    selected: bool,
    s: Styles,
    width: usize,
) -> Line<'static> {
    let c = &ms.closing;
    let style = if selected { s.selected() } else { s.text() };
    let pointer = if selected { "▸ " } else { "  " };
    let meta = |owner: &Option<String>, due: Option<NaiveDate>| {
        let mut m = Vec::new();
        if let Some(o) = owner {
            m.push(o.clone());
        }
        if let Some(d) = due {
            m.push(format!("due {d}"));
        }
        if m.is_empty() {
            String::new()
        } else {
            format!(" ({})", m.join(", "))
        }
    };
    match row {
        Row::Norm(i) => {
            let Some(r) = c.checkin.get(i) else {
                return Line::default();
            };
            // Room for the rating (`6 votes · avg 3.8 · 2–5   0 0 1 1 3 1`).
            let longest = c
                .checkin
                .iter()
                .map(|r| text::width(&r.norm))
                .max()
                .unwrap_or(0);
            let name_w = longest.min(width.saturating_sub(44)).clamp(12, 40);
            let name = pad(&cut(&r.norm, name_w), name_w);
            let mut spans = vec![Span::styled(format!("{pointer}{name} "), style)];
            spans.extend(room_spans(r, c.checkin_skipped, TYPE_HANDS, s));
            if let Some(cm) = &r.comment {
                spans.push(Span::styled(format!("  “{cm}”"), s.muted()));
            }
            Line::from(spans)
        }
        Row::Plus(i) => Line::styled(
            format!("{pointer}+ {}", c.plus.get(i).cloned().unwrap_or_default()),
            style,
        ),
        Row::Delta(i) => {
            let d = c.delta.get(i);
            Line::styled(
                format!(
                    "{pointer}Δ {}{}",
                    d.map(|d| d.text.clone()).unwrap_or_default(),
                    d.map(|d| meta(&d.owner, None)).unwrap_or_default()
                ),
                style,
            )
        }
        Row::Action(i) => {
            let a = c.actions.get(i);
            let done = a.is_some_and(|a| a.done);
            Line::styled(
                format!(
                    "{pointer}{} {}{}{}",
                    if done { "✓" } else { "☐" },
                    a.map(|a| a.text.clone()).unwrap_or_default(),
                    a.map(|a| meta(&a.owner, a.due)).unwrap_or_default(),
                    if done { " done" } else { "" }
                ),
                style,
            )
        }
        Row::AddPlus => Line::styled(
            format!("{pointer}  add a plus (Enter)"),
            if selected { style } else { s.muted() },
        ),
        Row::AddDelta => Line::styled(
            format!("{pointer}  add a delta (Enter)"),
            if selected { style } else { s.muted() },
        ),
        Row::AddAction => Line::styled(
            format!("{pointer}  add an action item (Enter)"),
            if selected { style } else { s.muted() },
        ),
    }
}

/// The box around the norms and their tallies, titled with the scale, on
/// the runner's check-in and on the room screen alike.
pub(crate) fn checkin_block(s: Styles) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(Line::styled(
            " Norm check-in · fist-to-five: 0 not at all … 5 fully ",
            s.heading(),
        ))
}

pub(crate) fn draw(f: &mut Frame, view: &View<'_>, ms: &MeetingScreen) {
    let s = view.styles;
    f.render_widget(Block::new().style(s.base()), f.area());
    let (area, room_preview) = super::console::split_preview(f.area(), ms);
    if let Some(r) = room_preview {
        super::console::draw_preview(f, r, view, ms);
    }
    let m = &ms.meeting;
    let now = view.now;
    let timed = ms.stage == Stage::Running;
    let editor_h = if ms.form.editor.is_some() { 3 } else { 0 };
    let clock_h = if timed && area.height >= 34 { 4 } else { 0 };
    // The debrief's own words (its instructions and the questions asked
    // aloud) stay on the wall above the form: the check-in closes the
    // debrief, it does not replace it.
    let debrief = if timed {
        debrief_lines(ms, s, area.width.saturating_sub(2) as usize)
    } else {
        Vec::new()
    };
    let free = area.height.saturating_sub(3 + clock_h + editor_h);
    let debrief_h = if debrief.is_empty() || free < 8 {
        0
    } else {
        (debrief.len() as u16 + 2).min(free * 2 / 5)
    };
    let [header, bar, clock, debrief_area, body, editor, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(clock_h),
        Constraint::Length(debrief_h),
        Constraint::Fill(1),
        Constraint::Length(editor_h),
        Constraint::Length(1),
    ])
    .areas(area);

    let hv = super::console::header_view(view, room_preview.is_some());
    draw_header(f, header, &hv, &super::phase::header(view, ms));

    let state = m.clock_state(now);
    let bar_line = if timed {
        Line::from(vec![
            Span::styled(m.where_label().to_uppercase(), s.heading()),
            Span::styled("   ", s.text()),
            Span::styled(format!("{} ", state.label()), s.clock(state)),
            Span::styled(
                text::countdown(m.remaining(now).num_milliseconds()),
                s.clock(state),
            ),
            Span::styled(format!("  of {}", minutes(m.step().planned)), s.muted()),
        ])
    } else {
        Line::from(vec![
            Span::styled("CLOSING", s.heading()),
            Span::styled(
                "   the protocol is done; check in on the norms, then n to finish",
                s.muted(),
            ),
        ])
    };
    f.render_widget(Paragraph::new(bar_line), bar);
    if clock_h > 0 {
        f.render_widget(
            BigText::builder()
                .pixel_size(PixelSize::Quadrant)
                .centered()
                .style(s.clock(state))
                .lines(vec![Line::from(text::countdown(
                    m.remaining(now).num_milliseconds(),
                ))])
                .build(),
            clock,
        );
    }

    if debrief_h > 0 {
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(s.border())
            .title(Line::styled(format!(" {} ", m.phase().name), s.heading()));
        let inner = block.inner(debrief_area);
        f.render_widget(block, debrief_area);
        f.render_widget(Paragraph::new(debrief), inner);
    }

    let block = checkin_block(s);
    let inner = block.inner(body);
    f.render_widget(block, body);
    let all = rows(&ms.closing);
    // Section headings sit above the first line of each section.
    let mut lines: Vec<(Line, Option<usize>)> = Vec::new();
    for (i, row) in all.iter().enumerate() {
        let heading = match row {
            Row::Plus(0) => Some("Plus: what worked"),
            Row::AddPlus if ms.closing.plus.is_empty() => Some("Plus: what worked"),
            Row::Delta(0) => Some("Delta: what to change"),
            Row::AddDelta if ms.closing.delta.is_empty() => Some("Delta: what to change"),
            Row::Action(0) => Some("Action items"),
            Row::AddAction if ms.closing.actions.is_empty() => Some("Action items"),
            _ => None,
        };
        if let Some(h) = heading {
            lines.push((Line::default(), None));
            lines.push((Line::styled(h, s.heading()), None));
        }
        lines.push((
            row_line(ms, *row, i == ms.form.row, s, inner.width as usize),
            Some(i),
        ));
    }
    // The group's items from earlier meetings, after this meeting's lines.
    for (k, item) in ms.form.earlier.iter().enumerate() {
        if k == 0 {
            lines.push((Line::default(), None));
            lines.push((
                Line::from(vec![
                    Span::styled("Open from earlier meetings", s.heading()),
                    Span::styled("   Ctrl-D done · Ctrl-E drop, owner, due", s.muted()),
                ]),
                None,
            ));
        }
        let i = all.len() + k;
        let selected = i == ms.form.row;
        let mut spans = vec![Span::styled(if selected { "▸ " } else { "  " }, s.accent())];
        spans.extend(action_item::item_spans(
            item,
            if selected { s.selected() } else { s.text() },
            s,
        ));
        lines.push((Line::from(spans), Some(i)));
    }
    if ms.closing.checkin_skipped {
        lines.insert(
            0,
            (
                Line::styled(
                    "Check-in skipped this meeting (Ctrl-X to take it back up)",
                    s.accent(),
                ),
                None,
            ),
        );
    } else if all.iter().any(|r| matches!(r, Row::Norm(_))) {
        lines.insert(
            0,
            (
                Line::styled(
                    "A digit adds one person's 0–5 · Backspace takes one back · \
                     Ctrl-T in/out today · Ctrl-X skip all",
                    s.muted(),
                ),
                None,
            ),
        );
    }
    if all.iter().all(|r| !matches!(r, Row::Norm(_))) {
        lines.insert(
            0,
            (Line::styled("No norms to check in on.", s.muted()), None),
        );
    }
    let height = inner.height as usize;
    let selected_at = lines
        .iter()
        .position(|(_, i)| *i == Some(ms.form.row))
        .unwrap_or(0);
    let first = selected_at.saturating_sub(height.saturating_sub(2));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(first)
        .take(height)
        .map(|(l, _)| l)
        .collect();
    f.render_widget(Paragraph::new(shown), inner);

    if let Some(ed) = &ms.form.editor
        && editor.height > 0
    {
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(s.accent())
            .title(Line::styled(format!(" {} ", ed.title()), s.accent()));
        let inner = block.inner(editor);
        f.render_widget(block, editor);
        let n = ed.fields.len() as u16;
        let cols = Layout::horizontal((0..n).map(|i| {
            if i == 0 {
                Constraint::Fill(3)
            } else {
                Constraint::Fill(1)
            }
        }))
        .split(inner);
        for (i, ((label, t), col)) in ed.fields.iter().zip(cols.iter()).enumerate() {
            let label_w = (width(label) as u16 + 2).min(col.width);
            let focused = i == ed.focus;
            f.render_widget(
                Paragraph::new(Span::styled(
                    format!("{label}: "),
                    if focused { s.accent() } else { s.muted() },
                )),
                Rect::new(col.x, col.y, label_w, 1),
            );
            if col.width > label_w + 1 {
                f.render_widget(
                    t,
                    Rect::new(col.x + label_w, col.y, col.width - label_w - 1, 1),
                );
            }
        }
    }

    if let Some((_, d)) = &ms.form.dialog {
        action_item::draw(f, body, s, d);
    }
    attendance::draw_over(f, s, ms);
    let keys: Vec<FooterKey> = if ms.attendance.is_some() {
        attendance::footer_keys()
    } else if ms.form.dialog.is_some() {
        keymap::footer(ACTION_DIALOG)
    } else if ms.form.editor.is_some() {
        keymap::footer(ITEM_EDITOR)
    } else if ms.editor.is_some() {
        // A note (a decision in an agenda's plus/delta) written over the form.
        keymap::footer(EDITOR)
    } else {
        let mut k = keymap::footer(CHECKIN);
        k.push((
            "n".into(),
            if timed && !m.is_last_step() {
                "next".into()
            } else {
                "finish".into()
            },
        ));
        k.extend(
            keymap::footer(RUNNER)
                .into_iter()
                .filter(|(_, w)| matches!(w.as_str(), "pause" | "help" | "quit"))
                .filter(|(_, w)| timed || w != "pause"),
        );
        // Last, the first to give way: the note kinds with a key this phase
        // offers (every agenda item offers a decision); Enter is the form's.
        if timed {
            k.extend(
                m.protocol
                    .keyed_kinds(m.phase())
                    .into_iter()
                    .filter_map(|kind| Some((kind.key?.to_string(), kind.label.to_lowercase()))),
            );
        }
        k
    };
    footer_line(f, footer, s, &keys);
}

/// The check-in phase's instructions and prompts (and, in the facilitator
/// view, its notes), wrapped to `cols` by display width.
fn debrief_lines(ms: &MeetingScreen, s: Styles, cols: usize) -> Vec<Line<'static>> {
    let phase = ms.meeting.phase();
    let mut lines: Vec<Line<'static>> = Vec::new();
    // Who has the floor and who listens silently, as on every other phase;
    // "everyone speaks" goes without saying here, where the form needs rows.
    let room =
        crate::meeting::floor::floor(&ms.meeting.protocol, ms.meeting.step(), &ms.setup.roles);
    let everyone = phase
        .speaker
        .as_ref()
        .is_some_and(|sp| sp.ids() == [crate::protocol::model::EVERYONE]);
    let speaking = room.speaking.filter(|_| !everyone);
    for t in speaking.into_iter().chain(room.silent).chain(room.circles) {
        lines.extend(
            wrap(&t, cols)
                .into_iter()
                .map(|l| Line::styled(l, s.accent())),
        );
    }
    if let Some(ins) = &phase.instructions {
        for para in reflow(ins) {
            lines.extend(
                wrap(&para, cols)
                    .into_iter()
                    .map(|l| Line::styled(l, s.text())),
            );
        }
    }
    for p in &phase.prompts {
        for (i, l) in wrap(p, cols.saturating_sub(2)).into_iter().enumerate() {
            lines.push(Line::from(vec![
                Span::styled(if i == 0 { "› " } else { "  " }, s.accent()),
                Span::styled(l, s.text()),
            ]));
        }
    }
    if !ms.projecting
        && let Some(fac) = &phase.facilitator_notes
    {
        lines.push(Line::styled(
            "FACILITATOR NOTES (hidden when projecting)",
            s.error(),
        ));
        for para in reflow(fac) {
            lines.extend(
                wrap(&para, cols)
                    .into_iter()
                    .map(|l| Line::styled(l, s.text())),
            );
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_out_of_range_from_a_record_is_drawn_as_five_not_a_panic() {
        let s = Styles::new(&crate::theme::Theme::fallback());
        let r = NormRating {
            rating: Some(200),
            ..NormRating::new("Share airtime")
        };
        let text: String = room_spans(&r, false, TYPE_HANDS, s)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(text, "avg 5.0 (one room rating)");
        let text: String = room_spans(&r, true, TYPE_HANDS, s)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(text, "not checked today");
    }
}
