// The Go builder image the Dockerfile's GO_IMAGE names: made from Debian's Go toolchain (idempotent).
def root = new File(basedir, '../../../..').canonicalFile
def script = new File(root, 'scripts/make-docker-images.sh')
def pb = new ProcessBuilder('bash', script.path).redirectErrorStream(true)
pb.environment().put('DOCKER_HOST', System.getenv('CINEMA_TEST_DOCKER_HOST'))
def proc = pb.start()
def out = proc.inputStream.text
proc.waitFor()
println out
assert proc.exitValue() == 0 : out
return true
