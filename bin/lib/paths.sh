# shellcheck shell=bash
# Where the project finds WordPress and WooCommerce, shared by every bin/ script.
# Override any of these in the environment; README.md documents them.
ECSTER_OM_HOME="${ECSTER_OM_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/ecster-om}"
ECSTER_OM_WP_CORE="${ECSTER_OM_WP_CORE:-$ECSTER_OM_HOME/wordpress}"
ECSTER_OM_WC_DIR="${ECSTER_OM_WC_DIR:-$ECSTER_OM_HOME/woocommerce}"
ECSTER_OM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PLAYGROUND_CLI="$ECSTER_OM_ROOT/node_modules/@wp-playground/cli/wp-playground.js"

# wp_version_of DIR: prints the WordPress version of a core folder, or nothing.
wp_version_of() {
	[ -f "$1/wp-includes/version.php" ] || return 0
	sed -n "s/^\$wp_version = '\([^']*\)'.*/\1/p" "$1/wp-includes/version.php"
}
# wc_version_of DIR: prints the WooCommerce version of a plugin folder, or nothing.
wc_version_of() {
	[ -f "$1/woocommerce.php" ] || return 0
	sed -n 's/^ \* Version: *\([0-9.]*\).*/\1/p' "$1/woocommerce.php" | head -n 1
}
# have_woocommerce: true when both a WordPress core and WooCommerce are present.
have_woocommerce() {
	[ -n "$(wp_version_of "$ECSTER_OM_WP_CORE")" ] && [ -n "$(wc_version_of "$ECSTER_OM_WC_DIR")" ]
}
# woocommerce_missing_reason: one line saying what is missing and how to provide it.
woocommerce_missing_reason() {
	if [ -z "$(wp_version_of "$ECSTER_OM_WP_CORE")" ]; then
		echo "no WordPress core at $ECSTER_OM_WP_CORE (run 'npm run setup', or set ECSTER_OM_WP_CORE)"
	else
		echo "no WooCommerce at $ECSTER_OM_WC_DIR (copy the woocommerce plugin folder there, or set ECSTER_OM_WC_DIR; see README)"
	fi
}
# native_missing_packages: prints the Debian packages the native runtime (bin/lib/native.mjs) still
# needs, space-separated; nothing when MariaDB and PHP with mysqli, curl, gd and zip are there.
native_missing_packages() {
	local missing=() series loaded ext
	PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" command -v mariadbd >/dev/null \
		|| PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" command -v mysqld >/dev/null \
		|| missing+=(mariadb-server)
	if command -v php >/dev/null; then
		series="$(php -r 'echo PHP_MAJOR_VERSION . "." . PHP_MINOR_VERSION;')"
		loaded="$(php -m | tr 'A-Z' 'a-z')"
		for ext in mysqli curl gd zip; do
			grep -qx "$ext" <<<"$loaded" || missing+=("php$series-${ext/mysqli/mysql}")
		done
	else
		missing+=(php8.2-cli php8.2-mysql php8.2-curl php8.2-gd php8.2-zip)
	fi
	echo "${missing[*]}"
}
# native_ready: true when the native runtime can run a store (mysqld, and PHP with mysqli).
native_ready() {
	local missing
	missing=" $(native_missing_packages) "
	[[ "$missing" != *" mariadb-server "* && "$missing" != *-cli\ * && "$missing" != *-mysql\ * ]]
}
# free_port: prints a free TCP port on 127.0.0.1.
free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
# wait_for_http URL SECONDS: waits until URL answers 2xx/3xx.
wait_for_http() {
	local url="$1" deadline=$(( $(date +%s) + $2 ))
	until curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.3
	done
}
