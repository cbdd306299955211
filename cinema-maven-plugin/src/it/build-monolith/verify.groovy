import groovy.json.JsonSlurper

// A main package under cmd/ and three platforms, one with a variant.
def layout = new File(basedir, 'target/cinema/oci')
def report = new JsonSlurper().parse(new File(basedir, 'target/cinema/build.json'))
assert report.tag == '0.9.0'
assert report.platforms*.platform == ['linux/amd64', 'linux/arm64', 'linux/arm/v7']

def blob = { digest -> new File(layout, 'blobs/sha256/' + digest.substring(7)) }
def index = new JsonSlurper().parse(blob(report.digest))
def arm = index.manifests.find { it.platform.architecture == 'arm' }
assert arm.platform.variant == 'v7'
def config = new JsonSlurper().parse(blob(new JsonSlurper().parse(blob(arm.digest)).config.digest))
assert config.architecture == 'arm' && config.variant == 'v7'
assert config.config.Entrypoint == ['/usr/local/bin/monolith']

// The arm/v7 binary runs under QEMU and says what it is.
def bin = new File(basedir, 'target/cinema/work/bin/linux-arm-v7/monolith')
def proc = ['qemu-arm-static', bin.path, '--version'].execute()
def out = proc.text.trim()
proc.waitFor()
assert out == 'monolith 0.9.0 linux/arm' : out
return true
