package volume

// The steps of a load, in order, each one statement over the named parameters Generate gives
// (@partnerships, @requests, @themes, @reviews, @audit, @sessions, @subscribers, @caseaudits, @heavy,
// @people, @days, @now). Working
// tables (vol_*) are temporary and go at commit; volume_audit_stage holds the audit history until
// appendHistory has chained it. Records are spread over their partnership's years by their
// number k: k/n runs from the oldest (0) to today (1), and statuses follow age, so old records are
// finished and recent ones open. Nothing here names a child or holds incident detail.
var recordSteps = []step{
	{"partnerships", `
INSERT INTO partnership (slug, name, short_name, area, contact_email, front_door)
SELECT format('vol-%s', lpad(g::text, 3, '0')), format('Volume Safeguarding Children Partnership %s', g),
       format('VOL %s', g), 'A generated partnership for measuring the portal at national scale.',
       format('contact@vol-%s.example', lpad(g::text, 3, '0')), 'Call the children''s front door on 0300 000 0000.'
FROM generate_series(1, @partnerships::int) g`},

	// Every partnership gets its share of the records by weight; n_* are its counts.
	{"targets", `
CREATE TEMP TABLE vol_target (pid bigint PRIMARY KEY, added boolean, weight int,
    n_req int, n_theme int, n_review int, n_org int) ON COMMIT DROP`},
	{"targets filled", `
INSERT INTO vol_target (pid, added, weight)
SELECT id, slug LIKE 'vol-%', CASE WHEN slug NOT LIKE 'vol-%' OR substr(slug, 5)::int % 30 = 0 THEN @heavy::int ELSE 1 END
FROM partnership`},
	{"targets sized", `
UPDATE vol_target t SET n_req = ceil(@requests::float8 * weight / w.total),
                        n_theme = ceil(@themes::float8 * weight / w.total),
                        n_review = ceil(@reviews::float8 * weight / w.total)
FROM (SELECT sum(weight) AS total FROM vol_target) w`},

	{"organisations", `
INSERT INTO organisation (partnership_id, name, category, statutory_role, email_domains)
SELECT t.pid, format('%s %s', o.name, t.pid), o.category, o.statutory, ARRAY[format('%s%s.volume.example', o.domain, t.pid)]
FROM vol_target t
CROSS JOIN (VALUES ('Council', 'local_authority', 'local_authority', 'council'),
                   ('Integrated Care Board', 'health', 'health', 'icb'),
                   ('Constabulary', 'police', 'police', 'police'),
                   ('Hospitals NHS Foundation Trust', 'health', '', 'hospital'),
                   ('Community Health NHS Trust', 'health', '', 'community'),
                   ('Schools Trust', 'education', '', 'schools'),
                   ('Youth Justice Service', 'justice', '', 'yjs'),
                   ('Family Support Charity', 'voluntary', '', 'families')) o(name, category, statutory, domain)
WHERE t.added`},
	{"bodies", `
INSERT INTO body (partnership_id, name, kind, description)
SELECT t.pid, b.name, b.kind, b.name || ' of the partnership.'
FROM vol_target t
CROSS JOIN (VALUES ('Executive', 'executive'), ('Engine Room', 'engine_room'), ('Business Unit', 'business_unit'),
                   ('Independent Scrutiny', 'scrutiny'), ('Critical Friends Pool', 'critical_friends')) b(name, kind)
WHERE t.added`},
	// Each partnership's organisations numbered 1.. (statutory partners first) and its first body
	// of each kind.
	{"organisations numbered", `
CREATE TEMP TABLE vol_org ON COMMIT DROP AS
SELECT partnership_id AS pid, id, row_number() OVER (PARTITION BY partnership_id ORDER BY statutory_role = '', id)::int AS n
FROM organisation WHERE partnership_id IN (SELECT pid FROM vol_target)`},
	{"organisations counted", `
UPDATE vol_target t SET n_org = o.n FROM (SELECT pid, count(*) AS n FROM vol_org GROUP BY pid) o WHERE o.pid = t.pid`},
	{"bodies numbered", `
CREATE TEMP TABLE vol_body ON COMMIT DROP AS
SELECT partnership_id AS pid, kind, min(id) AS id FROM body
WHERE partnership_id IN (SELECT pid FROM vol_target) GROUP BY partnership_id, kind`},

	// People 1-40 are practitioners across the organisations; 41-43 Engine Room delegates of the
	// statutory partners, 44-45 Executive members, 46 the business unit's officer, 47 a
	// scrutineer, 48 a critical friend. They cannot sign in (no password).
	{"people", `
INSERT INTO app_user (partnership_id, email, name, job_title, organisation_id, status, email_verified_at, created_at)
SELECT t.pid, format('v%s-%s@volume.example', t.pid, u),
       (ARRAY['Alex','Sam','Jo','Chris','Pat','Robin','Kim','Lee','Nat','Ash','Charlie','Drew'])[1 + u % 12] || ' ' ||
       (ARRAY['Ahmed','Brown','Clarke','Davies','Evans','Fraser','Green','Hall','Iqbal','Jones','King','Lewis','Moore'])[1 + (u * 7 + t.pid) % 13],
       CASE WHEN u <= 40 THEN (ARRAY['Health visitor','Social worker','School nurse','Designated safeguarding lead','Police officer','GP'])[1 + u % 6]
            WHEN u <= 43 THEN 'Delegated safeguarding lead' WHEN u <= 45 THEN 'Lead representative'
            WHEN u = 46 THEN 'Partnership officer' WHEN u = 47 THEN 'Independent scrutineer' ELSE 'Critical friend' END,
       CASE WHEN u <= 40 THEN o.id WHEN u <= 45 THEN s.id END,
       'active', @now::timestamptz - make_interval(days => @days::int), @now::timestamptz - make_interval(days => @days::int)
FROM vol_target t
CROSS JOIN generate_series(1, @people::int) u
JOIN vol_org o ON o.pid = t.pid AND o.n = 1 + u % t.n_org
JOIN vol_org s ON s.pid = t.pid AND s.n = 1 + u % 3`},
	{"people numbered", `
CREATE TEMP TABLE vol_user ON COMMIT DROP AS
SELECT partnership_id AS pid, id, email, name, organisation_id AS org, split_part(split_part(email, '-', 2), '@', 1)::int AS n
FROM app_user WHERE email LIKE '%@volume.example'`},
	{"people indexed", `CREATE INDEX ON vol_user (pid, n)`},
	{"memberships", `
INSERT INTO membership (partnership_id, user_id, body_id, role, organisation_id, starts_on)
SELECT u.pid, u.id, b.id, m.role, u.org, (@now::timestamptz - make_interval(days => @days::int))::date
FROM vol_user u
JOIN (VALUES (41, 'engine_room', 'delegate'), (42, 'engine_room', 'delegate'), (43, 'engine_room', 'delegate'),
             (44, 'executive', 'member'), (45, 'executive', 'member'), (46, 'business_unit', 'officer'),
             (47, 'scrutiny', 'member'), (48, 'critical_friends', 'member')) m(n, kind, role) ON m.n = u.n
JOIN vol_body b ON b.pid = u.pid AND b.kind = m.kind`},

	// Requests: the newest 18% are drafts and requests awaiting triage, one in 13 of the rest was
	// withdrawn, then under consideration, and the oldest closed.
	{"requests", `
INSERT INTO intake_request (partnership_id, kind, reference, status, requester_id, requester_name, requester_job_title,
    requester_email, organisation_id, title, answers, form_key, outcome, withdrawn_reason, created_at, updated_at, submitted_at)
SELECT pid, kind, CASE WHEN status <> 'draft' THEN format('%s-V%s-%s', upper(kind), pid, k) END, status,
       uid, uname, 'Practitioner', uemail, org, title,
       CASE WHEN kind = 'kloe' THEN jsonb_build_object(
           'requester_name', jsonb_build_array(uname), 'requester_email', jsonb_build_array(uemail),
           'requester_organisation', jsonb_build_array(org::text), 'kind', '["barrier"]'::jsonb, 'title', jsonb_build_array(title),
           'observed', jsonb_build_array(repeat('Practitioners describe the same gap in several cases: information is not shared in time between agencies. ', 5)),
           'agencies', '["Health visiting, children''s social care, schools"]'::jsonb,
           'question', '["How do we make sure every agency is invited and informed?"]'::jsonb,
           'urgency', '["soon"]'::jsonb, 'manager_aware', '["yes"]'::jsonb)
       ELSE jsonb_build_object(
           'requester_name', jsonb_build_array(uname), 'requester_email', jsonb_build_array(uemail),
           'requester_organisation', jsonb_build_array(org::text), 'procedure_followed', '["yes"]'::jsonb,
           'senior_lead_agrees', '["yes"]'::jsonb, 'harm', '["serious_harm"]'::jsonb,
           'what_happened', jsonb_build_array(repeat('A serious incident notified by the agency; details are held in its own records. ', 5)),
           'agencies', '["Health visiting, GP, police"]'::jsonb, 'criteria', '["Suspected abuse, serious harm."]'::jsonb)
       END,
       format('vol-%s', k),
       CASE status WHEN 'closed' THEN 'Considered by the Engine Room: see the triage decision.' ELSE '' END,
       CASE status WHEN 'withdrawn' THEN 'Raised twice by mistake.' ELSE '' END,
       created, created + interval '10 days', CASE WHEN status <> 'draft' THEN created + interval '1 hour' END
FROM (
    SELECT t.pid, k, u.id AS uid, u.name AS uname, u.email AS uemail, u.org,
           CASE WHEN k % 10 = 0 THEN 'cspr' ELSE 'kloe' END AS kind,
           CASE WHEN k > 0.82 * t.n_req THEN CASE WHEN k % 3 = 0 THEN 'draft' ELSE 'received' END
                WHEN k % 13 = 0 THEN 'withdrawn'
                WHEN k > 0.70 * t.n_req THEN 'considering'
                ELSE 'closed' END AS status,
           (ARRAY['Discharge planning for babies','Neglect: recognising cumulative harm','Information sharing at the front door',
                  'Missing from education','Exploitation outside the home','Parental mental health','Domestic abuse and the unborn baby',
                  'Voice of the child in assessments','Transition to adult services','Bruising in non-mobile babies',
                  'Strategy discussions out of hours','Neurodiversity and waiting lists'])[1 + k % 12] AS title,
           least(@now::timestamptz - make_interval(days => (@days::int * (1 - k::float8 / t.n_req))::int, mins => k % 600), @now::timestamptz)
             - interval '11 days' AS created
    FROM vol_target t
    CROSS JOIN generate_series(1, t.n_req) k
    JOIN vol_user u ON u.pid = t.pid AND u.n = 1 + k % 40
) r`},
	{"requests numbered", `
CREATE TEMP TABLE vol_req ON COMMIT DROP AS
SELECT id, partnership_id AS pid, kind, status, submitted_at, created_at, requester_id, substr(form_key, 5)::int AS k
FROM intake_request WHERE form_key LIKE 'vol-%'`},

	// Themes: the oldest closed, through every status to the newest emerging.
	{"themes", `
INSERT INTO theme (partnership_id, title, description, status, rating, rating_reason, owner_id, created_at, updated_at)
SELECT t.pid,
       format('%s · %s', (ARRAY['Neglect and cumulative harm','Information sharing between agencies','Exploitation outside the home',
           'Babies and the unborn','Parental mental health','Domestic abuse','Education and attendance','Transitions to adulthood',
           'Health and the child''s voice','Out-of-hours response'])[1 + k % 10], 2020 + k % 7),
       repeat('What the partnership is learning from requests and reviews about this pattern of practice. ', 4),
       CASE WHEN f < 0.30 THEN 'closed' WHEN f < 0.45 THEN 'impact_testing' WHEN f < 0.60 THEN 'learning_shared'
            WHEN f < 0.75 THEN 'learning_commissioned' WHEN f < 0.88 THEN 'under_enquiry' ELSE 'emerging' END,
       (ARRAY['red','amber','green',''])[1 + k % 4],
       CASE WHEN k % 4 <> 3 THEN 'Rated at the Engine Room from the evidence so far.' ELSE '' END,
       o.id, created, least(created + interval '60 days', @now::timestamptz)
FROM (SELECT t.*, k, k::float8 / t.n_theme AS f,
             @now::timestamptz - make_interval(days => (@days::int * (1 - k::float8 / t.n_theme))::int) AS created
      FROM vol_target t CROSS JOIN generate_series(1, t.n_theme) k) t
JOIN vol_user o ON o.pid = t.pid AND o.n = 41 + t.k % 3`},
	{"themes numbered", `
CREATE TEMP TABLE vol_theme ON COMMIT DROP AS
SELECT id, partnership_id AS pid, status, created_at, row_number() OVER (PARTITION BY partnership_id ORDER BY id)::int AS n
FROM theme WHERE title LIKE '%·%'`},
	{"themes indexed", `CREATE INDEX ON vol_theme (pid, n)`},
	{"theme history", `
INSERT INTO theme_history (theme_id, at, actor_id, status, rating, reason)
SELECT th.id, h.at, o.id, h.status, '', 'Moved on at the Engine Room.'
FROM vol_theme th
JOIN vol_user o ON o.pid = th.pid AND o.n = 41
CROSS JOIN LATERAL (VALUES (th.created_at, 'emerging'), (th.created_at + interval '30 days', th.status)) h(at, status)
WHERE h.status <> 'emerging' OR h.at = th.created_at`},

	// Triage of every closed KLOE request, as the portal's triage closes the request it decides
	// (requests under consideration await triage): half linked to a theme, one in ten a new theme,
	// the rest routed elsewhere or closed.
	{"triage", `
INSERT INTO triage (request_id, decision, theme_id, routed_to, outcome, decided_by, decided_at)
SELECT r.id, d.decision, CASE WHEN d.decision IN ('link_theme', 'new_theme') THEN th.id END,
       CASE WHEN d.decision = 'route_elsewhere' THEN 'The local authority''s quality assurance team' ELSE '' END,
       'Considered at the Engine Room against the partnership''s priorities.', o.id,
       least(r.submitted_at + interval '5 days', @now::timestamptz)
FROM vol_req r
JOIN vol_target t ON t.pid = r.pid
CROSS JOIN LATERAL (SELECT CASE WHEN r.k % 10 < 5 THEN 'link_theme' WHEN r.k % 10 = 5 THEN 'new_theme'
                                WHEN r.k % 10 < 8 THEN 'route_elsewhere' ELSE 'close' END AS decision) d
JOIN vol_theme th ON th.pid = r.pid AND th.n = 1 + (r.k * 7) % t.n_theme
JOIN vol_user o ON o.pid = r.pid AND o.n = 41 + r.k % 3
WHERE r.status = 'closed' AND r.kind = 'kloe'`},
	{"theme sources", `
INSERT INTO theme_source (theme_id, kind, request_id, reference, added_by, added_at)
SELECT tr.theme_id, 'kloe', tr.request_id, r.reference, tr.decided_by, tr.decided_at
FROM triage tr JOIN intake_request r ON r.id = tr.request_id
WHERE tr.decision = 'new_theme' AND r.form_key LIKE 'vol-%'`},

	// Commissions for every theme that reached learning: signed off once learning was shared.
	{"commissions", `
INSERT INTO commission (partnership_id, theme_id, title, key_lines, methods, participants, starts_on, due_on, status,
    findings, signed_off_at, signed_off_by, created_at)
SELECT th.pid, th.id, 'Practitioner learning event on the theme',
       repeat('What helps and hinders practitioners in sharing what they know in time? ', 4),
       ARRAY['learning_event', 'case_audit'], 'Practitioners and first-line managers of the partner agencies.',
       (th.created_at + interval '30 days')::date, (th.created_at + interval '120 days')::date, s.status,
       CASE WHEN s.status <> 'commissioned' THEN repeat('Practitioners told us that the handover between agencies depends on who knows whom. ', 18) ELSE '' END,
       CASE WHEN s.status = 'signed_off' THEN th.created_at + interval '130 days' END,
       CASE WHEN s.status = 'signed_off' THEN o.id END,
       th.created_at + interval '30 days'
FROM vol_theme th
JOIN vol_user o ON o.pid = th.pid AND o.n = 41
CROSS JOIN LATERAL (SELECT CASE WHEN th.status <> 'learning_commissioned' THEN 'signed_off'
                                WHEN th.n % 2 = 0 THEN 'findings_written' ELSE 'commissioned' END AS status) s
WHERE th.status IN ('learning_commissioned', 'learning_shared', 'impact_testing', 'closed')`},
	{"commissions numbered", `
CREATE TEMP TABLE vol_comm ON COMMIT DROP AS
SELECT c.id, c.partnership_id AS pid, c.status, c.signed_off_at, th.status AS theme_status, th.n
FROM commission c JOIN vol_theme th ON th.id = c.theme_id`},
	{"commission friends", `
INSERT INTO commission_friend (commission_id, user_id)
SELECT c.id, u.id FROM vol_comm c JOIN vol_user u ON u.pid = c.pid AND u.n = 48`},
	{"commission organisations", `
INSERT INTO commission_organisation (commission_id, organisation_id)
SELECT c.id, o.id FROM vol_comm c JOIN vol_org o ON o.pid = c.pid AND o.n IN (1, 4)`},

	// Two or three recommendations from each signed-off commission, each with two actions.
	{"recommendations", `
INSERT INTO recommendation (partnership_id, commission_id, title, owner_org_id, due_on, status, impact_due_on, created_at)
SELECT c.pid, c.id, format('Recommendation %s: agree how agencies invite each other to planning meetings', j), o.id,
       (c.signed_off_at + make_interval(days => 90 + 30 * j))::date, s.status,
       CASE WHEN s.status = 'implemented' THEN (c.signed_off_at + interval '270 days')::date END,
       c.signed_off_at + interval '1 day'
FROM vol_comm c
CROSS JOIN generate_series(1, 2 + (c.n % 4 = 0)::int) j
JOIN vol_target t ON t.pid = c.pid
JOIN vol_org o ON o.pid = c.pid AND o.n = 1 + (c.n + j) % t.n_org
CROSS JOIN LATERAL (SELECT CASE c.theme_status
    WHEN 'closed' THEN CASE WHEN j = 3 THEN 'not_implemented' ELSE 'implemented' END
    WHEN 'impact_testing' THEN CASE WHEN j = 1 THEN 'implemented' ELSE 'in_progress' END
    ELSE CASE WHEN j = 1 THEN 'in_progress' ELSE 'open' END END AS status) s
WHERE c.status = 'signed_off'`},
	{"recommendations numbered", `
CREATE TEMP TABLE vol_rec ON COMMIT DROP AS
SELECT r.id, r.partnership_id AS pid, r.status, r.due_on, r.owner_org_id, r.created_at, c.theme_status
FROM recommendation r JOIN vol_comm c ON c.id = r.commission_id`},
	{"actions", `
INSERT INTO action (recommendation_id, organisation_id, description, due_on, status, created_at)
SELECT r.id, r.owner_org_id, format('Action %s: change the procedure and tell practitioners', j), r.due_on - (j * 20),
       CASE WHEN r.status IN ('implemented', 'not_implemented') OR (r.status = 'in_progress' AND j = 1) THEN 'done' ELSE 'open' END,
       r.created_at + interval '7 days'
FROM vol_rec r CROSS JOIN generate_series(1, 2) j`},
	{"action updates", `
INSERT INTO action_update (action_id, at, author_id, progress, done)
SELECT a.id, a.created_at + interval '40 days', u.id, 'Procedure changed and briefed to teams.', a.status = 'done'
FROM action a JOIN vol_rec r ON r.id = a.recommendation_id JOIN vol_user u ON u.pid = r.pid AND u.n = 41`},
	{"training needs", `
INSERT INTO training_need (partnership_id, recommendation_id, description, status, created_at)
SELECT r.pid, r.id, 'Briefing for practitioners on the changed procedure.',
       (ARRAY['open','planned','delivered'])[1 + r.id % 3], r.created_at
FROM vol_rec r WHERE r.id % 3 = 0`},
	{"impact evidence", `
INSERT INTO impact_evidence (recommendation_id, kind, summary, evidence_on, rating, added_by, created_at)
SELECT r.id, 're_audit', 'A re-audit of cases found the agencies invited each other in most cases.', r.due_on + 60,
       (ARRAY['green','amber','red'])[1 + r.id % 3], u.id, r.created_at + interval '300 days'
FROM vol_rec r JOIN vol_user u ON u.pid = r.pid AND u.n = 41
WHERE r.status = 'implemented' AND r.theme_status IN ('impact_testing', 'closed')`},

	// Rapid reviews: decided and sent to the Panel but for the newest 5%; one in ten decided a
	// local CSPR.
	{"rapid reviews", `
INSERT INTO rapid_review (partnership_id, reference, title, aware_on, notified_on, clock_start, due_on, due_rule,
    progress_meeting_on, panel_meeting_on, draft, drafted_on, sent_to_panel_on, facts, agency_involvement, practice_episodes,
    safety_action, improvements, equality, decision, decision_reasons, panel_response, created_by, created_at)
SELECT r.pid, format('RR-V%s-%s', r.pid, r.k), format('Child %s (%s)', chr(65 + k % 26), extract(year FROM aware)::int),
       aware, aware + 1, 'notification', aware + 22,
       format('15 working days from the notification on %s', to_char(aware + 1, 'FMDD FMMonth YYYY')),
       aware + 8, aware + 15, CASE WHEN f < 0.97 THEN repeat('The rapid review found that the agencies knew of the family. ', 30) ELSE '' END,
       CASE WHEN f < 0.97 THEN aware + 14 END, CASE WHEN f < 0.95 THEN aware + 20 END,
       repeat('Facts as recorded by the agencies. ', 10), repeat('Each agency''s involvement in summary. ', 10),
       repeat('Episodes of practice to learn from. ', 10), 'Safety plans were in place.', 'Share information at strategy meetings.',
       'Considered.',
       CASE WHEN f >= 0.95 THEN '' WHEN k % 10 = 0 THEN 'local_cspr' WHEN k % 10 = 1 THEN 'national_review' ELSE 'no_review' END,
       CASE WHEN f < 0.95 THEN 'The criteria and the learning already identified.' ELSE '' END,
       CASE WHEN f < 0.90 THEN 'The Panel agreed with the decision.' ELSE '' END,
       u.id, aware::timestamptz
FROM (SELECT t.pid, k, k::float8 / t.n_review AS f,
             (@now::timestamptz - make_interval(days => (@days::int * (1 - k::float8 / t.n_review))::int + 3))::date AS aware
      FROM vol_target t CROSS JOIN generate_series(1, t.n_review) k) r
JOIN vol_user u ON u.pid = r.pid AND u.n = 46`},
	{"reviews numbered", `
CREATE TEMP TABLE vol_review ON COMMIT DROP AS
SELECT id, partnership_id AS pid, aware_on, decision, sent_to_panel_on, created_at
FROM rapid_review WHERE reference LIKE 'RR-V%'`},
	{"review agencies", `
INSERT INTO review_agency (review_id, organisation_id, requested_on, due_on, summary, received_on)
SELECT r.id, o.id, r.aware_on + 1, r.aware_on + 6,
       CASE WHEN r.decision <> '' THEN 'The agency''s summary of its involvement.' ELSE '' END,
       CASE WHEN r.decision <> '' THEN r.aware_on + 5 END
FROM vol_review r JOIN vol_org o ON o.pid = r.pid AND o.n <= 3`},
	{"review sign-off rounds", `
INSERT INTO signoff_round (partnership_id, subject_kind, subject_id, title, organisations, proposed_at, status, signed_off_at)
SELECT r.pid, 'rapid_review', r.id, 'Rapid review',
       ARRAY(SELECT o.id FROM vol_org o WHERE o.pid = r.pid AND o.n <= 3 ORDER BY o.n),
       r.sent_to_panel_on::timestamptz - interval '2 days', 'signed_off', r.sent_to_panel_on::timestamptz
FROM vol_review r
WHERE r.sent_to_panel_on IS NOT NULL`},
	{"review sign-offs", `
INSERT INTO signoff (round_id, organisation_id, signed_by, signer_name, as_delegate, signed_at)
SELECT sr.id, o.id, u.id, u.name, true, sr.signed_off_at
FROM signoff_round sr
JOIN vol_review r ON r.id = sr.subject_id
JOIN vol_org o ON o.pid = r.pid AND o.n <= 3
JOIN vol_user u ON u.pid = r.pid AND u.n = 40 + o.n
WHERE sr.subject_kind = 'rapid_review'`},
	{"local reviews", `
INSERT INTO local_cspr (partnership_id, review_id, reference, reviewer, terms_of_reference, publish_target_on, report,
    sent_to_panel_on, published_on, learning_summary, created_at)
SELECT r.pid, r.id, format('CSPR-V%s-%s', r.pid, r.id), 'An independent reviewer',
       repeat('The review will consider how agencies worked together. ', 10), r.aware_on + 200,
       CASE WHEN r.aware_on < (@now::timestamptz - interval '1 year')::date THEN repeat('The review found. ', 200) ELSE '' END,
       CASE WHEN r.aware_on < (@now::timestamptz - interval '1 year')::date THEN r.aware_on + 190 END,
       CASE WHEN r.aware_on < (@now::timestamptz - interval '1 year')::date THEN r.aware_on + 210 END,
       'What the partnership learnt.', r.created_at + interval '21 days'
FROM vol_review r WHERE r.decision = 'local_cspr'`},
}

