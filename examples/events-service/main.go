// Command events-service is a small JSON HTTP API for cinema events (screenings,
// premieres) used as the Dockerfile example of cinema-build. It uses the Go
// standard library only, and is built by its Dockerfile, not by cinema-build's
// Go compiler.
//
// Endpoints:
//
//	GET  /health       {"status":"ok"}
//	GET  /api/events   the events, oldest first
//	POST /api/events   record an event from a JSON body {"type":..,"movie":..}
//
// The listen port is 8080 unless the PORT environment variable says otherwise.
// `events-service --version` prints "events-service <version> <GOOS>/<GOARCH>".
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const serviceName = "events-service"

// Event is one thing that happened at the cinema.
type Event struct {
	ID    int       `json:"id"`
	Type  string    `json:"type"`
	Movie string    `json:"movie"`
	At    time.Time `json:"at"`
}

var eventTypes = map[string]bool{"screening": true, "premiere": true, "cancellation": true}

// journal is an append-only, concurrency-safe list of events.
type journal struct {
	mu     sync.Mutex
	events []Event
	now    func() time.Time
}

func newJournal(now func() time.Time) *journal {
	return &journal{now: now}
}

func (j *journal) record(e Event) Event {
	j.mu.Lock()
	defer j.mu.Unlock()
	e.ID = len(j.events) + 1
	e.At = j.now().UTC()
	j.events = append(j.events, e)
	return e
}

func (j *journal) all() []Event {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]Event(nil), j.events...)
}

// newHandler returns the HTTP API backed by j.
func newHandler(j *journal) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(w, r, "GET, HEAD")
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("/api/events", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			writeJSON(w, http.StatusOK, j.all())
		case http.MethodPost:
			createEvent(w, r, j)
		default:
			methodNotAllowed(w, r, "GET, HEAD, POST")
		}
	})
	return mux
}

func createEvent(w http.ResponseWriter, r *http.Request, j *journal) {
	var in Event
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return
	}
	in.Movie = strings.TrimSpace(in.Movie)
	if !eventTypes[in.Type] {
		writeError(w, http.StatusBadRequest, "type must be screening, premiere or cancellation")
		return
	}
	if in.Movie == "" {
		writeError(w, http.StatusBadRequest, "movie is required")
		return
	}
	e := j.record(in)
	w.Header().Set("Location", fmt.Sprintf("/api/events/%d", e.ID))
	writeJSON(w, http.StatusCreated, e)
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request, allowed string) {
	w.Header().Set("Allow", allowed)
	writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed")
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("writing response: %v", err)
	}
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func versionLine() string {
	return fmt.Sprintf("%s %s %s/%s", serviceName, version, runtime.GOOS, runtime.GOARCH)
}

func listenAddr() string {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	return ":" + port
}

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(versionLine())
		return
	}

	srv := &http.Server{
		Addr:              listenAddr(),
		Handler:           newHandler(newJournal(time.Now)),
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
