package main

import (
	"runtime"
	"testing"
)

func TestVersionLine(t *testing.T) {
	want := "monolith dev " + runtime.GOOS + "/" + runtime.GOARCH
	if got := versionLine(); got != want {
		t.Fatalf("versionLine() = %q, want %q", got, want)
	}
}
