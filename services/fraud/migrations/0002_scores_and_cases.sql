-- (The scores table is in 0003, one file per dialect.)

-- Files scored per year and territory (statistics), incremented per scoring batch.
CREATE TABLE scoring_tally (
  year BIGINT NOT NULL,
  tad TEXT NOT NULL,
  files_scored BIGINT NOT NULL,
  PRIMARY KEY (year, tad)
);

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL,
  beneficiary_id TEXT NOT NULL,
  tad TEXT NOT NULL,
  status TEXT NOT NULL,
  year_opened BIGINT NOT NULL,
  score_at_opening BIGINT NOT NULL,
  rule_set_version TEXT NOT NULL,
  fired_rule_ids TEXT NOT NULL,        -- comma-separated
  assigned_to TEXT NOT NULL DEFAULT '',
  answer_text TEXT NOT NULL DEFAULT '',
  answer_received_on TEXT NOT NULL DEFAULT '',
  qualification TEXT NOT NULL DEFAULT '',
  qualified_by TEXT NOT NULL DEFAULT '',
  year_qualified BIGINT NOT NULL DEFAULT 0,
  overpayment_cents BIGINT NOT NULL DEFAULT 0,
  overpayment_from TEXT NOT NULL DEFAULT '',
  overpayment_to TEXT NOT NULL DEFAULT '',
  fine_cents BIGINT NOT NULL DEFAULT 0,
  fine_facts_date TEXT NOT NULL DEFAULT '',
  fine_repeat BIGINT NOT NULL DEFAULT 0,
  fine_cap_cents BIGINT NOT NULL DEFAULT 0,
  fine_reference TEXT NOT NULL DEFAULT '',
  fine_decided_by TEXT NOT NULL DEFAULT '',
  recovered_overpayment_cents BIGINT NOT NULL DEFAULT 0,
  recovered_fine_cents BIGINT NOT NULL DEFAULT 0,
  opened_at_us BIGINT NOT NULL,
  updated_at_us BIGINT NOT NULL,
  closed_at_us BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  CHECK (recovered_overpayment_cents <= overpayment_cents),
  CHECK (recovered_fine_cents <= fine_cents)
);
-- At most one open case per household, whatever the concurrency.
CREATE UNIQUE INDEX cases_one_open ON cases (household_id) WHERE status <> 'CLOSED';
-- Opening a case first looks for an open or recently closed one of the household: without
-- this index that look-up scans every case, and a batch opening 20,000 cases goes quadratic.
CREATE INDEX cases_by_household ON cases (household_id, closed_at_us);
CREATE INDEX cases_by_status ON cases (status, id);
CREATE INDEX cases_by_year ON cases (year_opened, tad);

-- Which rules fired at opening (per-rule precision).
CREATE TABLE case_rules (
  case_id TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  PRIMARY KEY (case_id, rule_id)
);

CREATE TABLE recovery_payments (
  request_id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  amount_cents BIGINT NOT NULL,
  paid_on TEXT NOT NULL,
  recorded_at_us BIGINT NOT NULL
);
CREATE INDEX recovery_payments_case ON recovery_payments (case_id);
