#!/usr/bin/env bash
# `php -l` on every PHP file of the project (plugin, tests, tools config, bin). Prints one line per
# failing file and a summary; exits non-zero when any file has a syntax error.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
failed=0
total=0
while IFS= read -r -d '' file; do
	total=$((total + 1))
	if ! out=$(php -l "$file" 2>&1); then
		failed=$((failed + 1))
		echo "$out" | grep -v '^No syntax errors' >&2
	fi
done < <(find plugin tests tools/php bin -name '*.php' -not -path '*/vendor/*' -not -path '*/build/*' -print0)
echo "php -l: $total files, $failed with syntax errors"
[ "$failed" -eq 0 ]
