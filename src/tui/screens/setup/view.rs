//! The setup screen as drawn: who is here, roles and who is due to
//! present, the work, the norms, and what earlier sessions left open.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use crate::record::history::OpenKind;
use crate::text::{ellipsis, pad, width};
use crate::tui::chrome::{FooterKey, bullets, footer_line, header_line, wrap};
use crate::tui::keymap::{self, SETUP, SetupAction};
use crate::tui::screens::action_item;
use crate::tui::style::Styles;
use crate::tui::view::View;

use super::{Field, SetupScreen, agenda};

fn focus_style(s: Styles, focused: bool) -> Style {
    if focused { s.selected() } else { s.text() }
}

fn title(s: Styles, text: String) -> Line<'static> {
    Line::styled(format!(" {text} "), s.heading())
}

pub(crate) fn draw(f: &mut Frame, view: &View<'_>, st: &SetupScreen) {
    let s = view.styles;
    let area = f.area();
    f.render_widget(Block::new().style(s.base()), area);
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut left = vec![Span::styled(st.protocol.name.clone(), s.heading())];
    if let Some(g) = &st.group {
        left.push(Span::styled(format!(" · {}", g.name), s.muted()));
    }
    left.push(Span::styled(" · getting ready", s.muted()));
    header_line(
        f,
        header,
        view,
        left,
        vec![Span::styled(
            st.meets.clone().unwrap_or_default(),
            s.muted(),
        )],
    );

    let left_w = if body.width >= 70 {
        (body.width / 3).clamp(28, 40)
    } else {
        body.width
    };
    let [people, rest] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Fill(1)]).areas(body);
    if rest.width >= 20 {
        let people = match &st.agenda {
            Some(a) => draw_agenda(f, people, st, a, s),
            None => people,
        };
        draw_people(f, people, st, s);
        draw_rest(f, rest, st, s);
    } else if st.focus.panel() == 0 {
        // Too narrow for both columns: the side with the field in focus.
        draw_people(f, body, st, s);
    } else {
        draw_rest(f, body, st, s);
    }

    footer_line(f, footer, s, &footer_keys(st));
    if let Some((_, d)) = &st.dialog {
        action_item::draw(f, body, s, d);
    }
    if let Some(a) = &st.agenda {
        agenda::draw_picker(f, body, a, st.in_room().len(), s);
    }
}

/// How many people times are planned for: those here, or the plan's group.
fn people_for_times(st: &SetupScreen) -> usize {
    match st.in_room().len() {
        0 => st.protocol.planning_group(),
        n => n,
    }
}

/// The agenda's items and the whole meeting's length, at the foot of the
/// left column when it has the rows; returns what is left above it.
fn draw_agenda(
    f: &mut Frame,
    area: Rect,
    st: &SetupScreen,
    a: &agenda::AgendaSetup,
    s: Styles,
) -> Rect {
    let people = people_for_times(st);
    let lines = agenda::item_lines(
        a,
        &st.protocol,
        people,
        &st.left_out,
        s,
        area.width.saturating_sub(2).into(),
    );
    let h = lines.len() as u16 + 2;
    // The roster keeps at least eight rows.
    if area.height < h + 8 {
        return area;
    }
    let [rest, box_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(h)]).areas(area);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(title(
            s,
            format!(
                "Agenda · {}",
                agenda::total_text(a, &st.protocol, people, &st.left_out)
            ),
        ));
    f.render_widget(Paragraph::new(lines).block(block), box_area);
    rest
}

/// The hint in the empty guest field.
pub(super) const GUEST_HINT: &str = "type a name, then Enter";

/// Said wherever the work is named: projected text reaches the whole room.
const PRIVACY: &str = "⚠ Remove student names from any work shared or projected.";

