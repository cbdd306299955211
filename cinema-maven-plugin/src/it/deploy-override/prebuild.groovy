// The registry address lives in the environment, which invoker.properties cannot read.
def registry = System.getenv('CINEMA_TEST_REGISTRY')
def props = new Properties()
props.setProperty('cinema.image', "${registry}/override-it/web:4.0.0-ci".toString())
props.setProperty('cinema.tags', 'ci-extra')
props.setProperty('cinema.platforms', 'linux/amd64,linux/arm64')
props.setProperty('cinema.allowInsecureRegistries', 'true')
new File(basedir, 'cmdline.properties').withOutputStream { props.store(it, 'written by prebuild.groovy') }
def empty = new Properties()
empty.setProperty('cinema.platforms', ',')
new File(basedir, 'empty.properties').withOutputStream { empty.store(it, 'written by prebuild.groovy') }
return true
