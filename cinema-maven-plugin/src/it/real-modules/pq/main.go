package main

import (
	"database/sql"
	"fmt"
	"os"

	_ "github.com/lib/pq"
)

// Registers lib/pq and prints the drivers it finds; --version for the smoke run.
func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Println("pq-service drivers:", sql.Drivers())
		return
	}
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	defer db.Close()
	fmt.Println(db.Ping())
}
