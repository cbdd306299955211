#!/usr/bin/env bash
# Pushes a two-platform Go builder image to the local test registry, for the tests of Dockerfiles
# whose Go stage has no --platform=$BUILDPLATFORM (built as written, its arm64 image compiles
# under QEMU; cross-compiled by dockerfileCross=auto, its amd64 image compiles):
#
#   ${CINEMA_TEST_REGISTRY:-127.0.0.1:5000}/cinema-cross/go:1.19   index: linux/amd64 + linux/arm64
#
# linux/amd64 is localhost/cinema-test/go:1.19 from scripts/make-docker-images.sh; linux/arm64 is
# the same file system made from Debian's arm64 packages (golang-1.19-go, libc6, busybox-static;
# cached in .tmp/debs/, fetched with apt-get download when missing), with its precompiled standard
# library kept (it is what an emulated compile would otherwise rebuild under QEMU).
#
# Idempotent: the registry gets a tag 1.19-<recipe> next to 1.19; when it is there, nothing is done.
# DOCKER_HOST is honoured (default unix:///var/run/docker.sock). Prints the image reference last.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$REPO_ROOT/.tmp/docker-images"
DEB_CACHE="$REPO_ROOT/.tmp/debs"
REGISTRY="${CINEMA_TEST_REGISTRY:-127.0.0.1:5000}"
REPO="$REGISTRY/cinema-cross/go"
TAG=1.19
GOROOT_DIR=/usr/lib/go-1.19
LABEL=io.cinemaabyss.cinema.test.recipe

log() { printf '[make-go-multiarch-image] %s\n' "$*" >&2; }
die() { printf '[make-go-multiarch-image] ERROR: %s\n' "$*" >&2; exit 1; }

for tool in docker skopeo dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found; run scripts/install-packages.sh"
done

recipe="$( { sha256sum "${BASH_SOURCE[0]}" "$REPO_ROOT/scripts/make-docker-images.sh" | cut -d' ' -f1; cat "$GOROOT_DIR/VERSION"; } \
  | sha256sum | cut -c1-16)"
if skopeo inspect --raw --tls-verify=false "docker://$REPO:$TAG-$recipe" >/dev/null 2>&1; then
  log "$REPO:$TAG is up to date (recipe $recipe)"
  echo "$REPO:$TAG"
  exit 0
fi

amd64="$(bash "$REPO_ROOT/scripts/make-docker-images.sh" | tail -n1)"

# deb PACKAGE -> the cached arm64 .deb of PACKAGE, downloaded when missing
deb() {
  local found
  found="$(compgen -G "$DEB_CACHE/${1}_*_arm64.deb" | head -n1 || true)"
  if [[ -z "$found" ]]; then
    mkdir -p "$DEB_CACHE"
    log "apt-get download $1:arm64 into $DEB_CACHE"
    (cd "$DEB_CACHE" && apt-get download -qq "$1:arm64") >&2 || die "could not download $1:arm64 (apt-get update, or run scripts/install-packages.sh)"
    found="$(compgen -G "$DEB_CACHE/${1}_*_arm64.deb" | head -n1)"
  fi
  echo "$found"
}

log "making the linux/arm64 Go image from Debian's arm64 packages"
ROOTFS="$WORK/go-arm64-rootfs"
rm -rf "$ROOTFS"
mkdir -p "$ROOTFS"/{tmp,etc,src}
chmod 1777 "$ROOTFS/tmp"
for p in golang-1.19-go libc6 busybox-static; do
  dpkg-deb -x "$(deb "$p")" "$ROOTFS"
done
# the sources are architecture-independent: the installed golang-1.19-src
mkdir -p "$ROOTFS/usr/share/go-1.19"
cp -a /usr/share/go-1.19/src /usr/share/go-1.19/api "$ROOTFS/usr/share/go-1.19/"
rm -rf "$ROOTFS/usr/share/doc" "$ROOTFS/usr/share/man" "$ROOTFS/usr/share/lintian" "$ROOTFS/usr/lib/go-1.19/test"
ln -sfn ../../share/go-1.19/src "$ROOTFS/usr/lib/go-1.19/src"
ln -sfn ../../share/go-1.19/api "$ROOTFS/usr/lib/go-1.19/api"
mkdir -p "$ROOTFS/usr/bin" "$ROOTFS/bin"
ln -sfn ../lib/go-1.19/bin/go "$ROOTFS/usr/bin/go"
ln -sfn ../lib/go-1.19/bin/gofmt "$ROOTFS/usr/bin/gofmt"
for applet in $(qemu-aarch64-static "$ROOTFS/bin/busybox" --list); do
  [[ -e "$ROOTFS/bin/$applet" ]] || ln -s busybox "$ROOTFS/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' >"$ROOTFS/etc/passwd"
echo 'root:x:0:' >"$ROOTFS/etc/group"

# dockerd 20.10 records an imported image as its own architecture whatever --platform says, so
# the arm64 image is written as a skopeo dir: (layer, config, manifest) and pushed from there.
DIR="$WORK/go-arm64-dir"
rm -rf "$DIR"
mkdir -p "$DIR"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$ROOTFS" -cf "$DIR/layer.tar" .
rm -rf "$ROOTFS"
diff_id="$(sha256sum "$DIR/layer.tar" | cut -d' ' -f1)"
mv "$DIR/layer.tar" "$DIR/$diff_id"
jq -cn --arg diff "sha256:$diff_id" --arg recipe "$recipe" --arg by "cinema-build scripts/make-go-multiarch-image.sh: Debian $(cat "$GOROOT_DIR/VERSION") arm64" '{
  architecture: "arm64", os: "linux", created: "1970-01-01T00:00:00Z",
  config: {Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "GOCACHE=/tmp/go-cache", "GOPATH=/tmp/go", "GOPROXY=off"],
           WorkingDir: "/src", Labels: {"'"$LABEL"'": $recipe}},
  rootfs: {type: "layers", diff_ids: [$diff]}, history: [{created: "1970-01-01T00:00:00Z", created_by: $by}]}' >"$DIR/config.json"
config_id="$(sha256sum "$DIR/config.json" | cut -d' ' -f1)"
config_size="$(stat -c %s "$DIR/config.json")"
mv "$DIR/config.json" "$DIR/$config_id"
jq -cn --arg c "sha256:$config_id" --argjson cs "$config_size" --arg l "sha256:$diff_id" --argjson ls "$(stat -c %s "$DIR/$diff_id")" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs},
  layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar", digest: $l, size: $ls}]}' >"$DIR/manifest.json"
printf 'Directory Transport Version: 1.1\n' >"$DIR/version"

docker tag "$amd64" "$REPO:$TAG-amd64"
docker push -q "$REPO:$TAG-amd64" >&2 || die "docker push $REPO:$TAG-amd64 failed"
skopeo copy -q --format v2s2 --dest-compress --dest-tls-verify=false "dir:$DIR" "docker://$REPO:$TAG-arm64" >&2 \
  || die "skopeo copy of the arm64 image to $REPO:$TAG-arm64 failed"
rm -rf "$DIR"
for tag in "$TAG" "$TAG-$recipe"; do
  docker manifest rm "$REPO:$tag" >/dev/null 2>&1 || true
  docker manifest create --insecure "$REPO:$tag" "$REPO:$TAG-amd64" "$REPO:$TAG-arm64" >&2
  docker manifest push --insecure --purge "$REPO:$tag" >&2
done
log "pushed $REPO:$TAG (linux/amd64, linux/arm64)"
echo "$REPO:$TAG"
