package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestPasswordFuncSecret checks that a password from a password source is
// redacted from Open's errors like one written in the DSN.
func TestPasswordFuncSecret(t *testing.T) {
	c := &OpenConfig{}
	WithPasswordFunc(func(context.Context) (string, error) { return testSecret, nil }).applyOpen(c)
	if _, err := c.Password()(context.Background()); err != nil {
		t.Fatal(err)
	}
	err := c.Redact(errors.New("auth failed for " + testSecret))
	if strings.Contains(err.Error(), testSecret) {
		t.Errorf("a password from WithPasswordFunc is not redacted: %v", err)
	}
}

// allVerbs are the fmt verbs, with flags, that a secret must survive.
var allVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "% x", "%d", "%t", "%c", "%U", "%f", "%e", "%g", "%b", "%o", "%O", "%p", "%10.3v", "%-20s", "%T"}

// TestSecretFormatVerbs prints a Secret, structs holding one and a
// redacted error with every verb, and checks that none shows the secret.
func TestSecretFormatVerbs(t *testing.T) {
	type exported struct{ Password Secret }
	type unexported struct{ password Secret }
	err := RedactError(errors.New("app:"+testSecret+" refused"), testSecret)
	for _, v := range []any{
		NewSecret(testSecret), &exported{NewSecret(testSecret)}, exported{NewSecret(testSecret)},
		unexported{NewSecret(testSecret)}, []Secret{NewSecret(testSecret)},
		map[string]Secret{"pw": NewSecret(testSecret)}, err, fmt.Errorf("open: %w", err),
	} {
		for _, verb := range allVerbs {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, testSecret) || strings.Contains(s, fmt.Sprintf("%x", testSecret)) {
				t.Errorf("%T printed with %s shows the secret: %s", v, verb, s)
			}
		}
	}
	if s := fmt.Sprintf("%v|%q", NewSecret(testSecret), NewSecret(testSecret)); s != Redacted+"|"+`"`+Redacted+`"` {
		t.Errorf("Secret prints as %s", s)
	}
	if s := fmt.Sprint(err); s != "app:"+Redacted+" refused" {
		t.Errorf("redacted error prints as %s", s)
	}
	if NewSecret(testSecret).Reveal() != testSecret || !(Secret{}).IsZero() || NewSecret("").Reveal() != "" {
		t.Error("Reveal or IsZero is wrong")
	}
}

// TestRedactShortSecret checks that a secret too short to be replaced in
// text without revealing it by its position (or replacing other words)
// makes the whole text withheld, naming the host, and that a secret
// inside a longer one does not leave part of the longer one.
func TestRedactShortSecret(t *testing.T) {
	err := errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
	if s := RedactError(err, "tcp").Error(); strings.Contains(s, "tcp") || strings.Contains(s, Redacted) {
		t.Errorf("a short secret is replaced by substring: %s", s)
	}
	c := &OpenConfig{}
	c.AddSecret("tcp")
	c.SetHost("127.0.0.1:1")
	if s := c.Redact(err).Error(); strings.Contains(s, "tcp") || !strings.Contains(s, "127.0.0.1:1") {
		t.Errorf("Redact with a short password: %s; want the host and no password", s)
	}
	if s := RedactError(errors.New("auth as u:secretpw-long failed"), "secretpw", "secretpw-long").Error(); s != "auth as u:"+Redacted+" failed" {
		t.Errorf("a secret inside another leaves part of the longer one: %s", s)
	}
	if s := RedactError(errors.New("refused"), "db").Error(); s != "refused" {
		t.Errorf("a short secret not in the text changes it: %s", s)
	}
}
