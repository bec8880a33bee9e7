//! Agendas: a whole meeting (a connection, a protocol, logistics, the
//! plus/delta) as a list of items. The checked model, the checker that reads
//! YAML into it, the embedded built-in agendas, and its expansion into one
//! protocol-shaped plan the runner steps through with one clock.

pub(crate) mod check;
pub(crate) mod expand;
pub(crate) mod model;
pub(crate) mod outline;
pub(crate) mod schema;

pub use check::{CHOOSE, check, check_with};
pub use expand::{ExpandError, expand};
pub use model::{Agenda, DECISION, Item, ProtocolItem, ProtocolRef};

/// The built-in agendas as (file name, text), embedded at build time from `agendas/`.
pub static BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/agendas.rs"));

/// A built-in agenda by id (a test checks them all, so this only returns
/// `None` for an id that is not built in).
pub fn builtin(id: &str) -> Option<Agenda> {
    crate::catalog::builtin(BUILTIN, id)
}

/// The meeting as `plg show` and the checker see it before setup: expanded
/// with `lookup`, the protocol chosen at setup standing in with no phases.
pub(crate) fn planned(
    agenda: &Agenda,
    lookup: &dyn Fn(&str) -> Option<crate::protocol::Protocol>,
) -> Result<crate::protocol::Protocol, ExpandError> {
    let chosen = agenda.chooses().then(|| crate::protocol::Protocol {
        id: CHOOSE.into(),
        name: "The protocol chosen at setup".into(),
        asks: Some(Vec::new()),
        ..crate::protocol::Protocol::default()
    });
    expand(agenda, lookup, chosen)
}

/// The starter file `plg new agenda ID` writes; `{id}` and `{name}` are filled in.
pub(crate) const STARTER: &str = include_str!("starter.yaml");

/// The starter for `id`, with the schema comment pointing at `schema_path`.
pub(crate) fn starter(id: &str, schema_path: &str) -> String {
    crate::protocol::fill_starter(STARTER, id, schema_path)
}

/// Read without the library: the protocols items name are looked up where
/// the library is known (`plg check`, `plg show`, `plg run`).
impl crate::catalog::Document for Agenda {
    const KIND: &'static str = "agenda";
    fn check(src: &str) -> crate::diag::Checked<Self> {
        check(src)
    }
    fn id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod builtin_tests {
    use super::*;
    use crate::protocol::Protocol;

    fn library() -> Vec<Protocol> {
        crate::protocol::BUILTIN
            .iter()
            .filter_map(|(_, src)| crate::protocol::check(src).value)
            .collect()
    }

    #[test]
    fn every_builtin_agenda_is_valid_against_the_builtin_protocols_and_named_after_its_id() {
        let protocols = library();
        let known: Vec<&Protocol> = protocols.iter().collect();
        assert!(BUILTIN.len() >= 3);
        for (file, src) in BUILTIN {
            let checked = check_with(src, &known, &[]);
            assert!(
                checked.diagnostics.is_empty(),
                "{file}: {:#?}",
                checked.diagnostics
            );
            let a = checked.value.unwrap();
            assert_eq!(format!("{}.yaml", a.id), *file);
            assert!(a.source.is_some(), "{file} names no source");
            assert!(
                crate::protocol::builtin(&a.id).is_none(),
                "{file}: agendas and protocols share one namespace"
            );
        }
    }

    /// The length each built-in states in its summary or notes is what its
    /// items add up to (the regular meeting with a 48-minute protocol).
    #[test]
    fn builtin_agendas_add_up_to_the_length_they_state() {
        let lookup = |id: &str| crate::protocol::builtin(id);
        let minutes = |id: &str, chosen: Option<Protocol>| {
            let a = builtin(id).unwrap();
            let m = expand(&a, &lookup, chosen).unwrap();
            m.total_secs(m.planning_group()) / 60
        };
        assert_eq!(minutes("first-meeting", None), 75);
        assert_eq!(minutes("facilitators-monthly", None), 60);
        let norm_setting = crate::protocol::builtin("norm-setting").unwrap();
        assert_eq!(
            norm_setting.total_secs(norm_setting.planning_group()) / 60,
            48
        );
        assert_eq!(minutes("plg-meeting", Some(norm_setting)), 60);
    }
}
