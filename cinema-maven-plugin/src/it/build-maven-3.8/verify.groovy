import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('Apache Maven 3.8') : 'not run by Maven 3.8'
assert log.contains('BUILD SUCCESS')
def layout = new File(basedir, 'target/cinema/oci')
def top = new JsonSlurper().parse(new File(layout, 'index.json'))
def entry = top.manifests.find { it.annotations?.get('org.opencontainers.image.ref.name') == '2.0.0' }
assert entry != null : "no entry tagged 2.0.0 in ${top}"
def index = new JsonSlurper().parse(new File(layout, 'blobs/sha256/' + entry.digest.substring(7)))
assert index.manifests*.platform*.architecture as Set == ['amd64', 'arm64'] as Set
return true
