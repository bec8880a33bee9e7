//! Where hand-written documents (protocols, themes, groups) come from and how
//! they override each other: built-ins first, then the user's folder, then
//! extra folders. A later document with the same id replaces an earlier one,
//! and listings say so.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::{Checked, Diagnostic, FileDiagnostics, Pos, Span, pos_of_byte};
use crate::files::{self, Follow, ReadError};
use crate::yaml::MAX_BYTES;

/// A format read from hand-written YAML.
pub trait Document: Sized {
    /// "protocol", "theme", "group": for messages.
    const KIND: &'static str;
    fn check(src: &str) -> Checked<Self>;
    fn id(&self) -> &str;
    /// Where the id is written, for the file-name warning.
    fn id_span(src: &str) -> Option<Span> {
        id_line_span(src)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("built-in"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry<T> {
    pub item: T,
    pub origin: Origin,
    /// What this entry hides, e.g. the built-in a user's file replaces.
    pub replaces: Vec<Origin>,
}

#[derive(Debug)]
pub struct Catalog<T> {
    pub entries: Vec<Entry<T>>,
    /// Files that could not be read or are invalid; shown as warnings in listings.
    pub broken: Vec<LoadError>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", .0.render_plain().trim_end())]
    Invalid(FileDiagnostics),
    #[error("no {kind} named `{id}`{suggestion}")]
    NotFound {
        kind: &'static str,
        id: String,
        suggestion: String,
    },
    /// The id names a file that exists but cannot be used.
    #[error(
        "the {kind} `{id}` is in {file}, but that file has errors, so plg cannot use it\n  first: {first}\n  hint: run `plg check {file}` to see every mistake"
    )]
    Broken {
        kind: &'static str,
        id: String,
        file: String,
        /// The first error, as `FILE:LINE:COL: message`.
        first: String,
    },
}

impl LoadError {
    /// The file an unusable document is in, as the person should see it.
    pub(crate) fn file_name(&self) -> String {
        match self {
            LoadError::Invalid(fd) => fd.name.clone(),
            LoadError::Io { path, .. } => path.display().to_string(),
            LoadError::NotFound { id, .. } => id.clone(),
            LoadError::Broken { file, .. } => file.clone(),
        }
    }

    /// True when this broken file is the one an id names: its file stem, or
    /// the `id:` written in it.
    fn is_for(&self, id: &str) -> bool {
        let path = match self {
            LoadError::Invalid(fd) => PathBuf::from(&fd.name),
            LoadError::Io { path, .. } => path.clone(),
            _ => return false,
        };
        if path.file_stem().and_then(|s| s.to_str()) == Some(id) {
            return true;
        }
        match self {
            LoadError::Invalid(FileDiagnostics {
                source: Some(src), ..
            }) => declared_id(src).as_deref() == Some(id),
            _ => false,
        }
    }

    /// The lines a listing prints for a file it skipped: which file, its
    /// first error, and how to see them all.
    pub(crate) fn skipped_warning(&self) -> String {
        let file = crate::term_text::one_line(&self.file_name()).into_owned();
        format!(
            "warning: skipped {file}: it has errors\n  first: {}\n  hint: run `plg check {file}` to see every mistake",
            self.first_error()
        )
    }

    /// The first error, as `FILE:LINE:COL: message`.
    fn first_error(&self) -> String {
        match self {
            LoadError::Invalid(fd) => match fd.diagnostics.iter().find(|d| d.is_error()) {
                Some(d) => format!(
                    "{}:{}:{}: {}",
                    fd.name, d.span.start.line, d.span.start.col, d.message
                ),
                None => fd.name.clone(),
            },
            other => other.to_string(),
        }
    }
}

impl<T: Document> Catalog<T> {
    /// Loads built-ins, then every `*.yaml` file in `dirs` (missing folders are skipped).
    pub fn load(builtins: &[(&str, &str)], dirs: &[PathBuf]) -> Catalog<T> {
        let mut catalog = Catalog {
            entries: Vec::new(),
            broken: Vec::new(),
        };
        for (name, src) in builtins {
            match T::check(src).into_result() {
                Ok((item, _)) => catalog.add(item, Origin::BuiltIn),
                Err(diagnostics) => catalog.broken.push(LoadError::Invalid(FileDiagnostics {
                    name: format!("built-in {name}"),
                    source: Some(src.to_string()),
                    diagnostics,
                })),
            }
        }
        for dir in dirs {
            for path in yaml_files(dir) {
                match read::<T>(&path) {
                    Ok((item, _warnings)) => catalog.add(item, Origin::File(path)),
                    Err(e) => catalog.broken.push(e),
                }
            }
        }
        catalog
    }

