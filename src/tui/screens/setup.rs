//! Before the clock starts: attendance, roles, the presenter's focusing
//! question and the work, the group's norms, and what earlier sessions left
//! open. Enter starts the meeting.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::group::Group;
use crate::meeting::session::{Attendance, GroupRef, RoleAssignment, Setup};
use crate::meeting::{Meeting, Rounds, TooManySteps};
use crate::protocol::Protocol;
use crate::protocol::model::MAX_STEPS;
use crate::record::history::{GroupHistory, OpenItem, OpenKind};
use crate::tui::app::{App, Confirm, Goto, Outcome, Overlay, Pending};
use crate::tui::style::Styles;

use super::meeting::MeetingScreen;
use super::{footer_line, header_line, rows};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub present: bool,
}

/// A meeting role and who holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSlot {
    pub id: String,
    pub label: String,
    pub person: Option<String>,
}

/// The fields of the form, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Member(usize),
    Guest(usize),
    AddGuest,
    Rounds,
    Role(usize),
    Question,
    Work,
}

pub struct SetupScreen {
    pub protocol: Protocol,
    pub group: Option<GroupRef>,
    pub meets: Option<String>,
    pub norms: Vec<String>,
    pub roster: Vec<Member>,
    pub guests: Vec<String>,
    pub roles: Vec<RoleSlot>,
    pub guest_input: TextArea<'static>,
    pub question: TextArea<'static>,
    pub work: TextArea<'static>,
    /// How many people are here, when rounds need it and nobody is marked present.
    pub rounds: String,
    pub focus: Field,
    pub previous: Vec<OpenItem>,
    /// Who presented this school year, longest ago first.
    pub presented: Vec<(String, NaiveDate)>,
    /// Something was typed or toggled: leaving asks first.
    pub changed: bool,
}

/// Rounds are asked for up to this many people.
const MAX_ROUNDS: usize = 60;

/// The meeting roles offered besides the protocol's presenter.
const MEETING_ROLES: &[(&str, &str)] = &[
    ("facilitator", "Facilitator"),
    ("timekeeper", "Timekeeper"),
    ("note-taker", "Note-taker"),
];

fn input(placeholder: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(Style::default());
    t.set_placeholder_text(placeholder);
    t
}

fn text_of(t: &TextArea<'_>) -> Option<String> {
    let s = t.lines().join(" ").trim().to_string();
    (!s.is_empty()).then_some(s)
}

impl SetupScreen {
    /// A setup without a group: an empty roster and the default norms in `setup`.
    pub fn new(protocol: Protocol, setup: Setup) -> SetupScreen {
        let roles = Self::role_slots(&protocol, None);
        let mut s = SetupScreen {
            protocol,
            group: setup.group.clone(),
            meets: None,
            norms: setup.norms.clone(),
            roster: Vec::new(),
            guests: setup.attendance.guests.clone(),
            roles,
            guest_input: input("a guest's name, then Enter"),
            question: input("what the presenter wants help with"),
            work: input("e.g. lab reports from period 3, names removed"),
            rounds: String::new(),
            focus: Field::AddGuest,
            previous: Vec::new(),
            presented: Vec::new(),
            changed: false,
        };
        s.focus = s.fields().first().copied().unwrap_or(Field::AddGuest);
        s
    }

    /// A setup for a group: its roster to mark present, its norms, its facilitator.
    pub fn for_group(
        protocol: Protocol,
        group: &Group,
        default_norms: Vec<String>,
        history: GroupHistory,
    ) -> SetupScreen {
        let norms = if group.norms.is_empty() {
            default_norms
        } else {
            group.norms.clone()
        };
        let setup = Setup {
            group: Some(GroupRef {
                id: group.id.clone(),
                name: group.name.clone(),
                focus: group.focus.clone(),
            }),
            norms,
            ..Setup::default()
        };
        let mut s = SetupScreen::new(protocol, setup);
        s.roster = group
            .members
            .iter()
            .map(|m| Member {
                name: m.clone(),
                present: false,
            })
            .collect();
        s.meets = group.meets.clone();
        s.roles = Self::role_slots(&s.protocol, group.facilitator.as_deref());
        s.previous = history.open;
        s.presented = history.presented;
        s.focus = s.fields().first().copied().unwrap_or(Field::AddGuest);
        s
    }

