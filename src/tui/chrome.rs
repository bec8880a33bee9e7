//! What every screen shares: the header with the flash message, the key
//! footer, centring, bullets, and the two overlays (help and a question).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use crate::text::{ellipsis, pad, width};

use super::keymap::{self, Binding};
use super::outcome::Confirm;
use super::style::Styles;
use super::view::View;

/// A footer entry: the key as shown, and its short word.
pub type FooterKey = (String, String);

/// One titled block of the help overlay: (keys, what they do) rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

impl HelpSection {
    pub fn new(title: impl Into<String>, rows: Vec<(String, String)>) -> HelpSection {
        HelpSection {
            title: title.into(),
            rows,
        }
    }

    /// A section listing every binding of `table`.
    pub fn of<A: Copy>(title: impl Into<String>, table: &[Binding<A>]) -> HelpSection {
        HelpSection::new(title, keymap::help_rows(table))
    }
}

/// A rectangle of at most `w`×`h` in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// `text` broken into lines of at most `cols` display columns: at spaces
/// where it can, inside a word only when the word alone is wider than a line.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let ww = width(word);
            let sep = usize::from(used > 0);
            if used + sep + ww <= cols {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += sep + ww;
                continue;
            }
            if used > 0 {
                out.push(std::mem::take(&mut line));
            }
            // A word wider than a line is split by columns, never mid-character.
            let mut rest = word;
            while width(rest) > cols {
                let head = crate::text::cut(rest, cols);
                if head.is_empty() {
                    break;
                }
                rest = &rest[head.len()..];
                out.push(head);
            }
            line.push_str(rest);
            used = width(rest);
        }
        out.push(line);
    }
    out
}

/// The header of every screen, by what the room needs first: the clock
/// and the end time, then the projection mode (or what a screen shows at
/// the right), then the protocol and group, then the flash message. Each
/// of the first two comes in the forms it can take, widest first; the
/// title and the flash are cut with `…` by display width.
#[derive(Debug, Default)]
pub struct Header<'a> {
    pub clock: Vec<Vec<Span<'a>>>,
    pub mode: Vec<Vec<Span<'a>>>,
    pub title: Vec<Span<'a>>,
}

/// Where each part of the header goes: `(column, width)`, and for the
/// clock and the mode which of their forms; `None` when a part is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HeaderPlan {
    pub clock: Option<(u16, u16, usize)>,
    pub mode: Option<(u16, u16, usize)>,
    pub title: Option<(u16, u16)>,
    pub flash: Option<(u16, u16)>,
}

/// Columns kept free between two parts of the header.
const GAP: u16 = 2;
/// A flash cut shorter than this says nothing; it is left out.
const FLASH_AT_LEAST: u16 = 8;

