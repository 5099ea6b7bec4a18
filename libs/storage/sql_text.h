// Dialect rewrites of SQL text (internal to libs/storage): `?` placeholders become
// PostgreSQL's `$1..$n`, and the portable type words of migrations (SERIAL_PK, BLOB)
// become each dialect's own. Both look only at SQL code, never inside quoted strings,
// quoted identifiers, dollar-quoted bodies or comments.
//
//   RewritePlaceholders("SELECT '?' , ? FROM t WHERE a = ?")
//     → {"SELECT '?' , $1 FROM t WHERE a = $2", 2}
#ifndef PARCOURS_LIBS_STORAGE_SQL_TEXT_H_
#define PARCOURS_LIBS_STORAGE_SQL_TEXT_H_

#include <string>
#include <string_view>

#include "libs/storage/database.h"

namespace parcours::storage {

struct NumberedSql {
  std::string sql;
  int params = 0;  // how many placeholders were numbered
};

// `?` → `$1`, `$2`, … in order of appearance.
NumberedSql RewritePlaceholders(std::string_view sql);

// SERIAL_PK and BLOB (whole words, any case) → the dialect's column types.
std::string TranslatePortableTypes(std::string_view sql, Dialect dialect);

}  // namespace parcours::storage

#endif  // PARCOURS_LIBS_STORAGE_SQL_TEXT_H_
