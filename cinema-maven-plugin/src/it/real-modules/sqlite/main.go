package main

import (
	"database/sql"
	"fmt"
	"os"

	_ "github.com/mattn/go-sqlite3"
)

// Opens an in-memory SQLite database and prints its version: proof the cgo driver works.
func main() {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	var version string
	if err := db.QueryRow("select sqlite_version()").Scan(&version); err != nil {
		fmt.Println("sqlite failed:", err)
		os.Exit(2)
	}
	fmt.Println("sqlite", version)
}
