// A stand-in for examples/events-service (same Dockerfile, same --version
// line) that compiles fast: the IT is about the build, not the service.
package main

import (
	"flag"
	"fmt"
	"runtime"
)

var version = "dev"

func main() {
	flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	fmt.Printf("events-service %s %s/%s\n", version, runtime.GOOS, runtime.GOARCH)
}
