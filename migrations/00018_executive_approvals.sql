-- The Executive's approvals (issue 16, the rest).
--
-- 1. Rapid reviews are signed off through internal/signoff (subject kind 'rapid_review'), once per
--    statutory partner organisation by its lead representative or a delegate, not once per kind
--    of partner. The sign-offs recorded per kind become a round per review: the partners asked are
--    the partnership's statutory partner organisations today; each sign-off counts for the
--    organisation its signer works for; a round every partner signed is signed off, any other
--    stays open (the review was put to the partners, and is locked, until it is reopened).
-- 2. A local CSPR is published only after the Executive approved its publication: who proposed it
--    (who may then not approve), the date proposed, who approved and when, and the Executive
--    meeting decision it was recorded against.

-- +goose Up
INSERT INTO signoff_round (partnership_id, subject_kind, subject_id, title, organisations, proposers, proposed_at, status)
SELECT r.partnership_id, 'rapid_review', r.id, 'Rapid review ' || r.reference,
       coalesce((SELECT array_agg(o.id ORDER BY o.id) FROM organisation o
                 WHERE o.partnership_id = r.partnership_id AND o.statutory_role <> ''), '{}'),
       '{}', min(s.signed_at), 'open'
FROM rapid_review r JOIN review_signoff s ON s.review_id = r.id
GROUP BY r.id, r.partnership_id, r.reference;

INSERT INTO signoff (round_id, organisation_id, signed_by, signer_name, as_delegate, signed_at)
SELECT sr.id, u.organisation_id, u.id, u.name, o.lead_representative_id IS DISTINCT FROM u.id, s.signed_at
FROM review_signoff s
JOIN signoff_round sr ON sr.subject_kind = 'rapid_review' AND sr.subject_id = s.review_id AND sr.status = 'open'
JOIN app_user u ON u.id = s.signed_by
JOIN organisation o ON o.id = u.organisation_id
WHERE u.organisation_id = ANY (sr.organisations)
ON CONFLICT (round_id, organisation_id) DO NOTHING;

UPDATE signoff_round sr SET status = 'signed_off',
       signed_off_at = (SELECT max(s.signed_at) FROM signoff s WHERE s.round_id = sr.id)
WHERE sr.subject_kind = 'rapid_review' AND cardinality(sr.organisations) > 0
  AND (SELECT count(*) FROM signoff s WHERE s.round_id = sr.id) >= cardinality(sr.organisations);

DROP TABLE review_signoff;

ALTER TABLE local_cspr
    ADD COLUMN publication_proposed_by bigint REFERENCES app_user,
    ADD COLUMN publication_proposed_on date,
    ADD COLUMN publication_approved_by bigint REFERENCES app_user,
    ADD COLUMN publication_approved_at timestamptz,
    ADD COLUMN publication_decision_id bigint REFERENCES meeting_decision ON DELETE SET NULL;

-- 3. The challenges awaiting a person on their home view: those they raised and are not closed.
CREATE INDEX challenge_raised_by ON challenge (partnership_id, raised_by, due_on) WHERE status IN ('open', 'responded');

-- +goose Down
DROP INDEX challenge_raised_by;
ALTER TABLE local_cspr DROP COLUMN publication_decision_id, DROP COLUMN publication_approved_at,
    DROP COLUMN publication_approved_by, DROP COLUMN publication_proposed_on, DROP COLUMN publication_proposed_by;

CREATE TABLE review_signoff (
    review_id      bigint NOT NULL REFERENCES rapid_review ON DELETE CASCADE,
    statutory_role text NOT NULL CHECK (statutory_role IN ('local_authority', 'health', 'police')),
    signed_by      bigint NOT NULL REFERENCES app_user,
    signed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (review_id, statutory_role)
);
INSERT INTO review_signoff (review_id, statutory_role, signed_by, signed_at)
SELECT sr.subject_id, o.statutory_role, s.signed_by, s.signed_at
FROM signoff_round sr JOIN signoff s ON s.round_id = sr.id JOIN organisation o ON o.id = s.organisation_id
WHERE sr.subject_kind = 'rapid_review' AND sr.status <> 'void' AND s.signed_by IS NOT NULL
  AND o.statutory_role IN ('local_authority', 'health', 'police')
ON CONFLICT DO NOTHING;
DELETE FROM signoff_round WHERE subject_kind = 'rapid_review';
