//! `plg check PATH…`: every problem in every file, with positions and hints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::agenda::Agenda;
use crate::catalog::{self, Document, LoadError, Origin};
use crate::diag::{Diagnostic, FileDiagnostics, Severity};
use crate::files::Follow;
use crate::group::Group;
use crate::protocol::Protocol;
use crate::theme::Theme;

use serde::Serialize;

use super::{CommandError, CommandResult, Ctx};

/// One problem in `plg check --json` (docs/protocol-format.md). Lines and
/// columns are 1-based, columns in characters, as in the text output.
#[derive(Debug, Serialize)]
struct DiagnosticJson<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'static str,
    message: &'a str,
    hint: Option<&'a str>,
}

fn diagnostics_json(report: &FileDiagnostics) -> impl Iterator<Item = DiagnosticJson<'_>> {
    report.diagnostics.iter().map(|d| {
        // An empty span (a point) ends where it starts.
        let end = if d.span.end.line == 0 {
            d.span.start
        } else {
            d.span.end
        };
        DiagnosticJson {
            file: &report.name,
            line: d.span.start.line,
            column: d.span.start.col,
            end_line: end.line,
            end_column: end.col,
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    })
}

/// Folders are searched this deep, enough for a plg home (`home/protocols/x.yaml`).
const MAX_FOLDER_DEPTH: usize = 3;

pub fn run(ctx: &Ctx, paths: &[PathBuf], json: bool, out: &mut dyn Write) -> CommandResult {
    for p in paths {
        if !p.exists() {
            return Err(CommandError::Usage(format!(
                "{}: no such file or folder",
                p.display()
            )));
        }
    }
    let mut files = Vec::new();
    // Files named on the command line may be links (the person chose them);
    // files found in folders never are followed.
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            collect(p, 0, &mut found);
            files.extend(found.into_iter().map(|f| (f, Follow::Never)));
        } else {
            files.push((p.clone(), Follow::Named));
        }
    }
    if files.is_empty() {
        return Err(CommandError::Usage(
            "no .yaml files found in the given folders".to_string(),
        ));
    }

    let (mut invalid, mut errors, mut warnings) = (0, 0, 0);
    let mut reports = Vec::new();
    let texts: Vec<Result<(String, Kind), FileDiagnostics>> = files
        .iter()
        .map(|(file, follow)| {
            read_for_check(file, *follow).map(|src| {
                let kind = kind_of(file, &src);
                (src, kind)
            })
        })
        .collect();
    // Agendas are checked against the protocols plg can find, and
    // protocols and agendas share one namespace: loaded only when needed.
    let library = texts
        .iter()
        .any(|t| matches!(t, Ok((_, Kind::Agenda | Kind::Protocol))))
        .then(|| Library::load(ctx, &files, &texts));
    for ((file, _), text) in files.iter().zip(&texts) {
        let mut report = match (text, &library) {
            (Err(report), _) => report.clone(),
            (Ok((src, kind)), Some(library)) => library.check(file, src, *kind),
            (Ok((src, kind)), None) => check_text(file, src, *kind),
        };
        check_names(ctx, file, &mut report);
        errors += report.count(Severity::Error);
        warnings += report.count(Severity::Warning);
        if report.has_errors() {
            invalid += 1;
        }
        if json {
            reports.push(report);
        } else if report.diagnostics.is_empty() {
            writeln!(out, "{}: ok", crate::term_text::one_line(&report.name))?;
        } else if ctx.tty || ctx.color {
            // Colour into a pipe (`--color always`, for `less -R`) comes with the snippets.
            write!(out, "{}", report.render_fancy(ctx.color))?;
        } else {
            write!(out, "{}", report.render_plain())?;
        }
    }
    let status = if invalid > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    if json {
        let all: Vec<DiagnosticJson<'_>> = reports.iter().flat_map(diagnostics_json).collect();
        super::write_json(out, &all)?;
        return Ok(status);
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    writeln!(
        out,
        "{} checked: {} valid, {} invalid ({}, {})",
        plural(files.len(), "file"),
        files.len() - invalid,
        invalid,
        plural(errors, "error"),
        plural(warnings, "warning"),
    )?;
    Ok(status)
}

