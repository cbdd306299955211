// Package cinema holds the domain and HTTP API of the cinema monolith:
// users and their payments, kept in memory.
package cinema

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/mail"
	"strings"
	"sync"
)

// User is a customer of the cinema.
type User struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Payment is a ticket purchase by a user, in minor currency units.
type Payment struct {
	ID          int    `json:"id"`
	UserID      int    `json:"userId"`
	AmountCents int64  `json:"amountCents"`
	Currency    string `json:"currency"`
}

// ErrUnknownUser is returned when a payment names a user that does not exist.
var ErrUnknownUser = errors.New("unknown user")

// Store is an in-memory, concurrency-safe store of users and payments.
type Store struct {
	mu       sync.RWMutex
	users    []User
	payments []Payment
}

// NewStore returns a store seeded with a couple of users.
func NewStore() *Store {
	s := &Store{}
	s.AddUser(User{Name: "Ada Lovelace", Email: "ada@example.com"})
	s.AddUser(User{Name: "Alan Turing", Email: "alan@example.com"})
	return s
}

// AddUser stores u with a fresh id and returns it.
func (s *Store) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	u.ID = len(s.users) + 1
	s.users = append(s.users, u)
	return u
}

// Users returns a copy of all users in id order.
func (s *Store) Users() []User {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]User{}, s.users...)
}

// AddPayment stores p with a fresh id; the user must exist.
func (s *Store) AddPayment(p Payment) (Payment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.UserID < 1 || p.UserID > len(s.users) {
		return Payment{}, fmt.Errorf("%w: %d", ErrUnknownUser, p.UserID)
	}
	p.ID = len(s.payments) + 1
	s.payments = append(s.payments, p)
	return p, nil
}

// Payments returns a copy of all payments in id order.
func (s *Store) Payments() []Payment {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]Payment{}, s.payments...)
}

// NewHandler returns the HTTP API:
//
//	GET  /health         {"status":"ok"}
//	GET  /api/users      list users;    POST creates one {"name","email"}
//	GET  /api/payments   list payments; POST creates one {"userId","amountCents","currency"}
func NewHandler(s *Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(w, r, "GET, HEAD")
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("/api/users", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			writeJSON(w, http.StatusOK, s.Users())
		case http.MethodPost:
			var u User
			if !decode(w, r, &u) {
				return
			}
			u.Name = strings.TrimSpace(u.Name)
			if u.Name == "" {
				writeError(w, http.StatusBadRequest, "name is required")
				return
			}
			if _, err := mail.ParseAddress(u.Email); err != nil {
				writeError(w, http.StatusBadRequest, "invalid email")
				return
			}
			writeJSON(w, http.StatusCreated, s.AddUser(u))
		default:
			methodNotAllowed(w, r, "GET, HEAD, POST")
		}
	})
	mux.HandleFunc("/api/payments", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			writeJSON(w, http.StatusOK, s.Payments())
		case http.MethodPost:
			var p Payment
			if !decode(w, r, &p) {
				return
			}
			if p.AmountCents <= 0 {
				writeError(w, http.StatusBadRequest, "amountCents must be positive")
				return
			}
			if p.Currency == "" {
				p.Currency = "EUR"
			}
			if len(p.Currency) != 3 {
				writeError(w, http.StatusBadRequest, "currency must be a 3-letter code")
				return
			}
			p.Currency = strings.ToUpper(p.Currency)
			created, err := s.AddPayment(p)
			if errors.Is(err, ErrUnknownUser) {
				writeError(w, http.StatusUnprocessableEntity, err.Error())
				return
			}
			writeJSON(w, http.StatusCreated, created)
		default:
			methodNotAllowed(w, r, "GET, HEAD, POST")
		}
	})
	return mux
}

func decode(w http.ResponseWriter, r *http.Request, v interface{}) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return false
	}
	return true
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
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
