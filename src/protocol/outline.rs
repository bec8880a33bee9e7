//! The readable outline `plg show` prints: what a facilitator reads the
//! evening before a meeting.

use std::fmt::Write as _;

use crate::text::{self, minutes_number};

use super::model::{Protocol, Repeat, TYPICAL_GROUP};

/// Renders the outline; `people` sizes `repeat: each` phases.
pub(crate) fn outline(p: &Protocol, origin: &str, people: Option<usize>) -> String {
    let people_n = people.unwrap_or(TYPICAL_GROUP);
    let mut o = String::new();
    let _ = writeln!(o, "{} ({})", p.name, p.id);
    let _ = writeln!(o, "{}", p.summary);
    let _ = writeln!(o, "From: {origin}");
    if let Some(size) = &p.group_size {
        let _ = writeln!(o, "Group size: {size}");
    }
    if let Some(source) = &p.source {
        let _ = writeln!(o, "Source: {}", source.trim());
    }
    if let Some(purpose) = &p.purpose {
        let _ = writeln!(o, "\nPurpose\n{}", indent(purpose.trim(), "  "));
    }

    let _ = writeln!(o, "\nPhases");
    let name_w = p
        .phases
        .iter()
        .map(|ph| text::width(&ph.name))
        .max()
        .unwrap_or(0)
        .max(5);
    let _ = writeln!(o, "   #  start  {:<name_w$}  minutes  speaker", "phase");
    let mut start = 0u64;
    for (i, ph) in p.phases.iter().enumerate() {
        let rounds = ph.rounds(people_n);
        let minutes = match ph.repeat {
            None => minutes_number(ph.round_secs()),
            Some(Repeat::Times(n)) => format!("{n} × {}", minutes_number(ph.round_secs())),
            Some(Repeat::Each) => format!("{rounds} × {}", minutes_number(ph.round_secs())),
        };
        let speaker = p.speaker_name(ph).unwrap_or_default();
        let checkin = if ph.checkin { "  (norm check-in)" } else { "" };
        let _ = writeln!(
            o,
            "  {:>2}  {:>5}  {}  {:>7}  {}{}",
            i + 1,
            hours_minutes(start),
            text::pad(&ph.name, name_w),
            minutes,
            speaker,
            checkin
        );
        if ph.repeat == Some(Repeat::Each) {
            let _ = writeln!(o, "{:>16}one round per person present", "");
        }
        start += ph.round_secs() * rounds as u64;
    }
    let total = p.total_secs(people_n);
    let for_people = if p.depends_on_people() {
        match people {
            Some(n) => format!(" for {n} people"),
            None => format!(" for {people_n} people (--people N to change)"),
        }
    } else {
        String::new()
    };
    let _ = writeln!(o, "  Total: {} minutes{for_people}", minutes_number(total));

    if !p.roles.is_empty() {
        let _ = writeln!(o, "\nRoles");
        for r in &p.roles {
            match &r.description {
                Some(d) => {
                    let _ = writeln!(o, "  {}: {}", r.name, d.trim());
                }
                None => {
                    let _ = writeln!(o, "  {}", r.name);
                }
            }
        }
    }

    let _ = writeln!(o, "\nNote kinds");
    for k in &p.note_kinds {
        let key = k.key.map(|c| format!("[{c}] ")).unwrap_or_default();
        let _ = writeln!(o, "  {key}{} ({})", k.label, k.id);
    }

    let with_text: Vec<_> = p
        .phases
        .iter()
        .enumerate()
        .filter(|(_, ph)| ph.instructions.is_some() || !ph.prompts.is_empty())
        .collect();
    if !with_text.is_empty() {
        let _ = writeln!(o, "\nSteps and prompts");
        for (i, ph) in with_text {
            let _ = writeln!(o, "  {}. {}", i + 1, ph.name);
            if let Some(ins) = &ph.instructions {
                let _ = writeln!(o, "{}", indent(ins.trim(), "     "));
            }
            for prompt in &ph.prompts {
                let _ = writeln!(o, "     › {prompt}");
            }
        }
    }
    o
}

/// Start offsets as hours and minutes into the meeting (`0:05`, `1:10`);
/// seconds are rounded down, as on an agenda.
fn hours_minutes(secs: u64) -> String {
    format!("{}:{:02}", secs / 3600, secs / 60 % 60)
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
