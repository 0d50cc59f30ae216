-- +goose Up
-- Mends of the training programme and the bulletins (issue #13).
--
-- A follow-up invitation is marked on the evaluation itself when it is sent, and the job's index
-- holds only the evaluations neither answered nor invited: it no longer grows with every
-- evaluation ever made, and notice_sent no longer keeps a row for each invitation.
ALTER TABLE training_evaluation ADD COLUMN follow_up_invited_at timestamptz;
UPDATE training_evaluation e SET follow_up_invited_at = n.sent_at FROM notice_sent n
 WHERE n.kind = 'training_follow_up' AND n.event = 'training follow-up ' || e.booking_id;
DELETE FROM notice_sent WHERE kind = 'training_follow_up';
DROP INDEX training_evaluation_follow_up;
CREATE INDEX training_evaluation_follow_up ON training_evaluation (follow_up_due, booking_id)
    WHERE followed_up_at IS NULL AND follow_up_invited_at IS NULL;

-- Housekeeping forgets the addresses that never confirmed once their link has expired
-- (bulletins.Prune).
CREATE INDEX bulletin_subscriber_unconfirmed ON bulletin_subscriber (confirm_expires_at) WHERE confirmed_at IS NULL;

-- +goose Down
DROP INDEX bulletin_subscriber_unconfirmed;
DROP INDEX training_evaluation_follow_up;
CREATE INDEX training_evaluation_follow_up ON training_evaluation (follow_up_due) WHERE followed_up_at IS NULL;
INSERT INTO notice_sent (event, kind, sent_at)
SELECT 'training follow-up ' || booking_id, 'training_follow_up', follow_up_invited_at FROM training_evaluation
 WHERE follow_up_invited_at IS NOT NULL ON CONFLICT DO NOTHING;
ALTER TABLE training_evaluation DROP COLUMN follow_up_invited_at;
