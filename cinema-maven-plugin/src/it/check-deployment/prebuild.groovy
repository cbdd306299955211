// The registry address lives in the environment, which invoker.properties cannot read.
def image = System.getenv('CINEMA_TEST_BASE_IMAGE')
def registry = System.getenv('CINEMA_TEST_REGISTRY')
def dir = new File(basedir, 'no-project')
new File(dir, 'good').mkdirs()
new File(dir, 'bad').mkdirs()
new File(dir, 'good/app.yaml').text = """\
# the app
apiVersion: apps/v1
kind: Deployment
metadata:
  name: movies
spec:
  template:
    spec:
      initContainers:
      - name: migrate
        image: ${image}
      containers:
      - name: movies
        image: ${image}   # keeps this comment when pinned
---
apiVersion: v1
kind: Pod
metadata:
  name: arm-debug
spec:
  nodeSelector:
    kubernetes.io/arch: arm64
  containers:
  - name: shell
    image: ${image}
"""
new File(dir, 'good/jobs.yml').text = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: job
            image: "${image}"
          restartPolicy: OnFailure
"""
new File(dir, 'bad/pods.yaml').text = """\
apiVersion: v1
kind: Pod
metadata:
  name: missing
spec:
  containers:
  - name: app
    image: ${registry}/check-deployment-it/none:1
---
apiVersion: v1
kind: Pod
metadata:
  name: mainframe
spec:
  nodeSelector:
    kubernetes.io/arch: s390x
  containers:
  - name: app
    image: ${image}
"""
return true
