-- Household files and what is known of them. The CAF number lives here only.
CREATE TABLE households (
  id TEXT PRIMARY KEY,                 -- pseudonymous, server-generated (hh_...)
  caf_number TEXT NOT NULL UNIQUE,
  beneficiary_id TEXT NOT NULL,
  member_ids TEXT NOT NULL,            -- comma-separated pseudonymous ids
  persons BIGINT NOT NULL,
  street TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  commune_insee TEXT NOT NULL,
  country TEXT NOT NULL,
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  bank_fingerprint TEXT NOT NULL,      -- '' when unknown
  monthly_rsa_cents BIGINT NOT NULL,
  rsa_since TEXT NOT NULL,
  content_hash TEXT NOT NULL,          -- an unchanged re-import changes nothing
  updated_at_us BIGINT NOT NULL
);
CREATE INDEX households_bank ON households (bank_fingerprint);

CREATE TABLE declarations (
  household_id TEXT NOT NULL,
  year BIGINT NOT NULL,
  quarter BIGINT NOT NULL,
  salary_cents BIGINT NOT NULL,
  unemployment_cents BIGINT NOT NULL,
  pension_cents BIGINT NOT NULL,
  self_employment_cents BIGINT NOT NULL,
  property_cents BIGINT NOT NULL,
  other_cents BIGINT NOT NULL,
  declared_on TEXT NOT NULL,
  PRIMARY KEY (household_id, year, quarter)
);

CREATE TABLE cross_checks (
  source TEXT NOT NULL,
  reference TEXT NOT NULL,
  household_id TEXT NOT NULL,
  year BIGINT NOT NULL,
  quarter BIGINT NOT NULL,
  kind TEXT NOT NULL,
  category TEXT NOT NULL,              -- '' unless kind = 'income'
  amount_cents BIGINT NOT NULL,
  persons BIGINT NOT NULL,
  PRIMARY KEY (source, reference)
);
CREATE INDEX cross_checks_household ON cross_checks (household_id);

-- Households whose inputs changed since their last score. `mark` grows with every change,
-- so a rescoring removes the mark only if it is still the one it read.
CREATE TABLE dirty_households (
  household_id TEXT PRIMARY KEY,
  mark BIGINT NOT NULL
);