fn collect(dir: &Path, depth: usize, files: &mut Vec<PathBuf>) {
    files.extend(catalog::yaml_files(dir));
    if depth >= MAX_FOLDER_DEPTH {
        return;
    }
    // Subfolders that are links are not entered: a link back up would loop.
    let subdirs: Vec<PathBuf> = crate::files::list_dir(dir)
        .into_iter()
        .filter(|(_, t)| t.is_dir())
        .map(|(p, _)| p)
        .collect();
    for sub in subdirs {
        collect(&sub, depth + 1, files);
    }
}

/// Looks up the ids a file names in other catalogs (a config's `theme`), so
/// that a typo is caught here rather than by every `plg run`: an error at the
/// value, with a did-you-mean.
fn check_names(ctx: &Ctx, path: &Path, report: &mut FileDiagnostics) {
    let Some(src) = report.source.as_deref() else {
        return;
    };
    if kind_of(path, src) != Kind::Config {
        return;
    }
    let Some((id, span)) = crate::config::theme_at(src) else {
        return;
    };
    let themes: catalog::Catalog<Theme> =
        catalog::Catalog::load(crate::theme::BUILTIN, &ctx.paths.theme_dirs());
    let diagnostic = match themes.resolve(&id) {
        Ok(_) => return,
        Err(LoadError::NotFound { suggestion, .. }) => {
            let hint = match suggestion.strip_prefix("; ") {
                Some(did_you_mean) => did_you_mean.to_string(),
                None => format!(
                    "the themes are {}; `plg themes` lists them with where they come from",
                    crate::yaml::decode::word_list(&themes.ids())
                ),
            };
            Diagnostic::error(span, format!("`theme: {id}` names no theme plg can find"))
                .with_hint(hint)
        }
        Err(LoadError::Broken { file, first, .. }) => Diagnostic::error(
            span,
            format!("`theme: {id}` names a theme whose file has errors: {first}"),
        )
        .with_hint(format!("run `plg check {file}` and fix it")),
        Err(e) => Diagnostic::error(span, format!("`theme: {id}` cannot be used: {e}"))
            .with_hint("check that the theme file can be read"),
    };
    report.diagnostics.push(diagnostic);
    report
        .diagnostics
        .sort_by_key(|d| (d.span.start.line, d.span.start.col));
}

/// What agendas are checked against: the protocols plg can find, with the
/// protocols among the files checked (a draft protocol is found beside the
/// agenda that names it); and, since protocols and agendas share one
/// namespace, where every id of either kind is written.
struct Library {
    protocols: Vec<(Protocol, Origin)>,
    agendas: Vec<(String, Origin)>,
}

impl Library {
    fn load(
        ctx: &Ctx,
        files: &[(PathBuf, Follow)],
        texts: &[Result<(String, Kind), FileDiagnostics>],
    ) -> Library {
        let mut protocols: Vec<(Protocol, Origin)> = super::protocols::catalog(ctx)
            .entries
            .into_iter()
            .map(|e| (e.item, e.origin))
            .collect();
        let mut agendas: Vec<(String, Origin)> = super::agendas::catalog(ctx)
            .entries
            .into_iter()
            .map(|e| (e.item.id, e.origin))
            .collect();
        for ((file, _), text) in files.iter().zip(texts) {
            let Ok((src, kind)) = text else { continue };
            let origin = Origin::File(file.clone());
            match kind {
                Kind::Protocol => {
                    if let Some(p) = crate::protocol::check(src).value {
                        // A file checked replaces the library's protocol of its id.
                        protocols.retain(|(q, _)| q.id != p.id);
                        protocols.push((p, origin));
                    }
                }
                Kind::Agenda => {
                    if let Some(a) = crate::agenda::check(src).value
                        && !agendas
                            .iter()
                            .any(|(id, o)| *id == a.id && same_file(o, &origin))
                    {
                        agendas.push((a.id, origin));
                    }
                }
                _ => {}
            }
        }
        Library { protocols, agendas }
    }

