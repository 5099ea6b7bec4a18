// Writes a synthetic Département into a folder, one file per import of parcoursctl:
//
//   caf_flow.csv         a year of CAF flows (entrants, changes, exits), month by month, in
//                        orientation's CAF flow format  → parcoursctl import caf
//   data_inclusion.json  structures and their services, data·inclusion schema v1
//                                                       → parcoursctl import data-inclusion
//   referents.jsonl      one référent per line, with its appointment slots
//                                                       → parcoursctl import referents
//   households.jsonl     fraud's HouseholdRecord, JSON lines → parcoursctl import households
//   declarations.jsonl   quarterly DTR declarations    → parcoursctl import declarations
//   cross_checks.jsonl   payroll, France Travail, tax office and postal cross-checks
//                                                       → parcoursctl import cross-checks
//
// Deterministic: the same options give byte-identical files. Every person, structure and
// référent is drawn from its own random stream, so the files stream out at any scale
// (nothing is held in memory but one month's CAF records).
//
//   SynthOptions o{.seed = 91, .beneficiaries = ScaleToBeneficiaries("small").value()};
//   ASSIGN_OR_RETURN(SynthCounts n, WriteDepartement(o, ref, "/tmp/dep"));
#ifndef PARCOURS_TOOLS_SYNTH_DEPARTEMENT_H_
#define PARCOURS_TOOLS_SYNTH_DEPARTEMENT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "tools/synth/territories.h"

namespace parcours::synth {

struct SynthOptions {
  uint64_t seed = 91;
  int64_t beneficiaries = 300;
  int year = 2025;  // the CAF flows' year; must be in the past for orientation to accept it
  // First day of the référents' slots (they must lie in the future when imported).
  absl::CivilDay slots_start = absl::CivilDay(2027, 1, 4);
  int slot_days = 5;  // two slots a day per référent
};

struct SynthCounts {
  int64_t caf_records = 0, structures = 0, services = 0, referents = 0, slots = 0, households = 0,
          declarations = 0, cross_checks = 0;
};

// "small" (300 beneficiaries, for scripts/run), "medium" (20,000), "national" (1,900,000,
// the order of France's RSA households), or a positive number up to 8,999,999.
absl::StatusOr<int64_t> ScaleToBeneficiaries(const std::string& scale);

// Structures for a number of beneficiaries (one for 15, at least 12, at most 20,000); two
// services each.
int64_t StructuresFor(int64_t beneficiaries);

absl::StatusOr<SynthCounts> WriteDepartement(const SynthOptions& options,
                                             const ReferenceTerritories& ref,
                                             const std::string& dir);

}  // namespace parcours::synth

#endif  // PARCOURS_TOOLS_SYNTH_DEPARTEMENT_H_