/// The keys that apply to the field in focus, then the ones that always do.
fn footer_keys(st: &SetupScreen) -> Vec<FooterKey> {
    if st.dialog.is_some() {
        return keymap::footer(keymap::ACTION_DIALOG);
    }
    if st.agenda.as_ref().is_some_and(|a| a.picker.is_some()) {
        return keymap::footer(keymap::LIST)
            .into_iter()
            .map(|(k, w)| match w.as_str() {
                "open" => (k, "choose".to_string()),
                "quit" => (k, "back".to_string()),
                _ => (k, w),
            })
            .collect();
    }
    let adding = st.focus == Field::AddGuest && super::text_of(&st.guest_input).is_some();
    // Help is listed everywhere, as the other screens do; Space names only what it does to members.
    keymap::footer_where(SETUP, |a| match a {
        SetupAction::Help => true,
        SetupAction::Toggle => matches!(
            st.focus,
            Field::Member(_) | Field::Optional(_) | Field::Protocol
        ),
        SetupAction::Down | SetupAction::Up => st.panel_len() > 1,
        _ => st.applies(a),
    })
    .into_iter()
    .map(|(k, w)| match w.as_str() {
        // Enter adds the guest being typed, when there is one to add.
        "start" if adding => (k, "add guest".to_string()),
        "present" if matches!(st.focus, Field::Optional(_)) => (k, "leave out or keep".to_string()),
        "present" if st.focus == Field::Protocol => (k, "choose".to_string()),
        _ => (k, w),
    })
    .collect()
}

fn draw_people(f: &mut Frame, area: Rect, st: &SetupScreen, s: Styles) {
    let here = st.in_room().len();
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(title(s, format!("Who is here ({here})")));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    let mut row = |f: &mut Frame, line: Line<'_>| {
        if y < bottom {
            f.render_widget(Paragraph::new(line), Rect::new(inner.x, y, inner.width, 1));
            y += 1;
        }
    };
    if st.roster.is_empty() {
        row(
            f,
            Line::styled("No roster: add people as guests,", s.muted()),
        );
        row(f, Line::styled("or run with --group ID.", s.muted()));
    }
    for (i, m) in st.roster.iter().enumerate() {
        let mark = if m.present { "[x] " } else { "[ ] " };
        let focused = st.focus == Field::Member(i);
        row(
            f,
            Line::from(vec![Span::styled(
                format!("{mark}{}", m.name),
                focus_style(s, focused),
            )]),
        );
    }
    for (i, g) in st.guests.iter().enumerate() {
        let focused = st.focus == Field::Guest(i);
        row(
            f,
            Line::from(vec![Span::styled(
                format!(" +  {g} (guest)"),
                focus_style(s, focused),
            )]),
        );
    }
    if y < bottom {
        let focused = st.focus == Field::AddGuest;
        let label = "Add a guest: ";
        f.render_widget(
            Paragraph::new(Span::styled(
                label,
                if focused { s.accent() } else { s.muted() },
            )),
            Rect::new(inner.x, y, inner.width, 1),
        );
        // The input follows the label when its hint (after the cursor's
        // cell) fits there, and takes the next line when it does not, so
        // the hint is never cut.
        let w = width(label) as u16;
        let (x, line_w) = if w + (width(GUEST_HINT) as u16) < inner.width {
            (inner.x + w, inner.width - w)
        } else {
            y += 1;
            (inner.x, inner.width)
        };
        if y < bottom && line_w > 0 {
            f.render_widget(&st.guest_input, Rect::new(x, y, line_w, 1));
        }
        y += 1;
    }
    if st.needs_count() && y + 1 < bottom {
        y += 1;
        let focused = st.focus == Field::Rounds;
        let each: Vec<&str> = st
            .protocol
            .phases
            .iter()
            .filter(|p| p.repeat == Some(crate::protocol::Repeat::Each))
            .map(|p| p.name.as_str())
            .collect();
        f.render_widget(
            Paragraph::new(Line::styled(
                format!("{} has a round per person.", each.join(", ")),
                s.muted(),
            ))
            .wrap(Wrap { trim: true }),
            Rect::new(inner.x, y, inner.width, 2.min(bottom - y)),
        );
        y += 2;
        if y < bottom {
            f.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(
                        "How many people: ",
                        if focused { s.accent() } else { s.muted() },
                    ),
                    Span::styled(format!("{}▏", st.rounds), focus_style(s, focused)),
                ])),
                Rect::new(inner.x, y, inner.width, 1),
            );
        }
    }
}

/// Who is due to present: members who have not yet this school year, then
/// those who presented longest ago. Empty without a group or a presenter role.
fn rotation_lines(st: &SetupScreen, s: Styles, room: usize) -> Vec<Line<'static>> {
    if !st.shows_rotation() {
        return Vec::new();
    }
    let not_yet = st.not_yet_presented();
    const NOT_YET: &str = "Not presented this school year: ";
    const DONE: &str = "Presented: ";
    let mut lines = vec![Line::from(vec![
        Span::styled(NOT_YET, s.muted()),
        Span::styled(
            if not_yet.is_empty() {
                "everyone has".to_string()
            } else {
                fit(&not_yet, room.saturating_sub(NOT_YET.len()))
            },
            s.text(),
        ),
    ])];
    if !st.presented.is_empty() {
        let done: Vec<String> = st
            .presented
            .iter()
            .map(|(p, d)| format!("{p} ({})", d.format("%b %-d")))
            .collect();
        let done: Vec<&str> = done.iter().map(String::as_str).collect();
        lines.push(Line::from(vec![
            Span::styled(DONE, s.muted()),
            Span::styled(fit(&done, room.saturating_sub(DONE.len())), s.text()),
        ]));
    }
    lines
}

