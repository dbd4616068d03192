package harness

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

// Config is one configuration line of a results file ("key: value").
type Config struct {
	Key, Value string
}

// Default DSNs of the local test servers, as in the project's tests.
const (
	DefaultPostgresDSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultMySQLDSN    = "root@tcp(127.0.0.1:3306)/"
)

// Describe returns the configuration lines of a run of suite s started
// at t in the workspace at root: suite, date, commit, Go version,
// GOMAXPROCS, number of CPUs, CPU model and, for the suite's databases,
// the server version or "unreachable". It never fails: what cannot be
// found is reported as "unknown".
func Describe(ctx context.Context, root string, s Suite, t time.Time) []Config {
	cfg := []Config{
		{"suite", s.Name},
		{"date", t.UTC().Format(time.RFC3339)},
		{"commit", commit(root)},
		{"go", goVersion(root)},
		{"gomaxprocs", gomaxprocs()},
		{"ncpu", fmt.Sprint(runtime.NumCPU())},
		{"cpu-model", cpuModel()},
	}
	for _, db := range s.Databases {
		switch db {
		case "postgres":
			cfg = append(cfg, Config{"postgres", postgresVersion(ctx)})
		case "mysql":
			cfg = append(cfg, Config{"mysql", mysqlVersion(ctx)})
		}
	}
	return cfg
}

// WriteConfig writes cfg as configuration lines of the Go benchmark
// format. Line breaks in values are replaced by blanks.
func WriteConfig(w io.Writer, cfg []Config) error {
	for _, c := range cfg {
		v := strings.Join(strings.Fields(c.Value), " ")
		if v == "" {
			v = "unknown"
		}
		if _, err := fmt.Fprintf(w, "%s: %s\n", c.Key, v); err != nil {
			return err
		}
	}
	return nil
}

func commit(root string) string {
	cmd := exec.Command("git", "rev-parse", "HEAD")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	// GIT_OPTIONAL_LOCKS=0 keeps git status from refreshing the index.
	st := exec.Command("git", "status", "--porcelain", "--untracked-files=no")
	st.Dir = root
	st.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	if out, err := st.Output(); err == nil && len(strings.TrimSpace(string(out))) > 0 {
		c += "-dirty"
	}
	return c
}

func goVersion(root string) string {
	cmd := exec.Command("go", "env", "GOVERSION")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	return runtime.Version()
}

func gomaxprocs() string {
	if v := os.Getenv("GOMAXPROCS"); v != "" {
		return v
	}
	return fmt.Sprint(runtime.GOMAXPROCS(0))
}

// cpuModel reads the model name from /proc/cpuinfo (Linux) or sysctl
// (macOS, BSD).
func cpuModel() string {
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			k, v, ok := strings.Cut(sc.Text(), ":")
			if ok && strings.TrimSpace(k) == "model name" {
				return strings.TrimSpace(v)
			}
		}
	}
	if out, err := exec.Command("sysctl", "-n", "machdep.cpu.brand_string").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	return "unknown"
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func postgresVersion(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, envOr("SQLFORGE_PG_DSN", DefaultPostgresDSN))
	if err != nil {
		return "unreachable"
	}
	defer conn.Close(context.Background())
	var v string
	if err := conn.QueryRow(ctx, "SHOW server_version").Scan(&v); err != nil {
		return "unreachable"
	}
	return "PostgreSQL " + v
}

func mysqlVersion(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	cfg, err := mysql.ParseDSN(envOr("SQLFORGE_MYSQL_DSN", DefaultMySQLDSN))
	if err != nil {
		return "unreachable"
	}
	cfg.Timeout = 3 * time.Second
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return "unreachable"
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	var v string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&v); err != nil {
		return "unreachable"
	}
	return v
}
