import groovy.json.JsonSlurper

// The layout holds an index tagged with the project version, over amd64 and arm64 manifests.
def layout = new File(basedir, 'target/cinema/oci')
assert new File(layout, 'oci-layout').isFile()
def top = new JsonSlurper().parse(new File(layout, 'index.json'))
def entry = top.manifests.find { it.annotations?.get('org.opencontainers.image.ref.name') == '2.0.0' }
assert entry != null : "no entry tagged 2.0.0 in ${top}"
assert entry.mediaType == 'application/vnd.oci.image.index.v1+json'

def blob = { digest -> new File(layout, 'blobs/sha256/' + digest.substring(7)) }
def index = new JsonSlurper().parse(blob(entry.digest))
assert index.manifests*.platform*.architecture as Set == ['amd64', 'arm64'] as Set
assert index.annotations['org.opencontainers.image.description'].startsWith('IT: mvn package')
assert index.annotations['org.opencontainers.image.version'] == '2.0.0'

// Each platform's binary is the right ELF machine: x86-64 is 62, aarch64 is 183.
def machines = ['amd64': 62, 'arm64': 183]
index.manifests.each { m ->
  def bin = new File(basedir, "target/cinema/work/bin/linux-${m.platform.architecture}/movies-service")
  def head = new byte[20]
  bin.withInputStream { it.read(head) }
  int machine = (head[18] & 0xff) | ((head[19] & 0xff) << 8)
  assert machine == machines[m.platform.architecture] : "${bin} has e_machine ${machine}"
}

// The build report names the index digest.
def report = new JsonSlurper().parse(new File(basedir, 'target/cinema/build.json'))
assert report.digest == entry.digest

// skopeo, an independent client, reads the layout.
def proc = ['skopeo', 'inspect', '--raw', "oci:${layout}:2.0.0"].execute()
def out = proc.text
proc.waitFor()
assert proc.exitValue() == 0 : out
assert out.contains('"arm64"')

// No jar packaging stood in the way.
assert !new File(basedir, 'target/build-movies-2.0.0.jar').exists()
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert !log.contains('maven-jar-plugin')
// the last line of the build: reference, digest, platforms, size
assert log =~ (java.util.regex.Pattern.quote("[INFO] Built example.test/movies:2.0.0 ${entry.digest} linux/amd64,linux/arm64 ") + /[0-9.]+ (B|kB|MB)\R/)
return true
