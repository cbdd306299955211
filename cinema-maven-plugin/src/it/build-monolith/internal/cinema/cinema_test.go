package cinema

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func post(t *testing.T, url, body string) *http.Response {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestHealth(t *testing.T) {
	srv := httptest.NewServer(NewHandler(NewStore()))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || body["status"] != "ok" {
		t.Fatalf("status %d body %v", resp.StatusCode, body)
	}
}

func TestUsersAndPayments(t *testing.T) {
	srv := httptest.NewServer(NewHandler(NewStore()))
	defer srv.Close()

	resp := post(t, srv.URL+"/api/users", `{"name":"Grace Hopper","email":"grace@example.com"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create user: status %d", resp.StatusCode)
	}
	var u User
	if err := json.NewDecoder(resp.Body).Decode(&u); err != nil {
		t.Fatal(err)
	}
	if u.ID != 3 {
		t.Fatalf("user id = %d, want 3", u.ID)
	}

	resp = post(t, srv.URL+"/api/payments", `{"userId":3,"amountCents":1250,"currency":"eur"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create payment: status %d", resp.StatusCode)
	}
	var p Payment
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	if p.ID != 1 || p.UserID != 3 || p.AmountCents != 1250 || p.Currency != "EUR" {
		t.Fatalf("payment = %+v", p)
	}

	if resp := post(t, srv.URL+"/api/payments", `{"userId":42,"amountCents":100}`); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("payment for unknown user: status %d, want 422", resp.StatusCode)
	}
	if resp := post(t, srv.URL+"/api/users", `{"name":"x","email":"not-an-email"}`); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad email: status %d, want 400", resp.StatusCode)
	}

	lr, err := http.Get(srv.URL + "/api/payments")
	if err != nil {
		t.Fatal(err)
	}
	defer lr.Body.Close()
	var list []Payment
	if err := json.NewDecoder(lr.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("payments = %+v, want 1", list)
	}
}
