// The registry address lives in the environment, which invoker.properties cannot read.
def registry = System.getenv('CINEMA_TEST_REGISTRY')
def props = new Properties()
props.setProperty('cinema.image', "${registry}/push-it/invoker-cmdline:3.0.0".toString())
props.setProperty('cinema.pushReport', new File(basedir, 'target/cinema/push-cmdline.json').path)
new File(basedir, 'cmdline.properties').withOutputStream { props.store(it, 'written by prebuild.groovy') }
return true
