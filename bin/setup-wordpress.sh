#!/usr/bin/env bash
# Prepares what the local environment and the tests need from WordPress and WooCommerce,
# offline, from the package registries this project can reach. Safe to run again.
#
#  - WordPress core at $ECSTER_OM_WP_CORE (default ~/.cache/ecster-om/wordpress): kept when present;
#    otherwise from Composer's registry when it has a current release (roots/wordpress-no-content,
#    johnpbloch/wordpress-core), else from Debian's `wordpress` package (6.1.9; enough for the
#    plugin's own screens, not for WooCommerce 9.9, which needs WordPress 6.7).
#  - WooCommerce at $ECSTER_OM_WC_DIR (default ~/.cache/ecster-om/woocommerce): WooCommerce is in
#    no registry reachable offline. When it is missing this says so and how to provide it; with
#    ECSTER_OM_WC_ZIP=/path/to/woocommerce.zip it is unpacked there.
#  - The PHP tools (PHPStan, PHPCS, stubs, the WP-CLI framework) into tools/php/vendor with Composer,
#    when reachable.
#  - The native runtime's Debian packages (MariaDB, PHP's mysqli, curl, gd and zip extensions): installed
#    with apt-get when run as root, otherwise named so you can install them. No database is created
#    here and the system's MariaDB is never touched: each instance gets its own data folder under
#    $ECSTER_OM_HOME/instances/<name>/native at `npm run env:start`.
set -uo pipefail
# shellcheck source=lib/paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/paths.sh"
cd "$ECSTER_OM_ROOT"
mkdir -p "$ECSTER_OM_HOME"
T0=$(date +%s)

say() { printf '[setup] %s\n' "$*"; }

core_from_composer() {
	command -v composer >/dev/null || return 1
	local tmp pkg
	tmp="$(mktemp -d)"
	for pkg in roots/wordpress-no-content johnpbloch/wordpress-core; do
		if timeout 120 composer create-project --no-interaction --no-install --no-scripts --quiet "$pkg" "$tmp/core" >/dev/null 2>&1 \
			&& [ -f "$tmp/core/wp-includes/version.php" ]; then
			rm -rf "$ECSTER_OM_WP_CORE" && mv "$tmp/core" "$ECSTER_OM_WP_CORE"
			say "WordPress $(wp_version_of "$ECSTER_OM_WP_CORE") from Composer ($pkg)"
			rm -rf "$tmp"
			return 0
		fi
		rm -rf "$tmp/core"
	done
	rm -rf "$tmp"
	return 1
}

core_from_debian() {
	command -v apt-get >/dev/null || return 1
	local tmp
	tmp="$(mktemp -d)"
	( cd "$tmp" && apt-get download wordpress libjs-underscore libjs-cropper php-getid3 wordpress-theme-twentytwentythree >/dev/null 2>&1 ) || {
		say "apt-get download wordpress failed (run 'apt-get update' first?)"
		rm -rf "$tmp"
		return 1
	}
	mkdir -p "$tmp/root"
	for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$tmp/root"; done
	rm -rf "$ECSTER_OM_WP_CORE"
	# -L resolves Debian's symlinks into /usr/share/javascript etc.; the dangling .htaccess link is left out.
	cp -rL "$tmp/root/usr/share/wordpress" "$ECSTER_OM_WP_CORE" 2>/dev/null || true
	rm -f "$ECSTER_OM_WP_CORE/wp-config.php" "$ECSTER_OM_WP_CORE/.htaccess"
	rm -rf "$tmp"
	[ -n "$(wp_version_of "$ECSTER_OM_WP_CORE")" ] || return 1
	say "WordPress $(wp_version_of "$ECSTER_OM_WP_CORE") from Debian's wordpress package (WooCommerce 9.9 needs 6.7 or newer)"
}

# 0. The native runtime's packages (bin/lib/native.mjs).
missing="$(native_missing_packages)"
if [ -z "$missing" ]; then
	say "native runtime: $("$(PATH="$PATH:/usr/sbin:/usr/local/sbin" command -v mariadbd || PATH="$PATH:/usr/sbin:/usr/local/sbin" command -v mysqld)" --version | sed -n 's/.*Ver \([0-9.]*\).*/MariaDB \1/p'), PHP $(php -r 'echo PHP_VERSION;') with mysqli, curl, gd, zip"
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
	say "native runtime: installing $missing (apt-get)"
	# shellcheck disable=SC2086 # one package per word
	if DEBIAN_FRONTEND=noninteractive apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
		say "native runtime: installed $missing"
	else
		say "native runtime: apt-get install $missing failed; npm run env:start falls back to Playground"
	fi
else
	say "native runtime: missing $missing. Install them (as root):"
	say "    apt-get update && apt-get install -y --no-install-recommends $missing"
	say "  Until then npm run env:start uses wp-env's Playground runtime (slower)."