// auditSteps stage the audit history of what the steps before them loaded.
var auditSteps = []step{
	// The audit history, staged for appendHistory: each request drafted, submitted and triaged,
	// each theme created, each commission created and signed off, each review started and read;
	// the rest, up to @audit, sign-ins of the partnerships' people over the years.
	{"audit stage", `
CREATE UNLOGGED TABLE volume_audit_stage (at timestamptz NOT NULL,
    actor_id bigint, actor_email text NOT NULL, partnership_id bigint, action text NOT NULL,
    object_type text NOT NULL, object_id text NOT NULL, ip text NOT NULL DEFAULT '203.0.113.15', detail text NOT NULL DEFAULT '')`},
	{"audit of requests", `
INSERT INTO volume_audit_stage (at, actor_id, actor_email, partnership_id, action, object_type, object_id)
SELECT e.at, u.id, u.email, r.pid, e.action, 'request', r.id::text
FROM vol_req r JOIN vol_user u ON u.id = r.requester_id
CROSS JOIN LATERAL (VALUES (r.created_at, r.kind || '.draft'), (r.submitted_at, r.kind || '.submit')) e(at, action)
WHERE e.at IS NOT NULL`},
	{"audit of triage", `
INSERT INTO volume_audit_stage (at, actor_id, actor_email, partnership_id, action, object_type, object_id, detail)
SELECT tr.decided_at, u.id, u.email, u.pid, 'request.triage', 'request', tr.request_id::text, tr.decision
FROM triage tr JOIN vol_user u ON u.id = tr.decided_by`},
	{"audit of themes", `
INSERT INTO volume_audit_stage (at, actor_id, actor_email, partnership_id, action, object_type, object_id)
SELECT th.created_at, u.id, u.email, th.pid, 'theme.create', 'theme', th.id::text
FROM vol_theme th JOIN vol_user u ON u.pid = th.pid AND u.n = 41`},
	{"audit of commissions", `
INSERT INTO volume_audit_stage (at, actor_id, actor_email, partnership_id, action, object_type, object_id)
SELECT e.at, u.id, u.email, c.pid, e.action, 'commission', c.id::text
FROM vol_comm c JOIN commission cm ON cm.id = c.id JOIN vol_user u ON u.pid = c.pid AND u.n = 41
CROSS JOIN LATERAL (VALUES (cm.created_at, 'commission.create'), (cm.signed_off_at, 'commission.sign-off')) e(at, action)
WHERE e.at IS NOT NULL`},
	{"audit of reviews", `
INSERT INTO volume_audit_stage (at, actor_id, actor_email, partnership_id, action, object_type, object_id)
SELECT least(r.created_at + make_interval(hours => 6 * j), @now::timestamptz), u.id, u.email, r.pid,
       CASE WHEN j = 0 THEN 'review.start' ELSE 'review.read' END, 'rapid_review', r.id::text
FROM vol_review r CROSS JOIN generate_series(0, 30) j
JOIN vol_user u ON u.pid = r.pid AND u.n = 41 + j % 6`},
	{"audit of sign-ins", `
INSERT INTO volume_audit_stage (at, actor_id, actor_email, partnership_id, action, object_type, object_id)
SELECT @now::timestamptz - make_interval(secs => ((u.id * 7919 + g * 104729) % (@days::int * 86400))::float8), u.id, u.email, u.pid,
       'sign-in', 'user', u.id::text
FROM vol_user u
CROSS JOIN generate_series(1, (SELECT ceil(greatest(@audit::bigint - (SELECT count(*) FROM volume_audit_stage), 0)::float8
                                          / (SELECT count(*) FROM vol_user))::int)) g`},
}
