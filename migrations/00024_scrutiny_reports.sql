-- +goose Up
-- Independent scrutiny reports: the scrutineer's (or independent chair's) own assessment of the
-- partnership, written as a draft and issued to the partners. Their recommendations are tracked
-- like learning's and local CSPRs': a third source column on recommendation.
CREATE TABLE scrutiny_report (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    report_on      date NOT NULL,
    findings       text NOT NULL DEFAULT '' CHECK (length(findings) <= 100000),
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued')),
    author_id      bigint REFERENCES app_user ON DELETE SET NULL,
    issued_by      bigint REFERENCES app_user ON DELETE SET NULL,
    issued_at      timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    version        int NOT NULL DEFAULT 1,
    CHECK ((status = 'issued') = (issued_at IS NOT NULL))
);
CREATE INDEX scrutiny_report_list ON scrutiny_report (partnership_id, report_on DESC, id DESC);
CREATE INDEX scrutiny_report_issued ON scrutiny_report (partnership_id, issued_at DESC) WHERE status = 'issued';

ALTER TABLE recommendation ADD COLUMN scrutiny_report_id bigint REFERENCES scrutiny_report ON DELETE CASCADE;
ALTER TABLE recommendation DROP CONSTRAINT recommendation_one_source;
ALTER TABLE recommendation ADD CONSTRAINT recommendation_one_source
    CHECK (num_nonnulls(commission_id, cspr_id, scrutiny_report_id) = 1);
CREATE INDEX recommendation_scrutiny ON recommendation (scrutiny_report_id) WHERE scrutiny_report_id IS NOT NULL;

-- +goose Down
DELETE FROM recommendation WHERE scrutiny_report_id IS NOT NULL;
ALTER TABLE recommendation DROP CONSTRAINT recommendation_one_source;
ALTER TABLE recommendation ADD CONSTRAINT recommendation_one_source CHECK ((commission_id IS NULL) <> (cspr_id IS NULL));
ALTER TABLE recommendation DROP COLUMN scrutiny_report_id;
DROP TABLE scrutiny_report;
