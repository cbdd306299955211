import groovy.json.JsonSlurper

// The layout holds an index tagged with the project version, over amd64 and arm64 manifests.
def layout = new File(basedir, 'target/cinema/oci')
def top = new JsonSlurper().parse(new File(layout, 'index.json'))
def entry = top.manifests.find { it.annotations?.get('org.opencontainers.image.ref.name') == '3.0.0' }
assert entry != null : "no entry tagged 3.0.0 in ${top}"
assert entry.mediaType == 'application/vnd.oci.image.index.v1+json'
def blob = { digest -> new File(layout, 'blobs/sha256/' + digest.substring(7)) }
def index = new JsonSlurper().parse(blob(entry.digest))
assert index.manifests*.platform*.architecture == ['amd64', 'arm64']
assert index.annotations['org.opencontainers.image.version'] == '3.0.0'

def run = { List cmd ->
  def proc = cmd.execute()
  def out = new StringBuilder()
  proc.waitForProcessOutput(out, out) // waits for the output too: consumeProcessOutput + waitFor raced, an empty line at times
  assert proc.exitValue() == 0 : "${cmd} failed:\n${out}"
  out.toString()
}

// skopeo and tar, independent tools, take each platform's binary out of the layout.
['amd64', 'arm64'].each { arch ->
  def dir = new File(basedir, "target/extract-${arch}")
  run(['skopeo', '--override-arch', arch, 'copy', "oci:${layout}:3.0.0", "dir:${dir}"])
  def manifest = new JsonSlurper().parse(new File(dir, 'manifest.json'))
  def config = new JsonSlurper().parse(new File(dir, manifest.config.digest.substring(7)))
  assert config.architecture == arch
  def rootfs = new File(dir, 'rootfs')
  rootfs.mkdirs()
  manifest.layers.each { layer ->
    run(['tar', '-xzf', new File(dir, layer.digest.substring(7)).path, '-C', rootfs.path])
  }
  def bin = new File(rootfs, 'usr/local/bin/events-service')
  assert bin.isFile()
  def head = new byte[20]
  bin.withInputStream { it.read(head) }
  int machine = (head[18] & 0xff) | ((head[19] & 0xff) << 8)
  assert machine == ['amd64': 62, 'arm64': 183][arch] : "${bin} has e_machine ${machine}"
  def cmd = arch == 'arm64' ? ['qemu-aarch64-static', bin.path, '--version'] : [bin.path, '--version']
  assert run(cmd).trim() == "events-service 3.0.0 linux/${arch}"
}

// The build report names the index digest; the log shows the Engine API path and no lint finding.
def report = new JsonSlurper().parse(new File(basedir, 'target/cinema/build.json'))
assert report.digest == entry.digest
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('with the Docker Engine API') || log.contains('with docker buildx')
assert log.contains('needs no emulation')
assert log.contains('Checked linux/arm64: /usr/local/bin/events-service is ELF 64-bit LSB arm64')
assert !log.contains('[hardcoded-goos-goarch]')
return true
