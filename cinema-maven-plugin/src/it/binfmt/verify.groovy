def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('[INFO] linux/amd64 runs natively on this amd64 host')
assert log.contains('[INFO] linux/arm64 runs under emulation through the binfmt_misc handler qemu-aarch64')
return true
