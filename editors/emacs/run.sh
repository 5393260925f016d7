#!/usr/bin/env bash
# Emacs eglot smoke test (Debian emacs-nox + elpa-eglot): diagnostics arrive, a quick fix applies.
# Report: $CARGO_TARGET_DIR/editor-e2e/emacs/result.json.
set -euo pipefail
source "$(dirname "$0")/../support.sh"
OUT=${OUT:-$(dirname "$(dirname "$(modelfit_bin)")")/editor-e2e/emacs}
rm -rf "$OUT" && mkdir -p "$OUT"
# No model calls here, so the workspace's modelfit.toml needs no running llama server.
MODELFIT_LLAMA_URL=${MODELFIT_LLAMA_URL:-http://127.0.0.1:9/v1} make_workspace "$OUT/workspace"
cd "$OUT/workspace"
set +e
HOME="$OUT" MODELFIT_BIN="$(modelfit_bin)" RESULT_JSON="$OUT/result.json" \
  timeout 120 emacs --batch -Q -l "$EDITORS_DIR/emacs/eglot-test.el" </dev/null 2>&1 | tee "$OUT/e2e.log"
rc=${PIPESTATUS[0]}
set -e
cat "$OUT/result.json" 2>/dev/null; echo
exit "$rc"