    fn role_slots(protocol: &Protocol, facilitator: Option<&str>) -> Vec<RoleSlot> {
        let label = |id: &str, fallback: &str| {
            protocol
                .roles
                .iter()
                .find(|r| r.id == id)
                .map_or_else(|| fallback.to_string(), |r| r.name.clone())
        };
        let mut slots = Vec::new();
        if protocol.roles.iter().any(|r| r.id == "presenter") {
            slots.push(RoleSlot {
                id: "presenter".into(),
                label: label("presenter", "Presenter"),
                person: None,
            });
        }
        for (id, fallback) in MEETING_ROLES {
            slots.push(RoleSlot {
                id: (*id).into(),
                label: label(id, fallback),
                person: (*id == "facilitator")
                    .then(|| facilitator.map(str::to_string))
                    .flatten(),
            });
        }
        slots
    }

    /// Everyone in the room: members marked present, then guests.
    pub fn in_room(&self) -> Vec<String> {
        self.roster
            .iter()
            .filter(|m| m.present)
            .map(|m| m.name.clone())
            .chain(self.guests.iter().cloned())
            .collect()
    }

    /// True when `repeat: each` needs a count because nobody is marked present.
    pub fn needs_count(&self) -> bool {
        self.protocol.depends_on_people() && self.in_room().is_empty()
    }

    pub fn fields(&self) -> Vec<Field> {
        let mut f: Vec<Field> = (0..self.roster.len()).map(Field::Member).collect();
        f.extend((0..self.guests.len()).map(Field::Guest));
        f.push(Field::AddGuest);
        if self.needs_count() {
            f.push(Field::Rounds);
        }
        f.extend((0..self.roles.len()).map(Field::Role));
        f.push(Field::Question);
        f.push(Field::Work);
        f
    }

