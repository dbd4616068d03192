package compiletest

// typeCases are the cases of NUMERIC, EXTRACT and character length.
func typeCases() []Case {
	return nil
}
