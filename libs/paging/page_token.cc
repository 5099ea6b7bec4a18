#include "libs/paging/page_token.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"

namespace parcours::paging {
namespace {

using google::protobuf::FieldDescriptor;

constexpr char kVersion[] = "p1";

const FieldDescriptor* PagingField(const google::protobuf::Message& request, const char* name,
                                   FieldDescriptor::CppType type) {
  const FieldDescriptor* f = request.GetDescriptor()->FindFieldByName(name);
  if (f == nullptr || f->cpp_type() != type || f->is_repeated()) {
    std::fprintf(stderr, "%s has no %s field to page with\n",
                 request.GetDescriptor()->full_name().c_str(), name);
    std::abort();
  }
  return f;
}

}  // namespace

// FNV-1a 64 of the request's deterministic serialization minus its paging fields. The
// top-level fields are walked on the wire and the paging ones skipped, rather than hashing
// a copy with them cleared: the same bytes (deterministic serialization writes fields in
// number order), without copying the request on every list call.
uint64_t QueryFingerprint(const google::protobuf::Message& request) {
  const google::protobuf::Descriptor* d = request.GetDescriptor();
  const FieldDescriptor* size_field = d->FindFieldByName("page_size");
  const FieldDescriptor* token_field = d->FindFieldByName("page_token");
  const int skipped[2] = {size_field ? size_field->number() : 0,
                          token_field ? token_field->number() : 0};
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  uint64_t h = 14695981039346656037ull;
  const auto hash = [&h](const uint8_t* p, int n) {
    for (int i = 0; i < n; ++i) {
      h ^= p[i];
      h *= 1099511628211ull;
    }
  };
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  google::protobuf::io::CodedInputStream in(data, static_cast<int>(bytes.size()));
  while (true) {
    const int start = in.CurrentPosition();
    const uint32_t tag = in.ReadTag();
    if (tag == 0) break;
    if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) {
      hash(data + start, static_cast<int>(bytes.size()) - start);  // cannot happen: our bytes
      break;
    }
    const int number = static_cast<int>(google::protobuf::internal::WireFormatLite::GetTagFieldNumber(tag));
    if (number != skipped[0] && number != skipped[1]) hash(data + start, in.CurrentPosition() - start);
  }
  return h;
}

std::string EncodeToken(uint64_t fingerprint, const Position& position) {
  return absl::WebSafeBase64Escape(absl::StrCat(kVersion, "|", absl::Hex(fingerprint), "|",
                                                position.score, "|", position.key));
}

absl::StatusOr<Position> DecodeToken(std::string_view token, uint64_t fingerprint,
                                     const std::string& field) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(absl::string_view(token.data(), token.size()), &raw)) {
    return errors::InvalidField(field, "not a token this list returned");
  }
  std::vector<std::string> parts = absl::StrSplit(raw, absl::MaxSplits('|', 3));
  uint64_t fp = 0;
  Position pos;
  if (parts.size() != 4 || parts[0] != kVersion || !absl::SimpleHexAtoi(parts[1], &fp) ||
      !absl::SimpleAtoi(parts[2], &pos.score) || parts[3].empty()) {
    return errors::InvalidField(field, "not a token this list returned");
  }
  if (fp != fingerprint) {
    return errors::InvalidField(field,
                                "the token belongs to another query: repeat the same filters");
  }
  pos.key = std::move(parts[3]);
  return pos;
}

int ClampPageSize(int32_t requested, int default_size, int max_size) {
  if (requested <= 0) return default_size;
  return std::min<int>(requested, max_size);
}

Page Page::Read(const google::protobuf::Message& request, errors::FieldViolations& v,
                const Limits& limits) {
  const auto* reflection = request.GetReflection();
  const int32_t requested = reflection->GetInt32(
      request, PagingField(request, "page_size", FieldDescriptor::CPPTYPE_INT32));
  const std::string token = reflection->GetString(
      request, PagingField(request, "page_token", FieldDescriptor::CPPTYPE_STRING));
  Page page;
  if (requested < 0) v.Add(limits.prefix + "page_size", "must be >= 0");
  page.size_ = ClampPageSize(requested, limits.default_size, limits.max_size);
  page.fingerprint_ = QueryFingerprint(request);
  if (!token.empty()) {
    absl::StatusOr<Position> after =
        DecodeToken(token, page.fingerprint_, limits.prefix + "page_token");
    if (after.ok()) {
      page.after_ = *std::move(after);
    } else {
      for (errors::FieldViolation& x : errors::ViolationsOf(after.status())) {
        v.Add(std::move(x.field), std::move(x.description));
      }
    }
  }
  return page;
}

}  // namespace parcours::paging
