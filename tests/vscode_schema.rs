//! The VS Code extension's settings (`contributes.configuration` in editors/vscode/package.json)
//! are generated from the server's settings schema (`src/config/schema.rs`). This test fails when
//! they drift; `UPDATE_EXPECT=1 cargo test --test vscode_schema` rewrites the file (review the diff).

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
