-- Satisfaction surveys (fiche 4-1). One response per respondent and survey, enforced by
-- the database; the respondent is kept as a keyed digest only.
CREATE TABLE eval_surveys (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  offer_id TEXT NOT NULL,
  audience TEXT NOT NULL,
  title TEXT NOT NULL,
  invited_professionals BIGINT NOT NULL,
  created_at_us BIGINT NOT NULL
);

CREATE TABLE eval_survey_questions (
  survey_id TEXT NOT NULL REFERENCES eval_surveys (id),
  position BIGINT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (survey_id, position)
);

CREATE TABLE eval_survey_responses (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  survey_id TEXT NOT NULL REFERENCES eval_surveys (id),
  respondent_digest TEXT NOT NULL,
  mean_score DOUBLE PRECISION NOT NULL,
  submitted_at_us BIGINT NOT NULL,
  UNIQUE (survey_id, respondent_digest)
);

CREATE TABLE eval_survey_scores (
  response_id TEXT NOT NULL REFERENCES eval_survey_responses (id),
  position BIGINT NOT NULL,
  score BIGINT NOT NULL,
  PRIMARY KEY (response_id, position)
);
