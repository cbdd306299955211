#!/usr/bin/env bash
# Tests examples/github-actions/workflow.yml:
#   - @action-validator/cli (pinned, installed by scripts/install-packages.sh under .tmp/npm)
#     accepts it, and rejects deliberately broken copies of it (so a validator that checks
#     nothing cannot make this pass);
#   - the workflow takes its tags from scripts/image-tags.sh and nowhere else: the run blocks of its
#     steps are cut out of the YAML and run here, with a stub ./mvnw, to check the exact commands.
# Prints "N passed, M failed" last; exits non-zero when anything failed.
#
# ACTION_VALIDATOR=/path/to/action-validator uses another install of the same version.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKFLOW="$REPO_ROOT/examples/github-actions/workflow.yml"
ACTION_VALIDATOR_VERSION=0.6.0
NPM_PREFIX="$REPO_ROOT/.tmp/npm"
VALIDATOR="${ACTION_VALIDATOR:-$NPM_PREFIX/node_modules/.bin/action-validator}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

SHA=0123456789abcdef0123456789abcdef01234567
passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; shift; printf '     %s\n' "$@"; }
check() { # check NAME COMMAND...: passes when the command succeeds
  local name="$1"
  shift
  if "$@" >"$TMP/check.out" 2>&1; then pass "$name"; else fail "$name" "$(tail -n 20 "$TMP/check.out")"; fi
}

# The run: script of the step named $1 (a one-line run: or a run: | block, de-indented).
step_run() {
  awk -v want="$1" '
    function indent(s) { match(s, /^ */); return RLENGTH }
    block && $0 !~ /^ *$/ && indent($0) <= run_indent { block = 0 }
    block { print substr($0, run_indent + 3); next }
    /^ *- / { step = ""; if (match($0, /^ *- name: /)) step = substr($0, RLENGTH + 1) }
    step == want && /^ *run: *\| *$/ { block = 1; run_indent = indent($0); found = 1; next }
    step == want && /^ *run: / { sub(/^ *run: */, ""); print; found = 1 }
    END { exit found ? 0 : 1 }
  ' "$WORKFLOW"
}

[[ -f "$WORKFLOW" ]] || { echo "no workflow at $WORKFLOW"; echo "0 passed, 1 failed"; exit 1; }

echo "== @action-validator/cli $ACTION_VALIDATOR_VERSION"
validator_ok=true
if [[ ! -x "$VALIDATOR" ]]; then
  fail "action-validator is installed" "not found at $VALIDATOR: run scripts/install-packages.sh (npm install into $NPM_PREFIX)"
  validator_ok=false
else
  pkg="$(dirname "$(readlink -f "$VALIDATOR")")/package.json"
  version="$(node -p 'require(process.argv[1]).version' "$pkg" 2>/dev/null || echo unknown)"
  if [[ "$version" == "$ACTION_VALIDATOR_VERSION" ]]; then
    pass "action-validator is installed at $ACTION_VALIDATOR_VERSION"
  else
    fail "action-validator is installed at $ACTION_VALIDATOR_VERSION" "$VALIDATOR is version $version: run scripts/install-packages.sh"
    validator_ok=false
  fi
fi

if [[ "$validator_ok" == true ]]; then
  check "the validator accepts examples/github-actions/workflow.yml" "$VALIDATOR" "$WORKFLOW"
  check "the validator accepts examples/.github/workflows/movies-service.yml" \
    "$VALIDATOR" "$REPO_ROOT/examples/.github/workflows/movies-service.yml"

  # broken NAME SED-EXPRESSION TEXT: a copy broken by the expression must be rejected, with TEXT in the report
  broken() {
    local name="$1" expr="$2" text="$3" copy="$TMP/broken.yml" rc=0
    sed -e "$expr" "$WORKFLOW" >"$copy"
    if cmp -s "$WORKFLOW" "$copy"; then
      fail "rejects: $name" "the sed expression '$expr' changed nothing: the test itself is out of date"
      return
    fi
    "$VALIDATOR" "$copy" >"$TMP/broken.out" 2>&1 || rc=$?
    if [[ "$rc" -ne 0 ]] && grep -qF -- "$text" "$TMP/broken.out"; then
      pass "rejects: $name"
    else
      fail "rejects: $name" "exit $rc, expected non-zero with '$text' in the report:" "$(head -c 2000 "$TMP/broken.out")"
    fi
  }
  broken "an unknown event" 's/^  pull_request:$/  pull_requests:/' "pull_requests"
  broken "a misspelt job key" 's/^    runs-on:/    runs_on:/' "runs_on"
  broken "a permission level that does not exist" 's/^  packages: write/  packages: push/' "/permissions"
  broken "a misspelt step key" 's/^        id: tags$/        ident: tags/' "ident"
  broken "a YAML syntax error" 's/^jobs:$/jobs: [/' "parse_error"
