//! The phase screen: what the room sees on the wall while a protocol runs.
//!
//! Readable from the back of the room: the phase name and who has the
//! floor, a big clock, a timeline of all phases, and the projected end. On
//! small terminals panels go first (notes, prompts, the timeline), then the
//! clock shrinks; down to 20×6 there is always a phase name and a time.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Borders, LineGauge, Paragraph, Widget, Wrap};
use tui_big_text::{BigText, PixelSize};

use crate::meeting::Meeting;
use crate::meeting::floor::floor;
use crate::meeting::progress::{ClockState, drift_label};
use crate::meeting::session::Setup;
use crate::text::{self, ellipsis, pad, width};
use crate::tui::chrome::{FooterKey, Header, bullets, draw_header_with, footer_line};
use crate::tui::keymap::{self, EDITOR, RUNNER, RunnerAction};
use crate::tui::style::Styles;
use crate::tui::view::View;

use super::phase_layout::{ClockSize, PhaseLayout, clock_text, layout, reflow};
use super::{MeetingScreen, attendance, minutes, notes};

pub(crate) fn draw(f: &mut Frame, view: &View<'_>, ms: &MeetingScreen) {
    let area = f.area();
    let s = view.styles;
    f.render_widget(Block::new().style(s.base()), area);
    let l = layout(area, ms, view.now);
    let m = &ms.meeting;
    let now = view.now;
    let state = m.clock_state(now);

    let item = m.item_at();
    if let Some(t) = l.title {
        // In an agenda, the item, then the phase counted inside it.
        let where_ = match &item {
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
        let mut spans = vec![Span::styled(where_, s.muted())];
        if let Some(r) = &m.step().round {
            spans.push(Span::styled(format!("  ·  {}", r.label()), s.accent()));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), t);
    }

    if let Some(h) = l.header {
        // A flash too long for the header takes the phase-number line for a moment.
        // With a room screen attached, the flash has the room's line instead.
        let hv = super::console::header_view(view, l.room_preview.is_some());
        draw_header_with(f, h, &hv, &header(view, ms), l.title);
    }

    let name = &m.phase().name;
    if l.name_big {
        f.render_widget(
            BigText::builder()
                .pixel_size(PixelSize::Quadrant)
                .style(s.heading())
                .lines(vec![Line::from(name.clone())])
                .build(),
            l.name,
        );
    } else {
        let mut spans = Vec::new();
        // The item's name before the phase's, when they differ.
        if let Some(i) = item.as_ref().filter(|i| i.name != *name) {
            spans.push(Span::styled(format!("{} · ", i.name), s.accent()));
        }
        spans.push(Span::styled(name.to_uppercase(), s.heading()));
        if l.title.is_none()
            && let Some(r) = &m.step().round
        {
            spans.push(Span::styled(format!("  {}/{}", r.number, r.of), s.accent()));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), l.name);
    }

    if let Some(sp) = l.speaker {
        let mut lines = speaker_lines(ms, s);
        if sp.height < 2 && lines.len() > 1 {
            // One row: the two read as one line.
            let joined: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            lines = vec![Line::from(Span::styled(joined.join(" · "), s.accent()))];
        }
        f.render_widget(Paragraph::new(lines), sp);
    }

    if let Some(lbl) = l.clock_label {
        let mut spans = vec![Span::styled(state.label(), s.clock(state))];
        spans.push(Span::styled(
            format!("  {} planned", minutes(m.step().planned)),
            s.muted(),
        ));
        if let Some(r) = m.outside_range(m.current) {
            spans.push(Span::styled(
                format!(
                    " · outside the published {}–{} min",
                    text::minutes_number((r.low * 60.0).round() as u64),
                    text::minutes_number((r.high * 60.0).round() as u64)
                ),
                s.error(),
            ));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), lbl);
    }

    draw_clock_and_gauge(
        f,
        ClockAreas {
            clock: l.clock,
            size: l.clock_size,
            labelled: l.clock_label.is_some(),
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
                .style(s.clock(ClockState::Paused))
                .lines(vec![Line::from("PAUSED")])
                .build(),
            b,
        );
    }

    if let Some(n) = l.next {
        f.render_widget(Paragraph::new(next_line(ms, s)), n);
    }

    if let Some(d) = l.details {
        draw_details(f, d, ms, view);
    }

    if let Some(side) = l.sidebar {
        draw_sidebar(f, side, &l, ms, view);
    }

    if let (Some(e), Some(editor)) = (l.editor, &ms.editor) {
        notes::draw_editor(f, e, s, editor);
    }

    attendance::draw_over(f, s, ms);

    let mut keys: Vec<FooterKey> = Vec::new();
    if ms.attendance.is_some() {
        keys = attendance::footer_keys();
    } else if let Some(editor) = &ms.editor {
        // A saved note keeps its kind: Tab has nothing to offer there.
        keys = keymap::footer_where(EDITOR, |a| {
            editor.editing.is_none() || a != keymap::EditorAction::CycleKind
        });
    } else if ms.saved_notes.is_some() && !ms.projecting {
        keys = notes::footer_keys();
    } else {
        // Pass and choosing who goes next show only where the protocol has them.
        let shown = |a: RunnerAction| match a {
            RunnerAction::Pass => m.can_pass(),
            RunnerAction::ChooseNext => m.can_choose(),
            _ => true,
        };
        for (k, w) in keymap::footer_where(RUNNER, shown) {
            let note = w == "note";
            keys.push((k, w));
            if note {
                for kind in m.protocol.keyed_kinds(m.phase()) {
                    if let Some(c) = kind.key {
                        keys.push((c.to_string(), kind.label.to_lowercase()));
                    }
                }
            }
        }
    }
    footer_line(f, l.footer, s, &keys);
    if let Some(r) = l.room_preview {
        super::console::draw_preview(f, r, view, ms);
    }
}

