#!/usr/bin/env bash
# Instructions per call of the SIP handler without and with the calls record (issue 10), counted by
# callgrind: unlike CPU time they do not move with the load of a shared machine. Plays
# `bench/sip-handler.bench.ts` with BENCH_SIP_HANDLER_ONLY under valgrind, instrumented for the
# measured rounds only; node single-threaded, so that compilation and collection do not depend on
# valgrind's slowness. Prints the instructions per call of everything and of all but the garbage
# collector and the compiler (valgrind's slowness can still bring a mark-compact that real runs do
# not have), and the ratio. About four minutes on two cores. Needs valgrind.
# Usage: bench/sip-handler-callgrind.sh [rounds=4] [warm-up pairs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-4}
warmup=${2:-5}
out=$(mktemp -d)
for kind in without with; do
  BENCH_SIP_HANDLER_ONLY=$kind BENCH_SIP_HANDLER_CALLGRIND=1 BENCH_SIP_HANDLER_ROUNDS=$rounds \
    BENCH_SIP_HANDLER_WARMUP=$warmup valgrind --tool=callgrind --instr-atstart=no \
    --smc-check=all-non-file --callgrind-out-file="$out/$kind.out" \
    node --single-threaded --max-semi-space-size=64 --import tsx bench/sip-handler.bench.ts \
    >"$out/$kind.log" 2>&1 &
done
wait
calls=$((rounds * 20000))
# V8's collector and compilers, by the names of their functions.
GC_OR_COMPILER='compiler::|Marking|Sweep|Scaveng|Evacuat|heap::|Heap::|MarkCompact|Worklist|MemoryChunk|LiveObject|SizeFromMap|IteratePointers|BodyDescriptor|FreeList|ActiveSystemPages|popcount|RelocIterator|Zone|RootVisitor|ObjectVisitor|ShouldVisit|Visit|Concurrent|Evacuator|Page|Compaction|Slot|MarkBit|Remembered|TypedSlot|Allocator|InstructionSelector|RegisterAllocator|Pipeline|Graph|Node|Operator|Turbofan|Maglev|Baseline|BytecodeGenerator|Parser|Scanner|ast|Ast'
count() {
  callgrind_annotate --inclusive=no --threshold=100 "$1" | awk -v calls="$calls" -v gc_or_compiler="$GC_OR_COMPILER" '
    /PROGRAM TOTALS/ { next }
    /^ *[0-9,]+ \(/ {
      n = $1; gsub(",", "", n); all += n
      if ($0 !~ /Builtins_/ && $0 ~ gc_or_compiler) gc += n
    }
    END { printf "%.0f %.0f\n", all / calls, (all - gc) / calls }'
}
read -r all0 mut0 < <(count "$out/without.out")
read -r all1 mut1 < <(count "$out/with.out")
grep -h "calls record" "$out/without.log" "$out/with.log"
awk -v a0="$all0" -v a1="$all1" -v m0="$mut0" -v m1="$mut1" 'BEGIN {
  printf "instructions per call, without → with the record: all %d → %d (×%.3f); without the collector and the compiler %d → %d (×%.3f)\n", a0, a1, a1 / a0, m0, m1, m1 / m0
}'
rm -rf "$out"
