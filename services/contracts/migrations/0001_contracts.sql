-- Contracts, their objectives, actions and reviews. Dates are 'YYYY-MM-DD' text, instants
-- microseconds since the epoch, booleans 0/1.
CREATE TABLE contracts (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  beneficiary_id TEXT NOT NULL,
  referent_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  orientation_decision_id TEXT NOT NULL,
  orientation_type TEXT NOT NULL,
  orientation_date TEXT NOT NULL,
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  weekly_hours BIGINT NOT NULL,
  reduced_hours_reason TEXT NOT NULL,
  return_to_work_date TEXT,
  insertion_project TEXT NOT NULL,
  next_review_date TEXT,
  renewal_due_date TEXT NOT NULL,
  renewal_of TEXT,
  status_reason TEXT NOT NULL,
  beneficiary_signed_by TEXT,
  beneficiary_signed_at_us BIGINT,
  referent_signed_by TEXT,
  referent_signed_at_us BIGINT,
  activated_on TEXT,  -- the day it came into force
  ended_on TEXT,      -- the day it left force (completed, terminated, expired)
  version BIGINT NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL
);
-- At most one contract in force per beneficiary, whatever the concurrency: the database
-- refuses a second activation (and resuming a suspended contract while another is active).
CREATE UNIQUE INDEX contracts_one_in_force ON contracts (beneficiary_id)
  WHERE status IN ('ACTIVE', 'SUSPENDED');
CREATE INDEX contracts_by_beneficiary ON contracts (beneficiary_id, id);
CREATE INDEX contracts_by_referent ON contracts (referent_id, id);
CREATE INDEX contracts_by_status ON contracts (status, end_date);
CREATE INDEX contracts_by_renewal ON contracts (renewal_of);

CREATE TABLE contract_objectives (
  contract_id TEXT NOT NULL REFERENCES contracts (id),
  position BIGINT NOT NULL,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  theme TEXT NOT NULL,
  status TEXT NOT NULL,
  PRIMARY KEY (contract_id, id)
);

CREATE TABLE contract_actions (
  contract_id TEXT NOT NULL REFERENCES contracts (id),
  position BIGINT NOT NULL,
  id TEXT NOT NULL,
  objective_id TEXT NOT NULL,
  title TEXT NOT NULL,
  offer_id TEXT NOT NULL,
  prescription_id TEXT NOT NULL,
  status TEXT NOT NULL,
  due_date TEXT,
  PRIMARY KEY (contract_id, id)
);

CREATE TABLE contract_reviews (
  id TEXT PRIMARY KEY,
  contract_id TEXT NOT NULL REFERENCES contracts (id),
  review_date TEXT NOT NULL,
  summary TEXT NOT NULL,
  next_review_date TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at_us BIGINT NOT NULL
);
CREATE INDEX contract_reviews_by_contract ON contract_reviews (contract_id, id);

-- Sanction procedures and every step taken, with who and when.
CREATE TABLE procedures (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,  -- automation uses "auto:<what>:<key>": opens once
  beneficiary_id TEXT NOT NULL,
  tad TEXT NOT NULL,
  referent_id TEXT NOT NULL,
  breach_kind TEXT NOT NULL,
  breach_description TEXT NOT NULL,
  detected BIGINT NOT NULL,
  source_event_id TEXT NOT NULL,
  contract_id TEXT NOT NULL,
  status TEXT NOT NULL,
  notified_on TEXT,
  response_due_date TEXT,
  observations TEXT NOT NULL,
  decision_kind TEXT,
  decision_percent BIGINT NOT NULL,
  decision_months BIGINT NOT NULL,
  ep_opinion TEXT NOT NULL,
  motivation TEXT NOT NULL,
  remobilisation_deadline TEXT,
  re_engaged BIGINT NOT NULL,
  withheld_repaid BIGINT NOT NULL,
  version BIGINT NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL
);
CREATE INDEX procedures_by_beneficiary ON procedures (beneficiary_id, id);
CREATE INDEX procedures_by_status ON procedures (status, response_due_date);

CREATE TABLE procedure_steps (
  procedure_id TEXT NOT NULL REFERENCES procedures (id),
  seq BIGINT NOT NULL,
  status TEXT NOT NULL,
  by_subject TEXT NOT NULL,
  at_us BIGINT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (procedure_id, seq)
);

-- A pseudonymous projection of orientation's feed: who is oriented, how, since when,
-- where, and whether subject to rights and duties. It serves the contractualisation rate
-- and the "contract due after orientation" queue, which are questions over every
-- beneficiary and cannot be asked to orientation one call at a time.
CREATE TABLE orientations (
  beneficiary_id TEXT PRIMARY KEY,
  entry_date TEXT,
  subject_to_rights_and_duties BIGINT NOT NULL,
  decision_id TEXT NOT NULL,
  orientation_type TEXT,
  oriented_on TEXT,
  contract_due_date TEXT,  -- computed from the rules when the orientation arrives
  referent_id TEXT NOT NULL,
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  exited_on TEXT,
  update_time_us BIGINT NOT NULL
);
CREATE INDEX orientations_by_tad ON orientations (tad, orientation_type);
