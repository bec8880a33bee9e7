//! Before the clock starts: attendance, roles, the presenter's focusing
//! question and the work, the group's norms, and what earlier sessions left
//! open. Enter starts the meeting. An action item from an earlier
//! session can be closed, dropped, handed on or re-dated here (Ctrl-D,
//! Ctrl-E): the changes wait in [`SetupScreen::pending`] and go into the
//! meeting's record when it starts, or into a follow-up record when the
//! facilitator leaves without starting.

pub(crate) mod agenda;
mod view;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Style;
use ratatui_textarea::TextArea;

use crate::group::Group;
use crate::meeting::session::{ActionChange, Attendance, GroupRef, RoleAssignment, Setup};
use crate::meeting::{Meeting, Rounds, TooManySteps};
use crate::protocol::Protocol;
use crate::protocol::model::Ask;
use crate::protocol::model::MAX_STEPS;
use crate::record::actions::TrackedItem;
use crate::record::history::{self, GroupHistory, OpenItem};
use crate::tui::chrome::HelpSection;
use crate::tui::keymap::{self, SETUP, SetupAction};
use crate::tui::outcome::{Confirm, Outcome};

use super::action_item::{self, ActionDialog, DialogOutcome};
use super::meeting::MeetingScreen;

pub use agenda::AgendaSetup;
pub(crate) use view::draw;

/// The setup screen's one question, handed back to `SetupScreen::confirmed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Leave plg without starting.
    Leave,
    /// Start although nobody on the roster is marked present.
    StartAnyway,
}

/// What the setup hands back: its answer, and the meeting it starts.
pub(crate) type SetupOutcome = Outcome<Answer, Box<MeetingScreen>>;

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
    /// The protocol of an agenda's `protocol: choose` item: Space opens the list.
    Protocol,
    Question,
    Work,
    Dilemma,
    Text,
    Data,
    /// An optional phase (index into the phases): Space leaves it out or puts it back.
    Optional(usize),
    /// An action item from an earlier session (index into `earlier`).
    Open(usize),
}

