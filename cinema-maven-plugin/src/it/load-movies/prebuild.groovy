// A name of this run's own: other builds share the Docker daemon.
def props = new Properties()
props.setProperty('cinema.it.suffix', UUID.randomUUID().toString().substring(0, 8))
new File(basedir, 'it.properties').withOutputStream { props.store(it, 'written by prebuild.groovy') }
return true
