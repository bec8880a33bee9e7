//! Colour themes: YAML files with named colours, checked like protocols.
//!
//! A theme may leave out any colour; it then takes the colour from the
//! built-in `default` theme, so a theme file can be as short as one line.
//! The runner never relies on colour alone: overtime, pause and the last
//! minute are also spelled out in words, so `mono` loses nothing.

pub mod contrast;

use std::str::FromStr;

use ratatui::style::Color;

use crate::catalog::Document;
use crate::diag::Checked;
use crate::yaml::Node;
use crate::yaml::decode::{Decoder, check_document, did_you_mean};

/// Embedded from `themes/`.
pub static BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/themes.rs"));

pub(crate) const THEME_KEYS: &[&str] = &["id", "name", "description", "colors"];

/// Every colour a theme sets, with what it is for (shown by `plg themes --keys` and the docs).
pub(crate) const COLOR_KEYS: &[(&str, &str)] = &[
    (
        "background",
        "the screen's background; `reset` keeps the terminal's own",
    ),
    ("text", "body text"),
    ("muted", "secondary text: labels, planned minutes, hints"),
    ("accent", "phase names and headings"),
    ("border", "panel borders"),
    ("clock", "the clock while time remains"),
    ("clock_warning", "the clock in the last minute"),
    ("clock_overtime", "the clock counting up in overtime"),
    ("paused", "the PAUSED banner"),
    ("done", "finished phases in the timeline"),
    ("current", "the current phase in the timeline"),
    ("selection", "background of the selected row"),
    ("selection_text", "text of the selected row"),
    ("success", "confirmations, such as a saved note"),
    ("error", "problems, such as a failed save"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub background: Color,
    pub text: Color,
    pub muted: Color,
    pub accent: Color,
    pub border: Color,
    pub clock: Color,
    pub clock_warning: Color,
    pub clock_overtime: Color,
    pub paused: Color,
    pub done: Color,
    pub current: Color,
    pub selection: Color,
    pub selection_text: Color,
    pub success: Color,
    pub error: Color,
}

impl Palette {
    /// The dark default, also the fallback for colours a theme leaves out.
    pub const DEFAULT: Palette = Palette {
        background: Color::Reset,
        text: Color::White,
        muted: Color::Gray,
        accent: Color::Cyan,
        border: Color::DarkGray,
        clock: Color::White,
        clock_warning: Color::LightYellow,
        clock_overtime: Color::LightRed,
        paused: Color::LightMagenta,
        done: Color::DarkGray,
        current: Color::LightCyan,
        selection: Color::Blue,
        selection_text: Color::White,
        success: Color::Green,
        error: Color::LightRed,
    };

    /// No colour at all: the terminal's own foreground and background.
    pub const MONO: Palette = Palette {
        background: Color::Reset,
        text: Color::Reset,
        muted: Color::Reset,
        accent: Color::Reset,
        border: Color::Reset,
        clock: Color::Reset,
        clock_warning: Color::Reset,
        clock_overtime: Color::Reset,
        paused: Color::Reset,
        done: Color::Reset,
        current: Color::Reset,
        selection: Color::Reset,
        selection_text: Color::Reset,
        success: Color::Reset,
        error: Color::Reset,
    };

    fn slot(&mut self, key: &str) -> Option<&mut Color> {
        Some(match key {
            "background" => &mut self.background,
            "text" => &mut self.text,
            "muted" => &mut self.muted,
            "accent" => &mut self.accent,
            "border" => &mut self.border,
            "clock" => &mut self.clock,
            "clock_warning" => &mut self.clock_warning,
            "clock_overtime" => &mut self.clock_overtime,
            "paused" => &mut self.paused,
            "done" => &mut self.done,
            "current" => &mut self.current,
            "selection" => &mut self.selection,
            "selection_text" => &mut self.selection_text,
            "success" => &mut self.success,
            "error" => &mut self.error,
            _ => return None,
        })
    }

    /// True when every colour is the terminal's own: the view then marks
    /// emphasis with bold and reverse video instead.
    pub fn is_mono(&self) -> bool {
        *self == Palette::MONO
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub palette: Palette,
}

impl Theme {
    pub fn mono() -> Theme {
        Theme {
            id: "mono".into(),
            name: "Monochrome".into(),
            description: None,
            palette: Palette::MONO,
        }
    }

    pub fn fallback() -> Theme {
        Theme {
            id: "default".into(),
            name: "Default (dark)".into(),
            description: None,
            palette: Palette::DEFAULT,
        }
    }
}

pub(crate) const NAMED: &[&str] = &[
    "reset",
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark-gray",
    "light-red",
    "light-green",
    "light-yellow",
    "light-blue",
    "light-magenta",
    "light-cyan",
    "white",
];

/// A colour as written in a theme: a name, `#rrggbb`, or a 0-255 palette index.
pub(crate) fn parse_color(s: &str) -> Option<Color> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("default") || t.eq_ignore_ascii_case("none") {
        return Some(Color::Reset);
    }
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() != 6 {
            return None;
        }
        let v = u32::from_str_radix(hex, 16).ok()?;
        return Some(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
    }
    if let Ok(i) = t.parse::<u8>() {
        return Some(Color::Indexed(i));
    }
    Color::from_str(&t.to_ascii_lowercase().replace('_', "-")).ok()
}

pub fn check(src: &str) -> Checked<Theme> {
    check_document(src, "a theme", "id: my-theme", read_theme)
}

fn read_theme(root: &Node, d: &mut Decoder) -> Option<Theme> {
    let map = d.map(root, "the theme", THEME_KEYS)?;
    let id = d.required_id(&map, "id: high-contrast");
    let name = d.required_text(&map, "name", "name: High contrast");
    let description = d.optional_text(&map, "description");
    let mut palette = Palette::DEFAULT;
    if let Some(colors) = map.get_some("colors") {
        let keys: Vec<&str> = COLOR_KEYS.iter().map(|(k, _)| *k).collect();
        if let Some(cmap) = d.map(colors, "`colors`", &keys) {
            for (key_node, value) in cmap.entries {
                let Some(key) = key_node.as_scalar().map(|s| s.text.as_str()) else {
                    continue;
                };
                let Some(text) = d.text(value, key, "`colors`") else {
                    continue;
                };
                match (parse_color(&text), palette.slot(key)) {
                    (Some(c), Some(slot)) => *slot = c,
                    (None, Some(_)) => {
                        let hint = match did_you_mean(&text.to_ascii_lowercase(), NAMED.iter().copied()) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None => "write a name (red, light-blue, dark-gray, …), `#rrggbb`, a number 0-255, or `reset`".into(),
                        };
                        d.error(
                            value.span,
                            format!("`{key}` is not a colour: `{text}`"),
                            hint,
                        );
                    }
                    // Unknown keys were reported by the key check.
                    (_, None) => {}
                }
            }
        }
    }
    Some(Theme {
        id: id?,
        name: name?,
        description,
        palette,
    })
}

