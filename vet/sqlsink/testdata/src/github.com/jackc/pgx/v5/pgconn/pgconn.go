// Package pgconn stubs the pgconn API that the analyzer knows.
package pgconn

import "context"

type CommandTag struct{}

type StatementDescription struct{}

type MultiResultReader struct{}

type ResultReader struct{}

type PgConn struct{}

func (pc *PgConn) Exec(ctx context.Context, sql string) *MultiResultReader { return nil }

func (pc *PgConn) ExecParams(ctx context.Context, sql string, paramValues [][]byte, paramOIDs []uint32, paramFormats []int16, resultFormats []int16) *ResultReader {
	return nil
}

func (pc *PgConn) Prepare(ctx context.Context, name, sql string, paramOIDs []uint32) (*StatementDescription, error) {
	return nil, nil
}
