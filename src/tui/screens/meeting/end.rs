//! The end of the meeting: planned against actual time per phase, notes per
//! kind, and where the record was saved.

use chrono::TimeDelta;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph};

use crate::text::{clock, cut, pad, width};
use crate::tui::chrome::{footer_line, header_line};
use crate::tui::keymap::{self, END};
use crate::tui::view::View;

use super::MeetingScreen;

const TOTAL_LABEL: &str = "Meeting (pauses included)";

fn signed(d: TimeDelta) -> String {
    let s = d.num_seconds();
    if s >= 0 {
        format!("+{}", clock(s.unsigned_abs()))
    } else {
        format!("−{}", clock(s.unsigned_abs()))
    }
}

/// One row of the table: planned, actual and the difference, or "skipped".
fn row(
    name: &str,
    planned: i64,
    actual: i64,
    visited: bool,
    name_w: usize,
    s: crate::tui::style::Styles,
    heading: bool,
) -> Line<'static> {
    let label = pad(&cut(name, name_w), name_w);
    let diff = actual.saturating_sub(planned);
    let style = if !visited {
        s.muted()
    } else if diff > 59 {
        s.error()
    } else if heading {
        s.heading()
    } else {
        s.text()
    };
    Line::styled(
        format!(
            "{label}  {:>8}  {:>8}  {:>8}",
            clock(planned.max(0).unsigned_abs()),
            if visited {
                clock(actual.max(0).unsigned_abs())
            } else {
                "skipped".into()
            },
            if visited {
                signed(TimeDelta::seconds(diff))
            } else {
                String::new()
            },
        ),
        style,
    )
}

pub(crate) fn draw(f: &mut Frame, view: &View<'_>, ms: &MeetingScreen) {
    let s = view.styles;
    let m = &ms.meeting;
    f.render_widget(Block::new().style(s.base()), f.area());
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(f.area());
    header_line(
        f,
        header,
        view,
        vec![
            Span::styled(m.protocol.name.clone(), s.heading()),
            Span::styled(format!(" · {}", ms.status.label()), s.muted()),
        ],
        vec![],
    );

    // One source for the screen and the file: the rows are read from the
    // record as it is saved (the plan after +/- and rebalancing, whole
    // seconds), so what the room sees here is what `plg logs show` shows.
    let rec = ms.record(view.now, ms.offset, 1);
    let name_w = rec
        .steps
        .iter()
        .map(|st| width(&st.phase) + if rec.protocol.is_agenda() { 2 } else { 0 })
        .max()
        .unwrap_or(10)
        .max(TOTAL_LABEL.len())
        .min(44);
    let mut lines = vec![
        Line::styled("The meeting has ended", s.heading()),
        Line::default(),
        Line::styled(
            format!(
                "{:<name_w$}  {:>8}  {:>8}  {:>8}",
                "Phase", "planned", "actual", "diff"
            ),
            s.muted(),
        ),
    ];
    // An agenda's steps are grouped under their items, each with its totals
    // as the record adds them up; an item of one phase named as the item is
    // one row.
    for item in rec.item_times() {
        let alone = !item.agenda
            || (item.steps.len() == 1
                && rec
                    .steps
                    .get(item.steps[0])
                    .is_some_and(|st| st.phase == item.span.name));
        if !alone {
            lines.push(row(
                &item.span.name,
                item.planned_seconds,
                item.actual_seconds,
                item.started_at.is_some(),
                name_w,
                s,
                true,
            ));
        }
        for st in item.steps.iter().filter_map(|i| rec.steps.get(*i)) {
            let name = if alone {
                st.phase.clone()
            } else {
                format!("  {}", st.phase)
            };
            lines.push(row(
                &name,
                st.planned_seconds,
                st.actual_seconds,
                st.started_at.is_some(),
                name_w,
                s,
                false,
            ));
        }
    }
    let planned: i64 = rec.steps.iter().map(|st| st.planned_seconds).sum();
    let total = rec.duration().num_seconds();
    lines.push(Line::styled(
        format!(
            "{:<name_w$}  {:>8}  {:>8}  {:>8}",
            TOTAL_LABEL,
            clock(planned.max(0).unsigned_abs()),
            clock(total.max(0).unsigned_abs()),
            signed(TimeDelta::seconds(total - planned))
        ),
        s.heading(),
    ));
    lines.push(Line::default());

    lines.push(Line::styled(
        format!("Notes: {}", m.notes.len()),
        s.heading(),
    ));
    for kind in m.protocol.every_note_kind() {
        let n = m.notes.iter().filter(|n| n.kind == kind.id).count();
        if n > 0 {
            lines.push(Line::from(vec![
                Span::styled(format!("  {}", pad(&kind.label, 24)), s.text()),
                Span::styled(n.to_string(), s.accent()),
            ]));
        }
    }
    let c = &ms.closing;
    // Each norm's room average (a show of hands, or one number in an older record).
    let rated: Vec<f64> = c
        .checkin
        .iter()
        .filter_map(|r| r.room())
        .map(|r| r.average)
        .collect();
    if !c.checkin.is_empty() || !c.plus.is_empty() || !c.delta.is_empty() || !c.actions.is_empty() {
        let average = if rated.is_empty() {
            String::new()
        } else {
            format!(
                ", average {:.1} of 5",
                rated.iter().sum::<f64>() / rated.len() as f64
            )
        };
        lines.push(Line::default());
        lines.push(Line::styled(
            format!(
                "Check-in: {} of {} norms rated{average} · {} plus · {} delta · {} action item{}",
                rated.len(),
                c.checkin.len(),
                c.plus.len(),
                c.delta.len(),
                c.actions.len(),
                if c.actions.len() == 1 { "" } else { "s" }
            ),
            s.heading(),
        ));
    }
    lines.push(Line::default());
    match (&ms.save.path, &ms.save.error) {
        (_, Some(e)) => lines.push(Line::styled(
            format!("NOT SAVED: {e}. plg keeps retrying; do not quit yet."),
            s.error(),
        )),
        (Some(p), None) => lines.push(Line::from(vec![
            Span::styled("Saved to ", s.muted()),
            Span::styled(p.display().to_string(), s.success()),
        ])),
        (None, None) => lines.push(Line::styled("Saving…", s.muted())),
    }
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border());
    f.render_widget(Paragraph::new(Text::from(lines)).block(block), body);
    footer_line(f, footer, s, &keymap::footer(END));
}
