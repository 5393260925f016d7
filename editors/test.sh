#!/usr/bin/env bash
# Every editor end-to-end test, installs included (idempotent): Emacs eglot, Neovim 0.11 and VS Code
# (code-server + headless Chromium). One llama.cpp server (SmolLM2) is shared by the draft steps.
# Prints each test's duration; exits 1 if any failed. EDITORS_REPEAT=N runs each test N times.
# Logs and screenshots: $CARGO_TARGET_DIR/editor-e2e/<editor>/.
set -uo pipefail
cd "$(dirname "$0")"
source ./support.sh

t=$SECONDS
./install.sh || { echo "editors: install failed" >&2; exit 1; }
echo "editors: install took $((SECONDS - t)) s"
t=$SECONDS
(cd "$REPO_DIR" && cargo build --locked --quiet) || exit 1
echo "editors: cargo build took $((SECONDS - t)) s"
t=$SECONDS
ensure_llama || exit 1
echo "editors: llama.cpp server up at $MODELFIT_LLAMA_URL in $((SECONDS - t)) s"

failed=()
summary=()
for run in 1 $(seq 2 "${EDITORS_REPEAT:-1}"); do
  for test in emacs/run.sh nvim/test/run.sh vscode/e2e/run.sh; do
    t=$SECONDS
    if "./$test" >"/tmp/modelfit-editor-test.$$.log" 2>&1; then status=PASS; else status=FAIL; failed+=("$test#$run"); fi
    line="editors: $status $test (run $run) in $((SECONDS - t)) s"
    summary+=("$line")
    echo "$line"
    [ "$status" = FAIL ] && tail -40 "/tmp/modelfit-editor-test.$$.log"
  done
done
rm -f "/tmp/modelfit-editor-test.$$.log"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "editors: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "editors: all passed"
