// The goal failed, listing each finding as file:line, rule, stage, reason and fix.
def log = new File(basedir, 'build.log').text
def dockerfile = new File(basedir, 'Dockerfile').canonicalPath
assert log.contains('BUILD FAILURE')
assert log.contains("[ERROR] ${dockerfile}:2: [go-build-emulated] stage 'build': runs go build (line 5) on the target platform")
assert log.contains('measured here: 8.6x slower than a native cross-compile')
assert log.contains("[ERROR] ${dockerfile}:5: [hardcoded-goos-goarch] stage 'build': GOOS is hard-coded to linux")
assert log.contains("[ERROR] ${dockerfile}:5: [hardcoded-goos-goarch] stage 'build': GOARCH is hard-coded to amd64")
assert log.contains("[ERROR] ${dockerfile}:7: [final-stage-pinned] stage #1: The final stage is pinned to linux/amd64")
assert log.contains('multi-architecture problems (listed above, each with its fix)')
// 2: reported as warnings, and the build passed
assert log.contains("[WARNING] ${dockerfile}:2: [go-build-emulated] stage 'build': runs go build (line 5) on the target platform")
assert log.contains('(cinema.failOnLint=false: reported, not failing)')
assert log.contains('BUILD SUCCESS')
return true
