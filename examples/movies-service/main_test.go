package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

func TestHealth(t *testing.T) {
	srv := httptest.NewServer(newHandler(newStore()))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	var body map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body["status"] != "ok" {
		t.Fatalf("body = %v, want status ok", body)
	}
}

func TestListGetAndCreate(t *testing.T) {
	srv := httptest.NewServer(newHandler(newStore(defaultMovies()...)))
	defer srv.Close()

	var list []Movie
	getJSON(t, srv.URL+"/api/movies", http.StatusOK, &list)
	if len(list) != len(defaultMovies()) {
		t.Fatalf("got %d movies, want %d", len(list), len(defaultMovies()))
	}

	var first Movie
	getJSON(t, srv.URL+"/api/movies/1", http.StatusOK, &first)
	if first.Title != "Metropolis" {
		t.Fatalf("movie 1 = %+v", first)
	}

	resp, err := http.Post(srv.URL+"/api/movies", "application/json",
		strings.NewReader(`{"title":"Stalker","year":1979,"director":"Andrei Tarkovsky"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST status = %d, want 201", resp.StatusCode)
	}
	var created Movie
	if err := json.NewDecoder(resp.Body).Decode(&created); err != nil {
		t.Fatal(err)
	}
	if created.ID != len(list)+1 || created.Title != "Stalker" {
		t.Fatalf("created = %+v", created)
	}
	if loc := resp.Header.Get("Location"); loc != "/api/movies/5" {
		t.Fatalf("Location = %q", loc)
	}

	var again Movie
	getJSON(t, srv.URL+"/api/movies/5", http.StatusOK, &again)
	if again != created {
		t.Fatalf("GET after POST = %+v, want %+v", again, created)
	}
}

func TestErrors(t *testing.T) {
	srv := httptest.NewServer(newHandler(newStore(defaultMovies()...)))
	defer srv.Close()

	var e map[string]string
	getJSON(t, srv.URL+"/api/movies/999", http.StatusNotFound, &e)
	getJSON(t, srv.URL+"/api/movies/abc", http.StatusBadRequest, &e)

	resp, err := http.Post(srv.URL+"/api/movies", "application/json", strings.NewReader(`{"title":""}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("empty title: status = %d, want 400", resp.StatusCode)
	}

	req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/movies", nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("DELETE status = %d, want 405", resp.StatusCode)
	}
}

func TestVersionLine(t *testing.T) {
	want := "movies-service dev " + runtime.GOOS + "/" + runtime.GOARCH
	if got := versionLine(); got != want {
		t.Fatalf("versionLine() = %q, want %q", got, want)
	}
}

func getJSON(t *testing.T, url string, wantStatus int, v interface{}) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status = %d, want %d", url, resp.StatusCode, wantStatus)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("GET %s: Content-Type = %q", url, ct)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
