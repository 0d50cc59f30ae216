package app

// Choice is one answer a person may pick from a fixed list: the value stored, and its words.
type Choice struct{ Value, Label string }

// Choices is a list of choices in the order they are shown. Every domain list (kinds, statuses,
// ratings, methods) is one, so forms, tags and filters read them the same way.
type Choices []Choice

// Label returns the words for value, or value itself when it is not in the list.
func (cs Choices) Label(value string) string {
	for _, c := range cs {
		if c.Value == value {
			return c.Label
		}
	}
	return value
}

// Has reports whether value is one of the choices.
func (cs Choices) Has(value string) bool {
	for _, c := range cs {
		if c.Value == value {
			return true
		}
	}
	return false
}
