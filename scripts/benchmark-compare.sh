#!/usr/bin/env bash
# Before and after, in one run: the plugin of an earlier commit against this checkout's, on the same
# service, the same machine and the same registry, rounds interleaved (base, head, head without SBOM
# and provenance, then again), medians. Issue 10 asks that its restructuring leave the cold build,
# the warm no-change build and the re-push no worse; this measures that. It reports; it does not gate.
#
#   bash scripts/benchmark-compare.sh [BASE-REV]      (default 6d2af88: main before issue 10's work)
#
# Environment:
#   BENCH_RUNS=3                measured rounds (after one warm-up round)
#   BENCH_MAVEN_REPO=DIR        the local repository to resolve from (read-only tail); default ~/.m2/repository
#   BENCH_REGISTRY=127.0.0.1:5000  plain-HTTP registry for the pushes (scripts/test-services.sh start)
#   BENCH_COMPARE_OUT=FILE      where the markdown goes (default target/benchmark/compare.md)
# Each plugin is installed into a local repository of its own under target/benchmark/compare, with
# BENCH_MAVEN_REPO as its tail (Maven 3.9), so neither overwrites the other's 0.1.0-SNAPSHOT.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_REV="${1:-6d2af88}"
RUNS="${BENCH_RUNS:-3}"
REGISTRY="${BENCH_REGISTRY:-127.0.0.1:5000}"
TAIL="${BENCH_MAVEN_REPO:-$HOME/.m2/repository}"
WORK="$REPO_ROOT/target/benchmark/compare"
OUT="${BENCH_COMPARE_OUT:-$REPO_ROOT/target/benchmark/compare.md}"
log() { printf '[compare] %s\n' "$*" >&2; }
die() { printf '[compare] ERROR: %s\n' "$*" >&2; exit 1; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive number, got '$RUNS'"
git -C "$REPO_ROOT" rev-parse --verify -q "$BASE_REV^{commit}" >/dev/null || die "no commit '$BASE_REV' in $REPO_ROOT"
curl -fsS -o /dev/null --max-time 2 "http://$REGISTRY/v2/" || die "no registry at http://$REGISTRY/v2/ (start it: bash scripts/test-services.sh start)"
[[ -d "$TAIL" ]] || die "no local Maven repository at $TAIL (set BENCH_MAVEN_REPO)"

rm -rf "$WORK"
mkdir -p "$WORK" "$(dirname "$OUT")"
LOGS="$WORK/logs"; mkdir -p "$LOGS"
BASE_TREE="$WORK/base-tree"
cleanup() { git -C "$REPO_ROOT" worktree remove --force "$BASE_TREE" >/dev/null 2>&1 || true; }
trap cleanup EXIT

GOCACHE_NOW="${GOCACHE:-$(go env GOCACHE 2>/dev/null || echo "$HOME/.cache/go-build")}"
mvn_in() {   # mvn_in VARIANT DIR ARGS...: Maven with VARIANT's local repository, offline, GOCACHE=$GOCACHE_NOW
  local variant="$1" dir="$2"; shift 2
  (cd "$dir" && env GOCACHE="$GOCACHE_NOW" "$REPO_ROOT/mvnw" -B -ntp -o -Dmaven.repo.local="$WORK/m2-$variant" -Dmaven.repo.local.tail="$TAIL" "$@")
}

log "installing the plugin of $BASE_REV ($(git -C "$REPO_ROOT" log -1 --format=%s "$BASE_REV" | cut -c1-60)...)"
git -C "$REPO_ROOT" worktree add -q --detach "$BASE_TREE" "$BASE_REV"
mvn_in base "$BASE_TREE" -q install -DskipTests -Dinvoker.skip=true -pl .,cinema-build-core,cinema-maven-plugin >"$LOGS/install-base.log" 2>&1 \
  || die "could not build $BASE_REV (see $LOGS/install-base.log)"
HEAD_DESC="$(git -C "$REPO_ROOT" describe --always --dirty)"
log "installing this checkout's plugin ($HEAD_DESC)"
mvn_in head "$REPO_ROOT" -q install -DskipTests -Dinvoker.skip=true -pl .,cinema-build-core,cinema-maven-plugin >"$LOGS/install-head.log" 2>&1 \
  || die "could not build this checkout (see $LOGS/install-head.log)"
ln -s m2-head "$WORK/m2-head-noattest"

# The service, one copy per variant, from this checkout (its pom has not changed since the base).
VARIANTS=(base head head-noattest)
declare -A EXTRA=([base]="" [head]="" [head-noattest]="-Dcinema.sbom=false -Dcinema.provenance=false")
for v in "${VARIANTS[@]}"; do
  cp -r "$REPO_ROOT/examples/movies-service" "$WORK/svc-$v"
  rm -rf "$WORK/svc-$v/target"
done
WARM_GOCACHE="$WORK/gocache-warm"; mkdir -p "$WARM_GOCACHE"
STAMP="$(date +%s)"

declare -A RUNS_OF
keep() { RUNS_OF[$1]="${RUNS_OF[$1]:-} $2"; }
timed() {   # timed VARIANT LOG ARGS...: ELAPSED in seconds of one Maven run
  local v="$1" logf="$2" t0 t1; shift 2
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  mvn_in "${v%-noattest}" "$WORK/svc-$v" ${EXTRA[$v]} "$@" >>"$logf" 2>&1 || die "mvn $* failed for $v (see $logf)"
  t1=$(date +%s.%N)
  ELAPSED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}
round() {   # round N MEASURED
  local i="$1" measured="$2" v cache image
  for v in "${VARIANTS[@]}"; do
    local logf="$LOGS/$v.log"
    timed "$v" "$logf" -q validate
    [[ "$measured" == true ]] && keep "$v start" "$ELAPSED"
    mvn_in "${v%-noattest}" "$WORK/svc-$v" -q clean >>"$logf" 2>&1
    GOCACHE_NOW="$(mktemp -d "$WORK/gocache-cold.XXXXXX")"
    timed "$v" "$logf" -q package; rm -rf "$GOCACHE_NOW"
    [[ "$measured" == true ]] && keep "$v cold" "$ELAPSED"
    GOCACHE_NOW="$WARM_GOCACHE"
    timed "$v" "$logf" -q package
    timed "$v" "$logf" -q package
    [[ "$measured" == true ]] && keep "$v warm" "$ELAPSED"
    image="$REGISTRY/bench/compare-$v-$STAMP-$i:1.0.0"
    timed "$v" "$logf" -q cinema:push -Dcinema.image="$image" -Dcinema.allowInsecureRegistries=true
    [[ "$measured" == true ]] && keep "$v push" "$ELAPSED"
    timed "$v" "$logf" -q cinema:push -Dcinema.image="$image" -Dcinema.allowInsecureRegistries=true
    [[ "$measured" == true ]] && keep "$v re-push" "$ELAPSED"
    log "round $i $v: done"
  done
}
median() { printf '%s\n' $1 | sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "warm-up round"
round 0 false
for ((i = 1; i <= RUNS; i++)); do round "$i" true; done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

{
  printf '# Before and after: %s vs %s\n\n' "$BASE_REV" "$HEAD_DESC"
  printf 'Generated by scripts/benchmark-compare.sh on %s: %s measured rounds after a warm-up, interleaved, medians in seconds; load average %s before, %s after; %s cores.\n\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$RUNS" "$LOAD_BEFORE" "$LOAD_AFTER" "$(nproc)"
  printf 'Each figure is a whole `mvn` run of examples/movies-service (Maven start included; `start` is `mvn validate`, Maven start alone). head-noattest is this checkout with `-Dcinema.sbom=false -Dcinema.provenance=false`, which makes the same image the base made (the base attaches no SBOM or provenance).\n\n'
  printf '| scenario | base %s | head | head-noattest | head / base | head-noattest / base |\n|---|---|---|---|---|---|\n' "$BASE_REV"
  for s in start cold warm push re-push; do
    b="$(median "${RUNS_OF[base $s]}")"; h="$(median "${RUNS_OF[head $s]}")"; n="$(median "${RUNS_OF[head-noattest $s]}")"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$s" "$b" "$h" "$n" \
      "$(awk -v a="$h" -v b="$b" 'BEGIN { printf "%.2fx", a / b }')" "$(awk -v a="$n" -v b="$b" 'BEGIN { printf "%.2fx", a / b }')"
  done
  printf '\nThe runs, in seconds:\n\n'
  for k in "${!RUNS_OF[@]}"; do printf -- '- %s:%s\n' "$k" "${RUNS_OF[$k]}"; done | sort
} >"$OUT"
cat "$OUT"
