#!/usr/bin/env bash
# The whole test suite, as CI runs it. Installs nothing today: every test of the foundation needs
# only the Rust toolchain. Later suites (model servers, editors) add their installs here, so this
# stays the one command a newcomer runs.
set -euo pipefail
cd "$(dirname "$0")/.."
# The real llama.cpp server and model for the model-call tests (tests/llm_llama.rs).
scripts/install-llama.sh
cargo test --locked --all-targets
# Editor end-to-end tests (VS Code in code-server + Chromium, Neovim 0.11, Emacs eglot); installs
# what they need on first run (editors/install.sh) and prints each test's duration.
./editors/test.sh
