//! One sanitiser for everything plg prints to a terminal.
//!
//! Records, protocols, groups and themes come from shared folders that other
//! people can write to, so any text read from a file may carry escape
//! sequences (a clipboard write, a cleared screen, a hidden line) or bidi
//! overrides that reorder what the reader sees. plg never lets such
//! characters reach a terminal raw: they are shown as visible text instead.
//!
//! - [`escape`] for multi-line text (notes, outlines): line breaks and tabs stay.
//! - [`one_line`] for table cells, ids, file names and one-line fields: line
//!   breaks and tabs are shown as `\n`, `\t` and `\r`, so a row stays a row.
//! - [`SafeWriter`] wraps stdout and stderr for every command, so nothing
//!   that slips past the two functions above reaches the terminal either.
//! - [`scrub_buffer`] does the same for the terminal interface's frames.
//!
//! Escaped characters are written like Rust's `char::escape_unicode`
//! (`\u{1b}`, `\u{202e}`); bytes that are not UTF-8 as `\x9b`; in JSON mode
//! as JSON escapes (`\u001b`), so the JSON stays valid and reads back the same.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use ratatui::buffer::Buffer;

/// Shown in the terminal interface instead of a cell that held a control or bidi character.
pub const REPLACEMENT: &str = "\u{FFFD}";

/// Bidi controls: they reorder the text around them (Trojan Source).
fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            // Line and paragraph separators: some terminals start a new line.
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// A character a terminal may act on or that changes how other text is shown:
/// C0 controls (line breaks and tabs included), DEL, C1 controls and bidi controls.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || is_bidi(c)
}

/// Which characters are allowed through as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// `\n`, `\t` and `\r\n` stay.
    Lines,
    /// Everything unsafe is escaped.
    Nothing,
}

/// Multi-line text made safe for a terminal: every control character
/// except `\n`, `\t` and a `\r` right before `\n` (CSV lines end so), and
/// every bidi control, is written as visible text such as `\u{1b}`.
pub fn escape(s: &str) -> Cow<'_, str> {
    clean(s, Keep::Lines)
}

/// Text that must stay on one line (a table cell, an id, a file name, a
/// name): like [`escape`], and `\n`, `\t` and `\r` are shown as the two
/// characters `\n`, `\t` and `\r`, the way they are written in YAML and Rust.
pub fn one_line(s: &str) -> Cow<'_, str> {
    clean(s, Keep::Nothing)
}

/// Whether `s` has anything [`clean`] or [`mask`] would change, when line
/// breaks and tabs are kept or not.
fn needs_change(s: &str, keep: Keep) -> bool {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let kept = match c {
            '\n' | '\t' => keep == Keep::Lines,
            '\r' => keep == Keep::Lines && chars.peek() == Some(&'\n'),
            c => !is_unsafe_char(c),
        };
        if !kept {
            return true;
        }
    }
    false
}

fn clean(s: &str, keep: Keep) -> Cow<'_, str> {
    if !needs_change(s, keep) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, keep) {
            ('\n' | '\t', Keep::Lines) => out.push(c),
            ('\r', Keep::Lines) if chars.peek() == Some(&'\n') => out.push(c),
            ('\n', Keep::Nothing) => out.push_str("\\n"),
            ('\t', Keep::Nothing) => out.push_str("\\t"),
            ('\r', Keep::Nothing) => out.push_str("\\r"),
            (c, _) if is_unsafe_char(c) => push_text_escape(&mut out, c),
            (c, _) => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Source text for a snippet renderer that works on byte offsets: each
/// control or bidi character becomes a visible placeholder of the same
/// UTF-8 length (`?` for one byte, `¤` for two, `�` for three), so every
/// span still points at the same text. Line breaks (`\n`, `\r\n`) and tabs stay.
pub fn mask(s: &str) -> Cow<'_, str> {
    if !needs_change(s, Keep::Lines) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            c if is_unsafe_char(c) => match c.len_utf8() {
                2 => out.push('\u{A4}'),
                3 => out.push('\u{FFFD}'),
                n => out.push_str(&"?".repeat(n)),
            },
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn push_text_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// How a [`SafeWriter`] shows what it escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Text for a person. With `allow_sgr`, colour and style sequences
    /// (`ESC [ digits and ; m`) that plg itself writes pass; nothing else does.
    Text { allow_sgr: bool },
    /// JSON from serde_json: unsafe characters become `\uXXXX` escapes, which
    /// are valid inside JSON strings (the only place serde puts them).
    Json,
}

