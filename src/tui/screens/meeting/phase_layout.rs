//! Where each part of the phase screen goes at any terminal size: computed
//! by a pure function, and used both to draw and to hit-test the mouse.

use chrono::TimeDelta;
use ratatui::layout::{Constraint, Layout, Rect};
use tui_big_text::PixelSize;

use crate::meeting::Meeting;
use crate::text::{self, width};

use super::MeetingScreen;

/// `12:34` left, `+0:32` in overtime, `1:02:05` past the hour.
pub fn clock_text(remaining: TimeDelta) -> String {
    text::countdown(remaining.num_milliseconds())
}

/// How big the clock is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockSize {
    /// The full-size font with each pixel drawn `n`×`n` cells: 8n×8n
    /// cells per character, for a projector's wall.
    Scaled(u16),
    /// 8×8 cells per character.
    Full,
    /// 8×4 cells per character.
    Half,
    /// 4×4 cells per character.
    Quadrant,
    /// Plain bold text.
    Text,
}

impl ClockSize {
    pub fn cells(self) -> (u16, u16) {
        match self {
            ClockSize::Scaled(n) => (8 * n, 8 * n),
            ClockSize::Full => (8, 8),
            ClockSize::Half => (8, 4),
            ClockSize::Quadrant => (4, 4),
            ClockSize::Text => (1, 1),
        }
    }

    /// The largest size whose `chars` characters fit `w`×`h` cells,
    /// scaled up to `most` times the full font.
    pub fn largest(chars: u16, w: u16, h: u16, most: u16) -> ClockSize {
        (2..=most)
            .rev()
            .map(ClockSize::Scaled)
            .chain([ClockSize::Full, ClockSize::Half, ClockSize::Quadrant])
            .find(|s| {
                let (cw, ch) = s.cells();
                ch <= h && chars * cw <= w
            })
            .unwrap_or(ClockSize::Text)
    }

    pub fn pixel_size(self) -> Option<PixelSize> {
        match self {
            ClockSize::Scaled(_) | ClockSize::Full => Some(PixelSize::Full),
            ClockSize::Half => Some(PixelSize::HalfHeight),
            ClockSize::Quadrant => Some(PixelSize::Quadrant),
            ClockSize::Text => None,
        }
    }
}

/// Where each part of the phase screen goes; used by drawing and by mouse hit-testing.
#[derive(Debug, Clone, Default)]
pub struct PhaseLayout {
    pub header: Option<Rect>,
    pub footer: Rect,
    pub editor: Option<Rect>,
    pub sidebar: Option<Rect>,
    pub title: Option<Rect>,
    pub name: Rect,
    pub name_big: bool,
    pub speaker: Option<Rect>,
    pub clock_label: Option<Rect>,
    pub clock: Rect,
    pub clock_size: Option<ClockSize>,
    pub gauge: Option<Rect>,
    pub banner: Option<Rect>,
    pub next: Option<Rect>,
    pub details: Option<Rect>,
    /// Timeline rows and the step each one jumps to.
    pub timeline_rows: Vec<(Rect, usize)>,
    /// An agenda's item headings in the timeline: the row, and the index of
    /// the item's group in [`Meeting::item_groups`].
    pub timeline_items: Vec<(Rect, usize)>,
    /// What the room sees, while a room screen is attached.
    pub room_preview: Option<Rect>,
}

