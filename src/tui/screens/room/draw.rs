//! Drawing the room's screen. The clock takes the space it can have,
//! then the phase's name and the floor grow into what is left; the rest
//! (prompts, norms, the notes when shown) sits in a side column on a wide
//! screen and under the clock on a narrow one. Down to 20×6 there is always
//! a clock, then the phase, then the floor; at 1×1 nothing panics.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use tui_big_text::{BigText, PixelSize};

use crate::meeting::Meeting;
use crate::meeting::floor::{Floor, floor};
use crate::meeting::progress::ClockState;
use crate::meeting::session::Closing;
use crate::record::format::Status;
use crate::text::{self, width};
use crate::tui::chrome::{Header, centered, draw_header, fit_spans, wrap};
use crate::tui::style::Styles;
use crate::tui::view::View;

use super::super::meeting::checkin::{checkin_block, room_spans};
use super::super::meeting::phase::{
    ClockAreas, draw_big_clock, draw_clock_and_gauge, header_clock, header_title,
};
use super::super::meeting::phase_layout::{ClockSize, clock_text, reflow};
use super::{Ended, Following, Live, RoomScreen};

/// Draws what the room sees on the whole frame, then replaces any cell
/// that would send a control or bidi character from the record to the
/// terminal (as [`crate::tui::draw`] does for the app), so the caller
/// needs nothing more.
pub fn draw(f: &mut Frame, view: &View<'_>, room: &RoomScreen) {
    let area = f.area();
    f.render_widget(Block::new().style(view.styles.base()), area);
    match &room.following {
        Following::Waiting { reason } => draw_waiting(f, view, reason),
        Following::Meeting(live) if live.meeting.phase().checkin => draw_checkin(f, view, live),
        Following::Meeting(live) => draw_phase(f, view, live),
        Following::Ended(ended) if ended.closing_at_console() => draw_closing(f, view, ended),
        Following::Ended(ended) => draw_ended(f, view, ended),
    }
    crate::term_text::scrub_buffer(f.buffer_mut());
}

/// The phase as the room names it. One place, so a later heading (an
/// agenda item's name) is added here and everywhere follows.
pub(super) fn phase_heading(m: &Meeting) -> String {
    match m.item_at() {
        Some(i) if i.name != m.phase().name => format!("{} · {}", i.name, m.phase().name),
        _ => m.phase().name.clone(),
    }
}

/// "PHASE 2 OF 7", then the round and turn and whose they are; the
/// round alone when both do not fit in `cols`, cut as a last resort.
fn title_spans(m: &Meeting, s: Styles, cols: usize) -> Vec<Span<'static>> {
    // In an agenda: the item, then the phase counted inside it.
    let place = match m.item_at() {
        Some(i) if i.phases > 1 => format!(
            "ITEM {} OF {}  ·  PHASE {} OF {}",
            i.number, i.items, i.phase, i.phases
        ),
        Some(i) => format!("ITEM {} OF {}", i.number, i.items),
        None => format!(
            "PHASE {} OF {}",
            m.step().phase + 1,
            m.protocol.phases.len()
        ),
    };
    let phase = Span::styled(place, s.muted());
    let Some(r) = &m.step().round else {
        return vec![phase];
    };
    let round = r.label();
    if width(&phase.content) + 5 + width(&round) <= cols {
        vec![phase, Span::styled(format!("  ·  {round}"), s.accent())]
    } else {
        vec![Span::styled(text::ellipsis(&round, cols), s.accent())]
    }
}

/// The header: the protocol and group on the left, the elapsed time and
/// the projected end on the right, in the forms the width allows.
fn header<'a>(view: &View<'_>, live: &'a Live) -> Header<'a> {
    let m = &live.meeting;
    Header {
        clock: header_clock(view, m),
        mode: vec![],
        title: header_title(m, &live.setup, live.speed, view.styles),
    }
}

/// Where each part of the phase view goes.
#[derive(Debug, Clone)]
struct PhaseLayout {
    header: Option<Rect>,
    side: Option<Rect>,
    title: Option<Rect>,
    name: Option<Rect>,
    name_big: bool,
    floor: Option<Rect>,
    floor_big: bool,
    label: Option<Rect>,
    clock: Rect,
    clock_size: ClockSize,
    gauge: Option<Rect>,
    banner: Option<Rect>,
    next: Option<Rect>,
    details: Option<Rect>,
}

