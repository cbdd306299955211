import groovy.json.JsonSlurper

def registry = System.getenv('CINEMA_TEST_REGISTRY')
def log = new File(basedir, 'build.log').text
def push = new JsonSlurper().parse(new File(basedir, 'target/cinema/push.json'))
assert push.image == "${registry}/override-it/web:4.0.0-ci"
assert push.tags == ['4.0.0-ci', 'ci-extra']
assert push.platforms*.platform == ['linux/amd64', 'linux/arm64']
assert !log.contains('ghcr.io/must-not-be-used')
assert !log.contains('from-the-pom')
['4.0.0-ci', 'ci-extra'].each { tag ->
  def proc = ['skopeo', 'inspect', '--raw', '--tls-verify=false', "docker://${registry}/override-it/web:${tag}"].execute()
  def out = proc.text
  proc.waitFor()
  assert proc.exitValue() == 0 : out
}
assert log.contains('-Dcinema.platforms=, has an empty element')
return true
