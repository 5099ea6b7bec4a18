// One synthetic RSA beneficiary and household over the generated year: identity (clearly
// fake: surnames such as "Fictif" or "Exemple", e-mails at example.org, phones in 0600…),
// territory, CAF events (entry, maybe a change, maybe an exit), household composition,
// quarterly declarations and what other administrations saw. Drawn from the person's own
// random stream, so person i is the same whatever the scale or the writing order.
#ifndef PARCOURS_TOOLS_SYNTH_PERSON_H_
#define PARCOURS_TOOLS_SYNTH_PERSON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "tools/synth/territories.h"

namespace parcours::synth {

struct QuarterIncome {
  int quarter = 0;              // 1..4 of the generated year
  int64_t declared_salary = 0;  // cents, as declared (DTR)
  int64_t declared_unemployment = 0;
  int64_t seen_salary = -1;  // cents, as payroll (DSN) saw it; -1 = no payroll record
};

struct Person {
  int64_t index = 0;
  std::string caf_number;       // 7 digits
  std::string beneficiary_ref;  // pseudonymous id used in fraud's household records
  std::string last_name, first_name, email, phone, address_line;
  absl::CivilDay birth_date;
  const SynthCommune* commune = nullptr;
  bool subject_to_rights_and_duties = true;
  absl::CivilDay entry_date;
  // A change: a move to another commune or a new phone.
  std::optional<absl::CivilDay> change_date;
  const SynthCommune* moved_to = nullptr;  // nullptr when the change is a phone
  std::string new_phone;
  std::optional<absl::CivilDay> exit_date;
  std::string exit_reason;  // orientation's enum name, e.g. END_OF_RIGHTS
  // Household (fraud).
  std::vector<std::string> member_refs;  // the applicant first
  std::string bank_fingerprint;
  int64_t monthly_rsa_cents = 0;
  std::vector<QuarterIncome> quarters;  // the quarters the right was open
  int persons_seen = 0;                 // > 0: the tax office counts this many persons
  bool mail_returned = false;
};

// Person `index` of the Département generated from `seed` for `year`.
Person MakePerson(uint64_t seed, int64_t index, int year, const ReferenceTerritories& ref);

}  // namespace parcours::synth

#endif  // PARCOURS_TOOLS_SYNTH_PERSON_H_
