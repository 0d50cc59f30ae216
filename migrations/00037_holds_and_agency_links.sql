-- Legal holds reach the governance records the retention schedule anonymises (disagreements
-- between agencies and challenges), and a rapid review's request to an agency carries a link the
-- agency sends its summary through: its secret stored only as a hash, with the day it stops
-- working. Using it, or the summary arriving another way, ends it. A training course is a kind
-- of record partnerships share (migration 00032).

-- +goose Up
ALTER TABLE legal_hold DROP CONSTRAINT legal_hold_record_type_check;
ALTER TABLE legal_hold ADD CONSTRAINT legal_hold_record_type_check
    CHECK (record_type IN ('request', 'rapid_review', 'dispute', 'challenge'));

ALTER TABLE review_agency ADD COLUMN link_hash bytea;
ALTER TABLE review_agency ADD COLUMN link_expires_at timestamptz;
CREATE UNIQUE INDEX review_agency_link ON review_agency (link_hash) WHERE link_hash IS NOT NULL;

ALTER TABLE shared_record DROP CONSTRAINT shared_record_kind;
ALTER TABLE shared_record ADD CONSTRAINT shared_record_kind CHECK (kind IN ('theme', 'learning_summary', 'course'));

-- +goose Down
DELETE FROM shared_record WHERE kind = 'course';
ALTER TABLE shared_record DROP CONSTRAINT shared_record_kind;
ALTER TABLE shared_record ADD CONSTRAINT shared_record_kind CHECK (kind IN ('theme', 'learning_summary'));
DROP INDEX review_agency_link;
ALTER TABLE review_agency DROP COLUMN link_expires_at;
ALTER TABLE review_agency DROP COLUMN link_hash;
DELETE FROM legal_hold WHERE record_type IN ('dispute', 'challenge');
ALTER TABLE legal_hold DROP CONSTRAINT legal_hold_record_type_check;
ALTER TABLE legal_hold ADD CONSTRAINT legal_hold_record_type_check CHECK (record_type IN ('request', 'rapid_review'));
