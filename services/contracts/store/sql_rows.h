// Row ⇄ domain conversions shared by the SQL store's files: column lists in one place,
// dates as 'YYYY-MM-DD', instants as microseconds, visibility and paging as WHERE clauses.
#ifndef PARCOURS_SERVICES_CONTRACTS_STORE_SQL_ROWS_H_
#define PARCOURS_SERVICES_CONTRACTS_STORE_SQL_ROWS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/storage/database.h"
#include "services/contracts/domain/model.h"
#include "services/contracts/store/contracts_store.h"

namespace parcours::contracts::sql {

extern const char kContractColumns[];
extern const char kProcedureColumns[];

Contract ContractFromRow(const storage::Row& row);
storage::Params ContractParams(const Contract& c);  // in kContractColumns order
SanctionProcedure ProcedureFromRow(const storage::Row& row);
storage::Params ProcedureParams(const SanctionProcedure& p);

std::optional<std::string> Day(const std::optional<absl::CivilDay>& d);
std::string Day(absl::CivilDay d);
absl::CivilDay DayOf(const storage::Row& row, size_t i);  // a NOT NULL date column
std::optional<absl::CivilDay> OptDayOf(const storage::Row& row, size_t i);
int64_t Micros(absl::Time t);
absl::Time TimeOf(const storage::Row& row, size_t i);

// Appends "AND <alias>.referent_id = ? AND <alias>.tad IN (?, ...)" for `v`.
void AddVisibility(const Visibility& v, const std::string& alias, std::string& sql,
                   storage::Params& params);

}  // namespace parcours::contracts::sql

#endif  // PARCOURS_SERVICES_CONTRACTS_STORE_SQL_ROWS_H_