/// As many of `names` as fit in `width` columns, then "+N more".
fn fit(names: &[&str], room: usize) -> String {
    let mut shown = String::new();
    for (i, name) in names.iter().enumerate() {
        let next = if shown.is_empty() {
            name.to_string()
        } else {
            format!("{shown}, {name}")
        };
        let rest = names.len() - i - 1;
        let tail = if rest > 0 {
            format!(" +{rest} more")
        } else {
            String::new()
        };
        if width(&next) + width(&tail) > room && !shown.is_empty() {
            return format!("{shown} +{} more", names.len() - i);
        }
        shown = next;
    }
    shown
}

fn draw_rest(f: &mut Frame, area: Rect, st: &SetupScreen, s: Styles) {
    let rotation = rotation_lines(st, s, area.width.saturating_sub(2) as usize);
    let roles_h = (st.roles.len() + rotation.len()) as u16 + 2;
    let asked = st.asked();
    // The work box: one row per answer, a gap and the warning, wrapped.
    let warning = wrap(PRIVACY, area.width.saturating_sub(2) as usize);
    // Each answer beside its label when every hint fits there (after the
    // cursor's cell), under it otherwise: a hint is never cut.
    let asked_w = asked.iter().map(|(l, _, _)| width(l)).max().unwrap_or(0);
    let stacked = asked.iter().any(|(_, _, t)| {
        asked_w + width(t.placeholder_text()) + 1 > usize::from(area.width.saturating_sub(2))
    });
    let per_answer: u16 = if stacked { 2 } else { 1 };
    // With the open items in focus, the work and what to have ready step
    // aside so the items have the room (Tab brings them back).
    let in_box = st.focus.panel() == 4;
    // An agenda's protocol to choose heads the work box: the asks follow it.
    let chooses = st.fields().contains(&Field::Protocol);
    let choose_h = u16::from(chooses);
    let work_h = if (asked.is_empty() && !chooses) || in_box {
        0
    } else if asked.is_empty() {
        choose_h + 2
    } else {
        choose_h + asked.len() as u16 * per_answer + 3 + warning.len() as u16
    };
    let before = before_lines(st, s);
    let before_h = if before.is_empty() || in_box {
        0
    } else {
        // Rows once wrapped, roughly: each line's width over the inner width.
        let inner_w = usize::from(area.width.saturating_sub(2)).max(1);
        let rows: usize = before
            .iter()
            .map(|l| width(&l.to_string()).div_ceil(inner_w).max(1))
            .sum();
        // A third of the height, or more when the optional phases need it:
        // they come first, and Space acts on them.
        let optional = st.protocol.phases.iter().filter(|p| p.optional).count() as u16;
        (rows as u16 + 2).min((area.height / 3).max(optional + 2))
    };
    let [roles, work, ready, lower] = Layout::vertical([
        Constraint::Length(roles_h),
        Constraint::Length(work_h),
        Constraint::Length(before_h),
        Constraint::Fill(1),
    ])
    .areas(area);
    if before_h > 0 {
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(s.border())
            .title(title(s, "Before you start".into()));
        f.render_widget(
            Paragraph::new(before)
                .block(block)
                .wrap(Wrap { trim: true }),
            ready,
        );
    }

    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(title(s, "Roles".into()));
    // The label column fits the longest role name (by display width), up
    // to half the panel; a longer name is cut with `…`, never run into its value.
    let inner_w = usize::from(roles.width.saturating_sub(2));
    let label_w = st
        .roles
        .iter()
        .map(|r| width(&r.label))
        .max()
        .unwrap_or(0)
        .min(inner_w / 2)
        + 1;
    let lines: Vec<Line> = st
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let focused = st.focus == Field::Role(i);
            let who = r.person.clone().unwrap_or_else(|| "—".into());
            let value_w = inner_w.saturating_sub(label_w);
            Line::from(vec![
                Span::styled(pad(&ellipsis(&r.label, label_w - 1), label_w), s.muted()),
                Span::styled(
                    if focused {
                        format!("◂ {} ▸", ellipsis(&who, value_w.saturating_sub(4)))
                    } else {
                        format!("  {}", ellipsis(&who, value_w.saturating_sub(4)))
                    },
                    focus_style(s, focused),
                ),
            ])
        })
        .chain(rotation)
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), roles);

    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(title(s, "The work".into()));
    let inner = block.inner(work);
    if work_h > 0 {
        f.render_widget(block, work);
    }
    if work_h > 0 && chooses {
        let focused = st.focus == Field::Protocol;
        let chosen = st.agenda.as_ref().and_then(|a| a.chosen_protocol());
        let label = "Protocol: ";
        let value = match chosen {
            Some(p) => format!("{} ({})", p.name, agenda::length(p, st.in_room().len())),
            None => "— Space to choose".to_string(),
        };
        let value_w = usize::from(inner.width).saturating_sub(width(label));
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(label, if focused { s.accent() } else { s.muted() }),
                Span::styled(
                    ellipsis(&value, value_w),
                    if chosen.is_none() && !focused {
                        s.error()
                    } else {
                        focus_style(s, focused)
                    },
                ),
            ])),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
    }
    let inner = Rect::new(
        inner.x,
        inner.y + choose_h,
        inner.width,
        inner.height.saturating_sub(choose_h),
    );
    let label_w = (asked_w as u16).min(inner.width);
    let rows = asked.len() as u16 * per_answer;
    for (i, (label, field, input)) in asked.into_iter().enumerate() {
        let y = inner.y + i as u16 * per_answer;
        if y >= inner.y + inner.height {
            break;
        }
        let focused = st.focus == field;
        f.render_widget(
            Paragraph::new(Span::styled(
                label,
                if focused { s.accent() } else { s.muted() },
            )),
            Rect::new(inner.x, y, label_w, 1),
        );
        let at = if stacked {
            Rect::new(inner.x, y + 1, inner.width, 1)
        } else {
            Rect::new(inner.x + label_w, y, inner.width - label_w, 1)
        };
        if at.width > 0 && at.y < inner.y + inner.height {
            f.render_widget(input, at);
        }
    }
    if work_h > 0 && rows > 0 && inner.height > rows + 1 {
        let lines: Vec<Line> = warning
            .into_iter()
            .map(|l| Line::styled(l, s.error()))
            .collect();
        f.render_widget(
            Paragraph::new(lines),
            Rect::new(
                inner.x,
                inner.y + rows + 1,
                inner.width,
                inner.height - rows - 1,
            ),
        );
    }

    let has_previous = !st.previous.is_empty() || !st.earlier.is_empty();
    let show_previous = has_previous && (lower.width >= 50 || in_box);
    // Too narrow for both: the open items, when they are in focus, alone.
    let norms_w = match (in_box, lower.width < 50) {
        (true, true) => 0,
        (true, false) => 1,
        (false, _) => 2,
    };
    let [norms, previous] = Layout::horizontal([
        Constraint::Fill(norms_w),
        Constraint::Fill(if show_previous { 3 } else { 0 }),
    ])
    .areas(lower);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(title(s, "Our norms".into()));
    let mut lines = bullets(&st.norms, s);
    if let Some(focus) = st.group.as_ref().and_then(|g| g.focus.clone()) {
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::styled("Our focus: ", s.muted()),
            Span::styled(focus, s.text()),
        ]));
    }
    f.render_widget(
        Paragraph::new(Text::from(lines))
            .block(block)
            .wrap(Wrap { trim: true }),
        norms,
    );

    if show_previous {
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(if in_box { s.accent() } else { s.border() })
            .title(title(s, "Open from earlier sessions".into()));
        // The action items first: they are what Ctrl-D and Ctrl-E change.
        let mut selected_at = 0;
        let mut lines: Vec<Line> = Vec::new();
        for (i, item) in st.earlier.iter().enumerate() {
            let focused = st.focus == Field::Open(i);
            if focused {
                selected_at = lines.len();
            }
            let mut spans = vec![Span::styled(if focused { "▸" } else { " " }, s.accent())];
            spans.extend(action_item::item_spans(item, focus_style(s, focused), s));
            lines.push(Line::from(spans));
        }
        lines.extend(
            st.previous
                .iter()
                .filter(|o| st.shown_apart(o))
                .map(|item| {
                    let (mark, label) = match item.kind {
                        OpenKind::Action => ("☐ ", "action"),
                        OpenKind::Delta => ("Δ ", "delta"),
                    };
                    let mut spans = vec![
                        Span::styled(mark, s.accent()),
                        Span::styled(item.text.clone(), s.text()),
                    ];
                    if !st.earlier.is_empty() {
                        spans.insert(0, Span::raw(" "));
                    }
                    let mut meta = Vec::new();
                    if let Some(o) = &item.owner {
                        meta.push(o.clone());
                    }
                    if let Some(d) = item.due {
                        meta.push(format!("due {}", d.format("%b %-d")));
                    }
                    meta.push(format!("{label} from {}", item.from.format("%b %-d")));
                    spans.push(Span::styled(format!(" ({})", meta.join(", ")), s.muted()));
                    Line::from(spans)
                }),
        );
        // Keeps the selected item in view (lines may wrap: roughly).
        let inner_h = usize::from(previous.height.saturating_sub(2)).max(1);
        let scroll = selected_at.saturating_sub(inner_h - 1) as u16;
        f.render_widget(
            Paragraph::new(Text::from(lines))
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0)),
            previous,
        );
    }
}

