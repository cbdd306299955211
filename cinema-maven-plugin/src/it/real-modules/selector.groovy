// Needs Debian's Go sources and the arm64 C cross toolchain (scripts/install-packages.sh installs them).
def needed = ['/usr/share/gocode/src/github.com/lib/pq/go.mod', '/usr/share/gocode/src/github.com/mattn/go-sqlite3/go.mod',
              '/usr/bin/aarch64-linux-gnu-gcc', '/usr/lib/aarch64-linux-gnu/libsqlite3.a']
def missing = needed.findAll { !new File(it).exists() }
if (missing.isEmpty()) {
  return true
}
if (System.getenv('CINEMA_REQUIRE_SERVICES') == 'true') {
  throw new IllegalStateException("missing ${missing}: run scripts/install-packages.sh")
}
println "SKIPPED: missing ${missing}"
return false
