//! `plg new protocol|agenda|group|theme` and `plg schema`.
//!
//! Every starter file begins with a yaml-language-server modeline pointing
//! at a schema written beside it, in `.schemas/` of the same folder, by a
//! relative path: the starter and its schema can be shared or moved
//! together, and an editor completes keys wherever the folder goes. The
//! folder may be shared, so the schema is written like every other file
//! (see [`write_schema_beside`]).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::catalog::Origin;
use crate::files::{self, Access, Follow};
use crate::schema::Kind;

use super::{CommandError, CommandResult, Ctx};

/// The largest schema file plg reads back to compare it; its own are a few KiB.
const MAX_SCHEMA_BYTES: u64 = 1024 * 1024;

/// `plg schema [KIND]`: the schema on stdout.
pub fn schema(kind: Kind, out: &mut dyn Write) -> CommandResult {
    out.write_all(kind.text().as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Protocols and agendas share one namespace: a new file of one kind may
/// not take an id the other kind has, or `plg run ID` would refuse both.
fn not_taken(
    id: &str,
    kind: &str,
    other: &str,
    origin: Option<&Origin>,
) -> Result<(), CommandError> {
    match origin {
        None => Ok(()),
        Some(o) => Err(CommandError::Usage(format!(
            "`{id}` is already {}; protocols and agendas share one namespace, so {} with that id could not be run by it: pick another id, e.g. `{id}-{kind}`",
            super::agendas::where_is(other, o),
            if kind == "agenda" {
                "an agenda"
            } else {
                "a protocol"
            }
        ))),
    }
}

pub fn protocol(ctx: &Ctx, id: &str, out: &mut dyn Write) -> CommandResult {
    super::new_id(id, "protocol")?;
    let agendas = super::agendas::catalog(ctx);
    not_taken(id, "protocol", "agenda", agendas.get(id).map(|e| &e.origin))?;
    let dir = ctx.paths.protocols_dir();
    let text = crate::protocol::starter(id, &format!(".schemas/{}", Kind::Protocol.file_name()));
    starter(&dir, id, &text, Kind::Protocol, Access::Public, out)
}

pub fn agenda(ctx: &Ctx, id: &str, out: &mut dyn Write) -> CommandResult {
    super::new_id(id, "agenda")?;
    let protocols = super::protocols::catalog(ctx);
    not_taken(
        id,
        "agenda",
        "protocol",
        protocols.get(id).map(|e| &e.origin),
    )?;
    let dir = ctx.paths.agendas_dir();
    let text = crate::agenda::starter(id, &format!(".schemas/{}", Kind::Agenda.file_name()));
    starter(&dir, id, &text, Kind::Agenda, Access::Public, out)
}

pub fn group(ctx: &Ctx, id: &str, out: &mut dyn Write) -> CommandResult {
    super::new_id(id, "group")?;
    let dir = ctx.paths.groups_dir();
    let text = format!("{}\n{}", Kind::Group.modeline(), crate::group::starter(id));
    // A roster names colleagues: private, like the records.
    starter(&dir, id, &text, Kind::Group, Access::Private, out)
}

pub fn theme(ctx: &Ctx, id: &str, out: &mut dyn Write) -> CommandResult {
    super::new_id(id, "theme")?;
    let dir = ctx.paths.themes_dir();
    starter(
        &dir,
        id,
        &theme_starter(id),
        Kind::Theme,
        Access::Public,
        out,
    )
}

/// Writes the schema, then the starter `DIR/ID.yaml` (never over anything).
/// The schema comes first, so that a folder where it is refused gets no
/// starter pointing at nothing.
fn starter(
    dir: &Path,
    id: &str,
    text: &str,
    kind: Kind,
    access: Access,
    out: &mut dyn Write,
) -> CommandResult {
    files::ensure_dir(dir, access)?;
    if write_schema_beside(dir, kind)? == SchemaWrite::Differs {
        writeln!(
            out,
            "Left {} as it is (another plg's schema); `plg schema {}` prints this plg's.",
            crate::term_text::escape(
                &dir.join(".schemas")
                    .join(kind.file_name())
                    .display()
                    .to_string()
            ),
            kind.word()
        )?;
    }
    super::write_new(
        &dir.join(format!("{id}.yaml")),
        text,
        kind.word(),
        access,
        out,
    )
}

/// What [`write_schema_beside`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaWrite {
    Created,
    /// The file held this plg's schema already.
    Unchanged,
    /// The file holds another plg's schema (its `$id` is plg's), left as
    /// it is: someone else may have written it.
    Differs,
}

/// Writes `DIR/.schemas/KIND.schema.json`.
///
/// The folder may be shared, so: `.schemas` must be a real folder (a link
/// there is refused, wherever it points); a schema file that is a link, a
/// FIFO or a device is refused; a regular file with the same bytes is left
/// alone, and so is one that differs but is a plg schema (its `$id` is
/// plg's: another version's, or one a colleague wrote); any other file is
/// refused. plg never writes over a file it did not create this run.
pub fn write_schema_beside(dir: &Path, kind: Kind) -> Result<SchemaWrite, CommandError> {
    let folder = dir.join(".schemas");
    match std::fs::symlink_metadata(&folder) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(refused(
                &folder,
                "is a link; plg writes schemas only into a real folder",
            ));
        }
        Ok(m) if !m.is_dir() => return Err(refused(&folder, "is not a folder")),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            files::ensure_dir(&folder, Access::Public)?;
        }
        Err(e) => return Err(e.into()),
    }
    let path = folder.join(kind.file_name());
    let text = kind.text();
    match files::read_capped(&path, MAX_SCHEMA_BYTES, Follow::Never) {
        Err(e) if e.is_not_found() => {
            files::create_new(&path, text.as_bytes(), Access::Public)?;
            Ok(SchemaWrite::Created)
        }
        Err(files::ReadError::Io(e)) => Err(e.into()),
        Err(e) => Err(refused(&path, &format!("is {}", reason(&e)))),
        Ok(bytes) if bytes == text.as_bytes() => Ok(SchemaWrite::Unchanged),
        Ok(bytes) if is_plg_schema(&bytes, kind) => Ok(SchemaWrite::Differs),
        Ok(_) => Err(refused(
            &path,
            "is not a schema plg wrote, and plg never replaces a file it did not create",
        )),
    }
}