/// The header's layout from the widths of its parts: a pure function, so
/// every width can be tested. Parts never overlap and never pass `cols`.
pub fn header_plan(
    cols: u16,
    clock: &[u16],
    mode: &[u16],
    title: u16,
    flash: Option<u16>,
) -> HeaderPlan {
    let mut plan = HeaderPlan::default();
    // The widest forms that still leave the whole title; failing that, the
    // narrowest that fit, so the title keeps what it can.
    let used = |c: Option<u16>, m: Option<u16>| {
        let parts = [c, m];
        let n = parts.iter().flatten().count() as u16;
        parts.iter().flatten().sum::<u16>() + GAP * n
    };
    let clock_opts: Vec<Option<usize>> = (0..clock.len()).map(Some).chain([None]).collect();
    let mode_opts: Vec<Option<usize>> = (0..mode.len()).map(Some).chain([None]).collect();
    let w_of = |ws: &[u16], i: Option<usize>| i.and_then(|i| ws.get(i).copied());
    // First the forms that leave room for the title and the whole flash
    // message, then those that leave room for the title alone.
    let flash_w = flash.filter(|w| *w > 0).map_or(0, |w| w + GAP);
    let mut chosen = None;
    'outer: for extra in [flash_w, 0] {
        for c in clock_opts
            .iter()
            .filter(|c| c.is_some() || clock.is_empty())
        {
            for m in mode_opts.iter().filter(|m| m.is_some() || mode.is_empty()) {
                if used(w_of(clock, *c), w_of(mode, *m)) + title + extra <= cols {
                    chosen = Some((*c, *m));
                    break 'outer;
                }
            }
        }
    }
    let (c, m) = chosen.unwrap_or_else(|| {
        let c = (0..clock.len()).rev().find(|i| clock[*i] <= cols);
        let left = cols - w_of(clock, c).unwrap_or(0);
        let m = (0..mode.len())
            .rev()
            .find(|i| mode[*i] + GAP + u16::from(c.is_some()) * GAP <= left);
        (c, m)
    });
    let mut right_edge = cols;
    let gap_before = |edge: u16| if edge < cols { GAP } else { 0 };
    if let Some(w) = w_of(clock, c) {
        plan.clock = Some((cols - w, w, c.unwrap_or(0)));
        right_edge = cols - w;
    }
    if let Some(w) = w_of(mode, m)
        && w + gap_before(right_edge) <= right_edge
    {
        let x = right_edge - gap_before(right_edge) - w;
        plan.mode = Some((x, w, m.unwrap_or(0)));
        right_edge = x;
    }
    // What is left on the left: the title, then the flash after it.
    let room = right_edge.saturating_sub(gap_before(right_edge));
    if room == 0 {
        return plan;
    }
    let title_w = title.min(room);
    if let Some(fw) = flash.filter(|w| *w > 0) {
        // The flash takes what the title leaves, cut with `…` if it must be.
        let after = room.saturating_sub(title_w + if title_w > 0 { GAP } else { 0 });
        let shown = fw.min(after);
        if shown >= FLASH_AT_LEAST.min(fw) && shown > 0 {
            plan.flash = Some((room - after, shown));
        }
    }
    if title_w > 0 {
        plan.title = Some((0, title_w));
    }
    plan
}

/// `spans` cut to `cols` display columns, ending in `…` when cut; never
/// inside a character.
pub fn fit_spans<'a>(spans: &[Span<'a>], cols: usize) -> Vec<Span<'a>> {
    let total: usize = spans.iter().map(|s| width(&s.content)).sum();
    if total <= cols {
        return spans.to_vec();
    }
    let mut out = Vec::new();
    let mut left = cols;
    for sp in spans {
        let w = width(&sp.content);
        if w < left {
            out.push(sp.clone());
            left -= w;
        } else {
            out.push(Span::styled(ellipsis(&sp.content, left), sp.style));
            return out;
        }
    }
    out
}

/// Draws `header` on one line with the flash message, as [`header_plan`] places it.
pub fn draw_header(f: &mut Frame, area: Rect, view: &View<'_>, header: &Header<'_>) {
    draw_header_with(f, area, view, header, None);
}

/// [`draw_header`], and the flash message on `spare` (a line of its own)
/// when the header has no room for all of it.
pub fn draw_header_with(
    f: &mut Frame,
    area: Rect,
    view: &View<'_>,
    header: &Header<'_>,
    spare: Option<Rect>,
) {
    let s = view.styles;
    let spans_w = |v: &Vec<Span>| v.iter().map(|sp| width(&sp.content)).sum::<usize>() as u16;
    let clock: Vec<u16> = header.clock.iter().map(spans_w).collect();
    let mode: Vec<u16> = header.mode.iter().map(spans_w).collect();
    let flash = view.flash.map(|fl| width(&fl.text) as u16);
    let plan = header_plan(area.width, &clock, &mode, spans_w(&header.title), flash);
    let mut put = |x: u16, w: u16, spans: Vec<Span>| {
        let r = Rect::new(area.x + x, area.y, w, 1.min(area.height));
        f.render_widget(Paragraph::new(Line::from(spans)), r);
    };
    if let Some((x, w, i)) = plan.clock
        && let Some(v) = header.clock.get(i)
    {
        put(x, w, v.clone());
    }
    if let Some((x, w, i)) = plan.mode
        && let Some(v) = header.mode.get(i)
    {
        put(x, w, v.clone());
    }
    if let Some((x, w)) = plan.title {
        put(x, w, fit_spans(&header.title, w as usize));
    }
    if let Some(fl) = view.flash {
        let style = if fl.error { s.error() } else { s.success() };
        let whole = plan
            .flash
            .is_some_and(|(_, w)| w as usize >= width(&fl.text));
        match (spare, plan.flash) {
            (Some(line), _) if !whole => {
                f.render_widget(Block::new().style(s.base()), line);
                let text = ellipsis(&fl.text, line.width as usize);
                f.render_widget(Paragraph::new(Span::styled(text, style)), line);
            }
            (_, Some((x, w))) => {
                put(
                    x,
                    w,
                    vec![Span::styled(ellipsis(&fl.text, w as usize), style)],
                );
            }
            _ => {}
        }
    }
}