/// The meeting's header, shared by the phase and check-in screens: what
/// must not be missed (an unsaved record, a resume) first, then the
/// protocol, the group and the rehearsal tag on the left; the projection
/// mode, the elapsed time and the projected end on the right.
pub(super) fn header<'a>(view: &View<'_>, ms: &'a MeetingScreen) -> Header<'a> {
    let s = view.styles;
    let m = &ms.meeting;
    let mode_style = if ms.projecting { s.muted() } else { s.error() };
    let mode = if ms.projecting {
        ["◉ PROJECTING", "◉"]
    } else {
        ["◐ FACILITATOR VIEW", "◐ FAC"]
    };
    let (mode, mode_style) = super::console::header_mode(ms, s)
        .unwrap_or_else(|| (mode.into_iter().map(String::from).collect(), mode_style));
    let mut left = Vec::new();
    if let Some(e) = &ms.save.error {
        left.push(Span::styled(
            format!("⚠ NOT SAVED ({e}); retrying  "),
            s.error(),
        ));
    }
    if let Some(away) = ms.away.filter(|_| m.is_paused()) {
        left.push(Span::styled(
            format!(
                "resumed after {} away · ",
                text::clock(away.num_seconds().max(0).unsigned_abs())
            ),
            s.accent(),
        ));
    }
    left.extend(header_title(m, &ms.setup, view.speed, s));
    Header {
        clock: header_clock(view, m),
        mode: mode
            .into_iter()
            .map(|t| vec![Span::styled(t, mode_style)])
            .collect(),
        title: left,
    }
}

