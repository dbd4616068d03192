package enginetest

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
)

// CheckRoleReport checks what a role check saw, r, and the error of an
// Open of the same role with engine.RefuseElevatedRole. With flag nil the
// role must be data only and Open must succeed; otherwise flag must hold,
// the report must name the right behind it, and Open must fail with
// engine.ErrPrivileged.
func CheckRoleReport(t testing.TB, r engine.RoleReport, refused error, flag func(engine.RoleReport) bool) {
	t.Helper()
	if flag == nil {
		if r.Elevated() || refused != nil {
			t.Errorf("a data-only role: %v, Open: %v; want data only", r, refused)
		}
		return
	}
	if !flag(r) || len(r.Rights) == 0 {
		t.Errorf("report %v: the right is not flagged", r)
	}
	if !errors.Is(refused, engine.ErrPrivileged) {
		t.Errorf("Open with RefuseElevatedRole: %v; want ErrPrivileged", refused)
	}
}