impl Document for Theme {
    const KIND: &'static str = "theme";
    fn check(src: &str) -> Checked<Self> {
        check(src)
    }
    fn id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_theme_is_valid() {
        let ids: Vec<String> = BUILTIN
            .iter()
            .map(|(file, src)| {
                let checked = check(src);
                assert!(
                    checked.diagnostics.is_empty(),
                    "{file}: {:#?}",
                    checked.diagnostics
                );
                let t = checked.value.unwrap();
                assert_eq!(format!("{}.yaml", t.id), *file);
                t.id
            })
            .collect();
        for needed in ["default", "light", "projector", "colorblind", "mono"] {
            assert!(ids.iter().any(|i| i == needed), "{needed} missing");
        }
    }

    #[test]
    fn the_mono_file_is_really_mono() {
        let (_, src) = BUILTIN.iter().find(|(f, _)| *f == "mono.yaml").unwrap();
        assert!(check(src).value.unwrap().palette.is_mono());
    }

    #[test]
    fn colours_parse_in_every_written_form() {
        assert_eq!(parse_color("light-red"), Some(Color::LightRed));
        assert_eq!(parse_color("Dark_Gray"), Some(Color::DarkGray));
        assert_eq!(parse_color("#0072B2"), Some(Color::Rgb(0, 0x72, 0xb2)));
        assert_eq!(parse_color("208"), Some(Color::Indexed(208)));
        assert_eq!(parse_color("reset"), Some(Color::Reset));
        assert_eq!(parse_color("#12345"), None);
        assert_eq!(parse_color("blurple"), None);
    }

    #[test]
    fn missing_colours_come_from_the_default() {
        let t = check("id: t\nname: T\ncolors:\n  clock: '#ffffff'\n")
            .value
            .unwrap();
        assert_eq!(t.palette.clock, Color::Rgb(255, 255, 255));
        assert_eq!(t.palette.accent, Palette::DEFAULT.accent);
    }

    #[test]
    fn bad_colours_and_keys_are_reported_with_positions() {
        let diags = check("id: t\nname: T\ncolors:\n  clok: red\n  accent: lite-red\n").diagnostics;
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].span.start.line, 4);
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `clock`?"));
        assert_eq!(diags[1].span.start.line, 5);
        assert_eq!(diags[1].message, "`accent` is not a colour: `lite-red`");
        assert_eq!(diags[1].hint.as_deref(), Some("did you mean `light-red`?"));
    }
}
