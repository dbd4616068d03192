package peers_test

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/uptrace/bun"
	"gorm.io/gorm"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// e2eModels is bench_models mapped by sqlforge's mapper.
var e2eModels = mapper.MustMap[e2eModel](mapper.NewRegistry(expr.NewMetaData()), "bench_models")

// modelArgs appends the written columns of m in table order.
func modelArgs(dst []any, m *e2eModel) []any {
	return append(dst, m.Name, m.Title, m.Fax, m.Web, m.Age, m.Right, m.Counter)
}

type rowScan interface{ Scan(dest ...any) error }

func scanModel(r rowScan, m *e2eModel) error {
	return r.Scan(&m.ID, &m.Name, &m.Title, &m.Fax, &m.Web, &m.Age, &m.Right, &m.Counter)
}

func scanOneModel(r rowScan) (e2eModel, error) {
	var m e2eModel
	err := scanModel(r, &m)
	return m, err
}

// scanModels reads up to e2eListRows models; the caller closes rows.
func scanModels(rows rowScanner) ([]e2eModel, error) {
	out := make([]e2eModel, 0, e2eListRows)
	for rows.Next() {
		out = append(out, e2eModel{})
		if err := scanModel(rows, &out[len(out)-1]); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// scanIDs reads the RETURNING id rows of a batch insert into ms; the
// caller closes rows.
func scanIDs(rows rowScanner, ms []*e2eModel) error {
	i := 0
	for rows.Next() {
		if i == len(ms) {
			return fmt.Errorf("more keys than rows")
		}
		if err := rows.Scan(&ms[i].ID); err != nil {
			return err
		}
		i++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if i != len(ms) {
		return fmt.Errorf("%d keys for %d rows", i, len(ms))
	}
	return nil
}

// setIDs gives a batch the consecutive keys MySQL generated, starting at
// the one LAST_INSERT_ID() reports (auto_increment_increment = 1).
func setIDs(ms []*e2eModel, first int64) {
	for i, m := range ms {
		m.ID = first + int64(i)
	}
}

func batchArgs(ms []*e2eModel) []any {
	args := make([]any, 0, 7*len(ms))
	for _, m := range ms {
		args = modelArgs(args, m)
	}
	return args
}

// pgxImpl is hand-written SQL on a native pgx pool.
func pgxImpl(p *pgxpool.Pool, q e2eSQL) e2eImpl {
	return e2eImpl{
		name: "pgx",
		insert1: func(ctx context.Context, m *e2eModel) error {
			return p.QueryRow(ctx, q.insert1, m.Name, m.Title, m.Fax, m.Web, m.Age, m.Right, m.Counter).Scan(&m.ID)
		},
		insert100: func(ctx context.Context, ms []*e2eModel) error {
			rows, err := p.Query(ctx, q.insert100, batchArgs(ms)...)
			if err != nil {
				return err
			}
			defer rows.Close()
			return scanIDs(rows, ms)
		},
		update1: func(ctx context.Context, m *e2eModel) error {
			_, err := p.Exec(ctx, q.update1, m.Name, m.Title, m.Fax, m.Web, m.Age, m.Right, m.Counter, m.ID)
			return err
		},
		get1: func(ctx context.Context, id int64) (e2eModel, error) {
			return scanOneModel(p.QueryRow(ctx, q.get1, id))
		},
		list100: func(ctx context.Context) ([]e2eModel, error) {
			rows, err := p.Query(ctx, q.list100, 0)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			return scanModels(rows)
		},
	}
}

// sqlImpl is hand-written SQL on database/sql; returning says whether the
// dialect has RETURNING (PostgreSQL) or reports LastInsertId (MySQL).
func sqlImpl(db *sql.DB, q e2eSQL, returning bool) e2eImpl {
	im := e2eImpl{
		name: "sql",
		insert1: func(ctx context.Context, m *e2eModel) error {
			if returning {
				return db.QueryRowContext(ctx, q.insert1, m.Name, m.Title, m.Fax, m.Web, m.Age, m.Right, m.Counter).Scan(&m.ID)
			}
			res, err := db.ExecContext(ctx, q.insert1, m.Name, m.Title, m.Fax, m.Web, m.Age, m.Right, m.Counter)
			if err != nil {
				return err
			}
			m.ID, err = res.LastInsertId()
			return err
		},
		insert100: func(ctx context.Context, ms []*e2eModel) error {
			if returning {
				rows, err := db.QueryContext(ctx, q.insert100, batchArgs(ms)...)
				if err != nil {
					return err
				}
				defer rows.Close()
				return scanIDs(rows, ms)
			}
			res, err := db.ExecContext(ctx, q.insert100, batchArgs(ms)...)
			if err != nil {
				return err
			}
			first, err := res.LastInsertId()
			setIDs(ms, first)
			return err
		},
		update1: func(ctx context.Context, m *e2eModel) error {
			_, err := db.ExecContext(ctx, q.update1, m.Name, m.Title, m.Fax, m.Web, m.Age, m.Right, m.Counter, m.ID)
			return err
		},
		get1: func(ctx context.Context, id int64) (e2eModel, error) {
			return scanOneModel(db.QueryRowContext(ctx, q.get1, id))
		},
		list100: func(ctx context.Context) ([]e2eModel, error) {
			rows, err := db.QueryContext(ctx, q.list100, 0)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			return scanModels(rows)
		},
	}
	return im
}

// sqlforgeImpl runs the mapper's statements through the engine and scans
// the results with the mapper.
func sqlforgeImpl(e *engine.Engine, returning bool) e2eImpl {
	id := e2eModels.C("id")
	return e2eImpl{
		name: "sqlforge",
		insert1: func(ctx context.Context, m *e2eModel) error {
			ins, err := e2eModels.Insert(m)
			if err != nil {
				return err
			}
			if returning {
				rows, err := e.Query(ctx, ins.Returning(id))
				if err != nil {
					return err
				}
				return mapper.Into(rows, m)
			}
			res, err := e.Exec(ctx, ins)
			m.ID = res.LastInsertID
			return err
		},
		insert100: func(ctx context.Context, ms []*e2eModel) error {
			ins, err := e2eModels.Insert(ms...)
			if err != nil {
				return err
			}
			if returning {
				rows, err := e.Query(ctx, ins.Returning(id))
				if err != nil {
					return err
				}
				defer rows.Close()
				return scanIDs(rows, ms)
			}
			res, err := e.Exec(ctx, ins)
			setIDs(ms, res.LastInsertID)
			return err
		},
		update1: func(ctx context.Context, m *e2eModel) error {
			up, err := e2eModels.Update(m)
			if err != nil {
				return err
			}
			_, err = e.Exec(ctx, up)
			return err
		},
		get1: func(ctx context.Context, key int64) (e2eModel, error) {
			rows, err := e.Query(ctx, e2eModels.Select().Where(id.Eq(key)))
			if err != nil {
				return e2eModel{}, err
			}
			return mapper.One[e2eModel](rows)
		},
		list100: func(ctx context.Context) ([]e2eModel, error) {
			rows, err := e.Query(ctx, e2eModels.Select().Where(id.Gt(0)).OrderBy(id.Asc()).LimitConst(e2eListRows))
			if err != nil {
				return nil, err
			}
			return mapper.Append(make([]e2eModel, 0, e2eListRows), rows)
		},
	}
}

// sqlxImpl writes through sqlx's named statements (struct fields bound by
// their db tags) and reads with Get and Select.
func sqlxImpl(db *sqlx.DB, q e2eSQL, returning bool) e2eImpl {
	return e2eImpl{
		name: "sqlx",
		insert1: func(ctx context.Context, m *e2eModel) error {
			if returning {
				rows, err := db.NamedQueryContext(ctx, q.namedInsert, m)
				if err != nil {
					return err
				}
				defer rows.Close()
				return scanIDs(rows, []*e2eModel{m})
			}
			res, err := db.NamedExecContext(ctx, q.namedInsert, m)
			if err != nil {
				return err
			}
			m.ID, err = res.LastInsertId()
			return err
		},
		insert100: func(ctx context.Context, ms []*e2eModel) error {
			// sqlx expands the VALUES list of a named statement for a slice.
			if returning {
				rows, err := db.NamedQueryContext(ctx, q.namedInsert, ms)
				if err != nil {
					return err
				}
				defer rows.Close()
				return scanIDs(rows, ms)
			}
			res, err := db.NamedExecContext(ctx, q.namedInsert, ms)
			if err != nil {
				return err
			}
			first, err := res.LastInsertId()
			setIDs(ms, first)
			return err
		},
		update1: func(ctx context.Context, m *e2eModel) error {
			_, err := db.NamedExecContext(ctx, q.namedUpdate, m)
			return err
		},
		get1: func(ctx context.Context, id int64) (e2eModel, error) {
			var m e2eModel
			err := db.GetContext(ctx, &m, q.get1, id)
			return m, err
		},
		list100: func(ctx context.Context) ([]e2eModel, error) {
			out := make([]e2eModel, 0, e2eListRows)
			err := db.SelectContext(ctx, &out, q.list100, 0)
			return out, err
		},
	}
}

// bunImpl uses bun's query builders on its model.
func bunImpl(db *bun.DB) e2eImpl {
	return e2eImpl{
		name: "bun",
		insert1: func(ctx context.Context, m *e2eModel) error {
			_, err := db.NewInsert().Model(m).Exec(ctx)
			return err
		},
		insert100: func(ctx context.Context, ms []*e2eModel) error {
			_, err := db.NewInsert().Model(&ms).Exec(ctx)
			return err
		},
		update1: func(ctx context.Context, m *e2eModel) error {
			_, err := db.NewUpdate().Model(m).WherePK().Exec(ctx)
			return err
		},
		get1: func(ctx context.Context, id int64) (e2eModel, error) {
			m := e2eModel{ID: id}
			err := db.NewSelect().Model(&m).WherePK().Scan(ctx)
			return m, err
		},
		list100: func(ctx context.Context) ([]e2eModel, error) {
			out := make([]e2eModel, 0, e2eListRows)
			err := db.NewSelect().Model(&out).Where("id > ?", 0).Order("id").Limit(e2eListRows).Scan(ctx)
			return out, err
		},
	}
}

// gormImpl uses GORM's Create, Save, First and Find.
func gormImpl(db *gorm.DB) e2eImpl {
	return e2eImpl{
		name: "gorm",
		insert1: func(ctx context.Context, m *e2eModel) error {
			return db.WithContext(ctx).Create(m).Error
		},
		insert100: func(ctx context.Context, ms []*e2eModel) error {
			return db.WithContext(ctx).Create(&ms).Error
		},
		update1: func(ctx context.Context, m *e2eModel) error {
			return db.WithContext(ctx).Save(m).Error
		},
		get1: func(ctx context.Context, id int64) (e2eModel, error) {
			var m e2eModel
			err := db.WithContext(ctx).First(&m, id).Error
			return m, err
		},
		list100: func(ctx context.Context) ([]e2eModel, error) {
			out := make([]e2eModel, 0, e2eListRows)
			err := db.WithContext(ctx).Where("id > ?", 0).Order("id").Limit(e2eListRows).Find(&out).Error
			return out, err
		},
	}
}
