#!/usr/bin/env bash
# Benchmark: cinema-build side by side with the floor (raw go build) and with the emulated path
# (buildx without --platform=$BUILDPLATFORM: an arm64 Go toolchain under qemu-user), on this machine,
# in one run. Medians of whole-process runs after a warm-up run.
#
#   bash scripts/benchmark.sh            (as root on a fresh Debian 12 machine; takes a while)
#
# Writes target/benchmark/benchmark.md (the table, also printed) and target/benchmark/benchmark.json.
# Not part of the Maven test suite.
#
# Environment:
#   BENCH_RUNS=5            measured runs per scenario (after a warm-up round; scenarios run interleaved)
#   BENCH_EMULATED_RUNS=3   measured runs of the emulated compile (it is slow)
#   BENCH_MAVEN_REPO=DIR    local Maven repository (-Dmaven.repo.local); default ~/.m2/repository
#   BENCH_SECTIONS=...      comma list out of floor,maven,library,emulated,push,scale,big,pushcmp,inspect,dockerfile
#                           (default: all)
#   BENCH_SCALE="1 2 3 10"  reactor sizes of the scale section (1 is the reference of its ratios)
#   BENCH_DOCKERFILE=emulated  the dockerfile section's Dockerfile: emulated (its Go stage compiles under QEMU
#                           unless cross-compiled) or native (events-service's, which cross-compiles itself)
#   BENCH_WARMUP=0          no warm-up round (the first measured round then pays one-time costs, such
#                           as Maven resolving online: have them paid before; for the slow dockerfile section)
#   BENCH_SKIP_INSTALL=1    do not run './mvnw install' of cinema-build first (it must be installed)
#   BENCH_REGISTRY=127.0.0.1:5000  plain-HTTP registry for the push section
#   CINEMA_TEST_REGISTRY_LOG=FILE  its access log, when the registry was started elsewhere
#   BENCH_SOURCE_REVISION=REV      what the report names as the measured source (default: git describe)
#
# Exits 0 whatever the verdicts (a benchmark reports; it does not gate); non-zero only when the
# script itself breaks or a measured command fails.
#
# Installs what is missing (scripts/install-packages.sh, the 'time' package, unzip), starts the test
# services only when the registry is not already up (and then stops them again), and stops every
# process it started.
set -euo pipefail
set +m

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$REPO_ROOT/target/benchmark"
WORK="$OUT/work"
LOGS="$OUT/logs"

RUNS="${BENCH_RUNS:-5}"
EMU_RUNS="${BENCH_EMULATED_RUNS:-3}"
SECTIONS="${BENCH_SECTIONS:-floor,maven,library,emulated,push,scale,big,pushcmp,inspect,dockerfile}"
REGISTRY="${BENCH_REGISTRY:-127.0.0.1:5000}"
LDFLAGS="-s -w -X main.version=1.0.0"
BIG_BYTES=$((100 * 1024 * 1024))

