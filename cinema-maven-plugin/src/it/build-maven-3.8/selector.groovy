// Needs Debian's maven package (scripts/install-packages.sh); with CINEMA_REQUIRE_SERVICES=true its absence fails.
if (new File('/usr/bin/mvn').canExecute()) {
  return true
}
if (System.getenv('CINEMA_REQUIRE_SERVICES') == 'true') {
  throw new IllegalStateException('/usr/bin/mvn (Debian package maven) is missing')
}
println 'SKIPPED build-maven-3.8: no /usr/bin/mvn'
return false