/// The floor's lines: who speaks, then who listens without answering.
fn floor_lines(fl: &Floor) -> Vec<String> {
    fl.speaking
        .iter()
        .chain(fl.silent.iter())
        .cloned()
        .collect()
}

fn phase_layout(area: Rect, live: &Live, now: chrono::DateTime<chrono::Utc>) -> PhaseLayout {
    let m = &live.meeting;
    let header_h = u16::from(area.height >= 10 && area.width >= 30);
    let [header, body] =
        Layout::vertical([Constraint::Length(header_h), Constraint::Fill(1)]).areas(area);
    let side_w = if body.width >= 110 && body.height >= 16 {
        36
    } else if body.width >= 76 && body.height >= 14 {
        30
    } else {
        0
    };
    let [main, _, side] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::from(side_w > 0)),
        Constraint::Length(side_w),
    ])
    .areas(body);
    let main = if main.width >= 30 {
        Rect::new(main.x + 1, main.y, main.width - 2, main.height)
    } else {
        main
    };
    let (w, h) = (main.width, main.height);
    let lines = floor_lines(&floor(&m.protocol, m.step(), &live.setup.roles));
    let wrapped = lines
        .iter()
        .map(|t| wrap(t, w as usize).len() as u16)
        .sum::<u16>();
    // Essentials first, the clock, then the phase, then the floor; the
    // rest as rows allow.
    let name_h = u16::from(h >= 2);
    // Below the clock and the name, the floor takes what it needs; drawn
    // one row a line (cut) when it cannot have that.
    let floor_h = if h >= 3 { wrapped.min(h - 2) } else { 0 };
    let label_h = u16::from(h >= 8);
    let next_h = u16::from(h >= 9 && m.steps.len() > 1);
    let gauge_h = u16::from(h >= 10);
    let title_h = u16::from(h >= 12);
    let essentials = name_h + floor_h + label_h + next_h + gauge_h + title_h;
    // Sized for the longer of the planned time and the time shown, so the
    // clock keeps its size as the seconds go by.
    let shown = width(&clock_text(m.remaining(now)));
    let planned = width(&clock_text(m.step().planned));
    let chars = shown.max(planned).max(4) as u16;
    // Rows kept for the prompts and the norms before the clock grows past
    // the full font; fewer when they have a column of their own.
    let keep = if side_w > 0 { 4 } else { 6 };
    let scaled = ClockSize::largest(chars, w, h.saturating_sub(essentials + keep), 16);
    let size = if matches!(scaled, ClockSize::Scaled(_)) {
        scaled
    } else {
        ClockSize::largest(chars, w, h.saturating_sub(essentials), 1)
    };
    let clock_h = size.cells().1.min(h.saturating_sub(essentials)).max(1);
    let mut left = h.saturating_sub(essentials + clock_h);

    // What is left makes the name and the floor large, and says PAUSED
    // in big letters; the details take the rest.
    let heading = phase_heading(m);
    let name_big = h >= 30 && left >= 8 && width(&heading) as u16 * 4 <= w && in_big_font(&heading);
    if name_big {
        left -= 3;
    }
    let big_h = 4 * lines.len() as u16;
    let floor_big = h >= 40
        && !lines.is_empty()
        && left >= big_h + 6
        && lines
            .iter()
            .all(|t| width(t) as u16 * 4 <= w && in_big_font(t));
    let floor_h = if floor_big {
        left -= big_h.saturating_sub(floor_h);
        big_h
    } else {
        floor_h
    };
    // The clock's state in large letters too, read from the back of the room.
    let state = m.clock_state(now);
    let banner_h =
        if state != ClockState::Running && left >= 6 && w >= 8 * width(state.label()) as u16 {
            left -= 4;
            4
        } else {
            0
        };
    let gap = u16::from(left >= 8);
    left = left.saturating_sub(gap * 3);
    let [
        title,
        name,
        _,
        floor_r,
        _,
        label,
        clock,
        gauge,
        banner,
        next,
        _,
        details,
    ] = Layout::vertical([
        Constraint::Length(title_h),
        Constraint::Length(if name_big { 4 } else { name_h }),
        Constraint::Length(gap),
        Constraint::Length(floor_h),
        Constraint::Length(gap),
        Constraint::Length(label_h),
        Constraint::Length(clock_h),
        Constraint::Length(gauge_h),
        Constraint::Length(banner_h),
        Constraint::Length(next_h),
        Constraint::Length(gap),
        Constraint::Length(left),
    ])
    .areas(main);
    PhaseLayout {
        header: (header_h > 0).then_some(header),
        side: (side_w > 0).then_some(side),
        title: (title_h > 0).then_some(title),
        name: (name_h > 0).then_some(name),
        name_big,
        floor: (floor_h > 0).then_some(floor_r),
        floor_big,
        label: (label_h > 0).then_some(label),
        clock,
        clock_size: size,
        gauge: (gauge_h > 0).then_some(gauge),
        banner: (banner_h > 0).then_some(banner),
        next: (next_h > 0).then_some(next),
        details: (left >= 1).then_some(details),
    }
}

