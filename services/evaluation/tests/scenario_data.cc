#include "services/evaluation/tests/scenario_data.h"

#include "absl/strings/str_cat.h"

namespace parcours::evaluation::testing {
namespace {

using D = absl::CivilDay;
constexpr int kProfessional = 1, kSocioProfessional = 2, kSocial = 3;
constexpr int kReturnToEmployment = 6, kEndOfRights = 1;
constexpr int kCerSocial = 1, kCerSocioPro = 2, kPpae = 3, kPackSortie = 5;
constexpr int kCdi = 1, kCddLong = 2, kTraining = 4, kOtherOffer = 6, kNone = 7;
constexpr int kDetected = 1, kFraud = 4, kError = 5, kUnfounded = 6;

std::string E(int i) { return absl::StrCat("E", i); }
std::string C(int i) { return absl::StrCat("C", i); }

void Orientation(ScriptedFeeds& f) {
  for (int i = 1; i <= 10; ++i) f.Entered(E(i), "TAD-EST", D(2024, 1, 5), true);
  for (int i = 1; i <= 8; ++i) f.Convened(E(i), "TAD-EST", D(2024, 1, 15));
  for (int i = 1; i <= 2; ++i) f.Convened(E(i), "TAD-EST", D(2024, 1, 25));
  for (int i = 1; i <= 7; ++i) {
    f.Oriented(E(i), "TAD-EST", D(2024, 1, 20), i <= 4 ? kSocial : kProfessional, D(2024, 1, 5));
  }
  f.Oriented(E(8), "TAD-EST", D(2024, 3, 5), kProfessional, D(2024, 1, 5));
  for (int i = 1; i <= 6; ++i) {
    f.Entered(C(i), "TAD-CENTRE", D(2024, 2, 10), i != 6);
    f.Convened(C(i), "TAD-CENTRE", D(2024, 2, 12));
    f.Oriented(C(i), "TAD-CENTRE", D(2024, 2, 20), kSocioProfessional, D(2024, 2, 10));
  }
  for (const char* s : {"S1", "S2"}) {
    f.Entered(s, "TAD-SUD", D(2024, 3, 1), true);
    f.Convened(s, "TAD-SUD", D(2024, 3, 5));
    f.Oriented(s, "TAD-SUD", D(2024, 3, 10), kSocial, D(2024, 3, 1));
  }
}

void OrientationExits(ScriptedFeeds& f) {
  f.Exited(E(9), "TAD-EST", D(2024, 4, 10), kReturnToEmployment);
  f.Exited(E(10), "TAD-EST", D(2024, 5, 1), kEndOfRights);
}

void Contracts(ScriptedFeeds& f) {
  for (int i = 1; i <= 4; ++i) {
    f.Contract("activated", "K-" + E(i), E(i), "TAD-EST", kCerSocial, D(2024, 2, 1));
  }
  f.Contract("activated", "K-E5", E(5), "TAD-EST", kPpae, D(2024, 3, 15));
  for (int i = 1; i <= 5; ++i) {
    f.Contract("activated", "K-" + C(i), C(i), "TAD-CENTRE", i == 5 ? kPackSortie : kCerSocioPro,
               D(2024, 3, 1));
  }
  f.Contract("activated", "K-S1", "S1", "TAD-SUD", kCerSocial, D(2024, 3, 20));
}

void ContractEnds(ScriptedFeeds& f) {
  f.Contract("completed", "K-E4", E(4), "TAD-EST", kCerSocial, D(2024, 6, 1));
}

void Catalogue(ScriptedFeeds& f) {
  f.Offer("OFF-A", "STR-1", "3-7", 10, 600000);
  f.Offer("OFF-B", "STR-2", "3-1", 4, 0);
  std::vector<std::pair<std::string, std::string>> a;
  for (int i = 1; i <= 6; ++i) a.push_back({E(i), "TAD-EST"});
  a.push_back({C(1), "TAD-CENTRE"});
  a.push_back({C(2), "TAD-CENTRE"});
  for (const auto& [who, tad] : a) {
    f.Prescription("created", "P-" + who, who, tad, "OFF-A", "3-7", D(2024, 3, 1));
    f.Prescription("accepted", "P-" + who, who, tad, "OFF-A", "3-7", D(2024, 3, 2));
  }
  for (int i = 0; i < 7; ++i) {
    f.Prescription("started", "P-" + a[i].first, a[i].first, a[i].second, "OFF-A", "3-7",
                   D(2024, 3, 10));
  }
  for (const char* s : {"S1", "S2"}) {
    f.Prescription("created", std::string("P-") + s, s, "TAD-SUD", "OFF-B", "3-1", D(2024, 4, 1));
    f.Prescription("started", std::string("P-") + s, s, "TAD-SUD", "OFF-B", "3-1", D(2024, 4, 5));
  }
}

void CatalogueExits(ScriptedFeeds& f) {
  const std::vector<std::tuple<std::string, std::string, int, bool>> completed = {
      {E(1), "TAD-EST", kCdi, true},         {E(2), "TAD-EST", kCddLong, true},
      {E(3), "TAD-EST", kTraining, true},    {E(4), "TAD-EST", kNone, false},
      {E(5), "TAD-EST", kOtherOffer, false}, {C(1), "TAD-CENTRE", kCdi, true}};
  for (const auto& [who, tad, outcome, positive] : completed) {
    f.Prescription("completed", "P-" + who, who, tad, "OFF-A", "3-7", D(2024, 6, 30), outcome,
                   positive);
  }
  f.Prescription("abandoned", "P-E6", E(6), "TAD-EST", "OFF-A", "3-7", D(2024, 4, 15));
}

void Fraud(ScriptedFeeds& f) {
  const D opened(2024, 2, 1);
  f.Case("opened", "K1", E(9), "TAD-EST", opened, kDetected, 0, 0, 0);
  f.Case("opened", "K2", E(10), "TAD-EST", opened, kDetected, 0, 0, 0);
  f.Case("opened", "K3", C(6), "TAD-CENTRE", opened, kDetected, 0, 0, 0);
  f.Case("opened", "K4", C(1), "TAD-CENTRE", opened, kDetected, 0, 0, 0);
  f.Case("opened", "K5", C(2), "TAD-CENTRE", opened, kDetected, 0, 0, 0);
  f.Case("opened", "K6", E(8), "TAD-EST", opened, kDetected, 0, 0, 0);
}

void FraudOutcomes(ScriptedFeeds& f) {
  const D later(2024, 9, 1);
  f.Case("status_changed", "K1", E(9), "TAD-EST", later, kFraud, 100000, 0, 0);
  f.Case("fine_imposed", "K1", E(9), "TAD-EST", later, kFraud, 100000, 50000, 0);
  f.Case("recovery_recorded", "K1", E(9), "TAD-EST", later, kFraud, 100000, 50000, 30000);
  f.Case("status_changed", "K2", E(10), "TAD-EST", later, kFraud, 200000, 0, 0);
  f.Case("recovery_recorded", "K2", E(10), "TAD-EST", later, kFraud, 200000, 0, 100000);
  f.Case("status_changed", "K3", C(6), "TAD-CENTRE", later, kFraud, 50000, 0, 0);
  f.Case("fine_imposed", "K3", C(6), "TAD-CENTRE", later, kFraud, 50000, 20000, 0);
  f.Case("recovery_recorded", "K3", C(6), "TAD-CENTRE", later, kFraud, 50000, 20000, 70000);
  f.Case("status_changed", "K4", C(1), "TAD-CENTRE", later, kUnfounded, 0, 0, 0);
  f.Case("status_changed", "K5", C(2), "TAD-CENTRE", later, kError, 30000, 0, 0);
  f.Case("status_changed", "K6", E(8), "TAD-EST", later, kFraud, 20000, 0, 0);
  f.Case("fine_imposed", "K6", E(8), "TAD-EST", later, kFraud, 20000, 10000, 0);
}

}  // namespace

void PublishScenarioFirstHalf(ScriptedFeeds& f) {
  Catalogue(f);
  Orientation(f);
  Fraud(f);
  Contracts(f);
}

void PublishScenarioSecondHalf(ScriptedFeeds& f) {
  ContractEnds(f);
  FraudOutcomes(f);
  OrientationExits(f);
  CatalogueExits(f);
}

void PublishScenario(ScriptedFeeds& f) {
  PublishScenarioFirstHalf(f);
  PublishScenarioSecondHalf(f);
}

}  // namespace parcours::evaluation::testing