impl Field {
    /// The panel a field sits in: who is here, roles, the work, optional phases.
    pub(crate) fn panel(self) -> u8 {
        match self {
            Field::Member(_) | Field::Guest(_) | Field::AddGuest | Field::Rounds => 0,
            Field::Role(_) => 1,
            Field::Protocol
            | Field::Question
            | Field::Work
            | Field::Dilemma
            | Field::Text
            | Field::Data => 2,
            Field::Optional(_) => 3,
            Field::Open(_) => 4,
        }
    }
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
    pub dilemma: TextArea<'static>,
    pub text: TextArea<'static>,
    pub data: TextArea<'static>,
    /// Optional phases the facilitator left out (indexes into the phases).
    pub left_out: Vec<usize>,
    /// How many people are here, when rounds need it and nobody is marked present.
    pub rounds: String,
    pub focus: Field,
    pub previous: Vec<OpenItem>,
    /// Who presented this school year, longest ago first.
    pub presented: Vec<(String, NaiveDate)>,
    /// Something was typed or toggled: leaving asks first.
    pub changed: bool,
    /// The group's action items still open in earlier sessions, as they
    /// stand with `pending` applied.
    pub earlier: Vec<TrackedItem>,
    /// Changes made here to `earlier`: the meeting's `action_changes` once
    /// it starts, else a follow-up record.
    pub pending: Vec<ActionChange>,
    /// The dialog changing `earlier[i]`.
    pub dialog: Option<(usize, ActionDialog)>,
    /// The local offset, for the time a change was made and dates like `+7`.
    pub offset: FixedOffset,
    /// When an agenda is being set up: the agenda, and the protocol chosen
    /// for it; `protocol` is then the agenda expanded with that choice.
    pub agenda: Option<AgendaSetup>,
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
            guest_input: input(view::GUEST_HINT),
            question: input("what the presenter wants help with"),
            work: input("e.g. lab reports from period 3, names removed"),
            dilemma: input("the question the presenter is struggling with"),
            text: input("e.g. chapter 3 of the shared reading"),
            data: input("e.g. unit 2 common assessment, all sections"),
            left_out: Vec::new(),
            rounds: String::new(),
            focus: Field::AddGuest,
            previous: Vec::new(),
            presented: Vec::new(),
            changed: false,
            earlier: Vec::new(),
            pending: Vec::new(),
            dialog: None,
            offset: FixedOffset::east_opt(0).unwrap_or(Utc.fix()),
            agenda: None,
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
        s.earlier = earlier_items(&history.open);
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
        if self.agenda.as_ref().is_some_and(|a| a.agenda.chooses()) {
            f.push(Field::Protocol);
        }
        f.extend(self.asked().into_iter().map(|(_, field, _)| field));
        f.extend(
            self.protocol
                .phases
                .iter()
                .enumerate()
                .filter(|(_, p)| p.optional)
                .map(|(i, _)| Field::Optional(i)),
        );
        f.extend((0..self.earlier.len()).map(Field::Open));
        f
    }

    /// What the protocol asks at setup (`asks`), each with its label, field and input.
    pub(crate) fn asked(&self) -> Vec<(&'static str, Field, &TextArea<'static>)> {
        self.protocol
            .asks()
            .into_iter()
            .map(|a| match a {
                Ask::FocusingQuestion => ("Focusing question: ", Field::Question, &self.question),
                Ask::Work => ("Work looked at: ", Field::Work, &self.work),
                Ask::Dilemma => ("Dilemma: ", Field::Dilemma, &self.dilemma),
                Ask::Text => ("Text: ", Field::Text, &self.text),
                Ask::Data => ("Data: ", Field::Data, &self.data),
            })
            .collect()
    }

    /// The answer typed in `field`, when the protocol asks for it.
    fn answer(&self, field: Field) -> Option<String> {
        self.asked()
            .into_iter()
            .find(|(_, f, _)| *f == field)
            .and_then(|(_, _, t)| text_of(t))
    }

    /// Tab and Shift-Tab: the first field of the next (or previous) panel.
    fn move_panel(&mut self, by: isize) {
        let fields = self.fields();
        let mut panels: Vec<u8> = fields.iter().map(|f| f.panel()).collect();
        panels.dedup();
        let at = panels
            .iter()
            .position(|p| *p == self.focus.panel())
            .unwrap_or(0) as isize;
        let n = panels.len() as isize;
        let Some(target) = panels.get((at + by).rem_euclid(n.max(1)) as usize) else {
            return;
        };
        if let Some(f) = fields.iter().find(|f| f.panel() == *target) {
            self.focus = *f;
        }
    }

    /// How many fields the panel in focus has (↓ and ↑ move among them).
    pub(crate) fn panel_len(&self) -> usize {
        let panel = self.focus.panel();
        self.fields().iter().filter(|f| f.panel() == panel).count()
    }

    /// ↑ and ↓: the previous or next field inside the panel in focus; they
    /// stop at its ends.
    fn move_within(&mut self, by: isize) {
        let panel = self.focus.panel();
        let fields: Vec<Field> = self
            .fields()
            .into_iter()
            .filter(|f| f.panel() == panel)
            .collect();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        let to = (at + by).clamp(0, fields.len().saturating_sub(1) as isize);
        if let Some(f) = fields.get(to as usize) {
            self.focus = *f;
        }
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
            focusing_question: self.answer(Field::Question),
            work: self.answer(Field::Work),
            dilemma: self.answer(Field::Dilemma),
            text: self.answer(Field::Text),
            data: self.answer(Field::Data),
            left_out: self.left_out.clone(),
            ..Setup::default()
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

    fn start(&self, now: DateTime<Utc>) -> SetupOutcome {
        if self.agenda.as_ref().is_some_and(AgendaSetup::needs_choice) {
            return Outcome::flash(
                "Choose the agenda's protocol first: Space on Protocol opens the list",
            );
        }
        let mut setup = self.setup();
        // `order: shuffle` takes its seed from the time the shell handed in,
        // and the record keeps it.
        let shuffles = self.protocol.phases.iter().any(|p| {
            p.round
                .as_ref()
                .is_some_and(|r| r.order == crate::protocol::model::Order::Shuffle)
        });
        if shuffles {
            setup.seed = Some(now.timestamp().unsigned_abs());
        }
        match self.rounds_for_meeting().map(|r| Rounds {
            roles: setup.roles.clone(),
            seed: setup.seed.unwrap_or(0),
            left_out: setup.left_out.clone(),
            ..r
        }) {
            Some(rounds) => match Meeting::try_start(self.protocol.clone(), &rounds, now) {
                Ok(meeting) => {
                    let mut ms = MeetingScreen::new(meeting, setup);
                    // Saved with the record's first save, as the meeting starts.
                    ms.closing.action_changes = self.pending.clone();
                    ms.form.earlier = self.earlier.clone();
                    ms.form.roster = self.names();
                    Outcome::goto(Box::new(ms))
                }
                // The attendance decides the rounds, so the cap is only known here.
                Err(TooManySteps { steps, people }) => Outcome::flash(format!(
                    "Cannot start: {steps} steps for {people} people; plg runs at most {MAX_STEPS}. Shorten the protocol or count fewer people"
                )),
            },
            None => Outcome::flash(format!(
                "Mark who is here, or type how many people came (1-{MAX_ROUNDS}), then Enter"
            )),
        }
    }

    /// Whether `action` does anything in the field in focus; the footer
    /// shows only those, and in a text field the others are typed.
    fn applies(&self, action: SetupAction) -> bool {
        let text_field = matches!(
            self.focus,
            Field::AddGuest
                | Field::Question
                | Field::Work
                | Field::Dilemma
                | Field::Text
                | Field::Data
        );
        match action {
            SetupAction::Toggle => {
                matches!(
                    self.focus,
                    Field::Member(_) | Field::Role(_) | Field::Protocol | Field::Optional(_)
                )
            }
            SetupAction::All => matches!(self.focus, Field::Member(_)),
            SetupAction::RemoveGuest => matches!(self.focus, Field::Guest(_)),
            SetupAction::RoleNext | SetupAction::RolePrevious => {
                matches!(self.focus, Field::Role(_))
            }
            SetupAction::Count => self.focus == Field::Rounds,
            SetupAction::Done | SetupAction::Change => matches!(self.focus, Field::Open(_)),
            SetupAction::Help => !text_field,
            SetupAction::Next
            | SetupAction::Previous
            | SetupAction::Down
            | SetupAction::Up
            | SetupAction::Enter
            | SetupAction::Leave => true,
        }
    }

    /// Members who have not presented this school year, in roster order.
    pub(crate) fn not_yet_presented(&self) -> Vec<&str> {
        history::not_yet_presented(self.roster.iter().map(|m| m.name.as_str()), &self.presented)
    }

    /// True when the screen shows who is due to present: a group with a presenter role.
    pub(crate) fn shows_rotation(&self) -> bool {
        !self.roster.is_empty() && self.roles.iter().any(|r| r.id == "presenter")
    }

    pub(crate) fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> SetupOutcome {
        if self.dialog.is_some() {
            return self.dialog_key(key, now);
        }
        if let Some(a) = self.agenda.as_mut().filter(|a| a.picker.is_some()) {
            return match a.picker_key(key) {
                agenda::PickerOutcome::Used | agenda::PickerOutcome::Closed => Outcome::default(),
                agenda::PickerOutcome::Help => Outcome::help(),
                agenda::PickerOutcome::Picked(id) => self.choose(&id),
            };
        }
        let action = keymap::lookup(SETUP, &key).filter(|a| self.applies(*a));
        match (action, self.focus) {
            (Some(SetupAction::Leave), _) => return self.leave(),
            (Some(SetupAction::Next), _) => self.move_panel(1),
            (Some(SetupAction::Previous), _) => self.move_panel(-1),
            (Some(SetupAction::Down), _) => self.move_within(1),
            (Some(SetupAction::Up), _) => self.move_within(-1),
            (Some(SetupAction::Enter), Field::AddGuest) if text_of(&self.guest_input).is_some() => {
                self.add_guest();
            }
            (Some(SetupAction::Enter), _)
                if self.agenda.as_ref().is_some_and(AgendaSetup::needs_choice) =>
            {
                if let Some(a) = self.agenda.as_mut() {
                    a.open_picker();
                }
                self.focus = Field::Protocol;
                return Outcome::flash("Choose the agenda's protocol first");
            }
            (Some(SetupAction::Enter), _)
                if !self.roster.is_empty() && self.in_room().is_empty() =>
            {
                return Outcome::confirm(Confirm::yes_no(
                    "Start the meeting?",
                    self.nobody_here_text(),
                    Answer::StartAnyway,
                ));
            }
            (Some(SetupAction::Enter), _) => return self.start(now),
            (Some(SetupAction::Help), _) => return Outcome::help(),
            (Some(SetupAction::Toggle), Field::Member(i)) => {
                if let Some(m) = self.roster.get_mut(i) {
                    m.present = !m.present;
                    self.changed = true;
                }
            }
            (Some(SetupAction::Toggle), Field::Optional(i)) => {
                match self.left_out.iter().position(|p| *p == i) {
                    Some(k) => {
                        self.left_out.remove(k);
                    }
                    None => self.left_out.push(i),
                }
                self.left_out.sort_unstable();
                self.changed = true;
            }
            (Some(SetupAction::Toggle), Field::Protocol) => {
                if let Some(a) = self.agenda.as_mut() {
                    a.open_picker();
                }
            }
            (Some(SetupAction::Toggle | SetupAction::RoleNext), Field::Role(i)) => {
                self.cycle_role(i, 1);
            }
            (Some(SetupAction::RolePrevious), Field::Role(i)) => self.cycle_role(i, -1),
            (Some(SetupAction::All), _) => {
                let all = self.roster.iter().all(|m| m.present);
                for m in &mut self.roster {
                    m.present = !all;
                }
                self.changed = true;
            }
            (Some(SetupAction::RemoveGuest), Field::Guest(i)) => self.remove_guest(i),
            (Some(SetupAction::Done), Field::Open(i)) => return self.toggle_done(i, now),
            (Some(SetupAction::Change), Field::Open(i)) => {
                if let Some(item) = self.earlier.get(i) {
                    self.dialog = Some((i, ActionDialog::new(item, self.names())));
                }
            }
            (Some(SetupAction::Count), _) => {
                if let KeyCode::Char(c) = key.code
                    && self.rounds.len() < 2
                {
                    self.rounds.push(c);
                    self.changed = true;
                }
            }
            (_, field) => self.type_into(field, key),
        }
        Outcome::default()
    }

    fn add_guest(&mut self) {
        if let Some(name) = text_of(&self.guest_input)
            && !self.in_room().contains(&name)
            && !self.roster.iter().any(|m| m.name == name)
        {
            self.guests.push(name);
        }
        self.guest_input = input(view::GUEST_HINT);
        self.changed = true;
    }

    fn remove_guest(&mut self, i: usize) {
        if i < self.guests.len() {
            self.guests.remove(i);
            self.changed = true;
            if self.guests.is_empty() || i >= self.guests.len() {
                self.focus = Field::AddGuest;
            }
        }
    }

    /// A key no binding took: text for a text field, Backspace for the count.
    fn type_into(&mut self, field: Field, key: KeyEvent) {
        match field {
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
            Field::Dilemma => {
                self.dilemma.input(key);
                self.changed = true;
            }
            Field::Text => {
                self.text.input(key);
                self.changed = true;
            }
            Field::Data => {
                self.data.input(key);
                self.changed = true;
            }
            Field::Rounds if key.code == KeyCode::Backspace => {
                self.rounds.pop();
            }
            Field::Member(_)
            | Field::Guest(_)
            | Field::Role(_)
            | Field::Protocol
            | Field::Rounds
            | Field::Optional(_)
            | Field::Open(_) => {}
        }
    }

    fn leave(&self) -> SetupOutcome {
        if !self.changed && self.pending.is_empty() {
            return Outcome::quit();
        }
        let text = match self.pending.len() {
            0 => "Attendance and what you typed here are not saved until the meeting starts."
                .to_string(),
            n => format!(
                "Attendance and what you typed here are not saved until the meeting starts. \
                 The {} to action items {} kept in a follow-up record.",
                if n == 1 {
                    "change".to_string()
                } else {
                    format!("{n} changes")
                },
                if n == 1 { "is" } else { "are" }
            ),
        };
        Outcome::confirm(Confirm::yes_no(
            "Leave without starting?",
            text,
            Answer::Leave,
        ))
    }

    /// True for an earlier session's line the box shows as written: a
    /// delta, or an action item with nothing to change it by.
    pub(crate) fn shown_apart(&self, o: &OpenItem) -> bool {
        o.tracked.is_none()
    }

    /// Everyone an action item can be handed to: the roster, then guests.
    pub(crate) fn names(&self) -> Vec<String> {
        action_item::roster(
            self.roster
                .iter()
                .map(|m| m.name.as_str())
                .chain(self.guests.iter().map(String::as_str)),
        )
    }

    /// The changes to keep if the facilitator leaves without starting.
    pub fn unstarted_changes(&self) -> &[ActionChange] {
        &self.pending
    }

    fn at(&self, now: DateTime<Utc>) -> DateTime<FixedOffset> {
        crate::record::format::local(now, self.offset)
    }

    /// Ctrl-D on an earlier action item: done, or open again.
    fn toggle_done(&mut self, i: usize, now: DateTime<Utc>) -> SetupOutcome {
        let at = self.at(now);
        let Some(item) = self.earlier.get_mut(i) else {
            return Outcome::default();
        };
        action_item::toggle_done(item, &mut self.pending, at);
        Outcome::flash(self.said(i))
    }

    /// What the status line says after a change to `earlier[i]`.
    fn said(&self, i: usize) -> String {
        let what = self
            .earlier
            .get(i)
            .map(action_item::said)
            .unwrap_or_default();
        format!("{what} (kept when the meeting starts)")
    }

    fn dialog_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> SetupOutcome {
        let at = self.at(now);
        let Some((i, d)) = self.dialog.as_mut() else {
            return Outcome::default();
        };
        let i = *i;
        match d.key(key, at.date_naive()) {
            DialogOutcome::Used => Outcome::default(),
            DialogOutcome::Cancel => {
                self.dialog = None;
                Outcome::default()
            }
            DialogOutcome::Save(e) => {
                self.dialog = None;
                let Some(item) = self.earlier.get_mut(i) else {
                    return Outcome::default();
                };
                if action_item::save(item, &mut self.pending, &e, at) == 0 {
                    return Outcome::flash("Nothing changed");
                }
                Outcome::flash(format!(
                    "{} (kept when the meeting starts)",
                    action_item::said_changed(item)
                ))
            }
        }
    }

    /// What the question before starting with nobody present says.
    fn nobody_here_text(&self) -> String {
        let no_presenter = self
            .roles
            .iter()
            .any(|r| r.id == "presenter" && r.person.is_none());
        format!(
            "Nobody is marked present{}. Start anyway? (Esc goes back: Space marks a member, a marks everyone.)",
            if no_presenter {
                ", and there is no presenter"
            } else {
                ""
            }
        )
    }

    /// The answer to the question this screen asked.
    pub(crate) fn confirmed(&mut self, answer: Answer, now: DateTime<Utc>) -> SetupOutcome {
        match answer {
            Answer::Leave => Outcome::quit(),
            Answer::StartAnyway => self.start(now),
        }
    }

    pub(crate) fn help(&self) -> Vec<HelpSection> {
        let mut help = Vec::new();
        if self.agenda.as_ref().is_some_and(|a| a.picker.is_some()) {
            help.push(HelpSection::of(
                "Choosing the agenda's protocol",
                keymap::LIST,
            ));
        }
        help.extend([
            HelpSection::of("Setting up", SETUP),
            HelpSection::of("Changing an action item (Ctrl-E)", keymap::ACTION_DIALOG),
        ]);
        help
    }

    /// Sets up an agenda: `self.protocol` must be `a` expanded. An agenda
    /// still waiting for its protocol opens with the list to choose from.
    pub fn with_agenda(mut self, mut a: AgendaSetup) -> SetupScreen {
        if a.needs_choice() {
            a.open_picker();
            self.focus = Field::Protocol;
        }
        self.agenda = Some(a);
        self
    }

    /// The protocol `id` picked for the agenda's `protocol: choose` item:
    /// the plan is expanded again with it, so the asks, roles and optional
    /// phases are the new protocol's. Who holds which role stays.
    pub(crate) fn choose(&mut self, id: &str) -> SetupOutcome {
        let here = self.in_room().len();
        let Some(a) = self.agenda.as_mut() else {
            return Outcome::default();
        };
        let before = a.chosen.replace(id.to_string());
        let plan = match a.expanded() {
            Ok(plan) => plan,
            Err(e) => {
                a.chosen = before;
                return Outcome::flash(format!("Cannot run it in this agenda: {e}"));
            }
        };
        let said = format!(
            "{}: the whole meeting is {}",
            a.chosen_protocol().map_or(id, |p| p.name.as_str()),
            agenda::length(&plan, here)
        );
        let held: Vec<RoleSlot> = std::mem::take(&mut self.roles);
        self.roles = Self::role_slots(&plan, None);
        for slot in &mut self.roles {
            slot.person = held
                .iter()
                .find(|h| h.id == slot.id)
                .and_then(|h| h.person.clone());
        }
        // Left-out phases are indexes into the plan, which has changed.
        self.left_out.clear();
        self.protocol = plan;
        self.changed = true;
        if !self.fields().contains(&self.focus) {
            self.focus = Field::Protocol;
        }
        Outcome::flash(said)
    }
}

