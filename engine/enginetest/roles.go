package enginetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
)

// CheckRoleReport checks what a role check saw, r, and the error of an
// Open of the same role with engine.RefuseElevatedRole. With flag nil the
// role must be data only, with no right reported, and Open must succeed;
// otherwise flag must hold, the report must name the right behind it
// (each of rights, when given), and Open must fail with
// engine.ErrPrivileged.
func CheckRoleReport(t testing.TB, r engine.RoleReport, refused error, flag func(engine.RoleReport) bool, rights ...string) {
	t.Helper()
	if flag == nil {
		if r.Elevated() || len(r.Rights) > 0 || refused != nil {
			t.Errorf("a data-only role: %v, Open: %v; want data only", r, refused)
		}
		return
	}
	checkRights(t, r, flag, rights)
	if !errors.Is(refused, engine.ErrPrivileged) {
		t.Errorf("Open with RefuseElevatedRole: %v; want ErrPrivileged", refused)
	}
}

// CheckReportedRole is CheckRoleReport for a right that is reported but
// not elevated (RoleReport.Monitor): flag must hold and the report must
// name each of rights, and yet the role is not elevated and Open with
// engine.RefuseElevatedRole succeeds.
func CheckReportedRole(t testing.TB, r engine.RoleReport, refused error, flag func(engine.RoleReport) bool, rights ...string) {
	t.Helper()
	checkRights(t, r, flag, rights)
	if r.Elevated() || refused != nil {
		t.Errorf("a role with reported rights only: %v, Open with RefuseElevatedRole: %v; want not elevated", r, refused)
	}
}

// CheckRoleCase closes refusing, the engine (or nil) that an Open of the
// role with engine.RefuseElevatedRole returned with the error refused,
// and checks r with CheckReportedRole when reported, else with
// CheckRoleReport; right, when not "", is the right r must name.
func CheckRoleCase(t testing.TB, r engine.RoleReport, refusing *engine.Engine, refused error, flag func(engine.RoleReport) bool, right string, reported bool) {
	t.Helper()
	if refusing != nil {
		refusing.Close()
	}
	var rights []string
	if right != "" {
		rights = append(rights, right)
	}
	if reported {
		CheckReportedRole(t, r, refused, flag, rights...)
	} else {
		CheckRoleReport(t, r, refused, flag, rights...)
	}
}

func checkRights(t testing.TB, r engine.RoleReport, flag func(engine.RoleReport) bool, rights []string) {
	t.Helper()
	if !flag(r) || len(r.Rights) == 0 {
		t.Errorf("report %v: the right is not flagged", r)
	}
	for _, right := range rights {
		if !slices.Contains(r.Rights, right) {
			t.Errorf("report %v: %q is not among its rights %q", r, right, r.Rights)
		}
	}
}
