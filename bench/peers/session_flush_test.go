package peers_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"
	"gorm.io/gorm"

	"github.com/sqlforge/sqlforge/unitofwork"
)

const (
	// sessionRows is the size of the flush and of the load: the issue's
	// 10,000 objects.
	sessionRows = 10000
	// sessionChunk is the rows per statement of the hand-written loop and
	// of GORM's CreateInBatches.
	sessionChunk = 1000
)

// BenchmarkSessionFlush inserts 10,000 new objects in one transaction
// and reads their generated keys back:
//
//	impl=sqlforge     Session.Add of all, then Commit (flush and commit)
//	impl=handwritten  multi-row INSERT ... RETURNING id of 1,000 rows in a
//	                  loop, on the pgx pool (PostgreSQL) or database/sql
//	                  (SQLite): the limit
//	impl=bun          bun's bulk insert of the slice in RunInTx
//	impl=gorm         GORM's CreateInBatches (1,000) in Transaction
//
// The objects are the same each round, their keys reset to zero and
// their scores new.
func BenchmarkSessionFlush(b *testing.B) {
	forSessionDBs(b, func(b *testing.B, d *sessionDB) {
		contenders := []insertContender[sessionModel]{
			{"sqlforge", func(ctx context.Context, ms []*sessionModel) error {
				s := unitofwork.New(d.e, sessionModels.Registry())
				defer s.Close()
				for _, m := range ms {
					if err := s.Add(m); err != nil {
						return err
					}
				}
				return s.Commit(ctx)
			}},
			{"handwritten", func(ctx context.Context, ms []*sessionModel) error {
				return handInsert(ctx, d, ms, sessionChunk)
			}},
			{"bun", func(ctx context.Context, ms []*sessionModel) error {
				return d.bun.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
					_, err := tx.NewInsert().Model(&ms).Exec(ctx)
					return err
				})
			}},
			{"gorm", func(ctx context.Context, ms []*sessionModel) error {
				return d.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
					return tx.CreateInBatches(&ms, sessionChunk).Error
				})
			}},
		}
		ms := newSessionModels(sessionRows)
		runInserts(b, d.db, d.reset, ms, func(m *sessionModel, round int) {
			m.ID, m.Score = 0, int64(round)
		}, func(m *sessionModel) int64 { return m.ID }, contenders)
	})
}
