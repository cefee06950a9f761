#!/usr/bin/env bash
# Runs a command with Node >= 22.22 first on PATH (see scripts/lib/node.sh): the npm scripts go through it, so
# `npm run X` runs on Node 24 even when npm itself was started by an older system Node.
set -euo pipefail
source "$(dirname "$0")/lib/node.sh"
exec "$@"
