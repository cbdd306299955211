#!/usr/bin/env bash
# The one command that runs every cinema-build test on a fresh Debian machine
# (as root):
#   1. installs the Debian packages the tests need   (scripts/install-packages.sh)
#   2. starts the registries and dockerd              (scripts/test-services.sh start)
#   3. builds and pushes the multi-arch base image    (scripts/make-base-images.sh)
#   4. exports the service coordinates                (scripts/test-services.sh env)
#   5. runs ./mvnw -B -ntp verify "$@"
# Services this script started are stopped again on exit; ones already running are left up.
# The exit code is Maven's.
#
# CINEMA_SKIP_MAVEN=1 stops after step 4 (to test the scripts on their own).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

log()  { printf '[test-all] %s\n' "$*" >&2; }

SERVICES_TOUCHED=false
cleanup() {
  local rc=$?
  trap - EXIT
  if [[ "$SERVICES_TOUCHED" == true ]]; then
    log "stopping test services"
    bash "$REPO_ROOT/scripts/test-services.sh" stop || log "WARNING: stopping the services failed"
  fi
  log "exit code $rc"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "step 1/5: install packages"
bash "$REPO_ROOT/scripts/install-packages.sh"

log "step 2/5: start services"
# Services someone else started (a developer's running set) are used and left running.
if bash "$REPO_ROOT/scripts/test-services.sh" status >/dev/null 2>&1; then
  log "services already running: using them and leaving them up"
else
  SERVICES_TOUCHED=true
  bash "$REPO_ROOT/scripts/test-services.sh" start
fi

log "step 3/5: build and push the multi-arch base image"
bash "$REPO_ROOT/scripts/make-base-images.sh"

log "step 4/5: service environment"
service_env="$(bash "$REPO_ROOT/scripts/test-services.sh" env)"
printf '%s\n' "$service_env" | sed 's/^/[test-all]   /' >&2
eval "$service_env"

if [[ "${CINEMA_SKIP_MAVEN:-}" == 1 ]]; then
  log "CINEMA_SKIP_MAVEN=1: not running Maven"
  exit 0
fi

log "step 5/5: ./mvnw -B -ntp verify $*"
mvn_rc=0
if [[ -x ./mvnw ]]; then
  ./mvnw -B -ntp verify "$@" || mvn_rc=$?
else
  sh ./mvnw -B -ntp verify "$@" || mvn_rc=$?
fi
exit "$mvn_rc"
