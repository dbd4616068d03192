package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestRun checks the example's spans and its last line, and that no
// bound value — the emails and names, one of them in a unique
// violation — reaches the exported spans.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	s := out.String()
	for _, want := range []string{
		`"Name": "signup"`, `"Name": "transaction"`, `"Name": "savepoint"`, `"Name": "flush"`,
		`"Name": "INSERT users"`, `"Name": "SELECT users"`, `"Value": "2067"`,
		`"Key": "sqlforge.flush.inserts.users"`,
		"4 users; 8 statements measured in db.client.operation.duration\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the output lacks %s", want)
		}
	}
	for _, value := range []string{"ann@example.com", "bob@", "cy@", "di@", "Ann", "Bob"} {
		if strings.Contains(s, value) {
			t.Errorf("the output holds the bound value %q", value)
		}
	}
}
