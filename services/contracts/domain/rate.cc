#include "services/contracts/domain/rate.h"

namespace parcours::contracts {

RateFigure MakeRateFigure(int64_t subject, int64_t with_contract, int k) {
  RateFigure f;
  if (subject < k) {
    f.suppressed = true;
    return f;
  }
  f.subject = subject;
  f.with_contract = with_contract;
  f.rate = subject == 0 ? 0 : static_cast<double>(with_contract) / static_cast<double>(subject);
  return f;
}

}  // namespace parcours::contracts
