package compiletest

// typeCases are the cases of values whose type the server must be told, NUMERIC, EXTRACT and literals.
func typeCases() []Case {
	return nil
}
