package peers_test

import "strings"

// writeValuesRows writes the rows of a multi-row VALUES list, each of
// cols placeholders made by ph, numbered from 1 across the rows.
func writeValuesRows(sb *strings.Builder, rows, cols int, ph func(int) string) {
	for r := range rows {
		if r > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for c := range cols {
			if c > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(ph(r*cols + c + 1))
		}
		sb.WriteByte(')')
	}
}
