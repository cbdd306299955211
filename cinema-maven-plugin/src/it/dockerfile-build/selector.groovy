// Runs where the test services are up (dockerd, the registry with the busybox base); skipped
// elsewhere, except that CINEMA_REQUIRE_SERVICES=true turns a missing service into a failure.
def env = System.getenv()
def ready = env.CINEMA_TEST_DOCKER_HOST && env.CINEMA_TEST_BASE_IMAGE
if (!ready && env.CINEMA_REQUIRE_SERVICES == 'true') {
  throw new IllegalStateException('dockerfile-build needs CINEMA_TEST_DOCKER_HOST and CINEMA_TEST_BASE_IMAGE (scripts/test-services.sh env)')
}
if (!ready) {
  println 'SKIPPED dockerfile-build: no dockerd / base image (run through scripts/test-all.sh)'
}
return ready as boolean