/// The optional phases, each with whether it runs (Space leaves the one in
/// focus out), then what to have ready: materials, preparation.
fn before_lines(st: &SetupScreen, s: Styles) -> Vec<Line<'static>> {
    let p = &st.protocol;
    let mut lines = Vec::new();
    // The optional phases first: they are what Space changes here.
    for (i, phase) in p.phases.iter().enumerate().filter(|(_, ph)| ph.optional) {
        let focused = st.focus == Field::Optional(i);
        let out = st.left_out.contains(&i);
        lines.push(Line::from(vec![
            Span::styled(if out { "[ ] " } else { "[x] " }, focus_style(s, focused)),
            Span::styled(
                format!(
                    "{} ({} min, optional){}",
                    phase.name,
                    crate::text::minutes_number(phase.round_secs()),
                    if out { ": left out" } else { "" }
                ),
                focus_style(s, focused),
            ),
        ]));
    }
    if !p.materials.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Materials: ", s.muted()),
            Span::styled(p.materials.join(" · "), s.text()),
        ]));
    }
    if let Some(prep) = &p.preparation {
        lines.push(Line::from(vec![
            Span::styled("Preparation: ", s.muted()),
            Span::styled(
                prep.split_whitespace().collect::<Vec<_>>().join(" "),
                s.text(),
            ),
        ]));
    }
    lines
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::meeting::session::Setup;

    fn words(st: &SetupScreen) -> Vec<String> {
        footer_keys(st)
            .into_iter()
            .map(|(k, w)| format!("{k} {w}"))
            .collect()
    }

    #[test]
    fn the_footer_shows_the_keys_of_the_field_in_focus() {
        let protocol = crate::protocol::builtin("tuning").unwrap();
        let mut st = SetupScreen::new(protocol, Setup::default());
        assert_eq!(st.focus, Field::AddGuest);
        assert_eq!(
            words(&st),
            ["Tab panel", "Enter start", "? help", "Esc quit"]
        );
        st.guest_input.insert_str("Dana");
        assert_eq!(
            words(&st),
            ["Tab panel", "Enter add guest", "? help", "Esc quit"]
        );
        st.focus = Field::Role(0);
        assert_eq!(
            words(&st),
            [
                "→ who",
                "Tab panel",
                "↓ move",
                "Enter start",
                "? help",
                "Esc quit"
            ]
        );
        st.roster.push(super::super::Member {
            name: "Ana".into(),
            present: false,
        });
        st.focus = Field::Member(0);
        assert_eq!(
            words(&st),
            [
                "Space present",
                "a all",
                "Tab panel",
                "↓ move",
                "Enter start",
                "? help",
                "Esc quit"
            ]
        );
    }

    #[test]
    fn names_that_do_not_fit_are_counted() {
        let names = ["Ana Ruiz", "Ben Okafor", "Chen Li", "Dana Wright"];
        assert_eq!(
            fit(&names, 80),
            "Ana Ruiz, Ben Okafor, Chen Li, Dana Wright"
        );
        assert_eq!(fit(&names, 30), "Ana Ruiz, Ben Okafor +2 more");
        // The first name always shows, even when nothing fits.
        assert_eq!(fit(&names, 3), "Ana Ruiz +3 more");
        assert_eq!(fit(&[], 10), "");
    }
}
