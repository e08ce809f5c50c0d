#!/usr/bin/env bash
# PHP integration tests inside real WordPress + WooCommerce (HPOS on), with the plugin active and a
# fresh Ecster sandbox: on the native runtime (the machine's PHP + Debian's PHPUnit against a freshly
# installed site with its own MariaDB) when it is installed, else in WordPress Playground (PHP in
# WebAssembly, SQLite).
#
#   npm run test:php:integration                       # every tests/php/integration/**/*Test.php
#   npm run test:php:integration -- --filter Debit     # PHPUnit arguments pass through
#   ECSTER_OM_RUNTIME=playground npm run test:php:integration   # force a runtime (native|playground)
#
# Environment: ECSTER_OM_WP_CORE, ECSTER_OM_WC_DIR (see bin/lib/paths.sh), ECSTER_OM_ENV
# (names the throwaway site, "<name>-integration", default "phpunit", "phpunit-<storage>" for a
# storage other than hpos), ECSTER_OM_ORDER_STORAGE (how the site stores orders: hpos, the
# default; posts, legacy storage with HPOS off; hpos-sync, HPOS with compatibility mode on),
# ECSTER_OM_JUNIT (write a JUnit XML report). The site is made anew on every run and its
# processes stopped afterwards. Without WordPress + WooCommerce it prints one "SKIP" line and exits 0.
#
#   ECSTER_OM_ORDER_STORAGE=posts npm run test:php:integration -- --group storage
set -euo pipefail
# shellcheck source=lib/paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/paths.sh"
cd "$ECSTER_OM_ROOT"

if ! have_woocommerce; then
	echo "SKIP php-integration: $(woocommerce_missing_reason)"
	exit 0
fi
[ -d /usr/share/php/PHPUnit ] || { echo "php-integration: PHPUnit (Debian package phpunit) is missing: apt-get install phpunit" >&2; exit 1; }

RUNTIME="${ECSTER_OM_RUNTIME:-}"
if [ "$RUNTIME" != native ] && [ "$RUNTIME" != playground ]; then
	if native_ready; then
		RUNTIME=native
	else
		RUNTIME=playground
		echo "php-integration: the native runtime needs $(native_missing_packages) (npm run setup); using Playground."
	fi
fi

STORAGE="${ECSTER_OM_ORDER_STORAGE:-hpos}"
case "$STORAGE" in
	hpos | posts | hpos-sync) ;;
	*)
		echo "php-integration: ECSTER_OM_ORDER_STORAGE must be hpos, posts or hpos-sync, got \"$STORAGE\"." >&2
		exit 2
		;;
esac
export ECSTER_OM_ORDER_STORAGE="$STORAGE"
if [ "$STORAGE" = hpos ]; then
	ENV_NAME="${ECSTER_OM_ENV:-phpunit}"
else
	ENV_NAME="${ECSTER_OM_ENV:-phpunit-$STORAGE}"
fi
INSTANCE="$ENV_NAME-integration"
RUN_DIR="$ECSTER_OM_HOME/instances/$INSTANCE"
SITE="$RUN_DIR/wordpress"
SANDBOX_PID=
cleanup() {
	if [ -n "$SANDBOX_PID" ]; then
		kill -TERM -- "-$SANDBOX_PID" 2>/dev/null || kill -TERM "$SANDBOX_PID" 2>/dev/null || true
	fi
	if [ "$RUNTIME" = native ]; then
		ECSTER_OM_ENV="$INSTANCE" node bin/env.mjs stop >/dev/null || true
	fi
}
trap cleanup EXIT

if [ "$RUNTIME" = native ]; then
	# A running site of an earlier, interrupted run goes first.
	ECSTER_OM_ENV="$INSTANCE" node bin/env.mjs stop >/dev/null
fi
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR/run"

SANDBOX_PORT="$(free_port)"
SANDBOX_LOG="$RUN_DIR/run/sandbox.log"
ECSTER_SANDBOX_PORT="$SANDBOX_PORT" ECSTER_SANDBOX_STATE="$RUN_DIR/run/sandbox-state.json" \
	setsid node_modules/.bin/tsx ecster-sandbox/src/cli.ts >"$SANDBOX_LOG" 2>&1 </dev/null &
