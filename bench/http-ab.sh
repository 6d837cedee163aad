#!/bin/bash
# bench/http-ab.sh TREE_A TREE_B [ROUNDS] — the decision route of two checkouts side by side.
# Starts both servers (embedded database in memory, SIP off), warms them, then alternates 5-second
# wrk runs (1 thread, 50 connections, the bench:routing request mix) and prints requests/s and the
# server's CPU time per request (from /proc). On a shared, noisy VM the CPU per request of the two
# trees in the same minutes is the figure to compare; requests/s follows the machine's load.
# Needs wrk (Debian package `wrk`). Each tree needs node_modules (a symlink to this one's is fine).
set -euo pipefail
A=$(realpath "$1"); B=$(realpath "$2"); ROUNDS=${3:-4}
TOKEN=bench-integration-token-0123456789abcdef
LUA=$(mktemp --suffix .lua)
node --import tsx -e "
const { loadDefaultDataSet } = await import('$A/src/routing/data/load.ts');
const data = await loadDefaultDataSet();
const bodies = [
  ...data.numberSeries.filter((s) => s.kind === 'incumbent-fixed').slice(0, 500)
    .map((s) => ({ calledNumber: '116117', callingNumber: s.prefix.padEnd(8, '7'), network: 'fixed' })),
  ...data.municipalities.map((m) => ({ calledNumber: '116117', callingNumber: '91234567', network: 'mobile', position: { municipality: m.number } })),
  ...data.portedNumbers.slice(0, 300).map((p) => ({ calledNumber: '116117', callingNumber: p.number, network: 'fixed' })),
].map((b) => JSON.stringify(b));
(await import('node:fs')).writeFileSync('$LUA', ['wrk.method = \"POST\"', 'wrk.headers[\"content-type\"] = \"application/json\"',
  'wrk.headers[\"authorization\"] = \"Bearer $TOKEN\"', 'local bodies = { ' + bodies.map((b) => '[[' + b + ']]').join(',\n') + ' }',
  'local i = 0', 'request = function() i = i + 1; return wrk.format(nil, nil, nil, bodies[(i % #bodies) + 1]) end', ''].join('\n'));
"
declare -A PID PORT
for t in "$A" "$B"; do
  PORT[$t]=$((20000 + RANDOM % 20000))
  # Each tree's server as its `npm start` runs it: with the V8 flags of its package.json.
  FLAGS=$(node -p "(require('$t/package.json').scripts.start.match(/--max-semi-space-size=\\d+/g) || []).join(' ')")
  (cd "$t" && PORT=${PORT[$t]} HOST=127.0.0.1 NODMELD_DATA_DIR=memory NODMELD_API_TOKEN=$TOKEN \
    NODMELD_ADMIN_PASSWORD=bench-admin-password NODMELD_LOG_LEVEL=warn NODMELD_SIP_ENABLED=false \
    exec node $FLAGS --import tsx src/cli/main.ts start >/dev/null 2>&1) &
  PID[$t]=$!
done
trap 'kill ${PID[$A]} ${PID[$B]} 2>/dev/null; rm -f "$LUA"' EXIT
for t in "$A" "$B"; do until curl -sf "http://127.0.0.1:${PORT[$t]}/readyz" >/dev/null; do sleep 0.3; done; done
url() { echo "http://127.0.0.1:${PORT[$1]}/api/v1/routing/decisions"; }
cpu() { awk '{print $14 + $15}' "/proc/${PID[$1]}/stat"; }
ticks=$(getconf CLK_TCK)
for t in "$A" "$B"; do wrk -t1 -c50 -d3s -s "$LUA" "$(url "$t")" >/dev/null; done
for r in $(seq "$ROUNDS"); do
  for t in "$A" "$B"; do
    c0=$(cpu "$t"); out=$(wrk -t1 -c50 -d5s --latency -s "$LUA" "$(url "$t")"); c1=$(cpu "$t")
    n=$(awk '/requests in/ {print $1}' <<<"$out"); rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    printf '%-28s requests/s %9s  p99 %8s  CPU/request %5.1f µs\n' "$(basename "$t")" "$rps" "$p99" \
      "$(echo "($c1 - $c0) * 1000000 / $ticks / $n" | bc -l)"
  done
done
