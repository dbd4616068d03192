// Package pool stubs sqlforge's pool package, whose DB types are
// aliases of sqlpool's.
package pool

import "github.com/sqlforge/sqlforge/pool/sqlpool"

type DB = sqlpool.DB

type Tx = sqlpool.Tx

type Conn = sqlpool.Conn
