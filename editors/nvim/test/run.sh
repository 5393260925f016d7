#!/usr/bin/env bash
# The Neovim end-to-end test (test/e2e.lua) in headless Neovim 0.11.4 installed by editors/install.sh.
# Report and logs: $CARGO_TARGET_DIR/editor-e2e/nvim/.
set -euo pipefail
source "$(dirname "$0")/../../support.sh"
OUT=${OUT:-$(dirname "$(dirname "$(modelfit_bin)")")/editor-e2e/nvim}
NVIM=${NVIM:-$EDITORS_CACHE/nvim-0.11.4/bin/nvim}
rm -rf "$OUT" && mkdir -p "$OUT"
ensure_llama
make_workspace "$OUT/workspace"
cd "$OUT/workspace"
# Isolated state so runs never share ~/.local/state/nvim/lsp.log.
export XDG_STATE_HOME="$OUT/state" XDG_DATA_HOME="$OUT/data" XDG_CONFIG_HOME="$OUT/config" XDG_CACHE_HOME="$OUT/cache"
set +e
MODELFIT_BIN="$(modelfit_bin)" RESULT_JSON="$OUT/result.json" timeout 330 "$NVIM" --headless --clean \
  -u "$EDITORS_DIR/nvim/test/e2e.lua" </dev/null 2>&1 | tee "$OUT/e2e.log"
rc=${PIPESTATUS[0]}
set -e
cat "$OUT/result.json" 2>/dev/null; echo
exit "$rc"
