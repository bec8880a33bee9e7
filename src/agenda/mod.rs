//! Agendas: a whole meeting (a connection, a protocol, logistics, the
//! plus/delta) as a list of items. The checked model, and its expansion
//! into one protocol-shaped plan the runner steps through with one clock.

pub(crate) mod expand;
pub(crate) mod model;

pub use expand::{ExpandError, expand};
pub use model::{Agenda, DECISION, Item, ProtocolItem, ProtocolRef};

#[cfg(test)]
mod tests;