/// The header's right side, widest form first: the elapsed time and the
/// projected end with the drift, the same for the facilitator and the room.
pub(crate) fn header_clock(view: &View<'_>, m: &Meeting) -> Vec<Vec<Span<'static>>> {
    let elapsed = elapsed_text(m, view.now);
    let end = view
        .local(m.projected_end(view.now))
        .format("%H:%M")
        .to_string();
    [
        format!("Elapsed {elapsed}  Ends {}", end_text(view, m)),
        format!("Elapsed {elapsed}  Ends {end}"),
        format!("{elapsed} → {end}"),
        elapsed.clone(),
    ]
    .into_iter()
    .map(|c| vec![Span::styled(c, view.styles.text())])
    .collect()
}

/// The protocol, the group and a rehearsal's speed, as the header's title.
pub(crate) fn header_title(
    m: &Meeting,
    setup: &Setup,
    speed: u32,
    s: Styles,
) -> Vec<Span<'static>> {
    let mut title = vec![Span::styled(m.protocol.name.clone(), s.heading())];
    if let Some(g) = &setup.group {
        title.push(Span::styled(format!(" · {}", g.name), s.muted()));
    }
    if speed > 1 {
        title.push(Span::styled(format!(" · rehearsal ×{speed}"), s.muted()));
    }
    title
}

/// Where the phase clock and its progress gauge go, as a layout gave them.
pub(crate) struct ClockAreas {
    pub clock: Rect,
    pub size: Option<ClockSize>,
    /// A label row above already names a paused or overtime clock, so the
    /// one-line clock need not say it again.
    pub labelled: bool,
    pub gauge: Option<Rect>,
}

/// The phase clock (in big digits when the layout has room, else one bold
/// line) and the progress gauge: the same on the runner's phase screen and
/// on the room screen, so the wall and the facilitator read alike.
pub(crate) fn draw_clock_and_gauge(
    f: &mut Frame,
    a: ClockAreas,
    m: &Meeting,
    now: chrono::DateTime<chrono::Utc>,
    s: Styles,
) {
    let state = m.clock_state(now);
    let text = clock_text(m.remaining(now));
    match a.size {
        Some(size) if size.pixel_size().is_some() => {
            draw_big_clock(f, a.clock, &text, size, s.clock(state));
        }
        _ => {
            let mut spans = vec![Span::styled(
                text,
                s.clock(state).add_modifier(Modifier::BOLD),
            )];
            if !a.labelled && state != ClockState::Running {
                spans.push(Span::styled(format!(" {}", state.label()), s.clock(state)));
            }
            f.render_widget(Paragraph::new(Line::from(spans)), a.clock);
        }
    }
    if let Some(g) = a.gauge {
        f.render_widget(
            LineGauge::default()
                .ratio(m.progress(now))
                .filled_style(s.clock(state))
                .unfilled_style(s.border())
                .label(format!("{:>3}%", (m.progress(now) * 100.0).round() as u32)),
            g,
        );
    }
}

/// The clock in big digits, centred in `area`: tui-big-text's own sizes,
/// or its full-size font with every pixel drawn as an n×n block of cells.
pub(crate) fn draw_big_clock(f: &mut Frame, area: Rect, text: &str, size: ClockSize, style: Style) {
    let big = |px| {
        BigText::builder()
            .pixel_size(px)
            .centered()
            .style(style)
            .lines(vec![Line::from(text.to_string())])
            .build()
    };
    let n = match size {
        ClockSize::Scaled(n) if n > 1 => n,
        other => {
            if let Some(px) = other.pixel_size() {
                f.render_widget(big(px), area);
            }
            return;
        }
    };
    // Draw at full size off screen, then copy each cell as an n×n block.
    let glyphs = Rect::new(0, 0, (width(text) as u16).saturating_mul(8), 8);
    let mut small = Buffer::empty(glyphs);
    big(PixelSize::Full).render(glyphs, &mut small);
    let (w, h) = (
        glyphs.width.saturating_mul(n),
        glyphs.height.saturating_mul(n),
    );
    let x0 = area.x + area.width.saturating_sub(w) / 2;
    let y0 = area.y + area.height.saturating_sub(h) / 2;
    let buf = f.buffer_mut();
    for y in 0..glyphs.height {
        for x in 0..glyphs.width {
            let on = small[(x, y)].symbol() != " ";
            for dy in 0..n {
                for dx in 0..n {
                    let at = Position::new(x0 + x * n + dx, y0 + y * n + dy);
                    if area.contains(at)
                        && let Some(cell) = buf.cell_mut(at)
                    {
                        cell.set_symbol(if on { "█" } else { " " }).set_style(style);
                    }
                }
            }
        }
    }
}

