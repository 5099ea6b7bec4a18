// Placeholder lists for statements whose size depends on the data: IN lists and the rows
// of a multi-row INSERT. One builder for every store, so that the text of a statement for
// n rows is always the same (the drivers cache prepared statements by their text).
//
//   std::string sql = absl::StrCat("SELECT id FROM households WHERE id IN (",
//                                  Placeholders(ids.size()), ")");
//   tx.Exec(absl::StrCat("INSERT INTO case_rules (case_id, rule_id) VALUES ",
//                        RowPlaceholders(rows, 2)), params);   // "(?, ?), (?, ?)"
#ifndef PARCOURS_LIBS_STORAGE_PLACEHOLDERS_H_
#define PARCOURS_LIBS_STORAGE_PLACEHOLDERS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace parcours::storage {

// "?, ?, ?" (n placeholders; "" for 0).
std::string Placeholders(size_t n);

// "(?, ?), (?, ?)": `rows` rows of `columns` placeholders each ("" for 0 rows).
std::string RowPlaceholders(size_t rows, size_t columns);

// How to cut `rows` rows into multi-row statements when their number varies from call to
// call: runs of `max_rows`, then the rest in powers of two, largest first. 45 rows, at
// most 32 a statement: 32, 8, 4, 1. However the counts vary, a statement then never has
// more than log2(max_rows) + 2 distinct texts, which keeps the drivers' statement caches
// small, for at most rows / max_rows + log2(max_rows) + 1 statements a call. (A max_rows
// of 0 counts as 1.)
std::vector<size_t> RowRuns(size_t rows, size_t max_rows);

}  // namespace parcours::storage

#endif  // PARCOURS_LIBS_STORAGE_PLACEHOLDERS_H_
