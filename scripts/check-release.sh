#!/usr/bin/env bash
# Checks that the release profile makes what Maven Central asks of each published module
# (docs/release.md):
#   1. runs ./mvnw -B -ntp -o package -Prelease -DskipTests [ARGS...]  (no gpg key: signing is skipped)
#   2. for cinema-build-core, cinema-maven-plugin and cinema-cli: a -sources.jar holding .java files and
#      a -javadoc.jar holding .html files
#   3. the effective pom (help:effective-pom) of the parent and of those three modules has name,
#      description, url, licenses, developers and scm
#   4. signing, on the core (javadoc left out, for time): ./mvnw verify -Prelease without a key passes and
#      signs nothing; with a throwaway key in a temporary GNUPGHOME and -Dgpg.keyname=KEY it gives an .asc
#      beside the jar, the sources jar and the pom that gpg --verify accepts (skipped, saying so, without gpg)
# Usage: scripts/check-release.sh [--online] [MAVEN ARGS...], e.g. -Dmaven.repo.local=/path/to/m2.
# --online leaves out -o, for a machine whose local repository lacks the release plugins.
# Exits 0 when everything is there, 1 naming every missing piece, or Maven's exit code when it failed.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

log() { printf '[check-release] %s\n' "$*" >&2; }

offline=(-o)
if [[ "${1:-}" == --online ]]; then
  offline=()
  shift
fi

EXTRA_ARGS=("$@")
PUBLISHED=(cinema-build-core cinema-maven-plugin cinema-cli)
OUT="$REPO_ROOT/target/check-release"
mkdir -p "$OUT"
mvnw=(./mvnw)
[[ -x ./mvnw ]] || mvnw=(sh ./mvnw)

log "1/4: ./mvnw -B -ntp ${offline[*]} package -Prelease -DskipTests $* (log: $OUT/package.log)"
rc=0
"${mvnw[@]}" -B -ntp "${offline[@]}" package -Prelease -DskipTests "$@" >"$OUT/package.log" 2>&1 || rc=$?
if ((rc != 0)); then
  tail -n 60 "$OUT/package.log" >&2
  log "FAILED: the release build exited with $rc (whole log: $OUT/package.log)"
  exit "$rc"
fi

problems=()
log "2/4: effective pom of cinema-build-parent and ${PUBLISHED[*]}"
effective="$OUT/effective-pom.xml"
rc=0
"${mvnw[@]}" -B -ntp -q "${offline[@]}" help:effective-pom -Prelease -Doutput="$effective" \
    -pl ".,$(IFS=,; echo "${PUBLISHED[*]}")" "$@" >"$OUT/effective-pom.log" 2>&1 || rc=$?
if ((rc != 0)); then
  cat "$OUT/effective-pom.log" >&2
  log "FAILED: help:effective-pom exited with $rc"
  exit "$rc"
fi
# help:effective-pom writes one <project> per module, its own elements indented by four spaces:
# print "artifactId element" for each of them, and "artifactId version=V".
elements="$(awk '
  /^  <project[ >]/ { artifact = ""; version = ""; n = 0; next }
  /^    <artifactId>/ && artifact == "" { artifact = $0; gsub(/ *<\/?artifactId>/, "", artifact) }
  /^    <version>/ && version == "" { version = $0; gsub(/ *<\/?version>/, "", version) }
  /^    <[a-zA-Z]/ { name = $0; sub(/^    </, "", name); sub(/[ >\/].*/, "", name); seen[++n] = name }
  /^  <\/project>/ { for (i = 1; i <= n; i++) print artifact, seen[i]; print artifact, "version=" version }
