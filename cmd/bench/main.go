// Command bench holds every page of the portal under load, for every demo role, on the demo and on
// a national volume of data, with /healthz and a signed-in empty page as baselines in the same
// run, and writes the table into docs/benchmarks.md (`make bench`; docs/benchmarks.md says how to
// read it). It runs the real binary (bin/portal) as a separate process on a PostgreSQL cluster of
// its own under -dir, where it makes each data set's database once and reuses it after.
//
//	go run ./cmd/bench [-portal bin/portal] [-dir var/bench] [-seconds 3] [-conns 64]
//	                   [-datasets demo,volume] [-partnerships 150] [-scale 1] [-doc docs/benchmarks.md]
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// options are the command's flags.
type options struct {
	portal       string
	dir          string
	seconds      float64
	conns        int
	datasets     []string
	partnerships int
	scale        float64
	doc          string
	maxPages     int
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	var o options
	var datasets string
	flag.StringVar(&o.portal, "portal", "bin/portal", "the portal binary to measure")
	flag.StringVar(&o.dir, "dir", "var/bench", "folder of the benchmark's own PostgreSQL cluster (kept between runs)")
	flag.Float64Var(&o.seconds, "seconds", 3, "seconds each page is held under load")
	flag.IntVar(&o.conns, "conns", 64, "concurrent connections")
	flag.StringVar(&datasets, "datasets", "demo,volume", "data sets to measure: demo, volume")
	flag.IntVar(&o.partnerships, "partnerships", 150, "partnerships the volume data set adds (when it is first made)")
	flag.Float64Var(&o.scale, "scale", 1, "the volume data set's scale (when it is first made): 1 is national")
	flag.StringVar(&o.doc, "doc", "docs/benchmarks.md", "Markdown file to write the table into (between its bench markers); empty for none")
	flag.IntVar(&o.maxPages, "max-pages", 16, "most pages measured for one role (besides its home)")
	flag.Parse()
	o.datasets = strings.Split(datasets, ",")
	var err error
	if o.portal, err = filepath.Abs(o.portal); err != nil {
		return err
	}
	if o.dir, err = filepath.Abs(o.dir); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cl, err := startCluster(ctx, o.dir, log)
	if err != nil {
		return err
	}
	defer cl.stop(log)

	started := time.Now()
	var runs []datasetRun
	for _, name := range o.datasets {
		d, ok := datasetsByName[strings.TrimSpace(name)]
		if !ok {
			return fmt.Errorf("unknown data set %q (demo, volume)", name)
		}
		db, err := cl.ensure(ctx, d, o, log)
		if err != nil {
			return err
		}
		r, err := measure(ctx, cl, d, db, o, log)
		if err != nil {
			return fmt.Errorf("%s: %w", d.name, err)
		}
		runs = append(runs, r)
		fmt.Println(r.table())
	}
	rep := report{runs: runs, took: time.Since(started), o: o}
	if o.doc != "" {
		if err := rep.write(o.doc); err != nil {
			return err
		}
		log.Info("table written", "file", o.doc)
	}
	return nil
}
