#!/usr/bin/env bash
# Tests scripts/image-tags.sh rule by rule: exact stdout for every kind of ref, and for every bad
# input exit code 2, nothing on stdout and one line on stderr naming the input and the fix.
# Runs the script with a clean environment (env -i), so a CI job's own GITHUB_REF cannot leak in.
# Prints "N passed, M failed" last; exits non-zero when anything failed.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPT="$REPO_ROOT/scripts/image-tags.sh"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

SHA=0123456789abcdef0123456789abcdef01234567
passed=0
failed=0

pass() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; shift; printf '     %s\n' "$@"; }

# run ENV... -- ARGS...: runs the script with only PATH and ENV set; sets out, err, rc
run() {
  local envs=()
  while [[ "$1" != -- ]]; do envs+=("$1"); shift; done
  shift
  rc=0
  env -i PATH="$PATH" "${envs[@]}" bash "$SCRIPT" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
  out="$(cat "$TMP/out")"
  err="$(cat "$TMP/err")"
}

# expect_ok NAME EXPECTED_STDOUT ENV... -- ARGS...
expect_ok() {
  local name="$1" expected="$2"
  shift 2
  run "$@"
  if [[ "$rc" -eq 0 && "$out" == "$expected" && -z "$err" ]]; then
    pass "$name"
  else
    fail "$name" "exit $rc (expected 0)" "stdout: ${out//$'\n'/\\n}" "expected: ${expected//$'\n'/\\n}" "stderr: $err"
  fi
}

