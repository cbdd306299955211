def log = new File(basedir, 'build.log').text
def registry = System.getenv('CINEMA_TEST_REGISTRY')
def image = "${registry}/push-it/verify-rebuild:1.0.0"

// 1: pushed
assert log.contains("Pushed ${image}") || log.contains("Pushed ${registry}/push-it/verify-rebuild")

// 2: the rebuild from the same sources is the pushed image, byte for byte
def same = log.indexOf('  rebuild: ')
assert same > 0 : 'verify -Dcinema.rebuild=true printed no comparison'
assert log.substring(same, log.indexOf('\n', same)).contains('the same image, sha256:')

// 3: another binary: the build fails, naming the platform, the layer and the file, and both digests
def problem = log.indexOf('- rebuild: ', same)
assert problem > same : 'a changed rebuild was not reported as a problem'
def tail = log.substring(problem)
assert tail =~ /linux\/amd64: layer 2 of 2 differs \([0-9a-f]{12} vs [0-9a-f]{12}\): usr\/local\/bin\/movies-service: content sha256:[0-9a-f]{64} vs sha256:[0-9a-f]{64}/
assert tail.contains('linux/arm64: layer 2 of 2 differs')
assert tail.contains('BUILD FAILURE')
return true
