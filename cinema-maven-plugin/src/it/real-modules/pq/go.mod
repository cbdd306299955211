module example.com/pq

go 1.19

require github.com/lib/pq v1.10.7

// offline: Debian's golang-github-lib-pq-dev sources
replace github.com/lib/pq => /usr/share/gocode/src/github.com/lib/pq
