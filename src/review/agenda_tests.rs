//! An agenda meeting read back: `logs show`, Markdown, HTML, CSV and JSON
//! list its items, their times and what was decided in each; a protocol
//! run alone shows as it always has.

use crate::record::SessionRecord;
use crate::record::agenda_meeting::{DECIDED, record};

use super::actions::ItemStates;
use super::export::{CsvTable, ExportFormat, Exported, render};
use super::{detail, html, markdown};

const ID: &str = "2026-11-23T1530_g_weekly";

fn export(r: &SessionRecord, format: ExportFormat, table: CsvTable) -> String {
    let one = [Exported {
        id: ID.into(),
        record: r.clone(),
    }];
    render(&one, format, table, &ItemStates::default()).unwrap()
}

/// The line holding `needle`, and the lines after it.
fn after<'a>(text: &'a str, needle: &str) -> &'a str {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in:\n{text}"));
    &text[at..]
}

#[test]
fn logs_show_lists_each_item_with_its_times_and_its_decisions() {
    let r = record(1);
    let text = detail::render_text(ID, &r);
    assert!(text.starts_with("Weekly PLG meeting — Grade 9 Math PLG (g)\n"));
    let items = after(
        &text,
        "Agenda items and their outcomes (time planned / actual; 2 notes)\n",
    );
    let lines: Vec<&str> = items.lines().skip(1).take(12).collect();
    assert_eq!(lines[0], "  1. Connection  5:00 / 7:00  over", "{text}");
    assert_eq!(lines[1], "       nothing recorded");
    assert_eq!(lines[2], "  2. Consultancy  50:00 / 50:00", "{text}");
    assert!(lines[3].starts_with("       The dilemma"), "{text}");
    let logistics = after(items, "  3. Logistics  5:00 / 5:00\n");
    let mut l = logistics.lines().skip(1);
    assert_eq!(l.next(), Some("       Decisions"));
    assert_eq!(
        l.next().map(str::trim),
        Some(format!("16:28  {DECIDED}").as_str())
    );
    assert!(after(&text, "  4. Plus/delta").contains("nothing recorded"));
    // Action items stay the meeting's, after the items.
    assert!(after(logistics, "\nAction items\n").contains("Book the library"));
    assert!(!text.contains("\nNotes ("), "no second list of the notes");

    // The phase table groups the protocol's phases under its item.
    let phases: Vec<&str> = after(&text, "Phases (").lines().skip(1).take(4).collect();
    assert_eq!(
        phases[0], "  Connection              15:30 / 15:30    5:00 / 7:00    over",
        "{text}"
    );
    assert_eq!(phases[1], "  Consultancy");
    assert!(
        phases[2].starts_with("    The dilemma           15:35 / 15:37"),
        "{text}"
    );
    assert!(
        after(&text, "  Debrief ").contains("\n  Logistics               16:25 / 16:27"),
        "{text}"
    );
}

#[test]
fn a_protocol_run_alone_shows_no_item_heading() {
    let r = crate::record::parse(include_str!(
        "../../tests/fixtures/sessions/2026-12-01T1530_math9_tuning-v5.yaml"
    ))
    .unwrap();
    let text = detail::render_text(ID, &r);
    assert!(text.contains("\nNotes (4)\n"), "{text}");
    assert!(!text.contains("Agenda items"));
    let md = markdown::render_session(ID, &r);
    assert!(md.contains("### Notes\n") && !md.contains("Agenda items"));
    let page = html::render_sessions("t", &[(ID, &r)], &ItemStates::default());
    assert!(page.contains("<h3>Notes (4)</h3>") && !page.contains("Agenda items"));
    let json = export(&r, ExportFormat::Json, CsvTable::Notes);
    assert!(!json.contains("item_outcomes"));
    // The CSV's item is the protocol, the one item the meeting had.
    let csv = export(&r, ExportFormat::Csv, CsvTable::Notes);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .trim_end()
            .ends_with(",\"Which students had \"\"extra time\"\", and why?\",Tuning Protocol"),
        "{csv}"
    );
}

#[test]
fn markdown_and_html_list_the_items_then_each_item_s_outcomes() {
    let r = record(1);
    let md = markdown::render_session(ID, &r);
    let table = after(&md, "### Agenda items\n");
    assert!(
        table.contains("| 1 | Connection | — | 5:00 | 7:00 (over) |"),
        "{md}"
    );
    assert!(table.contains("| 2 | Consultancy | consultancy | 50:00 | 50:00 |"));
    let logistics = after(&md, "#### 3. Logistics (5:00 / 5:00)\n");
    assert!(
        logistics.starts_with(&format!(
            "#### 3. Logistics (5:00 / 5:00)\n\n**Decisions**\n\n- 16:28 {DECIDED}\n"
        )),
        "{md}"
    );
    assert!(after(&md, "#### 1. Connection").contains("Nothing recorded."));
    assert!(!md.contains("### Notes\n"));
    assert!(
        md.contains("| **Consultancy** | | | | |\n| ↳ The dilemma | 15:35 | 15:37 |"),
        "{md}"
    );
    assert!(md.contains("\n| Logistics | 16:25 |"), "{md}");

    let page = html::render_sessions("t", &[(ID, &r)], &ItemStates::default());
    assert!(page.contains("<h3>Agenda items</h3>"));
    assert!(page.contains(
        "<tr><td class=\"num\">1</td><td>Connection</td><td>—</td><td class=\"num\">5:00</td><td class=\"num over\">7:00</td></tr>"
    ), "{page}");
    assert!(page.contains(
        "<tr><th colspan=\"5\" class=\"item\">Consultancy</th></tr>\n<tr><td class=\"sub\">The dilemma</td>"
    ));
    let logistics = after(
        &page,
        "<h4>3. Logistics <span class=\"note\">5:00 / 5:00</span></h4>",
    );
    assert!(logistics.contains(&format!(
        "<p class=\"kind\">Decisions</p>\n<ul>\n<li><span class=\"time\">16:28</span>{DECIDED}</li>"
    )));
}

#[test]
fn csv_and_json_name_the_item_of_each_note() {
    let r = record(1);
    let csv = export(&r, ExportFormat::Csv, CsvTable::Notes);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("session_id,date,group,protocol,phase,kind,time,text,item")
    );
    let rows: Vec<&str> = lines.map(str::trim_end).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].contains(",weekly,The dilemma,note,"), "{csv}");
    assert!(rows[0].ends_with(",Consultancy"), "{csv}");
    assert!(
        rows[1].ends_with(&format!(
            ",weekly,Logistics,decision,16:28,{DECIDED},Logistics"
        )),
        "{csv}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&export(&r, ExportFormat::Json, CsvTable::Notes)).unwrap();
    let one = &json[0];
    assert_eq!(one["agenda"]["id"], "weekly");
    let items = one["item_outcomes"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["name"], "Connection");
    assert_eq!(items[0]["actual_seconds"], 420);
    assert_eq!(items[0]["planned_seconds"], 300);
    assert_eq!(items[1]["protocol"], "consultancy");
    let decided = items[2]["notes"].as_array().unwrap();
    assert_eq!(decided.len(), 1);
    let note = &one["notes"][decided[0].as_u64().unwrap() as usize];
    assert_eq!(
        (&note["kind"], &note["text"]),
        (&"decision".into(), &DECIDED.into())
    );
    // The items as written in the record come along too.
    assert_eq!(one["items"][3]["name"], "Plus/delta");
}
