// The SQLite driver behind database.h: the embedded default, one file per service.
//
//   DatabaseOptions options{.url = "sqlite:///var/lib/parcours/catalogue.db"};
//   ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenSqliteDatabase(options));
//
// URLs: "sqlite:///abs/path.db", "sqlite://relative/path.db", "sqlite::memory:" (one
// private in-memory database, so a pool of one connection).
//
// Each connection runs in WAL mode with synchronous=NORMAL, foreign keys on, and keeps its
// prepared statements by SQL text. Write transactions are BEGIN IMMEDIATE, so writers
// queue on the database lock (busy timeout = statement_timeout) instead of failing on a
// lock upgrade. Lock errors map to:
//   - SQLITE_BUSY after waiting the whole busy timeout → UNAVAILABLE: another writer held
//     the database that long, an immediate retry would only wait again;
//   - SQLITE_BUSY_SNAPSHOT (a kRead transaction that wrote after another writer
//     committed) and SQLITE_LOCKED → ABORTED: a genuine conflict, InTransaction retries.
// A statement that runs past statement_timeout is interrupted: DEADLINE_EXCEEDED.
#ifndef PARCOURS_LIBS_STORAGE_SQLITE_DATABASE_H_
#define PARCOURS_LIBS_STORAGE_SQLITE_DATABASE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "libs/storage/database.h"

namespace parcours::storage {

absl::StatusOr<std::unique_ptr<Database>> OpenSqliteDatabase(const DatabaseOptions& options);

}  // namespace parcours::storage

#endif  // PARCOURS_LIBS_STORAGE_SQLITE_DATABASE_H_
