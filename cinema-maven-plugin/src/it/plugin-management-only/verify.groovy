// build.log holds both invocations, each starting with Maven's "Scanning for projects"
def log = new File(basedir, 'build.log').text
def second = log.indexOf('Scanning for projects', log.indexOf('Scanning for projects') + 1)
assert second > 0 : 'build.log holds one invocation'
def firstLog = log.substring(0, second)
def secondLog = log.substring(second)

// 1: what Maven says, and all it says: nothing of the plugin ran, so nothing of ours can name the fix
assert firstLog.contains('Unknown packaging: cinema-image @ line') : firstLog
assert firstLog.contains('The project io.cinemaabyss.it:plugin-management-only:1.0.0')
assert !firstLog.contains('cinema:')

// ... so the README's troubleshooting quotes that message and names the fix
def readme = new File(basedir, '../../../../README.md').text
def start = readme.indexOf('\n## Troubleshooting\n')
assert start >= 0 : 'README.md has no Troubleshooting section'
def end = readme.indexOf('\n## ', start + 1)
def troubleshooting = readme.substring(start, end > 0 ? end : readme.length())
assert troubleshooting.contains('Unknown packaging: cinema-image')
assert troubleshooting.contains('<pluginManagement>')
assert troubleshooting.contains('<build><plugins>')
assert troubleshooting.contains('<extensions>true</extensions>')

// 2: with the plugin in <build><plugins>, the same pom builds its image
assert secondLog.contains('BUILD SUCCESS')
assert new File(basedir, 'target/cinema/oci/index.json').isFile()
assert secondLog.contains('[INFO] Built example.test/plugin-management-only:1.0.0 sha256:')
return true
