// synth: writes a synthetic Département (tools/synth/departement.h) for parcoursctl to load.
//
//   synth --out=DIR [--seed=91] [--scale=small|medium|national|N] [--year=2025]
//         [--slots-start=YYYY-MM-DD]
//
// Exit codes: 0 written, 1 a file could not be written, 2 bad command line.
#include <filesystem>
#include <iostream>

#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "libs/config/config.h"
#include "tools/synth/departement.h"

int main(int argc, char** argv) {
  using namespace parcours;
  config::ConfigReader flags(argc, argv);
  const std::string out = flags.String("OUT", "");
  synth::SynthOptions o;
  o.seed = static_cast<uint64_t>(flags.Int("SEED", 91, 0));
  const std::string scale = flags.String("SCALE", "small");
  o.year = static_cast<int>(flags.Int("YEAR", 2025, 2010, 2100));
  const std::string slots_start = flags.String("SLOTS_START", "2027-01-04");
  absl::Status s = flags.Finish();
  absl::StatusOr<int64_t> n = synth::ScaleToBeneficiaries(scale);
  if (s.ok() && !n.ok()) s = n.status();
  if (s.ok() && !absl::ParseCivilTime(slots_start, &o.slots_start)) {
    s = absl::InvalidArgumentError("--slots-start: a date YYYY-MM-DD");
  }
  if (s.ok() && out.empty()) s = absl::InvalidArgumentError("--out: the folder to write");
  if (!s.ok()) {
    std::cerr << "synth: " << s.message() << "\n"
              << "usage: synth --out=DIR [--seed=91] [--scale=small|medium|national|N] "
                 "[--year=2025] [--slots-start=YYYY-MM-DD]\n";
    return 2;
  }
  o.beneficiaries = *n;
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  absl::StatusOr<synth::ReferenceTerritories> ref = synth::ReferenceTerritories::Load();
  if (!ref.ok()) {
    std::cerr << "synth: reference territories: " << ref.status().message() << "\n";
    return 1;
  }
  absl::StatusOr<synth::SynthCounts> c = synth::WriteDepartement(o, *ref, out);
  if (!c.ok()) {
    std::cerr << "synth: " << c.status().message() << "\n";
    return 1;
  }
  std::cout << "synthetic Département (seed " << o.seed << ", " << o.beneficiaries
            << " beneficiaries, year " << o.year << ") in " << out << ":\n"
            << "  caf_flow.csv         " << c->caf_records << " CAF records\n"
            << "  data_inclusion.json  " << c->structures << " structures, " << c->services
            << " services\n"
            << "  referents.jsonl      " << c->referents << " référents, " << c->slots << " slots\n"
            << "  households.jsonl     " << c->households << " households\n"
            << "  declarations.jsonl   " << c->declarations << " declarations\n"
            << "  cross_checks.jsonl   " << c->cross_checks << " cross-checks\n";
  return 0;
}
