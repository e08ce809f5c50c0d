#!/usr/bin/env bash
# The legacy order screen in a store with HPOS off: `npm run test:legacy-screen`.
#
#  1. starts a NEW store whose orders are posts (ECSTER_OM_ORDER_STORAGE=posts; instance "legacy",
#     WordPress 8894, sandbox 8795 unless ECSTER_OM_ENV / WP_ENV_PORT / ECSTER_SANDBOX_PORT say
#     otherwise), through bin/test-e2e.sh;
#  2. runs tests/e2e/specs/legacy-order-screen.spec.ts there (debit from post.php with Completed
#     + Update, the note and the panel's state);
#  3. stops and forgets that store (database, site copy, sandbox), also when the spec fails.
#
# Playwright arguments pass through. Without WordPress + WooCommerce it prints one "SKIP" line.
set -uo pipefail
# shellcheck source=lib/paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/paths.sh"
cd "$ECSTER_OM_ROOT"

if ! have_woocommerce; then
	echo "SKIP legacy-screen: $(woocommerce_missing_reason)"
	exit 0
fi

export ECSTER_OM_ENV="${ECSTER_OM_ENV:-legacy}"
export WP_ENV_PORT="${WP_ENV_PORT:-8894}"
export ECSTER_SANDBOX_PORT="${ECSTER_SANDBOX_PORT:-8795}"
export ECSTER_OM_ORDER_STORAGE=posts
cleanup() {
	node bin/env.mjs reset >/dev/null 2>&1 || true
}
trap cleanup EXIT

# A fresh store: forget any earlier one of this instance, then let test-e2e.sh start it.
node bin/env.mjs reset >/dev/null 2>&1 || true
unset ECSTER_OM_KEEP_ENV
bash bin/test-e2e.sh specs/legacy-order-screen.spec.ts "$@"
