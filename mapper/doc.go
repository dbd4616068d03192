// Package mapper maps Go structs to tables.
package mapper
