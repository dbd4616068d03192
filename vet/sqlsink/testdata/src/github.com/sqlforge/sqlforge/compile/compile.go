// Package compile stubs sqlforge's identifier quoting.
package compile

func AppendQuoted(dst []byte, name string, q byte) []byte { return dst }

type Dialect interface {
	AppendIdent(dst []byte, name string) ([]byte, error)
}

// ANSI stands for a dialect's concrete type.
type ANSI struct{}

func (ANSI) AppendIdent(dst []byte, name string) ([]byte, error) { return dst, nil }