/// Whether the big font draws every character of `t`: it knows Latin
/// letters; a name in another script stays in plain text rather than
/// turn into blanks.
pub(super) fn in_big_font(t: &str) -> bool {
    t.chars()
        .all(|c| (' '..='~').contains(&c) || ('\u{a0}'..='\u{ff}').contains(&c))
}

fn big(text: &str, px: PixelSize, style: ratatui::style::Style) -> BigText<'static> {
    BigText::builder()
        .pixel_size(px)
        .style(style)
        .lines(vec![Line::from(text.to_string())])
        .build()
}

fn draw_phase(f: &mut Frame, view: &View<'_>, live: &Live) {
    let s = view.styles;
    let m = &live.meeting;
    let now = view.now;
    let state = m.clock_state(now);
    let l = phase_layout(f.area(), live, now);

    if let Some(h) = l.header {
        draw_header(f, h, view, &header(view, live));
    }
    if let Some(t) = l.title {
        f.render_widget(
            Paragraph::new(Line::from(title_spans(m, s, t.width as usize))),
            t,
        );
    }
    if let Some(n) = l.name {
        let name = phase_heading(m);
        if l.name_big {
            f.render_widget(big(&name, PixelSize::Quadrant, s.heading()), n);
        } else {
            let mut spans = vec![Span::styled(name.to_uppercase(), s.heading())];
            if l.title.is_none()
                && let Some(r) = &m.step().round
            {
                spans.push(Span::styled(format!("  {}/{}", r.number, r.of), s.accent()));
            }
            f.render_widget(Paragraph::new(Line::from(spans)), n);
        }
    }
    if let Some(fr) = l.floor {
        let lines = floor_lines(&floor(&m.protocol, m.step(), &live.setup.roles));
        if l.floor_big {
            let rows = Layout::vertical(lines.iter().map(|_| Constraint::Length(4))).split(fr);
            for (t, r) in lines.iter().zip(rows.iter()) {
                f.render_widget(big(t, PixelSize::Quadrant, s.accent()), *r);
            }
        } else {
            let cols = fr.width as usize;
            let wrapped: Vec<String> = lines.iter().flat_map(|t| wrap(t, cols)).collect();
            // Short of rows, each line keeps one, cut: who listens is
            // as much on the wall as who speaks.
            let rows: Vec<Line> = if wrapped.len() > fr.height as usize {
                lines
                    .iter()
                    .map(|t| Line::styled(text::ellipsis(t, cols), s.accent()))
                    .collect()
            } else {
                wrapped
                    .into_iter()
                    .map(|t| Line::styled(t, s.accent()))
                    .collect()
            };
            f.render_widget(Paragraph::new(rows), fr);
        }
    }
    if let Some(lbl) = l.label {
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(state.label(), s.clock(state)),
                Span::styled(
                    format!(" · {} planned", minutes(m.step().planned)),
                    s.muted(),
                ),
            ])),
            lbl,
        );
    }
    draw_clock_and_gauge(
        f,
        ClockAreas {
            clock: l.clock,
            size: Some(l.clock_size),
            labelled: l.label.is_some(),
            gauge: l.gauge,
        },
        m,
        now,
        s,
    );
    if let Some(b) = l.banner {
        f.render_widget(
            BigText::builder()
                .pixel_size(PixelSize::HalfHeight)
                .centered()
                .style(s.clock(state))
                .lines(vec![Line::from(state.label())])
                .build(),
            b,
        );
    }
    if let Some(n) = l.next {
        let spans = fit_spans(&next_line(m, s).spans, n.width as usize);
        f.render_widget(Paragraph::new(Line::from(spans)), n);
    }
    let with_side = l.side.is_some();
    if let Some(d) = l.details {
        draw_details(f, d, view, live, !with_side);
    }
    if let Some(side) = l.side {
        draw_side(f, side, view, live);
    }
}