    fn add(&mut self, item: T, origin: Origin) {
        if let Some(pos) = self.entries.iter().position(|e| e.item.id() == item.id()) {
            let old = self.entries.remove(pos);
            let mut replaces = old.replaces;
            replaces.push(old.origin);
            self.entries.insert(
                pos,
                Entry {
                    item,
                    origin,
                    replaces,
                },
            );
        } else {
            self.entries.push(Entry {
                item,
                origin,
                replaces: Vec::new(),
            });
        }
    }

    pub fn get(&self, id: &str) -> Option<&Entry<T>> {
        self.entries.iter().find(|e| e.item.id() == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.item.id()).collect()
    }

    /// An id from the catalog, or a path to a `.yaml` file.
    pub fn resolve(&self, id_or_path: &str) -> Result<Entry<T>, LoadError>
    where
        T: Clone,
    {
        if looks_like_path(id_or_path) {
            let path = PathBuf::from(id_or_path);
            let (item, _) = read_at::<T>(&path, Follow::Named)?;
            return Ok(Entry {
                item,
                origin: Origin::File(path),
                replaces: Vec::new(),
            });
        }
        if let Some(e) = self.get(id_or_path) {
            return Ok(e.clone());
        }
        // The last broken file for the id: the one that would have won.
        if let Some(broken) = self.broken.iter().rev().find(|b| b.is_for(id_or_path)) {
            return Err(LoadError::Broken {
                kind: T::KIND,
                id: id_or_path.to_string(),
                file: broken.file_name(),
                first: broken.first_error(),
            });
        }
        let broken_stems: Vec<String> = self
            .broken
            .iter()
            .filter_map(|b| {
                let file = b.file_name();
                let stem = Path::new(&file).file_stem()?.to_str()?.to_string();
                Some(stem)
            })
            .collect();
        let candidates = self
            .ids()
            .into_iter()
            .chain(broken_stems.iter().map(String::as_str));
        let suggestion = crate::yaml::decode::did_you_mean(id_or_path, candidates)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        Err(LoadError::NotFound {
            kind: T::KIND,
            id: id_or_path.to_string(),
            suggestion,
        })
    }
}

/// A built-in document by id, from the embedded (file name, text) pairs
/// (a test checks each kind's built-ins, so this is `None` only for an id
/// that is not built in).
pub(crate) fn builtin<T: Document>(files: &[(&str, &str)], id: &str) -> Option<T> {
    let file = format!("{id}.yaml");
    files
        .iter()
        .find(|(f, _)| *f == file)
        .and_then(|(_, src)| T::check(src).value)
}

pub(crate) fn looks_like_path(s: &str) -> bool {
    s.ends_with(".yaml")
        || s.ends_with(".yml")
        || s.contains(std::path::MAIN_SEPARATOR)
        || s.contains('/')
}

/// `*.yaml` and `*.yml` entries in a folder, sorted by name; nothing when it
/// does not exist. Links and other non-files are listed too, so that reading
/// them reports what they are instead of skipping them silently.
pub(crate) fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    files::list_dir(dir)
        .into_iter()
        .filter(|(p, t)| !t.is_dir() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .map(|(p, _)| p)
        .collect()
}

/// Reads a file found in one of plg's folders (never through a link).
pub(crate) fn read_text(path: &Path) -> Result<String, LoadError> {
    read_text_at(path, Follow::Never)
}

/// Reads a file's text, refusing links (unless named by the person),
/// non-regular, oversized and non-UTF-8 files with a position.
pub(crate) fn read_text_at(path: &Path, follow: Follow) -> Result<String, LoadError> {
    let name = path.display().to_string();
    let refused = |message: String, hint: &str| {
        LoadError::Invalid(FileDiagnostics {
            name: name.clone(),
            source: None,
            diagnostics: vec![Diagnostic::error(Span::at(Pos::START), message).with_hint(hint)],
        })
    };
    let bytes = match files::read_capped(path, MAX_BYTES as u64, follow) {
        Ok(b) => b,
        Err(ReadError::Io(source)) => {
            return Err(LoadError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
        Err(ReadError::TooLarge(_)) => {
            return Err(refused(
                format!("the file is larger than {} KiB", MAX_BYTES / 1024),
                "plg files are a few kilobytes; check that the right file was given",
            ));
        }
        Err(e @ ReadError::Link) => {
            return Err(refused(
                e.to_string(),
                "copy the file into the folder instead of linking it, or name it on the command line",
            ));
        }
        Err(e @ ReadError::NotRegular(_)) => {
            return Err(refused(
                e.to_string(),
                "remove it from the folder, or rename it so it does not end in .yaml",
            ));
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let pos = pos_of_byte(e.as_bytes(), at);
        LoadError::Invalid(FileDiagnostics {
            name: name.clone(),
            source: None,
            diagnostics: vec![
                Diagnostic::error(Span::at(pos), "the file is not valid UTF-8 text").with_hint(
                    "save the file as UTF-8 in your editor (it may be in Latin-1 or UTF-16)",
                ),
            ],
        })
    })
}

/// Reads and checks one file. Warnings (including a file name that differs
/// from the id) come back with the value.
pub(crate) fn read<T: Document>(path: &Path) -> Result<(T, FileDiagnostics), LoadError> {
    read_at(path, Follow::Never)
}

/// [`read`], for a file the person named (which may be a link).
pub(crate) fn read_at<T: Document>(
    path: &Path,
    follow: Follow,
) -> Result<(T, FileDiagnostics), LoadError> {
    let src = read_text_at(path, follow)?;
    let mut report = check_source::<T>(path, &src);
    match report.0.take() {
        Some(item) => Ok((item, report.1)),
        None => Err(LoadError::Invalid(report.1)),
    }
}

/// Checks text as if read from `path`: the value (if no errors) and every diagnostic.
pub(crate) fn check_source<T: Document>(path: &Path, src: &str) -> (Option<T>, FileDiagnostics) {
    report_checked(path, src, T::check(src))
}

/// [`check_source`] for a document checked some other way (an agenda
/// checked against the library): adds the file-name warning and sorts.
pub(crate) fn report_checked<T: Document>(
    path: &Path,
    src: &str,
    checked: Checked<T>,
) -> (Option<T>, FileDiagnostics) {
    let mut diagnostics = checked.diagnostics;
    if let Some(item) = &checked.value {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if stem != item.id() {
            diagnostics.push(
                Diagnostic::warning(
                    T::id_span(src).unwrap_or(Span::at(Pos::START)),
                    format!(
                        "the file is named `{stem}` but the {} id is `{}`",
                        T::KIND,
                        item.id()
                    ),
                )
                .with_hint(format!(
                    "rename the file to `{}.yaml` so people find it by its id",
                    item.id()
                )),
            );
        }
    }
    diagnostics.sort_by_key(|d| (d.span.start.line, d.span.start.col));
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    (
        checked.value.filter(|_| !has_errors),
        FileDiagnostics {
            name: path.display().to_string(),
            source: Some(src.to_string()),
            diagnostics,
        },
    )
}

/// The top-level `id:` written in a file, when it can be read.
fn declared_id(src: &str) -> Option<String> {
    let root = crate::yaml::parse(src).ok()??;
    match &root.value {
        crate::yaml::Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == "id"))
            .and_then(|(_, v)| v.as_scalar())
            .map(|s| s.text.clone()),
        _ => None,
    }
}

/// The span of a top-level `id:` value, found by reading the tree again.
fn id_line_span(src: &str) -> Option<Span> {
    let root = crate::yaml::parse(src).ok()??;
    match &root.value {
        crate::yaml::Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == "id"))
            .map(|(_, v)| v.span),
        _ => None,
    }
}
