//! Diagnostics for files people write by hand (protocols, themes, groups, config).
//!
//! Every problem carries a position, a message and, where we can say how to
//! fix it, a hint. Rendering is either the plain `FILE:LINE:COL: error: …`
//! form that editors and CI logs understand, or the same line followed by a
//! source snippet with an underline when a person is looking at a terminal.

use std::fmt::{self, Write as _};

use crate::term_text::{mask, one_line};

/// A position in a source file; line and column are 1-based, column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
    /// Byte offset into the source, for snippets.
    pub offset: usize,
}

impl Pos {
    pub const START: Pos = Pos {
        line: 1,
        col: 1,
        offset: 0,
    };
}

/// A range of source text: start inclusive, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn at(pos: Pos) -> Span {
        Span {
            start: pos,
            end: pos,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The outcome of checking one document: the value when there were no errors,
/// and every diagnostic (errors and warnings) found on the way.
#[derive(Debug)]
pub struct Checked<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Checked<T> {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The value, or the diagnostics when any of them is an error.
    pub fn into_result(self) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
        match self.value {
            Some(v) if !self.has_errors() => Ok((v, self.diagnostics)),
            _ => Err(self.diagnostics),
        }
    }
}

/// Diagnostics of one file together with what is needed to print them.
#[derive(Debug, Clone)]
pub struct FileDiagnostics {
    /// The file name as the user should see it.
    pub name: String,
    /// The text, when it could be read as UTF-8; used for snippets.
    pub source: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileDiagnostics {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// `FILE:LINE:COL: error: message` then an indented hint, one per diagnostic.
    /// File names and messages (which quote the file) are kept to one line
    /// with any control characters shown, so each problem stays one line.
    pub fn render_plain(&self) -> String {
        let mut out = String::new();
        for d in self.diagnostics.iter().take(SHOWN) {
            let _ = writeln!(out, "{}", self.header(d));
            if let Some(hint) = &d.hint {
                let _ = writeln!(out, "  hint: {}", one_line(hint));
            }
        }
        self.more(&mut out);
        out
    }

    /// A file with thousands of problems (often one mistake repeated) shows
    /// the first [`SHOWN`] and counts the rest, instead of pages of the same.
    fn more(&self, out: &mut String) {
        let rest = &self.diagnostics[self.diagnostics.len().min(SHOWN)..];
        if rest.is_empty() {
            return;
        }
        let errors = rest.iter().filter(|d| d.is_error()).count();
        let count = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let _ = writeln!(
            out,
            "{}: … and {} more ({}, {}) not shown; fix these first and check again",
            one_line(&self.name),
            rest.len(),
            count(errors, "error"),
            count(rest.len() - errors, "warning")
        );
    }

    fn header(&self, d: &Diagnostic) -> String {
        format!(
            "{}:{}:{}: {}: {}",
            one_line(&self.name),
            d.span.start.line,
            d.span.start.col,
            d.severity,
            one_line(&d.message)
        )
    }

    /// For a person at a terminal: each header line heads a snippet of the
    /// source with the problem underlined, and the hint below it.
    pub fn render_fancy(&self, color: bool) -> String {
        let mut out = String::new();
        // miette shows the source as it is: control characters in it are
        // masked with placeholders of the same byte length so spans still fit.
        let src = self.source.as_deref().map(mask);
        for d in self.diagnostics.iter().take(SHOWN) {
            let header = self.header(d);
            match &src {
                Some(src) => out.push_str(&snippet(&self.name, header, src, d, color)),
                None => {
                    let _ = writeln!(out, "{header}");
                    if let Some(hint) = &d.hint {
                        let _ = writeln!(out, "  hint: {}", one_line(hint));
                    }
                }
            }
        }
        self.more(&mut out);
        out
    }
}

/// How many problems of one file are shown; the rest are counted.
pub const SHOWN: usize = 50;

#[derive(Debug)]
struct SnippetReport {
    message: String,
    hint: Option<String>,
    severity: miette::Severity,
    src: miette::NamedSource<String>,
    label: miette::SourceSpan,
}

impl fmt::Display for SnippetReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SnippetReport {}

impl miette::Diagnostic for SnippetReport {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(None, self.label),
        )))
    }
}

/// miette draws the snippet; its title line carries our `FILE:LINE:COL: …`
/// header so the position is stated once, in the form editors recognise.
fn snippet(name: &str, header: String, src: &str, d: &Diagnostic, color: bool) -> String {
    let start = d.span.start.offset.min(src.len());
    let end = d.span.end.offset.clamp(start, src.len());
    // An empty span still deserves a visible caret; widen it to the next character.
    let len = if end > start {
        end - start
    } else {
        src[start..].chars().next().map_or(0, char::len_utf8)
    };
    let report = SnippetReport {
        message: header,
        hint: d.hint.as_deref().map(|h| one_line(h).into_owned()),
        severity: match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        },
        src: miette::NamedSource::new(one_line(name), src.to_string()),
        label: (start, len).into(),
    };
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    // Wide enough that the header line is never wrapped mid-path.
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(160);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        // The graphical form is a nicety; the plain hint is the fallback.
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "  hint: {}", one_line(hint));
        }
    }
    out
}