    fn move_focus(&mut self, by: isize) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        let n = fields.len() as isize;
        self.focus = fields[((at + by).rem_euclid(n.max(1))) as usize];
    }

    fn rounds_for_meeting(&self) -> Option<Rounds> {
        let people = self.in_room();
        if !people.is_empty() {
            return Some(Rounds::for_people(people));
        }
        if !self.needs_count() {
            return Some(Rounds::default());
        }
        self.rounds
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_ROUNDS).contains(n))
            .map(Rounds::count)
    }

    /// The setup as it will be recorded.
    pub fn setup(&self) -> Setup {
        let in_room = self.in_room();
        Setup {
            group: self.group.clone(),
            norms: self.norms.clone(),
            attendance: Attendance {
                present: self
                    .roster
                    .iter()
                    .filter(|m| m.present)
                    .map(|m| m.name.clone())
                    .collect(),
                absent: self
                    .roster
                    .iter()
                    .filter(|m| !m.present)
                    .map(|m| m.name.clone())
                    .collect(),
                guests: self.guests.clone(),
                changes: Vec::new(),
            },
            roles: self
                .roles
                .iter()
                .filter_map(|r| {
                    r.person.as_ref().map(|p| RoleAssignment {
                        role: r.id.clone(),
                        person: p.clone(),
                    })
                })
                // Someone marked absent after being given a role no longer holds it,
                // unless they were never on the roster (a visiting facilitator).
                .filter(|r| {
                    in_room.contains(&r.person) || !self.roster.iter().any(|m| m.name == r.person)
                })
                .collect(),
            focusing_question: text_of(&self.question),
            work: text_of(&self.work),
        }
    }

    fn cycle_role(&mut self, i: usize, by: isize) {
        let mut choices: Vec<Option<String>> = vec![None];
        choices.extend(self.in_room().into_iter().map(Some));
        let Some(slot) = self.roles.get_mut(i) else {
            return;
        };
        if slot.person.is_some() && !choices.contains(&slot.person) {
            choices.push(slot.person.clone());
        }
        let at = choices.iter().position(|c| *c == slot.person).unwrap_or(0) as isize;
        let n = choices.len() as isize;
        slot.person = choices[((at + by).rem_euclid(n)) as usize].clone();
        self.changed = true;
    }

    fn start(&self, now: DateTime<Utc>) -> Outcome {
        match self.rounds_for_meeting() {
            Some(rounds) => match Meeting::try_start(self.protocol.clone(), &rounds, now) {
                Ok(meeting) => Outcome {
                    goto: Some(Goto::Meeting(Box::new(MeetingScreen::new(
                        meeting,
                        self.setup(),
                    )))),
                    ..Outcome::default()
                },
                // The attendance decides the rounds, so the cap is only known here.
                Err(TooManySteps { steps, people }) => Outcome {
                    flash: Some(format!(
                        "Cannot start: {steps} steps for {people} people; plg runs at most {MAX_STEPS}. Shorten the protocol or count fewer people"
                    )),
                    ..Outcome::default()
                },
            },
            None => Outcome {
                flash: Some(format!(
                    "Mark who is here, or type how many people came (1-{MAX_ROUNDS}), then Enter"
                )),
                ..Outcome::default()
            },
        }
    }

    pub fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let text_field = matches!(self.focus, Field::AddGuest | Field::Question | Field::Work);
        match key.code {
            KeyCode::Char('c') if ctrl => return self.leave(),
            KeyCode::Esc => return self.leave(),
            KeyCode::Tab | KeyCode::Down => {
                self.move_focus(1);
                return Outcome::default();
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.move_focus(-1);
                return Outcome::default();
            }
            KeyCode::Enter => {
                if self.focus == Field::AddGuest
                    && let Some(name) = text_of(&self.guest_input)
                {
                    if !self.in_room().contains(&name)
                        && !self.roster.iter().any(|m| m.name == name)
                    {
                        self.guests.push(name);
                    }
                    self.guest_input = input("a guest's name, then Enter");
                    self.changed = true;
                    return Outcome::default();
                }
                return self.start(now);
            }
            KeyCode::Char('?') if !text_field => return Outcome::overlay(Overlay::Help),
            _ => {}
        }
        match self.focus {
            Field::Member(i) => match key.code {
                KeyCode::Char(' ') | KeyCode::Char('x') => {
                    if let Some(m) = self.roster.get_mut(i) {
                        m.present = !m.present;
                        self.changed = true;
                    }
                }
                KeyCode::Char('a') => {
                    let all = self.roster.iter().all(|m| m.present);
                    for m in &mut self.roster {
                        m.present = !all;
                    }
                    self.changed = true;
                }
                _ => {}
            },
            Field::Guest(i) => {
                if matches!(key.code, KeyCode::Delete | KeyCode::Backspace) && i < self.guests.len()
                {
                    self.guests.remove(i);
                    self.changed = true;
                    if self.guests.is_empty() || i >= self.guests.len() {
                        self.focus = Field::AddGuest;
                    }
                }
            }
            Field::Role(i) => match key.code {
                KeyCode::Right | KeyCode::Char(' ') => self.cycle_role(i, 1),
                KeyCode::Left => self.cycle_role(i, -1),
                _ => {}
            },
            Field::Rounds => match key.code {
                KeyCode::Char(c) if c.is_ascii_digit() && self.rounds.len() < 2 => {
                    self.rounds.push(c);
                    self.changed = true;
                }
                KeyCode::Backspace => {
                    self.rounds.pop();
                }
                _ => {}
            },
            Field::AddGuest => {
                self.guest_input.input(key);
                self.changed = true;
            }
            Field::Question => {
                self.question.input(key);
                self.changed = true;
            }
            Field::Work => {
                self.work.input(key);
                self.changed = true;
            }
        }
        Outcome::default()
    }

    fn leave(&self) -> Outcome {
        if !self.changed {
            return Outcome::quit();
        }
        Outcome::overlay(Overlay::Confirm(Confirm {
            title: "Leave without starting?".into(),
            text: "Attendance and what you typed here are not saved until the meeting starts."
                .into(),
            choices: Vec::new(),
            yes: Some(Pending::Quit),
        }))
    }
}