fi

echo "== the workflow runs scripts/image-tags.sh, and only it makes tags"
check "the workflow has a step 'Image tags' with id tags" grep -qE '^        id: tags$' "$WORKFLOW"
tags_run="$(step_run 'Image tags' || true)"
pr_run="$(step_run 'Build and verify (pull request, not pushed)' || true)"
push_run="$(step_run 'Build, verify and push to ghcr.io' || true)"
epoch_run="$(step_run 'SOURCE_DATE_EPOCH from the commit' || true)"
check "'Image tags' runs scripts/image-tags.sh into \$GITHUB_OUTPUT" \
  test "$tags_run" == 'bash scripts/image-tags.sh | tee -a "$GITHUB_OUTPUT"'
check "the steps' run blocks use no \${{ }} (values come in through env:)" \
  bash -c '! grep -qF "\${{" <<<"$1"' _ "$tags_run$pr_run$push_run$epoch_run"
check "no tag is made outside image-tags.sh (no ref_name, GITHUB_REF, sha-, latest in run blocks)" \
  bash -c '! grep -qiE "ref_name|GITHUB_REF|GITHUB_SHA|sha-|latest" <<<"$1"' _ "$pr_run$push_run$epoch_run"
check "IMAGE is ghcr.io/<owner>/<repository> (lowercased by the script)" \
  grep -qF 'IMAGE: ghcr.io/${{ github.repository_owner }}/${{ github.event.repository.name }}' "$WORKFLOW"
check "the Maven steps take image, extra and push from steps.tags" bash -c '
  grep -qF "CINEMA_IMAGE: \${{ steps.tags.outputs.image }}" "$1" &&
  grep -qF "CINEMA_EXTRA_TAGS: \${{ steps.tags.outputs.extra }}" "$1" &&
  [[ $(grep -cF "if: steps.tags.outputs.push != '"'"'true'"'"'" "$1") == 1 ]] &&
  [[ $(grep -cF "if: steps.tags.outputs.push == '"'"'true'"'"'" "$1") == 2 ]]' _ "$WORKFLOW"

# The 'Image tags' step, run as the runner runs it (bash -eo pipefail, GITHUB_* set), from the repository root.
# tags_step NAME EXPECTED_OUTPUT_FILE_CONTENT REF
tags_step() {
  local name="$1" expected="$2" ref="$3" out="$TMP/github_output" rc=0
  : >"$out"
  (cd "$REPO_ROOT" && env -i PATH="$PATH" GITHUB_REF="$ref" GITHUB_SHA="$SHA" GITHUB_OUTPUT="$out" \
    IMAGE=ghcr.io/Cinema-Abyss/Movies-Service bash --noprofile --norc -eo pipefail -c "$tags_run") >"$TMP/log" 2>&1 || rc=$?
  if [[ "$rc" -eq 0 && "$(cat "$out")" == "$expected" ]]; then
    pass "$name"
  else
    fail "$name" "exit $rc" "GITHUB_OUTPUT: $(tr '\n' ' ' <"$out")" "expected: ${expected//$'\n'/ }" "$(cat "$TMP/log")"
  fi
}
tags_step "step 'Image tags' on tag v1.2.3" $'image=ghcr.io/cinema-abyss/movies-service:1.2.3\nprimary=1.2.3\nextra=1.2,1,latest\ntags=1.2.3,1.2,1,latest\npush=true' refs/tags/v1.2.3
tags_step "step 'Image tags' on main" $'image=ghcr.io/cinema-abyss/movies-service:sha-0123456\nprimary=sha-0123456\nextra=\ntags=sha-0123456\npush=true' refs/heads/main
tags_step "step 'Image tags' on a pull request" $'image=ghcr.io/cinema-abyss/movies-service:pr-12\nprimary=pr-12\nextra=\ntags=pr-12\npush=false' refs/pull/12/merge
rc=0
(cd "$REPO_ROOT" && env -i PATH="$PATH" GITHUB_REF=refs/tags/bad/tag GITHUB_SHA="$SHA" GITHUB_OUTPUT="$TMP/github_output" \
  IMAGE=ghcr.io/o/n bash --noprofile --norc -eo pipefail -c "$tags_run") >"$TMP/log" 2>&1 || rc=$?
check "step 'Image tags' fails the job on a bad tag" test "$rc" -ne 0

