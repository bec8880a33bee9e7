//! Writes realistic synthetic session records, for benchmarks and for trying
//! the review commands on a full folder.
//!
//! ```sh
//! cargo run --release --example gen_sessions -- --count 10000 --out /tmp/plg-bench/sessions --seed 7
//! ```
//!
//! Records are built the way plg builds them: real `Meeting`s from the
//! built-in protocols, driven by commands with simulated time, turned into
//! `SessionRecord`s by `SessionRecord::from_session` and saved with the store.
//! The same seed always gives the same files.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, Offset, TimeDelta, TimeZone, Utc, Weekday,
};

use plg::meeting::session::{
    ActionItem, Attendance, Closing, Delta, GroupRef, NormRating, RoleAssignment, Setup,
    starter_norms,
};
use plg::meeting::{Command, Meeting, Rounds};
use plg::protocol::{self, Protocol};
use plg::record::format::SessionView;
use plg::record::{SessionRecord, Status, store};

/// SplitMix64: tiny, fast, and good enough for plausible fake meetings.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.float() < p
    }
    fn float(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as i64 - 1) as usize]
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.range(0, i as i64) as usize;
            items.swap(i, j);
        }
    }
}

const FIRST: &[&str] = &[
    "Ana", "Ben", "Chen", "Dana", "Elif", "Farah", "Gabriel", "Hannah", "Ivan", "Jamal", "Keiko",
    "Liam", "Maya", "Nikos", "Olivia", "Priya", "Quinn", "Rosa", "Samir", "Tess", "Uma", "Victor",
    "Wen", "Ximena", "Yusuf", "Zoë", "Aaron", "Beatriz", "Carlos", "Deborah", "Emeka", "Fiona",
    "Grace", "Hugo", "Imani", "Jonas", "Kwame", "Leila", "Marcus", "Nadia",
];
const LAST: &[&str] = &[
    "Ruiz",
    "Okafor",
    "Li",
    "Wright",
    "Yilmaz",
    "Haddad",
    "Moreau",
    "Schmidt",
    "Petrov",
    "Brooks",
    "Tanaka",
    "O'Brien",
    "Patel",
    "Papadopoulos",
    "Nguyen",
    "Sharma",
    "Walsh",
    "Delgado",
    "Aziz",
    "Murphy",
    "Kowalski",
    "Santos",
    "Zhang",
    "Herrera",
    "Demir",
    "Lindqvist",
    "Mensah",
    "Kim",
    "Fischer",
    "Abebe",
    "Costa",
    "Novak",
    "Ibrahim",
    "Larsen",
    "Reyes",
    "Okoro",
];
const GUESTS: &[&str] = &[
    "Principal Ortiz",
    "Sam Lee (instructional coach)",
    "Dr. Amara Boateng (district math lead)",
    "Jo Park (student teacher)",
    "Ms. Fontaine (librarian)",
];

struct Subject {
    name: &'static str,
    id: &'static str,
    focus: &'static str,
    artifacts: &'static [&'static str],
    topics: &'static [&'static str],
}

