#!/usr/bin/env bash
# PHP integration tests inside real WordPress + WooCommerce (WordPress Playground, PHP in
# WebAssembly, SQLite, HPOS on), with the plugin active and a fresh Ecster sandbox.
#
#   npm run test:php:integration                       # every tests/php/integration/**/*Test.php
#   npm run test:php:integration -- --filter Debit     # PHPUnit arguments pass through
#
# Environment: ECSTER_OM_WP_CORE, ECSTER_OM_WC_DIR (see bin/lib/paths.sh), ECSTER_OM_ENV
# (names the throwaway site copy, default "phpunit"), ECSTER_OM_JUNIT (write a JUnit XML report).
# Without WordPress + WooCommerce it prints one "SKIP" line and exits 0.
set -euo pipefail
# shellcheck source=lib/paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/paths.sh"
cd "$ECSTER_OM_ROOT"

if ! have_woocommerce; then
	echo "SKIP php-integration: $(woocommerce_missing_reason)"
	exit 0
fi
[ -f "$PLAYGROUND_CLI" ] || { echo "php-integration: @wp-playground/cli is missing; run npm ci" >&2; exit 1; }
[ -d /usr/share/php/PHPUnit ] || { echo "php-integration: PHPUnit (Debian package phpunit) is missing: apt-get install phpunit" >&2; exit 1; }

ENV_NAME="${ECSTER_OM_ENV:-phpunit}"
RUN_DIR="$ECSTER_OM_HOME/instances/$ENV_NAME-integration"
SITE="$RUN_DIR/wordpress"
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR/run" "$SITE"
# A throwaway copy of the core: Playground writes wp-config.php and the SQLite database into it.
cp -a "$ECSTER_OM_WP_CORE/." "$SITE/"
rm -f "$SITE/wp-config.php"
mkdir -p "$SITE/wp-content/plugins/woocommerce" "$SITE/wp-content/plugins/ecster-order-management" "$SITE/wp-content/mu-plugins"

SANDBOX_PORT="$(free_port)"
SANDBOX_LOG="$RUN_DIR/run/sandbox.log"
ECSTER_SANDBOX_PORT="$SANDBOX_PORT" ECSTER_SANDBOX_STATE="$RUN_DIR/run/sandbox-state.json" \
	setsid node_modules/.bin/tsx ecster-sandbox/src/cli.ts >"$SANDBOX_LOG" 2>&1 </dev/null &
SANDBOX_PID=$!
cleanup() {
	kill -TERM -- "-$SANDBOX_PID" 2>/dev/null || kill -TERM "$SANDBOX_PID" 2>/dev/null || true
}
trap cleanup EXIT
if ! wait_for_http "http://127.0.0.1:$SANDBOX_PORT/sandbox/health" 60; then
	echo "php-integration: the Ecster sandbox did not start on port $SANDBOX_PORT:" >&2
	tail -20 "$SANDBOX_LOG" >&2
	exit 1
fi

cat >"$RUN_DIR/run/runtime.json" <<JSON
{ "sandboxUrl": "http://127.0.0.1:$SANDBOX_PORT", "apiUrl": "http://127.0.0.1:$SANDBOX_PORT/rest/public/" }
JSON
cat >"$RUN_DIR/run/blueprint.json" <<JSON
{
  "preferredVersions": { "php": "${ECSTER_OM_PHP_VERSION:-8.2}", "wp": "latest" },
  "steps": [
    { "step": "defineWpConfigConsts", "consts": { "ECSTER_OM_API_URL": "http://127.0.0.1:$SANDBOX_PORT/rest/public/", "WP_ENVIRONMENT_TYPE": "local", "WP_DEBUG": true, "WP_DEBUG_LOG": true, "WP_DEBUG_DISPLAY": false } },
    { "step": "activatePlugin", "pluginPath": "woocommerce/woocommerce.php" },
    { "step": "activatePlugin", "pluginPath": "ecster-order-management/ecster-order-management.php" }
  ]
}
JSON

ARGS=( -c /ecster-om/tests/php/integration/phpunit.xml )
if [ -n "${ECSTER_OM_JUNIT:-}" ]; then
	mkdir -p "$(dirname "$ECSTER_OM_JUNIT")"
	ARGS+=( --log-junit /ecster-om-run/junit.xml )
fi

set +e
node "$PLAYGROUND_CLI" php \
	--mount-dir-before-install "$SITE" /wordpress \
	--mount-dir-before-install "$ECSTER_OM_WC_DIR" /wordpress/wp-content/plugins/woocommerce \
	--mount-dir-before-install "$ECSTER_OM_ROOT/plugin" /wordpress/wp-content/plugins/ecster-order-management \
	--mount-dir-before-install "$ECSTER_OM_ROOT/tests/env/mu-plugins" /wordpress/wp-content/mu-plugins \
	--mount-dir-before-install "$ECSTER_OM_ROOT" /ecster-om \
	--mount-dir-before-install "$RUN_DIR/run" /ecster-om-run \
	--mount-dir-before-install /usr/share/php /usr/share/php \
	--wordpress-install-mode install-from-existing-files-if-needed \
	--blueprint "$RUN_DIR/run/blueprint.json" \
	-- /ecster-om/tests/php/integration/run.php "${ARGS[@]}" "$@" 2>&1 \
	| grep -v -e 'default worker count has been reduced' -e '^$'
status=${PIPESTATUS[0]}
set -e
if [ -n "${ECSTER_OM_JUNIT:-}" ] && [ -f "$RUN_DIR/run/junit.xml" ]; then
	cp "$RUN_DIR/run/junit.xml" "$ECSTER_OM_JUNIT"
fi
if [ -s "$SITE/wp-content/debug.log" ] && grep -q -E 'PHP (Fatal|Warning|Notice|Deprecated).*ecster-order-management' "$SITE/wp-content/debug.log"; then
	echo "php-integration: PHP notices from the plugin in debug.log:" >&2
	grep -E 'PHP (Fatal|Warning|Notice|Deprecated).*ecster-order-management' "$SITE/wp-content/debug.log" | head -20 >&2
	[ "$status" -ne 0 ] || status=1
fi
exit "$status"