# The Maven steps, run with a stub ./mvnw that records its arguments, one per line.
# maven_step NAME RUN_SCRIPT EXPECTED_ARGS ENV...
mkdir -p "$TMP/service"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" > "%s/mvnw.args"\n' "$TMP" >"$TMP/service/mvnw"
chmod +x "$TMP/service/mvnw"
maven_step() {
  local name="$1" script="$2" expected="$3" rc=0
  shift 3
  rm -f "$TMP/mvnw.args"
  (cd "$TMP/service" && env -i PATH="$PATH" "$@" bash --noprofile --norc -eo pipefail -c "$script") >"$TMP/log" 2>&1 || rc=$?
  local got
  got="$(cat "$TMP/mvnw.args" 2>/dev/null || echo '(mvnw not run)')"
  if [[ "$rc" -eq 0 && "$got" == "$expected" ]]; then
    pass "$name"
  else
    fail "$name" "exit $rc" "./mvnw ${got//$'\n'/ }" "expected ./mvnw ${expected//$'\n'/ }" "$(cat "$TMP/log")"
  fi
}
maven_step "pull request: ./mvnw verify with the pr- image, no push" "$pr_run" \
  $'-B\n-ntp\nverify\n-Dcinema.smoke=true\n-Dcinema.image=ghcr.io/o/n:pr-12' CINEMA_IMAGE=ghcr.io/o/n:pr-12
maven_step "release: ./mvnw deploy with the extra tags in cinema.tags" "$push_run" \
  $'-B\n-ntp\ndeploy\n-Dcinema.smoke=true\n-Dcinema.image=ghcr.io/o/n:1.2.3\n-Dcinema.tags=1.2,1,latest' \
  CINEMA_IMAGE=ghcr.io/o/n:1.2.3 CINEMA_EXTRA_TAGS=1.2,1,latest GITHUB_TOKEN=t
maven_step "branch: ./mvnw deploy without -Dcinema.tags (an empty one is an error)" "$push_run" \
  $'-B\n-ntp\ndeploy\n-Dcinema.smoke=true\n-Dcinema.image=ghcr.io/o/n:sha-0123456' \
  CINEMA_IMAGE=ghcr.io/o/n:sha-0123456 CINEMA_EXTRA_TAGS= GITHUB_TOKEN=t
check "the push step, and only it, gets GITHUB_TOKEN" bash -c '
  [[ $(grep -cF "GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}" "$1") == 1 ]] &&
  awk "/- name: Build, verify and push to ghcr.io/{s=1} s&&/GITHUB_TOKEN: /{print; exit}" "$1" | grep -q .' _ "$WORKFLOW"

echo "== the rest of the workflow"
# The SOURCE_DATE_EPOCH step in a repository whose commit has a known committer date.
git -C "$TMP" init -q epoch
(cd "$TMP/epoch" && GIT_COMMITTER_DATE=@1700000000 GIT_AUTHOR_DATE=@1600000000 \
  git -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m c)
: >"$TMP/github_env"
rc=0
(cd "$TMP/epoch" && env -i PATH="$PATH" GITHUB_ENV="$TMP/github_env" bash --noprofile --norc -eo pipefail -c "$epoch_run") \
  >"$TMP/log" 2>&1 || rc=$?
check "SOURCE_DATE_EPOCH is the commit's committer time" test "$rc:$(cat "$TMP/github_env")" == "0:SOURCE_DATE_EPOCH=1700000000"
check "triggers: push to main, tags v*, pull_request" bash -c '
  grep -qE "^  push:$" "$1" && grep -qF "branches: [main]" "$1" && grep -qF "tags: ['"'"'v*'"'"']" "$1" && grep -qE "^  pull_request:$" "$1"' _ "$WORKFLOW"
check "permissions: contents read, packages write" bash -c '
  grep -qE "^  contents: read$" "$1" && grep -qE "^  packages: write( |$)" "$1"' _ "$WORKFLOW"
check "run steps use shell bash (-eo pipefail: a failing image-tags.sh fails its step despite | tee)" bash -c '
  grep -qE "^defaults:$" "$1" && grep -qE "^    shell: bash( |$)" "$1"' _ "$WORKFLOW"
check "checkout with fetch-depth 0" grep -qE '^          fetch-depth: 0( |$)' "$WORKFLOW"
check "setup-java 17 with the Maven cache" bash -c '
  grep -qF "uses: actions/setup-java@" "$1" && grep -qF "java-version: '"'"'17'"'"'" "$1" && grep -qF "cache: maven" "$1"' _ "$WORKFLOW"
check "setup-go reads go.mod" grep -qF 'go-version-file: go.mod' "$WORKFLOW"
check "QEMU (binfmt) for the arm64 smoke run" bash -c '
  grep -qF "uses: docker/setup-qemu-action@" "$1" && grep -qF "platforms: arm64" "$1"' _ "$WORKFLOW"

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
