#!/usr/bin/env bash
# Installs (only when missing) the Debian packages the cinema-build tests need,
# caches busybox-static:arm64 as a .deb under .tmp/debs/, installs the pinned
# @action-validator/cli from npm under .tmp/npm/ (scripts/test-workflow.sh) and
# enables the qemu binfmt_misc handlers so foreign-architecture binaries can run.
#
# Idempotent: running it again on a prepared machine changes nothing and does
# not touch the network.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEB_CACHE="$REPO_ROOT/.tmp/debs"

PACKAGES=(
  golang-go qemu-user-static binfmt-support skopeo buildah docker-registry docker.io maven
  busybox-static apache2-utils openssl curl ca-certificates umoci gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  golang-github-lib-pq-dev golang-github-mattn-go-sqlite3-dev libsqlite3-dev
  tzdata containerd podman gnupg
)
FOREIGN_ARCH=arm64
FOREIGN_DEBS=(busybox-static)
QEMU_HANDLERS=(qemu-aarch64 qemu-arm qemu-riscv64 qemu-s390x qemu-ppc64le)
# npm packages, pinned, installed into a prefix of the repository's own (not global, not committed)
NPM_PREFIX="$REPO_ROOT/.tmp/npm"
NPM_PACKAGES=(@action-validator/cli@0.6.0 @action-validator/core@0.6.0)

