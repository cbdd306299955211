#!/usr/bin/env bash
# Builds a real multi-arch (linux/amd64 + linux/arm64/v8) busybox base image
# without Docker, as an OCI image layout under .tmp/base-layout/, and pushes it
# to the test registries started by scripts/test-services.sh:
#
#   127.0.0.1:5000/cinema-test/busybox:1   (plain HTTP)
#   127.0.0.1:5443/cinema-test/busybox:1   (TLS + basic auth)
#
# amd64 busybox comes from the installed busybox-static package (/bin/busybox),
# arm64 from the busybox-static:arm64 .deb that scripts/install-packages.sh
# caches in .tmp/debs/. The build is deterministic: same inputs, same digests.
# Idempotent: a push is skipped when the registry already holds the same index.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP_DIR="$REPO_ROOT/.tmp"
LAYOUT="$TMP_DIR/base-layout"
WORK="$TMP_DIR/base-build"
DEB_CACHE="$TMP_DIR/debs"
TLS_DIR="${CINEMA_SERVICES_DIR:-$TMP_DIR/services}/tls-registry"

TAG=1
REPO_PATH=cinema-test/busybox
PLAIN_REGISTRY=127.0.0.1:5000
TLS_REGISTRY=127.0.0.1:5443
TLS_USER=cinema
TLS_PASSWORD=cinema-secret-pw

CREATED=1970-01-01T00:00:00Z
PATH_ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
APPLETS=(sh ls echo cat)

MT_INDEX=application/vnd.oci.image.index.v1+json
MT_MANIFEST=application/vnd.oci.image.manifest.v1+json
MT_CONFIG=application/vnd.oci.image.config.v1+json
MT_LAYER=application/vnd.oci.image.layer.v1.tar+gzip

log()  { printf '[make-base-images] %s\n' "$*" >&2; }
die()  { printf '[make-base-images] ERROR: %s\n' "$*" >&2; exit 1; }

for tool in skopeo sha256sum gzip tar dpkg-deb od; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found; run scripts/install-packages.sh"
done

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
size_of()   { stat -c %s "$1"; }

# add_blob FILE -> prints "sha256:<hex> <size>" and stores FILE in the layout.
add_blob() {
  local f="$1" hex size
  hex="$(sha256_of "$f")"
  size="$(size_of "$f")"
  cp "$f" "$LAYOUT/blobs/sha256/$hex"
  printf 'sha256:%s %s\n' "$hex" "$size"
}

# elf_machine FILE -> e_machine of an ELF64 LE file as hex ("3e00" x86-64, "b700" aarch64)
elf_machine() {
  [[ "$(od -An -tx1 -N4 "$1" | tr -d ' \n')" == 7f454c46 ]] || return 1
  od -An -tx1 -j18 -N2 "$1" | tr -d ' \n'
}

# ------------------------------------------------------------- busyboxes ---
AMD64_BUSYBOX=/bin/busybox
[[ -x "$AMD64_BUSYBOX" ]] || die "$AMD64_BUSYBOX missing; install busybox-static"
if ! dpkg-query -S "$AMD64_BUSYBOX" 2>/dev/null | grep -q '^busybox-static'; then
  die "$AMD64_BUSYBOX is not from busybox-static (a dynamic busybox would not run in the image); install busybox-static"
fi

ARM64_DEB="$(compgen -G "$DEB_CACHE/busybox-static_*_arm64.deb" | head -n1 || true)"
[[ -n "$ARM64_DEB" ]] || die "no busybox-static arm64 .deb in $DEB_CACHE; run scripts/install-packages.sh"

rm -rf "$WORK"
mkdir -p "$WORK/arm64-deb"
dpkg-deb -x "$ARM64_DEB" "$WORK/arm64-deb"
ARM64_BUSYBOX="$WORK/arm64-deb/bin/busybox"
[[ -f "$ARM64_BUSYBOX" ]] || ARM64_BUSYBOX="$WORK/arm64-deb/usr/bin/busybox"
[[ -f "$ARM64_BUSYBOX" ]] || die "busybox binary not found in $ARM64_DEB"

[[ "$(elf_machine "$AMD64_BUSYBOX")" == 3e00 ]] || die "$AMD64_BUSYBOX is not an x86-64 ELF"
[[ "$(elf_machine "$ARM64_BUSYBOX")" == b700 ]] || die "$ARM64_BUSYBOX is not an aarch64 ELF"

# ---------------------------------------------------------------- layout ---
rm -rf "$LAYOUT"
mkdir -p "$LAYOUT/blobs/sha256"
printf '{"imageLayoutVersion":"1.0.0"}' >"$LAYOUT/oci-layout"

INDEX_ENTRIES=()

