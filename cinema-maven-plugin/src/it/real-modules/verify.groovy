def log = new File(basedir, 'build.log').text
assert log.contains('pq-service drivers: [postgres]')
assert log =~ /smoke passed: linux\/arm64: .* ran .* and exited 0: sqlite 3\.\d+/
assert log.contains('CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc')
assert log.contains('These packages need cgo, which is off (CGO_ENABLED=0, the default): github.com/mattn/go-sqlite3.')
return true
