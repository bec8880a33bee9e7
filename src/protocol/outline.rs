//! The readable outline `plg show` prints, what a facilitator reads the
//! evening before a meeting, and the same content as JSON (`plg show --json`).

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::text::{self, minutes_number};

use super::model::{
    Ask, GroupSize, Mode, OTHERS, Order, Phase, PhasePlan, Protocol, ROUND_PERSON, Repeat,
    RoundWho, Turn,
};

/// Renders the outline; `people` sizes rounds (else the ideal group size, or 8).
pub(crate) fn outline(p: &Protocol, origin: &str, people: Option<usize>) -> String {
    let people_n = people.unwrap_or_else(|| p.planning_group());
    let mut o = String::new();
    header(&mut o, p, origin);
    phases(&mut o, p, people, people_n);
    closing(&mut o, p, &|i| (i + 1).to_string());
    o
}

/// What a protocol is, where it comes from, and what to do before the
/// meeting; also the head of an agenda's outline, from its expanded plan.
pub(crate) fn header(o: &mut String, p: &Protocol, origin: &str) {
    let _ = writeln!(o, "{} ({})", p.name, p.id);
    let _ = writeln!(o, "{}", p.summary);
    let _ = writeln!(o, "From: {origin}");
    if let Some(size) = &p.group_size {
        let _ = writeln!(o, "Group size: {}", group_size_text(size));
    }
    if let Some(total) = &p.total_minutes {
        let _ = writeln!(
            o,
            "Published length: {} minutes",
            range_text(total.low, total.high)
        );
    }
    if let Some(source) = &p.source {
        let _ = writeln!(o, "Source: {}", source.trim());
    }
    if let Some(purpose) = &p.purpose {
        let _ = writeln!(o, "\nPurpose\n{}", indent(purpose.trim(), "  "));
    }
    if let Some(notes) = &p.facilitator_notes {
        let _ = writeln!(o, "\nFor the facilitator\n{}", indent(notes.trim(), "  "));
    }

    let _ = writeln!(o, "\nBefore the meeting");
    let asks = p.asks();
    if asks.is_empty() {
        let _ = writeln!(o, "  Setup asks for: nothing");
    } else {
        let words: Vec<&str> = asks.iter().map(|a| ask_label(*a)).collect();
        let _ = writeln!(o, "  Setup asks for: {}", words.join(", "));
    }
    if !p.materials.is_empty() {
        let _ = writeln!(o, "  Materials:");
        for m in &p.materials {
            let _ = writeln!(o, "    - {}", m.trim());
        }
    }
    if let Some(prep) = &p.preparation {
        let _ = writeln!(o, "  Preparation:\n{}", indent(prep.trim(), "    "));
    }
}

fn phases(o: &mut String, p: &Protocol, people: Option<usize>, people_n: usize) {
    let _ = writeln!(o, "\nPhases");
    let name_w = p
        .phases
        .iter()
        .map(|ph| text::width(&ph.name))
        .max()
        .unwrap_or(0)
        .max(5);
    let _ = writeln!(
        o,
        "   #  start  {}   minutes  speaker",
        text::pad("phase", name_w)
    );
    let mut start = 0u64;
    for (i, ph) in p.phases.iter().enumerate() {
        let plan = p.phase_plan(ph, people_n);
        let speaker = p.speaker_name(ph).unwrap_or_default();
        let row = format!(
            "  {:>2}  {:>5}  {}  {:>8}  {}",
            i + 1,
            hours_minutes(start),
            text::pad(&ph.name, name_w),
            minutes_number(plan.secs),
            speaker
        );
        let _ = writeln!(o, "{}", row.trim_end());
        phase_details(o, p, ph, &plan, 15);
        start = start.saturating_add(plan.secs);
    }
    let total = p.total_secs(people_n);
    let for_people = if p.depends_on_people() {
        match people {
            Some(n) => format!(" for {}", people_text(n)),
            None => format!(" for {people_n} people (--people N to change)"),
        }
    } else {
        String::new()
    };
    let _ = writeln!(o, "  Total: {} minutes{for_people}", minutes_number(total));
}