# expect_error NAME "FRAGMENT|FRAGMENT..." ENV... -- ARGS...: exit 2, empty stdout, one stderr
# line starting "image-tags.sh: error: " and containing every fragment (the input and the fix)
expect_error() {
  local name="$1" f frags missing=()
  IFS='|' read -ra frags <<<"$2"
  shift 2
  run "$@"
  for f in "${frags[@]}"; do
    [[ "$err" == *"$f"* ]] || missing+=("$f")
  done
  if [[ "$rc" -eq 2 && -z "$out" && "$err" == "image-tags.sh: error: "* && "$err" != *$'\n'* && ${#missing[@]} -eq 0 ]]; then
    pass "$name"
  else
    fail "$name" "exit $rc (expected 2)" "stdout: ${out//$'\n'/\\n}" "stderr: ${err//$'\n'/\\n}" \
      "missing from stderr: ${missing[*]:-(none)}"
  fi
}

lines() { printf '%s\n' "$@"; }
# result PRIMARY EXTRA PUSH: the expected stdout without an image= line
result() {
  local all="$1"
  [[ -z "$2" ]] || all="$1,$2"
  lines "primary=$1" "extra=$2" "tags=$all" "push=$3"
}

echo "== release tags"
expect_ok "v1.2.3 -> 1.2.3,1.2,1,latest" "$(result 1.2.3 1.2,1,latest true)" -- refs/tags/v1.2.3 "$SHA"
expect_ok "v0.1.0 -> 0.1.0,0.1,0,latest" "$(result 0.1.0 0.1,0,latest true)" -- refs/tags/v0.1.0 "$SHA"
expect_ok "v10.20.30 (numbers of several digits)" "$(result 10.20.30 10.20,10,latest true)" -- refs/tags/v10.20.30 "$SHA"
expect_ok "a release tag needs no SHA" "$(result 2.0.0 2.0,2,latest true)" -- refs/tags/v2.0.0

echo "== pre-release tags: one tag, no floating tags, no latest"
expect_ok "v1.2.3-rc.1 -> 1.2.3-rc.1 only" "$(result 1.2.3-rc.1 '' true)" -- refs/tags/v1.2.3-rc.1 "$SHA"
expect_ok "v2.0.0-beta -> 2.0.0-beta only" "$(result 2.0.0-beta '' true)" -- refs/tags/v2.0.0-beta "$SHA"
expect_ok "v1.0.0-alpha.1.x-y (dotted, hyphenated)" "$(result 1.0.0-alpha.1.x-y '' true)" -- refs/tags/v1.0.0-alpha.1.x-y "$SHA"

echo "== other tags: the tag name as it is, no floating tags"
expect_ok "v1.2 (not vX.Y.Z) -> v1.2" "$(result v1.2 '' true)" -- refs/tags/v1.2 "$SHA"
expect_ok "v01.2.3 (leading zero: not a release) -> v01.2.3" "$(result v01.2.3 '' true)" -- refs/tags/v01.2.3 "$SHA"
expect_ok "1.2.3 (no v) -> 1.2.3 only" "$(result 1.2.3 '' true)" -- refs/tags/1.2.3 "$SHA"
expect_ok "release_2024.10 -> release_2024.10" "$(result release_2024.10 '' true)" -- refs/tags/release_2024.10 "$SHA"
expect_ok "v1.2.3_build7 (underscore: not a pre-release) -> v1.2.3_build7" "$(result v1.2.3_build7 '' true)" -- refs/tags/v1.2.3_build7
long128="$(printf 'a%.0s' {1..128})"
expect_ok "a tag of 128 characters is kept" "$(result "$long128" '' true)" -- "refs/tags/$long128"

echo "== branches: sha-<7 hex>"
expect_ok "refs/heads/main -> sha-0123456" "$(result sha-0123456 '' true)" -- refs/heads/main "$SHA"
expect_ok "a branch with slashes -> sha-0123456" "$(result sha-0123456 '' true)" -- refs/heads/feature/new-ui "$SHA"
expect_ok "an upper-case SHA is lowercased" "$(result sha-abcdef0 '' true)" -- refs/heads/main ABCDEF0123456789ABCDEF0123456789ABCDEF01
expect_ok "a SHA-256 commit id (64 hex)" "$(result sha-fedcba9 '' true)" -- refs/heads/main "fedcba9$(printf '0%.0s' {1..57})"

echo "== pull requests: pr-<n>, push=false"
expect_ok "refs/pull/12/merge -> pr-12, not pushed" "$(result pr-12 '' false)" -- refs/pull/12/merge "$SHA"
expect_ok "refs/pull/7/head -> pr-7, not pushed" "$(result pr-7 '' false)" -- refs/pull/7/head "$SHA"

echo "== environment and arguments"
expect_ok "GITHUB_REF and GITHUB_SHA from the environment" "$(result sha-0123456 '' true)" \
  GITHUB_REF=refs/heads/main GITHUB_SHA="$SHA" --
expect_ok "the REF argument wins over GITHUB_REF" "$(result 3.0.0 3.0,3,latest true)" \
  GITHUB_REF=refs/heads/main GITHUB_SHA="$SHA" -- refs/tags/v3.0.0
expect_ok "the SHA argument wins over GITHUB_SHA" "$(result sha-fffffff '' true)" \
  GITHUB_REF=refs/heads/main GITHUB_SHA="$SHA" -- refs/heads/main ffffffffffffffffffffffffffffffffffffffff
expect_ok "IMAGE: image= line, lowercased, with the primary tag" \
  "$(lines image=ghcr.io/cinema-abyss/movies-service:1.2.3; result 1.2.3 1.2,1,latest true)" \
  IMAGE=ghcr.io/Cinema-Abyss/Movies-Service -- refs/tags/v1.2.3 "$SHA"
expect_ok "IMAGE on a pull request" "$(lines image=ghcr.io/owner/svc:pr-5; result pr-5 '' false)" \
  IMAGE=ghcr.io/owner/svc GITHUB_REF=refs/pull/5/merge GITHUB_SHA="$SHA" --
expect_ok "IMAGE with a registry port and nested path" \
  "$(lines image=localhost:5000/team/sub/app_x:sha-0123456; result sha-0123456 '' true)" \
  IMAGE=localhost:5000/Team/sub/App_x -- refs/heads/main "$SHA"

echo "== bad input"
expect_error "no arguments, GITHUB_REF unset" "GITHUB_REF is empty|set GITHUB_REF" --
expect_error "empty REF argument" "the REF argument is empty|refs/tags/v1.2.3" -- ""
expect_error "empty GITHUB_REF" "GITHUB_REF is empty" GITHUB_REF= --
expect_error "a bare branch name (GITHUB_REF_NAME by mistake)" \
  "GITHUB_REF='main' is not a ref this script knows|GITHUB_REF, not GITHUB_REF_NAME" GITHUB_REF=main GITHUB_SHA="$SHA" --
expect_error "unknown ref kind refs/remotes/" "the REF argument 'refs/remotes/origin/main' is not a ref this script knows|refs/heads/<branch>" \
  -- refs/remotes/origin/main "$SHA"
expect_error "refs/tags/ with no tag" "'refs/tags/' names no tag|refs/tags/v1.2.3" -- refs/tags/ "$SHA"
expect_error "refs/heads/ with no branch" "'refs/heads/' names no branch|refs/heads/main" -- refs/heads/ "$SHA"
expect_error "a branch without a SHA" "'refs/heads/main' is a branch|GITHUB_SHA is empty|set GITHUB_SHA" -- refs/heads/main
expect_error "a SHA that is not hex" "GITHUB_SHA='not-a-sha' is not a commit id|git rev-parse HEAD" \
  GITHUB_REF=refs/heads/main GITHUB_SHA=not-a-sha --
expect_error "a SHA of 6 hex digits" "the SHA argument 'abc123' is not a commit id|7 to 64 hex digits" -- refs/heads/main abc123
expect_error "refs/pull/abc/merge" "'refs/pull/abc/merge' is not a pull request ref|refs/pull/<number>/merge" -- refs/pull/abc/merge
expect_error "refs/pull/12 (no merge/head)" "'refs/pull/12' is not a pull request ref" -- refs/pull/12
expect_error "refs/pull/0/merge" "'refs/pull/0/merge' is not a pull request ref" -- refs/pull/0/merge
expect_error "refs/pull/12/other" "'refs/pull/12/other' is not a pull request ref" -- refs/pull/12/other
expect_error "tag with a slash" "the git tag 'feature/x' is not a valid image tag|git tag v1.2.3" -- refs/tags/feature/x "$SHA"
expect_error "tag with + (semver build metadata)" "the git tag 'v1.2.3+build.1' is not a valid image tag|vX.Y.Z" -- refs/tags/v1.2.3+build.1
expect_error "tag starting with ." "the git tag '.hidden' is not a valid image tag" -- refs/tags/.hidden
expect_error "tag starting with -" "the git tag '-x' is not a valid image tag" -- refs/tags/-x
expect_error "tag with a space" "the git tag 'v1 2' is not a valid image tag" -- "refs/tags/v1 2"
expect_error "tag with a non-ASCII letter" "the git tag 'vé1' is not a valid image tag" -- "refs/tags/vé1"
expect_error "tag of 129 characters" "the git tag 'a${long128}' is not a valid image tag|at most 128" -- "refs/tags/a$long128"
expect_error "tag with a newline (would inject a GITHUB_OUTPUT line)" \
  "the REF argument \$'refs/tags/v1\\npush=true'|the git tag \$'v1\\npush=true' is not a valid image tag" -- $'refs/tags/v1\npush=true'
expect_error "git tag named latest" "'refs/tags/latest'|a git tag named 'latest'|tag the release vX.Y.Z" -- refs/tags/latest
long_pre="v1.2.3-$(printf 'r%.0s' {1..125})"
expect_error "pre-release tag over 128 characters" "the pre-release tag '${long_pre#v}' is longer than the 128 characters|v1.2.3-rc.1" \
  -- "refs/tags/$long_pre"
expect_error "IMAGE with a tag" "IMAGE='ghcr.io/owner/svc:1.0' is not an image repository|without a tag" \
  IMAGE=ghcr.io/owner/svc:1.0 -- refs/tags/v1.2.3
expect_error "IMAGE with a space" "IMAGE='ghcr.io/owner/my svc' is not an image repository" "IMAGE=ghcr.io/owner/my svc" -- refs/tags/v1.2.3
expect_error "IMAGE without registry/owner" "IMAGE='svc' is not an image repository|registry/owner/name" IMAGE=svc -- refs/tags/v1.2.3
expect_error "three arguments" "expected at most 2 arguments|Usage" -- refs/heads/main "$SHA" extra

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
