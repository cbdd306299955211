import groovy.json.JsonSlurper
import java.security.MessageDigest

def registry = System.getenv('CINEMA_TEST_REGISTRY')
def log = new File(basedir, 'build.log').text

def skopeoRaw = { String ref ->
  def proc = ['skopeo', 'inspect', '--raw', '--tls-verify=false', "docker://${ref}"].execute()
  def out = new StringBuilder(), err = new StringBuilder()
  proc.waitForProcessOutput(out, err)
  assert proc.exitValue() == 0 : "skopeo inspect ${ref}: ${out}${err}"
  out.toString().trim()
}
def sha256 = { String text ->
  'sha256:' + MessageDigest.getInstance('SHA-256').digest(text.getBytes('UTF-8')).encodeHex().toString()
}

// The user set neither maven.deploy.skip nor a distributionManagement: the point of this IT
def parentPom = new File(basedir, 'pom.xml').text
assert !parentPom.contains('<maven.deploy.skip>') && !parentPom.contains('<distributionManagement>')
assert log.contains('BUILD SUCCESS')

// Both modules pushed their image, each with its own platforms, read back from the registry
['api': ['amd64'], 'worker': ['amd64', 'arm64']].each { module, arches ->
  def push = new JsonSlurper().parse(new File(basedir, "${module}/target/cinema/push.json"))
  assert push.image == "${registry}/multi-module-it/${module}:1.0.0"
  def raw = skopeoRaw("${registry}/multi-module-it/${module}:1.0.0")
  assert sha256(raw) == push.digest
  assert new JsonSlurper().parseText(raw).manifests*.platform*.architecture == arches
  assert log.contains("[INFO] Pushed ${registry}/multi-module-it/${module}:1.0.0 ${push.digest} ")
}

// The parent's deploy was skipped by the plugin, which says why, and maven-deploy-plugin did skip it
assert log.contains('cinema: io.cinemaabyss.it:multi-module:pom:1.0.0 has pom packaging, is the parent of cinema-image modules,' +
    ' and no <distributionManagement> repository: its maven-deploy-plugin is skipped (maven.deploy.skip)')
def parentSection = log.substring(log.indexOf('Building multi-module 1.0.0'), log.indexOf('Building api 1.0.0'))
assert parentSection =~ /deploy:[0-9.]+:deploy \(default-deploy\) @ multi-module/
assert parentSection.contains('Skipping artifact deployment')
assert !log.contains('repository element was not specified')
return true