/// The action items among `open`, as they stand now.
fn earlier_items(open: &[OpenItem]) -> Vec<TrackedItem> {
    open.iter().filter_map(|o| o.tracked.clone()).collect()
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
        assert!(fits.goto.is_some());
        let refused = with_guests(MAX_STEPS).start(now);
        assert!(refused.goto.is_none(), "no meeting was built");
        let flash = refused.flash.unwrap_or_default();
        assert!(
            flash.contains("501 steps for 500 people") && flash.contains("at most 500"),
            "{flash}"
        );
    }

    #[test]
    fn changes_wait_in_the_setup_and_go_into_the_meeting_that_starts() {
        use crate::meeting::session::{ActionItem, ItemState};
        use ratatui::crossterm::event::KeyModifiers;
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let mut s = with_guests(2);
        let item = ActionItem {
            text: "Book the library".into(),
            owner: None,
            due: None,
            done: false,
        };
        s.earlier = vec![TrackedItem::written(
            "2026-11-10T1530_math9_tuning",
            0,
            NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
            None,
            &item,
        )];
        assert!(s.fields().contains(&Field::Open(0)));
        s.focus = Field::Open(0);
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        s.key(ctrl('d'), now);
        assert_eq!(s.earlier[0].state, ItemState::Done);
        assert_eq!(s.pending.len(), 1);
        // Leaving now asks, and says the change is kept.
        let out = s.key(KeyEvent::from(KeyCode::Esc), now);
        let text = out.overlay.map(|o| format!("{o:?}")).unwrap_or_default();
        assert!(text.contains("follow-up record"), "{text}");
        // Started, the meeting holds it and lists the item for the check-in.
        let started = s.start(now).goto.unwrap();
        assert_eq!(started.closing.action_changes, s.pending);
        assert_eq!(started.form.earlier, s.earlier);
        assert_eq!(started.form.roster, ["Guest 0", "Guest 1"]);
    }
}
