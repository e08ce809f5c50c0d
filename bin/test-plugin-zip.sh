#!/usr/bin/env bash
# The release zip in a fresh store: `npm run test:plugin-zip`.
#
#  1. npm run plugin-zip (into a temporary folder; builds first when plugin/build is stale);
#  2. unzips it and starts a NEW store (instance "zip", WordPress 8892, sandbox 8793 unless
#     ECSTER_OM_ENV / WP_ENV_PORT / ECSTER_SANDBOX_PORT say otherwise) whose plugin folder is the
#     unzipped ecster-order-management/ (ECSTER_OM_PLUGIN_DIR);
#  3. runs tests/e2e/specs/plugin-zip.spec.ts there (deactivate and activate on the Plugins screen,
#     the settings screen, an Ecster order's panel), then stops and forgets that store.
#
# Playwright arguments pass through. Without WordPress + WooCommerce it prints one "SKIP" line.
set -uo pipefail
# shellcheck source=lib/paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/paths.sh"
cd "$ECSTER_OM_ROOT"

if ! have_woocommerce; then
	echo "SKIP plugin-zip: $(woocommerce_missing_reason)"
	exit 0
fi

TMP="$(mktemp -d)"
export ECSTER_OM_ENV="${ECSTER_OM_ENV:-zip}"
export WP_ENV_PORT="${WP_ENV_PORT:-8892}"
export ECSTER_SANDBOX_PORT="${ECSTER_SANDBOX_PORT:-8793}"
cleanup() {
	node bin/env.mjs reset >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT

node bin/plugin-zip.mjs --out "$TMP/ecster-order-management.zip" || exit 1
unzip -q "$TMP/ecster-order-management.zip" -d "$TMP/unzipped" || { echo "plugin-zip: the zip does not unzip" >&2; exit 1; }
export ECSTER_OM_PLUGIN_DIR="$TMP/unzipped/ecster-order-management"

# A fresh store: forget any earlier one of this instance, then let test-e2e.sh start it.
node bin/env.mjs reset >/dev/null 2>&1 || true
unset ECSTER_OM_KEEP_ENV
bash bin/test-e2e.sh specs/plugin-zip.spec.ts "$@"
