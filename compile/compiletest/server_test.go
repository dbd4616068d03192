package compiletest

import (
	"regexp"
	"testing"
)

func TestUniqueName(t *testing.T) {
	ident := regexp.MustCompile(`^sqlforge_x_[0-9a-f]{12}$`)
	if n := UniqueName("sqlforge_x_"); !ident.MatchString(n) {
		t.Errorf("UniqueName(%q) = %q; want %s", "sqlforge_x_", n, ident)
	}
	for _, prefix := range []string{"a b", "a;", "A", "x\"", "é", "a-b"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("UniqueName(%q) did not panic; want a panic for a prefix that SQL would need to quote", prefix)
				}
			}()
			UniqueName(prefix)
		}()
	}
}
