// mvn cinema:tar wrote one docker archive per platform; docker load and podman load give the named image
def props = new Properties()
new File(basedir, 'it.properties').withInputStream { props.load(it) }
def name = "cinema-tar-it.test/movies-${props.getProperty('cinema.it.suffix')}:2.0.0"
def run = { List<String> command, Map env = [:] ->
  def pb = new ProcessBuilder(command*.toString()).redirectErrorStream(true)
  pb.environment().putAll(env)
  def proc = pb.start()
  def out = proc.inputStream.text
  proc.waitFor()
  assert proc.exitValue() == 0 : "${command.join(' ')}: ${out}"
  out.trim()
}
def amd64 = new File(basedir, 'target/cinema/tar-movies-linux-amd64.tar')
def arm64 = new File(basedir, 'target/cinema/tar-movies-linux-arm64.tar')
assert amd64.isFile() && arm64.isFile()
assert new File(basedir, 'build.log').text.contains("Wrote linux/arm64 as ${arm64}")
try {
  assert run(['docker', 'load', '-i', amd64.path]).contains("Loaded image: ${name}")
  assert run(['docker', 'run', '--rm', name, '--version']).endsWith('movies-service 2.0.0 linux/amd64')
} finally {
  ['docker', 'rmi', '-f', name].execute().waitFor()
}
def storage = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of('/tmp'), 'cinema-pm-').toString()
try {
  new File(storage, 'containers.conf').text = '[containers]\ndefault_ulimits = []\n'
  def podman = ['podman', '--root', "${storage}/root", '--runroot', "${storage}/run", '--runtime', 'runc', '--cgroup-manager', 'cgroupfs']*.toString()
  def env = ['CONTAINERS_CONF': "${storage}/containers.conf".toString()]
  [amd64: amd64, arm64: arm64].each { arch, tar ->
    assert run(podman + ['load', '-i', tar.path], env).contains(name)
    assert run(podman + ['image', 'inspect', '--format', '{{.Architecture}}', name], env) == arch
  }
} finally {
  ['rm', '-rf', storage].execute().waitFor()
}
return true
