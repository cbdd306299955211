// mvn cinema:load put the daemon's platform's image into dockerd under the build's name; docker run runs it
def props = new Properties()
new File(basedir, 'it.properties').withInputStream { props.load(it) }
def name = "cinema-load-it.test/movies-${props.getProperty('cinema.it.suffix')}:2.0.0"
def run = { List<String> command ->
  def proc = command.execute()
  def out = new StringBuilder(), err = new StringBuilder()
  proc.waitForProcessOutput(out, err)
  assert proc.exitValue() == 0 : "${command.join(' ')}: ${out}${err}"
  out.toString().trim()
}
try {
  assert new File(basedir, 'build.log').text.contains("Loaded ${name} (linux/amd64, image ID sha256:")
  assert run(['docker', 'image', 'inspect', '--format', '{{.Architecture}}', name]) == 'amd64'
  assert run(['docker', 'run', '--rm', name, '--version']).endsWith('movies-service 2.0.0 linux/amd64')
} finally {
  ['docker', 'rmi', '-f', name].execute().waitFor()
}
return true
