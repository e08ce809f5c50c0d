#!/usr/bin/env bash
# The chaos test: hundreds of random money operations with Ecster's answers lost, broken or refused
# and processes dying right after Ecster answered; then the reconciler; then Ecster and WooCommerce
# must agree on every order, no money may have moved twice and no question may be left open.
#
#   npm run test:chaos                                # random seed (printed)
#   ECSTER_OM_CHAOS_SEED=12345 npm run test:chaos     # replay
#   ECSTER_OM_CHAOS_OPS=500 ECSTER_OM_CHAOS_ORDERS=40 npm run test:chaos
#
# Runs in real WordPress + WooCommerce on the same runtime as the PHP integration tests (its own
# site, MariaDB and sandbox). Its last line: "chaos: <ops> operations, <faults> faults, <kills> kills,
# mismatches before reconcile <n>, after <n>, unknown left <n>".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
ECSTER_OM_ENV="${ECSTER_OM_ENV:-chaos}" ECSTER_OM_PHPUNIT_CONFIG=tests/php/integration/phpunit-chaos.xml \
	bash bin/test-php-integration.sh "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
line="$(grep -E '^chaos: [0-9]+ operations' "$log" | tail -1)"
echo
if [ -n "$line" ]; then
	echo "$line"
else
	echo "chaos: no result line (the run failed before the end; see above)"
	[ "$status" -ne 0 ] || status=1
fi
exit "$status"
