# Sourced by every script: puts a Node >= 22.22 first on PATH. Wharf runs on Node 24 LTS; where the system Node is
# older (Debian's 20, end of life), the official Node 24 binary is installed from the npm registry package
# node-linux-<arch> into the ignored .cache/node, and every later step (npm ci, build, tests, demo, bench) runs on it.
node_root=${node_root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 22) ? 0 : 1)'
}
if ! node_ok; then
  case $(uname -m) in x86_64) node_arch=x64 ;; aarch64) node_arch=arm64 ;; *) node_arch=$(uname -m) ;; esac
  node_cache="$node_root/.cache/node"
  node_bin="$node_cache/node_modules/node-linux-$node_arch/bin"
  if [[ ! -x $node_bin/node ]]; then
    echo "[node] system Node is $(node -v 2>/dev/null || echo missing); installing Node 24 LTS (npm package node-linux-$node_arch@24) into .cache/node" >&2
    mkdir -p "$node_cache"
    npm install --prefix "$node_cache" --no-save --no-audit --no-fund --no-package-lock --loglevel=error "node-linux-$node_arch@24" >&2
  fi
  export PATH="$node_bin:$PATH"
  node_ok || { echo "[node] could not provide Node >= 22.22 (got $(node -v))" >&2; return 1 2>/dev/null || exit 1; }
fi