# build_platform ARCH VARIANT BUSYBOX
build_platform() {
  local arch="$1" variant="$2" busybox="$3"
  local dir="$WORK/$arch" rootfs="$WORK/$arch/rootfs"
  local diff_id layer_desc layer_digest layer_size config_desc config_digest config_size
  local manifest_desc manifest_digest manifest_size variant_json="" a

  mkdir -p "$rootfs/bin"
  chmod 0755 "$rootfs" "$rootfs/bin"
  cp "$busybox" "$rootfs/bin/busybox"
  chmod 0755 "$rootfs/bin/busybox"
  for a in "${APPLETS[@]}"; do
    ln -sfn busybox "$rootfs/bin/$a"
  done

  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu \
    -C "$rootfs" -cf "$dir/layer.tar" bin
  diff_id="sha256:$(sha256_of "$dir/layer.tar")"
  gzip -n -9 -c "$dir/layer.tar" >"$dir/layer.tar.gz"
  layer_desc="$(add_blob "$dir/layer.tar.gz")"
  layer_digest="${layer_desc% *}"; layer_size="${layer_desc#* }"

  [[ -n "$variant" ]] && variant_json=",\"variant\":\"$variant\""

  printf '{"architecture":"%s","os":"linux"%s,"created":"%s","config":{"Env":["%s"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["%s"]},"history":[{"created":"%s","created_by":"cinema-build scripts/make-base-images.sh: busybox-static %s"}]}' \
    "$arch" "$variant_json" "$CREATED" "$PATH_ENV" "$diff_id" "$CREATED" "$arch" \
    >"$dir/config.json"
  config_desc="$(add_blob "$dir/config.json")"
  config_digest="${config_desc% *}"; config_size="${config_desc#* }"

  printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":%s},"layers":[{"mediaType":"%s","digest":"%s","size":%s}]}' \
    "$MT_MANIFEST" "$MT_CONFIG" "$config_digest" "$config_size" "$MT_LAYER" "$layer_digest" "$layer_size" \
    >"$dir/manifest.json"
  manifest_desc="$(add_blob "$dir/manifest.json")"
  manifest_digest="${manifest_desc% *}"; manifest_size="${manifest_desc#* }"

  INDEX_ENTRIES+=("$(printf '{"mediaType":"%s","digest":"%s","size":%s,"platform":{"architecture":"%s","os":"linux"%s}}' \
    "$MT_MANIFEST" "$manifest_digest" "$manifest_size" "$arch" "$variant_json")")
  log "linux/$arch${variant:+/$variant}: manifest $manifest_digest (layer $layer_digest, diff_id $diff_id)"
}

build_platform amd64 "" "$AMD64_BUSYBOX"
build_platform arm64 v8 "$ARM64_BUSYBOX"

join_by_comma() { local IFS=,; printf '%s' "$*"; }
printf '{"schemaVersion":2,"mediaType":"%s","manifests":[%s]}' \
  "$MT_INDEX" "$(join_by_comma "${INDEX_ENTRIES[@]}")" >"$WORK/index.json"
index_desc="$(add_blob "$WORK/index.json")"
INDEX_DIGEST="${index_desc% *}"; INDEX_SIZE="${index_desc#* }"

printf '{"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","digest":"%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
  "$MT_INDEX" "$MT_INDEX" "$INDEX_DIGEST" "$INDEX_SIZE" "$TAG" >"$LAYOUT/index.json"
log "OCI layout written to $LAYOUT (index $INDEX_DIGEST)"

# Sanity check that skopeo can read the layout.
skopeo inspect --raw "oci:$LAYOUT:$TAG" >/dev/null || die "skopeo cannot read $LAYOUT"

# ------------------------------------------------------------------ push ---
# skopeo reads CA certificates (*.crt) from a directory.
CERT_DIR="$WORK/tls-certs"
if [[ -s "$TLS_DIR/cert.pem" ]]; then
  mkdir -p "$CERT_DIR"
  cp "$TLS_DIR/cert.pem" "$CERT_DIR/ca.crt"
fi

# push NAME DEST_REF SKOPEO_DEST_OPTS... ; then verify it.
push_and_verify() {
  local ref="$1"; shift
  local -a opts=("$@")
  local src_opts=() raw remote_digest count o
  # inspect uses --tls-verify/--creds/--cert-dir instead of the --dest-* names
  for o in "${opts[@]}"; do src_opts+=("${o/--dest-/--}"); done

  raw="$(skopeo inspect --raw "${src_opts[@]}" "docker://$ref" 2>/dev/null || true)"
  if [[ -n "$raw" ]] && [[ "sha256:$(printf '%s' "$raw" | sha256sum | cut -d' ' -f1)" == "$INDEX_DIGEST" ]]; then
    log "$ref already holds index $INDEX_DIGEST; not pushing again"
  else
    log "pushing oci:$LAYOUT:$TAG to docker://$ref"
    skopeo copy --all --quiet "${opts[@]}" "oci:$LAYOUT:$TAG" "docker://$ref" \
      || die "skopeo copy to $ref failed (are the services up? scripts/test-services.sh start)"
    raw="$(skopeo inspect --raw "${src_opts[@]}" "docker://$ref")" \
      || die "skopeo inspect of $ref failed after push"
  fi

  remote_digest="sha256:$(printf '%s' "$raw" | sha256sum | cut -d' ' -f1)"
  count="$(printf '%s' "$raw" | grep -o '"platform"' | wc -l)"
  [[ "$raw" == *"\"mediaType\":\"$MT_INDEX\""* ]] || die "$ref is not an OCI image index: $raw"
  [[ "$count" -eq 2 ]] || die "$ref index has $count manifests, expected 2: $raw"
  [[ "$remote_digest" == "$INDEX_DIGEST" ]] || die "$ref has index $remote_digest, expected $INDEX_DIGEST"
  log "verified $ref: OCI index with $count manifests ($remote_digest)"
}

push_and_verify "$PLAIN_REGISTRY/$REPO_PATH:$TAG" --dest-tls-verify=false

if [[ -s "$CERT_DIR/ca.crt" ]]; then
  push_and_verify "$TLS_REGISTRY/$REPO_PATH:$TAG" \
    --dest-cert-dir="$CERT_DIR" --dest-creds="$TLS_USER:$TLS_PASSWORD"
else
  die "TLS registry certificate $TLS_DIR/cert.pem not found; run scripts/test-services.sh start"
fi

echo "$PLAIN_REGISTRY/$REPO_PATH:$TAG@$INDEX_DIGEST"
echo "$TLS_REGISTRY/$REPO_PATH:$TAG@$INDEX_DIGEST"
