// Runs only with the test services (scripts/test-services.sh); fails instead of skipping when they are required.
def image = System.getenv('CINEMA_TEST_BASE_IMAGE')
if (image) {
  return true
}
if (System.getenv('CINEMA_REQUIRE_SERVICES') == 'true') {
  throw new IllegalStateException('CINEMA_TEST_BASE_IMAGE is not set but CINEMA_REQUIRE_SERVICES=true: start scripts/test-services.sh')
}
println 'SKIPPED: no test registry (CINEMA_TEST_BASE_IMAGE); see scripts/test-services.sh'
return false