/// The clock alone on the whole screen (Ctrl-K), as large as it fits, with
/// its state written out when it is not simply running.
pub(crate) fn draw_clock_only(f: &mut Frame, view: &View<'_>, ms: &MeetingScreen) {
    let s = view.styles;
    let area = f.area();
    f.render_widget(Block::new().style(s.base()), area);
    let m = &ms.meeting;
    let state = m.clock_state(view.now);
    let text = clock_text(m.remaining(view.now));
    let chars = width(&text).max(4) as u16;
    let label_h = u16::from(state != ClockState::Running && area.height >= 3);
    let [label, clock] =
        Layout::vertical([Constraint::Length(label_h), Constraint::Fill(1)]).areas(area);
    if label_h > 0 {
        f.render_widget(
            Paragraph::new(Line::styled(state.label(), s.clock(state))).centered(),
            label,
        );
    }
    match ClockSize::largest(chars, clock.width, clock.height, 16) {
        ClockSize::Text => f.render_widget(
            Paragraph::new(Line::styled(
                text,
                s.clock(state).add_modifier(Modifier::BOLD),
            ))
            .centered(),
            clock,
        ),
        size => draw_big_clock(f, clock, &text, size, s.clock(state)),
    }
}

fn elapsed_text(m: &Meeting, now: chrono::DateTime<chrono::Utc>) -> String {
    text::clock(m.meeting_elapsed(now).num_seconds().max(0).unsigned_abs())
}

/// "16:15 (3 min late)", "16:15 (on time)".
fn end_text(view: &View<'_>, m: &Meeting) -> String {
    let end = view.local(m.projected_end(view.now));
    format!(
        "{} ({})",
        end.format("%H:%M"),
        drift_label(m.drift(view.now))
    )
}

/// Who has the floor, then who listens without answering, in the same
/// style and size: the silence matters as much as the floor.
fn speaker_lines<'a>(ms: &'a MeetingScreen, s: Styles) -> Vec<Line<'a>> {
    let f = floor(&ms.meeting.protocol, ms.meeting.step(), &ms.setup.roles);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(t) = f.speaking {
        lines.push(Line::from(Span::styled(t, s.accent())));
    }
    if let Some(t) = f.silent {
        lines.push(Line::from(Span::styled(t, s.accent())));
    }
    lines
}

fn next_line<'a>(ms: &'a MeetingScreen, s: Styles) -> Line<'a> {
    let m = &ms.meeting;
    match m.steps.get(m.current + 1) {
        Some(step) => {
            let label = m.step_label(step);
            Line::from(vec![
                Span::styled("Next: ", s.muted()),
                Span::styled(label, s.text()),
                Span::styled(format!(" · {}", minutes(step.planned)), s.muted()),
            ])
        }
        None => Line::from(Span::styled("Last phase: n ends the meeting", s.muted())),
    }
}