impl Mode {
    pub const PLAIN: Mode = Mode::Text { allow_sgr: false };
}

/// An SGR sequence longer than this is not one plg wrote.
const MAX_SGR_PARAMS: usize = 64;

/// A line longer than this is passed on in pieces rather than held whole.
const MAX_PENDING: usize = 64 * 1024;

/// A writer that passes everything through the sanitiser on its way to
/// `inner` (stdout or stderr). It holds text until a newline, a flush or
/// [`SafeWriter::finish`], so a UTF-8 character or an escape sequence split
/// across `write` calls is judged whole.
#[derive(Debug)]
pub struct SafeWriter<W: Write> {
    inner: W,
    mode: Mode,
    pending: Vec<u8>,
}

impl<W: Write> SafeWriter<W> {
    pub fn new(inner: W, mode: Mode) -> SafeWriter<W> {
        SafeWriter {
            inner,
            mode,
            pending: Vec::new(),
        }
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    /// Writes out everything held, an unfinished character or sequence
    /// included (escaped), and flushes. Later writes start afresh.
    pub fn finish(&mut self) -> io::Result<()> {
        self.pass_on(true)?;
        self.inner.flush()
    }

    /// Sanitises what is pending and writes it on. Unless `whole`, an
    /// unfinished tail (part of a UTF-8 character, of an SGR sequence, or a
    /// `\r` that may be followed by `\n`) waits for the next write.
    fn pass_on(&mut self, whole: bool) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut out = Vec::with_capacity(self.pending.len() + 16);
        let used = sanitize(&self.pending, self.mode, whole, &mut out);
        // What was handed on is gone either way: after a failed write
        // (a closed pipe) it must not come out again later.
        self.pending.drain(..used);
        self.inner.write_all(&out)
    }

