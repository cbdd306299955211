// The registry address lives in the environment, which invoker.properties cannot read.
def props = new Properties()
props.setProperty('cinema.image', System.getenv('CINEMA_TEST_BASE_IMAGE'))
new File(basedir, 'registry.properties').withOutputStream { props.store(it, 'written by prebuild.groovy') }
return true
