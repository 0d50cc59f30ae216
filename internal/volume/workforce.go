package volume

// The steps that load the partnership's assurance and workforce records at volume (issue #13's
// areas): the training programme with its bookings and evaluations, monthly e-bulletins with their
// subscribers, each year's pooled budget, a Section 11 round a year, and multi-agency case audits.
// They run after the learning records (course recommendations and audit findings point at them)
// and before the audit history. Markers: the load's courses, bulletins and case audits are made by
// its own people (vol_user), its subscribers are at subscribers.volume.example, and its Section 11
// framework is named volumeFramework.
var workforceSteps = []step{
	{"workforce targets", `
ALTER TABLE vol_target ADD COLUMN n_session int, ADD COLUMN n_sub int, ADD COLUMN n_caudit int`},
	{"workforce targets sized", `
UPDATE vol_target t SET n_session = ceil(@sessions::float8 * weight / w.total),
                        n_sub = ceil(@subscribers::float8 * weight / w.total),
                        n_caudit = ceil(@caseaudits::float8 * weight / w.total)
FROM (SELECT sum(weight) AS total FROM vol_target) w`},

	// The training programme: a course for every ten sessions; sessions over the years, the
	// newest two months ahead; fifteen bookings a session (twelve places, then a waiting list, or
	// cancelled once the session is past); an evaluation from every other attendee, followed up
	// three months on.
	{"training courses", `
INSERT INTO training_course (partnership_id, title, description, audience, created_by, created_at)
SELECT t.pid, format('%s (%s)', (ARRAY['Neglect and cumulative harm','Working together to safeguard children',
           'Exploitation outside the home','Safer sleep and the unborn baby','Parental mental health','Domestic abuse',
           'Voice of the child','Professional curiosity','Information sharing','Strategy discussions'])[1 + c % 10], c),
       repeat('What the course covers and how it changes practice. ', 5), 'Practitioners of every agency', u.id,
       @now::timestamptz - make_interval(days => @days::int)
FROM vol_target t CROSS JOIN generate_series(1, greatest(1, t.n_session / 10)) c
JOIN vol_user u ON u.pid = t.pid AND u.n = 46`},
	{"courses numbered", `
CREATE TEMP TABLE vol_course ON COMMIT DROP AS
SELECT c.id, c.partnership_id AS pid, row_number() OVER (PARTITION BY c.partnership_id ORDER BY c.id)::int AS n
FROM training_course c WHERE c.created_by IN (SELECT id FROM vol_user)`},
	{"courses indexed", `CREATE INDEX ON vol_course (pid, n)`},
	{"course recommendations", `
INSERT INTO training_course_recommendation (course_id, partnership_id, recommendation_id)
SELECT c.id, c.pid, r.id
FROM vol_course c
JOIN (SELECT id, pid, row_number() OVER (PARTITION BY pid ORDER BY id)::int AS n FROM vol_rec) r ON r.pid = c.pid AND r.n = c.n`},
	{"training sessions", `
INSERT INTO training_session (partnership_id, course_id, kind, starts_at, ends_at, place, trainer, capacity, created_at)
SELECT x.pid, c.id, CASE WHEN x.s % 12 = 0 THEN 'learning_event' ELSE 'course' END, x.starts, x.starts + interval '3 hours',
       (ARRAY['Training room, Civic Centre','Online','Education Centre, room 2'])[1 + x.s % 3], 'The partnership''s trainer', 12,
       x.starts - interval '60 days'
FROM (SELECT t.pid, s, n.courses,
             date_trunc('day', @now::timestamptz - make_interval(days => (@days::int * (1 - s::float8 / t.n_session))::int - 60))
               + interval '9 hours 30 minutes' AS starts
      FROM vol_target t
      JOIN (SELECT pid, count(*)::int AS courses FROM vol_course GROUP BY pid) n ON n.pid = t.pid
      CROSS JOIN generate_series(1, t.n_session) s) x
JOIN vol_course c ON c.pid = x.pid AND c.n = 1 + x.s % x.courses`},
	{"sessions numbered", `
CREATE TEMP TABLE vol_session ON COMMIT DROP AS
SELECT s.id, s.partnership_id AS pid, s.starts_at FROM training_session s JOIN vol_course c ON c.id = s.course_id`},
	{"bookings", `
INSERT INTO training_booking (session_id, user_id, status, attended, booked_at)
SELECT s.id, u.id,
       CASE WHEN j <= 12 THEN 'booked' WHEN s.starts_at > @now::timestamptz THEN 'waiting' ELSE 'cancelled' END,
       CASE WHEN j <= 12 AND s.starts_at < @now::timestamptz THEN j % 6 <> 0 END,
       s.starts_at - make_interval(days => 40 - j)
FROM vol_session s CROSS JOIN generate_series(1, 15) j
JOIN vol_user u ON u.pid = s.pid AND u.n = 1 + (s.id * 7 + j) % 40`},
	{"evaluations", `
INSERT INTO training_evaluation (booking_id, confidence_before, confidence_after, comment, evaluated_at, follow_up_due,
    practice_changed, follow_up_note, followed_up_at)
SELECT b.id, 2 + b.id % 2, 4 + b.id % 2,
       CASE WHEN b.id % 4 = 0 THEN 'Useful: the case studies were like the families we work with.' ELSE '' END,
       s.starts_at + interval '1 day', (s.starts_at + interval '90 days')::date,
       CASE WHEN f.done THEN (ARRAY['yes','partly','no'])[1 + b.id % 3] END,
       CASE WHEN f.done THEN 'We now invite the school nurse to strategy discussions.' ELSE '' END,
       CASE WHEN f.done THEN s.starts_at + interval '100 days' END
FROM training_booking b JOIN vol_session s ON s.id = b.session_id
CROSS JOIN LATERAL (SELECT s.starts_at + interval '100 days' < @now::timestamptz AS done) f
WHERE b.attended AND b.id % 2 = 0`},

	// E-bulletins: one a month for the years of history, sent at the start of the next month
	// (this month's is a draft); subscribers over the years, one in ten never confirming; the
	// last six months' bulletins delivered to those confirmed by then.
	{"bulletins", `
INSERT INTO bulletin (partnership_id, title, month, intro, status, items, recipients, created_by, created_at, sent_by, sent_at)
SELECT t.pid, format('%s e-bulletin', to_char(m.month, 'FMMonth YYYY')), m.month,
       'News from the partnership this month: what we learnt, what changed and the training ahead.',
       CASE WHEN m.back = 0 THEN 'draft' ELSE 'sent' END,
       CASE WHEN m.back > 0 THEN jsonb_build_array(
           jsonb_build_object('kind', 'document', 'title', 'Multi-agency safeguarding arrangements', 'path', format('/%s/arrangements', p.slug),
           'on', m.month::timestamp AT TIME ZONE 'Europe/London')) END, -- a time, as bulletins.Item holds it
       CASE WHEN m.back > 0 THEN t.n_sub * 9 / 10 ELSE 0 END,
       u.id, m.month, CASE WHEN m.back > 0 THEN u.id END, CASE WHEN m.back > 0 THEN m.month + interval '1 month' END
FROM vol_target t
JOIN partnership p ON p.id = t.pid
JOIN vol_user u ON u.pid = t.pid AND u.n = 46
CROSS JOIN LATERAL (SELECT back, (date_trunc('month', @now::timestamptz) - make_interval(months => back))::date AS month
                    FROM generate_series(0, @days::int / 30 - 1) back) m`},
	{"subscribers", `
INSERT INTO bulletin_subscriber (partnership_id, email, confirm_hash, confirm_expires_at, confirmed_at, created_at)
SELECT t.pid, format('s%s-%s@subscribers.volume.example', t.pid, k),
       CASE WHEN k % 10 = 0 THEN sha256(convert_to(format('volume subscriber %s-%s', t.pid, k), 'UTF8')) END,
       CASE WHEN k % 10 = 0 THEN x.at + interval '7 days' END,
       CASE WHEN k % 10 <> 0 THEN x.at + interval '1 hour' END, x.at
FROM vol_target t CROSS JOIN generate_series(1, t.n_sub) k
CROSS JOIN LATERAL (SELECT @now::timestamptz - make_interval(days => (@days::int * (1 - k::float8 / t.n_sub))::int + 1) AS at) x`},
	{"bulletin deliveries", `
INSERT INTO bulletin_delivery (bulletin_id, subscriber_id, token_hash)
SELECT b.id, s.id, sha256(convert_to(format('volume delivery %s-%s', b.id, s.id), 'UTF8'))
FROM bulletin b
JOIN bulletin_subscriber s ON s.partnership_id = b.partnership_id AND s.confirmed_at < b.sent_at
WHERE b.status = 'sent' AND b.sent_at > @now::timestamptz - interval '6 months'
  AND b.created_by IN (SELECT id FROM vol_user) AND s.email LIKE '%@subscribers.volume.example'`},

	// Each reporting year's pooled budget (April to March) where the partnership has none: the
	// statutory partners' contributions, training income and four headings of spending; past
	// years approved with their outturn, this year's a draft.
	{"budgets", `
INSERT INTO budget (partnership_id, year, status, submitted_at, approved_at, approved_by, created_at)
SELECT t.pid, y.year, CASE WHEN y.year < y.current THEN 'approved' ELSE 'draft' END,
       CASE WHEN y.year < y.current THEN make_date(y.year, 3, 1)::timestamptz END,
       CASE WHEN y.year < y.current THEN make_date(y.year, 3, 20)::timestamptz END,
       CASE WHEN y.year < y.current THEN u.id END, make_date(y.year, 2, 1)::timestamptz
FROM vol_target t
JOIN vol_user u ON u.pid = t.pid AND u.n = 44
CROSS JOIN LATERAL (SELECT c.current - back AS year, c.current
                    FROM (SELECT extract(year FROM @now::timestamptz - interval '3 months')::int AS current) c,
                         generate_series(0, @days::int / 365 - 1) back) y
ON CONFLICT (partnership_id, year) DO NOTHING`},
	{"budget lines", `
INSERT INTO budget_line (budget_id, kind, organisation_id, heading, planned_pence, outturn_pence)
SELECT b.id, l.kind, o.id, l.heading, l.pence, CASE WHEN b.status = 'approved' THEN l.pence * (95 + b.id % 10) / 100 END
FROM budget b
JOIN vol_target t ON t.pid = b.partnership_id
CROSS JOIN (VALUES ('contribution', 1, '', 9000000), ('contribution', 2, '', 7000000), ('contribution', 3, '', 4000000),
                   ('income', 0, 'Training income', 500000), ('spending', 0, 'Business unit staff', 12000000),
                   ('spending', 0, 'Independent scrutiny', 3000000), ('spending', 0, 'Reviews (local CSPRs)', 2500000),
                   ('spending', 0, 'Training and learning events', 1500000)) l(kind, org, heading, pence)
LEFT JOIN vol_org o ON o.pid = b.partnership_id AND o.n = l.org
WHERE NOT EXISTS (SELECT 1 FROM budget_line x WHERE x.budget_id = b.id)`},

	// Section 11: a framework of eight standards, its questions adjusted each year (a version a
	// year, each standard following its first year's), a round a year for every organisation;
	// past rounds all returned, this year's in every state.
	{"assurance frameworks", `
INSERT INTO assurance_framework (partnership_id, name, created_at)
SELECT t.pid, 'Section 11 standards', @now::timestamptz - make_interval(days => @days::int) FROM vol_target t`},
	{"assurance versions", `
INSERT INTO assurance_version (framework_id, year, created_at)
SELECT f.id, c.current - back, make_date(c.current - back, 4, 1)::timestamptz
FROM assurance_framework f
CROSS JOIN (SELECT extract(year FROM @now::timestamptz - interval '3 months')::int AS current) c
CROSS JOIN generate_series(0, @days::int / 365 - 1) back
WHERE f.name = 'Section 11 standards' AND f.partnership_id IN (SELECT pid FROM vol_target)`},
	{"assurance standards", `
INSERT INTO assurance_standard (version_id, position, title, questions, evidence)
SELECT v.id, s, (ARRAY['Senior management commitment','Clear lines of accountability','Safeguarding in service development',
           'Staff training','Safer recruitment','Effective inter-agency working','Information sharing','The voice of the child'])[s],
       'How does the organisation know that this standard is met in practice?', 'Policies, audits and what staff and children say.'
FROM assurance_version v JOIN assurance_framework f ON f.id = v.framework_id
CROSS JOIN generate_series(1, 8) s
WHERE f.name = 'Section 11 standards' AND f.partnership_id IN (SELECT pid FROM vol_target)`},
	{"assurance standards followed", `
UPDATE assurance_standard s SET lineage = first.id
FROM assurance_version v, assurance_framework f, assurance_version fv, assurance_standard first
WHERE v.id = s.version_id AND f.id = v.framework_id AND f.name = 'Section 11 standards'
  AND f.partnership_id IN (SELECT pid FROM vol_target)
  AND fv.framework_id = f.id AND fv.year = (SELECT min(year) FROM assurance_version WHERE framework_id = f.id)
  AND first.version_id = fv.id AND first.position = s.position AND fv.id <> v.id`},
	{"assurance rounds", `
INSERT INTO assurance_round (partnership_id, version_id, categories, opened_on, due_on, opened_by, created_at)
SELECT f.partnership_id, v.id, ARRAY['local_authority','health','police','education','justice','voluntary'],
       make_date(v.year, 6, 1), make_date(v.year, 9, 30), u.id, make_date(v.year, 6, 1)::timestamptz
FROM assurance_version v JOIN assurance_framework f ON f.id = v.framework_id
JOIN vol_user u ON u.pid = f.partnership_id AND u.n = 46
WHERE f.name = 'Section 11 standards' AND f.partnership_id IN (SELECT pid FROM vol_target)
  AND make_date(v.year, 6, 1) <= @now::date`},
	{"assurance returns", `
INSERT INTO assurance_return (round_id, partnership_id, organisation_id, status, submitted_at, updated_at)
SELECT r.id, r.partnership_id, o.id, s.status, CASE WHEN s.status = 'submitted' THEN r.due_on - 3 + o.n % 7 END,
       r.opened_on + 20
FROM assurance_round r
JOIN assurance_version v ON v.id = r.version_id
JOIN assurance_framework f ON f.id = v.framework_id AND f.name = 'Section 11 standards'
JOIN vol_org o ON o.pid = r.partnership_id
CROSS JOIN LATERAL (SELECT CASE WHEN r.due_on < @now::date - 60 OR o.n % 3 = 2 THEN 'submitted'
                                WHEN o.n % 3 = 1 THEN 'in_progress' ELSE 'not_started' END AS status) s`},
	{"assurance ratings", `
INSERT INTO assurance_rating (return_id, standard_id, rating, evidence, actions)
SELECT x.id, st.id, (ARRAY['green','green','amber','red'])[1 + (x.id + st.position) % 4],
       'The policy and the audit of its use.', CASE WHEN (x.id + st.position) % 4 = 3 THEN 'Refresh the training and audit again.' ELSE '' END
FROM assurance_return x
JOIN assurance_round r ON r.id = x.round_id
JOIN assurance_version v ON v.id = r.version_id
JOIN assurance_framework f ON f.id = v.framework_id AND f.name = 'Section 11 standards'
JOIN assurance_standard st ON st.version_id = r.version_id
WHERE x.status <> 'not_started'`},

	// Multi-agency case audits: planned over the years, each with five graded questions, three
	// agencies and their delegates as auditors, two cases an agency graded by its auditor; those
	// moderated more than two weeks ago completed with agreed grades and a finding on a theme.
	{"case audits", `
INSERT INTO case_audit (partnership_id, title, scope, moderation_on, status, summary, planned_by, completed_at, completed_by, created_at)
SELECT x.pid, format('Multi-agency audit: %s', (ARRAY['neglect','information sharing','exploitation','babies','parental mental health',
           'domestic abuse','education','transitions','the child''s voice','out-of-hours response'])[1 + x.k % 10]),
       'Cases open to at least three agencies in the last year.', x.mod_on,
       CASE WHEN x.done THEN 'completed' ELSE 'grading' END,
       CASE WHEN x.done THEN 'Most cases showed good joint working; strategy discussions rarely included health.' ELSE '' END,
       u.id, CASE WHEN x.done THEN x.mod_on + 14 END, CASE WHEN x.done THEN u.id END, x.mod_on - 60
FROM (SELECT t.pid, k, o.mod_on, o.mod_on + 14 < @now::date AS done
      FROM vol_target t CROSS JOIN generate_series(1, t.n_caudit) k
      CROSS JOIN LATERAL (SELECT (@now::timestamptz - make_interval(days => (@days::int * (1 - k::float8 / t.n_caudit))::int - 30))::date AS mod_on) o) x
JOIN vol_user u ON u.pid = x.pid AND u.n = 41`},
	{"case audits numbered", `
CREATE TEMP TABLE vol_caudit ON COMMIT DROP AS
SELECT id, partnership_id AS pid, status, row_number() OVER (PARTITION BY partnership_id ORDER BY id)::int AS n
FROM case_audit WHERE planned_by IN (SELECT id FROM vol_user)`},
	{"case audit questions", `
INSERT INTO case_audit_question (audit_id, position, text)
SELECT a.id, q, (ARRAY['Was the risk to the child recognised early?','Did agencies share information in time?',
           'Was the child seen and heard?','Did the plan address the risk?','Was the case escalated when needed?'])[q]
FROM vol_caudit a CROSS JOIN generate_series(1, 5) q`},
	{"case audit agencies", `
INSERT INTO case_audit_agency (audit_id, organisation_id)
SELECT a.id, o.id FROM vol_caudit a JOIN vol_org o ON o.pid = a.pid AND o.n <= 3`},
	{"case audit auditors", `
INSERT INTO case_audit_auditor (audit_id, user_id, assigned_by)
SELECT a.id, u.id, p.id FROM vol_caudit a
JOIN vol_user u ON u.pid = a.pid AND u.n BETWEEN 41 AND 43
JOIN vol_user p ON p.pid = a.pid AND p.n = 41`},
	{"case audit cases", `
INSERT INTO case_audit_case (audit_id, number, organisation_id, reference)
SELECT a.id, (o.n - 1) * 2 + c, o.id, format('REC-%s-%s', a.id, (o.n - 1) * 2 + c)
FROM vol_caudit a JOIN vol_org o ON o.pid = a.pid AND o.n <= 3 CROSS JOIN generate_series(1, 2) c`},
	{"case audit grades", `
INSERT INTO case_audit_grade (case_id, question_id, auditor_id, grade)
SELECT c.id, q.id, u.id, (ARRAY['good','good','requires_improvement','outstanding','inadequate'])[1 + (c.id + q.position) % 5]
FROM case_audit_case c
JOIN vol_caudit a ON a.id = c.audit_id
JOIN case_audit_question q ON q.audit_id = a.id
JOIN vol_user u ON u.pid = a.pid AND u.n = 40 + 1 + (c.number - 1) / 2`},
	{"case audit agreed grades", `
INSERT INTO case_audit_agreed (case_id, question_id, grade, agreed_by)
SELECT g.case_id, g.question_id, g.grade, u.id
FROM case_audit_grade g
JOIN case_audit_case c ON c.id = g.case_id
JOIN vol_caudit a ON a.id = c.audit_id AND a.status = 'completed'
JOIN vol_user u ON u.pid = a.pid AND u.n = 41`},
	{"case audit findings", `
INSERT INTO case_audit_finding (audit_id, partnership_id, theme_id, finding, raised, added_by)
SELECT a.id, a.pid, th.id, 'Health was rarely invited to strategy discussions.', false, u.id
FROM vol_caudit a
JOIN vol_target t ON t.pid = a.pid
JOIN vol_theme th ON th.pid = a.pid AND th.n = 1 + (a.n * 11) % t.n_theme
JOIN vol_user u ON u.pid = a.pid AND u.n = 41
WHERE a.status = 'completed'`},
}