SANDBOX_PID=$!
if ! wait_for_http "http://127.0.0.1:$SANDBOX_PORT/sandbox/health" 60; then
	echo "php-integration: the Ecster sandbox did not start on port $SANDBOX_PORT:" >&2
	tail -20 "$SANDBOX_LOG" >&2
	exit 1
fi
cat >"$RUN_DIR/run/runtime.json" <<JSON
{ "sandboxUrl": "http://127.0.0.1:$SANDBOX_PORT", "apiUrl": "http://127.0.0.1:$SANDBOX_PORT/rest/public/" }
JSON

set +e
if [ "$RUNTIME" = native ]; then
	# MariaDB of its own and the store installed (no web server: the tests run WordPress in-process).
	# ECSTER_OM_DEV_STORE=0: the API points at the sandbox, and nothing else is preset.
	if ! ECSTER_OM_ENV="$INSTANCE" ECSTER_OM_RUNTIME=native ECSTER_OM_DEV_STORE=0 \
		WP_ENV_PORT="$(free_port)" ECSTER_SANDBOX_PORT="$SANDBOX_PORT" node bin/env.mjs site; then
		echo "php-integration: the native site could not be prepared (see above)." >&2
		exit 1
	fi
	ARGS=( -c "${ECSTER_OM_PHPUNIT_CONFIG:-tests/php/integration/phpunit.xml}" )
	if [ -n "${ECSTER_OM_JUNIT:-}" ]; then
		mkdir -p "$(dirname "$ECSTER_OM_JUNIT")"
		ARGS+=( --log-junit "$RUN_DIR/run/junit.xml" )
	fi
	echo "php-integration: native runtime, PHP $(php -r 'echo PHP_VERSION;') + MariaDB, order storage $STORAGE, site $SITE"
	ECSTER_OM_WP_ROOT="$SITE" ECSTER_OM_RUN_DIR="$RUN_DIR/run" \
		php -d memory_limit=1G -d sendmail_path="$(type -P true || echo /bin/true)" tests/php/integration/run.php "${ARGS[@]}" "$@"
	status=$?
else
	[ -f "$PLAYGROUND_CLI" ] || { echo "php-integration: @wp-playground/cli is missing; run npm ci" >&2; exit 1; }
	mkdir -p "$SITE"
	# A throwaway copy of the core: Playground writes wp-config.php and the SQLite database into it.
	cp -a "$ECSTER_OM_WP_CORE/." "$SITE/"
	rm -f "$SITE/wp-config.php"
	mkdir -p "$SITE/wp-content/plugins/woocommerce" "$SITE/wp-content/plugins/ecster-order-management" "$SITE/wp-content/mu-plugins"
	cat >"$RUN_DIR/run/blueprint.json" <<JSON
{
  "preferredVersions": { "php": "${ECSTER_OM_PHP_VERSION:-8.2}", "wp": "latest" },
  "steps": [
    { "step": "defineWpConfigConsts", "consts": { "ECSTER_OM_API_URL": "http://127.0.0.1:$SANDBOX_PORT/rest/public/", "ECSTER_OM_ORDER_STORAGE": "$STORAGE", "WP_ENVIRONMENT_TYPE": "local", "WP_DEBUG": true, "WP_DEBUG_LOG": true, "WP_DEBUG_DISPLAY": false } },
    { "step": "activatePlugin", "pluginPath": "woocommerce/woocommerce.php" },
    { "step": "activatePlugin", "pluginPath": "ecster-order-management/ecster-order-management.php" }
  ]
}
JSON
	# Inside Playground the site is mounted at /wordpress and the run folder at /ecster-om-run
	# (bootstrap.php's defaults).
	ARGS=( -c /ecster-om/tests/php/integration/phpunit.xml )
	if [ -n "${ECSTER_OM_JUNIT:-}" ]; then
		mkdir -p "$(dirname "$ECSTER_OM_JUNIT")"
		ARGS+=( --log-junit /ecster-om-run/junit.xml )
	fi
	echo "php-integration: Playground runtime (PHP in WebAssembly + SQLite), order storage $STORAGE, site $SITE"
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
fi
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
