// Command api prints its name and platform; it exists to be built and pushed by a multi-module build.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Printf("api %s/%s\n", runtime.GOOS, runtime.GOARCH)
}
