-- The scores of a million files are rewritten by every batch.
-- The latest score of each file, with its explanation (JSON; '' when nothing fired).
CREATE TABLE scores (
  household_id TEXT PRIMARY KEY,
  score BIGINT NOT NULL,
  rule_set_version TEXT NOT NULL,
  scored_at_us BIGINT NOT NULL,
  explanation TEXT NOT NULL
);
-- The targeting list reads positive scores only; most files score 0 and stay out of it.
CREATE INDEX scores_rank ON scores (score, household_id) WHERE score > 0;
