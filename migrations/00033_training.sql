-- +goose Up
-- The training programme and its evaluation (issue #13): training needs move through planned,
-- commissioned and delivered ('met' was delivered); courses serve recommendations; sessions of a
-- course (or learning events, a kind of session) have dates, a place, a trainer and a capacity;
-- practitioners book a place or wait for one; attendance is recorded; each attendee evaluates the
-- session and, three months on, says whether their practice changed.
ALTER TABLE training_need DROP CONSTRAINT training_need_status_check;
UPDATE training_need SET status = 'delivered' WHERE status = 'met';
ALTER TABLE training_need ADD CONSTRAINT training_need_status_check
    CHECK (status IN ('open', 'planned', 'commissioned', 'delivered'));
ALTER TABLE training_need ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE training_need ADD CONSTRAINT training_need_id_partnership UNIQUE (id, partnership_id);

-- A course of the partnership's programme. Keyed (id, partnership_id) like every record, so that
-- it may later be shared with another partnership.
CREATE TABLE training_course (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    audience       text NOT NULL DEFAULT '' CHECK (length(audience) <= 500),
    need_id        bigint,
    created_by     bigint REFERENCES app_user ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    version        int NOT NULL DEFAULT 1,
    FOREIGN KEY (need_id, partnership_id) REFERENCES training_need (id, partnership_id) ON DELETE SET NULL (need_id),
    UNIQUE (id, partnership_id)
);
CREATE INDEX training_course_list ON training_course (partnership_id, title, id);
CREATE INDEX training_course_need ON training_course (need_id) WHERE need_id IS NOT NULL;

-- The recommendations a course serves: its evaluations are evidence of their impact.
CREATE TABLE training_course_recommendation (
    course_id         bigint NOT NULL,
    partnership_id    bigint NOT NULL,
    recommendation_id bigint NOT NULL,
    PRIMARY KEY (course_id, recommendation_id),
    FOREIGN KEY (course_id, partnership_id) REFERENCES training_course (id, partnership_id) ON DELETE CASCADE,
    FOREIGN KEY (recommendation_id, partnership_id) REFERENCES recommendation (id, partnership_id) ON DELETE CASCADE
);
CREATE INDEX training_course_recommendation_rec ON training_course_recommendation (recommendation_id);

-- A session of a course: a course day, or a learning event (the business unit's twice-yearly
-- events are sessions of the same programme, with their own bookings).
CREATE TABLE training_session (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL,
    course_id      bigint NOT NULL,
    kind           text NOT NULL DEFAULT 'course' CHECK (kind IN ('course', 'learning_event')),
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL CHECK (ends_at > starts_at),
    place          text NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
    trainer        text NOT NULL CHECK (length(trainer) BETWEEN 1 AND 300),
    capacity       int NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    created_at     timestamptz NOT NULL DEFAULT now(),
    version        int NOT NULL DEFAULT 1,
    FOREIGN KEY (course_id, partnership_id) REFERENCES training_course (id, partnership_id) ON DELETE CASCADE,
    UNIQUE (id, partnership_id)
);
CREATE INDEX training_session_programme ON training_session (partnership_id, starts_at, id);
CREATE INDEX training_session_course ON training_session (course_id, starts_at);

-- A person's place on a session, or their place in its waiting list (by booked_at), or a
-- cancelled booking. One row per person and session: booking again takes the row up again.
CREATE TABLE training_booking (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id bigint NOT NULL REFERENCES training_session ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES app_user ON DELETE CASCADE,
    status     text NOT NULL CHECK (status IN ('booked', 'waiting', 'cancelled')),
    attended   boolean,
    booked_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (session_id, user_id),
    CHECK (attended IS NULL OR status = 'booked')
);
CREATE INDEX training_booking_waiting ON training_booking (session_id, booked_at, id) WHERE status = 'waiting';
CREATE INDEX training_booking_user ON training_booking (user_id, booked_at DESC, id DESC);

-- An attendee's evaluation of a session, and their answer three months on.
CREATE TABLE training_evaluation (
    booking_id        bigint PRIMARY KEY REFERENCES training_booking ON DELETE CASCADE,
    confidence_before smallint NOT NULL CHECK (confidence_before BETWEEN 1 AND 5),
    confidence_after  smallint NOT NULL CHECK (confidence_after BETWEEN 1 AND 5),
    comment           text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    evaluated_at      timestamptz NOT NULL DEFAULT now(),
    follow_up_due     date NOT NULL,
    practice_changed  text CHECK (practice_changed IN ('yes', 'partly', 'no')),
    follow_up_note    text NOT NULL DEFAULT '' CHECK (length(follow_up_note) <= 2000),
    followed_up_at    timestamptz,
    CHECK ((practice_changed IS NULL) = (followed_up_at IS NULL))
);
CREATE INDEX training_evaluation_follow_up ON training_evaluation (follow_up_due) WHERE followed_up_at IS NULL;

-- +goose Down
DROP TABLE training_evaluation;
DROP TABLE training_booking;
DROP TABLE training_session;
DROP TABLE training_course_recommendation;
DROP TABLE training_course;
ALTER TABLE training_need DROP CONSTRAINT training_need_id_partnership;
ALTER TABLE training_need DROP COLUMN version;
ALTER TABLE training_need DROP CONSTRAINT training_need_status_check;
UPDATE training_need SET status = 'met' WHERE status = 'delivered';
UPDATE training_need SET status = 'planned' WHERE status = 'commissioned';
ALTER TABLE training_need ADD CONSTRAINT training_need_status_check CHECK (status IN ('open', 'planned', 'met'));
