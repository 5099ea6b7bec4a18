// parcoursctl import <kind> FILE: streams a file to the service that owns it and prints
// the summary, then one line per rejected record (its position in the file).
//
//   caf            orientation ImportCafFlow (client stream), CAF flow CSV
//                  (services/orientation/domain/caf_flow_csv.h)
//   data-inclusion catalogue ImportDataInclusion, data·inclusion v1 JSON, sent in batches
//                  of --batch=500 records (structures first); --publish creates services
//                  PUBLISHED
//   referents      orientation CreateReferent (with its request_id) then PublishSlots, JSON
//                  lines {"request_id", "referent": {...}, "slots": [{...}]}
//   households | declarations | cross-checks | reports
//                  fraud's streaming imports, JSON lines of the record messages
//                  (services/fraud/ingest/jsonl.h)
//
// Every import is idempotent on the service side: a second run changes nothing and
// rejects nothing new. Exit 0 when nothing was rejected, kExitFailed (1) when some records
// were, otherwise the exit code of the failed call (exit_codes.h).
#ifndef PARCOURS_TOOLS_PARCOURSCTL_IMPORT_COMMANDS_H_
#define PARCOURS_TOOLS_PARCOURSCTL_IMPORT_COMMANDS_H_

#include "tools/parcoursctl/cli.h"

namespace parcours::ctl {

int RunImport(Cli& cli);

}  // namespace parcours::ctl

#endif  // PARCOURS_TOOLS_PARCOURSCTL_IMPORT_COMMANDS_H_
