// help:describe prints every goal with every parameter, each with its own text; nothing garbled.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
['build', 'push', 'verify', 'inspect', 'index', 'check-deployment', 'lint-dockerfile', 'binfmt'].each { goal ->
  assert log.contains("cinema:${goal}") : "help:describe lists no cinema:${goal}"
  assert log.contains("User property: cinema.${goal}.skip") : "cinema:${goal} has no skip property of its own"
}
assert log.contains('User property: cinema.skip')
assert log.contains('User property: cinema.auth.username')
// the old skip properties are no parameters any more, but the goals' own skip says they still work
['skipVerify', 'skipPush', 'skipCheckDeployment'].each { assert log.contains("cinema.${it}") : "help:describe does not say that cinema.${it} still works" }
assert !(log =~ /[A-Za-z0-9]--[A-Za-z]/) : 'a description lost the text between two dashes'
assert !log.contains('(no description)')
return true