    /// Sanitises the complete lines held: nothing after a newline can
    /// change how the bytes before it are read.
    fn pass_on_lines(&mut self) -> io::Result<()> {
        let Some(last) = self.pending.iter().rposition(|&b| b == b'\n') else {
            return Ok(());
        };
        let mut out = Vec::with_capacity(last + 17);
        let used = sanitize(&self.pending[..=last], self.mode, true, &mut out);
        self.pending.drain(..used);
        self.inner.write_all(&out)
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if buf.contains(&b'\n') {
            self.pass_on_lines()?;
        }
        if self.pending.len() > MAX_PENDING {
            self.pass_on(false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.pass_on(false)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        // Nobody is left to hear about a failure here; main finishes first.
        let _ = self.finish();
    }
}

/// How far an `ESC` at the start of `s` is a colour/style (SGR) sequence.
enum Sgr {
    /// A whole sequence of this many bytes.
    Whole(usize),
    /// `s` ends before the sequence could be judged.
    Unfinished,
    Not,
}

fn sgr_at(s: &[u8]) -> Sgr {
    match s.get(1) {
        None => return Sgr::Unfinished,
        Some(b'[') => {}
        Some(_) => return Sgr::Not,
    }
    for (i, &b) in s.iter().enumerate().skip(2) {
        match b {
            b'm' => return Sgr::Whole(i + 1),
            b'0'..=b'9' | b';' if i - 2 < MAX_SGR_PARAMS => {}
            _ => return Sgr::Not,
        }
    }
    if s.len() - 2 <= MAX_SGR_PARAMS {
        Sgr::Unfinished
    } else {
        Sgr::Not
    }
}

/// Sanitises `bytes` into `out`; returns how many bytes were used. Unless
/// `whole`, an unfinished tail is left for later (see [`SafeWriter::pass_on`]).
fn sanitize(bytes: &[u8], mode: Mode, whole: bool, out: &mut Vec<u8>) -> usize {
    let allow_sgr = matches!(mode, Mode::Text { allow_sgr: true });
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        let valid_ends_input = at + valid.len() == bytes.len();
        let mut chars = valid.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let rest = &valid.as_bytes()[i..];
            match c {
                '\n' | '\t' => out.push(c as u8),
                '\r' => match chars.peek() {
                    Some((_, '\n')) => out.push(b'\r'),
                    None if valid_ends_input && !whole => return at + i,
                    _ => push_escape(out, c, mode),
                },
                '\u{1b}' if allow_sgr => match sgr_at(rest) {
                    Sgr::Whole(n) => {
                        out.extend_from_slice(&rest[..n]);
                        // The sequence is ASCII: skip its remaining characters.
                        for _ in 1..n {
                            chars.next();
                        }
                    }
                    Sgr::Unfinished if valid_ends_input && !whole => return at + i,
                    _ => push_escape(out, c, mode),
                },
                c if is_unsafe_char(c) => push_escape(out, c, mode),
                c => {
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
        at += valid.len();
        let invalid = chunk.invalid();
        let unfinished_char = at + invalid.len() == bytes.len()
            && std::str::from_utf8(invalid).is_err_and(|e| e.error_len().is_none());
        if unfinished_char && !whole {
            return at;
        }
        for &b in invalid {
            match mode {
                Mode::Text { .. } => {
                    let _ = write!(out, "\\x{b:02x}");
                }
                // Only a replacement character keeps JSON valid.
                Mode::Json => out.extend_from_slice(b"\\ufffd"),
            }
        }
        at += invalid.len();
    }
    at
}

fn push_escape(out: &mut Vec<u8>, c: char, mode: Mode) {
    let code = u32::from(c);
    let _ = match mode {
        Mode::Text { .. } => write!(out, "\\u{{{code:x}}}"),
        // Every character escaped here is in the Basic Multilingual Plane.
        Mode::Json => write!(out, "\\u{code:04x}"),
    };
}

/// Replaces every cell of a drawn frame whose symbol holds a control or bidi
/// character with [`REPLACEMENT`]. ratatui drops most control characters
/// itself, but not every path does, and none drops bidi overrides, which
/// would reorder what the room sees.
pub fn scrub_buffer(buf: &mut Buffer) {
    for cell in &mut buf.content {
        if cell.symbol().chars().any(is_unsafe_char) {
            cell.set_symbol(REPLACEMENT);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_paragraph_separators_are_shown_not_sent() {
        assert_eq!(escape("a\u{2028}b\u{2029}c"), "a\\u{2028}b\\u{2029}c");
    }

    const HOSTILE: &str = "T\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{9b}31m\u{202e}x";

    fn through(mode: Mode, chunks: &[&[u8]]) -> String {
        let mut w = SafeWriter::new(Vec::new(), mode);
        for c in chunks {
            w.write_all(c).unwrap();
        }
        w.finish().unwrap();
        String::from_utf8(w.get_ref().clone()).unwrap()
    }

    fn assert_harmless(s: &str) {
        assert!(
            !s.chars()
                .any(|c| (c.is_control() && c != '\n' && c != '\t' && c != '\r') || is_bidi(c)),
            "{s:?}"
        );
    }

    #[test]
    fn plain_text_is_borrowed_untouched() {
        let s = "Grade 9 Math — «déjà vu» 数学\n\tindented\r\n";
        assert!(matches!(escape(s), Cow::Borrowed(_)));
        assert!(matches!(one_line("Ana Ruiz"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_shows_controls_and_keeps_line_breaks() {
        assert_eq!(
            escape(HOSTILE),
            "T\\u{1b}]52;c;cHduZWQ=\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}x"
        );
        assert_eq!(escape("a\nb\tc\r\nd"), "a\nb\tc\r\nd");
        assert_eq!(escape("over\rwrite"), "over\\u{d}write");
        assert_eq!(escape("end\r"), "end\\u{d}");
        assert_eq!(
            escape("\u{7f}\u{80}\u{85}\u{9f}"),
            "\\u{7f}\\u{80}\\u{85}\\u{9f}"
        );
        for bidi in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
        ] {
            assert_eq!(escape(&bidi.to_string()), bidi.escape_unicode().to_string());
        }
        // Letters of right-to-left scripts are text, not controls.
        assert_eq!(escape("שלום مرحبا"), "שלום مرحبا");
    }

    #[test]
    fn one_line_also_shows_line_breaks_and_tabs() {
        assert_eq!(one_line("a\nb\tc\r\nd"), "a\\nb\\tc\\r\\nd");
        assert_eq!(one_line("x\u{1b}[2Jy"), "x\\u{1b}[2Jy");
        assert_harmless(&one_line(HOSTILE));
        assert!(!one_line(HOSTILE).contains('\n'));
    }

    #[test]
    fn masking_keeps_every_byte_offset() {
        let s = "a\u{1b}b\u{9b}c\u{202e}d\u{61c}e\r\nf\rg\th\u{7f}";
        let masked = mask(s);
        assert_eq!(masked, "a?b\u{a4}c\u{fffd}d\u{a4}e\r\nf?g\th?");
        assert_eq!(masked.len(), s.len());
        for (i, _) in s.char_indices() {
            assert!(masked.is_char_boundary(i), "{i}");
        }
        assert!(matches!(mask("plain\ntext\r\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_writer_escapes_text_line_by_line() {
        let out = through(Mode::PLAIN, &[HOSTILE.as_bytes(), b"\nnext line\r\n"]);
        assert_eq!(
            out,
            "T\\u{1b}]52;c;cHduZWQ=\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}x\nnext line\r\n"
        );
    }

    #[test]
    fn the_writer_holds_text_until_a_newline_or_flush() {
        let mut w = SafeWriter::new(Vec::new(), Mode::PLAIN);
        w.write_all(b"Resume it? ").unwrap();
        assert!(w.get_ref().is_empty());
        w.flush().unwrap();
        assert_eq!(w.get_ref().as_slice(), b"Resume it? ");
        w.write_all(b"a\nb").unwrap();
        assert_eq!(w.get_ref().as_slice(), b"Resume it? a\n");
    }

    #[test]
    fn every_split_of_a_hostile_line_gives_the_same_output() {
        let input = format!("é{HOSTILE}\u{1b}[7mhit\u{1b}[27m 数\r\nend\r");
        let bytes = input.as_bytes();
        for mode in [Mode::PLAIN, Mode::Text { allow_sgr: true }, Mode::Json] {
            let expected = through(mode, &[bytes]);
            assert_harmless(&expected.replace("\u{1b}[7m", "").replace("\u{1b}[27m", ""));
            for cut in 1..bytes.len() {
                assert_eq!(
                    through(mode, &[&bytes[..cut], &bytes[cut..]]),
                    expected,
                    "{mode:?} split at {cut}"
                );
                // A flush between the halves must not change the outcome either.
                let mut w = SafeWriter::new(Vec::new(), mode);
                w.write_all(&bytes[..cut]).unwrap();
                w.flush().unwrap();
                w.write_all(&bytes[cut..]).unwrap();
                w.finish().unwrap();
                assert_eq!(
                    String::from_utf8(w.get_ref().clone()).unwrap(),
                    expected,
                    "{mode:?} flushed at {cut}"
                );
            }
            let one_byte_at_a_time: Vec<&[u8]> = bytes.chunks(1).collect();
            assert_eq!(through(mode, &one_byte_at_a_time), expected, "{mode:?}");
        }
    }

    #[test]
    fn colour_passes_only_when_allowed_and_only_sgr() {
        let s = "\u{1b}[1;38;5;196merror\u{1b}[0m \u{1b}[2J \u{1b}]8;;x\u{7} \u{1b}[?25l\n";
        assert_eq!(
            through(Mode::Text { allow_sgr: true }, &[s.as_bytes()]),
            "\u{1b}[1;38;5;196merror\u{1b}[0m \\u{1b}[2J \\u{1b}]8;;x\\u{7} \\u{1b}[?25l\n"
        );
        assert_eq!(
            through(Mode::PLAIN, &[s.as_bytes()]),
            "\\u{1b}[1;38;5;196merror\\u{1b}[0m \\u{1b}[2J \\u{1b}]8;;x\\u{7} \\u{1b}[?25l\n"
        );
        // An unfinished sequence at the very end is shown, not sent.
        assert_eq!(
            through(Mode::Text { allow_sgr: true }, &[b"x\x1b[31"]),
            "x\\u{1b}[31"
        );
        let long = format!("\u{1b}[{}m", "1;".repeat(40));
        assert!(through(Mode::Text { allow_sgr: true }, &[long.as_bytes()]).starts_with("\\u{1b}"));
    }

    #[test]
    fn json_mode_keeps_json_valid_and_readable() {
        let value = serde_json::json!({ "name": HOSTILE, "notes": ["a\nb", "\u{7f}\u{2067}"] });
        let text = serde_json::to_string_pretty(&value).unwrap();
        let out = through(Mode::Json, &[text.as_bytes()]);
        assert_harmless(&out);
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, value, "the escapes read back as the same text");
    }

    #[test]
    fn invalid_utf8_is_shown_as_bytes_without_panicking() {
        assert_eq!(
            through(Mode::PLAIN, &[b"a\x9bb\xff\xe2\x80\n"]),
            "a\\x9bb\\xff\\xe2\\x80\n"
        );
        assert_eq!(through(Mode::PLAIN, &[b"cut \xe2\x80"]), "cut \\xe2\\x80");
        assert_eq!(through(Mode::Json, &[b"\"\x9b\""]), "\"\\ufffd\"");
        // Split inside a character that then turns out to be broken.
        assert_eq!(
            through(Mode::PLAIN, &[b"\xe2", b"\x80x\n"]),
            "\\xe2\\x80x\n"
        );
    }

    #[test]
    fn a_long_line_without_newline_is_passed_on_in_pieces() {
        let mut w = SafeWriter::new(Vec::new(), Mode::PLAIN);
        let line = "é".repeat(MAX_PENDING);
        w.write_all(line.as_bytes()).unwrap();
        assert!(!w.get_ref().is_empty());
        w.finish().unwrap();
        assert_eq!(String::from_utf8(w.get_ref().clone()).unwrap(), line);
    }

    #[test]
    fn dropping_the_writer_writes_what_was_held() {
        let mut sink = Vec::new();
        {
            let mut w = SafeWriter::new(&mut sink, Mode::PLAIN);
            w.write_all(b"no newline \x1b").unwrap();
        }
        assert_eq!(sink, b"no newline \\u{1b}");
    }

    #[test]
    fn the_frame_pass_replaces_control_and_bidi_cells() {
        use ratatui::layout::Rect;
        use ratatui::style::Style;
        use ratatui::text::Line;
        use ratatui::widgets::{Paragraph, Widget, Wrap};

        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 5));
        buf.set_string(0, 0, "ab\u{202e}cd\u{1b}[2Jef\u{9b}g", Style::default());
        Paragraph::new(Line::from("Ana \u{202e}ziuR\u{2066}"))
            .wrap(Wrap { trim: false })
            .render(Rect::new(0, 1, 30, 1), &mut buf);
        Line::from("p\u{202e}q\u{2066}r\u{61c}s\u{200e}t\u{200f}")
            .render(Rect::new(0, 2, 30, 1), &mut buf);
        // The low-level API takes any symbol at all.
        buf[(0, 3)].set_symbol("\u{1b}");
        buf[(1, 3)].set_symbol("\u{9b}");
        buf[(2, 3)].set_symbol("e\u{301}");
        let carried = |buf: &Buffer| {
            buf.content
                .iter()
                .filter(|c| c.symbol().chars().any(is_unsafe_char))
                .count()
        };
        // Lines join a bidi control to the character before it, so it reaches the cell.
        assert!(carried(&buf) >= 5, "{buf:?}");
        scrub_buffer(&mut buf);
        assert_eq!(carried(&buf), 0, "{buf:?}");
        assert_eq!(buf[(0, 2)].symbol(), REPLACEMENT);
        assert_eq!(buf[(0, 3)].symbol(), REPLACEMENT);
        assert_eq!(buf[(1, 3)].symbol(), REPLACEMENT);
        assert_eq!(
            buf[(2, 3)].symbol(),
            "e\u{301}",
            "ordinary text is left alone"
        );
        assert_eq!(buf[(0, 0)].symbol(), "a");
    }
}
