import groovy.json.JsonSlurper

def dir = new File(basedir, 'no-project')
def image = System.getenv('CINEMA_TEST_BASE_IMAGE')
def name = image.substring(0, image.lastIndexOf(':'))

def good = new JsonSlurper().parse(new File(dir, 'good.json'))
assert good.ok == true
assert good.nodePlatforms == ['linux/amd64', 'linux/arm64']
assert good.workloads*.kind == ['Deployment', 'Pod', 'CronJob']
def movies = good.workloads[0]
assert movies.images*.role == ['containers', 'initContainers']
movies.images.each { assert it.verdict == 'ok' && it.needed == ['linux/amd64', 'linux/arm64'] && it.digest.startsWith('sha256:') }
assert good.workloads[1].images[0].needed == ['linux/arm64']
def digest = movies.images[0].digest

def pinned = new File(dir, 'pinned/app.yaml').text
assert pinned.startsWith('# the app\n')
assert pinned.contains("image: ${name}@${digest}   # keeps this comment when pinned")
assert !pinned.contains(image + '\n')
assert new File(dir, 'pinned/jobs.yml').text.contains("image: \"${name}@${digest}\"")
def values = new File(dir, 'pinned/image-digests.yaml').text
assert values.contains("digest: ${digest}")

def bad = new JsonSlurper().parse(new File(dir, 'bad.json'))
assert bad.ok == false
assert bad.workloads[0].images[0].verdict == 'unreadable'
assert bad.workloads[0].images[0].problems[0].contains('check-deployment-it/none')
assert bad.workloads[1].images[0].verdict == 'failed'
assert bad.workloads[1].images[0].problems[0].contains('no node of the cluster matches')
assert !new File(dir, 'pinned/pods.yaml').exists()

def log = new File(basedir, 'build.log').text
assert log.contains('image(s) of the deployment would not run on their nodes')

// 3: the old skip property still skips, says so once, and names the new one
assert log.contains("The parameter 'skipCheckDeployment (cinema.skipCheckDeployment)' of cinema:check-deployment is deprecated: use 'cinema.check-deployment.skip'")
assert log.contains('Skipping check-deployment (cinema.check-deployment.skip)')
assert !new File(dir, 'skipped.json').exists()
return true
