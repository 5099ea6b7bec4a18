// The contractualisation rate (taux de contractualisation): among beneficiaries subject to
// rights and duties, the share with a contract in force; per territory and orientation
// type, with statistical secrecy — a cell of fewer than k beneficiaries shows no figure.
//
//   RateFigure f = MakeRateFigure(/*subject=*/40, /*with_contract=*/31, /*k=*/5);
//   // f.rate == 0.775, f.suppressed == false
#ifndef PARCOURS_SERVICES_CONTRACTS_DOMAIN_RATE_H_
#define PARCOURS_SERVICES_CONTRACTS_DOMAIN_RATE_H_

#include <cstdint>

namespace parcours::contracts {

struct RateFigure {
  int64_t subject = 0;
  int64_t with_contract = 0;
  double rate = 0;
  bool suppressed = false;  // counts and rate withheld (zeroed)
};

RateFigure MakeRateFigure(int64_t subject, int64_t with_contract, int k);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_DOMAIN_RATE_H_
