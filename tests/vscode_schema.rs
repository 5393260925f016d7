//! The VS Code extension's settings (`contributes.configuration` in editors/vscode/package.json)
//! are generated from the server's settings schema (`src/config/schema.rs`). This test fails when
//! they drift; `UPDATE_EXPECT=1 cargo test --test vscode_schema` rewrites the file (review the diff).
//! Its commands, and the Neovim plugin's, cover every command the server advertises.

use std::path::Path;

use modelfit::config::schema::vscode_configuration;
use serde_json::Value;

#[test]
fn vscode_package_json_settings_match_the_server_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode/package.json");
    let text = std::fs::read_to_string(&path).expect("read editors/vscode/package.json");
    let mut package: Value = serde_json::from_str(&text).expect("package.json is JSON");
    let expected = vscode_configuration();
    if package["contributes"]["configuration"] == expected {
        return;
    }
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        package["contributes"]["configuration"] = expected;
        let rewritten = serde_json::to_string_pretty(&package).expect("serialize") + "\n";
        std::fs::write(&path, rewritten).expect("write package.json");
        return;
    }
    panic!(
        "editors/vscode/package.json `contributes.configuration` differs from src/config/schema.rs; \
         run `UPDATE_EXPECT=1 cargo test --test vscode_schema` and review the diff"
    );
}

/// The palette command of VS Code (and the string the Neovim plugin sends) for each server
/// command: both draft variants are one palette entry, which picks by the selection.
fn palette_command(server: &str) -> String {
    let name = server.strip_prefix("modelfit.").expect("server commands start with `modelfit.`");
    let name = if name == "draftInsert" || name == "draftReplace" { "draft" } else { name };
    format!("modelfit.editor.{name}")
}

/// Every command the server advertises can be run from the VS Code palette (contributed with a
/// title, shown in the palette, registered by the extension's source) and from Neovim (the plugin
/// sends it): a new server command cannot ship without its editor entries.
#[test]
fn editor_clients_offer_every_server_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("editors/vscode/package.json")).expect("read package.json");
    let package: Value = serde_json::from_str(&text).expect("package.json is JSON");
    let contributed = package["contributes"]["commands"].as_array().expect("contributes.commands");
    let palette = package["contributes"]["menus"]["commandPalette"].as_array().expect("menus.commandPalette");
    let source: String = ["extension.ts", "commands.ts"]
        .iter()
        .map(|f| std::fs::read_to_string(root.join("editors/vscode/src").join(f)).expect("read extension source"))
        .collect();
    let nvim = std::fs::read_to_string(root.join("editors/nvim/lua/modelfit/init.lua")).expect("read the nvim plugin");
    for server in modelfit::server::handlers::assist::commands() {
        let id = palette_command(&server);
        let entry = contributed.iter().find(|c| c["command"] == id.as_str());
        let entry = entry.unwrap_or_else(|| panic!("package.json contributes no `{id}` for `{server}`"));
        assert_eq!(entry["category"], "modelfit", "{entry}");
        assert!(entry["title"].as_str().is_some_and(|t| !t.is_empty()), "`{id}` has no title");
        assert!(palette.iter().any(|p| p["command"] == id.as_str()), "`{id}` is not in menus.commandPalette");
        assert!(source.contains(&format!("'{id}'")), "editors/vscode/src registers no `{id}`");
        assert!(source.contains(&format!("'{server}'")), "editors/vscode/src never sends `{server}`");
        assert!(nvim.contains(&format!("'{server}'")), "the Neovim plugin never sends `{server}`");
    }
}
