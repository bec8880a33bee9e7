//! Everything drawing needs besides the screen's own state: styles, the
//! time and the local offset, the rehearsal speed, the flash message.
//! Screens draw from this, never from the app.

use chrono::{DateTime, FixedOffset, Utc};

use super::outcome::Flash;
use super::style::Styles;

#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub styles: Styles,
    pub now: DateTime<Utc>,
    /// The local time zone's offset, for wall-clock times on screen.
    pub offset: FixedOffset,
    /// `--speed N`: rehearsal time runs N times faster.
    pub speed: u32,
    pub flash: Option<&'a Flash>,
}

impl View<'_> {
    /// `now` as a wall-clock time in the local zone.
    pub fn local(&self, at: DateTime<Utc>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.offset)
    }
}
