//! How readable the clock is on the background: the WCAG contrast ratio of
//! two colours. Palette colours (names and indexes 0–15) are measured as
//! xterm draws them by default; a `reset` background as black, since the
//! themes that keep the terminal's background are dark themes.

use ratatui::style::Color;

/// xterm's default 16 colours, in palette order.
pub const XTERM: [(u8, u8, u8); 16] = [
    (0x00, 0x00, 0x00), // black
    (0xcd, 0x00, 0x00), // red
    (0x00, 0xcd, 0x00), // green
    (0xcd, 0xcd, 0x00), // yellow
    (0x00, 0x00, 0xee), // blue
    (0xcd, 0x00, 0xcd), // magenta
    (0x00, 0xcd, 0xcd), // cyan
    (0xe5, 0xe5, 0xe5), // gray (white)
    (0x7f, 0x7f, 0x7f), // dark-gray (bright black)
    (0xff, 0x00, 0x00), // light-red
    (0x00, 0xff, 0x00), // light-green
    (0xff, 0xff, 0x00), // light-yellow
    (0x5c, 0x5c, 0xff), // light-blue
    (0xff, 0x00, 0xff), // light-magenta
    (0x00, 0xff, 0xff), // light-cyan
    (0xff, 0xff, 0xff), // white
];

/// The colour as xterm shows it by default; `reset` counts as `reset_as`.
pub fn rgb(c: Color, reset_as: (u8, u8, u8)) -> (u8, u8, u8) {
    let idx = match c {
        Color::Reset => return reset_as,
        Color::Rgb(r, g, b) => return (r, g, b),
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => return indexed(i),
    };
    XTERM[idx]
}

/// xterm's 256-colour palette: 16 named colours, a 6×6×6 cube, 24 greys.
fn indexed(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => XTERM[usize::from(i)],
        16..=231 => {
            let n = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            (level(n / 36), level((n / 6) % 6), level(n % 6))
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

/// WCAG 2 relative luminance.
pub fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG contrast ratio, from 1 (none) to 21 (black on white).
pub fn ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::{BUILTIN, check};

    #[test]
    fn the_ratio_matches_wcag() {
        assert!((ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        assert!((ratio((0x77, 0x77, 0x77), (255, 255, 255)) - 4.48).abs() < 0.01);
        assert_eq!(indexed(196), (255, 0, 0));
        assert_eq!(indexed(232), (8, 8, 8));
    }

    #[test]
    fn every_builtin_clock_is_readable_on_its_background() {
        for (file, src) in BUILTIN {
            let t = check(src).value.unwrap();
            if t.palette.is_mono() {
                // The terminal's own colours: nothing of ours to measure.
                continue;
            }
            let need = if t.id == "projector" { 7.0 } else { 4.5 };
            let p = t.palette;
            let bg = rgb(p.background, (0, 0, 0));
            for (state, c) in [
                ("normal", p.clock),
                ("last minute", p.clock_warning),
                ("overtime", p.clock_overtime),
                ("paused", p.paused),
            ] {
                let r = ratio(rgb(c, (255, 255, 255)), bg);
                assert!(
                    r >= need,
                    "{file}: the {state} clock is {r:.2}:1, below {need}:1"
                );
            }
        }
    }
}
