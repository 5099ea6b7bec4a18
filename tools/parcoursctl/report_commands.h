// parcoursctl's long-running and reporting commands.
//
//   fraud batch [--chunk-size=2000]   runs fraud's RunBatchScoring and draws a progress bar
//                                     (stderr) from the streamed BatchProgress; prints the
//                                     totals at the end
//   bilan --year=Y [--month=M] [--fiche=2-2]
//                                     evaluation's bilan as a table: fiche, indicator,
//                                     value (or "secret" / "-"), population, target, met
//   export --table=bilan|cohorts|offers [--year=Y] [--month=M] [--from=YYYY-MM --to=YYYY-MM]
//          [--out=FILE]              evaluation's CSV export, to FILE or stdout
#ifndef PARCOURS_TOOLS_PARCOURSCTL_REPORT_COMMANDS_H_
#define PARCOURS_TOOLS_PARCOURSCTL_REPORT_COMMANDS_H_

#include <string>

#include "tools/parcoursctl/cli.h"

namespace parcours::ctl {

int RunFraud(Cli& cli);
int RunBilan(Cli& cli);
int RunExport(Cli& cli);

// "[#########...........]  45%  450/1000 files" — width 30, for the progress bar.
std::string ProgressBar(int64_t done, int64_t total);

}  // namespace parcours::ctl

#endif  // PARCOURS_TOOLS_PARCOURSCTL_REPORT_COMMANDS_H_
