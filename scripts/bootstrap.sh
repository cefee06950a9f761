#!/usr/bin/env bash
# Installs what Wharf's demo and tests need on a fresh machine: npm packages, and (as root, from Debian)
# Chromium for the browser tests and kcat, the reference Kafka client the tests compare against.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/lib/node.sh
log() { echo "[bootstrap] $*" >&2; }

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

missing=()
command -v kcat >/dev/null || missing+=(kcat)
# nginx: the load balancer in front of the replicas in the scale-out tests (test/replicas).
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
[[ ${WHARF_NEEDS_CHROMIUM:-1} == 1 ]] && ! command -v chromium >/dev/null && missing+=(chromium)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    log "missing ${missing[*]}: install them with your package manager (Debian: apt-get install ${missing[*]})"
    exit 1
  fi
  log "installing ${missing[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
