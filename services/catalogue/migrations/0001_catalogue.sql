-- The catalogue's tables. Offers and structures keep their descriptive fields as a
-- serialized protobuf (body): they are read whole (GetOffer, the search index) and their
-- shape follows the API. What queries filter, join or constrain on is a column: ids,
-- request and external ids, status, versions, places, territories of prescriptions.
-- Instants are microseconds since the epoch; civil dates are 'YYYY-MM-DD' text.

CREATE TABLE structures (
  id TEXT PRIMARY KEY,
  request_id TEXT UNIQUE,       -- NULL for imported structures
  external_id TEXT UNIQUE,      -- data·inclusion id; NULL when not imported
  siret TEXT UNIQUE,            -- NULL when unknown
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  version BIGINT NOT NULL,
  body BLOB NOT NULL,
  created_at_us BIGINT NOT NULL,
  updated_at_us BIGINT NOT NULL
);
CREATE INDEX structures_kind ON structures (kind, id);

CREATE TABLE offers (
  id TEXT PRIMARY KEY,
  request_id TEXT UNIQUE,
  external_id TEXT UNIQUE,
  structure_id TEXT NOT NULL REFERENCES structures (id),
  status TEXT NOT NULL,
  pdi_fiche TEXT NOT NULL,
  -- Places for prescriptions without a session (0 = not limited) and how many are taken;
  -- the accept transaction's conditional UPDATE keeps places_taken <= capacity.
  capacity BIGINT NOT NULL,
  places_taken BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL,
  body BLOB NOT NULL,
  created_at_us BIGINT NOT NULL,
  updated_at_us BIGINT NOT NULL,
  CHECK (places_taken >= 0 AND (capacity = 0 OR places_taken <= capacity))
);
CREATE INDEX offers_structure ON offers (structure_id, id);
CREATE INDEX offers_status ON offers (status, id);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  offer_id TEXT NOT NULL REFERENCES offers (id),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  places BIGINT NOT NULL,
  places_taken BIGINT NOT NULL DEFAULT 0,
  label TEXT NOT NULL,
  CHECK (places > 0 AND places_taken >= 0 AND places_taken <= places)
);
CREATE INDEX sessions_offer ON sessions (offer_id, start_date);

CREATE TABLE prescriptions (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  beneficiary_id TEXT NOT NULL,
  referent_id TEXT NOT NULL,
  offer_id TEXT NOT NULL REFERENCES offers (id),
  session_id TEXT REFERENCES sessions (id),
  contract_id TEXT NOT NULL,
  structure_id TEXT NOT NULL,
  pdi_fiche TEXT NOT NULL,
  tad TEXT NOT NULL,
  mds TEXT NOT NULL,
  commune_insee TEXT NOT NULL,
  status TEXT NOT NULL,
  outcome TEXT NOT NULL,
  positive_exit BIGINT NOT NULL,
  refusal_reason TEXT NOT NULL,
  comment TEXT NOT NULL,
  created_day TEXT NOT NULL,  -- the creation day in the Département's time zone
  version BIGINT NOT NULL,
  created_at_us BIGINT NOT NULL,
  updated_at_us BIGINT NOT NULL,
  status_at_us BIGINT NOT NULL
);
CREATE INDEX prescriptions_beneficiary ON prescriptions (beneficiary_id, id);
CREATE INDEX prescriptions_offer ON prescriptions (offer_id, id);
CREATE INDEX prescriptions_referent ON prescriptions (referent_id, id);
CREATE INDEX prescriptions_structure ON prescriptions (structure_id, id);
CREATE INDEX prescriptions_tad ON prescriptions (tad, id);
CREATE INDEX prescriptions_mds ON prescriptions (mds, id);
CREATE INDEX prescriptions_created ON prescriptions (created_day);
