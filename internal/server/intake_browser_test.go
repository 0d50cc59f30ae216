package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/scp-portal/portal/internal/testkit"
)

// tabTo presses Tab until the focused element satisfies the JavaScript condition on el, as a
// keyboard user moves through a page; it fails if the element cannot be reached that way.
func tabTo(t *testing.T, b *testkit.Browser, cond string) {
	t.Helper()
	check := fmt.Sprintf(`(function(el){ return !!el && (%s); })(document.activeElement)`, cond)
	for range 120 {
		if testkit.Get(t, b, chromedp.Evaluate[bool](check)) {
			return
		}
		b.Do(t, chromedp.KeyEvent(kb.Tab))
	}
	t.Fatalf("the keyboard never reached the element where %s", cond)
}

// typeInto tabs to the field with that id and types text, with no mouse.
func typeInto(t *testing.T, b *testkit.Browser, id, text string) {
	t.Helper()
	tabTo(t, b, fmt.Sprintf("el.id === %q", id))
	b.Do(t, chromedp.KeyEvent(text))
}

// pressOn tabs to the element and presses a key on it (Space for a radio, Enter for a button).
func pressOn(t *testing.T, b *testkit.Browser, cond, key string) {
	t.Helper()
	tabTo(t, b, cond)
	b.Do(t, chromedp.KeyEvent(key))
}

