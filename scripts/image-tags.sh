#!/usr/bin/env bash
# Turns a git ref and commit into the image tags a CI build pushes, for cinema-maven-plugin's
# cinema.image (the primary tag) and cinema.tags (the extra tags). Used by
# examples/github-actions/workflow.yml; copy this file into your service repository's scripts/.
#
# Usage: image-tags.sh [REF [SHA]]
#   REF  the full git ref: refs/tags/v1.2.3, refs/heads/main, refs/pull/12/merge
#        (default: $GITHUB_REF, which GitHub Actions sets)
#   SHA  the commit, hex (default: $GITHUB_SHA); needed for a branch only
#   An argument wins over the environment variable.
#   IMAGE (environment, optional): the image repository, e.g. ghcr.io/Owner/Name; when set, an
#        image= line gives it lowercased (GHCR and the OCI spec want lowercase names) with the
#        primary tag: the whole value for -Dcinema.image.
#
# Rules:
#   refs/tags/vX.Y.Z            X.Y.Z, X.Y, X, latest  (X, Y, Z numbers without leading zeros)
#   refs/tags/vX.Y.Z-PRE        X.Y.Z-PRE only (a pre-release: no floating tags, no latest)
#   refs/tags/OTHER             OTHER as it is, when it is a valid OCI tag; else an error
#                               (no sanitising: two git tags must never become one image tag)
#   refs/heads/BRANCH           sha-<first 7 hex of SHA>
#   refs/pull/N/merge (or head) pr-N, and push=false: built and verified, never pushed
#
# Output on stdout, one key=value per line (append it to $GITHUB_OUTPUT):
#   image=ghcr.io/owner/name:1.2.3   (only when IMAGE is set)
#   primary=1.2.3                    the image's own tag (cinema.image); moved first
#   extra=1.2,1,latest               the other tags, comma-separated (cinema.tags); may be empty:
#                                    then pass no -Dcinema.tags at all (the plugin refuses an empty one)
#   tags=1.2.3,1.2,1,latest          every tag, comma-separated
#   push=true                        false for a pull request
# Bad input: a message naming the input and the fix on stderr, nothing on stdout, exit 2.
set -euo pipefail
export LC_ALL=C   # ASCII character ranges in the patterns below

PROG=image-tags.sh

# A value for a message: in quotes, or $'...' escaped when it holds control characters (a newline).
shown() {
  if [[ "$1" == *[[:cntrl:]]* ]]; then printf '%q' "$1"; else printf "'%s'" "$1"; fi
}

die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 2
}

