// Starts cinema-build-core's FaultProxy (a test class) as its own process in front of the registry;
// verify.groovy stops it by pid, and it exits by itself after 15 minutes in any case.
def registry = System.getenv('CINEMA_TEST_REGISTRY')
def classes = new File(basedir, '../../../../cinema-build-core/target/test-classes').canonicalFile
assert new File(classes, 'io/cinemaabyss/cinema/testing/FaultProxy.class').exists() : "no FaultProxy in ${classes}"
def portFile = new File(basedir, 'target/fault-proxy.port')
portFile.parentFile.mkdirs()
def java = new File(System.getProperty('java.home'), 'bin/java').path
def proxy = new ProcessBuilder(java, '-cp', classes.path, 'io.cinemaabyss.cinema.testing.FaultProxy', registry, '0.10', '900', portFile.path)
    .redirectErrorStream(true).start()
def first = new BufferedReader(new InputStreamReader(proxy.inputStream)).readLine() // "PORT PID", once it listens
assert first != null : 'the fault proxy ended before it listened'
def (port, pid) = first.trim().split(' ')
def props = new Properties()
props.setProperty('cinema.itRegistry', "127.0.0.1:${port}".toString())
new File(basedir, 'proxy.properties').withOutputStream { props.store(it, 'written by prebuild.groovy') }
return true
