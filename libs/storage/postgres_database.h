// The PostgreSQL driver behind database.h (libpq), for production and shared deployments.
//
//   DatabaseOptions options{.url = "postgresql://parcours@db:5432/catalogue"};
//   ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenPostgresDatabase(options));
//
// Connections open lazily, each with the session's statement_timeout, and keep their
// prepared statements (PQprepare once per SQL text; the cache dies with the connection).
// `?` placeholders are rewritten to $1..$n; parameters go as text, BYTEA as binary;
// results are typed by column type (int2/4/8 and bool → int64, float4/8/numeric →
// double, bytea → Bytes, anything else → text). Errors map by SQLSTATE (postgres_errors.h).
//
// A connection broken by a server restart is noticed when next used: Begin drops it and
// tries the next (or a new one), so the process recovers without restarting; while the
// server is down, Begin fails with UNAVAILABLE within connect_timeout (a refused
// connection fails at once). A COMMIT whose connection breaks returns UNAVAILABLE: its
// outcome is unknown, which is why creates carry a client request_id.
#ifndef PARCOURS_LIBS_STORAGE_POSTGRES_DATABASE_H_
#define PARCOURS_LIBS_STORAGE_POSTGRES_DATABASE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "libs/storage/database.h"

namespace parcours::storage {

// INVALID_ARGUMENT when libpq cannot parse the URL; does not connect yet.
absl::StatusOr<std::unique_ptr<Database>> OpenPostgresDatabase(const DatabaseOptions& options);

}  // namespace parcours::storage

#endif  // PARCOURS_LIBS_STORAGE_POSTGRES_DATABASE_H_
