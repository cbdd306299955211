import groovy.json.JsonSlurper

def registry = System.getenv('CINEMA_TEST_REGISTRY')
def log = new File(basedir, 'build.log').text
def run = { List<String> command ->
  def proc = command.execute()
  def out = new StringBuilder(), err = new StringBuilder()
  proc.waitForProcessOutput(out, err)
  assert proc.exitValue() == 0 : "${command.join(' ')}: ${out}${err}"
  out.toString()
}
['server', 'worker'].each { name ->
  def push = new JsonSlurper().parse(new File(basedir, "target/cinema/${name}/push.json"))
  assert push.image == "${registry}/two-it/${name}:1.0"
  // the pushed image's binary is the main package of its own execution
  def copy = new File(basedir, "target/pulled-${name}")
  run(['skopeo', 'copy', '--src-tls-verify=false', '--override-arch', 'amd64', "docker://${push.image}", "oci:${copy}:x"])
  def manifest = new JsonSlurper().parseText(run(['skopeo', 'inspect', '--raw', "oci:${copy}:x"]))
  def out = new File(basedir, "target/x-${name}")
  out.mkdirs()
  manifest.layers.each { l -> run(['tar', '-xzf', new File(copy, 'blobs/sha256/' + l.digest.substring(7)).path, '-C', out.path]) }
  def exe = new File(out, "usr/local/bin/${name}")
  assert exe.isFile() : "no binary ${name} in ${manifest.layers}"
  def info = run(['go', 'version', '-m', exe.path])
  assert info.contains("path\texample.com/two/cmd/${name}") : info
}
// 1: the pom's own deploy was skipped by the plugin, saying why, with no maven.deploy.skip from the user
assert log.contains('cinema: io.cinemaabyss.it:two-executions:pom:1.0 has pom packaging, binds cinema goals, and no <distributionManagement> repository')
assert log.contains('Skipping artifact deployment')
assert !new File(basedir, 'invoker.properties').text.contains('-Dmaven.deploy.skip')
assert !new File(basedir, 'pom.xml').text.contains('<maven.deploy.skip>')
assert log.contains("The executions 'server' and 'worker' both write the tag '1.0'")
// the profile names the layout by its old name, outputDirectory: it still works, and says so once
def deprecation = "The parameter 'outputDirectory' of cinema:build is deprecated: use 'layout'"
assert log.count(deprecation) == 1 : "expected one deprecation warning, got ${log.count(deprecation)}"
return true