pub fn help_rows() -> Vec<(String, String)> {
    rows(&[
        ("Tab/↓", "next field"),
        ("Shift-Tab/↑", "previous field"),
        ("Space", "mark a member present or absent"),
        ("a", "mark every member present (or none)"),
        (
            "Enter",
            "in the guest field: add the guest; anywhere else: start the meeting",
        ),
        ("Del", "remove the selected guest"),
        ("←/→", "choose who holds a role"),
        ("0-9", "how many people are here, when nobody is marked"),
        ("?", "this help (outside text fields)"),
        (
            "Esc/Ctrl-C",
            "leave without starting (asks if anything changed)",
        ),
    ])
}

fn focus_style(s: Styles, focused: bool) -> Style {
    if focused { s.selected() } else { s.text() }
}

fn title(s: Styles, text: String) -> Line<'static> {
    Line::styled(format!(" {text} "), s.heading())
}

pub fn draw(f: &mut Frame, app: &App, st: &SetupScreen) {
    let s = app.styles;
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
        app,
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
    draw_people(f, people, st, s);
    if rest.width >= 20 {
        draw_rest(f, rest, st, s);
    }

    let keys: Vec<(String, String)> = match st.focus {
        Field::Member(_) => vec![
            ("Space".into(), "present".into()),
            ("a".into(), "all".into()),
        ],
        Field::Guest(_) => vec![("Del".into(), "remove guest".into())],
        Field::AddGuest => vec![("Enter".into(), "add guest".into())],
        Field::Role(_) => vec![("←/→".into(), "who".into())],
        Field::Rounds => vec![("0-9".into(), "people".into())],
        Field::Question | Field::Work => vec![],
    }
    .into_iter()
    .chain([
        ("Tab".to_string(), "next".to_string()),
        ("Enter".into(), "start".into()),
        ("?".into(), "help".into()),
        ("Esc".into(), "quit".into()),
    ])
    .collect();
    footer_line(f, footer, app, &keys);
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
        let w = label.len() as u16;
        if inner.width > w {
            f.render_widget(
                &st.guest_input,
                Rect::new(inner.x + w, y, inner.width - w, 1),
            );
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
fn rotation_lines(st: &SetupScreen, s: Styles, width: usize) -> Vec<Line<'static>> {
    if st.roster.is_empty() || !st.roles.iter().any(|r| r.id == "presenter") {
        return Vec::new();
    }
    let not_yet: Vec<&str> = st
        .roster
        .iter()
        .map(|m| m.name.as_str())
        .filter(|m| !st.presented.iter().any(|(p, _)| p == m))
        .collect();
    const NOT_YET: &str = "Not presented this school year: ";
    const DONE: &str = "Presented: ";
    let mut lines = vec![Line::from(vec![
        Span::styled(NOT_YET, s.muted()),
        Span::styled(
            if not_yet.is_empty() {
                "everyone has".to_string()
            } else {
                fit(&not_yet, width.saturating_sub(NOT_YET.len()))
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
            Span::styled(fit(&done, width.saturating_sub(DONE.len())), s.text()),
        ]));
    }
    lines
}

/// As many of `names` as fit in `width` columns, then "+N more".
fn fit(names: &[&str], width: usize) -> String {
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
        if next.chars().count() + tail.chars().count() > width && !shown.is_empty() {
            return format!("{shown} +{} more", names.len() - i);
        }
        shown = next;
    }
    shown
}

fn draw_rest(f: &mut Frame, area: Rect, st: &SetupScreen, s: Styles) {
    let rotation = rotation_lines(st, s, area.width.saturating_sub(2) as usize);
    let roles_h = (st.roles.len() + rotation.len()) as u16 + 2;
    let [roles, work, lower] = Layout::vertical([
        Constraint::Length(roles_h),
        Constraint::Length(5),
        Constraint::Fill(1),
    ])
    .areas(area);

    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(title(s, "Roles".into()));
    let lines: Vec<Line> = st
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let focused = st.focus == Field::Role(i);
            let who = r.person.clone().unwrap_or_else(|| "—".into());
            Line::from(vec![
                Span::styled(format!("{:<14}", r.label), s.muted()),
                Span::styled(
                    if focused {
                        format!("◂ {who} ▸")
                    } else {
                        format!("  {who}")
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
    f.render_widget(block, work);
    let label_w = 20u16;
    for (i, (label, field, input)) in [
        ("Focusing question: ", Field::Question, &st.question),
        ("Work looked at: ", Field::Work, &st.work),
    ]
    .into_iter()
    .enumerate()
    {
        let y = inner.y + i as u16;
        if y >= inner.y + inner.height {
            break;
        }
        let focused = st.focus == field;
        f.render_widget(
            Paragraph::new(Span::styled(
                label,
                if focused { s.accent() } else { s.muted() },
            )),
            Rect::new(inner.x, y, label_w.min(inner.width), 1),
        );
        if inner.width > label_w {
            f.render_widget(
                input,
                Rect::new(inner.x + label_w, y, inner.width - label_w, 1),
            );
        }
    }
    if inner.height >= 3 {
        f.render_widget(
            Paragraph::new(Line::styled(
                "⚠ Remove student names from any work shared or projected.",
                s.error(),
            )),
            Rect::new(inner.x, inner.y + 2, inner.width, 1),
        );
    }

    let show_previous = !st.previous.is_empty() && lower.width >= 50;
    let [norms, previous] = Layout::horizontal([
        Constraint::Fill(2),
        Constraint::Fill(if show_previous { 3 } else { 0 }),
    ])
    .areas(lower);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(title(s, "Our norms".into()));
    let mut lines = super::bullets(&st.norms, s);
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
            .border_style(s.border())
            .title(title(s, "Open from earlier sessions".into()));
        let lines: Vec<Line> = st
            .previous
            .iter()
            .map(|item| {
                let (mark, label) = match item.kind {
                    OpenKind::Action => ("☐ ", "action"),
                    OpenKind::Delta => ("Δ ", "delta"),
                };
                let mut spans = vec![
                    Span::styled(mark, s.accent()),
                    Span::styled(item.text.clone(), s.text()),
                ];
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
            })
            .collect();
        f.render_widget(
            Paragraph::new(Text::from(lines))
                .block(block)
                .wrap(Wrap { trim: true }),
            previous,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounds_protocol() -> Protocol {
        crate::protocol::check(
            "id: r\nname: R\nsummary: s\ngroup_size: \"2-8\"\nphases:\n  - {name: Open, minutes: 1}\n  - {name: Rounds, minutes: 1, repeat: each}\n",
        )
        .value
        .unwrap()
    }

    fn with_guests(n: usize) -> SetupScreen {
        let setup = Setup {
            attendance: Attendance {
                guests: (0..n).map(|i| format!("Guest {i}")).collect(),
                ..Attendance::default()
            },
            ..Setup::default()
        };
        SetupScreen::new(rounds_protocol(), setup)
    }

    #[test]
    fn a_meeting_past_the_step_cap_is_refused_at_the_real_attendance() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        // 1 phase + one round for each of 499 people: the cap exactly.
        let fits = with_guests(MAX_STEPS - 1).start(now);
        assert!(matches!(fits.goto, Some(Goto::Meeting(_))));
        let refused = with_guests(MAX_STEPS).start(now);
        assert!(refused.goto.is_none(), "no meeting was built");
        let flash = refused.flash.unwrap_or_default();
        assert!(
            flash.contains("501 steps for 500 people") && flash.contains("at most 500"),
            "{flash}"
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
