//! The protocol format: the checked model, the checker that reads YAML into
//! it, the embedded built-in library, a JSON Schema for editors, and the
//! readable outline `plg show` prints.

pub(crate) mod check;
pub(crate) mod model;
pub(crate) mod outline;
pub(crate) mod schema;

pub use check::check;
pub use model::{
    AgendaPlan, ItemSpan, NoteKind, OTHERS, Phase, PhasePlan, PlannedItem, Protocol, ROUND_PERSON,
    Repeat, Role, circle_count, circle_sizes,
};

/// The built-in protocols as (file name, text), embedded at build time from `protocols/`.
pub static BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/protocols.rs"));

/// A built-in protocol by id (they are checked by a test, so this only
/// returns `None` for an id that is not built in).
pub fn builtin(id: &str) -> Option<Protocol> {
    crate::catalog::builtin(BUILTIN, id)
}

impl crate::catalog::Document for Protocol {
    const KIND: &'static str = "protocol";
    fn check(src: &str) -> crate::diag::Checked<Self> {
        check(src)
    }
    fn id(&self) -> &str {
        &self.id
    }
}

/// The starter file `plg new protocol ID` writes; `{id}` and `{name}` are filled in.
pub(crate) const STARTER: &str = include_str!("starter.yaml");

/// The starter for `id`, with the schema comment pointing at `schema_path`.
pub(crate) fn starter(id: &str, schema_path: &str) -> String {
    fill_starter(STARTER, id, schema_path)
}

/// A starter `template` with `{schema}`, `{id}` and `{name}` filled in.
pub(crate) fn fill_starter(template: &str, id: &str, schema_path: &str) -> String {
    template
        .replace("{schema}", schema_path)
        .replace("{id}", id)
        .replace("{name}", &crate::yaml::decode::title_case(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_protocol_is_valid_and_named_after_its_id() {
        assert!(BUILTIN.len() >= 7);
        for (file, src) in BUILTIN {
            let checked = check(src);
            let errors: Vec<_> = checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .collect();
            assert!(errors.is_empty(), "{file}: {errors:#?}");
            let p = checked.value.unwrap();
            assert_eq!(format!("{}.yaml", p.id), *file);
            assert!(p.source.is_some(), "{file} names no source tradition");
            assert!(p.checkin_phase().is_some(), "{file} has no check-in phase");
        }
    }

    #[test]
    fn the_starter_is_a_valid_protocol() {
        let src = starter("my-protocol", ".schemas/protocol.schema.json");
        let checked = check(&src);
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
        let p = checked.value.unwrap();
        assert_eq!(p.id, "my-protocol");
        assert_eq!(p.name, "My Protocol");
        assert!(src.starts_with("# yaml-language-server: $schema=.schemas/protocol.schema.json\n"));
    }
}
