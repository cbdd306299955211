import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

// invocation 1: mvn verify with the smoke run
assert log.contains(':verify (default-verify) @ hello')
assert log =~ /smoke passed: linux\/amd64: .* ran natively/
assert log =~ /smoke passed: linux\/arm64: .* ran (under .*qemu-aarch64.*|through the binfmt_misc handler)/
assert log.contains('Verified ')

def report = new JsonSlurper().parse(new File(basedir, 'target/cinema/verify.json'))
assert report.ok == true
assert report.problems.isEmpty()
assert report.required*.platform == ['linux/amd64', 'linux/arm64']
assert report.required[0].reason.contains('cinema.platforms') && report.required[0].reason.contains('x86-node')
assert report.required[1].reason.contains('cinema.platforms') && report.required[1].reason.contains('arm-node')
assert report.smoke*.status == ['passed', 'passed']
assert report.smoke[0].output.contains('hello 1.0.0 linux/amd64')
assert report.smoke[1].output.contains('hello 1.0.0 linux/arm64')
assert report.platforms*.binary*.architecture == ['amd64', 'arm64']
// each platform has its SBOMs and provenance, and the SBOMs name exactly the binary's modules
report.platforms.each { p ->
  def checks = p.verdicts.collectEntries { [(it.check): it] }
  assert checks.sbom.ok && checks.sbom.message.contains('name exactly the 1 modules of /usr/local/bin/verify-smoke') : p.verdicts
  assert checks.provenance.ok : p.verdicts
}

// invocation 2: a required platform the image lacks fails the build, naming it
assert log.contains('linux/s390x is missing: it is required by cinema.requiredPlatforms, but the image has only linux/amd64, linux/arm64')
assert log.contains('failed verification with 1 problem')
def failed = new JsonSlurper().parse(new File(basedir, 'target/cinema/verify-s390x.json'))
assert failed.ok == false
assert failed.problems.size() == 1

// invocation 3: inspect in the project reads the built layout
def inspected = new JsonSlurper().parse(new File(basedir, 'target/cinema/inspect.json'))
assert inspected.source.startsWith('OCI layout ') && inspected.source.endsWith('target/cinema/oci (1.0.0)')
assert inspected.platforms*.platform == ['linux/amd64', 'linux/arm64']
assert inspected.platforms.every { it.config.entrypoint == ['/usr/local/bin/verify-smoke'] }
assert inspected.platforms.every { p ->
  p.referrers*.artifactType.sort() == ['application/spdx+json', 'application/vnd.cyclonedx+json', 'application/vnd.in-toto+json']
}

// invocation 4: verify the registry image named by cinema.image, not the layout
assert log.contains('Reading ' + System.getenv('CINEMA_TEST_BASE_IMAGE') + ' from its registry')
def remote = new JsonSlurper().parse(new File(basedir, 'target/cinema/verify-registry.json'))
assert remote.ok == true
assert remote.source == System.getenv('CINEMA_TEST_BASE_IMAGE')
assert remote.platforms*.platform == ['linux/amd64', 'linux/arm64/v8']

// invocation 5: with the supply-chain check on, the image without attestations fails, naming them
def attested = new JsonSlurper().parse(new File(basedir, 'target/cinema/verify-registry-attestations.json'))
assert attested.ok == false
assert attested.problems.any { it.startsWith('linux/amd64: no SBOM is attached') } : attested.problems
assert attested.problems.any { it.startsWith('linux/arm64/v8: no provenance is attached') } : attested.problems

// invocation 6: the old skip property still skips, and names the new one
assert log.contains("The parameter 'skipVerify (cinema.skipVerify)' of cinema:verify is deprecated: use 'cinema.verify.skip'")
assert log.contains('Skipping verify (cinema.verify.skip)')
return true
