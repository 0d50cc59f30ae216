package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/config"
)

// auditCommand runs `portal audit verify`: it walks the audit log's hash chain as the serving
// role (which may read the log) and fails, naming the entry, at the first break.
func auditCommand(ctx context.Context, cfg config.Config, args []string) error {
	if len(args) != 1 || args[0] != "verify" {
		return fmt.Errorf("usage: portal audit verify")
	}
	db, closeDB, err := openDatabase(ctx, cfg, cfg.Logger())
	if err != nil {
		return err
	}
	defer closeDB()
	return verifyAudit(ctx, db, os.Stdout)
}

// verifyAudit reports the chain on out; a break is the error, so the exit status is not zero.
func verifyAudit(ctx context.Context, db *portalDB, out io.Writer) error {
	c, err := audit.Verify(ctx, db.Pool)
	if err != nil {
		return err
	}
	if c.Break != nil {
		fmt.Fprintf(out, "%d entries checked; entry %d is the first that does not follow: %s\n", c.Entries, c.Break.ID, c.Break.Reason)
		return c.Break
	}
	if c.Entries == 0 {
		fmt.Fprintln(out, "The audit log is empty.")
		return nil
	}
	fmt.Fprintf(out, "The audit log's chain is whole: %d entries, the newest %d with hash %s.\n"+
		"Keep that hash somewhere else (with the backups): a later verify that ends at the same entry with a\n"+
		"different hash, or without it, shows the log was rewritten or cut short.\n", c.Entries, c.LastID, c.LastHashHex())
	return nil
}