/// `12 min` or `4.5 min`.
fn minutes(d: chrono::TimeDelta) -> String {
    text::minutes(d.num_seconds().max(0).unsigned_abs())
}

fn next_line(m: &Meeting, s: Styles) -> Line<'static> {
    match m.steps.get(m.current + 1) {
        Some(step) => Line::from(vec![
            Span::styled("Next: ", s.muted()),
            Span::styled(m.step_label(step), s.text()),
            Span::styled(format!(" · {}", minutes(step.planned)), s.muted()),
        ]),
        None => Line::styled("The last phase", s.muted()),
    }
}

/// Lines of `items` wrapped to `cols`, each behind `mark`.
fn marked(items: &[String], mark: &'static str, cols: usize, s: Styles) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let indent = " ".repeat(width(mark));
    for item in items {
        for (i, l) in wrap(&one_line(item), cols.saturating_sub(width(mark)))
            .into_iter()
            .enumerate()
        {
            out.push(Line::from(vec![
                Span::styled(
                    if i == 0 {
                        mark.to_string()
                    } else {
                        indent.clone()
                    },
                    s.accent(),
                ),
                Span::styled(l, s.text()),
            ]));
        }
    }
    out
}

/// `head` then `text`, wrapped to `cols`: the head leads the first line in
/// its own style, the text goes on under it, indented by two.
fn led(head: &str, head_style: Style, text: &str, cols: usize, s: Styles) -> Vec<Line<'static>> {
    let whole = format!("{head}{}", one_line(text));
    wrap(&whole, cols.saturating_sub(2).max(1))
        .into_iter()
        .enumerate()
        .map(|(i, t)| match t.strip_prefix(head).filter(|_| i == 0) {
            Some(rest) => Line::from(vec![
                Span::styled(head.to_string(), head_style),
                Span::styled(rest.to_string(), s.text()),
            ]),
            None if i == 0 => Line::styled(t, head_style),
            None => Line::styled(format!("  {t}"), s.text()),
        })
        .collect()
}

/// A record's text on one line: line breaks shown as `⏎`, as the runner does.
fn one_line(t: &str) -> String {
    t.trim().replace('\n', " ⏎ ")
}

/// The phase's words for the room: the circles, the prompts, what the
/// presenter brought, the instructions; on a narrow screen the norms and
/// the shown notes too.
fn draw_details(f: &mut Frame, area: Rect, view: &View<'_>, live: &Live, all: bool) {
    let s = view.styles;
    let m = &live.meeting;
    let cols = area.width as usize;
    // Notes the facilitator chose to show keep half the space, however
    // little there is.
    let notes_h = if all && live.show_notes {
        area.height.div_ceil(2)
    } else {
        0
    };
    let [text_area, notes_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(notes_h)]).areas(area);
    let mut lines: Vec<Line> = Vec::new();
    let fl = floor(&m.protocol, m.step(), &live.setup.roles);
    for c in &fl.circles {
        lines.extend(wrap(c, cols).into_iter().map(|l| Line::styled(l, s.text())));
    }
    if let Some(n) = &fl.circles_note {
        lines.extend(
            wrap(n, cols)
                .into_iter()
                .map(|l| Line::styled(l, s.muted())),
        );
    }
    if all && !m.phase().prompts.is_empty() {
        lines.extend(marked(&m.phase().prompts, "› ", cols, s));
    }
    let answers = [
        ("Dilemma: ", &live.setup.dilemma),
        ("Focusing question: ", &live.setup.focusing_question),
        ("Text: ", &live.setup.text),
        ("Data: ", &live.setup.data),
    ];
    for (label, value) in answers {
        if let Some(v) = value {
            lines.extend(led(label, s.muted(), v, cols, s));
        }
    }
    if all && !live.setup.norms.is_empty() {
        lines.push(Line::styled("Our norms", s.muted()));
        lines.extend(marked(&live.setup.norms, "• ", cols, s));
    }
    if let Some(ins) = &m.phase().instructions {
        for para in reflow(ins) {
            lines.extend(
                wrap(&para, cols)
                    .into_iter()
                    .map(|l| Line::styled(l, s.text())),
            );
        }
    }
    f.render_widget(Paragraph::new(lines), text_area);
    if notes_h > 0 {
        draw_notes(f, notes_area, view, live);
    }
}

