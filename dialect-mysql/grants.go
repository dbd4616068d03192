package mysqldialect

import (
	"strings"

	"github.com/sqlforge/sqlforge/engine"
)

// grant is one line of SHOW GRANTS: privileges on a scope, or roles, given
// to a grantee.
type grant struct {
	privs []string // upper case, column lists left out
	roles []string // for "GRANT role TO account": the roles, as name or name@host
	// db and table are the scope's names as written ("*" for all); db
	// may hold wildcards when table is "*". scope is the scope's text.
	db, table, scope string
	grantee          string // name@host
	grantOption      bool   // WITH GRANT OPTION
	adminOption      bool   // WITH ADMIN OPTION
}

// grantToken is a word (upper-cased), a backquoted name or quoted string
// (unquoted), or one character of punctuation.
type grantToken struct {
	text   string
	quoted bool
}

// tokenizeGrant splits a SHOW GRANTS line into tokens.
func tokenizeGrant(s string) []grantToken {
	var toks []grantToken
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '`' || c == '\'' || c == '"':
			var b strings.Builder
			j := i + 1
			for j < len(s) {
				if s[j] == '\\' && c != '`' && j+1 < len(s) {
					b.WriteByte(s[j+1])
					j += 2
					continue
				}
				if s[j] == c {
					if j+1 < len(s) && s[j+1] == c {
						b.WriteByte(c)
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			toks = append(toks, grantToken{b.String(), true})
			i = j + 1
		case strings.IndexByte(",.*()@=", c) >= 0:
			toks = append(toks, grantToken{string(c), false})
			i++
		default:
			j := i
			for j < len(s) && strings.IndexByte(" \t\n\r,.*()@=`'\"", s[j]) < 0 {
				j++
			}
			toks = append(toks, grantToken{strings.ToUpper(s[i:j]), false})
			i = j
		}
	}
	return toks
}

func (t grantToken) is(word string) bool { return !t.quoted && t.text == word }

// parseGrant reads "GRANT privileges ON scope TO account [WITH ...]" or
// "GRANT roles TO account [WITH ADMIN OPTION]"; ok is false for any
// other line (SET DEFAULT ROLE ...).
func parseGrant(line string) (g grant, ok bool) {
	toks := tokenizeGrant(line)
	if len(toks) == 0 || !toks[0].is("GRANT") {
		return g, false
	}
	i, depth := 1, 0
	var item []string
	flush := func() {
		if len(item) > 0 {
			g.privs = append(g.privs, strings.Join(item, " "))
			item = nil
		}
	}
	// Privileges or roles, up to ON or TO.
	for ; i < len(toks) && (depth > 0 || !toks[i].is("ON") && !toks[i].is("TO")); i++ {
		switch t := toks[i]; {
		case t.is("("):
			depth++
		case t.is(")"):
			depth--
		case depth > 0:
		case t.is(","):
			flush()
		case t.quoted || t.is("@"):
			// A role name, or its @host (MySQL).
			if t.quoted && len(g.roles) > 0 && i > 0 && toks[i-1].is("@") {
				g.roles[len(g.roles)-1] += "@" + t.text
			} else if t.quoted {
				g.roles = append(g.roles, t.text)
			}
		default:
			item = append(item, t.text)
		}
	}
	flush()
	if i == len(toks) {
		return g, false
	}
	if toks[i].is("ON") {
		start := i + 1
		for i++; i < len(toks) && !toks[i].is("TO"); i++ {
		}
		g.db, g.table, g.scope = grantScope(toks[start:i])
	}
	// TO name@host, then options.
	if i+1 < len(toks) {
		g.grantee = toks[i+1].text
		if i+3 < len(toks) && toks[i+2].is("@") {
			g.grantee += "@" + toks[i+3].text
		}
	}
	for ; i+2 < len(toks); i++ {
		if toks[i].is("WITH") && toks[i+2].is("OPTION") {
			g.grantOption = g.grantOption || toks[i+1].is("GRANT")
			g.adminOption = g.adminOption || toks[i+1].is("ADMIN")
		}
	}
	return g, true
}

// grantScope reads "*.*", "db.*", "db.table", "[PROCEDURE|FUNCTION|
// PACKAGE [BODY]] db.routine" or an account (PROXY ON 'user'@'host').
func grantScope(toks []grantToken) (db, table, text string) {
	var parts []string
	for _, t := range toks {
		if t.quoted {
			parts = append(parts, "`"+t.text+"`")
		} else {
			parts = append(parts, t.text)
		}
	}
	text = strings.Join(parts, "")
	for len(toks) > 0 && !toks[0].quoted && (toks[0].is("PROCEDURE") || toks[0].is("FUNCTION") || toks[0].is("PACKAGE") || toks[0].is("BODY")) {
		toks = toks[1:]
	}
	switch {
	case len(toks) == 3 && toks[1].is("."):
		return toks[0].text, toks[2].text, text
	case len(toks) == 1:
		return "", toks[0].text, text // a table of the current database, or an account's name
	}
	return "", "", text
}

// privKind is what a privilege gives beyond the rows of its scope.
type privKind int

const (
	privData        privKind = iota // the rows of the scope's tables, nothing else
	privSchema                      // create, alter or drop schema objects
	privSuper                       // SUPER, or as far as it reaches
	privRoleAdmin                   // create accounts or hand out rights
	privFile                        // the server host's files
	privProxy                       // act as another account
	privAllData                     // rows no grant on a table gives
	privServerAdmin                 // the server as a whole
	privMonitor                     // watch the server: reported, not refused
)

// privileges lists every privilege of MariaDB 10.11's SHOW PRIVILEGES
// and MySQL 8's static ones, by what it gives. A privilege not listed
// counts as SUPER when it ends in ADMIN (MySQL's dynamic *_ADMIN), and
// as privServerAdmin otherwise: the check fails closed on privileges it
// does not know.
var privileges = map[string]privKind{
	"USAGE": privData, "SELECT": privData, "INSERT": privData, "UPDATE": privData, "DELETE": privData,
	"EXECUTE": privData, "SHOW VIEW": privData, "LOCK TABLES": privData, "CREATE TEMPORARY TABLES": privData,
	"REFERENCES": privData, "DELETE HISTORY": privData,

	"CREATE": privSchema, "DROP": privSchema, "ALTER": privSchema, "INDEX": privSchema, "TRIGGER": privSchema,
	"CREATE VIEW": privSchema, "CREATE ROUTINE": privSchema, "ALTER ROUTINE": privSchema, "EVENT": privSchema,

	// Running code as another account, replication that writes
	// anything, server-wide settings: SUPER and what MariaDB and MySQL
	// split off it.
	"SUPER": privSuper, "SET USER": privSuper, "SET_USER_ID": privSuper, "SET_ANY_DEFINER": privSuper,
	"ALLOW_NONEXISTENT_DEFINER": privSuper, "SYSTEM_USER": privSuper, "BINLOG REPLAY": privSuper,
	"BINLOG ADMIN": privSuper, "CONNECTION ADMIN": privSuper, "FEDERATED ADMIN": privSuper,
	"READ_ONLY ADMIN": privSuper, "REPLICATION MASTER ADMIN": privSuper, "REPLICATION SLAVE ADMIN": privSuper,

	"CREATE USER": privRoleAdmin, "CREATE ROLE": privRoleAdmin, "DROP ROLE": privRoleAdmin,
	"ROLE_ADMIN": privRoleAdmin, "GRANT OPTION": privRoleAdmin,

	"FILE": privFile, "PROXY": privProxy,

	// The binary log holds every write to every database (with MIXED or
	// STATEMENT logging, the statements and their values; account
	// changes with their password hashes): REPLICATION SLAVE streams it,
	// BINLOG MONITOR (MariaDB's REPLICATION CLIENT) reads it with SHOW
	// BINLOG EVENTS, SLAVE MONITOR a replica's copy with SHOW RELAYLOG
	// EVENTS.
	"REPLICATION SLAVE": privAllData, "BINLOG MONITOR": privAllData, "SLAVE MONITOR": privAllData,

	// SHUTDOWN stops the server, every application's database with it;
	// RELOAD flushes tables, logs and privileges (FLUSH TABLES WITH READ
	// LOCK stops every write), and FLUSH PRIVILEGES makes edited grant
	// tables take effect; tablespaces are the server's storage, not an
	// application's schema.
	"SHUTDOWN": privServerAdmin, "RELOAD": privServerAdmin, "CREATE TABLESPACE": privServerAdmin,

	// Other sessions' statements (PROCESS), the names of every database
	// (SHOW DATABASES), replication status (MySQL's REPLICATION CLIENT,
	// which reads no log): they change nothing and read no table's rows.
	"PROCESS": privMonitor, "SHOW DATABASES": privMonitor, "REPLICATION CLIENT": privMonitor,
}

// kindOf returns what privilege p gives; see privileges.
func kindOf(p string) privKind {
	if k, ok := privileges[p]; ok {
		return k
	}
	if strings.HasSuffix(p, " ADMIN") || strings.HasSuffix(p, "_ADMIN") {
		return privSuper
	}
	return privServerAdmin
}

// classifyGrant reads one SHOW GRANTS line into r. via names the role
// whose grants these are when the account must SET ROLE to use them:
// superuser rights behind it count as BecomeSuperuser.
func classifyGrant(r *engine.RoleReport, line, via string) {
	g, ok := parseGrant(line)
	if !ok {
		return
	}
	prefix := ""
	if via != "" {
		prefix = "role " + via + ": "
	}
	right := func(flag *bool, what string) {
		*flag = true
		r.AddRight(prefix + what)
	}
	if g.grantOption {
		right(&r.CreateRole, "WITH GRANT OPTION ON "+g.scope)
	}
	if g.scope == "" {
		if g.adminOption {
			right(&r.CreateRole, "WITH ADMIN OPTION on role "+strings.Join(g.roles, ", "))
		}
		return
	}
	super := &r.Superuser
	if via != "" {
		super = &r.BecomeSuperuser
	}
	global := g.db == "*" && g.table == "*"
	// The grant tables, on *.*, on mysql.* or a pattern matching it, or
	// on one of mysql's tables.
	grantTables := global || g.db != "" && (g.table == "*" && likeMatch(g.db, "mysql") || g.table != "*" && strings.EqualFold(g.db, "mysql"))
	for _, p := range g.privs {
		what := p + " ON " + g.scope
		all := p == "ALL" || p == "ALL PRIVILEGES"
		switch k := kindOf(p); {
		case k == privProxy:
			right(&r.BecomeSuperuser, what)
		case all && global:
			right(super, what)
			r.CreateRole, r.SchemaChange, r.HostAccess = true, true, true
			r.AllData, r.ServerAdmin, r.Monitor = true, true, true
		case grantTables && (all || p == "INSERT" || p == "UPDATE" || p == "DELETE"):
			// The account can give itself anything.
			right(&r.BecomeSuperuser, what)
		case all || k == privSchema:
			right(&r.SchemaChange, what)
		case k == privData && global && p != "USAGE":
			// An application's data rights belong on its own database;
			// on *.* they hold in every database, mysql's password
			// hashes included.
			right(&r.AllData, what)
		case k == privData:
		case k == privFile:
			right(&r.HostAccess, what)
		case k == privRoleAdmin:
			right(&r.CreateRole, what)
		case k == privSuper:
			right(super, what)
		case k == privAllData:
			right(&r.AllData, what)
		case k == privServerAdmin:
			right(&r.ServerAdmin, what)
		case k == privMonitor:
			right(&r.Monitor, what)
		}
	}
}

// likeMatch reports whether name matches a database pattern of GRANT,
// where "%" and "_" are wildcards and "\" escapes them; letter case is
// ignored, as on servers with lower_case_table_names.
func likeMatch(pattern, name string) bool {
	pattern, name = strings.ToLower(pattern), strings.ToLower(name)
	switch {
	case pattern == "":
		return name == ""
	case pattern[0] == '%':
		for i := 0; i <= len(name); i++ {
			if likeMatch(pattern[1:], name[i:]) {
				return true
			}
		}
		return false
	case name == "":
		return false
	case pattern[0] == '_':
		return likeMatch(pattern[1:], name[1:])
	case pattern[0] == '\\' && len(pattern) > 1:
		return pattern[1] == name[0] && likeMatch(pattern[2:], name[1:])
	}
	return pattern[0] == name[0] && likeMatch(pattern[1:], name[1:])
}