/// Line and column of a byte offset, for errors found before a parser runs
/// (invalid UTF-8, for example).
pub fn pos_of_byte(bytes: &[u8], offset: usize) -> Pos {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&bytes[line_start..offset])
        .chars()
        .count()
        + 1;
    Pos { line, col, offset }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_of_problems_show_the_first_and_count_the_rest() {
        let at = Span::at(Pos {
            line: 1,
            col: 1,
            offset: 0,
        });
        let mut diagnostics: Vec<Diagnostic> = (0..SHOWN + 7)
            .map(|i| Diagnostic::error(at, format!("e{i}")))
            .collect();
        diagnostics.push(Diagnostic::warning(at, "w"));
        let fd = FileDiagnostics {
            name: "p.yaml".into(),
            source: Some("id: x\n".into()),
            diagnostics,
        };
        for text in [fd.render_plain(), fd.render_fancy(false)] {
            assert!(text.contains(&format!("e{}", SHOWN - 1)), "{text}");
            assert!(
                !text.contains(&format!("e{SHOWN}:")) && !text.contains(&format!(": e{SHOWN}\n"))
            );
            assert!(
                text.ends_with("p.yaml: … and 8 more (7 errors, 1 warning) not shown; fix these first and check again\n"),
                "{text}"
            );
        }
    }

    #[test]
    fn plain_rendering_names_file_line_column_and_hint() {
        let fd = FileDiagnostics {
            name: "p.yaml".into(),
            source: Some("id: x\n".into()),
            diagnostics: vec![
                Diagnostic::error(
                    Span::at(Pos {
                        line: 1,
                        col: 5,
                        offset: 4,
                    }),
                    "bad",
                )
                .with_hint("fix it"),
            ],
        };
        assert_eq!(
            fd.render_plain(),
            "p.yaml:1:5: error: bad\n  hint: fix it\n"
        );
    }

    #[test]
    fn fancy_rendering_shows_the_source_line() {
        let fd = FileDiagnostics {
            name: "p.yaml".into(),
            source: Some("id: Bad Id\nname: x\n".into()),
            diagnostics: vec![
                Diagnostic::error(
                    Span {
                        start: Pos {
                            line: 1,
                            col: 5,
                            offset: 4,
                        },
                        end: Pos {
                            line: 1,
                            col: 11,
                            offset: 10,
                        },
                    },
                    "not a slug",
                )
                .with_hint("use lowercase"),
            ],
        };
        let out = fd.render_fancy(false);
        assert!(out.contains("p.yaml:1:5: error: not a slug\n"), "{out}");
        assert_eq!(out.matches("not a slug").count(), 1, "{out}");
        assert!(out.contains("id: Bad Id"), "{out}");
        assert!(out.contains("use lowercase"), "{out}");
    }

    /// A file whose name, text and quoted key carry escape sequences, a C1
    /// control and a bidi override, with the error on the key after them.
    fn hostile() -> FileDiagnostics {
        let src = "name: \"\u{1b}]52;c;cHduZWQ=\u{7}\u{9b}\u{202e}x\"\nke\u{1b}[2Jy: 1\n";
        let start = src.find("ke").unwrap();
        let end = src.find(": 1").unwrap();
        let pos = |offset: usize| Pos {
            line: 2,
            col: offset - start + 1,
            offset,
        };
        FileDiagnostics {
            name: "p\u{1b}[2J\n.yaml".into(),
            source: Some(src.into()),
            diagnostics: vec![
                Diagnostic::error(
                    Span {
                        start: pos(start),
                        end: pos(end),
                    },
                    "unknown key `ke\u{1b}[2Jy`",
                )
                .with_hint("did you mean \u{202e}`key`?"),
            ],
        }
    }

    /// Control characters other than SGR colour sequences, and bidi controls.
    fn unsafe_in(s: &str) -> Vec<char> {
        let without_sgr = s
            .split('\u{1b}')
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    return part.to_string();
                }
                let sgr = part.strip_prefix('[').and_then(|p| {
                    let n = p.find(|c: char| !c.is_ascii_digit() && c != ';')?;
                    (p[n..].starts_with('m')).then(|| p[n + 1..].to_string())
                });
                sgr.unwrap_or_else(|| format!("\u{1b}{part}"))
            })
            .collect::<String>();
        without_sgr
            .chars()
            .filter(|&c| crate::term_text::is_unsafe_char(c) && c != '\n')
            .collect()
    }

    #[test]
    fn plain_rendering_keeps_each_problem_on_one_safe_line() {
        let out = hostile().render_plain();
        assert!(unsafe_in(&out).is_empty(), "{out:?}");
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(out.starts_with("p\\u{1b}[2J\\n.yaml:2:1: error: unknown key `ke\\u{1b}[2Jy`\n"));
    }

    #[test]
    fn fancy_rendering_masks_the_source_and_keeps_the_underline_in_place() {
        for color in [false, true] {
            let out = hostile().render_fancy(color);
            assert!(unsafe_in(&out).is_empty(), "{out:?}");
            // The masked line keeps its length, so the label still sits under the key.
            assert!(out.contains("ke?[2Jy: 1"), "{out}");
            assert!(out.contains("cHduZWQ=?\u{a4}\u{fffd}x"), "{out}");
        }
        let out = hostile().render_fancy(false);
        let chars_before = |l: &str, pat: &str| l.find(pat).map(|b| l[..b].chars().count());
        let line = out.lines().find(|l| l.contains("ke?[2Jy")).unwrap();
        let under = out.lines().skip_while(|l| *l != line).nth(1).unwrap();
        assert_eq!(chars_before(line, "ke?"), chars_before(under, "─"), "{out}");
        assert_eq!(under.matches('─').count(), "ke?[2Jy".len(), "{out}");
    }

    #[test]
    fn byte_positions_count_lines_and_characters() {
        let p = pos_of_byte("ab\nçd".as_bytes(), 6);
        assert_eq!((p.line, p.col), (2, 3));
    }
}
