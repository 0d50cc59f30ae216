package documents

// arrangementsSections are the sections of published arrangements, as HSSCP's arrangements of
// 2019 set them out (seed 001) and Working Together asks: a new arrangements document starts
// with them, empty, and the records fill the partners, agencies and structure.
var arrangementsSections = []Section{
	{Heading: "Our shared vision and values"},
	{Heading: "The safeguarding partners and their lead representatives", Source: SourcePartners},
	{Heading: "Geographical boundaries"},
	{Heading: "Relevant agencies", Source: SourceAgencies},
	{Heading: "Structure", Source: SourceStructure},
	{Heading: "Critical success factors"},
	{Heading: "Engagement"},
	{Heading: "Voice of children, young people and families"},
	{Heading: "Local child safeguarding practice reviews"},
	{Heading: "Training and development"},
	{Heading: "Funding"},
	{Heading: "Review of the arrangements"},
}

// Template returns the sections a new document of the kind starts with.
func Template(kind string) []Section {
	if kind == Arrangements {
		return append([]Section(nil), arrangementsSections...)
	}
	return []Section{{Heading: "Purpose"}, {Heading: "Policy"}}
}
