import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
def tls = System.getenv('CINEMA_TEST_TLS_REGISTRY')
def user = System.getenv('CINEMA_TEST_TLS_USER')
def password = System.getenv('CINEMA_TEST_TLS_PASSWORD')

// -X was on: Maven printed its parameter and plugin configuration dumps
assert log.contains('[DEBUG] Configuring mojo') && log.contains('Configuration: <?xml')
assert log.contains('<passwordEnvironment>CINEMA_TEST_TLS_PASSWORD</passwordEnvironment>')

// each credential source was the one used, and each push reached the registry
['settings': "settings.xml <server> 'localhost:5443'", 'env': 'environment CINEMA_REGISTRY_USERNAME/CINEMA_REGISTRY_PASSWORD',
 'pom': '<auth> in the plugin configuration', 'props': 'properties cinema.auth.username/cinema.auth.password'].each { repo, source ->
  def ref = "${tls}/push-it/debug-secrets-${repo}:1.0.0"
  def proc = ['skopeo', 'inspect', '--raw', '--tls-verify=false', "--creds=${user}:${password}", "docker://${ref}"].execute()
  def out = proc.text
  proc.waitFor()
  assert proc.exitValue() == 0 : "skopeo inspect ${ref}: ${out}${proc.err.text}"
  assert log.contains("/push-it/debug-secrets-${repo}@sha256:")
  assert log.contains(source) : "no log line names the credential source ${source}"
}

// 5: a password written in the pom is refused, naming the fix. Maven itself prints it twice under -X (the
//    build plan's "Configuration:" XML and the configurator's "(f) password = ..." line; no parameter type
//    or toString of the plugin can stop either), which is why the pom may only name a variable
assert log.contains('<auth><password> is set in the pom')
assert log.contains('<auth><passwordEnvironment>REGISTRY_PASSWORD</passwordEnvironment>')
def literal = log.readLines().findAll { it.contains('literal-pom-password-8d2e') }*.trim()
assert literal == ['<password>literal-pom-password-8d2e</password>', '[DEBUG]   (f) password = literal-pom-password-8d2e'] : literal

// nothing secret in any line, -X dumps included
def basic = Base64.encoder.encodeToString("${user}:${password}".getBytes('UTF-8'))
assert !log.contains(password) : 'the registry password is in build.log'
assert !log.contains(basic) : 'base64(user:password) is in build.log'
assert !log.contains('Authorization: Basic') && !log.contains('Bearer ')
return true
