-- Indexes for a national installation (issue #15): every home-view count and every list is led by
-- the partnership, ordered as its page is, so that neither reads other partnerships' rows nor the
-- partnership's whole history. Partial indexes hold the open items the home views count, which
-- stay few however long the history grows.

-- +goose Up
-- Home views: open rapid reviews, open requests, open commissions and actions, evidence due.
CREATE INDEX rapid_review_open ON rapid_review (partnership_id, due_on) WHERE sent_to_panel_on IS NULL;
CREATE INDEX intake_request_open ON intake_request (partnership_id, kind, status) WHERE status IN ('received', 'considering');
CREATE INDEX commission_open ON commission (partnership_id) WHERE status <> 'signed_off';
CREATE INDEX action_open ON action (recommendation_id, due_on) WHERE status <> 'done';
CREATE INDEX recommendation_impact_due ON recommendation (partnership_id, impact_due_on);
CREATE INDEX app_user_status ON app_user (partnership_id, status);

-- Lists, in their order, with the id as the tie-break that keyset paging needs.
CREATE INDEX rapid_review_register ON rapid_review (partnership_id, aware_on DESC, id DESC);
CREATE INDEX local_cspr_newest ON local_cspr (partnership_id, published_on DESC, id DESC);
CREATE INDEX intake_request_inbox_keyset ON intake_request (partnership_id, submitted_at DESC, id DESC) WHERE status <> 'draft';
DROP INDEX intake_request_inbox;
CREATE INDEX intake_request_mine ON intake_request (partnership_id, requester_id, created_at DESC, id DESC);
CREATE INDEX theme_list ON theme (partnership_id, updated_at DESC, id DESC);
CREATE INDEX commission_list ON commission (partnership_id, starts_on DESC, id DESC);
CREATE INDEX training_need_list ON training_need (partnership_id, created_at DESC, id DESC);
DROP INDEX training_need_partnership;

-- +goose Down
CREATE INDEX training_need_partnership ON training_need (partnership_id);
DROP INDEX training_need_list;
DROP INDEX commission_list;
DROP INDEX theme_list;
DROP INDEX intake_request_mine;
CREATE INDEX intake_request_inbox ON intake_request (partnership_id, submitted_at DESC) WHERE status <> 'draft';
DROP INDEX intake_request_inbox_keyset;
DROP INDEX local_cspr_newest;
DROP INDEX rapid_review_register;
DROP INDEX app_user_status;
DROP INDEX recommendation_impact_due;
DROP INDEX action_open;
DROP INDEX commission_open;
DROP INDEX intake_request_open;
DROP INDEX rapid_review_open;