fi

# 1. WordPress core. The tested version (6.9) comes from wordpress.org when it is reachable, checked
#    against its published checksums (bin/lib/fetch-wordpress.mjs); a core older than that (such as
#    Debian's 6.1.9) is replaced then. Offline: Composer's registry, then Debian's package.
version_below() { [ "$1" != "$2" ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" = "$1" ]; }
core_found="$(wp_version_of "$ECSTER_OM_WP_CORE")"
if [ -n "$core_found" ] && ! version_below "$core_found" 6.9; then
	say "WordPress $core_found found at $ECSTER_OM_WP_CORE"
elif node bin/lib/fetch-wordpress.mjs core "$ECSTER_OM_WP_CORE" 6.9; then
	:
elif [ -n "$core_found" ]; then
	say "keeping WordPress $core_found at $ECSTER_OM_WP_CORE (older than the tested 6.9: WooCommerce 9.9 will not run on it)"
else
	say "no WordPress at $ECSTER_OM_WP_CORE and wordpress.org not usable; trying Composer's registry, then Debian's package"
	core_from_composer || core_from_debian || say "could not prepare a WordPress core."
	if version_below "$(wp_version_of "$ECSTER_OM_WP_CORE")" 6.9; then
		say "  The tested WordPress is 6.9: unzip https://wordpress.org/wordpress-6.9.zip and put its wordpress/ folder (the one"
		say "  holding wp-includes/) at $ECSTER_OM_WP_CORE, or set ECSTER_OM_WP_CORE to such a folder, then run npm run setup again."
	fi
fi

# 2. WooCommerce.
if [ -z "$(wc_version_of "$ECSTER_OM_WC_DIR")" ] && [ -n "${ECSTER_OM_WC_ZIP:-}" ]; then
	if [ -f "$ECSTER_OM_WC_ZIP" ]; then
		tmp="$(mktemp -d)"
		if ( cd "$tmp" && python3 -m zipfile -e "$ECSTER_OM_WC_ZIP" . ) && [ -f "$tmp/woocommerce/woocommerce.php" ]; then
			rm -rf "$ECSTER_OM_WC_DIR" && mv "$tmp/woocommerce" "$ECSTER_OM_WC_DIR"
		else
			say "$ECSTER_OM_WC_ZIP does not hold woocommerce/woocommerce.php"
		fi
		rm -rf "$tmp"
	else
		say "ECSTER_OM_WC_ZIP=$ECSTER_OM_WC_ZIP does not exist"
	fi
fi
if [ -z "$(wc_version_of "$ECSTER_OM_WC_DIR")" ] && [ -z "${ECSTER_OM_WC_ZIP:-}" ]; then
	# With internet: the tested WooCommerce 9.9.5 from downloads.wordpress.org, checked against its checksums.
	node bin/lib/fetch-wordpress.mjs woocommerce "$ECSTER_OM_WC_DIR" 9.9.5 || true
fi
if [ -n "$(wc_version_of "$ECSTER_OM_WC_DIR")" ]; then
	say "WooCommerce $(wc_version_of "$ECSTER_OM_WC_DIR") found at $ECSTER_OM_WC_DIR"
else
	say "WooCommerce NOT found at $ECSTER_OM_WC_DIR."
	say "  It could not be downloaded (see above) and is in no registry reachable offline. Provide WooCommerce 9.9.5"
	say "  (https://downloads.wordpress.org/plugin/woocommerce.9.9.5.zip) in one of these ways:"
	say "   - copy the woocommerce plugin folder (the one holding woocommerce.php) to $ECSTER_OM_WC_DIR"
	say "   - or set ECSTER_OM_WC_DIR to such a folder"
	say "   - or run ECSTER_OM_WC_ZIP=/path/to/woocommerce.9.9.5.zip npm run setup"
	say "  Until then the tests that need WooCommerce are skipped (and say so) and env:start refuses to start."
fi

# 3. PHP tools.
if [ -x tools/php/vendor/bin/phpstan ] && [ -x tools/php/vendor/bin/phpcs ] && [ -f tools/php/vendor/wp-cli/wp-cli/php/boot-fs.php ]; then
	say "PHP tools present (tools/php/vendor)"
elif command -v composer >/dev/null && timeout 300 composer install -d tools/php --no-interaction --no-progress --quiet; then
	say "PHP tools installed with Composer (PHPStan, PHPCS + WordPress standards, WordPress/WooCommerce stubs, WP-CLI)"
else
	say "PHP tools could not be installed; PHPStan and PHPCS will be skipped by the test command"
fi

# 4. Browser for the end-to-end tests.
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
	say "Chromium found at ${CHROMIUM_PATH:-/usr/bin/chromium}"
else
	say "no Chromium: apt-get install chromium (the end-to-end tests need it)"
fi
say "done in $(( $(date +%s) - T0 )) s"
