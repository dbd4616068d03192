package engine

import (
	"errors"
	"strings"
	"testing"
)

// TestRoleReportElevated checks that each flag alone but Monitor makes a
// role elevated, that RefuseElevated refuses it naming the right, and
// that a role without flags, or with Monitor only, is data only.
func TestRoleReportElevated(t *testing.T) {
	for _, tc := range []struct {
		r    RoleReport
		want string
	}{
		{RoleReport{Role: "app"}, "role app: data only"},
		{RoleReport{Role: "app", Superuser: true, Rights: []string{"SUPER ON *.*"}}, "role app: superuser (SUPER ON *.*)"},
		{RoleReport{Role: "app", BecomeSuperuser: true, Rights: []string{"member of admin (SUPERUSER)"}}, "role app: can become superuser (member of admin (SUPERUSER))"},
		{RoleReport{Role: "app", CreateRole: true}, "role app: create role"},
		{RoleReport{Role: "app", SchemaChange: true}, "role app: schema change"},
		{RoleReport{Role: "app", HostAccess: true, Rights: []string{"member of pg_write_server_files", "FILE ON *.*"}},
			"role app: server host access (member of pg_write_server_files; FILE ON *.*)"},
		{RoleReport{Role: "app", AllData: true, Rights: []string{"BYPASSRLS"}}, "role app: all data (BYPASSRLS)"},
		{RoleReport{Role: "app", ServerAdmin: true, Rights: []string{"SHUTDOWN ON *.*"}}, "role app: server admin (SHUTDOWN ON *.*)"},
		{RoleReport{Role: "app", Monitor: true, Rights: []string{"member of pg_monitor"}}, "role app: data only, server monitoring (member of pg_monitor)"},
		{RoleReport{Role: "app", ServerAdmin: true, Monitor: true, Rights: []string{"RELOAD ON *.*", "PROCESS ON *.*"}},
			"role app: server admin, server monitoring (RELOAD ON *.*; PROCESS ON *.*)"},
	} {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("String() = %q; want %q", got, tc.want)
		}
		err := RefuseElevated(tc.r)
		if elevated := !strings.HasPrefix(tc.want, "role app: data only"); tc.r.Elevated() != elevated || errors.Is(err, ErrPrivileged) != elevated {
			t.Errorf("%s: Elevated() = %v, RefuseElevated: %v", tc.want, tc.r.Elevated(), err)
		}
	}
	var r RoleReport
	r.AddRight("FILE ON *.*")
	r.AddRight("FILE ON *.*")
	if len(r.Rights) != 1 {
		t.Errorf("AddRight twice: %q", r.Rights)
	}
}