/// Roles, note kinds, and each phase's instructions and prompts, the phase
/// numbered by `number` (an agenda numbers nested phases "2.3").
pub(crate) fn closing(o: &mut String, p: &Protocol, number: &dyn Fn(usize) -> String) {
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
        // Two kinds of an agenda's files may share a key; the decision is
        // the one offered everywhere (the runner gives an item's own kind
        // its key first).
        let every = if p.is_agenda() && k.id == crate::agenda::DECISION {
            ", in every item"
        } else {
            ""
        };
        let _ = writeln!(o, "  {key}{} ({}){every}", k.label, k.id);
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
            let _ = writeln!(o, "  {}. {}", number(i), ph.name);
            if let Some(ins) = &ph.instructions {
                let _ = writeln!(o, "{}", indent(ins.trim(), "     "));
            }
            for prompt in &ph.prompts {
                let _ = writeln!(o, "     › {prompt}");
            }
        }
    }
}

/// The lines under a phase's row, indented `indent` columns: how its
/// rounds add up, whose rounds they are, and its marks.
pub(crate) fn phase_details(
    o: &mut String,
    p: &Protocol,
    ph: &Phase,
    plan: &PhasePlan,
    indent: usize,
) {
    let pad = " ".repeat(indent);
    if let Some(rounds) = rounds_text(ph, plan) {
        let _ = writeln!(o, "{pad}{rounds}");
    }
    if let Some(who) = whose_rounds_text(p, ph, plan) {
        let _ = writeln!(o, "{pad}{who}");
    }
    let marks = phase_marks(p, ph);
    if !marks.is_empty() {
        let _ = writeln!(o, "{pad}{}", marks.join(" · "));
    }
}

/// "5-12, best 8"; free text as written.
pub(crate) fn group_size_text(size: &GroupSize) -> String {
    match size {
        GroupSize::Text(t) => t.clone(),
        GroupSize::Numbers { min, ideal, max } => match ideal {
            Some(i) => format!("{min} to {max} people, best {i}"),
            None => format!("{min} to {max} people"),
        },
    }
}

fn range_text(low: f64, high: f64) -> String {
    if low == high {
        format!("{low}")
    } else {
        format!("{low}-{high}")
    }
}

pub(crate) fn ask_label(a: Ask) -> &'static str {
    match a {
        Ask::FocusingQuestion => "the focusing question",
        Ask::Work => "the work",
        Ask::Dilemma => "the dilemma",
        Ask::Text => "the text",
        Ask::Data => "the data",
    }
}

pub(crate) fn ask_word(a: Ask) -> &'static str {
    match a {
        Ask::FocusingQuestion => "focusing_question",
        Ask::Work => "work",
        Ask::Dilemma => "dilemma",
        Ask::Text => "text",
        Ask::Data => "data",
    }
}

pub(crate) fn people_text(n: usize) -> String {
    if n == 1 {
        "1 person".into()
    } else {
        format!("{n} people")
    }
}

fn rounds_word(n: usize) -> String {
    if n == 1 {
        "1 round".into()
    } else {
        format!("{n} rounds")
    }
}

/// How a repeated phase's rounds add up: "8 rounds × 5 min", "2 circles of
/// 4, 4 rounds each: Share 3 min, Respond 1 min × 3, Final word 1 min = 7
/// min a round, 28 min". `None` for a phase that runs once.
fn rounds_text(ph: &Phase, plan: &PhasePlan) -> Option<String> {
    ph.repeat?;
    let rounds = match (ph.repeat, plan.circles) {
        (Some(Repeat::Each), k) if k > 1 => {
            let (big, small) = (plan.largest_circle, plan.smallest_circle);
            if big == small {
                format!("{k} circles of {big}, {} each", rounds_word(plan.rounds))
            } else {
                let or = if k == 2 { "and" } else { "or" };
                format!(
                    "{k} circles of {big} {or} {small}, {} in the largest",
                    rounds_word(plan.rounds)
                )
            }
        }
        _ => rounds_word(plan.rounds),
    };
    let turns = ph.turns();
    if turns.is_empty() {
        return Some(format!(
            "{rounds} × {} min = {} min",
            minutes_number(plan.round_secs),
            minutes_number(plan.secs)
        ));
    }
    let circle = plan.circle;
    let parts: Vec<String> = turns
        .iter()
        .map(|t| {
            let secs = turn_secs(t);
            let times = circle.saturating_sub(1);
            if t.each {
                format!("{} {} min × {times}", t.name, minutes_number(secs))
            } else {
                format!("{} {} min", t.name, minutes_number(secs))
            }
        })
        .collect();
    Some(format!(
        "{rounds}: {} = {} min a round, {} min",
        parts.join(", "),
        minutes_number(plan.round_secs),
        minutes_number(plan.secs)
    ))
}