fn draw_details(f: &mut Frame, area: Rect, ms: &MeetingScreen, view: &View<'_>) {
    let s = view.styles;
    let m = &ms.meeting;
    let phase = m.phase();
    let (notes, notes_title) = super::console::notes_listed(ms);
    // Notes get a share of the space once there is some; instructions come first.
    let notes_h = if notes.is_empty() || area.height < 6 {
        0
    } else {
        (notes.len() as u16 + 1).min(area.height / 2)
    };
    let [text_area, notes_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(notes_h)]).areas(area);

    let mut lines: Vec<Line> = Vec::new();
    let fl = floor(&m.protocol, m.step(), &ms.setup.roles);
    for c in &fl.circles {
        lines.push(Line::styled(c.clone(), s.text()));
    }
    if let Some(n) = &fl.circles_note {
        lines.push(Line::styled(n.clone(), s.muted()));
    }
    if !fl.circles.is_empty() {
        lines.push(Line::default());
    }
    if let Some(ins) = &phase.instructions {
        for para in reflow(ins) {
            lines.push(Line::styled(para, s.text()));
        }
    }
    if !phase.prompts.is_empty() {
        lines.push(Line::default());
        for p in &phase.prompts {
            lines.push(Line::from(vec![
                Span::styled("› ", s.accent()),
                Span::styled(p.clone(), s.text()),
            ]));
        }
    }
    if !ms.projecting
        && let Some(fac) = &phase.facilitator_notes
    {
        lines.push(Line::default());
        lines.push(Line::styled(
            "FACILITATOR NOTES (hidden when projecting)",
            s.error(),
        ));
        for para in reflow(fac) {
            lines.push(Line::styled(para, s.text()));
        }
    }
    // What the presenter brought, as setup recorded it: the room sees it too.
    let answers = [
        ("Dilemma: ", &ms.setup.dilemma),
        ("Focusing question: ", &ms.setup.focusing_question),
        ("Text: ", &ms.setup.text),
        ("Data: ", &ms.setup.data),
    ];
    let mut first = true;
    for (label, value) in answers {
        if let Some(v) = value {
            if first {
                lines.push(Line::default());
                first = false;
            }
            lines.push(Line::from(vec![
                Span::styled(label, s.muted()),
                Span::styled(v.clone(), s.text()),
            ]));
        }
    }
    f.render_widget(
        Paragraph::new(Text::from(lines)).wrap(Wrap { trim: false }),
        text_area,
    );

    if notes_h > 0 {
        let shown = notes_area.height.saturating_sub(1) as usize;
        let mut lines = vec![Line::styled(
            format!("{notes_title} ({})", notes.len()),
            s.muted(),
        )];
        for n in notes.iter().skip(notes.len().saturating_sub(shown)) {
            let label = m
                .protocol
                .note_kind(&n.kind)
                .map_or(n.kind.as_str(), |k| k.label.as_str());
            let time = view.local(n.at).format("%H:%M");
            lines.push(Line::from(vec![
                Span::styled(format!("{time} "), s.muted()),
                Span::styled(format!("{label}: "), s.accent()),
                Span::styled(n.text.replace('\n', " ⏎ "), s.text()),
            ]));
        }
        f.render_widget(Paragraph::new(Text::from(lines)), notes_area);
    }
}

/// An agenda item's heading in the timeline: its name, and its time (spent
/// once done, planned otherwise; after +/- and rebalancing).
fn draw_item_row(
    f: &mut Frame,
    rect: Rect,
    m: &Meeting,
    group: &crate::meeting::progress::ItemGroup,
    view: &View<'_>,
) {
    let s = view.styles;
    let (Some(first), Some(last)) = (group.spans.first(), group.spans.last()) else {
        return;
    };
    let done = last.last < m.current;
    let current = first.first <= m.current && m.current <= last.last;
    let right = if done {
        let spent: chrono::TimeDelta = group.spans.iter().map(|sp| m.spent_in(*sp)).sum();
        text::clock(spent.num_seconds().max(0).unsigned_abs())
    } else {
        minutes(group.spans.iter().map(|sp| m.planned_in(*sp)).sum())
    };
    let style = if current {
        s.heading()
    } else if done {
        s.done()
    } else {
        s.text()
    };
    let right_w = width(&right) + 1;
    // Set in like a phase row's name, past the column of its marker.
    let name_w = (rect.width as usize).saturating_sub(2 + right_w);
    let line = Line::from(vec![
        Span::styled("  ", style),
        Span::styled(pad(&ellipsis(&group.name, name_w), name_w), style),
        Span::styled(
            format!(" {right}"),
            if current { s.heading() } else { style },
        ),
    ]);
    f.render_widget(Paragraph::new(line), rect);
}

