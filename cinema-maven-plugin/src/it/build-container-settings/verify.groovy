import groovy.json.JsonSlurper

def layout = new File(basedir, 'target/cinema/oci')
def run = { List<String> command ->
  def proc = command.execute()
  def out = new StringBuilder(), err = new StringBuilder()
  proc.waitForProcessOutput(out, err)
  assert proc.exitValue() == 0 : "${command.join(' ')}: ${out}${err}"
  out.toString()
}
// the platform's own tag names its manifest; skopeo reads its config
def ref = "oci:${layout}:1.0-linux-amd64"
def config = new JsonSlurper().parseText(run(['skopeo', 'inspect', '--config', ref])).config
assert config.Env.contains('KO_DATA_PATH=/var/run/ko')
assert config.Env.contains('GREETING=hello')
assert config.Env.any { it.startsWith('PATH=') }
assert config.Volumes.keySet() == ['/data'] as Set
assert config.WorkingDir == '/srv'
assert config.User == '1000:1000'
assert config.ExposedPorts.keySet() == ['8080/tcp', '9090/udp'] as Set
assert config.Labels.team == 'cinema'
assert config.Labels['org.opencontainers.image.title'] == 'build-container-settings'

// the extra files' layer: paths, modes and the fixed time of every entry
def manifest = new JsonSlurper().parseText(run(['skopeo', 'inspect', '--raw', ref]))
def listings = manifest.layers.collect { l -> run(['tar', '-tvzf', new File(layout, 'blobs/sha256/' + l.digest.substring(7)).path]) }
def extra = listings.find { it.contains('etc/web/settings.conf') }
assert extra : listings
def line = { String path -> extra.readLines().find { it.endsWith(' ' + path) || it.endsWith(' ' + path + '/') } }
assert line('etc/motd').startsWith('-rw-r--r--')
// into itself and its parents are made 755, as Jib makes them; directories under it get directoryMode
assert line('etc/web').startsWith('drwxr-xr-x')
assert line('etc/web/nested').startsWith('drwx------')
assert line('etc/web/settings.conf').startsWith('-rw-------')
assert line('etc/web/nested/deep.conf').startsWith('-rw-------')
assert line('var/run/ko/index.html').startsWith('-rw-r--r--')
extra.readLines().each { assert it.contains('1970-01-01 00:00') : it }
return true
