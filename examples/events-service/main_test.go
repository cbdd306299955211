package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

func fixedClock() time.Time { return time.Date(2026, 1, 1, 20, 0, 0, 0, time.UTC) }

func TestHealth(t *testing.T) {
	srv := httptest.NewServer(newHandler(newJournal(fixedClock)))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
}

func TestRecordAndList(t *testing.T) {
	srv := httptest.NewServer(newHandler(newJournal(fixedClock)))
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/api/events", "application/json",
		strings.NewReader(`{"type":"premiere","movie":"Stalker"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST status = %d, want 201", resp.StatusCode)
	}
	if got := resp.Header.Get("Location"); got != "/api/events/1" {
		t.Fatalf("Location = %q", got)
	}

	resp, err = http.Get(srv.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var events []Event
	if err := json.NewDecoder(resp.Body).Decode(&events); err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Movie != "Stalker" || !events[0].At.Equal(fixedClock()) {
		t.Fatalf("events = %+v", events)
	}
}

func TestRejectsUnknownType(t *testing.T) {
	srv := httptest.NewServer(newHandler(newJournal(fixedClock)))
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/api/events", "application/json",
		strings.NewReader(`{"type":"party","movie":"Stalker"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status = %d, want 400", resp.StatusCode)
	}
}

func TestVersionLine(t *testing.T) {
	want := "events-service dev " + runtime.GOOS + "/" + runtime.GOARCH
	if got := versionLine(); got != want {
		t.Fatalf("versionLine() = %q, want %q", got, want)
	}
}
