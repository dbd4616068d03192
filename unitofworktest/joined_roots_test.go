package unitofworktest

import (
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// a root met first as a child of an earlier root must still be a root.
func TestJoinedChildThenRoot(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a := &Org{Name: "A", Users: []*User{{Email: "a1@x"}, {Email: "a2@x"}}}
		commit(t, d, s, a)
		fresh := sc.session(d)
		defer fresh.Close()
		plain, err := unitofwork.All[User](ctx, fresh, sc.Users.Select().OrderBy(sc.Users.C("id").Asc()))
		must(t, err)
		fresh2 := sc.session(d)
		defer fresh2.Close()
		users, err := unitofwork.All[User](ctx, fresh2, sc.Users.Select().OrderBy(sc.Users.C("id").Asc()),
			unitofwork.Joined("Org.Users"))
		must(t, err)
		if len(users) != len(plain) {
			t.Errorf("%s: Joined(Org.Users) returned %d users; without Joined %d", d.name, len(users), len(plain))
		}
	})
}

// self-referential: all nodes with their children.
func TestJoinedSelfRefAllNodes(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		root := &Node{Name: "root", Children: []*Node{{Name: "a"}, {Name: "b"}}}
		commit(t, d, s, root)
		fresh := sc.session(d)
		defer fresh.Close()
		nodes, err := unitofwork.All[Node](ctx, fresh, sc.Nodes.Select().OrderBy(sc.Nodes.C("id").Asc()),
			unitofwork.Joined("Children"))
		must(t, err)
		if len(nodes) != 3 {
			var names []string
			for _, n := range nodes {
				names = append(names, n.Name)
			}
			t.Errorf("%s: All nodes with Joined(Children) returned %v; want 3 nodes", d.name, names)
		}
	})
}
