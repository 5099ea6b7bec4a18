// Request and response bytes for gRPC's raw callback methods (WithRawCallbackMethod_*),
// which a service uses where its answer already exists as wire bytes (a cache entry, a
// pre-serialized search hit) and the typed API would parse and serialize it again.
//
//   v1::GetOfferRequest req;
//   if (grpc::Status parsed = ParseRawRequest(*request, req); !parsed.ok()) {
//     reactor->Finish(parsed);
//     return reactor;
//   }
//   *response = RawResponse(cached_bytes);
#ifndef PARCOURS_LIBS_SERVER_RAW_MESSAGES_H_
#define PARCOURS_LIBS_SERVER_RAW_MESSAGES_H_

#include <cstddef>
#include <string>
#include <utility>

#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "grpcpp/support/status.h"

namespace parcours::server {

// Parses `request` as the typed API would, with the same answer for bytes that are not a
// `Message` (INTERNAL, "Failed to parse..."). The buffer is not consumed.
template <typename Message>
grpc::Status ParseRawRequest(const grpc::ByteBuffer& request, Message& message) {
  grpc::ByteBuffer bytes = request;  // shares the slices; Deserialize consumes its buffer
  return grpc::SerializationTraits<Message>::Deserialize(&bytes, &message);
}

// One slice holding a copy of `wire`.
inline grpc::ByteBuffer RawResponse(const std::string& wire) {
  grpc::Slice slice(wire);
  return grpc::ByteBuffer(&slice, 1);
}

// One slice over `wire` itself, which the buffer then owns: no copy of the bytes, for a
// string made for this response (a copy out of a cache, a serialization). Below
// kMinBytesToShare bytes a copy is cheaper than the string's extra allocation.
inline grpc::ByteBuffer RawResponse(std::string&& wire) {
  constexpr size_t kMinBytesToShare = 256;
  if (wire.size() < kMinBytesToShare) return RawResponse(static_cast<const std::string&>(wire));
  auto* owned = new std::string(std::move(wire));
  grpc::Slice slice(owned->data(), owned->size(),
                    [](void* s) { delete static_cast<std::string*>(s); }, owned);
  return grpc::ByteBuffer(&slice, 1);
}

}  // namespace parcours::server

#endif  // PARCOURS_LIBS_SERVER_RAW_MESSAGES_H_