const SUBJECTS: &[Subject] = &[
    Subject {
        name: "Grade 9 Math",
        id: "math9",
        focus: "Students explain their reasoning in writing",
        artifacts: &[
            "exit tickets on linear equations",
            "a unit test on slope",
            "student journals from the systems unit",
            "a performance task on budgeting",
        ],
        topics: &[
            "slope",
            "systems of equations",
            "proportional reasoning",
            "word problems",
            "graphing",
        ],
    },
    Subject {
        name: "Grade 7 Science",
        id: "sci7",
        focus: "Claim, evidence and reasoning in lab reports",
        artifacts: &[
            "lab reports on density",
            "a CER writing sample",
            "field notes from the pond study",
            "a common assessment on cells",
        ],
        topics: &[
            "variables",
            "the water cycle",
            "cell structure",
            "density",
            "energy transfer",
        ],
    },
    Subject {
        name: "English 10",
        id: "ela10",
        focus: "Evidence-based argument writing",
        artifacts: &[
            "argument essays on The Crucible",
            "a Socratic seminar transcript",
            "annotated poems",
            "a rubric for literary analysis",
        ],
        topics: &[
            "thesis statements",
            "embedding quotations",
            "counterclaims",
            "close reading",
            "peer review",
        ],
    },
    Subject {
        name: "Early Literacy K-2",
        id: "lit-k2",
        focus: "Phonics routines that stick",
        artifacts: &[
            "running records",
            "decodable reader notes",
            "a phonics screener",
            "writing samples from first grade",
        ],
        topics: &[
            "blending",
            "sight words",
            "fluency",
            "letter-sound knowledge",
            "guided reading",
        ],
    },
    Subject {
        name: "World History 8",
        id: "hist8",
        focus: "Reading primary sources",
        artifacts: &[
            "DBQ responses",
            "a source analysis sheet",
            "a timeline project",
            "a unit test on empires",
        ],
        topics: &[
            "sourcing",
            "contextualization",
            "causation",
            "corroboration",
            "historical empathy",
        ],
    },
    Subject {
        name: "Spanish 1-3",
        id: "spanish",
        focus: "Speaking with confidence",
        artifacts: &[
            "recorded oral assessments",
            "interpersonal speaking rubrics",
            "a writing portfolio",
            "a culture project",
        ],
        topics: &[
            "circumlocution",
            "the preterite",
            "interpersonal tasks",
            "comprehensible input",
            "vocabulary recycling",
        ],
    },
    Subject {
        name: "Grade 5 Team",
        id: "grade5",
        focus: "Math discourse across classrooms",
        artifacts: &[
            "number talk recordings",
            "fraction exit tickets",
            "a problem-solving task",
            "student self-assessments",
        ],
        topics: &[
            "fractions",
            "number talks",
            "area models",
            "multi-step problems",
            "math vocabulary",
        ],
    },
    Subject {
        name: "Special Education",
        id: "sped",
        focus: "Access to grade-level tasks",
        artifacts: &[
            "IEP progress notes",
            "a modified assessment",
            "a scaffolded reading guide",
            "behaviour data",
        ],
        topics: &[
            "accommodations",
            "co-teaching",
            "executive function",
            "goal tracking",
            "transitions",
        ],
    },
    Subject {
        name: "Biology 11",
        id: "bio11",
        focus: "Modelling in science",
        artifacts: &[
            "genetics models",
            "a lab on enzymes",
            "student-drawn ecosystem diagrams",
            "a common final",
        ],
        topics: &[
            "models",
            "enzymes",
            "genetics",
            "ecosystems",
            "experimental design",
        ],
    },
    Subject {
        name: "Arts Team",
        id: "arts",
        focus: "Critique that helps students revise",
        artifacts: &[
            "sketchbook pages",
            "a critique protocol handout",
            "portfolio reflections",
            "a rubric for the mural",
        ],
        topics: &[
            "critique",
            "revision",
            "artist statements",
            "composition",
            "self-assessment",
        ],
    },
];

const CAMPUSES: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Riverside",
    "Hillcrest",
    "Lakeview",
    "Oak Park",
    "Maple",
];

struct Group {
    gref: GroupRef,
    subject: &'static Subject,
    members: Vec<String>,
    norms: Vec<String>,
    weekday: Weekday,
    hour: u32,
    minute: u32,
    next_presenter: usize,
    /// How well the group keeps its norms at the start; it improves with time.
    culture: f64,
}

