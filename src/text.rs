//! How plg writes times and fits text, everywhere: the runner's clock, the
//! timeline, listings, exports and the report say `12:34`, `1.5 min` and
//! cut long names the same way.
//!
//! Widths are display widths (a CJK character takes two columns), so names
//! in any script line up in tables and on screen.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `m:ss` for short spans, `h:mm:ss` past the hour.
pub fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// [`clock`] with a sign for negative spans: `-0:45`.
pub fn signed_clock(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    format!("{sign}{}", clock(secs.unsigned_abs()))
}

/// What the countdown shows: `12:34` left (rounded up, so `0:00` is the
/// moment time is up), `+0:32` in overtime.
pub fn countdown(remaining_ms: i64) -> String {
    if remaining_ms > 0 {
        // Positive here, so rounding up is adding 999 before dividing.
        clock((remaining_ms.saturating_add(999) / 1000).unsigned_abs())
    } else {
        format!("+{}", clock((remaining_ms / 1000).unsigned_abs()))
    }
}

/// Minutes as a number for tables: `15`, or `1.5` when not whole.
pub fn minutes_number(secs: u64) -> String {
    if secs.is_multiple_of(60) {
        format!("{}", secs / 60)
    } else {
        format!("{:.1}", secs as f64 / 60.0)
    }
}

/// `12 min`, or `4.5 min` when not whole: planned lengths, exact.
pub fn minutes(secs: u64) -> String {
    format!("{} min", minutes_number(secs))
}

/// `52 min`, rounded to the nearest minute: how long something took.
pub fn rounded_minutes(secs: i64) -> String {
    format!("{} min", round_to_minutes(secs))
}

/// Whole minutes, to the nearest; negative spans count as none. Saturating:
/// the seconds may come from a file.
pub fn round_to_minutes(secs: i64) -> i64 {
    secs.max(0).saturating_add(30) / 60
}

/// Columns `s` takes on a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, ending in `…` when it was cut.
pub fn ellipsis(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    let room = max.saturating_sub(1);
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// `s` cut to at most `max` columns without a mark (for cells whose end is
/// shown some other way).
pub fn cut(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// `s` padded with spaces to `cols` columns (never cut).
pub fn pad(s: &str, cols: usize) -> String {
    let mut out = s.to_string();
    out.push_str(&" ".repeat(cols.saturating_sub(width(s))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(754), "12:34");
        assert_eq!(clock(3725), "1:02:05");
        assert_eq!(signed_clock(-45), "-0:45");
        assert_eq!(signed_clock(3725), "1:02:05");
        assert_eq!(signed_clock(i64::MIN), format!("-{}", clock(1u64 << 63)));
    }

    #[test]
    fn the_countdown_rounds_up_and_shows_overtime() {
        assert_eq!(countdown(754_000), "12:34");
        assert_eq!(countdown(753_001), "12:34");
        assert_eq!(countdown(1), "0:01");
        assert_eq!(countdown(0), "+0:00");
        assert_eq!(countdown(-32_999), "+0:32");
        assert_eq!(countdown(-3_725_000), "+1:02:05");
    }

    #[test]
    fn minutes_exact_and_rounded() {
        assert_eq!(minutes_number(900), "15");
        assert_eq!(minutes_number(90), "1.5");
        assert_eq!(minutes(720), "12 min");
        assert_eq!(minutes(270), "4.5 min");
        assert_eq!(rounded_minutes(3119), "52 min");
        assert_eq!(rounded_minutes(29), "0 min");
        assert_eq!(rounded_minutes(-100), "0 min");
        assert_eq!(round_to_minutes(i64::MAX), i64::MAX / 60);
    }

    #[test]
    fn ellipsis_counts_columns_not_characters() {
        assert_eq!(ellipsis("Ana Ruiz", 8), "Ana Ruiz");
        assert_eq!(ellipsis("Ana Ruiz", 5), "Ana …");
        // Each of these takes two columns.
        assert_eq!(ellipsis("李陈王赵", 5), "李陈…");
        assert_eq!(width(&ellipsis("李陈王赵", 5)), 5);
        assert_eq!(ellipsis("李陈王赵", 4), "李…");
        assert_eq!(ellipsis("abc", 0), "");
        assert_eq!(ellipsis("abc", 1), "…");
        assert_eq!(cut("李陈王", 5), "李陈");
        assert_eq!(pad("李", 4), "李  ");
        assert_eq!(pad("long", 2), "long");
    }
}
