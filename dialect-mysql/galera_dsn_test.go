package mysqldialect_test

import (
	"maps"
	"testing"

	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
)

// TestCausalReadsDSNSpelling: the server reads wsrep_sync_wait in any
// letter case, so the DSN's own setting wins over CausalReads however it
// is spelled. Were both set, the driver would send two SETs in its map's
// random order.
func TestCausalReadsDSNSpelling(t *testing.T) {
	for _, key := range []string{"wsrep_sync_wait", "WSREP_SYNC_WAIT", "Wsrep_Sync_Wait"} {
		cfg, err := mysqldialect.ApplyTLSPolicyForTest("root@tcp(127.0.0.1:3306)/test?"+key+"=0", mysqldialect.CausalReads())
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{key: "0"}; !maps.Equal(cfg.Params, want) {
			t.Errorf("%s=0 with CausalReads: the driver sets %v; want only %v", key, cfg.Params, want)
		}
	}
	cfg, err := mysqldialect.ApplyTLSPolicyForTest("root@tcp(127.0.0.1:3306)/test", mysqldialect.CausalReads())
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"wsrep_sync_wait": "1"}; !maps.Equal(cfg.Params, want) {
		t.Errorf("CausalReads without the parameter: the driver sets %v; want %v", cfg.Params, want)
	}
}
