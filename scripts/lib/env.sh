# Shared environment for the project's scripts (sourced, not run).
# Caches live outside the clone so a second clone or run reuses them.
MODELMINT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODELMINT_CACHE="${MODELMINT_CACHE:-$HOME/.cache/modelmint}"
# Node >= 22 comes from the `node` devDependency; put it first on PATH.
export PATH="$MODELMINT_ROOT/node_modules/.bin:$MODELMINT_CACHE/tools/bin:$PATH"
export MODELMINT_ROOT MODELMINT_CACHE
mkdir -p "$MODELMINT_CACHE"

log() { printf '\033[1m[%s]\033[0m %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }
