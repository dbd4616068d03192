package mappertest

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Member has a composite primary key, a named multi-column UNIQUE
// constraint and a named multi-column index.
type Member struct {
	Tenant int64  `db:"tenant,pk,unique=tenant_email"`
	Slug   string `db:"slug,pk,type=varchar(40)"`
	Email  string `db:"email,type=varchar(100),unique=tenant_email"`
	City   string `db:"city,type=varchar(40),index=city_zip"`
	Nick   string `db:"nick,type=varchar(40),index"`
	Zip    string `db:"zip,type=varchar(10),index=city_zip"`
}

// The constraints the tags declare exist in the database: the key and the
// unique constraint reject duplicates, and each index is created once.
func TestTagConstraints(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		meta := expr.NewMetaData()
		members := mapper.MustMap[Member](mapper.NewRegistry(meta), "members")
		d.create(t, meta)
		for _, ix := range members.AllIndexes() { // as CreateAll does
			d.run(t, expr.CreateIndex(ix))
		}
		// The index tag is one index: it used to be two, ix_members_nick
		// and members_nick_idx.
		if n := indexesOn(t, d, "members", "nick"); n != 1 {
			t.Errorf("indexes on members.nick: got %d; want 1", n)
		}
		insert := func(m Member) error {
			st, err := members.Insert(&m)
			if err != nil {
				t.Fatal(err)
			}
			text, args := d.compile(t, st)
			_, err = d.exec(context.Background(), text, args)
			return err
		}
		if err := insert(Member{Tenant: 1, Slug: "a", Email: "e"}); err != nil {
			t.Fatal(err)
		}
		if err := insert(Member{Tenant: 1, Slug: "a", Email: "other"}); err == nil {
			t.Error("duplicate composite key accepted")
		}
		if err := insert(Member{Tenant: 1, Slug: "b", Email: "e"}); err == nil {
			t.Error("duplicate (tenant, email) accepted")
		}
		if err := insert(Member{Tenant: 2, Slug: "a", Email: "e"}); err != nil {
			t.Errorf("same slug and email in another tenant: %v", err)
		}
		n, err := mapper.One[int64](d.rows(t, expr.Select(expr.CountAll()).From(members.Table)))
		if err != nil || n != 2 {
			t.Errorf("rows: got %d, %v; want 2", n, err)
		}
		if len(members.PrimaryKey) != 2 || len(members.Uniques) != 1 || len(members.AllIndexes()) != 2 {
			t.Errorf("metadata: %d key columns, %d uniques, %d indexes; want 2, 1, 2",
				len(members.PrimaryKey), len(members.Uniques), len(members.Indexes))
		}
	})
}