' "$effective")"
for module in cinema-build-parent "${PUBLISHED[@]}"; do
  missing=()
  for element in name description url licenses developers scm; do
    grep -qx "$module $element" <<<"$elements" || missing+=("$element")
  done
  if ((${#missing[@]} > 0)); then
    problems+=("$module: the effective pom has no ${missing[*]}")
  else
    log "  $module: name, description, url, licenses, developers, scm"
  fi
done
# Maven appends /<artifactId> to an inherited url unless the parent says child.*.inherit.append.path="false"
if grep -E '<(url|connection|developerConnection)>[^<]*/(cinema-build-core|cinema-maven-plugin|cinema-cli)</' "$effective" >/dev/null; then
  problems+=("a module's effective pom has a url with the module's name appended (child.*.inherit.append.path in pom.xml)")
fi

log "3/4: sources and javadoc jars of ${PUBLISHED[*]}"
# check_jar FILE PATTERN WHAT: FILE exists, is not empty, and lists an entry matching PATTERN
check_jar() {
  local file="$1" pattern="$2" what="$3" count
  if [[ ! -s "$file" ]]; then
    problems+=("$file: missing or empty")
    return
  fi
  count="$(jar tf "$file" | grep -cE "$pattern" || true)"
  if ((count == 0)); then
    problems+=("$file: no $what inside")
  else
    log "  $(basename "$file"): $count $what"
  fi
}
for module in "${PUBLISHED[@]}"; do
  version="$(sed -n "s/^$module version=//p" <<<"$elements")"
  if [[ -z "$version" ]]; then
    problems+=("$module: no version in the effective pom")
    continue
  fi
  check_jar "$module/target/$module-$version-sources.jar" '\.java$' '.java files'
  check_jar "$module/target/$module-$version-javadoc.jar" '\.html$' '.html files'
done

if ((${#problems[@]} > 0)); then
  for p in "${problems[@]}"; do log "FAILED: $p"; done
  exit 1
fi
log "OK: ${PUBLISHED[*]} have sources, javadoc and the pom metadata Central asks for"

if ! command -v gpg >/dev/null; then
  log "4/4: SKIPPED the signing check: no gpg on the PATH (apt-get install gnupg)"
  exit 0
fi
core=cinema-build-core
version="$(sed -n "s/^$core version=//p" <<<"$elements")"
sign_build() { # sign_build LOG [ARGS...]: verify -Prelease of the core
  local out="$1" rc=0
  shift
  rm -f "$core"/target/*.asc
  "${mvnw[@]}" -B -ntp "${offline[@]}" verify -Prelease -DskipTests -Dmaven.javadoc.skip=true -pl "$core" "$@" \
      >"$out" 2>&1 || rc=$?
  if ((rc != 0)); then
    tail -n 40 "$out" >&2
    log "FAILED: ./mvnw verify -Prelease -pl $core $* exited with $rc (whole log: $out)"
    exit "$rc"
  fi
}
log "4/4: signing: verify -Prelease of $core without a key, then with a throwaway key (logs: $OUT/sign-*.log)"
sign_build "$OUT/sign-no-key.log" "${EXTRA_ARGS[@]}"
if compgen -G "$core/target/*.asc" >/dev/null; then
  log "FAILED: verify -Prelease without -Dgpg.keyname signed: $(ls "$core"/target/*.asc)"
  exit 1
fi
log "  without a key: nothing signed"
GNUPGHOME="$(mktemp -d)"
export GNUPGHOME
stop_agent() { gpgconf --kill gpg-agent 2>/dev/null || true; rm -rf "$GNUPGHOME"; }
trap stop_agent EXIT
gpg --batch --passphrase '' --quick-gen-key 'cinema-build release check <release-check@example.invalid>' ed25519 sign 1d \
    >"$OUT/gpg.log" 2>&1
key="$(gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')"
if [[ -z "$key" ]]; then
  cat "$OUT/gpg.log" >&2
  log "FAILED: gpg made no throwaway key"
  exit 1
fi
sign_build "$OUT/sign-key.log" -Dgpg.keyname="$key" "${EXTRA_ARGS[@]}"
for file in "$core/target/$core-$version.jar" "$core/target/$core-$version-sources.jar" "$core/target/$core-$version.pom"; do
  if [[ ! -s "$file.asc" ]]; then
    problems+=("$file.asc: missing")
  elif ! gpg --batch --verify "$file.asc" "$file" >>"$OUT/gpg.log" 2>&1; then
    problems+=("$file.asc: gpg --verify refuses it ($OUT/gpg.log)")
  else
    log "  $(basename "$file").asc: a good signature by $key"
  fi
done
if ((${#problems[@]} > 0)); then
  for p in "${problems[@]}"; do log "FAILED: $p"; done
  exit 1
fi
log "OK: -Prelease signs at verify with -Dgpg.keyname=KEY, and skips signing without one"