fn make_groups(rng: &mut Rng, count: usize) -> Vec<Group> {
    (0..count)
        .map(|i| {
            let subject = &SUBJECTS[i % SUBJECTS.len()];
            let round = i / SUBJECTS.len();
            let (name, id) = if round == 0 {
                (format!("{} PLG", subject.name), subject.id.to_string())
            } else {
                let campus = CAMPUSES[(round - 1) % CAMPUSES.len()];
                let n = (round - 1) / CAMPUSES.len();
                let suffix = if n == 0 {
                    String::new()
                } else {
                    format!("-{}", n + 1)
                };
                (
                    format!(
                        "{} PLG ({campus}{})",
                        subject.name,
                        if n == 0 {
                            String::new()
                        } else {
                            format!(" {}", n + 1)
                        }
                    ),
                    format!(
                        "{}-{}{suffix}",
                        subject.id,
                        campus.to_lowercase().replace(' ', "-")
                    ),
                )
            };
            let size = rng.range(6, 12) as usize;
            let mut members: Vec<String> = Vec::new();
            while members.len() < size {
                let person = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
                if !members.contains(&person) {
                    members.push(person);
                }
            }
            let mut norms = starter_norms();
            rng.shuffle(&mut norms);
            norms.truncate(rng.range(4, 6) as usize);
            Group {
                gref: GroupRef {
                    id,
                    name,
                    focus: Some(subject.focus.to_string()),
                },
                subject,
                members,
                norms,
                weekday: *rng.pick(&[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu]),
                hour: 15,
                minute: *rng.pick(&[0, 15, 30, 45]),
                next_presenter: 0,
                culture: 2.0 + rng.float() * 1.5,
            }
        })
        .collect()
}

/// The n-th (0-based) given weekday of a month.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, (n + 1) as u8)
}

/// Eastern time, roughly: daylight saving from April to October.
fn offset_for(date: NaiveDate) -> FixedOffset {
    let hours = if (4..=10).contains(&date.month()) {
        -4
    } else {
        -5
    };
    FixedOffset::east_opt(hours * 3600).unwrap_or(Utc.fix())
}

struct Slot {
    group: usize,
    start: DateTime<FixedOffset>,
}

/// Two meetings a month (first and third week), September to June, with
/// the odd one cancelled and the odd month with a third.
fn schedule(rng: &mut Rng, groups: &[Group], first_year: i32, years: i32) -> Vec<Slot> {
    let mut slots = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        for y in first_year..first_year + years {
            for (year, month) in (9..=12).map(|m| (y, m)).chain((1..=6).map(|m| (y + 1, m))) {
                let mut weeks = vec![0, 2];
                if rng.chance(0.06) {
                    weeks.push(3);
                }
                for w in weeks {
                    if rng.chance(0.07) {
                        continue;
                    }
                    let Some(date) = nth_weekday(year, month, g.weekday, w) else {
                        continue;
                    };
                    let offset = offset_for(date);
                    let Some(naive) = date.and_hms_opt(g.hour, g.minute, 0) else {
                        continue;
                    };
                    if let Some(start) = offset.from_local_datetime(&naive).single() {
                        slots.push(Slot { group: gi, start });
                    }
                }
            }
        }
    }
    slots.sort_by_key(|s| s.start);
    slots
}

fn fill(rng: &mut Rng, template: &str, g: &Group, people: &[String]) -> String {
    let mut out = template.to_string();
    for (key, pool) in [
        ("{topic}", g.subject.topics),
        ("{artifact}", g.subject.artifacts),
        ("{strategy}", STRATEGIES),
        ("{students}", STUDENTS),
    ] {
        while out.contains(key) {
            let word = rng_pick_str(rng, pool);
            out = out.replacen(key, word, 1);
        }
    }
    while out.contains("{person}") {
        let who = people
            .first()
            .map_or("someone", |_| rng.pick(people).as_str())
            .to_string();
        out = out.replacen("{person}", &who, 1);
    }
    out
}

const STRATEGIES: &[&str] = &[
    "sentence frames",
    "think-pair-share",
    "a worked example",
    "exit tickets",
    "a gallery walk",
    "color-coded annotations",
    "a checklist",
    "peer feedback",
    "mini-whiteboards",
    "a graphic organizer",
    "small-group reteaching",
    "a model answer",
    "cold calling with wait time",
];
const STUDENTS: &[&str] = &[
    "the English learners",
    "the students who finished early",
    "most of the class",
    "a few students",
    "the quieter students",
    "the students with IEPs",
    "about half the class",
    "the second-period group",
    "students who were absent last week",
];

