// Package unitofwork is sqlforge's ORM Session: a unit of work that
// tracks the Go structs read and written through it, with an identity map
// that gives one object per row.
//
// Open a Session per request or job on an engine and the registry of
// mapped types; add structs, change their fields, commit:
//
//	s := unitofwork.New(e, models)
//	defer s.Close()
//
//	acme := &Org{Name: "Acme", Users: []*User{{Email: "ann@example.com"}}}
//	s.Add(acme)                  // its users follow (save-update cascade)
//	err := s.Commit(ctx)         // INSERT orgs, INSERT users ... RETURNING id
//
//	u, err := unitofwork.Get[User](ctx, s, id) // the session's *User; no SQL if held
//	u.Name = "Ann B."
//	err = s.Commit(ctx)          // UPDATE users SET name = ? WHERE id = ?
//
// # States
//
// An object is transient (unknown to the session), pending (added, not
// yet inserted), persistent (has a row and is the session's object for
// it), deleted (marked, or deleted in the open transaction) or detached
// (forgotten by the session after having a row). State reports it.
//
// # Identity
//
// Get looks in the identity map first and runs no SQL on a hit; a miss
// is loaded and not remembered when the row does not exist. Queries
// through the session (All, One) return the session's object for each
// row they hold one for, without overwriting its unflushed changes
// unless PopulateExisting is given.
//
// # Change tracking
//
// Go cannot see a field being assigned, so each persistent object is
// snapshotted when loaded and after each flush, and the flush compares:
// an UPDATE sets only the columns that differ. Setting a field to the
// value it had, or changing it and back, sends nothing. Zero values (0,
// "", false) are values and are written; a nil pointer field writes
// NULL. An INSERT leaves out a generated column (autoincrement, or a
// server default) whose field is the zero value, so that the database
// fills it and the flush reads it back; a nullable column with a server
// default therefore takes the default when its pointer is nil.
//
// # Flush
//
// Flush (and Commit, and the autoflush before each query, which
// WithoutAutoflush and WithoutAutoflushIn switch off) writes the pending
// changes in one transaction: tables ordered by their foreign keys —
// parents inserted first, children deleted first — rows of one table in
// the order they were added, a table that refers to itself level by
// level; runs of new rows of one table in multi-row INSERTs whose
// generated keys are read back; each object's foreign keys set from the
// objects its relationship fields point to. The transaction opens at the
// first flush that writes (or at Begin): a session that only reads holds
// none. A Commit with no transaction open whose flush is a single
// statement — one table's new rows in one INSERT that reads back at most
// their integer keys, or one object's UPDATE — sends it alone, without
// BEGIN and COMMIT.
//
// Relationship fields are followed, never trusted to be complete: a nil
// pointer or a nil slice may mean "none" or "not loaded", so a flush
// never clears a foreign key or deletes a row because a field is nil.
// Collections the session follows are slices of pointers.
//
// # Cascades
//
// What deleting a parent does to its one-to-many children is the
// relationship's tag (mapper's cascade=, passivedeletes): by default the
// children's foreign keys are set to NULL (refused before anything is
// written when the key cannot hold NULL); with cascade=delete the
// children are deleted too, loaded first unless passivedeletes leaves
// them to the database's ON DELETE; with cascade=delete-orphan a child
// removed from the loaded collection is deleted as well. Many-to-many
// collections write their association rows as they change, one INSERT
// per new link and one DELETE per removed one; a deleted object's links
// are deleted before it. A many-to-one tagged postupdate breaks a cycle
// of rows: it is inserted NULL and set by an UPDATE once both rows exist,
// and set to NULL before they are deleted; without it a cycle is an
// ErrCycle and nothing is written.
//
// An object belongs to one session at a time: adding one that another
// live session holds is an ErrObject (Expunge it there, or Merge it).
// NewContext binds a session to a request's context.
//
// # Failures and rollback
//
// A failed flush rolls its transaction back, puts the objects back as
// they were before it (pending objects stay pending, generated keys are
// cleared), and the session returns ErrNeedsRollback until Rollback.
// Rollback makes the objects agree with the database: objects inserted
// in the transaction, and pending ones, are forgotten; deleted ones are
// persistent again; changed ones get back their last loaded or committed
// values. Commit keeps the objects' values (nothing is reloaded).
//
// # Loading relationships
//
// Relationships load explicitly, per query (SelectIn) or afterwards for
// a slice of objects (Load), one query per step of a path whatever the
// number of objects:
//
//	posts, err := unitofwork.All[Post](ctx, s, stmt, unitofwork.SelectIn("Comments.Author"))
//
// Joined loads a path in the query's own statement instead, joining each
// relationship and folding the rows back into one object per row of
// each table:
//
//	orders, err := unitofwork.All[Order](ctx, s, stmt, unitofwork.Joined("Customer"))
//
// Read does either for read-only code that keeps no Session.
//
// A collection loaded without rows is empty and non-nil; nil means not
// loaded. A field already set is kept.
//
// Related returns one object's relationship, loading it for that object
// when it is not loaded, and Session.Loaded says whether it is. Where
// loading is strict — StrictLoading for a session, Strict for the
// objects of a query, the tag's lazy=raise for a relationship — Related
// reports an unloaded relationship as an ErrUnloaded, without SQL,
// unless it can answer a many-to-one without SQL (the identity map
// holds its target, or its foreign key is NULL: nil): a forgotten
// SelectIn fails loudly instead of becoming a query per object. SelectIn,
// Joined, Load and the flush load whatever the mode; a many-to-one they
// found no target for (criteria, soft delete) is loaded, and nil.
//
// # Events
//
// Model hooks — BeforeInsert, AfterInsert, BeforeUpdate, AfterUpdate,
// BeforeDelete, AfterDelete methods on a mapped struct — run for each
// object a flush writes; session events (WithEvents) run around every
// flush and transaction: BeforeFlush may add objects to the flush,
// AfterFlush may add objects (an audit trail) that a further round
// writes in the same transaction. A before hook's error aborts the flush
// with nothing written.
//
// # Merge
//
// An object from outside the session — detached from another, decoded
// from a request, read from a cache — is not added but merged:
//
//	u, err := unitofwork.Merge(ctx, s, fromCache) // s's *User for that key
//
// Merge copies its column values onto the session's object for its key:
// the one the identity map holds, else the row loaded by key; with
// NoLoad the values are trusted as the row and nothing is read or
// written. A key with no row, or none yet, gives a pending copy. The
// given object is never attached. On a versioned table a given object
// whose version is not the session's is refused with ErrStale, so a stale
// copy cannot overwrite a newer row. Relationships are merged along: the
// session's object ends up pointing to the session's copies of the
// related objects (a nil slice, a collection not loaded, is left alone).
//
// # Nested transactions
//
// BeginNested flushes and starts a SAVEPOINT in the session's
// transaction (opening it if needed); its Commit flushes and releases
// the savepoint, its Rollback rolls back to it:
//
//	n, err := s.BeginNested(ctx) // SAVEPOINT sqlforge_sp_1
//	s.Add(&Org{Name: "Maybe"})
//	err = n.Rollback(ctx)        // ROLLBACK TO SAVEPOINT sqlforge_sp_1
//
// Rolling back a savepoint forgets the objects added since it was taken
// and gives the objects changed or deleted since the state and values
// they had then; the enclosing transaction stays open. A flush that
// fails inside a savepoint rolls back only to it, and the session
// refuses work until that nested transaction's Rollback (or the
// session's). The session keeps one undo layer per open savepoint, so
// the values put back are the ones at the savepoint, not at the start of
// the transaction. Commit and Rollback of the session end the nested
// transactions still open with it.
//
// # Concurrency
//
// A Session is for one goroutine: a call that overlaps another returns
// ErrConcurrentUse. Sessions on different goroutines share an engine.
package unitofwork
