//! Embeds the built-in protocols, agendas and themes so plg runs with nothing installed.
//! Listing the folders here (rather than by hand in the source) means a new
//! file in `protocols/` or `themes/` cannot be forgotten.

use std::{env, fs, io, path::Path};

fn embed(folder: &str, out_name: &str) -> io::Result<()> {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?).join(folder);
    println!("cargo::rerun-if-changed={}", dir.display());
    let out = Path::new(&env::var("OUT_DIR").map_err(io::Error::other)?).join(out_name);
    // A folder that is not in this checkout yet (themes arrive with the runner)
    // embeds nothing rather than failing every build.
    if !dir.is_dir() {
        return fs::write(out, "&[]\n");
    }
    let mut files: Vec<_> = fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut code = String::from("&[\n");
    for path in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("]\n");
    fs::write(out, code)
}

fn main() -> io::Result<()> {
    embed("protocols", "protocols.rs")?;
    embed("agendas", "agendas.rs")?;
    embed("themes", "themes.rs")
}
