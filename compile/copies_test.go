package compile_test

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

// TestStatementCopiesModel runs random sequences of changes, copies by
// assignment and resets (*q = *other) over a few statements of each kind,
// and checks after every step that each statement renders as one built
// afresh by the changes it has seen.
func TestStatementCopiesModel(t *testing.T) {
	render := renderer(t)
	id, name, age := users.C("id"), users.C("name"), users.C("age")
	type change func(expr.Statement)
	type kind struct {
		fresh  func() expr.Statement
		change func(r *rand.Rand) change
		copyOf func(expr.Statement) expr.Statement
		assign func(dst, src expr.Statement)
	}
	conds := func(r *rand.Rand) []expr.Expr {
		l := make([]expr.Expr, 1+r.IntN(4))
		for i := range l {
			l[i] = age.Gt(r.IntN(1000))
		}
		return l
	}
	kinds := map[string]kind{
		"select": {
			fresh: func() expr.Statement { return expr.Select(id) },
			change: func(r *rand.Rand) change {
				l, cols := conds(r), []expr.Expr{id, name, age, id}[:1+r.IntN(4)]
				switch r.IntN(7) {
				case 0:
					return func(st expr.Statement) { st.(*expr.SelectStmt).Columns(cols...) }
				case 1:
					return func(st expr.Statement) { st.(*expr.SelectStmt).GroupBy(cols...) }
				case 2:
					return func(st expr.Statement) { st.(*expr.SelectStmt).Having(l...) }
				case 3:
					return func(st expr.Statement) { st.(*expr.SelectStmt).OrderBy(cols...) }
				case 4:
					b := users.Alias("b")
					return func(st expr.Statement) { st.(*expr.SelectStmt).From(users).LeftJoin(b, b.C("id").Eq(1)) }
				case 5:
					n := r.IntN(100)
					return func(st expr.Statement) { st.(*expr.SelectStmt).Offset(n) }
				}
				return func(st expr.Statement) { st.(*expr.SelectStmt).Where(l...) }
			},
			copyOf: func(st expr.Statement) expr.Statement { c := *st.(*expr.SelectStmt); return &c },
			assign: func(dst, src expr.Statement) { *dst.(*expr.SelectStmt) = *src.(*expr.SelectStmt) },
		},
		"insert": {
			fresh: func() expr.Statement { return expr.Insert(users).Columns(id, name) },
			change: func(r *rand.Rand) change {
				v, n := r.IntN(1000), r.IntN(12)
				switch r.IntN(5) {
				case 0:
					return func(st expr.Statement) { st.(*expr.InsertStmt).Grow(n) }
				case 1:
					return func(st expr.Statement) { st.(*expr.InsertStmt).Returning(id) }
				}
				return func(st expr.Statement) { st.(*expr.InsertStmt).Values(v, "n") }
			},
			copyOf: func(st expr.Statement) expr.Statement { c := *st.(*expr.InsertStmt); return &c },
			assign: func(dst, src expr.Statement) { *dst.(*expr.InsertStmt) = *src.(*expr.InsertStmt) },
		},
		"update": {
			fresh: func() expr.Statement { return expr.Update(users).Set(name, "x").Where(id.Eq(0)) },
			change: func(r *rand.Rand) change {
				l, v := conds(r), r.IntN(1000)
				sets := make([]expr.Assignment, 1+r.IntN(6))
				for i := range sets {
					sets[i] = expr.Assign(age, v+i)
				}
				switch r.IntN(4) {
				case 0:
					return func(st expr.Statement) { st.(*expr.UpdateStmt).Set(age, v) }
				case 1:
					return func(st expr.Statement) { st.(*expr.UpdateStmt).SetAll(sets...) }
				case 2:
					return func(st expr.Statement) { st.(*expr.UpdateStmt).Returning(age) }
				}
				return func(st expr.Statement) { st.(*expr.UpdateStmt).Where(l...) }
			},
			copyOf: func(st expr.Statement) expr.Statement { c := *st.(*expr.UpdateStmt); return &c },
			assign: func(dst, src expr.Statement) { *dst.(*expr.UpdateStmt) = *src.(*expr.UpdateStmt) },
		},
		"delete": {
			fresh: func() expr.Statement { return expr.Delete(users).Where(id.Eq(0)) },
			change: func(r *rand.Rand) change {
				l := conds(r)
				if r.IntN(4) == 0 {
					return func(st expr.Statement) { st.(*expr.DeleteStmt).Returning(age) }
				}
				return func(st expr.Statement) { st.(*expr.DeleteStmt).Where(l...) }
			},
			copyOf: func(st expr.Statement) expr.Statement { c := *st.(*expr.DeleteStmt); return &c },
			assign: func(dst, src expr.Statement) { *dst.(*expr.DeleteStmt) = *src.(*expr.DeleteStmt) },
		},
	}
	type holder struct {
		st      expr.Statement
		history []change
	}
	for name, k := range kinds {
		for seed := range uint64(300) {
			r := rand.New(rand.NewPCG(seed, 1))
			hs := []*holder{{st: k.fresh()}}
			for step := range 40 {
				h := hs[r.IntN(len(hs))]
				switch x := r.IntN(10); {
				case x < 2 && len(hs) < 5:
					hs = append(hs, &holder{st: k.copyOf(h.st), history: h.history[:len(h.history):len(h.history)]})
				case x == 2:
					dst := hs[r.IntN(len(hs))]
					k.assign(dst.st, h.st)
					dst.history = h.history[:len(h.history):len(h.history)]
				default:
					ch := k.change(r)
					ch(h.st)
					h.history = append(h.history, ch)
				}
				for i, h := range hs {
					want := k.fresh()
					for _, ch := range h.history {
						ch(want)
					}
					if got, want := render(h.st), render(want); got != want {
						t.Fatalf("%s, seed %d, step %d, statement %d:\n got  %s\n want %s", name, seed, step, i, got, want)
					}
				}
			}
		}
	}
}

