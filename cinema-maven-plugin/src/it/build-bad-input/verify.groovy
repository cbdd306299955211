def log = new File(basedir, 'build.log').text
assert log.contains("Unknown platform 'linux/sparc64'") : log
assert log.contains('linux/arm64')
assert log.contains('Skipping build (cinema.skip)')
assert !new File(basedir, 'target/cinema/oci/index.json').exists()
return true