fn note_templates(kind: &str) -> &'static [&'static str] {
    match kind {
        "warm" | "strength" | "factor" => &[
            "{strategy} clearly helped {students} with {topic}.",
            "The task asks for reasoning, not just answers — that shows in {artifact}.",
            "I love how {students} used {strategy} without being prompted.",
            "The rubric language matches what students actually wrote about {topic}.",
            "Strong link between the focusing question and {artifact}.",
            "Students are taking real risks in {artifact}; the classroom feels safe.",
        ],
        "cool" | "need" => &[
            "I wonder whether {students} understood what 'explain' means here.",
            "The directions for {artifact} could be shorter.",
            "Could {strategy} be faded out over the unit so students own it?",
            "Several responses stop after the first step of {topic}.",
            "I'm not sure the task needs both parts; the second repeats the first.",
            "What would it look like if students chose their own {topic} example?",
        ],
        "question" => &[
            "How much time did students have for {artifact}?",
            "Which students found {topic} hardest?",
            "Was {strategy} new to them or a routine?",
            "What happened in the lesson just before this?",
            "Did {students} get the same version of the task?",
            "How are you grading {artifact}?",
        ],
        "observation" | "evidence" => &[
            "Most answers name {topic} but do not define it.",
            "{students} wrote more when the prompt included {strategy}.",
            "Three samples use a diagram; none label the axes.",
            "Handwriting gets smaller toward the end of {artifact}.",
            "Nearly every response restates the question first.",
            "The strongest samples refer back to the data table.",
        ],
        "interpretation" | "inference" | "speculation" | "insight" => &[
            "Students may see {topic} as a procedure rather than an idea.",
            "Maybe {students} ran out of time rather than ideas.",
            "It looks like the vocabulary is the barrier, not the concept.",
            "The presenter's dilemma might really be about grading, not teaching.",
            "Students seem to trust {strategy} more than their own reasoning.",
            "Perhaps {topic} needs a concrete anchor before the abstract version.",
        ],
        "implication" | "action" | "idea" | "norm-idea" => &[
            "Try {strategy} at the start of the next unit on {topic}.",
            "Build a shared bank of model answers for {artifact}.",
            "Plan one lesson together on {topic} and observe each other teach it.",
            "Give {students} a second attempt after feedback.",
            "Agree on one common exit ticket for {topic} across classes.",
            "Bring back samples in three weeks to see what changed.",
        ],
        "prediction" => &[
            "I expect {students} to score lower on {topic}.",
            "Predict: fewer than half will show their reasoning.",
            "I think the gap will be widest on the open-response items.",
        ],
        "quote" | "connection" => &[
            "\"Feedback is a gift\" — this connects to how we run tuning.",
            "The line about 'productive struggle' reminded me of {students} last week.",
            "This passage says what I've been trying to say about {topic}.",
            "I chose this because it challenges how we use {strategy}.",
        ],
        "theme" => &[
            "Time: everyone mentions not having enough of it.",
            "Student voice keeps coming up.",
            "{topic} appears in almost every corner of the wall.",
            "Grading practices vary more than we thought.",
        ],
        _ => &[
            "Discussed {topic} and how {students} respond to {strategy}.",
            "{person} shared what worked with {artifact}.",
            "Agreed to revisit {topic} next time.",
            "Questions about pacing for {topic}.",
        ],
    }
}

const PLUS: &[&str] = &[
    "We stayed on time.",
    "Great questions during clarifying.",
    "The presenter brought real, unfinished work.",
    "Everyone spoke at least once.",
    "Snacks!",
    "The protocol kept us focused on students.",
    "Warm feedback was specific.",
    "Good use of the focusing question.",
];
const DELTAS: &[&str] = &[
    "Send the work out a day early.",
    "Shorter presentation so there is more time for feedback.",
    "Start on time: we lost five minutes.",
    "Keep laptops closed during discussion.",
    "More cool feedback, we were too polite.",
    "Print copies of the student work.",
    "Rotate the timekeeper role.",
];
const ACTIONS: &[&str] = &[
    "Share the revised {artifact} in the team folder",
    "Try {strategy} with {students} and bring samples",
    "Book the library for the common assessment",
    "Draft a shared rubric for {topic}",
    "Email the coach about observing a lesson",
    "Collect exit tickets on {topic} from every class",
];
const COMMENTS: &[&str] = &[
    "We ran five minutes over.",
    "Better than last time.",
    "Side conversations during feedback.",
    "Felt safe to share unfinished work.",
    "Two people did most of the talking.",
    "Phones stayed away all meeting.",
];
const QUESTIONS: &[&str] = &[
    "How do I get {students} to explain their thinking about {topic}?",
    "Does {artifact} measure what I think it measures?",
    "How can {strategy} support {students} without doing the thinking for them?",
    "What would make {artifact} more rigorous?",
    "Why do {students} stall on {topic}, and what should I try next?",
];

