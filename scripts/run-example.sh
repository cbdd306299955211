#!/usr/bin/env bash
# The main job, on a fresh Debian machine as root: build examples/movies-service into a
# linux/amd64 + linux/arm64 OCI image layout with `mvn package`, and show what it made.
# No Docker, no registry, no emulation. Installs Go and a JDK when missing.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
log() { printf '[run-example] %s\n' "$*" >&2; }

missing=()
command -v go >/dev/null 2>&1 || missing+=(golang-go)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v curl >/dev/null 2>&1 || command -v wget >/dev/null 2>&1 || missing+=(curl)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
if (( ${#missing[@]} )); then
  [[ "$(id -u)" -eq 0 ]] || { log "missing ${missing[*]}: run as root, or install them first"; exit 1; }
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log "building cinema-build (library and Maven plugin) into the local Maven repository"
./mvnw -B -ntp -q install -DskipTests -Dinvoker.skip=true

log "mvn package in examples/movies-service"
./mvnw -B -ntp -f examples/movies-service/pom.xml package "$@"

layout="examples/movies-service/target/cinema/oci"
report="examples/movies-service/target/cinema/build.json"
log "made: an OCI image layout at $layout"
cat "$report"
echo
if command -v skopeo >/dev/null 2>&1; then
  tag="$(sed -n 's/.*"tag" : "\([^"]*\)".*/\1/p' "$report")"
  log "skopeo inspect --raw oci:$layout:$tag"
  skopeo inspect --raw "oci:$layout:$tag"
  echo
fi
