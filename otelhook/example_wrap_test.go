package otelhook_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/sqlforge/sqlforge/otelhook"
)

// Trace a plain database/sql program by wrapping its driver's connector.
// With a real driver the connector comes from it (pgx's
// stdlib.GetConnector, mysql.NewConnector, or WrapDriver for a driver
// without one); WithClassifier with the dialect module's Classifier adds
// the database's error codes.
func ExampleWrapConnector() {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	db := sql.OpenDB(otelhook.WrapConnector(&fakeConnector{}, otelhook.WithTracerProvider(tp)))
	defer db.Close()

	ctx := context.Background()
	db.ExecContext(ctx, "UPDATE users SET email = ? WHERE id = ?", "ann@example.com", 7)
	db.ExecContext(ctx, "INSERT INTO fail_users (email) VALUES (?)", "ann@example.com")

	for _, s := range spans.GetSpans() {
		fmt.Println(strings.TrimSpace(fmt.Sprint(s.Name, " ", s.Status.Code, " ", s.Status.Description)))
		for _, kv := range s.Attributes {
			fmt.Printf("  %s=%s\n", kv.Key, kv.Value.Emit())
		}
	}
	// Output:
	// UPDATE users Unset
	//   db.system.name=other_sql
	//   db.query.summary=UPDATE users
	//   db.operation.name=UPDATE
	//   db.collection.name=users
	//   db.query.text=UPDATE users SET email = ? WHERE id = ?
	// INSERT fail_users Error 23505
	//   db.system.name=other_sql
	//   db.query.summary=INSERT fail_users
	//   db.operation.name=INSERT
	//   db.collection.name=fail_users
	//   db.query.text=INSERT INTO fail_users (email) VALUES (?)
	//   error.type=23505
	//   db.response.status_code=23505
}