fn draw_sidebar(f: &mut Frame, area: Rect, l: &PhaseLayout, ms: &MeetingScreen, view: &View<'_>) {
    let s = view.styles;
    let m = &ms.meeting;
    let now = view.now;
    let norms_h = if ms.setup.norms.is_empty() || area.height < 24 {
        0
    } else {
        (ms.setup.norms.len() as u16 + 2).min(area.height / 3)
    };
    let [tl, norms] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(norms_h)]).areas(area);

    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(Line::styled(" Timeline ", s.muted()));
    f.render_widget(block, tl);

    let groups = m.item_groups();
    for (rect, g) in &l.timeline_items {
        if let Some(group) = groups.get(*g) {
            draw_item_row(f, *rect, m, group, view);
        }
    }
    let spans = m.phase_spans();
    for (rect, step) in &l.timeline_rows {
        let Some(span) = spans.iter().find(|span| span.contains(*step)).copied() else {
            continue;
        };
        // Phases under an item heading are set in by two columns.
        let indent = groups.iter().any(|g| g.heading && g.spans.contains(&span));
        let rect = &if indent {
            Rect::new(rect.x + 2, rect.y, rect.width.saturating_sub(2), 1)
        } else {
            *rect
        };
        let name = m
            .protocol
            .phases
            .get(span.phase)
            .map_or("?", |p| p.name.as_str());
        let is_current = span.contains(m.current);
        let done = span.last < m.current;
        let is_next = span.first == m.current + 1;
        let (marker, style) = if is_current {
            ("▶ ", s.current())
        } else if done {
            ("✓ ", s.done())
        } else if is_next {
            ("› ", s.text())
        } else {
            ("  ", s.muted())
        };
        let right = if is_current {
            let rounds = m
                .step()
                .round
                .as_ref()
                .map(|r| format!("{}/{} ", r.number, r.of))
                .unwrap_or_default();
            format!("{rounds}{}", clock_text(m.remaining(now)))
        } else if done {
            text::clock(m.spent_in(span).num_seconds().max(0).unsigned_abs())
        } else {
            minutes(m.planned_in(span))
        };
        let right_w = width(&right) + 1;
        let name_w = (rect.width as usize).saturating_sub(2 + right_w);
        let name = pad(&ellipsis(name, name_w), name_w);
        let line = Line::from(vec![
            Span::styled(marker, style),
            Span::styled(name, style),
            Span::styled(
                format!(" {right}"),
                if is_current {
                    s.clock(m.clock_state(now))
                } else {
                    style
                },
            ),
        ]);
        f.render_widget(Paragraph::new(line), *rect);
    }

    // Elapsed and projected end at the bottom of the timeline.
    if tl.height >= 5 {
        let inner_w = tl.width.saturating_sub(2);
        let y = tl.y + tl.height - 3;
        let planned_total = m.planned_end - m.started_at;
        let a = Line::from(vec![
            Span::styled("Elapsed ", s.muted()),
            Span::styled(elapsed_text(m, now), s.text()),
            Span::styled(format!(" of {}", minutes(planned_total)), s.muted()),
        ]);
        let b = Line::from(vec![
            Span::styled("Ends ", s.muted()),
            Span::styled(end_text(view, m), s.text()),
        ]);
        f.render_widget(Paragraph::new(a), Rect::new(tl.x + 1, y, inner_w, 1));
        f.render_widget(Paragraph::new(b), Rect::new(tl.x + 1, y + 1, inner_w, 1));
    }

    if norms_h > 0 {
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(s.border())
            .title(Line::styled(" Our norms ", s.muted()));
        let lines = bullets(&ms.setup.norms, s);
        f.render_widget(
            Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
            norms,
        );
    }
}
