package engine

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// PasswordFunc supplies the password for each new physical connection, so
// that rotated credentials (cloud IAM tokens, re-mounted secrets) are
// picked up without reopening the engine. The dialects' Open functions
// take one through their WithPasswordFunc options.
type PasswordFunc func(ctx context.Context) (string, error)

// PasswordFromEnv reads the password from the environment variable name
// each time it is asked.
func PasswordFromEnv(name string) PasswordFunc {
	return func(context.Context) (string, error) {
		v, ok := os.LookupEnv(name)
		if !ok {
			return "", fmt.Errorf("engine: password variable %s is not set", name)
		}
		return v, nil
	}
}

// PasswordFromFile reads the password from a file (a container secret)
// each time it is asked, dropping a trailing newline.
func PasswordFromFile(path string) PasswordFunc {
	return func(context.Context) (string, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("engine: password file: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
}