fn people_of(rng: &mut Rng, g: &Group) -> Attendance {
    let mut present = Vec::new();
    let mut absent = Vec::new();
    for m in &g.members {
        if rng.chance(0.12) {
            absent.push(m.clone());
        } else {
            present.push(m.clone());
        }
    }
    if present.len() < 3 {
        present.append(&mut absent);
    }
    let guests = if rng.chance(0.1) {
        vec![rng.pick(GUESTS).to_string()]
    } else {
        Vec::new()
    };
    Attendance {
        present,
        absent,
        guests,
        ..Attendance::default()
    }
}

struct Built {
    record: SessionRecord,
}

fn build(
    rng: &mut Rng,
    g: &mut Group,
    protocol: &Protocol,
    start: DateTime<FixedOffset>,
    progress: f64,
) -> Built {
    let rehearsal = rng.chance(0.005);
    let speed: u32 = if rehearsal {
        *rng.pick(&[10, 20, 30])
    } else {
        1
    };
    let attendance = if rehearsal {
        Attendance {
            present: vec![g.members[0].clone()],
            ..Attendance::default()
        }
    } else {
        people_of(rng, g)
    };
    let present = attendance.present.clone();
    let mut roles = vec![RoleAssignment {
        role: "facilitator".into(),
        person: g.members[0].clone(),
    }];
    let has_presenter = protocol.roles.iter().any(|r| r.id == "presenter");
    let mut presenter = None;
    if has_presenter && !rehearsal {
        // Rotate through the roster, skipping whoever is away today.
        for _ in 0..g.members.len() {
            let candidate = g.members[g.next_presenter % g.members.len()].clone();
            g.next_presenter += 1;
            if present.contains(&candidate) && candidate != g.members[0] {
                presenter = Some(candidate);
                break;
            }
        }
        if let Some(p) = &presenter {
            roles.push(RoleAssignment {
                role: "presenter".into(),
                person: p.clone(),
            });
        }
    }
    // Timekeeper and note-taker come from the others in the room.
    let helpers: Vec<String> = present
        .iter()
        .filter(|p| **p != g.members[0] && Some(*p) != presenter.as_ref())
        .cloned()
        .collect();
    if !rehearsal && helpers.len() >= 2 {
        let a = rng.range(0, helpers.len() as i64 - 1) as usize;
        let b = (a + rng.range(1, helpers.len() as i64 - 1) as usize) % helpers.len();
        roles.push(RoleAssignment {
            role: "timekeeper".into(),
            person: helpers[a].clone(),
        });
        roles.push(RoleAssignment {
            role: "note-taker".into(),
            person: helpers[b].clone(),
        });
    }
    let setup = Setup {
        group: Some(g.gref.clone()),
        norms: g.norms.clone(),
        attendance: attendance.clone(),
        roles,
        focusing_question: presenter.as_ref().map(|_| {
            let t = rng_pick_str(rng, QUESTIONS);
            fill(rng, t, g, &present)
        }),
        work: presenter
            .as_ref()
            .map(|_| format!("{} (names removed)", rng.pick(g.subject.artifacts))),
        ..Setup::default()
    };

    let t0 = start.with_timezone(&Utc);
    let rounds = Rounds::for_people(attendance.in_room());
    let mut m = Meeting::start(protocol.clone(), &rounds, t0);
    let steps = m.steps.len();
    let in_progress = !rehearsal && rng.chance(0.002);
    let ended_early = !rehearsal && !in_progress && rng.chance(0.04);
    let stop_at = if in_progress || ended_early {
        rng.range(1, steps as i64 - 1) as usize
    } else {
        steps
    };
    let note_target = rng.range(5, 40) as usize;
    // Phases that name their note kinds are where a note-taker writes; the
    // rest (introductions, getting started) rarely get a note.
    let named: Vec<usize> = (0..steps)
        .filter(|&i| m.phase_of(i).notes.is_some())
        .collect();
    let note_steps: Vec<usize> = if named.is_empty() {
        (0..steps).filter(|&i| kinds_for(&m, i).is_some()).collect()
    } else {
        named
    };
    let mut now = t0;
    for i in 0..stop_at.min(steps) {
        let planned = m.steps[i].planned.num_seconds() as f64;
        let factor = if rehearsal {
            1.0 / speed as f64
        } else {
            0.8 + rng.float() * 0.45
        };
        let length = TimeDelta::seconds((planned * factor).round() as i64);
        if !rehearsal && rng.chance(0.03) {
            m.update(Command::AddMinute, now + length / 3);
        }
        if !rehearsal && note_steps.contains(&i) {
            let share = note_target.div_ceil(note_steps.len().max(1));
            let count = rng.range(0, (share * 2) as i64) as usize;
            let kinds = kinds_for(&m, i).unwrap_or_default();
            for k in 0..count {
                let secs = length.num_seconds() * (k as i64 + 1) / (count as i64 + 1);
                let at = now + TimeDelta::seconds(secs);
                let kind = rng.pick(&kinds).clone();
                let t = rng_pick_str(rng, note_templates(&kind));
                let text = fill(rng, t, g, &present);
                m.update(Command::AddNote { kind, text }, at);
            }
        }
        if !rehearsal && rng.chance(0.02) {
            m.update(Command::TogglePause, now + length / 2);
            m.update(
                Command::TogglePause,
                now + length / 2 + TimeDelta::seconds(rng.range(30, 240)),
            );
        }
        now += length;
        if i + 1 < stop_at.min(steps) {
            m.update(Command::Next, now);
        }
    }
    let status = if in_progress {
        Status::InProgress
    } else {
        m.update(Command::End, now);
        if ended_early {
            Status::EndedEarly
        } else {
            Status::Completed
        }
    };

    let mut closing = Closing::for_norms(&g.norms);
    if !rehearsal && status == Status::Completed {
        for c in &mut closing.checkin {
            let level = g.culture + 1.5 * progress + (rng.float() - 0.5) * 1.6;
            c.rating = Some(level.round().clamp(0.0, 5.0) as u8);
            if rng.chance(0.25) {
                c.comment = Some(rng_pick_str(rng, COMMENTS).to_string());
            }
        }
        for _ in 0..rng.range(1, 3) {
            let p = rng_pick_str(rng, PLUS).to_string();
            if !closing.plus.contains(&p) {
                closing.plus.push(p);
            }
        }
        for _ in 0..rng.range(0, 2) {
            let text = rng_pick_str(rng, DELTAS).to_string();
            if closing.delta.iter().any(|d| d.text == text) {
                continue;
            }
            closing.delta.push(Delta {
                text,
                owner: rng.chance(0.5).then(|| rng.pick(&present).clone()),
            });
        }

        for _ in 0..rng.range(0, 3) {
            let t = rng_pick_str(rng, ACTIONS);
            let text = fill(rng, t, g, &present);
            closing.actions.push(ActionItem {
                text,
                owner: Some(rng.pick(&present).clone()),
                due: Some(start.date_naive() + TimeDelta::days(rng.range(7, 21))),
                done: rng.chance(0.35 + 0.6 * (1.0 - progress)),
            });
        }
    } else {
        closing
            .checkin
            .iter_mut()
            .for_each(|c: &mut NormRating| c.rating = None);
    }
    let saved = if status == Status::InProgress {
        now
    } else {
        m.ended_at.unwrap_or(now)
    };
    let record = SessionRecord::from_session(
        &SessionView {
            meeting: &m,
            setup: &setup,
            closing: &closing,
            status,
            draft: None,
            speed,
        },
        saved,
        *start.offset(),
    );
    Built { record }
}