pub fn layout(area: Rect, ms: &MeetingScreen, now: chrono::DateTime<chrono::Utc>) -> PhaseLayout {
    let mut l = PhaseLayout::default();
    let (area, room_preview) = super::console::split_preview(area, ms);
    l.room_preview = room_preview;
    let header_h = u16::from(area.height >= 8);
    let editor_h = if ms.editor.is_some() {
        6.min(area.height.saturating_sub(header_h + 1 + 2))
    } else {
        0
    };
    let [header, body, editor, footer] = Layout::vertical([
        Constraint::Length(header_h),
        Constraint::Fill(1),
        Constraint::Length(editor_h),
        Constraint::Length(1),
    ])
    .areas(area);
    l.header = (header_h > 0).then_some(header);
    l.editor = (editor_h >= 3).then_some(editor);
    l.footer = footer;

    let sidebar_w = if body.width >= 110 && body.height >= 10 {
        40
    } else if body.width >= 76 && body.height >= 12 {
        30
    } else {
        0
    };
    let [main, sidebar] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(sidebar_w)]).areas(body);
    if sidebar_w > 0 {
        l.sidebar = Some(sidebar);
        (l.timeline_rows, l.timeline_items) = timeline_rows(sidebar, &ms.meeting);
    }

    // One column of breathing room on each side when there is room for it.
    let main = if main.width >= 30 {
        Rect::new(main.x + 1, main.y, main.width - 2, main.height)
    } else {
        main
    };
    let h = main.height;
    let w = main.width;
    let title_h = u16::from(h >= 12);
    // Who listens without answering gets a line of its own, as large as
    // who has the floor, as soon as there is a row for it.
    let silent =
        crate::meeting::floor::floor(&ms.meeting.protocol, ms.meeting.step(), &ms.setup.roles)
            .silent
            .is_some();
    let speaker_h = u16::from(h >= 8) + u16::from(silent && h >= 9);
    let label_h = u16::from(h >= 10);
    let gauge_h = u16::from(h >= 7);
    let next_h = u16::from(h >= 14);
    let essentials = 1 + title_h + speaker_h + label_h + gauge_h + next_h;
    // Sized for the longer of the planned time and the time shown, so the clock
    // does not change size as the seconds go by (only, rarely, when digits are added).
    let shown = width(&clock_text(ms.meeting.remaining(now)));
    let planned = width(&clock_text(ms.meeting.step().planned));
    let chars = shown.max(planned).max(4) as u16;
    // Details keep this many rows before the clock grows past the full font.
    let details_keep = 10;
    let most = super::console::clock_most(ms);
    let scaled = ClockSize::largest(chars, w, h.saturating_sub(essentials + details_keep), most);
    let clock_size = if matches!(scaled, ClockSize::Scaled(_)) {
        scaled
    } else {
        ClockSize::largest(chars, w, h.saturating_sub(essentials), 1)
    };
    let clock_h = clock_size.cells().1.min(h.saturating_sub(1)).max(1);
    let mut remaining = h.saturating_sub(essentials + clock_h);

    let name = &ms.meeting.phase().name;
    let name_big = h >= 30 && remaining >= 8 && (width(name) as u16) * 4 <= w;
    let name_h = if name_big {
        remaining -= 3;
        4
    } else {
        1
    };
    let banner_h = if ms.meeting.is_paused() && remaining >= 6 && w >= 24 {
        remaining -= 4;
        4
    } else {
        0
    };
    // Spacing between the heading, the clock and the details, when it can be afforded.
    let gap = u16::from(remaining >= 8);
    remaining = remaining.saturating_sub(gap * 2);

    let [
        title,
        name_r,
        speaker,
        gap1,
        label,
        clock,
        gauge,
        banner,
        next,
        gap2,
        details,
    ] = Layout::vertical([
        Constraint::Length(title_h),
        Constraint::Length(name_h),
        Constraint::Length(speaker_h),
        Constraint::Length(gap),
        Constraint::Length(label_h),
        Constraint::Length(clock_h),
        Constraint::Length(gauge_h),
        Constraint::Length(banner_h),
        Constraint::Length(next_h),
        Constraint::Length(gap),
        Constraint::Length(remaining),
    ])
    .areas(main);
    let _ = (gap1, gap2);
    l.title = (title_h > 0).then_some(title);
    l.name = name_r;
    l.name_big = name_big;
    l.speaker = (speaker_h > 0).then_some(speaker);
    l.clock_label = (label_h > 0).then_some(label);
    l.clock = clock;
    l.clock_size = Some(clock_size);
    l.gauge = (gauge_h > 0).then_some(gauge);
    l.banner = (banner_h > 0).then_some(banner);
    l.next = (next_h > 0).then_some(next);
    l.details = (remaining >= 2).then_some(details);
    l
}