/// The side column of a wide screen: the prompts, the norms, then the
/// saved notes when the facilitator shows them.
fn draw_side(f: &mut Frame, area: Rect, view: &View<'_>, live: &Live) {
    let s = view.styles;
    let m = &live.meeting;
    let inner_w = area.width.saturating_sub(2) as usize;
    let prompts = marked(&m.phase().prompts, "› ", inner_w, s);
    let norms = marked(&live.setup.norms, "• ", inner_w, s);
    let boxed = |n: usize| if n == 0 { 0 } else { n as u16 + 2 };
    let all = area.height;
    // Shown notes are why the facilitator turned them on: they keep what
    // they need up to half the column, and whatever the rest leaves.
    let notes_h = if live.show_notes {
        let lines = latest_notes(live, inner_w, (all / 2) as usize, s).len();
        boxed(lines.max(1)).min(all / 2)
    } else {
        0
    };
    let left = all - notes_h;
    let norms_want = boxed(norms.len());
    let prompts_h = boxed(prompts.len()).min(left.saturating_sub(norms_want.min(left / 2)));
    let norms_h = norms_want.min(left - prompts_h);
    let [p, n, notes] = Layout::vertical([
        Constraint::Length(prompts_h),
        Constraint::Length(norms_h),
        Constraint::Fill(1),
    ])
    .areas(area);
    let block = |title: &str| {
        Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(s.border())
            .title(Line::styled(format!(" {title} "), s.muted()))
    };
    if prompts_h >= 3 {
        f.render_widget(Paragraph::new(prompts).block(block("Prompts")), p);
    }
    if norms_h >= 3 {
        f.render_widget(Paragraph::new(norms).block(block("Our norms")), n);
    }
    if live.show_notes && notes.height >= 3 {
        let b = block("Notes");
        let inner = b.inner(notes);
        f.render_widget(b, notes);
        draw_notes(f, inner, view, live);
    }
}

