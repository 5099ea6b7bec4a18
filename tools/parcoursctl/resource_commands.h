// parcoursctl list|get <resource>: the main resources of the suite.
//
//   list offers        [--status=OFFER_STATUS_PUBLISHED] [--structure=str_…]
//   list beneficiaries [--status=TO_CONVENE] [--tad=TAD-EST] [--mds=…] [--commune=91228]
//   list contracts     [--status=ACTIVE] [--beneficiary=ben_…] [--tad=…]
//   list cases         [--status=CASE_STATUS_DETECTED] [--tad=…]
//   get offer|beneficiary|contract|case ID
//
// list prints one tab-separated line per item after a header (no identity: a
// beneficiary's name and contact only appear in `get beneficiary`), pages through
// everything unless --limit=N, and with --count prints the number of items only.
// get prints the resource as JSON. Beneficiaries are personal data: the call is audited
// with --purpose (x-parcours-purpose).
#ifndef PARCOURS_TOOLS_PARCOURSCTL_RESOURCE_COMMANDS_H_
#define PARCOURS_TOOLS_PARCOURSCTL_RESOURCE_COMMANDS_H_

#include "tools/parcoursctl/cli.h"

namespace parcours::ctl {

int RunList(Cli& cli);
int RunGet(Cli& cli);

}  // namespace parcours::ctl

#endif  // PARCOURS_TOOLS_PARCOURSCTL_RESOURCE_COMMANDS_H_
