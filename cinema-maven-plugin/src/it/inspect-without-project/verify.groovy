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

// 4: the prefix alone, without the pluginGroup, is not found: Maven searches only its own groups
def noGroup = log.indexOf("No plugin found for prefix 'cinema' in the current project and in the plugin groups")
assert noGroup > 0 : 'mvn cinema:inspect without the pluginGroup did not fail as expected'
assert !log.substring(noGroup, log.indexOf('\n', noGroup)).contains('io.cinemaabyss')
// 5: with <pluginGroup>io.cinemaabyss</pluginGroup> in settings.xml, cinema:inspect runs the plugin outside a project
def byPrefix = log.substring(noGroup)
assert byPrefix =~ /--- cinema:[^:]+:inspect \(default-cli\) @ standalone-pom ---/ : 'mvn cinema:inspect with the pluginGroup did not run'
assert byPrefix.contains('Image ' + System.getenv('CINEMA_TEST_BASE_IMAGE'))
assert byPrefix =~ /PLATFORM\s+CONFIG\s+MANIFEST/
assert byPrefix.contains('BUILD SUCCESS')
return true
