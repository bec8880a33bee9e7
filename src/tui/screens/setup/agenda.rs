//! An agenda at setup: its items and the whole meeting's length, and, for
//! an agenda with `protocol: choose`, the list the facilitator picks the
//! protocol from. The setup's protocol is always the agenda expanded with
//! the pick, so the asks, roles and optional phases follow the choice.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::agenda::{self, Agenda, ExpandError};
use crate::protocol::Protocol;
use crate::text::{ellipsis, minutes_number, pad};
use crate::tui::keymap::{self, LIST, ListAction};
use crate::tui::style::Styles;

/// An agenda being set up.
#[derive(Debug, Clone)]
pub struct AgendaSetup {
    pub agenda: Agenda,
    /// The protocol library: the protocols the agenda names are found here,
    /// and `protocol: choose` picks from it.
    pub library: Vec<Protocol>,
    /// The id of the protocol picked for `protocol: choose`.
    pub chosen: Option<String>,
    /// The picker, when open: the highlighted row.
    pub picker: Option<usize>,
}

/// What a key in the open picker did.
pub(crate) enum PickerOutcome {
    Used,
    Help,
    /// Closed without a new pick.
    Closed,
    /// A protocol was picked (its id).
    Picked(String),
}

impl AgendaSetup {
    /// An agenda over `library`, with `chosen` (an id in it) picked for the
    /// `protocol: choose` item, if any.
    pub fn new(agenda: Agenda, library: Vec<Protocol>, chosen: Option<String>) -> AgendaSetup {
        AgendaSetup {
            agenda,
            library,
            chosen,
            picker: None,
        }
    }

    /// True while the agenda waits for its protocol to be chosen.
    pub fn needs_choice(&self) -> bool {
        self.agenda.chooses() && self.chosen_protocol().is_none()
    }

    pub fn chosen_protocol(&self) -> Option<&Protocol> {
        let id = self.chosen.as_deref()?;
        self.library.iter().find(|p| p.id == id)
    }

    /// The agenda expanded for this meeting. Before the protocol is chosen,
    /// the `choose` item stands in with no phases (the meeting cannot start
    /// until it is chosen), so the rest of the agenda can be set up.
    pub fn expanded(&self) -> Result<Protocol, ExpandError> {
        plan_of(&self.agenda, &self.library, self.chosen_protocol())
    }

    /// Opens the picker on the protocol chosen, or the first.
    pub fn open_picker(&mut self) {
        let at = self
            .chosen
            .as_deref()
            .and_then(|id| self.library.iter().position(|p| p.id == id))
            .unwrap_or(0);
        self.picker = Some(at);
    }

    pub(crate) fn picker_key(&mut self, key: KeyEvent) -> PickerOutcome {
        let Some(at) = self.picker.as_mut() else {
            return PickerOutcome::Closed;
        };
        let last = self.library.len().saturating_sub(1);
        match keymap::lookup(LIST, &key) {
            Some(ListAction::Up) => *at = at.saturating_sub(1),
            Some(ListAction::Down) => *at = (*at + 1).min(last),
            Some(ListAction::PageUp) => *at = at.saturating_sub(10),
            Some(ListAction::PageDown) => *at = (*at + 10).min(last),
            Some(ListAction::Top) => *at = 0,
            Some(ListAction::Bottom) => *at = last,
            Some(ListAction::Open) => {
                let picked = self.library.get(*at).map(|p| p.id.clone());
                self.picker = None;
                return match picked {
                    Some(id) => PickerOutcome::Picked(id),
                    None => PickerOutcome::Closed,
                };
            }
            Some(ListAction::Help) => return PickerOutcome::Help,
            Some(ListAction::Quit) => {
                self.picker = None;
                return PickerOutcome::Closed;
            }
            None => {}
        }
        PickerOutcome::Used
    }

    /// Which item asks for the choice, counted from 1, and its name.
    fn choose_item(&self) -> Option<usize> {
        self.agenda.items.iter().position(|i| {
            matches!(
                i,
                agenda::Item::Protocol(agenda::ProtocolItem {
                    protocol: agenda::ProtocolRef::Choose,
                    ..
                })
            )
        })
    }
}

/// `agenda` expanded over `library` with `chosen` for its `protocol:
/// choose` item; with nothing chosen, that item stands in with no phases.
pub(crate) fn plan_of(
    agenda: &Agenda,
    library: &[Protocol],
    chosen: Option<&Protocol>,
) -> Result<Protocol, ExpandError> {
    let lookup = |id: &str| library.iter().find(|p| p.id == id).cloned();
    match chosen {
        Some(p) if agenda.chooses() => agenda::expand(agenda, &lookup, Some(p.clone())),
        _ => agenda::planned(agenda, &lookup),
    }
}

/// A protocol's length as lists write it, for the `here` people in the
/// room (none marked yet: the protocol's own planning group): "50 min",
/// "45* min" when rounds follow the people present.
pub(crate) fn length(p: &Protocol, here: usize) -> String {
    let people = if here == 0 { p.planning_group() } else { here };
    let m = minutes_number(p.total_secs(people));
    if p.depends_on_people() {
        format!("{m}* min")
    } else {
        format!("{m} min")
    }
}

/// The planned seconds of the phases in `range` for `people`, without the
/// optional ones the facilitator left out (`left_out`, phase indexes).
fn kept_secs(
    plan: &Protocol,
    range: std::ops::Range<usize>,
    people: usize,
    left_out: &[usize],
) -> u64 {
    range
        .filter(|i| !left_out.contains(i))
        .filter_map(|i| plan.phases.get(i))
        .fold(0u64, |t, p| {
            t.saturating_add(plan.phase_plan(p, people).secs)
        })
}

