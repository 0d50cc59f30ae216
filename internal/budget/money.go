package budget

import (
	"strconv"
	"strings"
)

// MaxPence is the largest amount a line holds: £100 million, far above any partnership's pooled
// budget, so that a slip of the keyboard is refused rather than saved.
const MaxPence = 100_000_000_00

// ParsePounds reads an amount typed in pounds ("12,500", "£12,500.50", "12500.5") as whole pence.
// It refuses what is not an amount, a negative one, more than two decimals and more than
// MaxPence, with the message to show.
func ParsePounds(s string) (int64, string) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "£")
	t = strings.ReplaceAll(strings.TrimSpace(t), ",", "")
	if t == "" {
		return 0, "Enter an amount in pounds, like 12,500"
	}
	whole, frac, hasFrac := strings.Cut(t, ".")
	if whole == "" {
		whole = "0"
	}
	if !digits(whole) || (hasFrac && (len(frac) == 0 || len(frac) > 2 || !digits(frac))) {
		return 0, "Enter an amount in pounds, like 12,500 or 12,500.50"
	}
	if len(strings.TrimLeft(whole, "0")) > 9 {
		return 0, "Enter an amount of £100 million or less"
	}
	pounds, _ := strconv.ParseInt(whole, 10, 64)
	pence := int64(0)
	if hasFrac {
		frac += strings.Repeat("0", 2-len(frac))
		pence, _ = strconv.ParseInt(frac, 10, 64)
	}
	total := pounds*100 + pence
	if total > MaxPence {
		return 0, "Enter an amount of £100 million or less"
	}
	return total, ""
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Pounds writes pence as pounds for a page: "£12,500" or "£12,500.50".
func Pounds(pence int64) string {
	neg := pence < 0
	if neg {
		pence = -pence
	}
	whole := strconv.FormatInt(pence/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := "£" + b.String()
	if p := pence % 100; p != 0 {
		out += "." + strconv.FormatInt(p/10, 10) + strconv.FormatInt(p%10, 10)
	}
	if neg {
		out = "−" + out
	}
	return out
}

// Percent writes a share in basis points (hundredths of a per cent) as "35.5%".
func Percent(basisPoints int64) string {
	s := strconv.FormatInt(basisPoints/100, 10)
	if r := basisPoints % 100; r != 0 {
		s += "." + strings.TrimRight(strconv.FormatInt(r/10, 10)+strconv.FormatInt(r%10, 10), "0")
	}
	return s + "%"
}
