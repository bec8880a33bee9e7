//! `plg agendas`, `plg show AGENDA`, and what `plg run` resolves an id
//! to: protocols and agendas share one namespace.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::agenda::outline::Planned;
use crate::agenda::{self, Agenda};
use crate::catalog::{self, Catalog, Entry, LoadError, Origin};
use crate::files::Follow;
use crate::protocol::Protocol;
use crate::protocol::model::TYPICAL_GROUP;
use crate::text::minutes_number as minutes_label;

use super::protocols::origin_label;
use super::{CommandError, CommandResult, Ctx, origin_json, warn_skipped, write_json, write_table};

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
            // Files with errors are suggested too: the near miss may be one.
            let stems: Vec<String> = protocols
                .broken
                .iter()
                .chain(&agendas.broken)
                .filter_map(|b| {
                    let file = b.file_name();
                    Some(Path::new(&file).file_stem()?.to_str()?.to_string())
                })
                .collect();
            let ids = protocols
                .ids()
                .into_iter()
                .chain(agendas.ids())
                .chain(stems.iter().map(String::as_str));
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

/// `plg show AGENDA`: the outline of the whole meeting (`people` sizes rounds).
pub(crate) fn show(
    protocols: &Catalog<Protocol>,
    entry: &Entry<Agenda>,
    people: Option<usize>,
    json: bool,
    out: &mut dyn Write,
) -> CommandResult {
    let lookup = |id: &str| protocols.get(id).map(|e| e.item.clone());
    let meeting =
        agenda::planned(&entry.item, &lookup).map_err(|e| CommandError::Failed(e.to_string()))?;
    let plan = Planned {
        agenda: &entry.item,
        meeting: &meeting,
    };
    let origin = origin_label(&entry.origin, &entry.replaces);
    if json {
        return write_json(out, &agenda::outline::outline_json(&plan, &origin, people));
    }
    write!(out, "{}", agenda::outline::outline(&plan, &origin, people))?;
    Ok(ExitCode::SUCCESS)
}

/// One agenda in `plg agendas --json` (docs/agenda-format.md).
#[derive(Serialize)]
struct AgendaJson<'a> {
    id: &'a str,
    name: &'a str,
    /// Planned minutes of the whole meeting, besides the protocol chosen at
    /// setup; `null` when a protocol it names cannot be found.
    minutes: Option<f64>,
    /// The group size `minutes` is counted for, when it depends on one.
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<usize>,
    items: usize,
    /// The protocols the items run, by id, in order.
    protocols: Vec<&'a str>,
    /// One item lets the facilitator choose the protocol at setup.
    chooses: bool,
    from: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    replaces: Vec<String>,
}

/// The meeting's planned length for its planning group, or why it has none.
fn length(a: &Agenda, protocols: &Catalog<Protocol>) -> Result<(Protocol, usize), String> {
    if let Some(id) = a
        .protocol_ids()
        .into_iter()
        .find(|id| protocols.get(id).is_none())
    {
        return Err(id.to_string());
    }
    let lookup = |id: &str| protocols.get(id).map(|e| e.item.clone());
    let m = agenda::planned(a, &lookup).map_err(|e| e.to_string())?;
    let people = m.planning_group();
    Ok((m, people))
}

/// `plg agendas`: every agenda plg can find, with its length and items.
pub fn list(ctx: &Ctx, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> CommandResult {
    let protocols = super::protocols::catalog(ctx);
    let agendas = catalog(ctx);
    let lengths: Vec<Result<(Protocol, usize), String>> = agendas
        .entries
        .iter()
        .map(|e| length(&e.item, &protocols))
        .collect();
    // An agenda naming a protocol plg cannot find is listed, and said so:
    // `plg check` points at the line.
    let mut unusable = Vec::new();
    for (e, l) in agendas.entries.iter().zip(&lengths) {
        if let Err(id) = l {
            unusable.push(format!(
                "warning: the agenda `{}` ({}) names the protocol `{id}`, which plg cannot find\n  hint: run `plg check {}` to see where",
                crate::term_text::one_line(&e.item.id),
                e.origin,
                e.origin,
            ));
        }
    }
    // An id that is also a protocol's cannot be run by that id: a school
    // looking over its shared folder learns it here, not in the meeting.
    for e in &agendas.entries {
        if let Some(p) = protocols.get(&e.item.id) {
            let id = crate::term_text::one_line(&e.item.id);
            unusable.push(format!(
                "warning: {}
  hint: `plg run {id}` and `plg show {id}` refuse an id that is both; `plg check` names the two files",
                ambiguous(&id, &p.origin, &e.origin),
            ));
        }
    }
    if json {
        let rows: Vec<AgendaJson<'_>> = agendas
            .entries
            .iter()
            .zip(&lengths)
            .map(|(e, l)| {
                let a = &e.item;
                let (minutes, people) = match l {
                    Ok((m, people)) => (
                        Some(m.total_secs(*people) as f64 / 60.0),
                        m.depends_on_people().then_some(*people),
                    ),
                    Err(_) => (None, None),
                };
                AgendaJson {
                    id: &a.id,
                    name: &a.name,
                    minutes,
                    people,
                    items: a.items.len(),
                    protocols: a.protocol_ids(),
                    chooses: a.chooses(),
                    from: origin_json(&e.origin),
                    replaces: e.replaces.iter().map(origin_json).collect(),
                }
            })
            .collect();
        warn_skipped(&agendas.broken, err)?;
        for w in &unusable {
            writeln!(err, "{w}")?;
        }
        return write_json(out, &rows);
    }
    let rows: Vec<Vec<String>> = agendas
        .entries
        .iter()
        .zip(&lengths)
        .map(|(e, l)| {
            let minutes = match l {
                Ok((m, people)) => {
                    let total = minutes_label(m.total_secs(*people));
                    let star = if m.depends_on_people() { "*" } else { "" };
                    let plus = if e.item.chooses() { " + chosen" } else { "" };
                    format!("{total}{star}{plus}")
                }
                Err(_) => "?".to_string(),
            };
            vec![
                e.item.id.clone(),
                e.item.name.clone(),
                minutes,
                e.item.items.len().to_string(),
                origin_label(&e.origin, &e.replaces),
            ]
        })
        .collect();
    write_table(out, &["ID", "NAME", "MINUTES", "ITEMS", "FROM"], &rows)?;
    if agendas.entries.iter().any(|e| e.item.chooses()) {
        writeln!(
            out,
            "\n+ chosen: the facilitator picks the protocol at setup; its minutes come on top"
        )?;
    }
    if lengths
        .iter()
        .any(|l| l.as_ref().is_ok_and(|(m, _)| m.depends_on_people()))
    {
        writeln!(
            out,
            "* rounds follow the people present; shown for the meeting's ideal group size ({TYPICAL_GROUP} when it gives none)"
        )?;
    }
    for w in &unusable {
        writeln!(out, "{w}")?;
    }
    warn_skipped(&agendas.broken, out)?;
    Ok(ExitCode::SUCCESS)
}
