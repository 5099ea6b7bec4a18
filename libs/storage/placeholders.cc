#include "libs/storage/placeholders.h"

#include <bit>

namespace parcours::storage {
namespace {

void AppendPlaceholders(std::string& out, size_t n) {
  for (size_t i = 0; i < n; ++i) out.append(i == 0 ? "?" : ", ?");
}

}  // namespace

std::string Placeholders(size_t n) {
  std::string out;
  out.reserve(n * 3);
  AppendPlaceholders(out, n);
  return out;
}

std::string RowPlaceholders(size_t rows, size_t columns) {
  std::string row = "(";
  AppendPlaceholders(row, columns);
  row.push_back(')');
  std::string out;
  out.reserve(rows * (row.size() + 2));
  for (size_t i = 0; i < rows; ++i) {
    if (i > 0) out.append(", ");
    out.append(row);
  }
  return out;
}

std::vector<size_t> RowRuns(size_t rows, size_t max_rows) {
  std::vector<size_t> runs;
  if (max_rows == 0) max_rows = 1;  // never lose rows to a bad limit
  for (; rows >= max_rows; rows -= max_rows) runs.push_back(max_rows);
  for (; rows > 0; rows -= runs.back()) runs.push_back(std::bit_floor(rows));
  return runs;
}

}  // namespace parcours::storage
