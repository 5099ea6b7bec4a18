-- Projections of the four feeds (libs/events' consumer_checkpoints moves in the same
-- transaction). Days are epoch days (BIGINT) so that delays are subtractions in portable
-- SQL; months are 'YYYY-MM'. Pseudonymous: beneficiary ids only, never identity.

-- The timeline: one row per projected event about a person, in feed order.
CREATE TABLE eval_timeline (
  source TEXT NOT NULL,
  sequence BIGINT NOT NULL,
  beneficiary_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  day BIGINT NOT NULL,
  month TEXT NOT NULL,
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  PRIMARY KEY (source, sequence)
);
CREATE INDEX eval_timeline_beneficiary ON eval_timeline (beneficiary_id, day);
CREATE INDEX eval_timeline_kind_day ON eval_timeline (kind, day);

-- Event counters per kind, territory and month.
CREATE TABLE eval_counters (
  kind TEXT NOT NULL,
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  month TEXT NOT NULL,
  events BIGINT NOT NULL,
  PRIMARY KEY (kind, tad, mds, month)
);

-- Each beneficiary's milestones (first convened, first oriented...), from every feed in
-- any order: columns only ever move to the earliest day seen.
CREATE TABLE eval_beneficiaries (
  beneficiary_id TEXT PRIMARY KEY,
  tad TEXT NOT NULL DEFAULT '',
  mds TEXT NOT NULL DEFAULT '',
  entry_day BIGINT,
  subject_rd BIGINT NOT NULL DEFAULT 0,
  convened_day BIGINT,
  oriented_day BIGINT,
  orientation_type TEXT NOT NULL DEFAULT '',
  contract_day BIGINT,
  offer_day BIGINT,
  exit_day BIGINT,
  exit_employment BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX eval_beneficiaries_entry ON eval_beneficiaries (entry_day);
CREATE INDEX eval_beneficiaries_oriented ON eval_beneficiaries (oriented_day);
CREATE INDEX eval_beneficiaries_exit ON eval_beneficiaries (exit_day);

CREATE TABLE eval_offers (
  offer_id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL DEFAULT '',
  pdi_fiche TEXT NOT NULL DEFAULT '',
  places BIGINT NOT NULL DEFAULT 0,
  budget_cents BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE eval_prescriptions (
  prescription_id TEXT PRIMARY KEY,
  beneficiary_id TEXT NOT NULL,
  offer_id TEXT NOT NULL,
  structure_id TEXT NOT NULL DEFAULT '',
  pdi_fiche TEXT NOT NULL DEFAULT '',
  tad TEXT NOT NULL DEFAULT '',
  created_day BIGINT,
  accepted_day BIGINT,
  started_day BIGINT,
  completed_day BIGINT,
  abandoned_day BIGINT,
  outcome TEXT NOT NULL DEFAULT '',
  positive_exit BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX eval_prescriptions_offer ON eval_prescriptions (offer_id);
CREATE INDEX eval_prescriptions_created ON eval_prescriptions (created_day);
CREATE INDEX eval_prescriptions_started ON eval_prescriptions (started_day);
CREATE INDEX eval_prescriptions_completed ON eval_prescriptions (completed_day);
CREATE INDEX eval_prescriptions_abandoned ON eval_prescriptions (abandoned_day);

CREATE TABLE eval_contracts (
  contract_id TEXT PRIMARY KEY,
  beneficiary_id TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  tad TEXT NOT NULL DEFAULT '',
  activated_day BIGINT,
  ended_day BIGINT
);
CREATE INDEX eval_contracts_beneficiary ON eval_contracts (beneficiary_id);
CREATE INDEX eval_contracts_activated ON eval_contracts (activated_day);

CREATE TABLE eval_fraud_cases (
  case_id TEXT PRIMARY KEY,
  beneficiary_id TEXT NOT NULL,
  tad TEXT NOT NULL DEFAULT '',
  opened_day BIGINT NOT NULL,
  year_opened BIGINT NOT NULL DEFAULT 0,
  qualified_fraud BIGINT NOT NULL DEFAULT 0,
  overpayment_cents BIGINT NOT NULL DEFAULT 0,
  fine_cents BIGINT NOT NULL DEFAULT 0,
  recovered_cents BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX eval_fraud_cases_opened ON eval_fraud_cases (opened_day);
