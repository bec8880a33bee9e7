//! Session records: the file format, reading (with older versions upgraded),
//! and the durable store that writes them.

pub mod actions;
pub mod amend;
pub mod followup;
pub mod format;
pub mod history;
pub mod index;
mod index_codec;
pub mod legacy;
pub mod read;
pub mod search;
pub mod store;
pub mod summary;
pub mod validate;

pub use format::{FORMAT_VERSION, SessionRecord, Status};
pub use read::{RecordError, parse, read_file};

#[cfg(test)]
pub(crate) mod agenda_meeting;
#[cfg(test)]
mod tests;
