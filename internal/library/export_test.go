package library

// SearchSQL is Search's query, for the test of its plan.
var SearchSQL = searchSQL

// YearsSQL and PrioritiesSQL are the filters' lists' queries, for the test of their plans.
var (
	YearsSQL      = yearsSQL
	PrioritiesSQL = prioritiesSQL
)
