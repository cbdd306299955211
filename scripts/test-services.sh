#!/usr/bin/env bash
# Starts / stops the local services that the cinema-build integration tests
# use. All state lives under .tmp/services/ of the repository.
#
#   scripts/test-services.sh start    start (or keep) all services, idempotent
#   scripts/test-services.sh stop     stop what this script started (pid files only)
#   scripts/test-services.sh status   show what is running
#   scripts/test-services.sh env      print `export` lines for the tests (eval them)
#   scripts/test-services.sh clean    stop, then delete registry data and logs
#
# Services:
#   - plain-HTTP registry  127.0.0.1:5000  (docker-registry / distribution 2.8)
#   - TLS + htpasswd registry 127.0.0.1:5443 (self-signed cert, user cinema)
#   - dockerd on unix:///var/run/docker.sock (optional; skipped with a warning
#     when it cannot start, or reused when one is already running)
#
# Each registry logs (app log + HTTP access log, level info) to registry.log in
# its state dir; access lines look like
#   127.0.0.1 - - [date] "PUT /v2/<name>/blobs/uploads/<uuid>?...digest=sha256:... HTTP/1.1" 201 0 "" "<agent>"
set -euo pipefail
set +m  # no job control: background children stay out of their own process group

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${CINEMA_SERVICES_DIR:-$REPO_ROOT/.tmp/services}"

REGISTRY_BIN="${CINEMA_REGISTRY_BIN:-/usr/bin/docker-registry}"
PLAIN_ADDR=127.0.0.1:5000
TLS_ADDR=127.0.0.1:5443
TLS_USER=cinema
TLS_PASSWORD=cinema-secret-pw
BASE_IMAGE_PATH=cinema-test/busybox:1

DOCKER_SOCK=/var/run/docker.sock
DOCKER_HOST_URL="unix://$DOCKER_SOCK"
# Optional: CINEMA_DOCKER_DATA_ROOT=/some/dir to keep dockerd's images elsewhere
# than the default /var/lib/docker.
DOCKER_DATA_ROOT="${CINEMA_DOCKER_DATA_ROOT:-}"

READY_TIMEOUT_S=30   # bounded readiness polling
STOP_TIMEOUT_S=20    # bounded wait for a process to exit after SIGTERM
POLL_INTERVAL_S=0.2

PLAIN_DIR="$STATE_DIR/registry"
TLS_DIR="$STATE_DIR/tls-registry"
DOCKERD_DIR="$STATE_DIR/dockerd"

