//! `plg man`: one manual page, plg(1), generated from the same command
//! definitions as `--help`, so the two never disagree.
//!
//! clap_mangen writes a page per command and points at `plg-run(1)` and
//! the like; plg installs one page, so each subcommand gets a section of
//! it instead (synopsis, description, options, examples), and the
//! pointers name those sections.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_mangen::Man;

use super::CommandResult;

pub fn run(out: &mut dyn Write) -> CommandResult {
    // Rendered into memory and written in one go: a closed pipe is one error.
    out.write_all(page()?.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The whole page, as roff.
pub fn page() -> std::io::Result<String> {
    let mut cli = crate::cli::Cli::command();
    cli.build();
    let mut page = render(&cli, |man, w| man.render(w))?;
    // The subcommand list names sections of this page, not other pages.
    for sub in cli.get_subcommands() {
        page = page.replace(
            &format!("plg\\-{}(1)", sub.get_name().replace('-', "\\-")),
            &format!("\\fBplg {}\\fR", sub.get_name().replace('-', "\\-")),
        );
    }
    // The top-level examples, kept one per line.
    if let Some(after) = cli.get_after_help() {
        page = drop_extra_section(&page);
        page.push_str(".SH EXAMPLES\n");
        page.push_str(&verbatim(&after.to_string()));
    }
    // clap's own `help` subcommands say nothing --help does not.
    let shown = |s: &&clap::Command| !s.is_hide_set() && s.get_name() != "help";
    for sub in cli.get_subcommands().filter(shown) {
        section(&mut page, &format!("plg {}", sub.get_name()), sub, ".SH")?;
        for inner in sub.get_subcommands().filter(shown) {
            section(
                &mut page,
                &format!("plg {} {}", sub.get_name(), inner.get_name()),
                inner,
                ".SS",
            )?;
        }
    }
    Ok(page)
}

/// One command's part of the page under `heading` (a `.SH` or `.SS`), its
/// own sections one level down.
fn section(
    page: &mut String,
    title: &str,
    cmd: &clap::Command,
    heading: &str,
) -> std::io::Result<()> {
    page.push_str(&format!("{heading} \"{}\"\n", title.to_uppercase()));
    // The options that work everywhere are listed once, under OPTIONS.
    let cmd = &cmd
        .clone()
        .mut_args(|a| if a.is_global_set() { a.hide(true) } else { a });
    let parts = render(cmd, |man, w| {
        man.render_synopsis_section(w)?;
        man.render_description_section(w)?;
        if cmd.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(w)?;
        }
        Ok(())
    })?;
    // Each render starts with the same preamble; the page has it once.
    let preamble = |l: &str| l.starts_with(".ie \\n(.g .ds Aq") || l.starts_with(".el .ds Aq");
    for line in parts.lines().filter(|l| !preamble(l)) {
        match line.strip_prefix(".SH ") {
            // Inside a section, the command's own headings are sub-headings.
            Some(name) => page.push_str(&format!(".SS {}\n", title_case(name.trim_matches('"')))),
            None => {
                page.push_str(line);
                page.push('\n');
            }
        }
    }
    if let Some(after) = cmd.get_after_help() {
        page.push_str(".PP\n");
        page.push_str(&verbatim(&after.to_string()));
    }
    Ok(())
}

fn render(
    cmd: &clap::Command,
    f: impl FnOnce(&Man, &mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<String> {
    let man = Man::new(cmd.clone());
    let mut bytes = Vec::new();
    f(&man, &mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// clap_mangen's EXTRA section runs the examples together into one
/// paragraph; [`page`] writes them itself, line by line.
fn drop_extra_section(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut skipping = false;
    for line in page.lines() {
        if line.starts_with(".SH ") {
            skipping = line == ".SH EXTRA";
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Text shown line for line (examples, paths), escaped for roff.
fn verbatim(text: &str) -> String {
    let mut s = String::from(".nf\n");
    for line in text.lines() {
        let line = line.replace('\\', "\\e").replace('-', "\\-");
        // A line starting with . or ' would be read as a request.
        if line.starts_with(['.', '\'']) {
            s.push_str("\\&");
        }
        s.push_str(&line);
        s.push('\n');
    }
    s.push_str(".fi\n");
    s
}

/// `OPTIONS` → `Options`.
fn title_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_one_page_with_a_section_per_subcommand() {
        let page = page().unwrap();
        assert!(page.contains(".TH plg 1"), "{page}");
        assert!(!page.contains("(1)\n"), "no pointers to other pages");
        assert!(!page.contains(".SH EXTRA"));
        assert!(
            !page.contains("HELP\""),
            "no sections for clap's help subcommands"
        );
        for heading in [
            ".SH \"PLG RUN\"",
            ".SH \"PLG EXPORT\"",
            ".SH \"PLG SCHEMA\"",
            ".SS \"PLG NEW THEME\"",
            ".SS \"PLG LOGS SHOW\"",
        ] {
            assert!(page.contains(heading), "{heading} missing");
        }
        assert!(page.contains("\\fBplg export\\fR"));
        // Options that work everywhere are described once.
        assert_eq!(page.matches("\\fBPLG_HOME\\fR environment").count(), 1);
        // Examples stay one per line, and the preamble is there once.
        assert!(page.contains("\nExamples:\n  plg run tuning\n"), "{page}");
        assert_eq!(page.matches(".ds Aq").count(), 2, "{page}");
    }

    #[test]
    fn verbatim_text_cannot_issue_requests() {
        assert_eq!(
            verbatim(".rm x\n'ab\nplain"),
            ".nf\n\\&.rm x\n\\&'ab\nplain\n.fi\n"
        );
        assert_eq!(verbatim("a\\b --c"), ".nf\na\\eb \\-\\-c\n.fi\n");
    }
}
