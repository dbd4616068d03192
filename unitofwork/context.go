package unitofwork

import "context"

type sessionKey struct{}

// NewContext returns a context that carries s: the way to bind one
// session to a request, for code below the handler that reaches it with
// FromContext. The session is still for one goroutine at a time.
func NewContext(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// FromContext returns the session NewContext put in ctx.
func FromContext(ctx context.Context) (*Session, bool) {
	s, ok := ctx.Value(sessionKey{}).(*Session)
	return s, ok
}