/// The latest saved notes that fit, newest at the bottom, as a
/// chalk-talk wall: each behind its kind.
fn draw_notes(f: &mut Frame, area: Rect, view: &View<'_>, live: &Live) {
    let s = view.styles;
    let mut lines = latest_notes(live, area.width as usize, area.height as usize, s);
    if live.meeting.notes.is_empty() {
        lines.push(Line::styled("No notes yet", s.muted()));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// The lines of the newest notes, oldest first, at most `rows` of them
/// (the oldest note shown may lose its first lines); only as many notes as
/// that are read, however many the meeting has.
fn latest_notes(live: &Live, cols: usize, rows: usize, s: Styles) -> Vec<Line<'static>> {
    let m = &live.meeting;
    let mut lines: Vec<Line> = Vec::new();
    for n in m.notes.iter().rev() {
        if lines.len() >= rows {
            break;
        }
        let label = m
            .protocol
            .note_kind(&n.kind)
            .map_or(n.kind.as_str(), |k| k.label.as_str());
        let mut these = led(&format!("{label}: "), s.accent(), &n.text, cols, s);
        these.append(&mut lines);
        lines = these;
    }
    let skip = lines.len().saturating_sub(rows);
    lines.split_off(skip)
}

/// The check-in as the room writes it: each norm with its tally, then the
/// plus, the delta and the action items; a skipped check-in says so.
fn closing_lines(c: &Closing, s: Styles, cols: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    if c.checkin_skipped {
        lines.push(Line::styled("No norm check-in this meeting", s.muted()));
    } else if !c.checkin.is_empty() {
        let longest = c.checkin.iter().map(|r| width(&r.norm)).max().unwrap_or(0);
        let name_w = longest.min(cols.saturating_sub(36)).clamp(8, 40);
        for r in &c.checkin {
            let mut spans = vec![Span::styled(
                format!(
                    "{} ",
                    text::pad(&text::cut(&one_line(&r.norm), name_w), name_w)
                ),
                s.text(),
            )];
            spans.extend(room_spans(r, c.checkin_skipped, "no hands yet", s));
            let Some(cm) = &r.comment else {
                lines.push(Line::from(spans));
                continue;
            };
            let comment = format!("“{}”", one_line(cm));
            let used: usize = spans.iter().map(|sp| width(&sp.content)).sum();
            if used + 2 + width(&comment) <= cols {
                spans.push(Span::styled(format!("  {comment}"), s.muted()));
                lines.push(Line::from(spans));
            } else {
                // A comment too long for the line goes under its norm, whole.
                lines.push(Line::from(spans));
                let indent = name_w.min(cols / 3) + 1;
                for l in wrap(&comment, cols.saturating_sub(indent)) {
                    lines.push(Line::styled(
                        format!("{}{l}", " ".repeat(indent)),
                        s.muted(),
                    ));
                }
            }
        }
    }
    let section = |lines: &mut Vec<Line<'static>>, title: &'static str, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        lines.push(Line::default());
        lines.push(Line::styled(title, s.heading()));
        lines.extend(marked(&items, "  ", cols, s));
    };
    section(
        &mut lines,
        "Plus: what worked",
        c.plus
            .iter()
            .map(|p| format!("+ {}", one_line(p)))
            .collect(),
    );
    section(
        &mut lines,
        "Delta: what to change",
        c.delta
            .iter()
            .map(|d| match &d.owner {
                Some(o) => format!("Δ {} ({o})", one_line(&d.text)),
                None => format!("Δ {}", one_line(&d.text)),
            })
            .collect(),
    );
    section(
        &mut lines,
        "Action items",
        c.actions
            .iter()
            .map(|a| {
                let mut meta = Vec::new();
                if let Some(o) = &a.owner {
                    meta.push(o.clone());
                }
                if let Some(d) = a.due {
                    meta.push(format!("due {d}"));
                }
                let meta = if meta.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", meta.join(", "))
                };
                let mark = if a.done { "✓" } else { "☐" };
                format!("{mark} {}{meta}", one_line(&a.text))
            })
            .collect(),
    );
    lines
}

/// The check-in phase: the norms being rated with the room's tallies and
/// the plus/delta as written come first; then the phase's floor and
/// prompts; the clock grows into what they leave.
fn draw_checkin(f: &mut Frame, view: &View<'_>, live: &Live) {
    let s = view.styles;
    let m = &live.meeting;
    let now = view.now;
    let area = f.area();
    let state = m.clock_state(now);
    let text = clock_text(m.remaining(now));
    let header_h = u16::from(area.height >= 10 && area.width >= 30);
    let boxed = area.width >= 40 && area.height >= 8;
    let inner_w = area.width.saturating_sub(if boxed { 2 } else { 0 }) as usize;
    let mut closing = closing_lines(&live.closing, s, inner_w);
    if closing.is_empty() {
        closing.push(Line::styled("No norms to check in on.", s.muted()));
    }
    let cols = area.width.saturating_sub(4) as usize;
    let fl = floor(&m.protocol, m.step(), &live.setup.roles);
    let mut debrief: Vec<Line> = floor_lines(&fl)
        .into_iter()
        .flat_map(|t| wrap(&t, cols))
        .map(|l| Line::styled(l, s.accent()))
        .collect();
    debrief.extend(marked(&m.phase().prompts, "› ", cols, s));
    let body_want = closing.len() as u16 + if boxed { 2 } else { 0 };
    let mut spare = area.height.saturating_sub(header_h + 1 + body_want);
    let debrief_h = if spare >= 2 {
        (debrief.len() as u16).min(spare - 1)
    } else {
        0
    };
    spare = spare.saturating_sub(debrief_h + u16::from(debrief_h > 0));
    let chars = width(&text).max(4) as u16;
    // Up to half the wall: the tallies are what the room reads here.
    let clock_rows = spare.saturating_sub(1).min(area.height / 2);
    let clock_size = ClockSize::largest(chars, area.width, clock_rows, 16);
    let clock_h = match clock_size {
        ClockSize::Text => 0,
        size => size.cells().1 + 1,
    };
    let [header, bar, clock, debrief_area, _, body] = Layout::vertical([
        Constraint::Length(header_h),
        Constraint::Length(1),
        Constraint::Length(clock_h),
        Constraint::Length(debrief_h),
        Constraint::Length(u16::from(debrief_h > 0)),
        Constraint::Fill(1),
    ])
    .areas(area);
    if header_h > 0 {
        draw_header(f, header, view, &self::header(view, live));
    }
    let heading = Span::styled(phase_heading(m).to_uppercase(), s.heading());
    let time = Span::styled(text.clone(), s.clock(state).add_modifier(Modifier::BOLD));
    let said = Span::styled(state.label(), s.clock(state));
    // The clock leads where the line is short; the phase where there is room.
    let bar_line = if area.width >= 48 {
        Line::from(vec![
            Span::raw(" "),
            heading,
            Span::raw("   "),
            said,
            Span::raw(" "),
            time,
            Span::styled(
                format!(" · {} planned", minutes(m.step().planned)),
                s.muted(),
            ),
        ])
    } else {
        Line::from(vec![time, Span::raw(" "), said, Span::raw(" "), heading])
    };
    f.render_widget(Paragraph::new(bar_line), bar);
    if clock_h > 0 {
        let r = Rect::new(clock.x, clock.y, clock.width, clock.height - 1);
        draw_big_clock(f, r, &text, clock_size, s.clock(state));
    }
    if debrief_h > 0 {
        let inner = Rect::new(
            debrief_area.x + 2,
            debrief_area.y,
            debrief_area.width.saturating_sub(4),
            debrief_area.height,
        );
        f.render_widget(Paragraph::new(debrief), inner);
    }
    draw_checkin_box(f, body, boxed, closing, s);
}

