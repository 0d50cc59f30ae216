-- The yearly report (internal/reports, reports.Yearly) counts each year's rapid reviews by the day
-- the partnership became aware, and the local CSPRs opened in the year. The report and its
-- sections use the tables of 00013 (kind 'yearly', period the year's key, such as 2025).

-- +goose Up
CREATE INDEX rapid_review_aware ON rapid_review (partnership_id, aware_on);
CREATE INDEX local_cspr_opened ON local_cspr (partnership_id, created_at);

-- +goose Down
DROP INDEX local_cspr_opened;
DROP INDEX rapid_review_aware;
