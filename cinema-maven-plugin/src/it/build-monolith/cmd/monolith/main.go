// Command monolith is the "cinema monolith" example service for cinema-build:
// users and payments behind one JSON HTTP API (see package cinema). Its main
// package lives in cmd/monolith, not at the module root.
//
// The listen port is 8080 unless the PORT environment variable says otherwise.
// `monolith --version` prints "monolith <version> <GOOS>/<GOARCH>".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"example.com/monolith/internal/cinema"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func versionLine() string {
	return fmt.Sprintf("monolith %s %s/%s", version, runtime.GOOS, runtime.GOARCH)
}

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(versionLine())
		return
	}

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	srv := &http.Server{
		Addr:              ":" + port,
		Handler:           cinema.NewHandler(cinema.NewStore()),
		ReadHeaderTimeout: 10 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	errc := make(chan error, 1)
	go func() {
		log.Printf("%s listening on %s", versionLine(), srv.Addr)
		errc <- srv.ListenAndServe()
	}()

	select {
	case err := <-errc:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	case <-ctx.Done():
		log.Printf("shutting down")
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdownCtx); err != nil {
			log.Fatal(err)
		}
	}
}
