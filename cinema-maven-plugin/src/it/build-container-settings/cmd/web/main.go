package main

import (
	"fmt"
	"os"
)

// Prints the kodata file it finds through KO_DATA_PATH.
func main() {
	b, err := os.ReadFile(os.Getenv("KO_DATA_PATH") + "/index.html")
	if err != nil {
		fmt.Println("no kodata:", err)
		os.Exit(1)
	}
	fmt.Print(string(b))
}