/// The agenda's items, each with its planned minutes for `people` (the
/// optional phases left out not counted; an item left out whole says so),
/// the item to choose marked.
pub(crate) fn item_lines(
    a: &AgendaSetup,
    plan: &Protocol,
    people: usize,
    left_out: &[usize],
    s: Styles,
    room: usize,
) -> Vec<Line<'static>> {
    let choose = a.choose_item();
    let mut lines = Vec::new();
    for span in plan.items() {
        let secs = kept_secs(plan, span.phases.clone(), people, left_out);
        let out = !span.phases.is_empty() && span.phases.clone().all(|i| left_out.contains(&i));
        let waiting = Some(span.index) == choose && a.needs_choice();
        let time = if waiting {
            "  ?".to_string()
        } else if out {
            "  –".to_string()
        } else {
            format!("{:>3}", minutes_number(secs))
        };
        if out {
            let name = format!("{} (left out)", span.name);
            lines.push(Line::from(vec![
                Span::styled(format!("{time} min  "), s.muted()),
                Span::styled(ellipsis(&name, room.saturating_sub(9)), s.muted()),
            ]));
            continue;
        }
        let name = if waiting {
            "— choose a protocol".to_string()
        } else {
            span.name.clone()
        };
        let name_w = room.saturating_sub(9);
        lines.push(Line::from(vec![
            Span::styled(format!("{time} min  "), s.muted()),
            Span::styled(
                ellipsis(&name, name_w),
                if waiting { s.error() } else { s.text() },
            ),
        ]));
    }
    lines
}

/// The whole meeting's length: "65 min", or "15 min + the protocol",
/// without the optional phases left out.
pub(crate) fn total_text(
    a: &AgendaSetup,
    plan: &Protocol,
    people: usize,
    left_out: &[usize],
) -> String {
    let m = minutes_number(kept_secs(plan, 0..plan.phases.len(), people, left_out));
    if a.needs_choice() {
        format!("{m} min + the protocol")
    } else if plan.depends_on_people() {
        format!("{m}* min")
    } else {
        format!("{m} min")
    }
}

/// The picker, over `area`: the protocols with their lengths, the one
/// highlighted, and what the meeting's length becomes with it.
pub(crate) fn draw_picker(f: &mut Frame, area: Rect, a: &AgendaSetup, here: usize, s: Styles) {
    let Some(at) = a.picker else {
        return;
    };
    let w = area.width.min(60);
    let h = area
        .height
        .min(a.library.len() as u16 + 4)
        .max(6.min(area.height));
    let x = area.x + area.width.saturating_sub(w) / 2;
    let y = area.y + area.height.saturating_sub(h) / 2;
    let r = Rect::new(x, y, w, h);
    f.render_widget(Clear, r);
    let item = a
        .choose_item()
        .map_or(String::new(), |i| format!(" for item {}", i + 1));
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.accent())
        .title(Line::styled(
            format!(" Choose the protocol{item} "),
            s.heading(),
        ));
    let inner = block.inner(r);
    f.render_widget(block, r);
    // The list comes first: where only a line or two fit (20×6), the
    // whole meeting's length gives way, or nothing could be chosen by sight.
    let (list, total) = if inner.height >= 3 {
        let [list, _, total] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        (list, Some(total))
    } else {
        (inner, None)
    };
    let rows = list.height as usize;
    let first = at.saturating_sub(rows.saturating_sub(1));
    let len_w = 9;
    let name_w = (list.width as usize).saturating_sub(len_w + 2);
    let lines: Vec<Line> = a
        .library
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, p)| {
            let style = if i == at { s.selected() } else { s.text() };
            let mark = if a.chosen.as_deref() == Some(p.id.as_str()) {
                "✓ "
            } else {
                "  "
            };
            Line::from(vec![
                Span::styled(mark, s.accent()),
                Span::styled(pad(&ellipsis(&p.name, name_w), name_w), style),
                Span::styled(
                    format!("{:>len_w$}", length(p, here)),
                    if i == at { style } else { s.muted() },
                ),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), list);
    // What the whole meeting comes to with the highlighted protocol.
    let with = a.library.get(at).and_then(|p| {
        let mut trial = a.clone();
        trial.chosen = Some(p.id.clone());
        trial.expanded().ok()
    });
    if let (Some(plan), Some(total)) = (with, total) {
        let text = format!("The whole meeting: {}", length(&plan, here));
        f.render_widget(
            Paragraph::new(Line::styled(
                ellipsis(&text, usize::from(total.width)),
                s.muted(),
            )),
            total,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An optional item left out at setup is not counted in the agenda's
    /// panel, which says it is left out, nor in the whole meeting's length.
    #[test]
    fn an_item_left_out_at_setup_is_not_counted() {
        let agenda = crate::agenda::check(
            "id: a\nname: A\nsummary: s\nitems:\n  - {name: Connection, minutes: 5}\n  - {name: If time allows, minutes: 10, optional: true}\n  - {name: Plus/delta, minutes: 5, checkin: true}\n",
        )
        .value
        .expect("valid");
        let a = AgendaSetup::new(agenda, Vec::new(), None);
        let plan = a.expanded().expect("expands");
        let s = Styles::new(&crate::theme::Theme::fallback());
        let text = |left_out: &[usize]| -> Vec<String> {
            item_lines(&a, &plan, 8, left_out, s, 40)
                .iter()
                .map(|l| l.to_string())
                .collect()
        };
        assert_eq!(total_text(&a, &plan, 8, &[]), "20 min");
        assert_eq!(text(&[])[1], " 10 min  If time allows");
        assert_eq!(total_text(&a, &plan, 8, &[1]), "10 min");
        assert_eq!(text(&[1])[1], "  – min  If time allows (left out)");
        assert_eq!(text(&[1])[2], "  5 min  Plus/delta");
    }
}