/// Where the timeline draws its rows inside the sidebar (below its border
/// and title): the phase rows with the step each jumps to, and, for an
/// agenda, the item headings above their phases.
type TimelineRows = (Vec<(Rect, usize)>, Vec<(Rect, usize)>);

fn timeline_rows(sidebar: Rect, m: &Meeting) -> TimelineRows {
    enum Entry {
        Item(usize),
        Phase(crate::meeting::progress::PhaseSpan),
    }
    let mut entries = Vec::new();
    for (g, group) in m.item_groups().into_iter().enumerate() {
        if group.heading {
            entries.push(Entry::Item(g));
        }
        entries.extend(group.spans.into_iter().map(Entry::Phase));
    }
    let inner = Rect::new(
        sidebar.x + 1,
        sidebar.y + 1,
        sidebar.width.saturating_sub(2),
        sidebar.height.saturating_sub(2),
    );
    // Two lines of summary (elapsed, projected end) stay at the bottom.
    let room = inner.height.saturating_sub(3) as usize;
    if room == 0 {
        return (Vec::new(), Vec::new());
    }
    let current = entries
        .iter()
        .position(|e| matches!(e, Entry::Phase(span) if span.contains(m.current)))
        .unwrap_or(0);
    // Keep the current phase in view: a window around it when rows do not all fit.
    let start = if entries.len() <= room {
        0
    } else {
        current.saturating_sub(room / 3).min(entries.len() - room)
    };
    let mut phases = Vec::new();
    let mut items = Vec::new();
    for (row, (i, entry)) in entries
        .iter()
        .enumerate()
        .skip(start)
        .take(room)
        .enumerate()
    {
        let rect = Rect::new(inner.x, inner.y + row as u16, inner.width, 1);
        match entry {
            Entry::Item(g) => items.push((rect, *g)),
            Entry::Phase(span) => {
                let step = if i == current { m.current } else { span.first };
                phases.push((rect, step));
            }
        }
    }
    (phases, items)
}

/// Paragraphs of a YAML block, with the author's line breaks inside a
/// paragraph joined so the text wraps to the screen instead.
pub fn reflow(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.trim().lines() {
        let t = line.trim();
        // Blank lines separate paragraphs; list items keep their own line.
        if t.is_empty() || t.starts_with("- ") || t.starts_with("• ") {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
            if !t.is_empty() {
                current.push(t);
            }
        } else {
            current.push(t);
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflow_joins_lines_of_a_paragraph_and_keeps_list_items_apart() {
        let text = "The presenter\nshares the work.\n\n- one item\n- two\n  continued\n";
        assert_eq!(
            reflow(text),
            vec![
                "The presenter shares the work.",
                "- one item",
                "- two continued"
            ]
        );
    }

    #[test]
    fn the_clock_takes_the_largest_size_that_fits() {
        assert_eq!(ClockSize::largest(5, 118, 26, 8), ClockSize::Scaled(2));
        assert_eq!(ClockSize::largest(5, 200, 40, 8), ClockSize::Scaled(5));
        assert_eq!(ClockSize::largest(5, 40, 8, 8), ClockSize::Full);
        assert_eq!(ClockSize::largest(5, 40, 7, 8), ClockSize::Half);
        assert_eq!(ClockSize::largest(5, 30, 7, 8), ClockSize::Quadrant);
        assert_eq!(ClockSize::largest(5, 10, 7, 8), ClockSize::Text);
    }

    #[test]
    fn the_clock_counts_down_then_up() {
        assert_eq!(clock_text(TimeDelta::milliseconds(61_500)), "1:02");
        assert_eq!(clock_text(TimeDelta::seconds(-32)), "+0:32");
    }
}
