#!/usr/bin/env bash
# End-to-end tests (Playwright, Debian's Chromium, headless) against the local environment.
#
#   npm run test:e2e                                  # every spec
#   npm run test:e2e -- specs/settings.spec.ts        # Playwright arguments pass through
#
# Uses the instance named by ECSTER_OM_ENV (default "e2e", WordPress on WP_ENV_PORT=8889, sandbox
# on ECSTER_SANDBOX_PORT=8791). When that instance is not running it is started fresh (env:reset
# + env:start, on the runtime env:start chooses: native when installed, ECSTER_OM_RUNTIME forces
# one) and stopped afterwards; a running one is reused and left running. The runtime in use is
# passed on (ECSTER_OM_RUNTIME_IN_USE): the Playwright timeouts depend on it.
# Without WordPress + WooCommerce it prints one "SKIP" line and exits 0.
set -uo pipefail
# shellcheck source=lib/paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/paths.sh"
cd "$ECSTER_OM_ROOT"

if ! have_woocommerce; then
	echo "SKIP e2e: $(woocommerce_missing_reason)"
	exit 0
fi
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
	echo "e2e: no Chromium at $CHROMIUM; install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH." >&2
	exit 1
fi

export ECSTER_OM_ENV="${ECSTER_OM_ENV:-e2e}"
export WP_ENV_PORT="${WP_ENV_PORT:-8889}"
export ECSTER_SANDBOX_PORT="${ECSTER_SANDBOX_PORT:-8791}"
export WP_BASE_URL="http://localhost:$WP_ENV_PORT"
export ECSTER_SANDBOX_URL="http://127.0.0.1:$ECSTER_SANDBOX_PORT"
export CHROMIUM_PATH="$CHROMIUM"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The specs make their own orders.
export ECSTER_OM_DEMO_ORDERS="${ECSTER_OM_DEMO_ORDERS:-0}"

started_here=0
status_text="$(node bin/env.mjs status)"
if ! grep -q '^WordPress: running' <<<"$status_text"; then
	node bin/env.mjs reset >/dev/null
	if ! node bin/env.mjs start; then
		echo "e2e: the environment did not start (see above)." >&2
		exit 1
	fi
	started_here=1
fi
ECSTER_OM_RUNTIME_IN_USE="$(node bin/env.mjs status | sed -n 's/^runtime: *\([a-z]*\).*/\1/p')"
export ECSTER_OM_RUNTIME_IN_USE
echo "e2e: instance $ECSTER_OM_ENV on the ${ECSTER_OM_RUNTIME_IN_USE:-unknown} runtime, $WP_BASE_URL"

npx playwright test -c tests/e2e/playwright.config.ts "$@"
status=$?

if [ "$started_here" -eq 1 ] && [ -z "${ECSTER_OM_KEEP_ENV:-}" ]; then
	node bin/env.mjs stop >/dev/null
fi
exit "$status"
