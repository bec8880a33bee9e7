//! Diagnostics for files people write by hand (protocols, themes, groups, config).
//!
//! Every problem carries a position, a message and, where we can say how to
//! fix it, a hint. Rendering is either the plain `FILE:LINE:COL: error: …`
//! form that editors and CI logs understand, or the same line followed by a
//! source snippet with an underline when a person is looking at a terminal
//! (drawn by annotate-snippets).

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
        // The snippet shows the source as it is: control characters in it are
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

/// annotate-snippets draws the snippet; its title line is our
/// `FILE:LINE:COL: …` header, so the position is stated in the form editors
/// recognise, and the problem's line comes with one line either side.
fn snippet(name: &str, header: String, src: &str, d: &Diagnostic, color: bool) -> String {
    use annotate_snippets::renderer::DecorStyle;
    use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

    let start = floor_char_boundary(src, d.span.start.offset);
    let end = floor_char_boundary(src, d.span.end.offset.max(start));
    // An empty span still deserves a visible underline; widen it to the next character.
    let end = if end > start {
        end
    } else {
        start + src[start..].chars().next().map_or(0, char::len_utf8)
    };
    let (from, to) = context(src, start, end);
    let first_line = src.as_bytes()[..from]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    let name = one_line(name);
    let hint = d.hint.as_deref().map(one_line);
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = level
        // The header already says `error:` or `warning:` after the position.
        .no_name()
        .primary_title(header)
        .element(
            Snippet::source(&src[from..to])
                .line_start(first_line)
                .path(name.as_ref())
                .fold(false)
                .annotation(AnnotationKind::Primary.span(start - from..end - from)),
        );
    if let Some(hint) = &hint {
        group = group.element(Level::HELP.message(hint.as_ref()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Wide enough that a long line is cut around the problem only when it must be.
    let renderer = renderer.decor_style(DecorStyle::Unicode).term_width(160);
    let mut out = renderer.render(&[group]);
    out.push('\n');
    out
}

/// The byte range of the lines holding `start..end`, with one line before and one after.
fn context(src: &str, start: usize, end: usize) -> (usize, usize) {
    // Bytes, not chars: a line break is one byte and always a char boundary.
    let bytes = src.as_bytes();
    let line_start = |at: usize| {
        bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    };
    let line_end = |at: usize| {
        bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| at + i)
    };
    let mut from = line_start(start);
    if from > 0 {
        from = line_start(from - 1);
    }
    // The span's last character, not the line after it when it ends on a line break.
    let last = if end > start { end - 1 } else { end };
    let mut to = line_end(last.max(start));
    if to < src.len() {
        to = line_end(to + 1);
    }
    // Without the line break, a `\r\n` line would show its `\r` (unless the
    // span itself takes it in).
    if to > end && bytes[to - 1] == b'\r' {
        to -= 1;
    }
    (from, to)
}

/// The largest char boundary at or before `at` (clamped to the text).
fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
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

    #[test]
    fn fancy_rendering_shows_a_line_either_side_the_underline_and_the_hint() {
        let src = "# a protocol\nid: Bad Id\nname: x\nsummary: y\n";
        let at = |line, col, offset| Pos { line, col, offset };
        let fd = FileDiagnostics {
            name: "p.yaml".into(),
            source: Some(src.into()),
            diagnostics: vec![
                Diagnostic::error(
                    Span {
                        start: at(2, 5, 17),
                        end: at(2, 11, 23),
                    },
                    "not a slug",
                )
                .with_hint("use lowercase"),
            ],
        };
        assert_eq!(
            fd.render_fancy(false),
            "p.yaml:2:5: error: not a slug
  ╭▸ p.yaml:2:5
  │
1 │ # a protocol
2 │ id: Bad Id
  │     ━━━━━━
3 │ name: x
  │
  ╰ help: use lowercase
"
        );
    }

    #[test]
    fn fancy_rendering_of_crlf_lines_shows_no_carriage_return() {
        let fd = FileDiagnostics {
            name: "p.yaml".into(),
            source: Some("id: Bad Id\r\nname: x\r\nsummary: y\r\n".into()),
            diagnostics: vec![Diagnostic::error(
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
            )],
        };
        let out = fd.render_fancy(false);
        assert!(out.contains("2 │ name: x\n"), "{out:?}");
        assert!(!out.contains('\r') && !out.contains('\u{240d}'), "{out:?}");
    }

    #[test]
    fn fancy_rendering_takes_any_span_without_panicking() {
        let src = "é: ü\r\nx\r\n";
        for (start, end) in [
            (0, 0),
            (1, 1),
            (1, 4),
            (3, 2),
            (6, 7),
            (7, 7),
            (9, 10),
            (10, 11),
            (8, 8),
            (99, 120),
            (0, 99),
        ] {
            let fd = FileDiagnostics {
                name: "p.yaml".into(),
                source: Some(src.into()),
                diagnostics: vec![Diagnostic::warning(
                    Span {
                        start: Pos {
                            line: 1,
                            col: 1,
                            offset: start,
                        },
                        end: Pos {
                            line: 1,
                            col: 1,
                            offset: end,
                        },
                    },
                    "w",
                )],
            };
            for color in [false, true] {
                let out = fd.render_fancy(color);
                assert!(out.contains("p.yaml:1:1: warning: w"), "{out}");
            }
        }
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
        assert_eq!(chars_before(line, "ke?"), chars_before(under, "━"), "{out}");
        assert_eq!(under.matches('━').count(), "ke?[2Jy".len(), "{out}");
    }

    #[test]
    fn byte_positions_count_lines_and_characters() {
        let p = pos_of_byte("ab\nçd".as_bytes(), 6);
        assert_eq!((p.line, p.col), (2, 3));
    }
}
