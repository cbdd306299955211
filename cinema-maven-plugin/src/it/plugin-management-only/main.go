// Command pmonly prints its platform; it exists to be built once the plugin is declared where Maven loads it.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Printf("pmonly %s/%s\n", runtime.GOOS, runtime.GOARCH)
}
