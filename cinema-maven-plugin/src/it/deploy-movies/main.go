// Command movies-service is a small JSON HTTP API used as an example service
// for cinema-build. It uses the Go standard library only.
//
// Endpoints:
//
//	GET  /health           {"status":"ok"}
//	GET  /api/movies       list of movies
//	GET  /api/movies/{id}  one movie
//	POST /api/movies       create a movie from a JSON body
//
// The listen port is 8080 unless the PORT environment variable says otherwise.
// `movies-service --version` prints "movies-service <version> <GOOS>/<GOARCH>".
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
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const serviceName = "movies-service"

// Movie is one film in the catalogue.
type Movie struct {
	ID       int    `json:"id"`
	Title    string `json:"title"`
	Year     int    `json:"year"`
	Director string `json:"director"`
}

// store is an in-memory, concurrency-safe movie catalogue.
type store struct {
	mu     sync.RWMutex
	nextID int
	movies map[int]Movie
}

func newStore(seed ...Movie) *store {
	s := &store{nextID: 1, movies: make(map[int]Movie)}
	for _, m := range seed {
		s.add(m)
	}
	return s
}

func (s *store) add(m Movie) Movie {
	s.mu.Lock()
	defer s.mu.Unlock()
	m.ID = s.nextID
	s.nextID++
	s.movies[m.ID] = m
	return m
}

func (s *store) get(id int) (Movie, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, ok := s.movies[id]
	return m, ok
}

func (s *store) list() []Movie {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Movie, 0, len(s.movies))
	for _, m := range s.movies {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func defaultMovies() []Movie {
	return []Movie{
		{Title: "Metropolis", Year: 1927, Director: "Fritz Lang"},
		{Title: "Casablanca", Year: 1942, Director: "Michael Curtiz"},
		{Title: "Seven Samurai", Year: 1954, Director: "Akira Kurosawa"},
		{Title: "2001: A Space Odyssey", Year: 1968, Director: "Stanley Kubrick"},
	}
}

// newHandler returns the HTTP API backed by s.
func newHandler(s *store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		if !allow(w, r, http.MethodGet, http.MethodHead) {
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("/api/movies", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			writeJSON(w, http.StatusOK, s.list())
		case http.MethodPost:
			createMovie(w, r, s)
		default:
			allow(w, r, http.MethodGet, http.MethodHead, http.MethodPost)
		}
	})
	mux.HandleFunc("/api/movies/", func(w http.ResponseWriter, r *http.Request) {
		if !allow(w, r, http.MethodGet, http.MethodHead) {
			return
		}
		raw := strings.TrimPrefix(r.URL.Path, "/api/movies/")
		id, err := strconv.Atoi(raw)
		if err != nil || id <= 0 || strings.Contains(raw, "/") {
			writeError(w, http.StatusBadRequest, "invalid movie id: "+raw)
			return
		}
		m, ok := s.get(id)
		if !ok {
			writeError(w, http.StatusNotFound, fmt.Sprintf("movie %d not found", id))
			return
		}
		writeJSON(w, http.StatusOK, m)
	})
	return mux
}

func createMovie(w http.ResponseWriter, r *http.Request, s *store) {
	var in Movie
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return
	}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		writeError(w, http.StatusBadRequest, "title is required")
		return
	}
	if in.Year < 1888 || in.Year > 3000 {
		writeError(w, http.StatusBadRequest, "year must be between 1888 and 3000")
		return
	}
	m := s.add(in)
	w.Header().Set("Location", fmt.Sprintf("/api/movies/%d", m.ID))
	writeJSON(w, http.StatusCreated, m)
}

// allow reports whether r uses one of methods; otherwise it answers 405.
func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed")
	return false
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
		Handler:           newHandler(newStore(defaultMovies()...)),
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
