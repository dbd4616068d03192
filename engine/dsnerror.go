package engine

import "strings"

// ErrInvalidDSN: a dialect's Open refused a DSN that does not parse, or
// one whose password the driver would read other than as written. The
// error's text says what is wrong without quoting the DSN or the driver's
// message, which may quote it, password included.
var ErrInvalidDSN = sentinel("invalid DSN")

// dsnText is the text of an InvalidDSN error. Its type is unexported so
// that only constants can be passed: the text cannot be built from the
// DSN.
type dsnText string

// InvalidDSN returns an error matching ErrInvalidDSN whose text is made
// of constants only. Without driverErr, the text is prefix. With it (the
// driver's parse error), prefix is followed by the first of known that
// the driver's message contains, or by a note that the message is
// withheld: only the constant, never the driver's words, is written.
func InvalidDSN(prefix dsnText, driverErr error, known ...dsnText) error {
	text := string(prefix)
	if driverErr != nil {
		reason := "the driver's message is withheld, as it may quote the password"
		msg := driverErr.Error()
		for _, k := range known {
			if strings.Contains(msg, string(k)) {
				reason = string(k)
				break
			}
		}
		text += ": " + reason
	}
	return &dsnError{text}
}

// dsnError is InvalidDSN's error.
type dsnError struct{ text string }

func (e *dsnError) Error() string { return e.text }
func (e *dsnError) Unwrap() error { return ErrInvalidDSN }