log()  { printf '[benchmark] %s\n' "$*" >&2; }
warn() { printf '[benchmark] WARNING: %s\n' "$*" >&2; }
die()  { printf '[benchmark] ERROR: %s\n' "$*" >&2; exit 1; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive number, got '$RUNS'"
[[ "$EMU_RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_EMULATED_RUNS must be a positive number, got '$EMU_RUNS'"
section_on() { [[ ",$SECTIONS," == *",$1,"* ]]; }

# ------------------------------------------------------------ process hygiene ---
CUR_PID=""        # process group of the measured command running now
SAMPLER_PID=""    # the RSS sampler loop
SERVICES_STARTED=false

kill_group() {
  local pid="$1"
  [[ -n "$pid" ]] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$SAMPLER_PID" ]]; then kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; fi
  if [[ -n "$CUR_PID" ]]; then log "stopping the running measurement (pid $CUR_PID)"; kill_group "$CUR_PID"; fi
  if [[ "$SERVICES_STARTED" == true ]]; then
    log "stopping the test services this script started"
    bash "$REPO_ROOT/scripts/test-services.sh" stop || warn "stopping the services failed"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# timed DIR LOGFILE CMD...: runs CMD in DIR as its own process group with output appended to LOGFILE;
# sets ELAPSED (seconds, wall clock of the whole process) and CPU (user + system seconds of the
# process and all its children, from /usr/bin/time: on a busy machine it moves less than wall time).
# Returns CMD's exit status.
ELAPSED=""
CPU=""
timed() {
  local dir="$1" logf="$2"; shift 2
  local t0 t1 rc=0 tf="$WORK/.timed-cpu"
  printf '\n===== %s $ %s\n' "$(date -u +%H:%M:%S)" "$*" >>"$logf"
  rm -f "$tf"
  t0=$(date +%s.%N)
  (cd "$dir" && exec setsid -w /usr/bin/time -f '%U %S' -o "$tf" "$@") </dev/null >>"$logf" 2>&1 &
  CUR_PID=$!
  wait "$CUR_PID" || rc=$?
  t1=$(date +%s.%N)
  CUR_PID=""
  ELAPSED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  CPU=$(tail -n 1 "$tf" 2>/dev/null | awk 'NF == 2 { printf "%.2f", $1 + $2 }')
  printf '===== exit %s after %s s (cpu %s s)\n' "$rc" "$ELAPSED" "$CPU" >>"$logf"
  return "$rc"
}

# must LOGFILE STATUS: dies with the log's tail when STATUS is not 0.
must() {
  local logf="$1" rc="$2"
  if [[ "$rc" -ne 0 ]]; then
    printf -- '----- last lines of %s -----\n' "$logf" >&2
    tail -n 40 "$logf" >&2 || true
    die "a measured command failed (exit $rc); full output in $logf"
  fi
}

# quiet DIR LOGFILE CMD...: an untimed step that must succeed.
quiet() {
  local rc=0
  timed "$@" || rc=$?
  must "$2" "$rc"
}

# ------------------------------------------------------------------ results ---
declare -A R_RUNS R_CPU R_UNIT R_LABEL R_NOTE
ORDER=()
result() {   # result KEY UNIT LABEL
  R_UNIT[$1]="$2"; R_LABEL[$1]="$3"; R_RUNS[$1]=""
  ORDER+=("$1")
}
add_run()  { [[ -n "$2" ]] || return 0; R_RUNS[$1]="${R_RUNS[$1]:+${R_RUNS[$1]} }$2"; }
set_note() { R_NOTE[$1]="$2"; }
add_cpu()  { [[ -n "$2" ]] || return 0; R_CPU[$1]="${R_CPU[$1]:+${R_CPU[$1]} }$2"; }

median_of() {
  # median_of "v1 v2 ..." -> the median (empty for no values)
  printf '%s\n' $1 | awk 'NF' | sort -g | awk '{ a[NR] = $1 }
    END { if (NR == 0) exit; if (NR % 2) m = a[(NR + 1) / 2]; else m = (a[NR / 2] + a[NR / 2 + 1]) / 2;
          if (m == int(m)) printf "%d", m; else printf "%.3f", m }'
}
max_of() { printf '%s\n' $1 | awk 'NF' | sort -g | tail -n 1; }
med() { median_of "${R_RUNS[$1]:-}"; }
med_cpu() { median_of "${R_CPU[$1]:-}"; }

# calc EXPR with variables: calc 'a / b' a=1 b=2 -> prints with 3 decimals; empty when a variable is empty.
calc() {
  local expr="$1"; shift
  local kv args=()
  for kv in "$@"; do
    [[ -n "${kv#*=}" ]] || return 0
    args+=(-v "$kv")
  done
  awk "${args[@]}" "BEGIN { printf \"%.3f\", $expr }"
}

# --------------------------------------------------------------- preparation ---
[[ "$(id -u)" -eq 0 ]] || warn "not root: missing packages cannot be installed and the emulated chroot cannot run"

log "installing what is missing (scripts/install-packages.sh)"
bash "$REPO_ROOT/scripts/install-packages.sh" >&2
missing=()
[[ -x /usr/bin/time ]] || missing+=(time)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v setsid >/dev/null 2>&1 || missing+=(util-linux)
if ((${#missing[@]})); then
  [[ "$(id -u)" -eq 0 ]] || die "missing ${missing[*]}: run as root, or install them first"
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
GO="$(command -v go)" || die "go not found after install-packages.sh"

rm -rf "$WORK" "$LOGS"
mkdir -p "$WORK" "$LOGS"

MVN=("$REPO_ROOT/mvnw" -B -ntp)
M2_REPO="$HOME/.m2/repository"
if [[ -n "${BENCH_MAVEN_REPO:-}" ]]; then
  MVN+=("-Dmaven.repo.local=$BENCH_MAVEN_REPO")
  M2_REPO="$BENCH_MAVEN_REPO"
fi
MVN_NET=()   # -o for measured Maven runs; the warm-up runs online and fills the local repository

if [[ "${BENCH_SKIP_INSTALL:-}" != 1 ]]; then
  log "installing cinema-build into the local Maven repository ($M2_REPO)"
  quiet "$REPO_ROOT" "$LOGS/install.log" "${MVN[@]}" -q install -DskipTests -Dinvoker.skip
fi
CINEMA_VERSION="$(sed -n 's:.*<cinema.version>\(.*\)</cinema.version>.*:\1:p' "$REPO_ROOT/examples/movies-service/pom.xml" | head -n1)"
PLUGIN_JAR="$M2_REPO/io/cinemaabyss/cinema-maven-plugin/$CINEMA_VERSION/cinema-maven-plugin-$CINEMA_VERSION.jar"
[[ -f "$PLUGIN_JAR" ]] || die "the plugin is not installed at $PLUGIN_JAR (run without BENCH_SKIP_INSTALL)"
CLI_JAR="$(ls "$REPO_ROOT"/cinema-cli/target/cinema-cli-*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc\|original-' | head -n 1 || true)"

# The service, copied so that every build here starts from the same tree and leaves the repo alone.
SVC="$WORK/movies-service"
cp -r "$REPO_ROOT/examples/movies-service" "$SVC"
rm -rf "$SVC/target"
WARM_GOCACHE="$WORK/gocache-warm"
mkdir -p "$WARM_GOCACHE"

fresh_cache() { local d; d="$(mktemp -d "$WORK/gocache-cold.XXXXXX")"; printf '%s' "$d"; }

# Scenarios run interleaved: a warm-up round of every scenario (results dropped), then rounds 1..N,
# each running every scenario once. Other load on the machine then falls on all scenarios alike
# instead of on whichever ran in a busy minute. A scenario is a function FN ROUND that does its
# untimed preparation and one timed run (setting ELAPSED), and records its numbers with keep/keep_t.
WARMUP=false
SCHEDULE=()        # "FN COUNT" entries, in order
schedule() { SCHEDULE+=("$1 $2"); }
run_schedule() {
  local rounds=0 entry fn count i
  for entry in "${SCHEDULE[@]}"; do count="${entry#* }"; ((count > rounds)) && rounds="$count"; done
  local first=0
  [[ "${BENCH_WARMUP:-1}" == 0 ]] && first=1
  for ((i = first; i <= rounds; i++)); do
    if ((i == 0)); then WARMUP=true; MVN_NET=(); log "warm-up round (load $(load_now))"
    else WARMUP=false; MVN_NET=(-o); log "round $i/$rounds (load $(load_now))"; fi
    for entry in "${SCHEDULE[@]}"; do
      fn="${entry% *}"; count="${entry#* }"
      ((i <= count)) || continue
      ELAPSED=""
      "$fn" "$i"
      log "  $fn: ${ELAPSED:-n/a}${ELAPSED:+ s}"
    done
  done
  WARMUP=false; MVN_NET=()
}
# keep KEY VALUE: records VALUE unless this is the warm-up run.
keep() { [[ "$WARMUP" == true ]] || add_run "$1" "$2"; }
# keep_t KEY [WALL CPU]: records a timed run's wall and CPU seconds (default: the last timed command).
keep_t() {
  [[ "$WARMUP" == true ]] && return 0
  add_run "$1" "${2-$ELAPSED}"; add_cpu "$1" "${3-$CPU}"
}

load_now() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_START="$(load_now)"
DATE_START="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
log "runs per scenario: $RUNS ($([[ "${BENCH_WARMUP:-1}" == 0 ]] && echo "no warm-up" || echo "+1 warm-up")); emulated: $EMU_RUNS; sections: $SECTIONS; load: $LOAD_START"

# ------------------------------------------------------------------ floor ---
result floor_cold_amd64 s "go build linux/amd64, cold"
result floor_cold_arm64 s "go build linux/arm64, cold"
result floor_cold_seq   s "go build both platforms, sequential, cold"
result floor_cold_par   s "go build both platforms, in parallel, cold"
result floor_warm_amd64 s "go build linux/amd64, warm"
result floor_warm_arm64 s "go build linux/arm64, warm"
result floor_warm_seq   s "go build both platforms, sequential, warm"
result floor_warm_par   s "go build both platforms, in parallel, warm"

FLOOR_OUT="$WORK/floor-out"
go_one() {   # go_one CACHE ARCH: one go build of the service, as a whole process
  timed "$SVC" "$LOGS/floor.log" env GOCACHE="$1" CGO_ENABLED=0 GOOS=linux GOARCH="$2" \
    "$GO" build -trimpath "-ldflags=$LDFLAGS" -o "$FLOOR_OUT/linux-$2/movies-service" .
}
go_both_parallel() {   # go_both_parallel CACHE: both platforms at once, as cinema-build does
  timed "$SVC" "$LOGS/floor.log" env GOCACHE="$1" GO="$GO" LDFLAGS="$LDFLAGS" OUTDIR="$FLOOR_OUT" CGO_ENABLED=0 GOOS=linux \
    sh -c 'GOARCH=amd64 "$GO" build -trimpath "-ldflags=$LDFLAGS" -o "$OUTDIR/linux-amd64/movies-service" . & a=$!
           GOARCH=arm64 "$GO" build -trimpath "-ldflags=$LDFLAGS" -o "$OUTDIR/linux-arm64/movies-service" . & b=$!
           ra=0; rb=0; wait $a || ra=$?; wait $b || rb=$?; [ $ra -eq 0 ] && [ $rb -eq 0 ]'
}
floor_seq_run() {   # floor_seq_run COLD|WARM
  local mode="$1" cache a b rc=0
  rm -rf "$FLOOR_OUT"
  if [[ "$mode" == cold ]]; then cache="$(fresh_cache)"; else cache="$WARM_GOCACHE"; fi
  local ca cb
  go_one "$cache" amd64 || rc=$?; must "$LOGS/floor.log" "$rc"; a="$ELAPSED"; ca="$CPU"
  go_one "$cache" arm64 || rc=$?; must "$LOGS/floor.log" "$rc"; b="$ELAPSED"; cb="$CPU"
  if [[ "$mode" == cold ]]; then rm -rf "$cache"; fi
  ELAPSED="$(calc 'a + b' a="$a" b="$b")"
  keep_t "floor_${mode}_amd64" "$a" "$ca"; keep_t "floor_${mode}_arm64" "$b" "$cb"
  keep_t "floor_${mode}_seq" "$ELAPSED" "$(calc 'a + b' a="$ca" b="$cb")"
}
floor_par_run() {
  local mode="$1" cache rc=0
  rm -rf "$FLOOR_OUT"
  if [[ "$mode" == cold ]]; then cache="$(fresh_cache)"; else cache="$WARM_GOCACHE"; fi
  go_both_parallel "$cache" || rc=$?; must "$LOGS/floor.log" "$rc"
  if [[ "$mode" == cold ]]; then rm -rf "$cache"; fi
  keep_t "floor_${mode}_par"
}
floor_cold_seq_run() { floor_seq_run cold; }
floor_cold_par_run() { floor_par_run cold; }
floor_warm_seq_run() { floor_seq_run warm; }
floor_warm_par_run() { floor_par_run warm; }

if section_on floor; then
  log "floor: raw go build -trimpath of examples/movies-service ($($GO version))"
  schedule floor_cold_seq_run "$RUNS"
  schedule floor_cold_par_run "$RUNS"
  schedule floor_warm_seq_run "$RUNS"
  schedule floor_warm_par_run "$RUNS"
fi

# ------------------------------------------------------------------ maven ---
result mvn_validate s "Maven start: mvn validate on the service pom"
result mvn_cold     s "cinema-build: mvn package, 2 platforms, cold (fresh GOCACHE, after mvn clean)"
result mvn_warm     s "cinema-build: mvn package, 2 platforms, warm (no change)"

mvn_validate_run() {
  local rc=0
  timed "$SVC" "$LOGS/maven.log" env GOCACHE="$WARM_GOCACHE" "${MVN[@]}" "${MVN_NET[@]}" -q validate || rc=$?
  must "$LOGS/maven.log" "$rc"; keep_t mvn_validate
}
mvn_cold_run() {
  local cache rc=0
  quiet "$SVC" "$LOGS/maven.log" "${MVN[@]}" "${MVN_NET[@]}" -q clean
  cache="$(fresh_cache)"
  timed "$SVC" "$LOGS/maven.log" env GOCACHE="$cache" "${MVN[@]}" "${MVN_NET[@]}" package || rc=$?
  must "$LOGS/maven.log" "$rc"; rm -rf "$cache"; keep_t mvn_cold
}
mvn_warm_run() {
  local rc=0
  timed "$SVC" "$LOGS/maven.log" env GOCACHE="$WARM_GOCACHE" "${MVN[@]}" "${MVN_NET[@]}" package || rc=$?
  must "$LOGS/maven.log" "$rc"; keep_t mvn_warm
}
if section_on maven; then
  log "maven: mvn validate / mvn package of the service (plugin $CINEMA_VERSION)"
  schedule mvn_validate_run "$RUNS"
  schedule mvn_cold_run "$RUNS"
  schedule mvn_warm_run "$RUNS"
fi

# ---------------------------------------------------------------- library ---
result lib_cold s "cinema-build: library API (java -cp, BuildMoviesService), cold"
result lib_warm s "cinema-build: library API (java -cp, BuildMoviesService), warm (no change)"
LIB_DIR="$WORK/library"
lib_run() {   # lib_run cold|warm
  local mode="$1" cache rc=0
  if [[ "$mode" == cold ]]; then rm -rf "$LIB_DIR"; cache="$(fresh_cache)"; else cache="$WARM_GOCACHE"; fi
  mkdir -p "$LIB_DIR"
  timed "$WORK" "$LOGS/library.log" env GOCACHE="$cache" java -cp "$EMBED_CP" \
    io.cinemaabyss.cinema.examples.BuildMoviesService "$SVC" "$LIB_DIR/oci" 1.0.0 || rc=$?
  must "$LOGS/library.log" "$rc"
  if [[ "$mode" == cold ]]; then rm -rf "$cache"; fi
  keep_t "lib_$mode"
}
lib_cold_run() { lib_run cold; }
lib_warm_run() { lib_run warm; }
if section_on library; then
  log "library: classpath of examples/embedding"
  quiet "$REPO_ROOT" "$LOGS/library.log" "${MVN[@]}" -q -pl examples/embedding \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=runtime "-Dmdep.outputFile=$WORK/embedding.classpath"
  [[ -d "$REPO_ROOT/examples/embedding/target/classes" ]] || die "examples/embedding is not compiled (run without BENCH_SKIP_INSTALL)"
  EMBED_CP="$REPO_ROOT/examples/embedding/target/classes:$(cat "$WORK/embedding.classpath")"
  log "library: java -cp ... io.cinemaabyss.cinema.examples.BuildMoviesService"
  schedule lib_cold_run "$RUNS"
  schedule lib_warm_run "$RUNS"
fi

# --------------------------------------------------------------- emulated ---
result emu_cold s "emulated: arm64 go build under qemu-user (arm64 Debian Go in a chroot), cold"
EMU_ROOT="$WORK/emulated/root"
emu_prepare() {
  local debs="$REPO_ROOT/.tmp/debs" interp flags p f
  [[ "$(id -u)" -eq 0 ]] || { set_note emu_cold "n/a (chroot needs root)"; return 1; }
  if ! head -n1 /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null | grep -qx enabled; then
    set_note emu_cold "n/a (binfmt handler qemu-aarch64 not enabled)"; return 1
  fi
  mkdir -p "$debs"
  for p in golang-1.19-go:arm64 libc6:arm64 golang-1.19-src; do
    f="${p%%:*}"
    if ! compgen -G "$debs/${f}_*.deb" >/dev/null; then
      log "emulated: apt-get download $p"
      (cd "$debs" && apt-get download -qq "$p") >>"$LOGS/emulated.log" 2>&1 \
        || { apt-get update -qq && (cd "$debs" && apt-get download -qq "$p"); } >>"$LOGS/emulated.log" 2>&1 \
        || die "could not download $p (see $LOGS/emulated.log)"
    fi
  done
  rm -rf "$EMU_ROOT"
  mkdir -p "$EMU_ROOT"
  for f in "$debs"/golang-1.19-go_*_arm64.deb "$debs"/libc6_*_arm64.deb "$debs"/golang-1.19-src_*_all.deb; do
    dpkg-deb -x "$f" "$EMU_ROOT"
  done
  # What go needs besides its own files: /tmp, /dev/null, a shell to cd with (static busybox).
  mkdir -p "$EMU_ROOT/tmp" "$EMU_ROOT/dev" "$EMU_ROOT/bin" "$EMU_ROOT/work"
  chmod 1777 "$EMU_ROOT/tmp"
  mknod -m 666 "$EMU_ROOT/dev/null" c 1 3 2>/dev/null || warn "mknod /dev/null in the chroot failed"
  cp -L /bin/busybox "$EMU_ROOT/bin/busybox" 2>/dev/null \
    || die "/bin/busybox (busybox-static) missing; run scripts/install-packages.sh"
  # Without the F flag the kernel opens the interpreter inside the chroot: put qemu where it looks.
  interp="$(sed -n 's/^interpreter //p' /proc/sys/fs/binfmt_misc/qemu-aarch64)"
  flags="$(sed -n 's/^flags: //p' /proc/sys/fs/binfmt_misc/qemu-aarch64)"
  if [[ "$flags" != *F* ]]; then
    mkdir -p "$EMU_ROOT$(dirname "$interp")"
    cp -L "$interp" "$EMU_ROOT$interp"
  fi
  cp -r "$SVC" "$EMU_ROOT/work/movies-service"
  rm -rf "$EMU_ROOT/work/movies-service/target"
  EMU_QEMU="$(readlink -f "$interp") ($flags)"
}
emu_go() {   # emu_go GOCACHE-IN-CHROOT SHELL-COMMAND
  timed / "$LOGS/emulated.log" env -i PATH=/usr/lib/go-1.19/bin:/usr/bin:/bin HOME=/tmp GOROOT=/usr/lib/go-1.19 \
    GOCACHE="$1" GOPATH=/tmp/gopath CGO_ENABLED=0 LDFLAGS="$LDFLAGS" \
    "$CHROOT" "$EMU_ROOT" /bin/busybox sh -c "cd /work/movies-service && $2"
}
emu_run() {
  local rc=0
  rm -rf "$EMU_ROOT/tmp/gocache" "$EMU_ROOT/tmp/out"
  if [[ "$WARMUP" == true ]]; then
    # Warm-up: the toolchain and std sources into the page cache, without compiling.
    emu_go /tmp/gocache 'go version && go list -deps . >/dev/null' || rc=$?
  else
    emu_go /tmp/gocache 'go build -trimpath "-ldflags=$LDFLAGS" -o /tmp/out/movies-service .' || rc=$?
  fi
  must "$LOGS/emulated.log" "$rc"
  if [[ "$WARMUP" != true ]]; then
    [[ "$(od -An -tx1 -j18 -N2 "$EMU_ROOT/tmp/out/movies-service" 2>/dev/null | tr -d " \n")" == b700 ]] \
      || die "the emulated build did not produce an arm64 ELF binary"
  fi
  rm -rf "$EMU_ROOT/tmp/gocache"
  keep_t emu_cold
}
EMU_QEMU=""
CHROOT="$(command -v chroot || echo /usr/sbin/chroot)"
if section_on emulated; then
  log "emulated: preparing the arm64 chroot"
  if emu_prepare; then
    log "emulated: go build in the chroot through $EMU_QEMU ($EMU_RUNS runs)"
    schedule emu_run "$EMU_RUNS"
  else
    warn "emulated: ${R_NOTE[emu_cold]}"
  fi
fi

# ------------------------------------------------------------------- push ---
result push_first_s      s     "push: first push to a fresh repository (mvn deploy, whole process)"
result push_first_blobs  blobs "push: blobs uploaded on the first push (registry log)"
result push_first_bytes  bytes "push: bytes uploaded on the first push (push.json)"
result push_first_blob_s s     "push: blob phase of the first push (push.json blobs.millis)"
result push_re_s         s     "push: re-push of the unchanged image (mvn deploy, whole process)"
result push_re_blobs     blobs "push: blobs uploaded on the re-push (registry log)"
result push_re_bytes     bytes "push: bytes uploaded on the re-push (push.json)"
result push_re_blob_s    s     "push: blob phase of the re-push (push.json blobs.millis)"
REGISTRY_LOG=""
registry_up() { curl -fsS -o /dev/null --max-time 2 "http://$REGISTRY/v2/" 2>/dev/null; }
file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }
ensure_registry() {   # ensure_registry SECTION: the registry is up, started with the test services if not
  if registry_up; then
    log "$1: using the registry already running on $REGISTRY (it is left running)"
  elif [[ "$SERVICES_STARTED" == true ]]; then
    die "the registry on $REGISTRY went away"
  else
    log "$1: no registry on $REGISTRY: starting the test services"
    SERVICES_STARTED=true
    bash "$REPO_ROOT/scripts/test-services.sh" start >&2
    registry_up || die "the registry on $REGISTRY did not come up"
  fi
}
find_registry_log() {
  # The access log of the registry that answers now: it gains our probe's line.
  local candidates=() c before i
  [[ -n "${CINEMA_TEST_REGISTRY_LOG:-}" ]] && candidates+=("$CINEMA_TEST_REGISTRY_LOG")
  c="$(bash "$REPO_ROOT/scripts/test-services.sh" env 2>/dev/null | sed -n 's/^export CINEMA_TEST_REGISTRY_LOG=//p')"
  [[ -n "$c" ]] && candidates+=("$c")
  for c in "${candidates[@]}"; do
    [[ -f "$c" ]] || continue
    before="$(file_size "$c")"
    curl -fsS -o /dev/null --max-time 2 "http://$REGISTRY/v2/?cinema-benchmark-probe=$$" || true
    for i in $(seq 1 20); do
      if tail -c +"$((before + 1))" "$c" | grep -q "cinema-benchmark-probe=$$"; then REGISTRY_LOG="$c"; return 0; fi
      sleep 0.1
    done
  done
  return 1
}
push_goal_state() {
  # yes | no | unknown, from the installed plugin's descriptor
  local xml
  xml="$(unzip -p "$PLUGIN_JAR" META-INF/maven/plugin.xml 2>/dev/null)" || { echo unknown; return; }
  if grep -q '<goal>push</goal>' <<<"$xml"; then echo yes; else echo no; fi
}
count_puts() {   # count_puts LOG FROM-BYTE REPOSITORY
  [[ -n "$1" ]] || { echo ""; return; }
  tail -c +"$(($2 + 1))" "$1" | grep -cE "\"PUT /v2/$3/blobs/uploads/[^ ]* HTTP/1\.1\" 201" || true
}
push_json() {   # push_json FIELD: a number from target/cinema/push.json, or nothing
  local f="$PUSH_SVC/target/cinema/push.json"
  [[ -f "$f" ]] || return 0
  tr -d '\n' <"$f" | sed -n "s/.*\"$1\" *: *\([0-9][0-9]*\).*/\1/p"
}
push_bytes() { push_json uploadedBytes; }
# uploads_since FROM-BYTE REPOSITORY: blob uploads counted in the registry's log, else push.json's count
uploads_since() { if [[ -n "$REGISTRY_LOG" ]]; then count_puts "$REGISTRY_LOG" "$1" "$2"; else push_json uploaded; fi; }
push_millis_s() { local m; m="$(push_json millis)"; [[ -z "$m" ]] || awk -v m="$m" 'BEGIN { printf "%.3f", m / 1000 }'; }
PUSH_MODE=deploy   # deploy, or goal when mvn deploy does not run the push goal
# The push runs on its own copy of the service, with the image named in its pom as a user would
# (a cinema.image given on the command line would also make the verify phase read the registry).
PUSH_SVC="$WORK/push-service"
push_once() {   # push_once IMAGE -> ELAPSED; 0 ok, 2 goal missing, 1 failed
  local rc=0 logf="$LOGS/push.log" before_lines
  rm -f "$PUSH_SVC/target/cinema/push.json"
  sed -i "s#<cinema.image>.*</cinema.image>#<cinema.image>$1</cinema.image>#" "$PUSH_SVC/pom.xml"
  before_lines=0
  if [[ -f "$logf" ]]; then before_lines="$(wc -l <"$logf")"; fi
  local goals=(deploy)
  [[ "$PUSH_MODE" == goal ]] && goals=(package cinema:push)
  timed "$PUSH_SVC" "$logf" env GOCACHE="$WARM_GOCACHE" "${MVN[@]}" "${MVN_NET[@]}" "${goals[@]}" \
    -Dcinema.allowInsecureRegistries=true || rc=$?
  if tail -n +"$((before_lines + 1))" "$logf" | grep -q "Could not find goal 'push'"; then return 2; fi
  [[ "$rc" -eq 0 ]] || return 1
  if [[ ! -f "$PUSH_SVC/target/cinema/push.json" ]]; then
    if [[ "$PUSH_MODE" == deploy ]]; then
      # mvn deploy did not push (no phase binding yet): call the goal itself.
      PUSH_MODE=goal
      push_once "$1"; return $?
    fi
    return 1
  fi
  return 0
}
PUSH_STAMP="$(date +%s)"
push_run() {
  local i="$1" repo image size rc=0 first
  repo="bench/movies-$PUSH_STAMP-$i"
  image="$REGISTRY/$repo:1"
  size="$(file_size "$REGISTRY_LOG")"
  push_once "$image" || rc=$?
  ((rc == 0)) || return "$rc"
  keep_t push_first_s; first="$ELAPSED"
  if [[ "$WARMUP" != true ]]; then add_run push_first_blobs "$(uploads_since "$size" "$repo")"; fi
  keep push_first_bytes "$(push_bytes)"; keep push_first_blob_s "$(push_millis_s)"
  size="$(file_size "$REGISTRY_LOG")"
  push_once "$image" || rc=$?
  ((rc == 0)) || return "$rc"
  keep_t push_re_s
  if [[ "$WARMUP" != true ]]; then add_run push_re_blobs "$(uploads_since "$size" "$repo")"; fi
  keep push_re_bytes "$(push_bytes)"; keep push_re_blob_s "$(push_millis_s)"
  ELAPSED="$first"
}
PUSH_KEYS=(push_first_s push_first_blobs push_first_bytes push_first_blob_s push_re_s push_re_blobs push_re_bytes push_re_blob_s)
push_section() {
  local state k
  state="$(push_goal_state)"
  if [[ "$state" == no ]]; then
    for k in "${PUSH_KEYS[@]}"; do set_note "$k" "n/a (push goal not available)"; done
    log "push: n/a (the installed plugin has no push goal)"
    return 0
  fi
  cp -r "$SVC" "$PUSH_SVC"
  rm -rf "$PUSH_SVC/target"
  grep -q '<cinema.image>' "$PUSH_SVC/pom.xml" || die "$PUSH_SVC/pom.xml has no <cinema.image> property to point at the registry"
  ensure_registry push
  if find_registry_log; then
    log "push: counting blob uploads in $REGISTRY_LOG"
  else
    warn "push: the registry's access log was not found (set CINEMA_TEST_REGISTRY_LOG); blob counts from push.json"
    R_LABEL[push_first_blobs]="push: blobs uploaded on the first push (push.json; registry log not found)"
    R_LABEL[push_re_blobs]="push: blobs uploaded on the re-push (push.json; registry log not found)"
  fi
  schedule push_scheduled "$RUNS"
}
PUSH_OFF=false
# One round of the push scenario; a missing goal or a failed push is reported, not fatal.
push_scheduled() {
  local rc=0 k
  [[ "$PUSH_OFF" == false ]] || return 0
  push_run "$1" || rc=$?
  if ((rc == 2)); then
    for k in "${PUSH_KEYS[@]}"; do R_RUNS[$k]=""; R_CPU[$k]=""; set_note "$k" "n/a (push goal not available)"; done
    log "push: n/a (Could not find goal 'push')"
    PUSH_OFF=true; ELAPSED=""
  elif ((rc != 0)); then
    for k in "${PUSH_KEYS[@]}"; do
      [[ -n "${R_RUNS[$k]}" ]] || set_note "$k" "failed (see target/benchmark/logs/push.log)"
    done
    warn "push: failed; see $LOGS/push.log"
    PUSH_OFF=true; ELAPSED=""
  elif [[ "$WARMUP" != true ]]; then
    log "  push: first ${R_RUNS[push_first_s]##* } s (${R_RUNS[push_first_blobs]##* } blobs), re-push ${R_RUNS[push_re_s]##* } s (${R_RUNS[push_re_blobs]##* } blobs)"
  fi
  if [[ "$PUSH_OFF" == false && -n "${R_RUNS[push_first_s]}" && -z "${R_RUNS[push_first_bytes]}" ]]; then
    set_note push_first_bytes "n/a (push.json has no uploadedBytes)"; set_note push_re_bytes "n/a (push.json has no uploadedBytes)"
  fi
}
if section_on push; then
  log "push: mvn deploy to $REGISTRY (-Dcinema.allowInsecureRegistries=true)"
  push_section
fi

# ------------------------------------------------------------------ scale ---
result scale_1 s "scale: 1 service, mvn -T 2 package, cold"
result scale_2 s "scale: 2 services in one reactor, mvn -T 2 package, cold"
result scale_3 s "scale: 3 services in one reactor, mvn -T 2 package, cold"
result scale_10 s "scale: 10 services in one reactor, mvn -T 2 package, cold"
SCALE_DIR="$WORK/scale"
SCALE_SIZES="${BENCH_SCALE:-1 2 3 10}"
for n in $SCALE_SIZES; do
  [[ " 1 2 3 10 " == *" $n "* ]] || die "BENCH_SCALE takes sizes out of 1 2 3 10, got '$n'"
done
scale_prepare() {
  local i n modules
  mkdir -p "$SCALE_DIR"
  for ((i = 1; i <= 10; i++)); do
    cp -r "$SVC" "$SCALE_DIR/svc-$i"
    rm -rf "$SCALE_DIR/svc-$i/target"
    # Distinct artifacts and Go modules: ten services, not one service built ten times.
    sed -i "0,/<artifactId>movies-service<\/artifactId>/s//<artifactId>movies-service-$i<\/artifactId>/" "$SCALE_DIR/svc-$i/pom.xml"
    sed -i "s#<name>movies-service</name>#<name>movies-service-$i</name>#" "$SCALE_DIR/svc-$i/pom.xml"
    sed -i "s#^module .*#module example.com/movies-service-$i#" "$SCALE_DIR/svc-$i/go.mod"
  done
  for n in $SCALE_SIZES; do
    modules=""
    for ((i = 1; i <= n; i++)); do modules+="    <module>svc-$i</module>"$'\n'; done
    cat >"$SCALE_DIR/pom-$n.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by scripts/benchmark.sh: a reactor of $n service(s). -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.cinemaabyss.benchmark</groupId>
  <artifactId>reactor-$n</artifactId>
  <version>1.0.0</version>
  <packaging>pom</packaging>
  <modules>
$modules  </modules>
</project>
EOF
  done
}
scale_run() {   # scale_run N
  local n="$1" cache rc=0
  quiet "$SCALE_DIR" "$LOGS/scale.log" "${MVN[@]}" "${MVN_NET[@]}" -q -f "pom-$n.xml" clean
  cache="$(fresh_cache)"
  timed "$SCALE_DIR" "$LOGS/scale.log" env GOCACHE="$cache" "${MVN[@]}" "${MVN_NET[@]}" -T 2 -f "pom-$n.xml" package || rc=$?
  must "$LOGS/scale.log" "$rc"; rm -rf "$cache"
  keep_t "scale_$n"
}
scale_1_run() { scale_run 1; }
scale_2_run() { scale_run 2; }
scale_3_run() { scale_run 3; }
scale_10_run() { scale_run 10; }
if section_on scale; then
  log "scale: $SCALE_SIZES service(s) in one reactor with -T 2"
  scale_prepare
  for n in $SCALE_SIZES; do schedule "scale_${n}_run" "$RUNS"; done
fi

# -------------------------------------------------------------------- big ---
result big_s        s  "100 MB binary: mvn package, 2 platforms (warm GOCACHE, after mvn clean)"
result big_rss_tree MB "100 MB binary: peak RSS under mvn package, /usr/bin/time -v (largest process: JVM or a go child)"
result big_rss_jvm  MB "100 MB binary: peak RSS of the Maven JVM itself (VmHWM, sampled every 0.1 s)"
result big_go_rss   MB "100 MB binary: peak RSS of a raw go build of it (both platforms in parallel, /usr/bin/time -v)"
result big_size     MB "100 MB binary: size of the linux/amd64 binary"
BIG="$WORK/big-service"
big_prepare() {
  mkdir -p "$BIG"
  cp "$SVC/pom.xml" "$BIG/pom.xml"
  sed -i "0,/<artifactId>movies-service<\/artifactId>/s//<artifactId>big-service<\/artifactId>/" "$BIG/pom.xml"
  sed -i "s#<name>movies-service</name>#<name>big-service</name>#" "$BIG/pom.xml"
  printf 'module example.com/big-service\n\ngo 1.19\n' >"$BIG/go.mod"
  cat >"$BIG/main.go" <<'EOF'
// Generated by scripts/benchmark.sh: a service whose binary carries a 100 MB embedded asset.
package main

import (
	"crypto/sha256"
	_ "embed"
	"fmt"
	"os"
)

var version = "dev"

//go:embed big.bin
var big []byte

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Println("big-service", version)
		return
	}
	fmt.Printf("%d bytes, sha256 %x\n", len(big), sha256.Sum256(big))
}
EOF
  # Random-looking but deterministic: AES-256-CTR of zeros under a fixed key.
  { openssl enc -aes-256-ctr -nosalt -K "$(printf '%064d' 0)" -iv "$(printf '%032d' 0)" -in /dev/zero 2>/dev/null || true; } \
    | head -c "$BIG_BYTES" >"$BIG/big.bin"
  [[ "$(file_size "$BIG/big.bin")" -eq "$BIG_BYTES" ]] || die "could not generate $BIG/big.bin"
}
# jvm_hwm_sampler TIME_PID OUTFILE: records the VmHWM (kB) of time's child once it is the java process.
jvm_hwm_sampler() {
  local tpid="$1" out="$2" child="" v comm
  while kill -0 "$tpid" 2>/dev/null; do
    if [[ -z "$child" ]]; then
      child="$(cat "/proc/$tpid/task/$tpid/children" 2>/dev/null | awk '{ print $1 }')"
    fi
    if [[ -n "$child" ]]; then
      comm="$(cat "/proc/$child/comm" 2>/dev/null || true)"
      if [[ "$comm" == java ]]; then
        v="$(awk '/^VmHWM:/ { print $2 }' "/proc/$child/status" 2>/dev/null || true)"
        [[ -n "$v" ]] && printf '%s\n' "$v" >"$out"
      fi
    fi
    sleep 0.1
  done
}
cpu_of_time_v() { awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { t += $2 } END { printf "%.2f", t }' "$1"; }
kb_of_time() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$1"; }
big_run() {
  local rc=0 tfile="$WORK/big.time" hwm="$WORK/big.hwm"
  quiet "$BIG" "$LOGS/big.log" "${MVN[@]}" "${MVN_NET[@]}" -q clean
  rm -f "$tfile" "$hwm"
  local t0 t1
  printf '\n===== %s $ mvn package (big)\n' "$(date -u +%H:%M:%S)" >>"$LOGS/big.log"
  t0=$(date +%s.%N)
  (cd "$BIG" && exec setsid /usr/bin/time -v -o "$tfile" env GOCACHE="$WARM_GOCACHE" "${MVN[@]}" "${MVN_NET[@]}" package) \
    </dev/null >>"$LOGS/big.log" 2>&1 &
  CUR_PID=$!
  jvm_hwm_sampler "$CUR_PID" "$hwm" &
  SAMPLER_PID=$!
  wait "$CUR_PID" || rc=$?
  t1=$(date +%s.%N)
  CUR_PID=""
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  ELAPSED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  must "$LOGS/big.log" "$rc"
  keep_t big_s "$ELAPSED" "$(cpu_of_time_v "$tfile")"
  keep big_rss_tree "$(awk -v k="$(kb_of_time "$tfile")" 'BEGIN { printf "%.1f", k / 1024 }')"
  [[ -s "$hwm" ]] && keep big_rss_jvm "$(awk -v k="$(cat "$hwm")" 'BEGIN { printf "%.1f", k / 1024 }')"
  keep big_size "$(awk -v b="$(file_size "$BIG/target/cinema/work/bin/linux-amd64/big-service")" 'BEGIN { printf "%.1f", b / 1048576 }')"
  # The same binaries from a raw go build, for whose memory the go processes need.
  rm -rf "$WORK/big-floor"
  local save="$ELAPSED"
  timed "$BIG" "$LOGS/big.log" /usr/bin/time -v -o "$tfile" env GOCACHE="$WARM_GOCACHE" GO="$GO" LDFLAGS="$LDFLAGS" \
    OUTDIR="$WORK/big-floor" CGO_ENABLED=0 GOOS=linux \
    sh -c 'GOARCH=amd64 "$GO" build -trimpath "-ldflags=$LDFLAGS" -o "$OUTDIR/amd64" . & a=$!
           GOARCH=arm64 "$GO" build -trimpath "-ldflags=$LDFLAGS" -o "$OUTDIR/arm64" . & b=$!
           ra=0; rb=0; wait $a || ra=$?; wait $b || rb=$?; [ $ra -eq 0 ] && [ $rb -eq 0 ]' || rc=$?
  must "$LOGS/big.log" "$rc"
  keep big_go_rss "$(awk -v k="$(kb_of_time "$tfile")" 'BEGIN { printf "%.1f", k / 1024 }')"
  ELAPSED="$save"
}
if section_on big; then
  log "big: generating a Go service with a 100 MB embedded asset"
  big_prepare
  schedule big_run "$RUNS"
fi

# --------------------------------------------------------------- pushcmp ---
# The registry client against skopeo (issue 17 / docs/registry-client.md): the same layout pushed to
# a fresh repository by `mvn cinema:push` and by `skopeo copy --all`, the 2-platform movies-service
# image and the 100 MB image, as a ratio (goal <= 1.0x). The Maven time includes Maven's start, as a
# user sees it; the blob phase alone (push.json millis) is recorded beside it, and the CLI jar's push.
# skopeo runs with an empty blob-info cache of its own each time (a tmpfs over
# /var/lib/containers/cache in a private mount namespace): with its cache, skopeo mounts every blob it
# pushed in an earlier round from that round's repository and uploads nothing, which is not the same work.
result pushcmp_cinema_small s "pushcmp: mvn cinema:push, 2-platform image, fresh repository"
result pushcmp_cinema_small_blob s "pushcmp: its blob phase (push.json)"
result pushcmp_cli_small s "pushcmp: java -jar cinema-cli push, 2-platform image, fresh repository"
result pushcmp_skopeo_small s "pushcmp: skopeo copy --all, same layout, fresh repository, empty blob-info cache"
result pushcmp_cinema_big s "pushcmp: mvn cinema:push, 100 MB image, fresh repository"
result pushcmp_cinema_big_blob s "pushcmp: its blob phase (push.json)"
result pushcmp_cli_big s "pushcmp: java -jar cinema-cli push, 100 MB image, fresh repository"
result pushcmp_skopeo_big s "pushcmp: skopeo copy --all, 100 MB layout, fresh repository, empty blob-info cache"
# SKOPEO_FRESH: skopeo with an empty blob-info cache (root: a private tmpfs over its cache; else plain skopeo, with a warning)
if [[ "$(id -u)" == 0 ]] && command -v unshare >/dev/null; then
  SKOPEO_FRESH=(unshare -m sh -c 'mkdir -p /var/lib/containers/cache && mount -t tmpfs tmpfs /var/lib/containers/cache && exec skopeo "$@"' skopeo)
else
  SKOPEO_FRESH=(skopeo)
  section_on pushcmp && warn "pushcmp: not root, so skopeo keeps its blob-info cache and may mount blobs of earlier rounds"
fi
layout_tag() {   # layout_tag LAYOUT-DIR: the tag of its image index (else its first tag), from index.json
  jq -r '([.manifests[] | select(.mediaType | test("image.index|manifest.list")) | .annotations["org.opencontainers.image.ref.name"] // empty]
          + [.manifests[] | .annotations["org.opencontainers.image.ref.name"] // empty])[0] // empty' "$1/index.json"
}
pushcmp_one() {   # pushcmp_one PROJECT-DIR KEY ROUND
  local dir="$1" key="$2" i="$3" tag fresh rc=0
  if [[ ! -f "$dir/target/cinema/oci/index.json" ]]; then
    quiet "$dir" "$LOGS/pushcmp.log" env GOCACHE="$WARM_GOCACHE" "${MVN[@]}" "${MVN_NET[@]}" -q package
  fi
  tag="$(layout_tag "$dir/target/cinema/oci")"
  [[ -n "$tag" ]] || die "pushcmp: no tag in $dir/target/cinema/oci/index.json"
  fresh="$REGISTRY/bench/pushcmp-$key-$PUSH_STAMP-$i"
  rm -f "$dir/target/cinema/push.json"
  timed "$dir" "$LOGS/pushcmp.log" "${MVN[@]}" "${MVN_NET[@]}" -q cinema:push -Dcinema.image="$fresh-cinema:$tag" \
    -Dcinema.allowInsecureRegistries=true || rc=$?
  must "$LOGS/pushcmp.log" "$rc"
  keep_t "pushcmp_cinema_$key"
  keep "pushcmp_cinema_${key}_blob" "$(PUSH_SVC="$dir" push_millis_s)"
  if [[ -n "$CLI_JAR" ]]; then
    timed "$dir" "$LOGS/pushcmp.log" java -jar "$CLI_JAR" push -q --insecure-registry "$REGISTRY" \
      "oci:$dir/target/cinema/oci:$tag" "docker://$fresh-cli:$tag" || rc=$?
    must "$LOGS/pushcmp.log" "$rc"
    keep_t "pushcmp_cli_$key"
  fi
  timed "$dir" "$LOGS/pushcmp.log" "${SKOPEO_FRESH[@]}" copy --all --dest-tls-verify=false \
    "oci:$dir/target/cinema/oci:$tag" "docker://$fresh-skopeo:$tag" || rc=$?
  must "$LOGS/pushcmp.log" "$rc"
  keep_t "pushcmp_skopeo_$key"
}
pushcmp_run() {
  local i="$1"
  pushcmp_one "$PUSH_SVC" small "$i"
  [[ -d "$BIG" ]] && pushcmp_one "$BIG" big "$i"
  ELAPSED="$(med pushcmp_cinema_small)"
}
if section_on pushcmp; then
  section_on push || die "pushcmp needs the push section (its copy of the service)"
  log "pushcmp: mvn cinema:push vs skopeo copy --all to fresh repositories of $REGISTRY"
  schedule pushcmp_run "$RUNS"
fi

# ---------------------------------------------------------------- inspect ---
# Reading a pushed 2-platform index down to each platform's architecture (issue 14): `mvn
# cinema:inspect` and the CLI jar against the calls a skopeo user needs for the same facts, the
# index (`skopeo inspect --raw`) and one `skopeo inspect --override-os/--override-arch` per platform
# (its config's Architecture). Maven's start is in the Maven row, as a user sees it; the maven
# section's `mvn validate` is that start, shown apart in the ratios.
result inspect_mvn    s "inspect: mvn cinema:inspect of the pushed 2-platform index (-Dcinema.json=true)"
result inspect_cli    s "inspect: java -jar cinema-cli inspect REF --json --insecure-registry HOST"
result inspect_skopeo s "inspect: skopeo inspect --raw + one skopeo inspect --override-arch per platform"
INSPECT_SVC="$WORK/inspect-service"
INSPECT_REF=""
INSPECT_ARCHS=""
# The index to read: the service's layout copied once to a fresh repository by skopeo (untimed).
inspect_prepare() {
  local tag rc=0
  ensure_registry inspect
  cp -r "$SVC" "$INSPECT_SVC"
  rm -rf "$INSPECT_SVC/target"
  quiet "$INSPECT_SVC" "$LOGS/inspect.log" env GOCACHE="$WARM_GOCACHE" "${MVN[@]}" -q package
  tag="$(layout_tag "$INSPECT_SVC/target/cinema/oci")"
  [[ -n "$tag" ]] || die "inspect: no tag in $INSPECT_SVC/target/cinema/oci/index.json"
  INSPECT_REF="$REGISTRY/bench/inspect-$PUSH_STAMP:$tag"
  quiet "$INSPECT_SVC" "$LOGS/inspect.log" skopeo copy --all --dest-tls-verify=false \
    "oci:$INSPECT_SVC/target/cinema/oci:$tag" "docker://$INSPECT_REF"
  INSPECT_ARCHS="$(skopeo inspect --raw --tls-verify=false "docker://$INSPECT_REF" \
    | jq -r '.manifests[] | select(.platform.os == "linux") | .platform.architecture' | sort -u | paste -sd' ' -)" || rc=$?
  [[ "$rc" -eq 0 && -n "$INSPECT_ARCHS" ]] || die "inspect: could not read the platforms of $INSPECT_REF"
  if [[ -z "$CLI_JAR" ]]; then
    set_note inspect_cli "n/a (no cinema-cli/target/cinema-cli-*.jar: run without BENCH_SKIP_INSTALL)"
  fi
}
# inspect_check LOGFILE FROM-LINE WHO: the output since FROM-LINE names every platform's architecture.
inspect_check() {
  local a out
  out="$(tail -n +"$(($2 + 1))" "$1")"
  for a in $INSPECT_ARCHS; do
    grep -q "\"$a\"" <<<"$out" || die "inspect: $3 did not report architecture $a (see $1)"
  done
}
lines_of() { if [[ -f "$1" ]]; then wc -l <"$1"; else echo 0; fi; }
inspect_run() {
  local rc=0 from logf="$LOGS/inspect.log"
  from="$(lines_of "$logf")"
  timed "$INSPECT_SVC" "$logf" "${MVN[@]}" "${MVN_NET[@]}" -q cinema:inspect -Dcinema.image="$INSPECT_REF" \
    -Dcinema.allowInsecureRegistries=true -Dcinema.json=true || rc=$?
  must "$logf" "$rc"; inspect_check "$logf" "$from" "mvn cinema:inspect"; keep_t inspect_mvn
  local first="$ELAPSED"
  if [[ -n "$CLI_JAR" ]]; then
    from="$(lines_of "$logf")"
    timed "$INSPECT_SVC" "$logf" java -jar "$CLI_JAR" inspect "$INSPECT_REF" --json --insecure-registry "$REGISTRY" || rc=$?
    must "$logf" "$rc"; inspect_check "$logf" "$from" "the CLI"; keep_t inspect_cli
  fi
  from="$(lines_of "$logf")"
  timed "$INSPECT_SVC" "$logf" env REF="docker://$INSPECT_REF" ARCHS="$INSPECT_ARCHS" \
    sh -c 'skopeo inspect --raw --tls-verify=false "$REF" && for a in $ARCHS; do
             skopeo inspect --tls-verify=false --override-os linux --override-arch "$a" "$REF" || exit 1; done' || rc=$?
  must "$logf" "$rc"; inspect_check "$logf" "$from" "skopeo"; keep_t inspect_skopeo
  ELAPSED="$first"
}
if section_on inspect; then
  log "inspect: mvn cinema:inspect and the CLI vs skopeo inspect, a 2-platform index on $REGISTRY"
  inspect_prepare
  schedule inspect_run "$RUNS"
fi

# ------------------------------------------------------------- dockerfile ---
# A Dockerfile service with 2 platforms (examples/events-service: its Dockerfile, go.mod and Go
# code) built by `mvn package` in the plugin's Dockerfile mode (dockerd's Engine API) and by
# `buildah bud --platform linux/amd64,linux/arm64` (daemonless) on the same Dockerfile and context.
# The base images are local: the Go builder image of scripts/make-docker-images.sh (linux/amd64,
# copied to the test registry: buildah 1.28 looks up a FROM --platform=$BUILDPLATFORM image for each
# target platform and pulls it when its local copy is of another one) and the test registry's
# multi-arch busybox. buildah runs on its own storage under target/benchmark, so that dropping its
# caches touches no one else's images; the Go image is pulled into it again, untimed, after each drop.
# Cold: the layer caches cannot serve the compile (for dockerd, a fresh comment line in main.go and
# the built images removed; for buildah, `buildah rmi --all` and the bases loaded again, untimed);
# the Go build cache is empty in both, as the image carries none. Warm: the same build again, no change.
# cinema.dockerfileCross is passed as auto and as off; a plugin that does not know the property
# ignores it, so both rows are then the plain build.
result df_cinema_auto_cold s "dockerfile: mvn package, 2 platforms, -Dcinema.dockerfileCross=auto, cold"
result df_cinema_off_cold  s "dockerfile: mvn package, 2 platforms, -Dcinema.dockerfileCross=off, cold"
result df_buildah_cold     s "dockerfile: buildah bud --layers --platform linux/amd64,linux/arm64, cold"
result df_cinema_auto_warm s "dockerfile: mvn package, -Dcinema.dockerfileCross=auto, warm (no change)"
result df_cinema_off_warm  s "dockerfile: mvn package, -Dcinema.dockerfileCross=off, warm (no change)"
result df_buildah_warm     s "dockerfile: buildah bud --layers, same, warm (no change)"
DF_SVC="$WORK/dockerfile-service"
# BENCH_DOCKERFILE=emulated (default): events-service's Dockerfile with its Go stage made the usual kind
# (no --platform=$BUILDPLATFORM, no GOOS/GOARCH), which buildah and a plain build compile under QEMU and
# dockerfileCross=auto cross-compiles; native: the Dockerfile as written (it cross-compiles itself).
DF_KIND="${BENCH_DOCKERFILE:-emulated}"
[[ "$DF_KIND" == emulated || "$DF_KIND" == native ]] || die "BENCH_DOCKERFILE takes emulated or native, got '$DF_KIND'"
DF_GO_LOCAL="${CINEMA_TEST_GO_IMAGE:-localhost/cinema-test/go:1.19}"
DF_GO_IMAGE="$REGISTRY/bench-dockerfile/go:1.19"
DF_BASE_IMAGE="${CINEMA_TEST_BASE_IMAGE:-$REGISTRY/cinema-test/busybox:1}"
DF_IMAGE="bench-dockerfile-$PUSH_STAMP/events-service"
DF_BUILDAH=(buildah --root "$WORK/buildah/root" --runroot "$WORK/buildah/run" --storage-driver overlay)
DF_NONCE=0
df_prepare() {
  command -v buildah >/dev/null 2>&1 || die "dockerfile: buildah not found (apt-get install buildah)"
  command -v docker >/dev/null 2>&1 || die "dockerfile: the docker CLI not found; run scripts/install-packages.sh"
  ensure_registry dockerfile
  quiet "$REPO_ROOT" "$LOGS/dockerfile.log" bash "$REPO_ROOT/scripts/make-docker-images.sh"
  mkdir -p "$DF_SVC" "$WORK/buildah"
  cp "$REPO_ROOT/examples/events-service/"{pom.xml,Dockerfile,go.mod,main.go} "$DF_SVC/"
  if [[ "$DF_KIND" == emulated ]]; then
    # the Dockerfile most services have: the Go stage of the target's platform, compiling under QEMU for a foreign one
    sed -i -e 's/^FROM --platform=\$BUILDPLATFORM \${GO_IMAGE} AS build$/FROM ${GO_IMAGE} AS build/' -e '/^ARG TARGETOS TARGETARCH$/d' \
      -e 's/CGO_ENABLED=0 GOOS=\$TARGETOS GOARCH=\$TARGETARCH /CGO_ENABLED=0 /' "$DF_SVC/Dockerfile"
    grep -q 'BUILDPLATFORM\|TARGETARCH' "$DF_SVC/Dockerfile" && die "dockerfile: could not make the emulated Dockerfile from examples/events-service"
  fi
  if [[ "$DF_KIND" == emulated ]]; then
    # an emulated Go stage runs the Go image of each target platform: the two-platform one
    DF_GO_IMAGE="$(CINEMA_TEST_REGISTRY="$REGISTRY" bash "$REPO_ROOT/scripts/make-go-multiarch-image.sh" 2>>"$LOGS/dockerfile.log" | tail -n 1)"
    [[ -n "$DF_GO_IMAGE" ]] || die "dockerfile: scripts/make-go-multiarch-image.sh made no image (see $LOGS/dockerfile.log)"
  else
    quiet "$WORK" "$LOGS/dockerfile.log" skopeo copy -q --dest-tls-verify=false "docker-daemon:$DF_GO_LOCAL" "docker://$DF_GO_IMAGE"
  fi
}
df_buildah_bases() {   # the Go image into buildah's own storage (untimed); busybox is pulled by the build
  quiet "$WORK" "$LOGS/dockerfile.log" "${DF_BUILDAH[@]}" pull -q --tls-verify=false "$DF_GO_IMAGE"
}
df_mvn() {   # df_mvn auto|off: one timed mvn package of the Dockerfile service
  local rc=0
  timed "$DF_SVC" "$LOGS/dockerfile.log" "${MVN[@]}" "${MVN_NET[@]}" package -Dcinema.dockerfileCross="$1" \
    -Dcinema.image="$DF_IMAGE:1.0.0" -Dgo.image="$DF_GO_IMAGE" -Dbase.image="$DF_BASE_IMAGE" \
    -Dcinema.allowInsecureRegistries=true || rc=$?
  must "$LOGS/dockerfile.log" "$rc"
}
df_drop_docker() {   # the images the plugin tagged (their parent layers go with them) and a fresh main.go line
  local ids
  ids="$(docker images -q "$DF_IMAGE" | sort -u)"
  [[ -z "$ids" ]] || docker rmi -f $ids >>"$LOGS/dockerfile.log" 2>&1 || true
  DF_NONCE=$((DF_NONCE + 1))
  printf '\n// benchmark cold run %s\n' "$DF_NONCE" >>"$DF_SVC/main.go"
}
df_cinema_cold() {   # df_cinema_cold auto|off
  quiet "$DF_SVC" "$LOGS/dockerfile.log" "${MVN[@]}" "${MVN_NET[@]}" -q clean
  df_drop_docker
  df_mvn "$1"; keep_t "df_cinema_$1_cold"
}
df_buildah() {
  local rc=0
  "${DF_BUILDAH[@]}" manifest rm "$DF_IMAGE:1.0.0" >>"$LOGS/dockerfile.log" 2>&1 || true
  timed "$DF_SVC" "$LOGS/dockerfile.log" "${DF_BUILDAH[@]}" bud --layers --tls-verify=false \
    --platform linux/amd64,linux/arm64 --manifest "$DF_IMAGE:1.0.0" \
    --build-arg GO_IMAGE="$DF_GO_IMAGE" --build-arg BASE_IMAGE="$DF_BASE_IMAGE" --build-arg VERSION=1.0.0 \
    -f Dockerfile . || rc=$?
  must "$LOGS/dockerfile.log" "$rc"
}
df_buildah_cold() {
  "${DF_BUILDAH[@]}" manifest rm "$DF_IMAGE:1.0.0" >>"$LOGS/dockerfile.log" 2>&1 || true
  quiet "$WORK" "$LOGS/dockerfile.log" "${DF_BUILDAH[@]}" rmi --all --force
  df_buildah_bases
  df_buildah; keep_t df_buildah_cold
}
df_run() {   # one round: cold then warm, for each of the three
  local first
  df_cinema_cold auto; first="$ELAPSED"
  df_mvn auto; keep_t df_cinema_auto_warm
  df_cinema_cold off
  df_mvn off; keep_t df_cinema_off_warm
  df_buildah_cold
  df_buildah; keep_t df_buildah_warm
  ELAPSED="$first"
}
df_cleanup() {
  local ids
  ids="$(docker images -q "$DF_IMAGE" 2>/dev/null | sort -u)"
  [[ -z "$ids" ]] || docker rmi -f $ids >/dev/null 2>&1 || true
  "${DF_BUILDAH[@]}" rmi --all --force >/dev/null 2>&1 || true
}
if section_on dockerfile; then
  log "dockerfile: mvn package (Dockerfile mode, dockerd) vs buildah bud, examples/events-service ($DF_KIND Dockerfile), 2 platforms"
  df_prepare
  schedule df_run "$RUNS"
fi

# ------------------------------------------------------------------- runs ---
run_schedule
section_on dockerfile && df_cleanup

# ----------------------------------------------------------------- report ---
LOAD_END="$(load_now)"
DATE_END="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
MACHINE_ARCH="$(uname -m)"
KERNEL="$(uname -r)"
CORES="$(nproc)"
MEM_MB="$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
CPU_MODEL="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
OS_NAME="$(. /etc/os-release 2>/dev/null && printf '%s' "${PRETTY_NAME:-unknown}")"
GO_VERSION="$($GO version)"
JAVA_VERSION="$(java -version 2>&1 | head -n1)"
MAVEN_VERSION="$("${MVN[@]}" -v 2>/dev/null | head -n1 | sed 's/\x1b\[[0-9;]*m//g')"
QEMU_VERSION="$( (qemu-aarch64-static --version 2>/dev/null || true) | head -n1)"
SOURCE_REVISION="${BENCH_SOURCE_REVISION:-$(git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo unknown)}"

# ratios and targets
M_VALIDATE="$(med mvn_validate)"; M_COLD="$(med mvn_cold)"; M_WARM="$(med mvn_warm)"
F_PAR="$(med floor_cold_par)"; F_SEQ="$(med floor_cold_seq)"; F_ARM="$(med floor_cold_arm64)"
L_COLD="$(med lib_cold)"; E_COLD="$(med emu_cold)"
S1="$(med scale_1)"; S3="$(med scale_3)"; S2="$(med scale_2)"

declare -A RATIO RATIO_LABEL
RATIO_ORDER=()
ratio() { RATIO[$1]="$3"; RATIO_LABEL[$1]="$2"; RATIO_ORDER+=("$1"); }
ratio mvn_cold_over_floor_par     "mvn package cold / raw go build both platforms in parallel, cold" "$(calc 'a / b' a="$M_COLD" b="$F_PAR")"
ratio mvn_cold_over_floor_seq     "mvn package cold / raw go build both platforms sequentially, cold" "$(calc 'a / b' a="$M_COLD" b="$F_SEQ")"
ratio mvn_cold_over_start_floor   "mvn package cold / (mvn validate + raw go build in parallel, cold)" "$(calc 'a / (b + c)' a="$M_COLD" b="$M_VALIDATE" c="$F_PAR")"
ratio plugin_overhead_cold_s      "mvn package cold - mvn validate - raw go build in parallel, cold (s)" "$(calc 'a - b - c' a="$M_COLD" b="$M_VALIDATE" c="$F_PAR")"
ratio plugin_overhead_warm_s      "mvn package warm - mvn validate (s)" "$(calc 'a - b' a="$M_WARM" b="$M_VALIDATE")"
ratio lib_cold_over_floor_par     "library API cold / raw go build both platforms in parallel, cold" "$(calc 'a / b' a="$L_COLD" b="$F_PAR")"
ratio emu_over_mvn_cold           "emulated arm64 compile / mvn package cold (both platforms, whole Maven process)" "$(calc 'a / b' a="$E_COLD" b="$M_COLD")"
ratio emu_over_floor_arm64        "emulated arm64 compile / raw go build linux/arm64 cross-compile, cold" "$(calc 'a / b' a="$E_COLD" b="$F_ARM")"
C_VALIDATE="$(med_cpu mvn_validate)"; C_COLD="$(med_cpu mvn_cold)"; C_WARM="$(med_cpu mvn_warm)"
C_PAR="$(med_cpu floor_cold_par)"; C_EMU="$(med_cpu emu_cold)"; C_ARM="$(med_cpu floor_cold_arm64)"
ratio cpu_mvn_cold_over_floor_par "CPU: mvn package cold / raw go build both platforms in parallel, cold" "$(calc 'a / b' a="$C_COLD" b="$C_PAR")"
ratio cpu_plugin_overhead_cold_s  "CPU: mvn package cold - mvn validate - raw go build in parallel, cold (s)" "$(calc 'a - b - c' a="$C_COLD" b="$C_VALIDATE" c="$C_PAR")"
ratio cpu_plugin_overhead_warm_s  "CPU: mvn package warm - mvn validate (s)" "$(calc 'a - b' a="$C_WARM" b="$C_VALIDATE")"
ratio cpu_emu_over_mvn_cold       "CPU: emulated arm64 compile / mvn package cold" "$(calc 'a / b' a="$C_EMU" b="$C_COLD")"
ratio cpu_emu_over_floor_arm64    "CPU: emulated arm64 compile / raw go build linux/arm64, cold" "$(calc 'a / b' a="$C_EMU" b="$C_ARM")"
ratio scale_2_over_1              "2 services / 1 service (-T 2, cold)" "$(calc 'a / b' a="$S2" b="$S1")"
ratio scale_3_over_1              "3 services / 1 service (-T 2, cold)" "$(calc 'a / b' a="$S3" b="$S1")"
S10="$(med scale_10)"
ratio scale_10_over_1             "10 services / 1 service (-T 2, cold)" "$(calc 'a / b' a="$S10" b="$S1")"
ratio pushcmp_small               "pushcmp: mvn cinema:push / skopeo copy --all, 2-platform image" "$(calc 'a / b' a="$(med pushcmp_cinema_small)" b="$(med pushcmp_skopeo_small)")"
ratio pushcmp_small_blob          "pushcmp: cinema blob phase / skopeo copy --all, 2-platform image" "$(calc 'a / b' a="$(med pushcmp_cinema_small_blob)" b="$(med pushcmp_skopeo_small)")"
ratio pushcmp_big                 "pushcmp: mvn cinema:push / skopeo copy --all, 100 MB image" "$(calc 'a / b' a="$(med pushcmp_cinema_big)" b="$(med pushcmp_skopeo_big)")"
ratio pushcmp_cli_small           "pushcmp: cinema-cli push / skopeo copy --all, 2-platform image" "$(calc 'a / b' a="$(med pushcmp_cli_small)" b="$(med pushcmp_skopeo_small)")"
ratio pushcmp_cli_big             "pushcmp: cinema-cli push / skopeo copy --all, 100 MB image" "$(calc 'a / b' a="$(med pushcmp_cli_big)" b="$(med pushcmp_skopeo_big)")"
ratio pushcmp_big_blob            "pushcmp: cinema blob phase / skopeo copy --all, 100 MB image" "$(calc 'a / b' a="$(med pushcmp_cinema_big_blob)" b="$(med pushcmp_skopeo_big)")"
ratio pushcmp_small_no_start      "pushcmp: (mvn cinema:push - mvn validate) / skopeo copy --all, 2-platform image" "$(calc '(a - c) / b' a="$(med pushcmp_cinema_small)" b="$(med pushcmp_skopeo_small)" c="$M_VALIDATE")"
ratio pushcmp_big_no_start        "pushcmp: (mvn cinema:push - mvn validate) / skopeo copy --all, 100 MB image" "$(calc '(a - c) / b' a="$(med pushcmp_cinema_big)" b="$(med pushcmp_skopeo_big)" c="$M_VALIDATE")"
I_MVN="$(med inspect_mvn)"; I_CLI="$(med inspect_cli)"; I_SKOPEO="$(med inspect_skopeo)"
ratio inspect_mvn                 "inspect: mvn cinema:inspect / the skopeo calls" "$(calc 'a / b' a="$I_MVN" b="$I_SKOPEO")"
ratio inspect_mvn_no_start        "inspect: (mvn cinema:inspect - mvn validate) / the skopeo calls" "$(calc '(a - c) / b' a="$I_MVN" b="$I_SKOPEO" c="$M_VALIDATE")"
ratio inspect_cli                 "inspect: cinema-cli inspect / the skopeo calls" "$(calc 'a / b' a="$I_CLI" b="$I_SKOPEO")"
D_BUILDAH_COLD="$(med df_buildah_cold)"; D_BUILDAH_WARM="$(med df_buildah_warm)"
ratio df_auto_cold                "dockerfile: mvn package (dockerfileCross=auto) / buildah bud, cold" "$(calc 'a / b' a="$(med df_cinema_auto_cold)" b="$D_BUILDAH_COLD")"
ratio df_off_cold                 "dockerfile: mvn package (dockerfileCross=off) / buildah bud, cold" "$(calc 'a / b' a="$(med df_cinema_off_cold)" b="$D_BUILDAH_COLD")"
ratio df_auto_warm                "dockerfile: mvn package (dockerfileCross=auto) / buildah bud, warm" "$(calc 'a / b' a="$(med df_cinema_auto_warm)" b="$D_BUILDAH_WARM")"
ratio df_off_warm                 "dockerfile: mvn package (dockerfileCross=off) / buildah bud, warm" "$(calc 'a / b' a="$(med df_cinema_off_warm)" b="$D_BUILDAH_WARM")"
ratio df_buildah_over_auto_cold   "dockerfile: buildah bud / mvn package (dockerfileCross=auto), cold (issue 14 point 2 wants >= 4 on an emulated stage)" "$(calc 'b / a' a="$(med df_cinema_auto_cold)" b="$D_BUILDAH_COLD")"

declare -A T_TEXT T_VALUE T_MET
T_ORDER=()
verdict() { [[ -z "$1" ]] && { echo "n/a"; return; }; awk -v v="$1" "BEGIN { exit !($2) }" && echo met || echo "NOT met"; }
# verdict_net VALUE CONDITION: for a figure with Maven's start taken off; below zero means the start
# (mvn validate) was measured slower than the whole run, as on a busy machine: no verdict then.
verdict_net() {
  [[ -n "$1" ]] && awk -v v="$1" 'BEGIN { exit !(v < 0) }' && { echo "n/a (negative: Maven start measured above the run; load)"; return; }
  verdict "$@"
}
target() {
  T_ORDER+=("$1"); T_TEXT[$1]="$2"; T_VALUE[$1]="$3"; T_MET[$1]="$4"
  if [[ "$4" == n/a && "$3" != "n/a ("* ]]; then T_VALUE[$1]="n/a (not measured; see the table)"; fi
}

# ratio_target KEY TEXT RATIO-KEY NUMERATOR-KEY DENOMINATOR-KEY CONDITION: a target on a ratio of two medians
ratio_target() {
  local r="${RATIO[$3]:-}"
  target "$1" "$2" "${r:-n/a}${r:+x} ($(med "$4" || true) s / $(med "$5" || true) s)" "$(verdict_net "$r" "$6")"
}
lim1="$(calc '1.15 * (a + b)' a="$M_VALIDATE" b="$F_PAR")"
target cold_package "cold mvn package, 2 platforms <= 1.15 x (Maven start + raw go build of both platforms, in parallel)" \
  "${M_COLD:-n/a} s vs limit ${lim1:-n/a} s (1.15 x (${M_VALIDATE:-?} + ${F_PAR:-?})); ratio ${RATIO[mvn_cold_over_start_floor]:-n/a}" \
  "$(verdict "${RATIO[mvn_cold_over_start_floor]}" 'v <= 1.15')"
lim2="$(calc 'a + 1.5' a="$M_VALIDATE")"
target warm_package "warm no-change mvn package <= Maven start + 1.5 s" \
  "${M_WARM:-n/a} s vs limit ${lim2:-n/a} s (${M_VALIDATE:-?} + 1.5); overhead ${RATIO[plugin_overhead_warm_s]:-n/a} s" \
  "$(verdict_net "${RATIO[plugin_overhead_warm_s]}" 'v <= 1.5')"
RE_BLOBS_MAX="$(max_of "${R_RUNS[push_re_blobs]:-}")"
if [[ -n "$RE_BLOBS_MAX" ]]; then
  target repush "re-push of an unchanged image uploads 0 blobs" \
    "max $RE_BLOBS_MAX blob(s) uploaded over ${RUNS} re-push(es) (runs: ${R_RUNS[push_re_blobs]})" "$(verdict "$RE_BLOBS_MAX" 'v == 0')"
else
  target repush "re-push of an unchanged image uploads 0 blobs" "${R_NOTE[push_re_blobs]:-n/a}" "n/a"
fi
target emulated ">= 8x faster than the emulated compile, cold (emulated arm64 compile / our cold mvn package)" \
  "${E_COLD:-n/a} s / ${M_COLD:-n/a} s = ${RATIO[emu_over_mvn_cold]:-n/a}x (vs raw arm64 cross-compile: ${RATIO[emu_over_floor_arm64]:-n/a}x)" \
  "$(verdict "${RATIO[emu_over_mvn_cold]}" 'v >= 8')"
RSS_JVM="$(med big_rss_jvm)"; RSS_TREE="$(med big_rss_tree)"
target rss "Maven peak RSS <= 512 MB with the 100 MB binary (the Maven JVM)" \
  "JVM ${RSS_JVM:-n/a} MB; /usr/bin/time -v max over the process tree ${RSS_TREE:-n/a} MB (raw go build alone: $(med big_go_rss) MB)" \
  "$(verdict "$RSS_JVM" 'v <= 512')"
target scale "3 services with -T 2 <= 2 x one service (cold)" \
  "${S3:-n/a} s vs limit $(calc '2 * a' a="$S1") s (2 x ${S1:-?}); ratio ${RATIO[scale_3_over_1]:-n/a}" \
  "$(verdict "${RATIO[scale_3_over_1]}" 'v <= 2')"
lim3="$(calc 'a + 0.25' a="$M_VALIDATE")"
target warm_package_14 "warm no-change mvn package <= Maven start + 0.25 s (issue 14)" \
  "${M_WARM:-n/a} s vs limit ${lim3:-n/a} s (${M_VALIDATE:-?} + 0.25); overhead ${RATIO[plugin_overhead_warm_s]:-n/a} s" \
  "$(verdict_net "${RATIO[plugin_overhead_warm_s]}" 'v <= 0.25')"
target scale_10 "10 services with -T 2 <= 1.3 x one service (cold; issue 14)" \
  "${S10:-n/a} s vs limit $(calc '1.3 * a' a="$S1") s (1.3 x ${S1:-?}); ratio ${RATIO[scale_10_over_1]:-n/a}" \
  "$(verdict "${RATIO[scale_10_over_1]}" 'v <= 1.3')"
ratio_target pushcmp_small "mvn cinema:push, 2-platform image <= 1.0 x skopeo copy --all (issue 14; Maven start in)" \
  pushcmp_small pushcmp_cinema_small pushcmp_skopeo_small 'v <= 1.0'
ratio_target pushcmp_small_ns "the same without Maven start (mvn validate taken off) <= 1.0 x skopeo" \
  pushcmp_small_no_start pushcmp_cinema_small pushcmp_skopeo_small 'v <= 1.0'
ratio_target pushcmp_big "mvn cinema:push, 100 MB image <= 1.0 x skopeo copy --all (issue 14; Maven start in)" \
  pushcmp_big pushcmp_cinema_big pushcmp_skopeo_big 'v <= 1.0'
ratio_target pushcmp_big_ns "the same without Maven start <= 1.0 x skopeo" \
  pushcmp_big_no_start pushcmp_cinema_big pushcmp_skopeo_big 'v <= 1.0'
ratio_target pushcmp_cli_small "cinema-cli push, 2-platform image <= 1.0 x skopeo copy --all (JVM start in)" \
  pushcmp_cli_small pushcmp_cli_small pushcmp_skopeo_small 'v <= 1.0'
ratio_target pushcmp_cli_big "cinema-cli push, 100 MB image <= 1.0 x skopeo copy --all (JVM start in)" \
  pushcmp_cli_big pushcmp_cli_big pushcmp_skopeo_big 'v <= 1.0'
ratio_target inspect_mvn "mvn cinema:inspect, per-platform architecture <= 1.0 x the skopeo calls (issue 14; Maven start in)" \
  inspect_mvn inspect_mvn inspect_skopeo 'v <= 1.0'
ratio_target inspect_mvn_ns "the same without Maven start <= 1.0 x the skopeo calls" \
  inspect_mvn_no_start inspect_mvn inspect_skopeo 'v <= 1.0'
ratio_target inspect_cli "cinema-cli inspect --json <= 1.0 x the skopeo calls (issue 14)" \
  inspect_cli inspect_cli inspect_skopeo 'v <= 1.0'
if [[ "$DF_KIND" == emulated ]]; then
  ratio_target df_cross_4x "dockerfileCross=auto >= 4x faster than buildah bud on a Dockerfile whose Go stage compiles under emulation, 2 platforms, cold (issue 14 point 2)" \
    df_buildah_over_auto_cold df_buildah_cold df_cinema_auto_cold 'v >= 4.0'
fi
for k in df_auto_cold df_off_cold df_auto_warm df_off_warm; do
  # Issue 14 point 1 sets no number for these rows: they are reported, with the ratio, as "no goal".
  T_ORDER+=("$k"); T_TEXT[$k]="${RATIO_LABEL[$k]} (issue 14 sets no goal for this row)"
  T_VALUE[$k]="${RATIO[$k]:-n/a}${RATIO[$k]:+x}"; T_MET[$k]="no goal"
done

# --- markdown
fmtv() {   # fmtv UNIT VALUE: the median as shown in the table
  case "$1" in
    s) awk -v v="$2" 'BEGIN { printf "%.2f", v }' ;;
    MB) awk -v v="$2" 'BEGIN { printf "%.1f", v }' ;;
    *) awk -v v="$2" 'BEGIN { printf "%.0f", v }' ;;
  esac
}
MD="$OUT/benchmark.md"
{
  printf '## Benchmark: cinema-build vs raw go build vs emulated compile\n\n'
  printf -- '- Date: %s (finished %s)\n' "$DATE_START" "$DATE_END"
  printf -- '- Machine: %s, %s cores (%s), %s MB memory, %s, kernel %s\n' "$MACHINE_ARCH" "$CORES" "$CPU_MODEL" "$MEM_MB" "$OS_NAME" "$KERNEL"
  printf -- '- Load average (1/5/15 min): %s at start, %s at end\n' "$LOAD_START" "$LOAD_END"
  printf -- '- %s; %s; %s; %s\n' "$GO_VERSION" "$JAVA_VERSION" "$MAVEN_VERSION" "${QEMU_VERSION:-qemu n/a}"
  printf -- '- Medians of %s whole-process runs %s, scenarios interleaved (emulated: %s runs); cinema-build %s at %s\n' \
    "$RUNS" "$([[ "${BENCH_WARMUP:-1}" == 0 ]] && echo "with no warm-up round (BENCH_WARMUP=0)" || echo "after one warm-up round")" \
    "$EMU_RUNS" "$CINEMA_VERSION" "$SOURCE_REVISION"
  printf -- '- Command: `BENCH_RUNS=%s BENCH_EMULATED_RUNS=%s BENCH_SECTIONS=%s BENCH_SCALE="%s" bash scripts/benchmark.sh`\n\n' \
    "$RUNS" "$EMU_RUNS" "$SECTIONS" "$SCALE_SIZES"
  printf 'Wall-clock medians decide the targets; CPU is user + system seconds of the whole process tree\n'
  printf '(from /usr/bin/time), which moves less than wall time when other work shares the machine.\n\n'
  printf '| Measurement | Median | Runs | CPU s (median) |\n|---|---:|---|---:|\n'
  for k in "${ORDER[@]}"; do
    m="$(med "$k")"
    if [[ -n "$m" ]]; then
      c="$(med_cpu "$k")"
      printf '| %s | %s %s | %s | %s |\n' "${R_LABEL[$k]}" "$(fmtv "${R_UNIT[$k]}" "$m")" "${R_UNIT[$k]}" "${R_RUNS[$k]}" \
        "$([[ -n "$c" ]] && fmtv s "$c")"
    else
      printf '| %s | %s | | |\n' "${R_LABEL[$k]}" "${R_NOTE[$k]:-n/a (not run)}"
    fi
  done
  printf '\n| Ratio | Value |\n|---|---:|\n'
  for k in "${RATIO_ORDER[@]}"; do
    printf '| %s | %s |\n' "${RATIO_LABEL[$k]}" "${RATIO[$k]:-n/a}"
  done
  printf '\n| Target (issues 6, 14) | Number | Verdict |\n|---|---|---|\n'
  for k in "${T_ORDER[@]}"; do
    printf '| %s | %s | %s |\n' "${T_TEXT[$k]}" "${T_VALUE[$k]}" "${T_MET[$k]}"
  done
} >"$MD"

# --- json
json_str() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
json_num() { if [[ -n "$1" ]]; then printf '%s' "$1"; else printf 'null'; fi; }
JSON="$OUT/benchmark.json"
{
  printf '{\n'
  printf '  "date": %s,\n  "finished": %s,\n' "$(json_str "$DATE_START")" "$(json_str "$DATE_END")"
  printf '  "machine": {"arch": %s, "cores": %s, "memoryMB": %s, "cpu": %s, "os": %s, "kernel": %s, "loadStart": %s, "loadEnd": %s},\n' \
    "$(json_str "$MACHINE_ARCH")" "$CORES" "$MEM_MB" "$(json_str "$CPU_MODEL")" "$(json_str "$OS_NAME")" "$(json_str "$KERNEL")" \
    "$(json_str "$LOAD_START")" "$(json_str "$LOAD_END")"
  printf '  "versions": {"go": %s, "java": %s, "maven": %s, "qemu": %s, "cinemaBuild": %s, "revision": %s},\n' \
    "$(json_str "$GO_VERSION")" "$(json_str "$JAVA_VERSION")" "$(json_str "$MAVEN_VERSION")" "$(json_str "$QEMU_VERSION")" "$(json_str "$CINEMA_VERSION")" \
    "$(json_str "$SOURCE_REVISION")"
  printf '  "settings": {"runs": %s, "emulatedRuns": %s, "sections": %s},\n' "$RUNS" "$EMU_RUNS" "$(json_str "$SECTIONS")"
  printf '  "results": {\n'
  first=true
  for k in "${ORDER[@]}"; do
    $first || printf ',\n'; first=false
    runs_json="$(printf '%s\n' ${R_RUNS[$k]:-} | awk 'NF' | paste -sd, -)"
    printf '    %s: {"label": %s, "unit": %s, "median": %s, "runs": [%s]' "$(json_str "$k")" "$(json_str "${R_LABEL[$k]}")" \
      "$(json_str "${R_UNIT[$k]}")" "$(json_num "$(med "$k")")" "$runs_json"
    if [[ -n "${R_CPU[$k]:-}" ]]; then
      printf ', "cpuMedian": %s, "cpuRuns": [%s]' "$(med_cpu "$k")" "$(printf '%s\n' ${R_CPU[$k]} | paste -sd, -)"
    fi
    [[ -n "${R_NOTE[$k]:-}" ]] && printf ', "note": %s' "$(json_str "${R_NOTE[$k]}")"
    printf '}'
  done
  printf '\n  },\n  "ratios": {\n'
  first=true
  for k in "${RATIO_ORDER[@]}"; do
    $first || printf ',\n'; first=false
    printf '    %s: {"label": %s, "value": %s}' "$(json_str "$k")" "$(json_str "${RATIO_LABEL[$k]}")" "$(json_num "${RATIO[$k]}")"
  done
  printf '\n  },\n  "targets": {\n'
  first=true
  for k in "${T_ORDER[@]}"; do
    $first || printf ',\n'; first=false
    case "${T_MET[$k]}" in met) met=true ;; "NOT met") met=false ;; *) met=null ;; esac   # "no goal", n/a: null
    printf '    %s: {"target": %s, "number": %s, "met": %s}' "$(json_str "$k")" "$(json_str "${T_TEXT[$k]}")" "$(json_str "${T_VALUE[$k]}")" "$met"
  done
  printf '\n  }\n}\n'
} >"$JSON"

cat "$MD"
log "wrote $MD and $JSON (command output in $LOGS)"
