-- Publishing, continued: the yearly report signed off by the statutory partners (internal/signoff)
-- and published, with the dates it was sent to the national Panel and the What Works centre; and
-- the public library across partnerships, searched with full text.

-- +goose Up

-- A yearly report is published once every statutory partner has signed off what was submitted.
-- Its words are indexed for the library when it is published (search), as they never change after.
ALTER TABLE report
    ADD COLUMN published_on          date,
    ADD COLUMN published_by          bigint REFERENCES app_user ON DELETE SET NULL,
    ADD COLUMN sent_to_panel_on      date,
    ADD COLUMN sent_to_what_works_on date,
    ADD COLUMN search                tsvector,
    ADD CONSTRAINT report_published_submitted CHECK (published_on IS NULL OR (status = 'submitted' AND kind = 'yearly' AND search IS NOT NULL)),
    ADD CONSTRAINT report_sent_after_publication CHECK (published_on IS NOT NULL OR (sent_to_panel_on IS NULL AND sent_to_what_works_on IS NULL));
-- The library and the feeds, newest first, across partnerships and for one.
CREATE INDEX report_published ON report (published_on DESC, id DESC) WHERE published_on IS NOT NULL;
CREATE INDEX report_published_partnership ON report (partnership_id, published_on DESC, id DESC) WHERE published_on IS NOT NULL;
CREATE INDEX report_search ON report USING gin (search) WHERE published_on IS NOT NULL;

-- A published version's words (its document's title, its sections' headings and text), indexed
-- for the library when it is published.
ALTER TABLE document_version ADD COLUMN search tsvector;
UPDATE document_version v SET search = to_tsvector('english', d.title || ' ' ||
        coalesce((SELECT string_agg(s.heading || ' ' || s.body, ' ' ORDER BY s.position) FROM document_section s WHERE s.version_id = v.id), ''))
    FROM document d WHERE d.id = v.document_id AND v.published_on IS NOT NULL;
CREATE INDEX document_version_published ON document_version (published_on DESC, id DESC) WHERE published_on IS NOT NULL;
CREATE INDEX document_version_published_partnership ON document_version (partnership_id, published_on DESC, id DESC) WHERE published_on IS NOT NULL;
CREATE INDEX document_version_search ON document_version USING gin (search) WHERE published_on IS NOT NULL;

-- Published local CSPRs: only their public words (reference, learning summary, redacted report).
CREATE INDEX local_cspr_published ON local_cspr (published_on DESC, id DESC) WHERE published_on IS NOT NULL;
CREATE INDEX local_cspr_published_partnership ON local_cspr (partnership_id, published_on DESC, id DESC) WHERE published_on IS NOT NULL;
CREATE INDEX local_cspr_search ON local_cspr
    USING gin (to_tsvector('english', reference || ' ' || learning_summary || ' ' || redacted_report)) WHERE published_on IS NOT NULL;

-- +goose Down
DROP INDEX local_cspr_search;
DROP INDEX local_cspr_published_partnership;
DROP INDEX local_cspr_published;
DROP INDEX document_version_search;
DROP INDEX document_version_published_partnership;
DROP INDEX document_version_published;
ALTER TABLE document_version DROP COLUMN search;
DROP INDEX report_search;
DROP INDEX report_published_partnership;
DROP INDEX report_published;
ALTER TABLE report DROP CONSTRAINT report_sent_after_publication, DROP CONSTRAINT report_published_submitted,
    DROP COLUMN search, DROP COLUMN sent_to_what_works_on, DROP COLUMN sent_to_panel_on, DROP COLUMN published_by, DROP COLUMN published_on;