fn rng_pick_str(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.range(0, items.len() as i64 - 1) as usize]
}

/// The note kinds a step offers, or `None` if it takes no notes.
fn kinds_for(m: &Meeting, step: usize) -> Option<Vec<String>> {
    let phase = m.phase_of(step);
    let kinds: Vec<String> = match &phase.notes {
        Some(list) => list.clone(),
        None if phase.checkin => return None,
        None => m.protocol.note_kinds.iter().map(|k| k.id.clone()).collect(),
    };
    (!kinds.is_empty()).then_some(kinds)
}

struct Args {
    count: usize,
    out: PathBuf,
    seed: u64,
    groups: Option<usize>,
}

fn parse_args() -> Result<Args, String> {
    let mut count = None;
    let mut out = None;
    let mut seed = 1;
    let mut groups = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--count" => count = Some(value()?.parse().map_err(|e| format!("--count: {e}"))?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--groups" => groups = Some(value()?.parse().map_err(|e| format!("--groups: {e}"))?),
            "-h" | "--help" => {
                return Err(
                    "usage: gen_sessions --count N --out DIR [--seed S] [--groups G]".into(),
                );
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        count: count.ok_or("--count N is required")?,
        out: out.ok_or("--out DIR is required")?,
        seed,
        groups,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_sessions: {e}");
            return ExitCode::from(2);
        }
    };
    let protocols: Vec<Protocol> = protocol::BUILTIN
        .iter()
        .filter_map(|(_, src)| protocol::check(src).value)
        .collect();
    // Commoner protocols come up more often, as they do in schools.
    let weights: Vec<(usize, u32)> = protocols
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let w = match p.id.as_str() {
                "tuning" | "consultancy" | "examining-student-work" => 5,
                "final-word" | "compass-points" => 1,
                _ => 2,
            };
            (i, w)
        })
        .collect();
    let total_weight: u32 = weights.iter().map(|(_, w)| w).sum();

    let mut rng = Rng(args.seed);
    // About 20 meetings per group per school year; more sessions means more groups
    // (a district), so the span stays at a few school years.
    let group_count = args
        .groups
        .unwrap_or(if args.count <= 2000 {
            20
        } else {
            args.count.div_ceil(100)
        })
        .max(1);
    let mut groups = make_groups(&mut rng, group_count);
    // One school year more than needed, since the current one (2026-27) has
    // only just begun: nothing is dated after the cut-off.
    let years = (args.count.div_ceil(group_count * 19)).max(1) as i32 + 1;
    let first_year = 2026 - years + 1;
    let cutoff = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let mut slots = schedule(&mut rng, &groups, first_year, years);
    slots.retain(|s| s.start.date_naive() <= cutoff);
    let skip = slots.len().saturating_sub(args.count);
    let span_start = slots.get(skip).map(|s| s.start);
    let span_end = slots.last().map(|s| s.start);

    if let Err(e) = store::ensure_dir(&args.out) {
        eprintln!("gen_sessions: {}: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    let mut written = 0;
    for slot in slots.iter().skip(skip) {
        let mut pick = rng.range(0, i64::from(total_weight) - 1) as u32;
        let mut chosen = 0;
        for (i, w) in &weights {
            if pick < *w {
                chosen = *i;
                break;
            }
            pick -= w;
        }
        let protocol = &protocols[chosen];
        let progress = match (span_start, span_end) {
            (Some(a), Some(b)) if b > a => {
                (slot.start - a).num_seconds() as f64 / (b - a).num_seconds() as f64
            }
            _ => 0.5,
        };
        let group = &mut groups[slot.group];
        let built = build(&mut rng, group, protocol, slot.start, progress);
        let path = store::session_path(
            &args.out,
            built.record.started_at,
            Some(&group.gref.id),
            &protocol.id,
        );
        if let Err(e) = store::save(&path, &built.record) {
            eprintln!("gen_sessions: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        written += 1;
    }
    println!(
        "wrote {written} sessions for {} groups ({}–{}) to {}",
        groups.len(),
        span_start
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        span_end
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        args.out.display()
    );
    ExitCode::SUCCESS
}
