#!/usr/bin/env bash
# The VS Code end-to-end test: builds and packages the extension, then drives code-server in
# headless Chromium (e2e.mjs). Screenshots and logs: $CARGO_TARGET_DIR/editor-e2e/vscode/.
# Needs editors/install.sh to have run and `cargo build` to have built the binary.
set -euo pipefail
source "$(dirname "$0")/../../support.sh"
OUT=${OUT:-$(dirname "$(dirname "$(modelfit_bin)")")/editor-e2e/vscode}
rm -rf "$OUT" && mkdir -p "$OUT"
cd "$EDITORS_DIR/vscode"
npm run --silent build
npx vsce package --out "$OUT/modelfit.vsix" </dev/null >"$OUT/vsce.log" 2>&1 || { cat "$OUT/vsce.log"; exit 1; }
ensure_llama
make_workspace "$OUT/workspace"
CODE_SERVER="$EDITORS_CACHE/code-server-4.100.3/node_modules/.bin/code-server" VSIX="$OUT/modelfit.vsix" \
  MODELFIT_BIN="$(modelfit_bin)" WORKSPACE="$OUT/workspace" OUT="$OUT" \
  node "$EDITORS_DIR/vscode/e2e/e2e.mjs" 2>&1 | tee "$OUT/e2e.log"
exit "${PIPESTATUS[0]}"