/// A read error as the end of "FILE is …".
fn reason(e: &files::ReadError) -> String {
    match e {
        files::ReadError::Link => "a link, not a file".into(),
        files::ReadError::NotRegular(what) => format!("{what}, not a regular file"),
        other => format!("unreadable ({other})"),
    }
}

fn refused(path: &Path, why: &str) -> CommandError {
    CommandError::Failed(format!(
        "{} {why}. Move it away and try again; nothing was written.",
        path.display()
    ))
}

/// Whether `bytes` are a schema of this kind written by some plg.
fn is_plg_schema(bytes: &[u8], kind: Kind) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .is_ok_and(|v| v.get("$id").and_then(|i| i.as_str()) == Some(kind.id().as_str()))
}

/// The starter `plg new theme ID` writes: every colour, commented out, so a
/// theme starts as the default and changes only what is uncommented.
pub(crate) fn theme_starter(id: &str) -> String {
    let mut s = format!(
        "{}\n# A plg colour theme. Any colour left out (or commented out) comes from the\n\
         # built-in `default` theme. Check it with `plg check`, try it with\n\
         # `plg run tuning --theme {id} --speed 20`. A colour is a name (red,\n\
         # light-blue, dark-gray, …), \"#rrggbb\" (quoted: # starts a comment),\n\
         # a palette number 0-255, or reset (the terminal's own).\n\
         id: {id}                    # lowercase letters, digits and '-'; also the file name\n\
         name: {}\n\
         description: What this theme is for, in one line.\n\
         colors:\n",
        Kind::Theme.modeline(),
        crate::yaml::decode::title_case(id),
    );
    for (key, what) in crate::theme::COLOR_KEYS {
        let value = match *key {
            "accent" => "light-yellow",
            "clock_overtime" => "\"#ff6a6a\"",
            _ => {
                s.push_str(&format!("  # {key}: white    # {what}\n"));
                continue;
            }
        };
        s.push_str(&format!("  {key}: {value}    # {what}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_starter_is_a_valid_theme_that_changes_two_colours() {
        let src = theme_starter("room-204");
        assert!(src.starts_with("# yaml-language-server: $schema=.schemas/theme.schema.json\n"));
        let checked = crate::theme::check(&src);
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
        let t = checked.value.unwrap_or_else(crate::theme::Theme::fallback);
        assert_eq!(t.id, "room-204");
        assert_eq!(t.name, "Room 204");
        let default = crate::theme::Palette::DEFAULT;
        assert_eq!(t.palette.accent, ratatui::style::Color::LightYellow);
        assert_eq!(
            t.palette.clock_overtime,
            ratatui::style::Color::Rgb(0xff, 0x6a, 0x6a)
        );
        assert_eq!(t.palette.text, default.text);
        for (key, _) in crate::theme::COLOR_KEYS {
            assert!(src.contains(&format!("{key}: ")), "{key} is not offered");
        }
    }

    #[test]
    fn a_group_starter_with_its_modeline_is_still_a_valid_group() {
        let text = format!(
            "{}\n{}",
            Kind::Group.modeline(),
            crate::group::starter("math9")
        );
        let checked = crate::group::check(&text);
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    }

    #[test]
    fn only_plg_schemas_of_the_same_kind_are_recognised() {
        assert!(is_plg_schema(Kind::Group.text().as_bytes(), Kind::Group));
        assert!(!is_plg_schema(Kind::Theme.text().as_bytes(), Kind::Group));
        assert!(!is_plg_schema(b"{\"title\": \"mine\"}", Kind::Group));
        assert!(!is_plg_schema(b"not json", Kind::Group));
    }
}
