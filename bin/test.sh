#!/usr/bin/env bash
# The whole test suite: `npm test`. Runs every stage even when one fails, then prints
# one line per stage and a final "N passed, N failed, N skipped"; exits non-zero on any failure.
#
# Stages: TypeScript (tsc --noEmit, strict), ESLint, php -l, PHPStan, PHPCS, jest (components,
# stores, sandbox), PHPUnit unit tests, build + bundle budget, PHP integration tests in real
# WordPress + WooCommerce, the chaos test (bin/test-chaos.sh), Playwright end-to-end tests in Chromium,
# the release zip installed in a fresh store (bin/test-plugin-zip.sh), the storage-tagged integration
# tests on legacy posts storage and on HPOS with sync (php-storage:posts, php-storage:hpos-sync), the
# legacy post.php order screen in a store with HPOS off (bin/test-legacy-screen.sh).
# Stages that need WooCommerce are skipped, with one line saying why, when it is not present.
# ECSTER_OM_STAGES="jest phpunit" runs only the named stages ("php-storage" both storage stages).
set -uo pipefail
# shellcheck source=lib/paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/paths.sh"
cd "$ECSTER_OM_ROOT"
ART="$ECSTER_OM_ROOT/artifacts/test"
rm -rf "$ART"
mkdir -p "$ART"

PASSED=0
FAILED=0
SKIPPED=0
SUMMARY=()
T_ALL=$(date +%s)

# wanted NAME: a stage "group:part" (php-storage:posts) is wanted by its own name or its group's.
wanted() {
	[ -z "${ECSTER_OM_STAGES:-}" ] && return 0
	[[ " $ECSTER_OM_STAGES " == *" $1 "* || " $ECSTER_OM_STAGES " == *" ${1%%:*} "* ]]
}

# record NAME PASSED FAILED SKIPPED SECONDS [NOTE]
record() {
	PASSED=$((PASSED + $2))
	FAILED=$((FAILED + $3))
	SKIPPED=$((SKIPPED + $4))
	SUMMARY+=("$(printf '%-18s %4d passed %3d failed %3d skipped %5ss %s' "$1" "$2" "$3" "$4" "$5" "${6:-}")")
}

# check NAME COMMAND...: a stage that counts as one check.
check() {
	local name="$1"
	shift
	wanted "$name" || return 0
	echo "=== $name: $*"
	local t0=$(date +%s)
	if "$@" >"$ART/$name.log" 2>&1; then
		tail -3 "$ART/$name.log"
		record "$name" 1 0 0 $(( $(date +%s) - t0 ))
	else
		cat "$ART/$name.log"
		record "$name" 0 1 0 $(( $(date +%s) - t0 )) "(log: artifacts/test/$name.log)"
	fi
}

# counted NAME KIND REPORT COMMAND...: a stage whose report gives test counts.
counted() {
	local name="$1" kind="$2" report="$3"
	shift 3
	wanted "$name" || return 0
	echo "=== $name: $*"
	local t0=$(date +%s) status
	"$@" 2>&1 | tee "$ART/$name.log"
	status=${PIPESTATUS[0]}
	read -r p f s < <(node bin/lib/results.mjs "$kind" "$report")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # the runner failed before or outside a test (crash, bad config): count it.
	fi
	record "$name" "$p" "$f" "$s" $(( $(date +%s) - t0 ))
}

# skipped NAME COUNT REASON
skipped() {
	wanted "$1" || return 0
	echo "SKIP $1 ($2 tests): $3"
	record "$1" 0 0 "$2" 0 "skipped: $3"
}

check tsc npx tsc --noEmit -p tsconfig.json
check eslint npm run --silent lint:js
check php-lint bash bin/php-lint.sh
if [ -x tools/php/vendor/bin/phpstan ]; then
	check phpstan tools/php/vendor/bin/phpstan analyse --no-progress --memory-limit=1G
	check phpcs tools/php/vendor/bin/phpcs --runtime-set ignore_warnings_on_exit 1 --report=summary
else
	skipped phpstan 1 "tools/php/vendor is missing (run: composer install -d tools/php)"
	skipped phpcs 1 "tools/php/vendor is missing (run: composer install -d tools/php)"
fi
counted jest jest "$ART/jest.json" npx wp-scripts test-unit-js --ci --json --outputFile="$ART/jest.json"
counted phpunit junit "$ART/phpunit-unit.xml" phpunit -c tests/php/unit/phpunit.xml --log-junit "$ART/phpunit-unit.xml"
check build npm run --silent build
check bundle-size node bin/bundle-size.mjs

if have_woocommerce; then
	counted php-integration junit "$ART/phpunit-integration.xml" \
		env ECSTER_OM_JUNIT="$ART/phpunit-integration.xml" bash bin/test-php-integration.sh
	# The storage-tagged integration tests (@group storage: orders of the Ecster Pay checkout
	# plugin) again on a site installed with legacy posts storage and with HPOS + sync.
	for storage in posts hpos-sync; do
		counted "php-storage:$storage" junit "$ART/phpunit-storage-$storage.xml" \
			env ECSTER_OM_ORDER_STORAGE="$storage" ECSTER_OM_JUNIT="$ART/phpunit-storage-$storage.xml" \
			bash bin/test-php-integration.sh --group storage
	done
	check chaos bash bin/test-chaos.sh
	counted e2e playwright "$ART/playwright.json" \
		env PLAYWRIGHT_JSON_OUTPUT_NAME="$ART/playwright.json" bash bin/test-e2e.sh
	counted plugin-zip playwright "$ART/playwright-zip.json" \
		env PLAYWRIGHT_JSON_OUTPUT_NAME="$ART/playwright-zip.json" bash bin/test-plugin-zip.sh
	counted legacy-screen playwright "$ART/playwright-legacy.json" \
		env PLAYWRIGHT_JSON_OUTPUT_NAME="$ART/playwright-legacy.json" bash bin/test-legacy-screen.sh
else
	reason="$(woocommerce_missing_reason)"
	n_int=$(grep -rhoE 'function test_[A-Za-z0-9_]+' tests/php/integration | wc -l)
	skipped php-integration "$n_int" "$reason"
	n_storage=$(grep -rlE '@group storage' tests/php/integration | xargs cat 2>/dev/null | grep -cE 'function test_' || true)
	skipped php-storage:posts "$n_storage" "$reason"
	skipped php-storage:hpos-sync "$n_storage" "$reason"
	skipped chaos 1 "$reason"
	n_e2e=$(npx playwright test -c tests/e2e/playwright.config.ts --list 2>/dev/null | grep -cE '›' || true)
	skipped e2e "$n_e2e" "$reason"
	skipped plugin-zip 1 "$reason"
	skipped legacy-screen 1 "$reason"
fi

echo
echo "=== Summary ($(( $(date +%s) - T_ALL )) s)"
printf '%s\n' "${SUMMARY[@]}"
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" -eq 0 ]