fn turn_secs(t: &Turn) -> u64 {
    (t.minutes * 60.0).round() as u64
}

/// Whose rounds these are and how they go, for `repeat: each`.
fn whose_rounds_text(p: &Protocol, ph: &Phase, plan: &PhasePlan) -> Option<String> {
    if ph.repeat != Some(Repeat::Each) {
        return None;
    }
    let round = ph.round.as_ref();
    let who = match round.map(|r| &r.who) {
        None | Some(RoundWho::Present) => {
            format!(
                "one round per person present ({})",
                people_text(plan.round_people)
            )
        }
        Some(RoundWho::Participants) if p.has_facilitator() => format!(
            "one round per participant ({}: everyone present but the facilitator)",
            people_text(plan.round_people)
        ),
        Some(RoundWho::Participants) => {
            format!(
                "one round per participant ({})",
                people_text(plan.round_people)
            )
        }
        Some(RoundWho::Role(id)) => format!("one round per {}", p.role_name(id)),
    };
    let mut parts = vec![who];
    if let Some(r) = round {
        match r.order {
            Order::Roster => {}
            Order::Shuffle => parts.push("shuffled order".into()),
            Order::Chosen => parts.push("the facilitator picks who is next".into()),
        }
        if r.pass {
            parts.push("a person may pass".into());
        }
        if r.presents {
            parts.push("each counts as presenting".into());
        }
        if let Some(c) = r.circles {
            parts.push(format!("circles of about {c} run at the same time"));
        }
    }
    Some(parts.join(" · "))
}

/// What else the room should know about a phase: mode, silence, range,
/// protected, optional, check-in.
fn phase_marks(p: &Protocol, ph: &Phase) -> Vec<String> {
    let mut marks = Vec::new();
    match ph.mode {
        Mode::Talk => {}
        Mode::Silent => marks.push("silent: nobody talks".to_string()),
        Mode::Written => marks.push("written conversation".to_string()),
    }
    if !ph.silent.is_empty() {
        let names: Vec<String> = ph.silent.iter().map(|id| p.role_name(id)).collect();
        marks.push(format!("listening in silence: {}", names.join(", ")));
    }
    if let Some(r) = &ph.range {
        marks.push(format!("range {} min", range_text(r.low, r.high)));
    }
    if ph.protect {
        marks.push("protected: rebalancing never shortens it".into());
    }
    if ph.optional {
        marks.push("optional: may be left out at setup".into());
    }
    if ph.checkin {
        marks.push("norm check-in".into());
    }
    for (i, t) in ph.turns().iter().enumerate() {
        if !t.silent.is_empty() {
            let names: Vec<String> = t.silent.iter().map(|id| turn_role(p, id)).collect();
            marks.push(format!(
                "turn {} ({}): {} silent",
                i + 1,
                t.name,
                names.join(", ")
            ));
        }
    }
    marks
}

fn turn_role(p: &Protocol, id: &str) -> String {
    match id {
        ROUND_PERSON => "the round's person".into(),
        OTHERS => "the others".into(),
        _ => p.role_name(id),
    }
}