    /// A file's report; an agenda's protocols looked up, and an id that is
    /// also one of the other kind's reported at the id, naming both files.
    fn check(&self, path: &Path, src: &str, kind: Kind) -> FileDiagnostics {
        let mut report = match kind {
            Kind::Agenda => {
                let known: Vec<&Protocol> = self.protocols.iter().map(|(p, _)| p).collect();
                let agendas: Vec<&str> = self.agendas.iter().map(|(id, _)| id.as_str()).collect();
                let checked = crate::agenda::check_with(src, &known, &agendas);
                catalog::report_checked(path, src, checked).1
            }
            _ => check_text(path, src, kind),
        };
        let here = Origin::File(path.to_path_buf());
        let clash = match kind {
            Kind::Agenda => crate::agenda::check(src).value.and_then(|a| {
                let (_, origin) = self.protocols.iter().find(|(p, _)| p.id == a.id)?;
                let span = <Agenda as Document>::id_span(src)?;
                Some((
                    a.id,
                    span,
                    super::agendas::where_is("protocol", origin),
                    "agenda",
                ))
            }),
            Kind::Protocol => crate::protocol::check(src).value.and_then(|p| {
                let (_, origin) = self
                    .agendas
                    .iter()
                    .find(|(id, o)| *id == p.id && !same_file(o, &here))?;
                let span = <Protocol as Document>::id_span(src)?;
                Some((
                    p.id,
                    span,
                    super::agendas::where_is("agenda", origin),
                    "protocol",
                ))
            }),
            _ => None,
        };
        if let Some((id, span, other, own)) = clash {
            report.diagnostics.push(
                Diagnostic::error(
                    span,
                    format!(
                        "`{id}` is the id of the {own} in {} and of {other}; protocols and agendas share one namespace",
                        path.display()
                    ),
                )
                .with_hint(format!(
                    "rename one of them, so that `plg run {id}` knows which to run"
                )),
            );
            report
                .diagnostics
                .sort_by_key(|d| (d.span.start.line, d.span.start.col));
        }
        report
    }
}

/// Whether two origins are one file, however the path was written.
fn same_file(a: &Origin, b: &Origin) -> bool {
    match (a, b) {
        (Origin::File(a), Origin::File(b)) => {
            let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
            absolute(a) == absolute(b)
        }
        _ => false,
    }
}

/// A file's text, following a link only when the person named the file;
/// what kept it from being read, as the file's report.
fn read_for_check(path: &Path, follow: Follow) -> Result<String, FileDiagnostics> {
    match catalog::read_text_at(path, follow) {
        Ok(src) => Ok(src),
        Err(LoadError::Invalid(fd)) => Err(fd),
        Err(e) => Err(FileDiagnostics {
            name: path.display().to_string(),
            source: None,
            diagnostics: vec![crate::diag::Diagnostic::error(
                crate::diag::Span::at(crate::diag::Pos::START),
                e.to_string(),
            )],
        }),
    }
}

/// Checks one file's text as a document of `kind`, on its own (an agenda's
/// protocols are looked up by [`Library::check_agenda`]).
fn check_text(path: &Path, src: &str, kind: Kind) -> FileDiagnostics {
    let src = src.to_string();
    match kind {
        Kind::Protocol => catalog::check_source::<Protocol>(path, &src).1,
        Kind::Agenda => catalog::check_source::<Agenda>(path, &src).1,
        Kind::Theme => catalog::check_source::<Theme>(path, &src).1,
        Kind::Group => catalog::check_source::<Group>(path, &src).1,
        Kind::Config => {
            let checked = crate::config::check(&src);
            FileDiagnostics {
                name: path.display().to_string(),
                source: Some(src),
                diagnostics: checked.diagnostics,
            }
        }
    }
}

/// Which format a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Protocol,
    Agenda,
    Theme,
    Group,
    Config,
}

/// Decided by the file's name or folder first (`config.yaml`, `themes/`,
/// `agendas/`), then by its top-level keys (`items:` without `phases:` is an
/// agenda); a protocol when nothing else fits.
pub(crate) fn kind_of(path: &Path, src: &str) -> Kind {
    if path.file_name().is_some_and(|n| n == "config.yaml") {
        return Kind::Config;
    }
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    match folder {
        "themes" => return Kind::Theme,
        "groups" => return Kind::Group,
        "protocols" => return Kind::Protocol,
        "agendas" => return Kind::Agenda,
        _ => {}
    }
    let has_key = |key: &str| {
        src.lines().any(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        })
    };
    if has_key("phases") {
        Kind::Protocol
    } else if has_key("items") {
        Kind::Agenda
    } else if has_key("colors") {
        Kind::Theme
    } else if has_key("members") || has_key("norms") || has_key("meets") {
        Kind::Group
    } else {
        Kind::Protocol
    }
}
