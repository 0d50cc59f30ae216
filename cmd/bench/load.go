package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"sync"
	"time"
)

// stats are what holding one page under load found.
type stats struct {
	Requests int
	Errors   int // answers other than 200, and failed requests
	Status   int // the status of the last answer
	RPS      float64
	P50, P99 time.Duration
	Bytes    int // of the last answer
}

// newClient is a client of one person (its own cookies) that keeps up to conns connections open
// to the portal and follows no redirect.
func newClient(conns int) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar: jar,
		Transport: &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns,
			DisableCompression: true, IdleConnTimeout: time.Minute},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}
}

// get fetches url once, reading the whole answer.
func get(ctx context.Context, c *http.Client, url string) (status, size int, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, int(n), err
}

// hold requests url from conns workers at once, each starting its next request as soon as its
// last is answered, for d; the latencies are of every request answered in that time.
func hold(ctx context.Context, c *http.Client, url string, conns int, d time.Duration) stats {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var all []time.Duration
	var s stats
	start := time.Now()
	var wg sync.WaitGroup
	for range conns {
		wg.Go(func() {
			var mine []time.Duration
			errors, last, size := 0, 0, 0
			for ctx.Err() == nil {
				t := time.Now()
				status, n, err := get(ctx, c, url)
				if ctx.Err() != nil {
					break // cut off by the end of the run: not counted
				}
				mine = append(mine, time.Since(t))
				last, size = status, n
				if err != nil || status != http.StatusOK {
					errors++
				}
			}
			mu.Lock()
			all = append(all, mine...)
			s.Errors += errors
			if last != 0 {
				s.Status, s.Bytes = last, size
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	s.Requests = len(all)
	s.RPS = float64(len(all)) / elapsed.Seconds()
	slices.Sort(all)
	s.P50, s.P99 = percentile(all, 50), percentile(all, 99)
	return s
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(i, len(sorted))-1)]
}

// once is the median time of n requests of url one after another, with nothing else running.
func once(ctx context.Context, c *http.Client, url string, n int) time.Duration {
	var ds []time.Duration
	for range n {
		t := time.Now()
		if _, _, err := get(ctx, c, url); err != nil {
			return 0
		}
		ds = append(ds, time.Since(t))
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}
