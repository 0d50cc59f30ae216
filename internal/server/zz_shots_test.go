package server_test

import (
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/scp-portal/portal/internal/testkit"
)

func TestZZShots(t *testing.T) {
	serving, db := testkit.NewServingDB(t)
	testkit.SeedDemoAt(t, db, time.Now(), true)
	base := testkit.StartServer(t, serving, testkit.ServerOptions{})
	b := testkit.NewBrowser(t)
	shot := func(name string) {
		png := testkit.Get(t, b, chromedp.CaptureScreenshot())
		os.WriteFile("/tmp/shot-"+name+".png", png, 0o644)
	}
	b.Do(t, chromedp.EmulateViewport(1100, 900))
	b.MustOpen(t, base+"/hsscp", "main")
	shot("public")
	b.MustSignIn(t, base, "business-unit@hsscp.example")
	b.MustOpen(t, base+"/hsscp/home", "main")
	shot("bu-wide")
	b.Do(t, chromedp.Click(chromedp.CSS("nav .nav__summary")))
	shot("bu-wide-more")
	b.Do(t, chromedp.EmulateViewport(320, 900))
	b.MustOpen(t, base+"/hsscp/home", "main")
	shot("bu-320")
	b.Do(t, chromedp.Click(chromedp.CSS("nav .nav__summary")))
	shot("bu-320-more")
	b.Do(t, chromedp.EmulateViewport(1100, 900))
	b.ClickAndLoad(t, ".header__sign-out button")
	b.MustSignIn(t, base, "executive@hsscp.example")
	b.MustOpen(t, base+"/hsscp/home", "main")
	shot("exec")
}