log()  { printf '[test-services] %s\n' "$*" >&2; }
warn() { printf '[test-services] WARNING: %s\n' "$*" >&2; }
die()  { printf '[test-services] ERROR: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------------ helpers ---

# pid_cmdline PID -> the command line of PID with spaces, or nothing.
pid_cmdline() {
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
}

# pid_matches PID NEEDLE: PID is alive and its command line contains NEEDLE
# (guards against killing an unrelated process that reused a stale pid).
pid_matches() {
  local pid="$1" needle="$2"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(pid_cmdline "$pid")" == *"$needle"* ]]
}

# read_pid FILE -> pid stored in FILE, or nothing.
read_pid() {
  [[ -f "$1" ]] && tr -dc '0-9' <"$1" || true
}

port_in_use() {
  local host="${1%:*}" port="${1##*:}"
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# wait_until SECONDS CMD...: run CMD every POLL_INTERVAL_S until it succeeds or
# SECONDS have passed. Returns CMD's success.
wait_until() {
  local timeout="$1"; shift
  local deadline=$((SECONDS + timeout))
  while true; do
    "$@" && return 0
    ((SECONDS >= deadline)) && return 1
    sleep "$POLL_INTERVAL_S"
  done
}

# wait_ready PID SECONDS CMD...: like wait_until, but gives up at once when
# PID has exited. Returns 0 when ready, 1 on timeout, 2 when PID died.
wait_ready() {
  local pid="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  while true; do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || return 2
    ((SECONDS >= deadline)) && return 1
    sleep "$POLL_INTERVAL_S"
  done
}

log_tail() {
  local f="$1"
  if [[ -f "$f" ]]; then
    printf -- '----- last lines of %s -----\n' "$f" >&2
    tail -n 30 "$f" >&2 || true
    printf -- '-----\n' >&2
  fi
}

# stop_pidfile NAME PIDFILE NEEDLE
stop_pidfile() {
  local name="$1" pidfile="$2" needle="$3" pid
  pid="$(read_pid "$pidfile")"
  if [[ -z "$pid" ]]; then
    [[ -f "$pidfile" ]] && rm -f "$pidfile"
    log "$name: not running (no pid file)"
    return 0
  fi
  if ! pid_matches "$pid" "$needle"; then
    log "$name: pid $pid is not running (stale pid file removed)"
    rm -f "$pidfile"
    return 0
  fi
  log "$name: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_until "$STOP_TIMEOUT_S" bash -c "! kill -0 $pid 2>/dev/null"; then
    warn "$name: pid $pid did not exit after SIGTERM within ${STOP_TIMEOUT_S}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 5 bash -c "! kill -0 $pid 2>/dev/null" || warn "$name: pid $pid still alive"
  fi
  rm -f "$pidfile"
  log "$name: stopped"
}

# ------------------------------------------------------------- registries ---

write_registry_config() {
  # write_registry_config DIR ADDR [tls]
  local dir="$1" addr="$2" tls="${3:-}"
  mkdir -p "$dir/data"
  {
    cat <<EOF
# Written by scripts/test-services.sh; regenerated on every start.
version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: false
  fields:
    service: cinema-test-registry
storage:
  filesystem:
    rootdirectory: $dir/data
  cache:
    blobdescriptor: inmemory
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: $addr
  secret: cinema-test-registry-http-secret
  headers:
    X-Content-Type-Options: [nosniff]
EOF
    if [[ "$tls" == tls ]]; then
      cat <<EOF
  tls:
    certificate: $dir/cert.pem
    key: $dir/key.pem
auth:
  htpasswd:
    realm: cinema-test-registry
    path: $dir/htpasswd
EOF
    fi
  } >"$dir/config.yml"
}

ensure_tls_material() {
  local dir="$TLS_DIR"
  mkdir -p "$dir"
  if [[ ! -s "$dir/cert.pem" || ! -s "$dir/key.pem" ]]; then
    log "tls-registry: creating self-signed certificate (SAN IP:127.0.0.1, DNS:localhost)"
    openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 3650 \
      -keyout "$dir/key.pem.tmp" -out "$dir/cert.pem.tmp" \
      -subj "/CN=cinema-test-registry" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" \
      -addext "extendedKeyUsage=serverAuth" \
      >/dev/null 2>&1 || die "openssl failed to create the certificate"
    mv "$dir/key.pem.tmp" "$dir/key.pem"
    mv "$dir/cert.pem.tmp" "$dir/cert.pem"
    chmod 600 "$dir/key.pem"
  fi
  if [[ ! -s "$dir/htpasswd" ]] || ! htpasswd -vb "$dir/htpasswd" "$TLS_USER" "$TLS_PASSWORD" >/dev/null 2>&1; then
    log "tls-registry: writing htpasswd (bcrypt) for user $TLS_USER"
    htpasswd -Bbn "$TLS_USER" "$TLS_PASSWORD" >"$dir/htpasswd.tmp" 2>/dev/null \
      || die "htpasswd failed"
    mv "$dir/htpasswd.tmp" "$dir/htpasswd"
  fi
}

plain_ready() {
  curl -fsS -o /dev/null --max-time 2 "http://$PLAIN_ADDR/v2/" 2>/dev/null
}

tls_ready() {
  curl -fsS -o /dev/null --max-time 2 --cacert "$TLS_DIR/cert.pem" \
    -u "$TLS_USER:$TLS_PASSWORD" "https://$TLS_ADDR/v2/" 2>/dev/null
}

# start_registry NAME DIR ADDR READY_FN
start_registry() {
  local name="$1" dir="$2" addr="$3" ready_fn="$4"
  local pidfile="$dir/registry.pid" logfile="$dir/registry.log" pid
  pid="$(read_pid "$pidfile")"
  if [[ -n "$pid" ]] && pid_matches "$pid" "$dir/config.yml"; then
    if "$ready_fn"; then
      log "$name: already running (pid $pid) on $addr"
      return 0
    fi
    die "$name: pid $pid is running but $addr does not answer; run '$0 stop' first"
  fi
  rm -f "$pidfile"
  if port_in_use "$addr"; then
    die "$name: $addr is already in use by another process (not started by this script); stop it first (e.g. 'systemctl stop docker-registry')"
  fi
  [[ -x "$REGISTRY_BIN" ]] || die "$REGISTRY_BIN not found; run scripts/install-packages.sh"

  log "$name: starting on $addr (log: $logfile)"
  {
    printf '\n===== %s start %s =====\n' "$name" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  } >>"$logfile"
  # stdout carries the HTTP access log, stderr the application log; both go
  # to the same file. setsid detaches it from the caller's terminal/session.
  setsid "$REGISTRY_BIN" serve "$dir/config.yml" </dev/null >>"$logfile" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"

  local rc=0
  wait_ready "$pid" "$READY_TIMEOUT_S" "$ready_fn" || rc=$?
  if ((rc != 0)); then
    log_tail "$logfile"
    if ((rc == 2)); then
      rm -f "$pidfile"
      die "$name: process exited before $addr became ready"
    fi
    stop_pidfile "$name" "$pidfile" "$dir/config.yml"
    die "$name: not ready on $addr within ${READY_TIMEOUT_S}s"
  fi
  log "$name: ready (pid $pid)"
}

# ------------------------------------------------------------------ dockerd ---

docker_ok() {
  timeout 10 docker -H "$DOCKER_HOST_URL" info >/dev/null 2>&1
}

set_docker_status() {
  mkdir -p "$DOCKERD_DIR"
  printf '%s\n' "$*" >"$DOCKERD_DIR/status"
}

docker_status() {
  cat "$DOCKERD_DIR/status" 2>/dev/null || echo "unknown"
}

install_docker_ca() {
  # dockerd reads /etc/docker/certs.d/<host:port>/ca.crt on every connection,
  # so no restart is needed when the certificate changes. 127.0.0.1:5000 is
  # plain HTTP; docker treats 127.0.0.0/8 as insecure by default.
  local h
  for h in "$TLS_ADDR" "localhost:${TLS_ADDR##*:}"; do
    if mkdir -p "/etc/docker/certs.d/$h" 2>/dev/null \
      && cp "$TLS_DIR/cert.pem" "/etc/docker/certs.d/$h/ca.crt" 2>/dev/null; then
      :
    else
      warn "could not write /etc/docker/certs.d/$h/ca.crt (not root?); docker will not trust $h"
    fi
  done
}

start_dockerd() {
  local pidfile="$DOCKERD_DIR/dockerd.pid" logfile="$DOCKERD_DIR/dockerd.log" pid
  mkdir -p "$DOCKERD_DIR"

  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
    warn "dockerd: docker/dockerd not installed; Docker-based tests will be skipped"
    set_docker_status "unavailable: dockerd or docker not installed"
    return 0
  fi
  install_docker_ca

  pid="$(read_pid "$pidfile")"
  if [[ -n "$pid" ]] && pid_matches "$pid" dockerd; then
    if docker_ok; then
      log "dockerd: already running (pid $pid) on $DOCKER_HOST_URL"
      set_docker_status "up"
      return 0
    fi
    warn "dockerd: pid $pid is running but does not answer; restarting it"
    stop_pidfile dockerd "$pidfile" dockerd
  fi
  rm -f "$pidfile"

  if docker_ok; then
    log "dockerd: a Docker daemon not started by this script already answers on $DOCKER_HOST_URL; using it (it will not be stopped)"
    set_docker_status "external"
    return 0
  fi
  if [[ "$(id -u)" -ne 0 ]]; then
    warn "dockerd: not root, cannot start dockerd; Docker-based tests will be skipped"
    set_docker_status "unavailable: not root"
    return 0
  fi

  # dockerd refuses to start when its --pidfile names a live process, so it
  # gets its own pid file; ours (dockerd.pid) is written from $!.
  local args=(--host "$DOCKER_HOST_URL" --pidfile "$DOCKERD_DIR/dockerd.daemon.pid")
  [[ -n "$DOCKER_DATA_ROOT" ]] && args+=(--data-root "$DOCKER_DATA_ROOT")
  log "dockerd: starting (log: $logfile)"
  printf '\n===== dockerd start %s =====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$logfile"
  setsid dockerd "${args[@]}" </dev/null >>"$logfile" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"

  local rc=0
  wait_ready "$pid" "$READY_TIMEOUT_S" docker_ok || rc=$?
  if ((rc == 0)); then
    log "dockerd: ready (pid $pid)"
    set_docker_status "up"
    return 0
  fi
  log_tail "$logfile"
  if ((rc == 2)); then
    rm -f "$pidfile"
    warn "dockerd: exited during startup; Docker-based tests will be skipped"
    set_docker_status "unavailable: dockerd exited during startup (see $logfile)"
  else
    stop_pidfile dockerd "$pidfile" dockerd
    warn "dockerd: not ready within ${READY_TIMEOUT_S}s; Docker-based tests will be skipped"
    set_docker_status "unavailable: dockerd did not become ready within ${READY_TIMEOUT_S}s (see $logfile)"
  fi
}

# ----------------------------------------------------------------- commands ---

cmd_start() {
  mkdir -p "$STATE_DIR"
  write_registry_config "$PLAIN_DIR" "$PLAIN_ADDR"
  start_registry registry "$PLAIN_DIR" "$PLAIN_ADDR" plain_ready

  ensure_tls_material
  write_registry_config "$TLS_DIR" "$TLS_ADDR" tls
  start_registry tls-registry "$TLS_DIR" "$TLS_ADDR" tls_ready

  start_dockerd
  log "all services started; dockerd status: $(docker_status)"
}

cmd_stop() {
  stop_pidfile dockerd "$DOCKERD_DIR/dockerd.pid" dockerd
  [[ -f "$DOCKERD_DIR/status" ]] && rm -f "$DOCKERD_DIR/status"
  stop_pidfile tls-registry "$TLS_DIR/registry.pid" "$TLS_DIR/config.yml"
  stop_pidfile registry "$PLAIN_DIR/registry.pid" "$PLAIN_DIR/config.yml"
}

cmd_status() {
  local rc=0 pid
  pid="$(read_pid "$PLAIN_DIR/registry.pid")"
  if [[ -n "$pid" ]] && pid_matches "$pid" "$PLAIN_DIR/config.yml" && plain_ready; then
    echo "registry       up   pid $pid  http://$PLAIN_ADDR"
  else
    echo "registry       down"; rc=1
  fi
  pid="$(read_pid "$TLS_DIR/registry.pid")"
  if [[ -n "$pid" ]] && pid_matches "$pid" "$TLS_DIR/config.yml" && tls_ready; then
    echo "tls-registry   up   pid $pid  https://$TLS_ADDR"
  else
    echo "tls-registry   down"; rc=1
  fi
  pid="$(read_pid "$DOCKERD_DIR/dockerd.pid")"
  if docker_ok; then
    echo "dockerd        up   ${pid:+pid $pid  }$DOCKER_HOST_URL ($(docker_status))"
  else
    echo "dockerd        down ($(docker_status))"
  fi
  return "$rc"
}

cmd_env() {
  local q
  emit() { printf 'export %s=%q\n' "$1" "$2"; }
  emit CINEMA_TEST_REGISTRY "$PLAIN_ADDR"
  emit CINEMA_TEST_REGISTRY_LOG "$PLAIN_DIR/registry.log"
  emit CINEMA_TEST_TLS_REGISTRY "$TLS_ADDR"
  emit CINEMA_TEST_TLS_REGISTRY_LOG "$TLS_DIR/registry.log"
  emit CINEMA_TEST_TLS_USER "$TLS_USER"
  emit CINEMA_TEST_TLS_PASSWORD "$TLS_PASSWORD"
  emit CINEMA_TEST_TLS_CA "$TLS_DIR/cert.pem"
  emit CINEMA_TEST_BASE_IMAGE "$PLAIN_ADDR/$BASE_IMAGE_PATH"
  emit CINEMA_TEST_TLS_BASE_IMAGE "$TLS_ADDR/$BASE_IMAGE_PATH"
  local st
  st="$(docker_status)"
  if [[ ( "$st" == up || "$st" == external ) ]] && docker_ok; then
    emit CINEMA_TEST_DOCKER_HOST "$DOCKER_HOST_URL"
  else
    q="dockerd not available: $st"
    printf '# %s (CINEMA_TEST_DOCKER_HOST not set)\n' "$q"
    printf 'unset CINEMA_TEST_DOCKER_HOST\n'
  fi
  # dockerd runs its own containerd; tests use it through ctr in a namespace of their own
  if [[ -S /var/run/docker/containerd/containerd.sock ]]; then
    emit CINEMA_TEST_CONTAINERD /var/run/docker/containerd/containerd.sock
  elif [[ -S /run/containerd/containerd.sock ]]; then
    emit CINEMA_TEST_CONTAINERD /run/containerd/containerd.sock
  else
    printf '# containerd not available (CINEMA_TEST_CONTAINERD not set)\nunset CINEMA_TEST_CONTAINERD\n'
  fi
  emit CINEMA_REQUIRE_SERVICES true
}

cmd_clean() {
  cmd_stop
  log "removing registry data, logs and dockerd state under $STATE_DIR (certificate and htpasswd kept)"
  rm -rf "$PLAIN_DIR" "$TLS_DIR/data" "$TLS_DIR/registry.log" "$DOCKERD_DIR"
}

case "${1:-}" in
  start)  cmd_start ;;
  stop)   cmd_stop ;;
  status) cmd_status ;;
  env)    cmd_env ;;
  clean)  cmd_clean ;;
  *)
    echo "usage: $0 start|stop|status|env|clean" >&2
    exit 2
    ;;
esac