// TestCopiesChangedConcurrently derives statements from one shared base
// on several goroutines at once — Clone of a SELECT, copies by assignment
// of the others — while the base is compiled, as a package-level base
// query is used per request. Run with
// -race; each derived statement must render as one built afresh.
func TestCopiesChangedConcurrently(t *testing.T) {
	render := renderer(t)
	id, name, age := users.C("id"), users.C("name"), users.C("age")
	sel := func() *expr.SelectStmt {
		return expr.Select(id, name, age).Where(id.Gt(1), age.Gt(2), name.Eq("a")).OrderBy(id, name, age, id)
	}
	upd := func() *expr.UpdateStmt {
		return expr.Update(users).Set(name, "a").Set(age, 1).Set(id, 2).Set(name, "b").Set(age, 3).Where(id.Eq(1), age.Gt(2))
	}
	ins := func() *expr.InsertStmt {
		return expr.Insert(users).Columns(id, name).Values(1, "a").Values(2, "b").Values(3, "c").Values(4, "d").Values(5, "e")
	}
	baseSel, baseUpd, baseIns := sel(), upd(), ins()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				v := g*1000 + i
				q := baseSel.Clone().Where(age.Lt(v))
				u := *baseUpd
				u.Where(age.Lt(v)).Set(age, v)
				n := *baseIns
				n.Values(v, "v")
				render(baseSel) // the base, read meanwhile
				if got, want := render(q), render(sel().Where(age.Lt(v))); got != want {
					t.Errorf("select %d: %s; want %s", v, got, want)
					return
				}
				if got, want := render(&u), render(upd().Where(age.Lt(v)).Set(age, v)); got != want {
					t.Errorf("update %d: %s; want %s", v, got, want)
					return
				}
				if got, want := render(&n), render(ins().Values(v, "v")); got != want {
					t.Errorf("insert %d: %s; want %s", v, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