if (($# > 2)); then
  die "expected at most 2 arguments (REF and SHA), got $#. Usage: $PROG [REF [SHA]]"
fi

ref="${1-${GITHUB_REF-}}"
sha="${2-${GITHUB_SHA-}}"
# How the messages name the inputs: "GITHUB_REF='x'" or "the REF argument 'x'".
if (($# >= 1)); then ref_source='the REF argument' ref_desc="the REF argument $(shown "$ref")"
else ref_source='GITHUB_REF' ref_desc="GITHUB_REF=$(shown "$ref")"; fi
if (($# >= 2)); then sha_source='the SHA argument' sha_desc="the SHA argument $(shown "$sha")"
else sha_source='GITHUB_SHA' sha_desc="GITHUB_SHA=$(shown "$sha")"; fi

OCI_TAG='^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$'
NUM='(0|[1-9][0-9]*)'
RELEASE="^v${NUM}\\.${NUM}\\.${NUM}\$"
PRERELEASE="^v(${NUM}\\.${NUM}\\.${NUM}-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)\$"

[[ -n "$ref" ]] || die "no git ref: $ref_source is empty. Pass the full ref as the first argument" \
  "(refs/tags/v1.2.3, refs/heads/main, refs/pull/12/merge) or set GITHUB_REF."

if [[ -n "$sha" && ! "$sha" =~ ^[0-9A-Fa-f]{7,64}$ ]]; then
  die "$sha_desc is not a commit id: give the hex commit id (7 to 64 hex digits), e.g. \$(git rev-parse HEAD)."
fi

push=true
extra=()
case "$ref" in
  refs/tags/*)
    tag="${ref#refs/tags/}"
    [[ -n "$tag" ]] || die "$ref_desc names no tag: expected refs/tags/<tag>, e.g. refs/tags/v1.2.3."
    if [[ "$tag" =~ $RELEASE ]]; then
      major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}" patch="${BASH_REMATCH[3]}"
      primary="$major.$minor.$patch"
      extra=("$major.$minor" "$major" latest)
    elif [[ "$tag" =~ $PRERELEASE ]]; then
      primary="${BASH_REMATCH[1]}"
      [[ "$primary" =~ $OCI_TAG ]] || die "$ref_desc: the pre-release tag $(shown "$primary") is longer than the 128 characters" \
        "an image tag may have. Use a shorter pre-release suffix, e.g. v1.2.3-rc.1."
    elif [[ "$tag" =~ $OCI_TAG ]]; then
      [[ "$tag" != latest ]] || die "$ref_desc: a git tag named 'latest' would move the image's latest tag by hand;" \
        "latest follows the newest vX.Y.Z release tag. Delete the git tag and tag the release vX.Y.Z."
      primary="$tag"
    else
      die "$ref_desc: the git tag $(shown "$tag") is not a valid image tag (at most 128 of A-Z a-z 0-9 _ . -," \
        "not starting with . or -) and is not a release tag vX.Y.Z[-PRE]. Tag the release vX.Y.Z (e.g. git tag v1.2.3)," \
        "or use a tag name made of those characters."
    fi
    ;;
  refs/heads/*)
    branch="${ref#refs/heads/}"
    [[ -n "$branch" ]] || die "$ref_desc names no branch: expected refs/heads/<branch>, e.g. refs/heads/main."
    [[ -n "$sha" ]] || die "$ref_desc is a branch, whose tag is sha-<commit>, but $sha_source is empty:" \
      "pass the commit as the second argument or set GITHUB_SHA (e.g. \$(git rev-parse HEAD))."
    short="$(printf '%s' "${sha:0:7}" | tr 'A-F' 'a-f')"
    primary="sha-$short"
    ;;
  refs/pull/*)
    rest="${ref#refs/pull/}"
    number="${rest%%/*}"
    kind="${rest#*/}"
    if [[ ! "$number" =~ ^[1-9][0-9]*$ || "$rest" != */* || ( "$kind" != merge && "$kind" != head ) ]]; then
      die "$ref_desc is not a pull request ref: expected refs/pull/<number>/merge or refs/pull/<number>/head."
    fi
    primary="pr-$number"
    push=false
    ;;
  *)
    die "$ref_desc is not a ref this script knows: give the full ref, refs/tags/<tag>, refs/heads/<branch>" \
      "or refs/pull/<number>/merge (GITHUB_REF, not GITHUB_REF_NAME)."
    ;;
esac

image_line=''
if [[ -n "${IMAGE-}" ]]; then
  repository="$(printf '%s' "$IMAGE" | tr 'A-Z' 'a-z')"
  COMPONENT='[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*'
  if [[ ! "$repository" =~ ^[a-z0-9.-]+(:[0-9]+)?(/$COMPONENT)+$ ]]; then
    die "IMAGE=$(shown "$IMAGE") is not an image repository: give registry/owner/name without a tag," \
      "e.g. ghcr.io/\${{ github.repository_owner }}/\${{ github.event.repository.name }}."
  fi
  image_line="image=$repository:$primary"
fi

all=("$primary" "${extra[@]}")
joined_extra="$(IFS=,; printf '%s' "${extra[*]}")"
joined_all="$(IFS=,; printf '%s' "${all[*]}")"

[[ -z "$image_line" ]] || printf '%s\n' "$image_line"
printf 'primary=%s\n' "$primary"
printf 'extra=%s\n' "$joined_extra"
printf 'tags=%s\n' "$joined_all"
printf 'push=%s\n' "$push"
