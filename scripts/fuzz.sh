#!/usr/bin/env bash
# Builds orchard's libFuzzer targets (tests/fuzz) with clang, ASan and UBSan, and fuzzes each.
#   scripts/fuzz.sh [--seconds N | --cpu-seconds N] [--jobs J] [TARGET...]
#     --seconds N      fuzz each target for N seconds of wall time (default 60)
#     --cpu-seconds N  fuzz each target until it has used N seconds of CPU (in 5-minute rounds)
#     --jobs J         fuzz J targets at a time (default 1), at the lowest CPU priority
#     --no-build       fuzz the targets as they are built (while another build uses the folder)
#     TARGET           article catalog dns host http inputs pac pki results ssh udp (default all)
# Environment: FUZZ_BUILD_DIR (default build-sanitize, the folder `scripts/dev.sh test` uses).
# New corpus entries stay in FUZZ_BUILD_DIR/tests/fuzz/work/TARGET/corpus; findings are written
# beside them (crash-*, timeout-*, oom-*, leak-*). Exits 1 when any target found something.
# A finding, once fixed, goes into the target's seed corpus (tests/fuzz/corpus/TARGET, replayed
# by every ctest run of the sanitizer build) and gets a unit test beside the parser it broke.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${FUZZ_BUILD_DIR:-build-sanitize}"
mode=wall
amount=60
jobs=1
build_first=1
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) mode=wall; amount="$2"; shift 2 ;;
    --cpu-seconds) mode=cpu; amount="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --no-build) build_first=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ $amount =~ ^[0-9]+$ && $amount -gt 0 ]] || { echo "fuzz.sh: seconds must be a positive integer" >&2; exit 2; }
[[ $jobs =~ ^[0-9]+$ && $jobs -gt 0 ]] || { echo "fuzz.sh: --jobs must be a positive integer" >&2; exit 2; }
all=$(sed -n 's/^orchard_fuzz(\([a-z_]*\) .*/\1/p' tests/fuzz/CMakeLists.txt)
[[ ${#targets[@]} -eq 0 ]] && read -r -a targets <<<"$(echo $all)"
for t in "${targets[@]}"; do
  grep -qx "$t" <<<"$all" || { echo "fuzz.sh: no fuzz target '$t' (have: $(echo $all))" >&2; exit 2; }
done

if [[ $build_first -eq 1 ]]; then
  command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is missing (scripts/install-deps.sh --test installs it)" >&2; exit 1; }
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DORCHARD_FUZZ=ON \
    -DORCHARD_SANITIZE=ON -DORCHARD_BUILD_BENCH=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)" --target $(printf '%s_fuzz ' "${targets[@]}")
fi
for t in "${targets[@]}"; do
  [[ -x $build/tests/fuzz/${t}_fuzz ]] || { echo "fuzz.sh: $build/tests/fuzz/${t}_fuzz is not built" >&2; exit 1; }
done

# One target: rounds of libFuzzer until the wall or CPU budget is spent. Prints one summary line.
fuzz_one() {
  local t="$1" work="$build/tests/fuzz/work/$t" used=0 rounds=0 execs=0 cov=0 status=0
  mkdir -p "$work/corpus"
  local log="$work/fuzz.log"
  : >"$log"
  while :; do
    # In CPU mode, rounds of 5 minutes: each round replays the corpus first, so short rounds
    # spend their time there; at the lowest priority a round gets what CPU is idle.
    local round=$amount
    [[ $mode == cpu ]] && round=300
    local timing round_log
    timing=$(mktemp)
    round_log=$(mktemp)
    set +e
    ( cd "$work" && nice -n 19 /usr/bin/time -f '%U %S' -o "$timing" \
        "$PWD/../../$t"_fuzz -max_total_time="$round" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$PWD/" corpus \
        "$OLDPWD/tests/fuzz/corpus/$t" ) >"$round_log" 2>&1
    status=$?
    set -e
    cat "$round_log" >>"$log"
    execs=$((execs + $(sed -n 's/^stat::number_of_executed_units: *//p' "$round_log" | tail -1 | grep . || echo 0)))
    rm -f "$round_log"
    # time(1) puts "Command exited with non-zero status N" first when the round failed.
    used=$(tail -1 "$timing" | awk -v u="$used" '{printf "%.1f", u + $1 + $2}')
    rm -f "$timing"
    rounds=$((rounds + 1))
    [[ $status -ne 0 ]] && break
    [[ $mode == wall ]] && break
    awk -v u="$used" -v a="$amount" 'BEGIN {exit !(u >= a)}' && break
  done
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  local corpus
  corpus=$(find "$work/corpus" -type f | wc -l)
  local found
  found=$(find "$work" -maxdepth 1 -name 'crash-*' -o -maxdepth 1 -name 'timeout-*' -o \
    -maxdepth 1 -name 'oom-*' -o -maxdepth 1 -name 'leak-*' | wc -l)
  printf '%-8s cpu %7.1f s  rounds %3d  execs %10d  cov %6s  corpus %5d  findings %d  exit %d\n' \
    "$t" "$used" "$rounds" "$execs" "${cov:-?}" "$corpus" "$found" "$status"
}

summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
running=0
for t in "${targets[@]}"; do
  fuzz_one "$t" >>"$summary" &
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then wait -n || true; running=$((running - 1)); fi
done
wait || true
sort "$summary"
if grep -qv 'findings 0  exit 0$' "$summary"; then
  echo "fuzz.sh: findings (or a failed run) above; see $build/tests/fuzz/work/TARGET/fuzz.log" >&2
  exit 1
fi
