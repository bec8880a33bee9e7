//! The room's screen: what the wall shows while the facilitator keeps the
//! console on the laptop (`plg room`). It follows a meeting from its record
//! as last saved, and shows the room what it needs and nothing else: the
//! phase, who has the floor and who listens, the clock as large as the space
//! allows, the next step, prompts and norms; during the check-in the norms'
//! tallies and the plus/delta as they are written.
//!
//! What stays on the laptop is kept out by construction: the room's state
//! holds no draft note and no facilitator view, and [`draw`] never reads a
//! protocol's or a phase's `facilitator_notes`. Saved notes are shown only
//! when the facilitator chose to show them (`show_notes`).
//!
//! The record is the only source: a clock saved running runs on from the
//! save (the runner saves at every change, so between saves only time
//! passes), and the caller passes `now` on the meeting's own timeline (a
//! rehearsal's runs faster). A protocol without a check-in phase holds
//! its check-in after the end; its record then already reads "completed",
//! so the record alone cannot tell that closing from the end. The caller
//! can: the console's announcement is still alive ([`RoomScreen::at_console`]).
//! While it is, the room shows the meeting's closing, the tallies and the
//! plus/delta filling in as they are written; once it is gone, the end.

mod draw;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::{Frame, Terminal};

use crate::meeting::Meeting;
use crate::meeting::progress::ClockState;
use crate::meeting::session::{Closing, Setup};
use crate::record::format::{SessionRecord, Status};
use crate::theme::Theme;
use crate::tui::style::Styles;
use crate::tui::view::View;

use super::meeting::phase_layout::clock_text;

pub use draw::draw;

/// What the room sees.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomScreen {
    following: Following,
}

/// What the room screen is following.
#[derive(Debug, Clone, PartialEq)]
pub enum Following {
    /// No meeting to follow yet, and why (shown, calmly, under the message).
    Waiting { reason: String },
    /// A meeting in progress.
    Meeting(Box<Live>),
    /// A meeting that has ended; the room waits for the next one.
    Ended(Box<Ended>),
}

/// A meeting in progress, as its record last said.
#[derive(Debug, Clone, PartialEq)]
pub struct Live {
    pub meeting: Meeting,
    pub setup: Setup,
    pub closing: Closing,
    /// The facilitator chose to show saved notes to the room.
    pub show_notes: bool,
    /// A rehearsal's speed (1 for a real meeting).
    pub speed: u32,
}

/// A meeting that has ended: what the room is left with.
#[derive(Debug, Clone, PartialEq)]
pub struct Ended {
    pub protocol: String,
    pub group: Option<String>,
    pub status: Status,
    /// From start to end, pauses included, as `plg logs` gives it.
    pub length: TimeDelta,
    /// The plan at the end, after +/- and rebalancing.
    pub planned: TimeDelta,
    pub closing: Closing,
    /// The protocol has no check-in phase: its check-in comes after the end.
    pub checkin_after: bool,
    /// The console still has the meeting on its screen (its announcement
    /// is alive): the group may still be closing it there.
    pub at_console: bool,
}

impl Ended {
    /// The group is doing its check-in and plus/delta at the console:
    /// the meeting is closing, not over.
    pub fn closing_at_console(&self) -> bool {
        self.at_console && self.checkin_after && self.status == Status::Completed
    }
}

impl RoomScreen {
    /// Nothing to follow yet: "Waiting for a meeting on this machine…",
    /// with `message` (why, or what to do) under it.
    pub fn waiting(message: impl Into<String>) -> RoomScreen {
        RoomScreen {
            following: Following::Waiting {
                reason: message.into(),
            },
        }
    }

    /// Follows a meeting from its record as last saved (the record is
    /// written at every change). `show_notes`: the facilitator chose to
    /// show saved notes to the room. A damaged record is a message for the
    /// screen, never a panic.
    pub fn from_record(
        rec: &SessionRecord,
        show_notes: bool,
        now: DateTime<Utc>,
    ) -> Result<RoomScreen, String> {
        let following = match rec.status {
            Status::Completed | Status::EndedEarly => Following::Ended(Box::new(Ended {
                protocol: rec.protocol_name.clone(),
                group: rec.group.as_ref().map(|g| g.name.clone()),
                status: rec.status,
                length: rec.duration(),
                planned: TimeDelta::seconds(
                    rec.steps
                        .iter()
                        .map(|st| st.planned_seconds.max(0))
                        .fold(0i64, i64::saturating_add),
                ),
                closing: rec.closing(),
                checkin_after: rec.protocol.checkin_phase().is_none(),
                at_console: false,
            })),
            Status::InProgress => Following::Meeting(Box::new(Live {
                meeting: following(rec, now)?,
                setup: rec.setup(),
                closing: rec.closing(),
                show_notes,
                speed: rec.speed.max(1),
            })),
        };
        Ok(RoomScreen { following })
    }

