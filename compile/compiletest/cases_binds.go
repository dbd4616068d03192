package compiletest

// bindCases are the cases of values the server must be told the type of
// (PostgreSQL) and of literals that are not binds.
func bindCases() []Case {
	return nil
}
