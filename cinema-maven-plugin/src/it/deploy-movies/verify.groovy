import groovy.json.JsonSlurper
import java.security.MessageDigest

def registry = System.getenv('CINEMA_TEST_REGISTRY')
def log = new File(basedir, 'build.log').text

def skopeoRaw = { String ref ->
  def proc = ['skopeo', 'inspect', '--raw', '--tls-verify=false', "docker://${ref}"].execute()
  def out = proc.text
  proc.waitFor()
  assert proc.exitValue() == 0 : "skopeo inspect ${ref}: ${out}${proc.err.text}"
  out.trim()
}
def sha256 = { String text ->
  'sha256:' + MessageDigest.getInstance('SHA-256').digest(text.getBytes('UTF-8')).encodeHex().toString()
}

// 1: mvn deploy pushed the index of both platforms, by the cinema-image packaging alone
def push = new JsonSlurper().parse(new File(basedir, 'target/cinema/push.json'))
assert push.image == "${registry}/push-it/invoker-deploy:3.0.0"
assert push.tags == ['3.0.0', 'latest']
assert push.pinned == "${registry}/push-it/invoker-deploy@${push.digest}"
assert push.platforms*.platform == ['linux/amd64', 'linux/arm64']
assert push.platforms.every { it.pinned.startsWith("${registry}/push-it/invoker-deploy@sha256:") }
def raw = skopeoRaw("${registry}/push-it/invoker-deploy:3.0.0")
assert sha256(raw) == push.digest
def index = new JsonSlurper().parseText(raw)
assert index.manifests*.platform*.architecture == ['amd64', 'arm64']
assert index.annotations['org.opencontainers.image.source'] == 'https://github.com/cinemaabyss/cinema-build'
assert index.annotations['org.opencontainers.image.licenses'] == 'Apache-2.0'
assert sha256(skopeoRaw("${registry}/push-it/invoker-deploy:latest")) == push.digest
assert log.contains("Pushed ${registry}/push-it/invoker-deploy@${push.digest}")
// the last line of the push: reference, digest, platforms, size
assert log =~ (java.util.regex.Pattern.quote("[INFO] Pushed ${registry}/push-it/invoker-deploy:3.0.0 ${push.digest} linux/amd64,linux/arm64 ") + /[0-9.]+ (B|kB|MB)\R/)
assert !log.contains('maven-deploy-plugin') && !log.contains('maven-install-plugin')

// 1, as consumers see it: containerd pulls and runs each platform of what deploy pushed (arm64 through
// binfmt), and so does podman
def run = { List<String> command ->
  def proc = command.execute()
  def out = new StringBuilder(), err = new StringBuilder()
  proc.waitForProcessOutput(out, err)
  assert proc.exitValue() == 0 : "${command.join(' ')}: ${out}${err}"
  out.toString().trim()
}
def containerd = System.getenv('CINEMA_TEST_CONTAINERD')
if (containerd) {
  def ctr = ['ctr', '--address', containerd, '--namespace', 'cinema-it']
  ['amd64', 'arm64'].each { arch ->
    run(ctr + ['images', 'pull', '--plain-http', '--platform', "linux/${arch}", push.pinned])
    def out = run(ctr + ['run', '--rm', '--platform', "linux/${arch}", push.pinned, "deploy-it-${arch}-${ProcessHandle.current().pid()}",
        '/usr/local/bin/movies-service', '--version'])
    assert out.endsWith("linux/${arch}") : out
  }
  // podman wants a run root of at most 50 characters
  def storage = java.nio.file.Files.createTempDirectory('cinema-podman-').toString()
  ['amd64', 'arm64'].each { arch ->
    // runc, cgroupfs and no default rlimits: this sandbox refuses rlimits and has hybrid cgroups
    def podman = ['env', "CONTAINERS_CONF=${storage}/containers.conf", 'podman', '--root', "${storage}/root", '--runroot', "${storage}/run",
        '--runtime', 'runc', '--cgroup-manager', 'cgroupfs']
    new File(storage, 'containers.conf').text = '[containers]\ndefault_ulimits = []\n'
    run(podman + ['pull', '--tls-verify=false', '--platform', "linux/${arch}", push.pinned])
    assert run(podman + ['image', 'inspect', '--format', '{{.Architecture}}', push.pinned]).trim() == arch
    def out = run(podman + ['run', '--rm', '--tls-verify=false', '--platform', "linux/${arch}", push.pinned, '--version']).trim()
    assert out.endsWith("linux/${arch}") : out
  }
  run(['rm', '-rf', storage])
} else {
  assert System.getenv('CINEMA_REQUIRE_SERVICES') != 'true' : 'CINEMA_TEST_CONTAINERD is not set but services are required'
  println 'SKIPPED the containerd/podman part: no CINEMA_TEST_CONTAINERD'
}

// 2: a wrong password is refused, the message names registry and source, the password is nowhere
def tls = System.getenv('CINEMA_TEST_TLS_REGISTRY')
assert log.contains("Registry ${tls} refused credential of user 'cinema' from properties cinema.auth.username/cinema.auth.password")
assert !log.contains('wrong-it-password-6c1f0a')

// 3, 4, 5: two single-platform pushes joined by the index goal into one index over the same manifests
def amd64 = new JsonSlurper().parse(new File(basedir, 'target/cinema/push-amd64.json'))
def arm64 = new JsonSlurper().parse(new File(basedir, 'target/cinema/push-arm64.json'))
assert amd64.platforms*.platform == ['linux/amd64']
assert arm64.platforms*.platform == ['linux/arm64']
def joined = new JsonSlurper().parse(new File(basedir, 'target/cinema/index.json'))
assert joined.platforms*.digest == [amd64.platforms[0].digest, arm64.platforms[0].digest]
def joinedRaw = skopeoRaw("${registry}/push-it/invoker-joined:3.0.0")
assert sha256(joinedRaw) == joined.digest
assert new JsonSlurper().parseText(joinedRaw).manifests*.platform*.architecture == ['amd64', 'arm64']

// 6: mvn deploy -Dcinema.image=REF verified the built layout (not the registry, where it was not yet) and pushed it
def cmdline = new JsonSlurper().parse(new File(basedir, 'target/cinema/push-cmdline.json'))
assert cmdline.image == "${registry}/push-it/invoker-cmdline:3.0.0"
assert sha256(skopeoRaw("${registry}/push-it/invoker-cmdline:3.0.0")) == cmdline.digest
return true