/// The norms with their tallies and the plus/delta, boxed under the
/// fist-to-five scale when `boxed` and there is room, newest kept in view.
fn draw_checkin_box(
    f: &mut Frame,
    body: Rect,
    boxed: bool,
    closing: Vec<Line<'static>>,
    s: Styles,
) {
    if boxed && body.height >= 3 {
        let block = checkin_block(s);
        let inner = block.inner(body);
        f.render_widget(block, body);
        f.render_widget(Paragraph::new(newest(closing, inner.height)), inner);
    } else {
        f.render_widget(Paragraph::new(newest(closing, body.height)), body);
    }
}

/// The title of a meeting that is over or closing: the protocol, then the group.
fn ended_title(e: &Ended, s: Styles) -> Vec<Span<'static>> {
    let mut title = vec![Span::styled(e.protocol.clone(), s.heading())];
    if let Some(g) = &e.group {
        title.push(Span::styled(format!(" · {g}"), s.muted()));
    }
    title
}

/// The protocol's phases are done and the group closes the meeting at the
/// console (a protocol without a check-in phase): the norms being rated
/// with their tallies and the plus/delta as written, nothing yet about the
/// end or the next meeting.
fn draw_closing(f: &mut Frame, view: &View<'_>, e: &Ended) {
    let s = view.styles;
    let area = f.area();
    let header_h = u16::from(area.height >= 10 && area.width >= 30);
    let boxed = area.width >= 40 && area.height >= 8;
    let inner_w = area.width.saturating_sub(if boxed { 2 } else { 0 }) as usize;
    let mut closing = closing_lines(&e.closing, s, inner_w);
    if closing.is_empty() {
        closing.push(Line::styled("No norms to check in on.", s.muted()));
    }
    let gap = u16::from(area.height >= 12);
    let [header, bar, _, body] = Layout::vertical([
        Constraint::Length(header_h),
        Constraint::Length(1),
        Constraint::Length(gap),
        Constraint::Fill(1),
    ])
    .areas(area);
    if header_h > 0 {
        draw_header(
            f,
            header,
            view,
            &Header {
                clock: vec![],
                mode: vec![],
                title: ended_title(e, s),
            },
        );
    }
    let heading = "CHECK-IN AND PLUS/DELTA";
    let bar_line = if area.width >= 56 {
        Line::from(vec![
            Span::raw(" "),
            Span::styled(heading, s.heading()),
            Span::styled("  ·  Closing the meeting", s.muted()),
        ])
    } else if width(heading) <= area.width as usize {
        Line::styled(heading, s.heading())
    } else {
        Line::styled(
            text::ellipsis("CLOSING THE MEETING", area.width as usize),
            s.heading(),
        )
    };
    f.render_widget(Paragraph::new(bar_line), bar);
    draw_checkin_box(f, body, boxed, closing, s);
}

