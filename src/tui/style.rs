//! Styles derived from a theme's palette. With the mono palette, emphasis
//! comes from bold, underline and reverse video instead of colour.

use ratatui::style::{Modifier, Style};

use crate::theme::{Palette, Theme};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Styles {
    pub palette: Palette,
    mono: bool,
}

pub use crate::meeting::progress::ClockState;

impl Styles {
    pub fn new(theme: &Theme) -> Styles {
        Styles {
            palette: theme.palette,
            mono: theme.palette.is_mono(),
        }
    }

    fn fg(&self, c: ratatui::style::Color) -> Style {
        Style::new().fg(c)
    }

    pub fn base(&self) -> Style {
        Style::new()
            .fg(self.palette.text)
            .bg(self.palette.background)
    }

    pub fn text(&self) -> Style {
        self.fg(self.palette.text)
    }

    pub fn muted(&self) -> Style {
        if self.mono {
            Style::new().add_modifier(Modifier::DIM)
        } else {
            self.fg(self.palette.muted)
        }
    }

    pub fn accent(&self) -> Style {
        self.fg(self.palette.accent).add_modifier(Modifier::BOLD)
    }

    pub fn heading(&self) -> Style {
        self.fg(self.palette.accent).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self) -> Style {
        self.fg(self.palette.border)
    }

    pub fn done(&self) -> Style {
        if self.mono {
            Style::new().add_modifier(Modifier::DIM)
        } else {
            self.fg(self.palette.done)
        }
    }

    pub fn current(&self) -> Style {
        let s = self.fg(self.palette.current).add_modifier(Modifier::BOLD);
        if self.mono {
            s.add_modifier(Modifier::REVERSED)
        } else {
            s
        }
    }

    pub fn selected(&self) -> Style {
        if self.mono {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
                .fg(self.palette.selection_text)
                .bg(self.palette.selection)
                .add_modifier(Modifier::BOLD)
        }
    }

    pub fn success(&self) -> Style {
        self.fg(self.palette.success)
    }

    pub fn error(&self) -> Style {
        let s = self.fg(self.palette.error).add_modifier(Modifier::BOLD);
        if self.mono {
            s.add_modifier(Modifier::REVERSED)
        } else {
            s
        }
    }

    pub fn key(&self) -> Style {
        self.fg(self.palette.accent).add_modifier(Modifier::BOLD)
    }

    pub fn clock(&self, state: ClockState) -> Style {
        let color = match state {
            ClockState::Running => self.palette.clock,
            ClockState::LastMinute => self.palette.clock_warning,
            ClockState::Overtime => self.palette.clock_overtime,
            ClockState::Paused => self.palette.paused,
        };
        let s = self.fg(color).add_modifier(Modifier::BOLD);
        match (self.mono, state) {
            (true, ClockState::Overtime | ClockState::Paused) => s.add_modifier(Modifier::REVERSED),
            (true, ClockState::LastMinute) => s.add_modifier(Modifier::UNDERLINED),
            _ => s,
        }
    }
}
