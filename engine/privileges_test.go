package engine

import (
	"errors"
	"testing"
)

// TestRoleReportElevated checks that each flag alone makes a role
// elevated, that RefuseElevated refuses it naming the right, and that a
// role without flags is data only.
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
	} {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("String() = %q; want %q", got, tc.want)
		}
		err := RefuseElevated(tc.r)
		if elevated := tc.want != "role app: data only"; tc.r.Elevated() != elevated || errors.Is(err, ErrPrivileged) != elevated {
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
