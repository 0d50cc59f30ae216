-- +goose Up
-- The pooled budget: each year's, drafted by the business unit and approved by the Executive:
-- each partner's contribution, other income and spending by heading, planned and (at the year's
-- end) the outturn. Money is in whole pence.
CREATE TABLE budget (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    year           int NOT NULL CHECK (year BETWEEN 2000 AND 2100), -- the reporting year it starts in
    notes          text NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved')),
    submitted_at   timestamptz,
    approved_at    timestamptz,
    approved_by    bigint REFERENCES app_user ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    version        int NOT NULL DEFAULT 1,
    UNIQUE (partnership_id, year),
    CHECK ((status = 'approved') = (approved_at IS NOT NULL))
);

CREATE TABLE budget_line (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    budget_id       bigint NOT NULL REFERENCES budget ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('contribution', 'income', 'spending')),
    organisation_id bigint REFERENCES organisation ON DELETE RESTRICT, -- a contribution's partner
    heading         text NOT NULL DEFAULT '' CHECK (length(heading) <= 200),
    planned_pence   bigint NOT NULL CHECK (planned_pence BETWEEN 0 AND 10000000000),
    outturn_pence   bigint CHECK (outturn_pence BETWEEN 0 AND 10000000000),
    CHECK ((kind = 'contribution') = (organisation_id IS NOT NULL)),
    CHECK (kind = 'contribution' OR length(heading) >= 1)
);
CREATE INDEX budget_line_budget ON budget_line (budget_id, kind, id);
CREATE INDEX budget_line_organisation ON budget_line (organisation_id) WHERE organisation_id IS NOT NULL;
CREATE UNIQUE INDEX budget_line_one_contribution ON budget_line (budget_id, organisation_id) WHERE kind = 'contribution';

-- +goose Down
DROP TABLE budget_line;
DROP TABLE budget;
