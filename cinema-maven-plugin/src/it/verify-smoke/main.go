// Command hello prints its version and platform; it exists to be built and smoke-run.
package main

import (
	"flag"
	"fmt"
	"runtime"
)

var version = "dev"

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Printf("hello %s %s/%s\n", version, runtime.GOOS, runtime.GOARCH)
		return
	}
	fmt.Println("hello")
}
