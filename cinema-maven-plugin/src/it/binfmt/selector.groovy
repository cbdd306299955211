// Needs the test machine's QEMU set-up (scripts/install-packages.sh registers qemu-aarch64).
def ready = new File('/proc/sys/fs/binfmt_misc/qemu-aarch64').isFile()
if (!ready && System.getenv('CINEMA_REQUIRE_SERVICES') == 'true') {
  throw new IllegalStateException('binfmt needs the qemu-aarch64 binfmt_misc handler (scripts/install-packages.sh)')
}
if (!ready) {
  println 'SKIPPED binfmt: no qemu-aarch64 binfmt_misc handler here'
}
return ready