// TestPractitionerSendsBothFormsAndTheEngineRoomFindsThem is the whole journey in Chromium: the
// KLOE form with the keyboard only, the CSPR form with the mouse, each confirmation and "My
// submissions", then the Engine Room's inbox. axe-core checks every page on the way, error
// states included.
func TestPractitionerSendsBothFormsAndTheEngineRoomFindsThem(t *testing.T) {
	_, base := testkit.StartDemo(t, testkit.ServerOptions{})
	b := testkit.NewBrowser(t)
	b.MustSignIn(t, base, "practitioner@hsscp.example")

	// KLOE, keyboard only, from the home page.
	b.MustOpen(t, base+"/hsscp/home", "main")
	tabTo(t, b, `el.textContent === "Raise a Key Line of Enquiry"`)
	b.PressAndLoad(t, kb.Enter)
	b.CheckAccessibility(t, "KLOE form")
	// Continue with nothing chosen: the error summary takes focus.
	tabTo(t, b, `el.value === "continue"`)
	b.PressAndLoad(t, kb.Enter)
	b.CheckAccessibility(t, "KLOE form with errors")
	if focused := testkit.Get(t, b, chromedp.Evaluate[string](`document.activeElement.className`)); focused != "error-summary" {
		t.Errorf("after a failed continue, focus is on %q", focused)
	}
	pressOn(t, b, `el.id === "kind"`, kb.ArrowDown) // a radio group is one Tab stop: the arrow picks "A barrier or issue"
	typeInto(t, b, "title", "Discharge planning without social care")
	typeInto(t, b, "observed", "Discharge meetings are held without children's social care.")
	typeInto(t, b, "agencies", "Acute trust; children's social care")
	pressOn(t, b, `el.id === "priorities"`, " ")
	typeInto(t, b, "question", "How do we make sure social care is invited?")
	pressOn(t, b, `el.id === "urgency"`, " ")                // routine
	pressOn(t, b, `el.id === "manager_aware"`, kb.ArrowDown) // "No"
	tabTo(t, b, `el.value === "continue"`)
	b.PressAndLoad(t, kb.Enter)
	if h1 := b.Text(t, "h1"); !strings.HasPrefix(h1, "Check your answers") {
		errs, _ := chromedp.Run(b.Ctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("after continuing, the page is %q:\n%s", h1, errs)
	}
	b.CheckAccessibility(t, "KLOE check your answers")
	tabTo(t, b, `el.textContent.trim() === "Accept and send"`)
	b.PressAndLoad(t, kb.Enter)
	kloeRef := b.Text(t, ".panel strong")
	if !strings.HasPrefix(kloeRef, "HSSCP-KLOE-") {
		t.Fatalf("KLOE confirmation shows %q", kloeRef)
	}
	b.CheckAccessibility(t, "KLOE confirmation")

	// CSPR with the mouse.
	b.MustOpen(t, base+"/hsscp/cspr/new", "main")
	b.CheckAccessibility(t, "CSPR start page")
	b.ClickAndLoad(t, "main a.button")
	b.CheckAccessibility(t, "CSPR form")
	// One child block; "Add another child" brings the page back with a second (issue #14).
	b.Do(t, testkit.Fill("child1_ethnicity", "White British"))
	b.ClickAndLoad(t, "button[value=add_child]")
	if two := testkit.Get(t, b, chromedp.Evaluate[bool](`!!document.getElementById("child2_name") && !document.getElementById("child3_name") &&
		document.getElementById("child1_ethnicity").value === "White British" && location.hash === "#child2_name"`)); !two {
		t.Error("Add another child did not show the second block, keep the first, or come back at it")
	}
	b.CheckAccessibility(t, "CSPR form with a second child")
	// "Remove this child" (issue #14): a third child added, the second removed, the third moves
	// up with its answers; removed again, one block is left, the first child's answers kept.
	b.Do(t, testkit.Fill("child2_ethnicity", "Irish"))
	b.ClickAndLoad(t, "button[value=add_child]")
	b.Do(t, testkit.Fill("child3_ethnicity", "Roma"))
	b.ClickAndLoad(t, `button[name=remove_child][value="2"]`)
	if moved := testkit.Get(t, b, chromedp.Evaluate[bool](`document.getElementById("child2_ethnicity").value === "Roma" &&
		!document.getElementById("child3_name") && document.getElementById("child1_ethnicity").value === "White British" &&
		![...document.querySelectorAll("input")].some(i => i.value === "Irish") && location.hash === "#child2_name"`)); !moved {
		t.Error("removing the second of three children did not move the third up with its answers, or kept the second's")
	}
	b.ClickAndLoad(t, `button[name=remove_child][value="2"]`)
	if one := testkit.Get(t, b, chromedp.Evaluate[bool](`!document.getElementById("child2_name") && !document.querySelector("button[name=remove_child]") &&
		document.getElementById("child1_ethnicity").value === "White British"`)); !one {
		t.Error("removing the last added child did not leave the one block with its answers")
	}
	b.Do(t, chromedp.SendKeys(chromedp.CSS("#incident_date-day"), "31"), chromedp.SendKeys(chromedp.CSS("#incident_date-month"), "2"),
		chromedp.SendKeys(chromedp.CSS("#incident_date-year"), "2026"))
	b.ClickAndLoad(t, ".button-group button[value=continue]")
	b.CheckAccessibility(t, "CSPR form with errors")
	if msg := b.Text(t, ".error-summary"); !strings.Contains(msg, "Date of the incident must be a real date") {
		t.Errorf("the impossible date was not named: %q", msg)
	}
	if banner := b.Text(t, ".banner-confidential"); !strings.Contains(banner, "Confidential") {
		t.Error("no confidential banner")
	}
	b.Do(t, chromedp.Clear(chromedp.CSS("#incident_date-day")), testkit.Fill("incident_date-day", "2"),
		testkit.Fill("requester_phone", "01642 000000"),
		chromedp.Click(chromedp.CSS("#procedure_followed")), chromedp.Click(chromedp.CSS("#senior_lead_agrees-2")),
		chromedp.Click(chromedp.CSS("#harm-1")), testkit.Fill("what_happened", "Admitted to hospital with injuries."),
		testkit.Fill("whereabouts", "At home, cared for by the mother's partner."),
		testkit.Fill("child1_name", "Jordan Example"), testkit.Fill("child1_dob-day", "14"), testkit.Fill("child1_dob-month", "6"), testkit.Fill("child1_dob-year", "2024"),
		chromedp.SetValue(chromedp.CSS("#child1_gender"), "boy"), testkit.Fill("child1_home_la", "Hartlepool"),
		chromedp.SetValue(chromedp.CSS("#child1_legal_status"), "child_in_need"),
		testkit.Fill("family", "Mother; her partner."), testkit.Fill("agencies", "Health visiting; GP."), testkit.Fill("criteria", "Suspected abuse; serious harm."))
	// Enter in a field continues, as the Continue button does (not "Add another child").
	b.Do(t, chromedp.Focus(chromedp.CSS("#child1_home_la")))
	b.PressAndLoad(t, kb.Enter)
	if h1 := b.Text(t, "h1"); !strings.HasPrefix(h1, "Check your answers") {
		errs, _ := chromedp.Run(b.Ctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("CSPR continue led to %q:\n%s", h1, errs)
	}
	b.CheckAccessibility(t, "CSPR check your answers")
	b.ClickAndLoad(t, "main form button[type=submit]")
	csprRef := b.Text(t, ".panel strong")
	if !strings.HasPrefix(csprRef, "HSSCP-CSPR-") {
		t.Fatalf("CSPR confirmation shows %q", csprRef)
	}
	if title := testkit.Get(t, b, chromedp.Title()); strings.Contains(title, "Jordan") {
		t.Errorf("a child's name in the page title: %q", title)
	}
	b.CheckAccessibility(t, "CSPR confirmation")

	// A draft saved, then deleted by its writer after the page that asks first (issue #14).
	b.MustOpen(t, base+"/hsscp/kloe/new", "main")
	b.Do(t, testkit.Fill("title", "Not to be sent"))
	b.ClickAndLoad(t, "button[value=draft]")
	b.ClickAndLoad(t, "main a[href$='/delete']")
	b.CheckAccessibility(t, "delete draft")
	b.ClickAndLoad(t, "main form button.button--warning")

	b.MustOpen(t, base+"/hsscp/my/submissions", "main")
	mine := b.Text(t, "main")
	if !strings.Contains(mine, kloeRef) || !strings.Contains(mine, csprRef) {
		t.Errorf("My submissions lacks %s or %s", kloeRef, csprRef)
	}
	if strings.Contains(mine, "Not to be sent") {
		t.Error("the deleted draft is still on My submissions")
	}
	b.CheckAccessibility(t, "My submissions")
	b.ClickAndLoad(t, "a[href$='/withdraw']")
	b.CheckAccessibility(t, "withdraw")

	// The Engine Room finds both in its inbox.
	b.ClickAndLoad(t, ".header__sign-out button")
	b.MustSignIn(t, base, "engine-room@hsscp.example")
	b.MustOpen(t, base+"/hsscp/inbox", "main")
	inbox := b.Text(t, "main")
	if !strings.Contains(inbox, kloeRef) || !strings.Contains(inbox, csprRef) || strings.Contains(inbox, "Jordan") {
		t.Errorf("the inbox lacks a request, or shows a child's name:\n%s", inbox)
	}
	b.CheckAccessibility(t, "inbox")
	b.ClickAndLoad(t, "main table a")
	b.CheckAccessibility(t, "request detail")
	b.ClickAndLoad(t, "main form button[type=submit]")
	b.CheckAccessibility(t, "request detail with errors")
}
