// Runs where the test registries are (scripts/test-services.sh env); where services are required, runs
// anyway so that a missing registry fails the build instead of skipping the IT.
return System.getenv('CINEMA_TEST_REGISTRY') || System.getenv('CINEMA_REQUIRE_SERVICES') == 'true'
