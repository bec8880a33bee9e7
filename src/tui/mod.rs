//! The terminal interface: the pure app ([`app`]), what screens hand back
//! to it ([`outcome`]), what they draw from (`view`) and with
//! (`chrome`), the key tables (`keymap`), the screens ([`screens`]),
//! styles from the theme (`style`), and the shell that connects them to
//! a real terminal ([`shell`]).

pub mod app;
pub(crate) mod chrome;
pub(crate) mod keymap;
pub mod outcome;
pub mod screens;
pub mod shell;
pub(crate) mod style;
pub(crate) mod view;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::{Frame, Terminal};

/// Draws the app into a frame, then replaces any cell that would carry a
/// control or bidi character from a file to the terminal (see
/// [`crate::term_text::scrub_buffer`]). The shell and [`render`] both draw
/// through here, so snapshots show what the room sees.
pub fn draw(f: &mut Frame, app: &app::App) {
    app.draw(f);
    crate::term_text::scrub_buffer(f.buffer_mut());
}

/// Draws the app into an off-screen buffer of `width`×`height`: for
/// snapshot tests, benchmarks and text captures in the docs.
pub fn render(app: &app::App, width: u16, height: u16) -> Buffer {
    let backend = TestBackend::new(width, height);
    match Terminal::new(backend) {
        Ok(mut term) => {
            let _ = term.draw(|f| draw(f, app));
            term.backend().buffer().clone()
        }
        Err(_) => Buffer::empty(ratatui::layout::Rect::new(0, 0, width, height)),
    }
}

/// The buffer's text, one line per row, trailing spaces removed.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            // Wide characters cover the next cell too.
            skip = unicode_width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn unicode_width(s: &str) -> usize {
    ratatui::text::Span::raw(s).width()
}
