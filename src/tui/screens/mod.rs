//! One module per screen: its state, its keys and its drawing. A screen
//! returns an [`crate::tui::outcome::Outcome`] and draws from a
//! `crate::tui::view::View`; it never names the app, which alone
//! imports the screens and dispatches to them.

pub mod action_item;
pub mod launcher;
pub mod logs;
pub mod meeting;
pub mod note_list;
pub mod room;
pub mod setup;
