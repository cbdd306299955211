#!/usr/bin/env bash
# The one command that runs every cinema-build test on a fresh Debian machine
# (as root):
#   1. installs the Debian and npm packages the tests need (scripts/install-packages.sh)
#   2. tests the GitHub Actions example: image tags and workflow (scripts/test-image-tags.sh,
#      scripts/test-workflow.sh; seconds, no services)
#   3. starts the registries and dockerd              (scripts/test-services.sh start)
#   4. builds and pushes the multi-arch base image    (scripts/make-base-images.sh)
#   5. exports the service coordinates                (scripts/test-services.sh env)
#   6. runs ./mvnw -B -ntp verify "$@"
#   7. checks the release artifacts: sources, javadoc and pom metadata (scripts/check-release.sh --online "$@")
# Services this script started are stopped again on exit; ones already running are left up.
# A failure in step 2 or 7 is reported and the run goes on; it is named again on exit.
# The exit code is Maven's, or 1 when Maven passed but step 2 or 7 failed.
#
# CINEMA_SKIP_MAVEN=1 stops after step 5 (to test the scripts on their own).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

log()  { printf '[test-all] %s\n' "$*" >&2; }

SERVICES_TOUCHED=false
WORKFLOW_FAILED=()   # the step 2 scripts that failed
RELEASE_FAILED=false # step 7 failed
cleanup() {
  local rc=$?
  trap - EXIT
  if ((${#WORKFLOW_FAILED[@]} > 0)); then
    log "FAILED in step 2/7 (GitHub Actions example): ${WORKFLOW_FAILED[*]}"
  fi
  if [[ "$RELEASE_FAILED" == true ]]; then
    log "FAILED in step 7/7 (release artifacts): scripts/check-release.sh"
  fi
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

log "step 1/7: install packages"
bash "$REPO_ROOT/scripts/install-packages.sh"

log "step 2/7: GitHub Actions example: image tags and workflow"
for t in scripts/test-image-tags.sh scripts/test-workflow.sh; do
  bash "$REPO_ROOT/$t" || WORKFLOW_FAILED+=("$t")
done
if ((${#WORKFLOW_FAILED[@]} > 0)); then
  log "step 2/7 FAILED: ${WORKFLOW_FAILED[*]} (going on; test-all will exit non-zero)"
fi
# finish RC: exits with RC, or with 1 when RC is 0 and step 2 or 7 failed (cleanup names what failed)
finish() {
  if (($1 == 0)) && { ((${#WORKFLOW_FAILED[@]} > 0)) || [[ "$RELEASE_FAILED" == true ]]; }; then
    exit 1
  fi
  exit "$1"
}

log "step 3/7: start services"
# Services someone else started (a developer's running set) are used and left running.
if bash "$REPO_ROOT/scripts/test-services.sh" status >/dev/null 2>&1; then
  log "services already running: using them and leaving them up"
else
  SERVICES_TOUCHED=true
  bash "$REPO_ROOT/scripts/test-services.sh" start
fi

log "step 4/7: build and push the multi-arch base image"
bash "$REPO_ROOT/scripts/make-base-images.sh"

log "step 5/7: service environment"
service_env="$(bash "$REPO_ROOT/scripts/test-services.sh" env)"
printf '%s\n' "$service_env" | sed 's/^/[test-all]   /' >&2
eval "$service_env"

if [[ "${CINEMA_SKIP_MAVEN:-}" == 1 ]]; then
  log "CINEMA_SKIP_MAVEN=1: not running Maven"
  finish 0
fi

log "step 6/7: ./mvnw -B -ntp verify $*"
mvn_rc=0
if [[ -x ./mvnw ]]; then
  ./mvnw -B -ntp verify "$@" || mvn_rc=$?
else
  sh ./mvnw -B -ntp verify "$@" || mvn_rc=$?
fi

# online: the release plugins (source, javadoc, gpg, help) may not be in a fresh local repository yet
log "step 7/7: release artifacts: scripts/check-release.sh --online $*"
bash "$REPO_ROOT/scripts/check-release.sh" --online "$@" || RELEASE_FAILED=true
if [[ "$RELEASE_FAILED" == true ]]; then
  log "step 7/7 FAILED: scripts/check-release.sh"
fi
finish "$mvn_rc"
