package mysqldialect_test

import (
	"testing"

	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine"
)

func TestClassifyGrant(t *testing.T) {
	for _, tc := range []struct {
		grant, via string
		want       string // the flags, as RoleReport.String names them
	}{
		{"GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION", "", "superuser, create role, schema change, server host access, all data, server admin, server monitoring"},
		{"GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*AB12'", "", "data only"},
		{"GRANT SELECT, INSERT, UPDATE, DELETE ON `shop`.* TO `app`@`%`", "", "data only"},
		{"GRANT SELECT (`a`, `b`), UPDATE (`c`) ON `shop`.`t` TO `app`@`%`", "", "data only"},
		{"GRANT SELECT, CREATE, DROP ON `shop`.* TO `app`@`%`", "", "schema change"},
		{"GRANT ALL PRIVILEGES ON `shop`.* TO `app`@`%`", "", "schema change"},
		{"GRANT EVENT ON `shop`.* TO `app`@`%`", "", "schema change"},
		{"GRANT SUPER ON *.* TO `ops`@`%`", "", "superuser"},
		{"GRANT SET USER, CONNECTION ADMIN ON *.* TO `ops`@`%`", "", "superuser"},
		{"GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO `ops`@`%`", "", "superuser"},
		{"GRANT ROLE_ADMIN ON *.* TO `ops`@`%`", "", "create role"},
		{"GRANT CREATE USER ON *.* TO `ops`@`%`", "", "create role"},
		{"GRANT FILE ON *.* TO `ops`@`%`", "", "server host access"},
		{"GRANT INSERT ON `mysql`.* TO `app`@`%`", "", "can become superuser"},
		{"GRANT UPDATE ON `mysql`.`global_priv` TO `app`@`%`", "", "can become superuser"},
		{"GRANT INSERT ON `my\\_ql%`.* TO `app`@`%`", "", "data only"},
		{"GRANT INSERT ON `%`.* TO `app`@`%`", "", "can become superuser"},
		{"GRANT SELECT ON `mysql`.* TO `app`@`%`", "", "data only"},
		{"GRANT PROXY ON ''@'%' TO `app`@`%`", "", "can become superuser"},
		{"GRANT SELECT ON `a ON b`.`c TO d` TO `app`@`%`", "", "data only"},
		{"GRANT `reader` TO `app`@`%`", "", "data only"},
		{"GRANT `reader` TO `app`@`%` WITH ADMIN OPTION", "", "create role"},
		{"GRANT `reader`@`%` TO `app`@`%`", "", "data only"},
		{"GRANT ALL PRIVILEGES ON *.* TO `admin`", "admin", "can become superuser, create role, schema change, server host access, all data, server admin, server monitoring"},
		{"GRANT SUPER ON *.* TO `admin`", "admin", "can become superuser"},
		{"SET DEFAULT ROLE `reader` FOR `app`@`%`", "", "data only"},
		{"GRANT SHUTDOWN ON *.* TO `ops`@`%`", "", "server admin"},
		{"GRANT RELOAD, PROCESS ON *.* TO `ops`@`%`", "", "server admin, server monitoring"},
		{"GRANT CREATE TABLESPACE ON *.* TO `ops`@`%`", "", "server admin"},
		{"GRANT PROCESS ON *.* TO `ops`@`%`", "", "data only, server monitoring"},
		{"GRANT SHOW DATABASES ON *.* TO `ops`@`%`", "", "data only, server monitoring"},
		{"GRANT REPLICATION CLIENT ON *.* TO `ops`@`%`", "", "data only, server monitoring"},
		{"GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `ops`@`%`", "", "all data"},
		{"GRANT SLAVE MONITOR ON *.* TO `ops`@`%`", "", "all data"},
		{"GRANT SELECT ON *.* TO `app`@`%`", "", "all data"},
		{"GRANT CREATE TEMPORARY TABLES ON *.* TO `app`@`%`", "", "all data"},
		{"GRANT INSERT ON *.* TO `app`@`%`", "", "can become superuser"},
		{"GRANT FLUSH_TABLES ON *.* TO `ops`@`%`", "", "server admin"},
		{"GRANT PROCESS ON *.* TO `monitor`", "monitor", "data only, server monitoring"},
	} {
		r := engine.RoleReport{Role: "x"}
		mysqldialect.ClassifyGrantForTest(&r, tc.grant, tc.via)
		got := r.String()
		if want := "role x: " + tc.want; got != want && !(len(got) > len(want) && got[:len(want)+1] == want+" ") {
			t.Errorf("%s: %s; want %s", tc.grant, got, want)
		}
	}
}

func TestParseGrantRoles(t *testing.T) {
	for _, tc := range []struct{ grant, roles, grantee string }{
		{"GRANT `reader`, `writer` TO `app`@`%`", "reader,writer", "app@%"},
		{"GRANT `r``q` TO `app`@`localhost`", "r`q", "app@localhost"},
		{"GRANT `reader`@`%` TO `app`@`%`", "reader@%", "app@%"},
		{"GRANT `base` TO `reader`", "base", "reader"},
	} {
		roles, grantee := mysqldialect.GrantRolesForTest(tc.grant)
		if roles != tc.roles || grantee != tc.grantee {
			t.Errorf("%s: roles %q to %q; want %q to %q", tc.grant, roles, grantee, tc.roles, tc.grantee)
		}
	}
}
