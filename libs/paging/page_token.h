// Cursor pagination, the same way in every service (docs/SERVICES.md "Pagination"):
// page_size 0 means the list's default, larger than its maximum is clamped, negative is
// INVALID_ARGUMENT; page tokens are opaque base64url text holding the position after which
// the next page starts and a fingerprint of the query, so a token is only accepted with
// the filters that produced it (AIP-158) and a forged or foreign one is refused naming
// `page_token`. Tokens carry sort keys and ids, never personal data, and stay valid across
// replicas and restarts (the fingerprint is a fixed hash, not a per-process one).
//
//   errors::FieldViolations v;
//   paging::Page page = paging::Page::Read(*req, v);      // reads page_size and page_token
//   ... other fields ...; RETURN_IF_ERROR(v.ToStatus());
//   Listing l = store.List(filter, page.after_key(), page.size);
//   if (l.more) resp->set_next_page_token(page.NextToken(l.last_id));
#ifndef PARCOURS_LIBS_PAGING_PAGE_TOKEN_H_
#define PARCOURS_LIBS_PAGING_PAGE_TOKEN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "libs/errors/field_violations.h"

namespace parcours::paging {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// Where a page ends: the sort key of its last item (an id, or a composite key), and a score
// for lists ordered by score first (0 otherwise).
struct Position {
  int64_t score = 0;
  std::string key;
  bool operator==(const Position&) const = default;
};

// FNV-1a 64 of the deterministic serialization of `request` with its page_size and
// page_token fields cleared: the query, not the page.
uint64_t QueryFingerprint(const google::protobuf::Message& request);

std::string EncodeToken(uint64_t fingerprint, const Position& position);

// INVALID_ARGUMENT naming `field` when the token is malformed or belongs to another query.
absl::StatusOr<Position> DecodeToken(std::string_view token, uint64_t fingerprint,
                                     const std::string& field = "page_token");

// page_size 0 → default_size, above max_size → max_size (negative: see Page::Read).
int ClampPageSize(int32_t requested, int default_size = kDefaultPageSize,
                  int max_size = kMaxPageSize);

// The paging of one list request.
class Page {
 public:
  struct Limits {
    int default_size = kDefaultPageSize;
    int max_size = kMaxPageSize;
    std::string prefix;  // for a list request nested in another: "offers." → "offers.page_size"
  };

  // Reads the request's int32 `page_size` and string `page_token` fields (a request without
  // them is a programming error and aborts); problems are added to `v`.
  static Page Read(const google::protobuf::Message& request, errors::FieldViolations& v,
                   const Limits& limits);
  static Page Read(const google::protobuf::Message& request, errors::FieldViolations& v) {
    return Read(request, v, Limits{});
  }

  int size() const { return size_; }
  // Where the previous page ended; empty on the first page.
  const std::optional<Position>& after() const { return after_; }
  // The previous page's last key, "" on the first page.
  std::string after_key() const { return after_ ? after_->key : std::string(); }

  // The token of the page after the one ending at `last`.
  std::string NextToken(const Position& last) const { return EncodeToken(fingerprint_, last); }
  std::string NextToken(std::string last_key) const {
    return NextToken(Position{.score = 0, .key = std::move(last_key)});
  }

 private:
  int size_ = kDefaultPageSize;
  uint64_t fingerprint_ = 0;
  std::optional<Position> after_;
};

}  // namespace parcours::paging

#endif  // PARCOURS_LIBS_PAGING_PAGE_TOKEN_H_
