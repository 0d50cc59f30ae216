package library

// SearchSQL is Search's query, for the test of its plan.
var SearchSQL = searchSQL