log()  { printf '[install-packages] %s\n' "$*"; }
warn() { printf '[install-packages] WARNING: %s\n' "$*" >&2; }
die()  { printf '[install-packages] ERROR: %s\n' "$*" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive

IS_ROOT=false
[[ "$(id -u)" -eq 0 ]] && IS_ROOT=true

APT_UPDATED=false
apt_update_once() {
  if [[ "$APT_UPDATED" == false ]]; then
    log "running apt-get update"
    apt-get update -qq
    APT_UPDATED=true
  fi
}

is_installed() {
  # dpkg-query prints "install ok installed" for a fully installed package.
  # (a package installed for two architectures prints one status per architecture)
  dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -qx "install ok installed"
}

# ---------------------------------------------------------------- packages ---
missing=()
for p in "${PACKAGES[@]}"; do
  is_installed "$p" || missing+=("$p")
done
# Maven needs a JDK 17+; the machine image normally has one. Install Debian's
# only when no javac is on PATH at all.
if ! command -v javac >/dev/null 2>&1; then
  missing+=(openjdk-17-jdk-headless)
fi
# npm installs the workflow validator. Node from elsewhere (NodeSource's nodejs carries npm) is
# used as it is; Debian's nodejs and npm are installed only when no npm is on PATH at all.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]} > 0)); then
  [[ "$IS_ROOT" == true ]] || die "missing packages (${missing[*]}) and not root; re-run as root"
  log "installing missing packages: ${missing[*]}"
  apt_update_once
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "all packages already installed: ${PACKAGES[*]}"
fi

# ------------------------------------------------ foreign architecture debs ---
if ! dpkg --print-foreign-architectures | grep -qx "$FOREIGN_ARCH"; then
  [[ "$IS_ROOT" == true ]] || die "dpkg architecture $FOREIGN_ARCH not enabled and not root"
  log "adding dpkg architecture $FOREIGN_ARCH"
  dpkg --add-architecture "$FOREIGN_ARCH"
  APT_UPDATED=false   # package lists for the new arch are needed
  apt_update_once
fi

# Installed for the foreign architecture: the C libraries cgo cross builds link (the real-modules IT)
FOREIGN_INSTALL=(libsqlite3-dev)
for pkg in "${FOREIGN_INSTALL[@]}"; do
  if ! is_installed "$pkg:$FOREIGN_ARCH"; then
    [[ "$IS_ROOT" == true ]] || die "missing $pkg:$FOREIGN_ARCH and not root; re-run as root"
    candidate="$(apt-cache policy "$pkg:$FOREIGN_ARCH" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
      apt_update_once
    fi
    log "installing $pkg:$FOREIGN_ARCH"
    apt-get install -y -qq --no-install-recommends "$pkg:$FOREIGN_ARCH"
  fi
done

mkdir -p "$DEB_CACHE"
for pkg in "${FOREIGN_DEBS[@]}"; do
  if compgen -G "$DEB_CACHE/${pkg}_*_${FOREIGN_ARCH}.deb" >/dev/null; then
    log "cached: $(basename "$(compgen -G "$DEB_CACHE/${pkg}_*_${FOREIGN_ARCH}.deb" | head -n1)")"
    continue
  fi
  # The arch may have been added earlier without an update having been run
  # (no candidate in the lists): update once in that case.
  candidate="$(apt-cache policy "$pkg:$FOREIGN_ARCH" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
    apt_update_once
  fi
  log "downloading $pkg:$FOREIGN_ARCH into $DEB_CACHE"
  # apt-get download writes into the working directory. Running as root it
  # may warn that the download is unsandboxed; that is harmless.
  (cd "$DEB_CACHE" && apt-get download -qq "$pkg:$FOREIGN_ARCH") \
    || die "could not download $pkg:$FOREIGN_ARCH"
  compgen -G "$DEB_CACHE/${pkg}_*_${FOREIGN_ARCH}.deb" >/dev/null \
    || die "download of $pkg:$FOREIGN_ARCH produced no .deb in $DEB_CACHE"
done

# ------------------------------------------------------------ npm packages ---
npm_installed_version() {
  # the version in the installed package.json, or nothing
  local pkg="$NPM_PREFIX/node_modules/$1/package.json"
  [[ -f "$pkg" ]] && node -p 'require(process.argv[1]).version' "$pkg" 2>/dev/null
}

npm_missing=()
for spec in "${NPM_PACKAGES[@]}"; do
  name="${spec%@*}" version="${spec##*@}"
  [[ "$(npm_installed_version "$name" || true)" == "$version" ]] || npm_missing+=("$spec")
done
if ((${#npm_missing[@]} > 0)); then
  log "installing npm packages into $NPM_PREFIX: ${npm_missing[*]}"
  mkdir -p "$NPM_PREFIX"
  # all of them in one go: npm removes what a later call in the same prefix does not name
  npm install --prefix "$NPM_PREFIX" --no-save --no-audit --no-fund --loglevel=error "${NPM_PACKAGES[@]}" \
    || die "npm install of ${NPM_PACKAGES[*]} into $NPM_PREFIX failed"
  for spec in "${NPM_PACKAGES[@]}"; do
    [[ "$(npm_installed_version "${spec%@*}" || true)" == "${spec##*@}" ]] \
      || die "npm install left ${spec%@*} at '$(npm_installed_version "${spec%@*}" || true)', not ${spec##*@}, in $NPM_PREFIX"
  done
else
  log "npm packages already installed in $NPM_PREFIX: ${NPM_PACKAGES[*]}"
fi

# ------------------------------------------------------------ binfmt_misc ---
BINFMT_DIR=/proc/sys/fs/binfmt_misc
if [[ ! -e "$BINFMT_DIR/register" ]]; then
  log "mounting binfmt_misc on $BINFMT_DIR"
  if ! mount -t binfmt_misc binfmt_misc "$BINFMT_DIR" 2>/dev/null; then
    warn "could not mount binfmt_misc (not root or no privilege); foreign binaries will only run via explicit qemu-*-static"
  fi
fi

if [[ -e "$BINFMT_DIR/register" ]]; then
  for h in "${QEMU_HANDLERS[@]}"; do
    [[ -e "/usr/share/binfmts/$h" ]] || continue
    if [[ -e "$BINFMT_DIR/$h" ]] && head -n1 "$BINFMT_DIR/$h" | grep -qx enabled; then
      log "binfmt handler $h already enabled"
      continue
    fi
    if update-binfmts --enable "$h" >/dev/null 2>&1; then
      log "enabled binfmt handler $h"
    else
      warn "could not enable binfmt handler $h (no privilege?)"
    fi
  done
else
  warn "binfmt_misc not available; skipping qemu handler registration"
fi

log "done"