/// One line: `left` as the title, `right` at the end when the whole title
/// fits beside it, the flash between.
pub fn header_line(
    f: &mut Frame,
    area: Rect,
    view: &View<'_>,
    left: Vec<Span<'_>>,
    right: Vec<Span<'_>>,
) {
    // What a screen shows at the right (a count, when the group meets)
    // yields to the title: it shows only where the whole title still fits.
    let spans_w = |v: &[Span]| v.iter().map(|sp| width(&sp.content)).sum::<usize>();
    let fits = spans_w(&left) + GAP as usize + spans_w(&right) <= area.width as usize;
    let mode = if right.iter().all(|sp| sp.content.is_empty()) || !fits {
        vec![]
    } else {
        vec![right]
    };
    draw_header(
        f,
        area,
        view,
        &Header {
            clock: vec![],
            mode,
            title: left,
        },
    );
}

/// The key footer: as many `key word` pairs as fit, never dropping help and quit.
pub fn footer_line(f: &mut Frame, area: Rect, s: Styles, keys: &[FooterKey]) {
    let room = area.width as usize;
    let item_w = |(k, w): &FooterKey| width(k) + width(w) + 3;
    let essential = |w: &str| w == "help" || w == "quit";
    let mut budget = keys
        .iter()
        .filter(|(_, w)| essential(w))
        .map(item_w)
        .sum::<usize>();
    let mut keep = vec![false; keys.len()];
    for (i, item) in keys.iter().enumerate() {
        if essential(&item.1) {
            keep[i] = true;
        } else if budget + item_w(item) <= room {
            budget += item_w(item);
            keep[i] = true;
        }
    }
    let mut spans = Vec::new();
    for (i, (k, w)) in keys.iter().enumerate() {
        if keep[i] {
            spans.push(Span::styled(format!(" {k}"), s.key()));
            spans.push(Span::styled(format!(" {w} "), s.muted()));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A bulleted list, as norms are shown everywhere.
pub fn bullets(items: &[String], s: Styles) -> Vec<Line<'static>> {
    items
        .iter()
        .map(|n| {
            Line::from(vec![
                Span::styled("• ", s.accent()),
                Span::styled(n.clone(), s.text()),
            ])
        })
        .collect()
}

/// The help box's width for a screen `cols` wide.
fn help_box_width(cols: u16) -> u16 {
    cols.min(100)
}

/// The key column of the help: two spaces, the keys padded to 14.
const HELP_KEYS: usize = 16;

/// The help's lines for a box whose inside is `cols` wide: each section's
/// title, then its rows with the description wrapped by display width
/// under itself.
pub fn help_lines(sections: &[HelpSection], s: Styles, cols: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    for section in sections {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        for t in wrap(&section.title, cols) {
            lines.push(Line::styled(t, s.heading()));
        }
        for (k, d) in &section.rows {
            let key = format!("  {}", pad(k, HELP_KEYS - 2));
            // A key label wider than its column gets a line of its own.
            let (first_key, desc_cols) = if width(&key) > HELP_KEYS && cols > HELP_KEYS {
                lines.push(Line::styled(key, s.key()));
                (" ".repeat(HELP_KEYS), cols - HELP_KEYS)
            } else if cols > HELP_KEYS + 8 {
                (key, cols - HELP_KEYS)
            } else {
                // Too narrow for two columns: the key, then the words under it.
                lines.push(Line::styled(ellipsis(&key, cols), s.key()));
                (String::new(), cols)
            };
            for (i, part) in wrap(d, desc_cols).into_iter().enumerate() {
                let lead = if i == 0 {
                    first_key.clone()
                } else {
                    " ".repeat(width(&first_key))
                };
                lines.push(Line::from(vec![
                    Span::styled(lead, s.key()),
                    Span::styled(part, s.text()),
                ]));
            }
        }
    }
    lines
}

fn help_line_count(sections: &[HelpSection], cols: usize) -> usize {
    let plain = Styles::new(&crate::theme::Theme::mono());
    help_lines(sections, plain, cols).len()
}

/// Where the help box goes on a `screen`, and how many of its lines show.
fn help_area(screen: Rect, total: usize) -> (Rect, usize) {
    let h = (total as u16).saturating_add(2).min(screen.height);
    let area = centered(screen, help_box_width(screen.width), h);
    (area, area.height.saturating_sub(2) as usize)
}

/// The first line shown when the help is scrolled `scroll` lines down:
/// never past the point where the last line reaches the bottom.
pub fn help_first_line(sections: &[HelpSection], screen: Rect, scroll: usize) -> usize {
    let cols = help_box_width(screen.width).saturating_sub(2) as usize;
    let total = help_line_count(sections, cols);
    let (_, shown) = help_area(screen, total);
    scroll.min(total.saturating_sub(shown))
}

/// How many lines one page of the help scrolls on a `screen`.
pub fn help_page(screen: Rect) -> usize {
    screen.height.saturating_sub(3).max(1) as usize
}

/// The help overlay: the sections one under the other, in a box, from
/// line `scroll` (see [`help_first_line`]).
pub fn draw_help(f: &mut Frame, s: Styles, sections: &[HelpSection], scroll: usize) {
    let screen = f.area();
    let cols = help_box_width(screen.width).saturating_sub(2) as usize;
    let lines = help_lines(sections, s, cols);
    let total = lines.len();
    let (area, shown) = help_area(screen, total);
    let first = help_first_line(sections, screen, scroll);
    let bottom = if total > shown {
        let keys: Vec<String> = keymap::HELP
            .iter()
            .flat_map(|b| b.keys)
            .map(|k| k.label())
            .collect();
        format!(
            " {} scroll · {}–{} of {total} · any other key closes ",
            keys.join(" "),
            first + 1,
            (first + shown).min(total)
        )
    } else {
        " any key closes ".to_string()
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.accent())
        .title(Line::styled(" Keys ", s.heading()))
        .title_bottom(Line::styled(
            ellipsis(&bottom, area.width.saturating_sub(2) as usize),
            s.muted(),
        ))
        .style(s.base());
    f.render_widget(Clear, area);
    let visible: Vec<Line> = lines.into_iter().skip(first).take(shown).collect();
    f.render_widget(Paragraph::new(Text::from(visible)).block(block), area);
}

/// A question in a box, with its answers' keys.
pub fn draw_confirm<A>(f: &mut Frame, s: Styles, c: &Confirm<A>) {
    let mut answers: Vec<Span> = Vec::new();
    if c.yes.is_some() {
        answers.push(Span::styled(" y", s.key()));
        answers.push(Span::styled(" yes ", s.text()));
    }
    for (k, label, _) in &c.choices {
        answers.push(Span::styled(format!(" {k}"), s.key()));
        answers.push(Span::styled(format!(" {label} "), s.text()));
    }
    answers.push(Span::styled(" Esc", s.key()));
    answers.push(Span::styled(
        if c.yes.is_some() {
            " no "
        } else {
            " keep going "
        },
        s.text(),
    ));
    let answers_w: u16 = answers.iter().map(|a| a.width() as u16).sum();
    let box_w = (answers_w + 4).max(56).min(f.area().width);
    let text_lines = wrap(&c.text, box_w.saturating_sub(2) as usize).len() as u16;
    let area = centered(f.area(), box_w, text_lines + 5);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(s.accent())
        .title(Line::styled(format!(" {} ", c.title), s.heading()))
        .style(s.base());
    f.render_widget(Clear, area);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [text, _, keys] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    f.render_widget(
        Paragraph::new(c.text.clone())
            .style(s.text())
            .wrap(Wrap { trim: true }),
        text,
    );
    f.render_widget(Paragraph::new(Line::from(answers)), keys);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone, Utc};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use crate::theme::Theme;
    use crate::tui::outcome::Flash;

    fn spans_of(parts: &[&'static str]) -> Vec<Vec<Span<'static>>> {
        parts.iter().map(|p| vec![Span::raw(*p)]).collect()
    }

    #[test]
    fn the_header_never_overlaps_and_keeps_the_clock_at_every_width() {
        let clock = [38u16, 24, 13, 5];
        let mode = [12u16, 1];
        for flash in [None, Some(70u16), Some(9)] {
            for title in [0u16, 20, 60] {
                for cols in 20..=240u16 {
                    let p = header_plan(cols, &clock, &mode, title, flash);
                    let mut parts: Vec<(u16, u16)> = [
                        p.clock.map(|(x, w, _)| (x, w)),
                        p.mode.map(|(x, w, _)| (x, w)),
                        p.title,
                        p.flash,
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    parts.sort();
                    for pair in parts.windows(2) {
                        assert!(pair[0].0 + pair[0].1 < pair[1].0, "{cols}: {p:?}");
                    }
                    assert!(parts.iter().all(|(x, w)| x + w <= cols), "{cols}: {p:?}");
                    assert!(p.clock.is_some(), "{cols}: the clock shows: {p:?}");
                    if flash.is_none() && title > 0 && cols >= 5 + GAP + 1 + GAP + title {
                        assert_eq!(p.title, Some((0, title.min(cols))), "{cols}: {p:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_header_cuts_by_display_width_and_never_inside_a_character() {
        let styles = Styles::new(&Theme::fallback());
        let flash = Flash {
            text: "Rebalanced: 2 min taken from the remaining phases".into(),
            until: Utc.with_ymd_and_hms(2026, 11, 23, 15, 0, 0).unwrap(),
            error: false,
        };
        let clock = ["Elapsed 6:30  Ends 16:30 (on time)", "6:30 → 16:30", "6:30"];
        let title = "数学 PLG · Zoë Brontë's Tuesday group";
        for cols in 20..=240u16 {
            let view = View {
                styles,
                now: Utc.with_ymd_and_hms(2026, 11, 23, 14, 0, 0).unwrap(),
                offset: FixedOffset::east_opt(0).unwrap(),
                speed: 1,
                flash: Some(&flash),
            };
            let header = Header {
                clock: spans_of(&clock),
                mode: spans_of(&["◉ PROJECTING", "◉"]),
                title: vec![Span::raw(title)],
            };
            let mut term = Terminal::new(TestBackend::new(cols, 1)).unwrap();
            term.draw(|f| draw_header(f, f.area(), &view, &header))
                .unwrap();
            let line = crate::tui::buffer_text(term.backend().buffer());
            assert!(
                clock.iter().any(|c| line.trim_end().ends_with(c)),
                "{cols}: {line}"
            );
            // Every word of the title that shows is whole, or cut with `…`.
            let shown = line.split("  ").next().unwrap_or_default();
            assert!(
                title.starts_with(shown) || shown.ends_with('…'),
                "{cols}: {line}"
            );
            if let Some(cut) = shown.strip_suffix('…') {
                assert!(title.starts_with(cut), "{cols}: {line}");
            }
        }
    }

    #[test]
    fn the_help_wraps_by_width_and_scrolling_reaches_its_last_line() {
        let rows: Vec<(String, String)> = (1..=30)
            .map(|i| {
                (
                    format!("k{i}"),
                    format!("row {i}: a description long enough to need a second line at eighty columns, surely"),
                )
            })
            .collect();
        let sections = vec![HelpSection::new("Keys of this screen", rows)];
        let styles = Styles::new(&Theme::fallback());
        let screen = Rect::new(0, 0, 80, 24);
        let mut scroll = 0;
        let mut seen_last = false;
        for _ in 0..200 {
            let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
            term.draw(|f| draw_help(f, styles, &sections, scroll))
                .unwrap();
            let text = crate::tui::buffer_text(term.backend().buffer());
            assert!(text.lines().all(|l| width(l) <= 80), "{text}");
            if text.contains("eighty columns, surely") && text.contains("row 30:") {
                seen_last = true;
                break;
            }
            scroll = help_first_line(&sections, screen, scroll + help_page(screen));
        }
        assert!(seen_last, "scrolling never showed the last line");
        // Scrolling further stays at the end.
        assert_eq!(help_first_line(&sections, screen, scroll + 100), scroll);
        // Every description was wrapped, not cut.
        let all = help_lines(&sections, styles, 78);
        let text: String = all.iter().map(|l| l.to_string() + "\n").collect();
        assert_eq!(text.matches("surely").count(), 30, "{text}");
    }
}