    /// Whether the console that saved the record still has the meeting
    /// on its screen (its announcement in the runtime folder is alive).
    /// The record cannot say: a check-in held after the last phase is
    /// written into a record that already reads "completed".
    pub fn at_console(mut self, open: bool) -> RoomScreen {
        if let Following::Ended(e) = &mut self.following {
            e.at_console = open;
        }
        self
    }

    pub fn following(&self) -> &Following {
        &self.following
    }

    /// When the shown clock next changes (for the caller's sleep): the
    /// next whole second of a meeting's clock; never, while waiting or
    /// after the end (only a new record changes those).
    pub fn next_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.following {
            Following::Meeting(live) => Some(live.meeting.next_change(now)),
            Following::Waiting { .. } | Following::Ended(_) => None,
        }
    }

    /// One line saying what the room sees now, for the console's preview:
    /// "Room: Clarifying questions · 3:12 · PAUSED".
    pub fn preview(&self, now: DateTime<Utc>) -> String {
        match &self.following {
            Following::Waiting { .. } => "Room: waiting for a meeting".into(),
            Following::Ended(e) if e.closing_at_console() => "Room: check-in and plus/delta".into(),
            Following::Ended(_) => "Room: the meeting has ended".into(),
            Following::Meeting(live) => {
                let m = &live.meeting;
                // The heading the wall shows (an agenda's item with the
                // phase), with the round as step labels give it.
                let heading = draw::phase_heading(m);
                let step = match &m.step().round {
                    Some(r) => format!("{heading} ({})", r.label()),
                    None => heading,
                };
                let mut out = format!("Room: {step} · {}", clock_text(m.remaining(now)));
                let state = m.clock_state(now);
                if state != ClockState::Running {
                    out.push_str(" · ");
                    out.push_str(state.label());
                }
                if m.phase().checkin {
                    out.push_str(" · norms and tallies");
                }
                if live.show_notes {
                    out.push_str(" · notes shown");
                }
                out
            }
        }
    }
}

/// The meeting as the record says it stands now. [`SessionRecord::to_meeting`]
/// is made for resuming: it brings the clock back paused, the time since
/// the save counted as time away. A room follows a meeting that is still
/// running, so a clock saved running keeps running from the save on (the
/// step's recorded time already counts up to the save).
fn following(rec: &SessionRecord, now: DateTime<Utc>) -> Result<Meeting, String> {
    let mut m = rec.to_meeting(rec.protocol.clone(), now)?;
    let running = rec
        .clock
        .as_ref()
        .is_some_and(|c| c.running_since.is_some());
    if running {
        if m.pauses.last().is_some_and(|p| p.away && p.to.is_none()) {
            m.pauses.pop();
        }
        m.running_since = Some(rec.saved_at.with_timezone(&Utc));
    }
    Ok(m)
}

/// Draws the room screen on `f` in `theme`, at `now` shown in `offset`:
/// [`draw`] for code outside plg's terminal interface (benchmarks, tests),
/// which has no `View` to pass.
pub fn draw_in(
    f: &mut Frame,
    theme: &Theme,
    now: DateTime<Utc>,
    offset: FixedOffset,
    room: &RoomScreen,
) {
    let view = View {
        styles: Styles::new(theme),
        now,
        offset,
        speed: 1,
        flash: None,
    };
    draw(f, &view, room);
}

/// Draws the room screen into an off-screen buffer of `width`×`height` in
/// `theme`, at `now` shown in `offset`: for snapshot tests.
pub fn render(
    room: &RoomScreen,
    theme: &Theme,
    now: DateTime<Utc>,
    offset: FixedOffset,
    width: u16,
    height: u16,
) -> Buffer {
    match Terminal::new(TestBackend::new(width, height)) {
        Ok(mut term) => {
            let _ = term.draw(|f| draw_in(f, theme, now, offset, room));
            term.backend().buffer().clone()
        }
        Err(_) => Buffer::empty(ratatui::layout::Rect::new(0, 0, width, height)),
    }
}

#[cfg(test)]
mod tests;
