package pgdialect

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/sqlforge/sqlforge/engine"
)

// Reading a DSN before pgx does: its passwords, for redaction, and the
// URLs that pgx would read other than as written. pgx's parse errors
// quote the DSN (masking the passwords it recognises, not all), so Open
// never passes one on: it returns engine.InvalidDSN with one of the
// reasons below.

// parseError returns the error of Open for pgx's error parsing a DSN.
func parseError(err error) error {
	// The more specific first: pgx's message quotes the error it wraps
	// after its own.
	return engine.InvalidDSN("pgdialect: the DSN does not parse", err,
		"sslmode is invalid", "unable to read CA file", "unable to read sslkey", "unable to decrypt key",
		"unable to find sslpassword", "unable to read cert", "unable to load cert",
		"unterminated quoted string", "invalid keyword/value", "forbidden NUL byte",
		"unknown target_session_attrs value", "unknown channel_binding value",
		"invalid min_protocol_version", "invalid max_protocol_version", "could not match",
		"invalid port", "invalid connect_timeout", "invalid sslcertmode", "invalid require_auth",
		"failed to read service", "failed to configure TLS",
		"failed to parse as URL", "failed to parse as keyword/value")
}

// errAmbiguousURL is Open's error for a URL that ambiguousURL refuses.
var errAmbiguousURL = engine.InvalidDSN("pgdialect: the DSN's URL has an '@' after its user information: "+
	"write '@', '/' and '%' in the password, and '@' in the database name, as %40, %2F and %25", nil)

// ambiguousURL reports whether dsn is a URL with an '@' that pgx reads
// as part of the host or the database name. pgx, like libpq, ends the
// user information at the first '@' before a '/': in
// postgres://u:p@ss@host/db the password is "p" and the host "ss@host",
// and in postgres://u:p/ss@host/db there is no password and the database
// is "ss@host/db". Errors and the TLS policy would then name a piece of
// the password as the host or the database.
func ambiguousURL(dsn string) bool {
	rest, ok := strings.CutPrefix(dsn, "postgresql://")
	if !ok {
		if rest, ok = strings.CutPrefix(dsn, "postgres://"); !ok {
			return false
		}
	}
	if i := strings.IndexAny(rest, "@/"); i >= 0 && rest[i] == '@' {
		rest = rest[i+1:]
	}
	rest, _, _ = strings.Cut(rest, "?")
	return strings.Contains(rest, "@")
}

var urlPassword = regexp.MustCompile(`://[^/@]*?:([^@/]*)@`)

// dsnPasswords extracts the passwords of a DSN that may not parse (the
// password, and sslpassword, the client key's), as written and decoded,
// so that they can be redacted from error text. It reads the settings as
// pgconn.ParseConfig does (dsnSettings), and a URL's user information,
// also of one that does not parse.
func dsnPasswords(dsn string) []string {
	var pws []string
	add := func(pw string) {
		if pw != "" && !slices.Contains(pws, pw) {
			pws = append(pws, pw)
		}
	}
	settings := dsnSettings(dsn)
	add(settings["password"])
	add(settings["sslpassword"])
	if m := urlPassword.FindStringSubmatch(dsn); m != nil {
		add(m[1])
		if dec, err := url.PathUnescape(m[1]); err == nil {
			add(dec)
		}
	}
	return pws
}

// dsnSettings returns the settings written in dsn as pgconn.ParseConfig
// reads them: a URL's query parameters (and its password, as
// "password"), or the keyword/value pairs, unquoted and unescaped. It is
// lenient: of a DSN that does not parse it returns what it could read.
func dsnSettings(dsn string) map[string]string {
	settings := map[string]string{}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return settings
		}
		if pw, ok := u.User.Password(); ok {
			settings["password"] = pw
		}
		for k, v := range u.Query() {
			if len(v) > 0 {
				settings[k] = v[len(v)-1]
			}
		}
		return settings
	}
	const space = " \t\n\r\v\f"
	s := strings.TrimLeft(dsn, space)
	for len(s) > 0 {
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			break
		}
		key := strings.Trim(s[:eq], space)
		s = strings.TrimLeft(s[eq+1:], space)
		var val strings.Builder
		quoted := strings.HasPrefix(s, "'")
		if quoted {
			s = s[1:]
		}
		end := 0
		for ; end < len(s); end++ {
			c := s[end]
			if (quoted && c == '\'') || (!quoted && strings.IndexByte(space, c) >= 0) {
				break
			}
			if c == '\\' && end+1 < len(s) {
				end++
				c = s[end]
			}
			val.WriteByte(c)
		}
		settings[key] = val.String()
		if quoted && end < len(s) {
			end++ // the closing quote
		}
		s = strings.TrimLeft(s[end:], space)
	}
	return settings
}
