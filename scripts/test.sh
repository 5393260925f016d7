#!/usr/bin/env bash
# The whole test suite, as CI runs it, and the one command a newcomer runs. It installs what the
# tests need on first run (idempotent, cached afterwards): the llama.cpp server and SmolLM2 model
# for the model-call tests, and the editors for their end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# The real llama.cpp server and model for the model-call tests (tests/llm_llama.rs).
scripts/install-llama.sh
cargo test --locked --all-targets
# Editor end-to-end tests (VS Code in code-server + Chromium, Neovim 0.11, Emacs eglot); installs
# what they need on first run (editors/install.sh) and prints each test's duration.
./editors/test.sh