/// The same content as [`outline`], as JSON: see docs/protocol-format.md.
pub(crate) fn outline_json(p: &Protocol, origin: &str, people: Option<usize>) -> Value {
    let people_n = people.unwrap_or_else(|| p.planning_group());
    let mut start = 0u64;
    let phases: Vec<Value> = p
        .phases
        .iter()
        .enumerate()
        .map(|(i, ph)| {
            let plan = p.phase_plan(ph, people_n);
            let v = phase_json(p, ph, i, start, &plan);
            start = start.saturating_add(plan.secs);
            v
        })
        .collect();
    let group_size = p.group_size.as_ref().map(|g| match g {
        GroupSize::Text(t) => json!({"text": t, "min": null, "ideal": null, "max": null}),
        GroupSize::Numbers { min, ideal, max } => {
            json!({"text": group_size_text(g), "min": min, "ideal": ideal, "max": max})
        }
    });
    json!({
        "kind": "protocol",
        "id": p.id,
        "name": p.name,
        "summary": p.summary,
        "from": origin,
        "purpose": p.purpose,
        "source": p.source,
        "group_size": group_size,
        "total_minutes": p.total_minutes.map(|r| [r.low, r.high]),
        "facilitator_notes": p.facilitator_notes,
        "asks": p.asks().into_iter().map(ask_word).collect::<Vec<_>>(),
        "materials": p.materials,
        "preparation": p.preparation,
        "people": people_n,
        "people_given": people.is_some(),
        "depends_on_people": p.depends_on_people(),
        "total_seconds": p.total_secs(people_n),
        "steps": p.step_count(people_n),
        "roles": p.roles.iter().map(|r| json!({"id": r.id, "name": r.name, "description": r.description})).collect::<Vec<_>>(),
        "note_kinds": p.note_kinds.iter().map(|k| json!({"id": k.id, "label": k.label, "key": k.key.map(String::from)})).collect::<Vec<_>>(),
        "phases": phases,
    })
}

pub(crate) fn phase_json(
    p: &Protocol,
    ph: &Phase,
    index: usize,
    start: u64,
    plan: &PhasePlan,
) -> Value {
    let repeat = match ph.repeat {
        None => Value::Null,
        Some(Repeat::Times(n)) => json!(n),
        Some(Repeat::Each) => json!("each"),
    };
    let round = ph.round.as_ref().map(|r| {
        let circle = plan.circle;
        json!({
            "who": String::from(r.who.clone()),
            "presents": r.presents,
            "order": match r.order {
                Order::Roster => "roster",
                Order::Shuffle => "shuffle",
                Order::Chosen => "chosen",
            },
            "pass": r.pass,
            "circles_of_about": r.circles,
            "turns": r.turns.iter().map(|t| json!({
                "name": t.name,
                "speaker": t.speaker,
                "minutes": t.minutes,
                "each": t.each,
                "times": if t.each { circle.saturating_sub(1) } else { 1 },
                "silent": t.silent,
            })).collect::<Vec<_>>(),
        })
    });
    json!({
        "number": index + 1,
        "name": ph.name,
        "start_seconds": start,
        "seconds": plan.secs,
        "minutes": (ph.turns().is_empty()).then_some(ph.minutes),
        "range": ph.range.map(|r| [r.low, r.high]),
        "speaker": ph.speaker.as_ref().map(|s| s.ids()).unwrap_or_default(),
        "speaker_name": p.speaker_name(ph),
        "silent": ph.silent,
        "mode": match ph.mode {
            Mode::Talk => "talk",
            Mode::Silent => "silent",
            Mode::Written => "written",
        },
        "protect": ph.protect,
        "optional": ph.optional,
        "checkin": ph.checkin,
        "repeat": repeat,
        "rounds": plan.rounds,
        "round_people": ph.repeat.map(|_| plan.round_people),
        "circles": plan.circles,
        "largest_circle": plan.largest_circle,
        "smallest_circle": plan.smallest_circle,
        "round_seconds": plan.round_secs,
        "steps": plan.steps,
        "round": round,
        "instructions": ph.instructions,
        "facilitator_notes": ph.facilitator_notes,
        "prompts": ph.prompts,
        "notes": ph.notes,
        "enter": p.enter_kind(ph),
    })
}

/// Start offsets as hours and minutes into the meeting (`0:05`, `1:10`);
/// seconds are rounded down, as on an agenda.
pub(crate) fn hours_minutes(secs: u64) -> String {
    format!("{}:{:02}", secs / 3600, secs / 60 % 60)
}

pub(crate) fn indent(text: &str, prefix: &str) -> String {
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
