import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert !new File(basedir, 'no-project/pom.xml').exists()
assert log.contains('BUILD SUCCESS')
assert log.contains('Image ' + System.getenv('CINEMA_TEST_BASE_IMAGE'))
assert log.contains('OCI index')
assert log =~ /PLATFORM\s+CONFIG\s+MANIFEST/
assert log =~ /linux\/amd64\s+linux\/amd64/
assert log.contains('linux/arm64')

def report = new JsonSlurper().parse(new File(basedir, 'inspect.json'))
assert report.ok == true
assert report.platforms.size() == 2
assert report.platforms*.binary*.architecture as Set == ['amd64', 'arm64'] as Set
report.platforms.each { p ->
  assert p.digest.startsWith('sha256:')
  assert p.verdicts.every { it.ok }
  assert log.contains(p.digest.substring(0, 19))
}

// With -q the log is gone, but the table is the goal's output: it is printed without [INFO].
assert log =~ /(?m)^\s*PLATFORM\s+CONFIG\s+MANIFEST/ : 'mvn -q inspect printed no table'
// ... and with -Dcinema.json=true the JSON, parseable as it stands on standard output.
def json = (log =~ /(?ms)^\{$.*?^\}$/).collect { it }.find { it.contains('"platforms"') }
assert json != null : 'mvn -q inspect -Dcinema.json=true printed no JSON'
assert new JsonSlurper().parseText(json).platforms.size() == 2
return true
