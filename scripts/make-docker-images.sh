#!/usr/bin/env bash
# Makes the local Docker images the Dockerfile-build tests need, without any
# registry but the local test one:
#
#   localhost/cinema-test/go:1.19   a Go builder image (linux/amd64) made with
#                                   `docker import` from Debian's Go toolchain
#                                   (golang-1.19-go + golang-1.19-src), a static
#                                   busybox for /bin/sh, and the C library the
#                                   `go` command links against.
#
# The multi-arch busybox base the tests build on is pushed to the local registry
# by scripts/make-base-images.sh (CINEMA_TEST_BASE_IMAGE); dockerd pulls it from
# there.
#
# Idempotent: the image carries a label with the hash of its recipe (this
# script and the Go version); when the daemon already has that, nothing is done.
# DOCKER_HOST is honoured (default unix:///var/run/docker.sock).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$REPO_ROOT/.tmp/docker-images"
GO_IMAGE="${CINEMA_TEST_GO_IMAGE:-localhost/cinema-test/go:1.19}"
GOROOT_DIR=/usr/lib/go-1.19
GOSHARE_DIR=/usr/share/go-1.19
BUSYBOX=/bin/busybox
LABEL=io.cinemaabyss.cinema.test.recipe

log() { printf '[make-docker-images] %s\n' "$*" >&2; }
die() { printf '[make-docker-images] ERROR: %s\n' "$*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || die "docker CLI not found; run scripts/install-packages.sh"
[[ -x "$GOROOT_DIR/bin/go" ]] || die "$GOROOT_DIR/bin/go missing; install golang-1.19-go"
[[ -d "$GOSHARE_DIR/src" ]] || die "$GOSHARE_DIR/src missing; install golang-1.19-src"
[[ -x "$BUSYBOX" ]] || die "$BUSYBOX missing; install busybox-static"
timeout 20 docker info >/dev/null 2>&1 || die "no Docker daemon answers (DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}); run scripts/test-services.sh start"

recipe="$( { sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1; cat "$GOROOT_DIR/VERSION"; } | sha256sum | cut -d' ' -f1)"
current="$(docker image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$GO_IMAGE" 2>/dev/null || true)"
if [[ "$current" == "$recipe" ]]; then
  log "$GO_IMAGE is up to date (recipe $recipe)"
  echo "$GO_IMAGE"
  exit 0
fi

log "making $GO_IMAGE from $GOROOT_DIR ($(cat "$GOROOT_DIR/VERSION"))"
ROOTFS="$WORK/go-rootfs"
rm -rf "$ROOTFS"
mkdir -p "$ROOTFS"/{bin,tmp,usr/bin,usr/lib/go-1.19/pkg,usr/share/go-1.19/pkg,etc,src}
chmod 1777 "$ROOTFS/tmp"

# A shell and the usual tools, as busybox applets.
cp "$BUSYBOX" "$ROOTFS/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [[ "$applet" == busybox ]] || ln -s busybox "$ROOTFS/bin/$applet"
done

# The Go toolchain, laid out as Debian lays it out. The precompiled amd64 standard
# library is left out: cross builds with CGO_ENABLED=0 rebuild it into GOCACHE anyway.
cp -a "$GOROOT_DIR/VERSION" "$GOROOT_DIR/bin" "$ROOTFS/usr/lib/go-1.19/"
cp -a "$GOROOT_DIR/pkg/tool" "$ROOTFS/usr/lib/go-1.19/pkg/"
ln -s ../../../share/go-1.19/pkg/include "$ROOTFS/usr/lib/go-1.19/pkg/include"
ln -s ../../share/go-1.19/src "$ROOTFS/usr/lib/go-1.19/src"
ln -s ../../share/go-1.19/api "$ROOTFS/usr/lib/go-1.19/api"
cp -a "$GOSHARE_DIR/src" "$GOSHARE_DIR/api" "$ROOTFS/usr/share/go-1.19/"
cp -a "$GOSHARE_DIR/pkg/include" "$ROOTFS/usr/share/go-1.19/pkg/"
ln -s ../lib/go-1.19/bin/go "$ROOTFS/usr/bin/go"
ln -s ../lib/go-1.19/bin/gofmt "$ROOTFS/usr/bin/gofmt"

# The go command itself is dynamically linked against glibc.
for lib in $(ldd "$GOROOT_DIR/bin/go" | grep -o '/[^ ]*'); do
  mkdir -p "$ROOTFS$(dirname "$lib")"
  cp -L "$lib" "$ROOTFS$lib"
done
echo 'root:x:0:0:root:/root:/bin/sh' >"$ROOTFS/etc/passwd"
echo 'root:x:0:' >"$ROOTFS/etc/group"

log "importing $(du -sh "$ROOTFS" | cut -f1) into $GO_IMAGE"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$ROOTFS" -cf - . \
  | docker import \
      --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      --change "ENV GOCACHE=/tmp/go-cache" \
      --change "ENV GOPATH=/tmp/go" \
      --change "ENV GOPROXY=off" \
      --change "WORKDIR /src" \
      --change "LABEL $LABEL=$recipe" \
      --message "cinema-build scripts/make-docker-images.sh: Debian $(cat "$GOROOT_DIR/VERSION")" \
      - "$GO_IMAGE" >/dev/null
rm -rf "$ROOTFS"

docker run --rm "$GO_IMAGE" go version >&2 || die "$GO_IMAGE does not run 'go version'"
log "made $GO_IMAGE"
echo "$GO_IMAGE"
