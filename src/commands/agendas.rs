//! `plg agendas`, `plg show AGENDA`, and what `plg run` resolves an id
//! to: protocols and agendas share one namespace.

use std::path::{Path, PathBuf};

use crate::agenda::{self, Agenda};
use crate::catalog::{self, Catalog, Entry, LoadError, Origin};
use crate::files::Follow;
use crate::protocol::Protocol;

use super::{CommandError, Ctx};

/// The agendas plg can find: built-ins, the user's `agendas/` folder, then
/// the folders given with `--agendas` / `PLG_AGENDAS`.
pub fn catalog(ctx: &Ctx) -> Catalog<Agenda> {
    Catalog::load(agenda::BUILTIN, &ctx.paths.agenda_dirs())
}

/// What `plg run ID` runs: a protocol alone, or an agenda (whose protocols
/// the runner looks up in the protocol catalog; every one of them was found
/// when this was resolved).
#[derive(Debug, Clone)]
pub enum Runnable {
    Protocol(Entry<Protocol>),
    Agenda(Entry<Agenda>),
}

/// Resolves a protocol or agenda id, or a path to a `.yaml` file of either
/// kind (told apart as `plg check` tells them: an `agendas` folder, or
/// `items:` without `phases:`). An id that is both a protocol and an agenda
/// is refused, naming both files; an unknown id gets a did-you-mean across
/// both kinds. An agenda is checked against the library: a protocol it
/// names that plg cannot find is an error at its line and column.
pub fn resolve_runnable(ctx: &Ctx, id_or_path: &str) -> Result<Runnable, CommandError> {
    let protocols = super::protocols::catalog(ctx);
    let agendas = catalog(ctx);
    resolve_in(&protocols, &agendas, id_or_path)
}

pub(crate) fn resolve_in(
    protocols: &Catalog<Protocol>,
    agendas: &Catalog<Agenda>,
    id_or_path: &str,
) -> Result<Runnable, CommandError> {
    if catalog::looks_like_path(id_or_path) {
        let path = PathBuf::from(id_or_path);
        let src = catalog::read_text_at(&path, Follow::Named)?;
        if super::check::kind_of(&path, &src) == super::check::Kind::Agenda {
            let item = against_library(&path, &src, protocols, agendas)?;
            return Ok(Runnable::Agenda(Entry {
                item,
                origin: Origin::File(path),
                replaces: Vec::new(),
            }));
        }
        return protocols
            .resolve(id_or_path)
            .map(Runnable::Protocol)
            .map_err(CommandError::from);
    }
    match (protocols.get(id_or_path), agendas.get(id_or_path)) {
        (Some(p), Some(a)) => Err(CommandError::Failed(ambiguous(
            id_or_path, &p.origin, &a.origin,
        ))),
        (Some(p), None) => Ok(Runnable::Protocol(p.clone())),
        (None, Some(a)) => {
            let (src, path) = source_of(a)?;
            let item = against_library(&path, &src, protocols, agendas)?;
            Ok(Runnable::Agenda(Entry {
                item,
                origin: a.origin.clone(),
                replaces: a.replaces.clone(),
            }))
        }
        (None, None) => {
            // A broken file that would have had the id says so, whichever kind.
            for e in [
                protocols.resolve(id_or_path).err(),
                agendas.resolve(id_or_path).err(),
            ]
            .into_iter()
            .flatten()
            {
                if matches!(e, LoadError::Broken { .. }) {
                    return Err(e.into());
                }
            }
            let ids = protocols.ids().into_iter().chain(agendas.ids());
            let suggestion = crate::yaml::decode::did_you_mean(id_or_path, ids)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            Err(LoadError::NotFound {
                kind: "protocol or agenda",
                id: id_or_path.to_string(),
                suggestion,
            }
            .into())
        }
    }
}

/// "`weekly` is ambiguous: …; rename one". Protocols and agendas share one
/// namespace so that `plg run ID` never has to guess.
pub(crate) fn ambiguous(id: &str, protocol: &Origin, agenda: &Origin) -> String {
    format!(
        "`{id}` is ambiguous: {} and {}; rename one",
        where_is("protocol", protocol),
        where_is("agenda", agenda)
    )
}

/// "the protocol in FILE", or "the built-in agenda".
pub(crate) fn where_is(kind: &str, origin: &Origin) -> String {
    match origin {
        Origin::BuiltIn => format!("the built-in {kind}"),
        Origin::File(p) => format!("the {kind} in {}", p.display()),
    }
}

/// The text an agenda was read from, and the name to report it under.
fn source_of(entry: &Entry<Agenda>) -> Result<(String, PathBuf), LoadError> {
    match &entry.origin {
        Origin::File(path) => Ok((catalog::read_text(path)?, path.clone())),
        Origin::BuiltIn => {
            let file = format!("{}.yaml", entry.item.id);
            let src = agenda::BUILTIN
                .iter()
                .find(|(f, _)| *f == file)
                .map(|(_, s)| s.to_string())
                .unwrap_or_default();
            Ok((src, PathBuf::from(format!("built-in {file}"))))
        }
    }
}

/// Checks an agenda's text against the protocols and agendas plg can find.
fn against_library(
    path: &Path,
    src: &str,
    protocols: &Catalog<Protocol>,
    agendas: &Catalog<Agenda>,
) -> Result<Agenda, LoadError> {
    let known: Vec<&Protocol> = protocols.entries.iter().map(|e| &e.item).collect();
    let checked = agenda::check_with(src, &known, &agendas.ids());
    match catalog::report_checked(path, src, checked) {
        (Some(item), _) => Ok(item),
        (None, report) => Err(LoadError::Invalid(report)),
    }
}
