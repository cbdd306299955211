import groovy.json.JsonSlurper
import java.security.MessageDigest

// stop the proxy (by the pid it wrote) and read what it injected
def (port, pid) = new File(basedir, 'target/fault-proxy.port').text.trim().split(' ')
ProcessHandle.of(pid as long).ifPresent { it.destroy(); it.onExit().get() }
def (requests, faults) = new File(basedir, 'target/fault-proxy.port.stats').text.trim().split(' ').collect { it as int }
assert faults > 0 : "no fault was injected (${requests} requests)"
println "fault proxy: ${faults} of ${requests} requests answered with a 5xx"

def log = new File(basedir, 'build.log').text
assert log.contains('MultiThreadedBuilder') || log.contains('Using the MultiThreadedBuilder')

// every service's index, as the registry itself (not the proxy) holds it, is the index the build pushed,
// and every blob of every platform reads back with its digest
def registry = System.getenv('CINEMA_TEST_REGISTRY')
def sha256 = { byte[] bytes -> 'sha256:' + MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString() }
def fetch = { String repo, String kind, String ref ->
  def connection = new URL("http://${registry}/v2/${repo}/${kind}/${ref}").openConnection()
  connection.setRequestProperty('Accept', 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json')
  connection.inputStream.bytes
}
['movies', 'events', 'monolith'].each { service ->
  def repo = "push-it/parallel-faults-${service}"
  def push = new JsonSlurper().parse(new File(basedir, "${service}/target/cinema/push.json"))
  def index = fetch(repo, 'manifests', '1.0.0')
  assert sha256(index) == push.digest : "${service}: the tag names ${sha256(index)}, the build pushed ${push.digest}"
  assert push.digest == new JsonSlurper().parse(new File(basedir, "${service}/target/cinema/oci/index.json")).manifests[0].digest
  def platforms = new JsonSlurper().parse(index).manifests
  assert platforms*.platform*.architecture == ['amd64', 'arm64']
  platforms.each { p ->
    def manifest = fetch(repo, 'manifests', p.digest)
    assert sha256(manifest) == p.digest
    def m = new JsonSlurper().parse(manifest)
    ([m.config] + m.layers).each { blob -> assert sha256(fetch(repo, 'blobs', blob.digest)) == blob.digest }
  }
}
return true