/// The last `rows` of `lines`: the check-in is written top to bottom, so
/// when it outgrows the screen the room keeps seeing what is being added.
fn newest(mut lines: Vec<Line<'static>>, rows: u16) -> Vec<Line<'static>> {
    let skip = lines.len().saturating_sub(rows as usize);
    lines.split_off(skip)
}

/// The meeting is over: its length, the check-in as written, then that the
/// screen waits for the next meeting.
fn draw_ended(f: &mut Frame, view: &View<'_>, e: &Ended) {
    let s = view.styles;
    let area = f.area();
    let header_h = u16::from(area.height >= 8 && area.width >= 30);
    let [header, body, wait] = Layout::vertical([
        Constraint::Length(header_h),
        Constraint::Fill(1),
        Constraint::Length(u16::from(area.height >= 3)),
    ])
    .areas(area);
    if header_h > 0 {
        draw_header(
            f,
            header,
            view,
            &Header {
                clock: vec![],
                mode: vec![],
                title: ended_title(e, s),
            },
        );
    }
    let body = if body.width >= 30 {
        Rect::new(body.x + 2, body.y, body.width - 4, body.height)
    } else {
        body
    };
    let said = match (e.status, body.width >= 24) {
        (Status::EndedEarly, true) => "The meeting ended early",
        (_, true) => "The meeting has ended",
        (_, false) => "Meeting over",
    };
    let big_h = if body.height >= 24 && width(said) as u16 * 4 <= body.width {
        5
    } else {
        0
    };
    let [heading, rest] =
        Layout::vertical([Constraint::Length(big_h), Constraint::Fill(1)]).areas(body);
    let mut lines: Vec<Line> = Vec::new();
    if big_h > 0 {
        f.render_widget(big(said, PixelSize::Quadrant, s.heading()), heading);
    } else {
        lines.push(Line::styled(said.to_uppercase(), s.heading()));
    }
    // The length in whole words where they fit, never cut mid-word.
    let length = text::clock(e.length.num_seconds().max(0).unsigned_abs());
    let cols = rest.width as usize;
    let tail = [
        format!(" (pauses included) · {} planned", minutes(e.planned)),
        format!(" · {} planned", minutes(e.planned)),
        String::new(),
    ]
    .into_iter()
    .find(|t| width("Length ") + width(&length) + width(t) <= cols)
    .unwrap_or_default();
    lines.push(Line::from(vec![
        Span::styled("Length ", s.muted()),
        Span::styled(length, s.text()),
        Span::styled(tail, s.muted()),
    ]));
    lines.push(Line::default());
    lines.extend(closing_lines(&e.closing, s, rest.width as usize));
    f.render_widget(Paragraph::new(lines), rest);
    let waiting = ["Waiting for the next meeting…", "Waiting…"]
        .into_iter()
        .find(|t| width(t) <= wait.width as usize)
        .unwrap_or_default();
    f.render_widget(
        Paragraph::new(Line::styled(waiting, s.muted())).centered(),
        wait,
    );
}

/// Nothing to follow: a calm message in the middle of the wall.
fn draw_waiting(f: &mut Frame, view: &View<'_>, reason: &str) {
    let s = view.styles;
    let area = f.area();
    let cols = area.width.saturating_sub(4).clamp(1, 72) as usize;
    let reason = one_line(reason);
    let parts = [
        ("Waiting for a meeting on this machine…", s.heading()),
        (reason.as_str(), s.text()),
        (
            "Start one with plg run in another window; this screen follows it.",
            s.muted(),
        ),
    ];
    let mut lines: Vec<Line> = Vec::new();
    for (t, style) in parts.into_iter().filter(|(t, _)| !t.is_empty()) {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.extend(wrap(t, cols).into_iter().map(|l| Line::styled(l, style)));
    }
    let r = centered(area, cols as u16, lines.len() as u16);
    f.render_widget(Paragraph::new(lines).centered(), r);
}
