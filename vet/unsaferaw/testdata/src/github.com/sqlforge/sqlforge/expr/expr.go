package expr

type constSQL string

type constInt int

type TextClause struct{}

type SelectStmt struct{}

func UnsafeRawSQL(sql string) *TextClause { return nil }

func Text(sql constSQL) *TextClause { return nil }

func (s *SelectStmt) LimitConst(n constInt) *SelectStmt { return s }
