// CatalogueService: SearchOffers, served from this replica's in-memory index. A raw
// callback method (service.h says why): the request is parsed here and the response is
// written as wire bytes from the hits' pre-serialized offers.
#include "libs/common/status_macros.h"
#include "libs/paging/page_token.h"
#include "libs/server/raw_messages.h"
#include "services/catalogue/domain/validation.h"
#include "services/catalogue/search/encoded_hits.h"
#include "services/catalogue/service.h"

namespace parcours::catalogue {

using server::ParseRawRequest;
using server::RawResponse;

grpc::ServerUnaryReactor* CatalogueService::SearchOffers(grpc::CallbackServerContext* ctx,
                                                         const grpc::ByteBuffer* request,
                                                         grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  v1::SearchOffersRequest req;
  if (grpc::Status parsed = ParseRawRequest(*request, req); !parsed.ok()) {
    reactor->Finish(parsed);
    return reactor;
  }
  std::string wire;
  grpc::Status status = Handle(
      ctx, [&](const auth::CallAuthorization&) -> absl::Status { return Search(req, wire); });
  if (status.ok()) *response = RawResponse(std::move(wire));
  reactor->Finish(status);
  return reactor;
}

absl::Status CatalogueService::Search(const v1::SearchOffersRequest& req, std::string& wire) const {
  errors::FieldViolations v;
  ValidateSearch(req, d_.ref, v);
  const paging::Page requested = paging::Page::Read(req, v, {.default_size = 20, .max_size = 100});
  RETURN_IF_ERROR(v.ToStatus());

  SearchQuery q;
  q.terms = QueryTerms(req.query());
  q.thematiques.assign(req.thematiques().begin(), req.thematiques().end());
  if (!req.territory().empty()) q.territory = d_.ref.CommunesOf(req.territory());
  q.publics.assign(req.publics().begin(), req.publics().end());
  q.funding = req.funding();
  q.pdi_fiche = req.pdi_fiche();
  q.has_free_places = req.has_free_places();
  if (req.has_eligible_for()) q.eligible_for = req.eligible_for();
  q.today = d_.clock.Today();

  std::optional<SearchCursor> after;
  if (requested.after().has_value()) {
    after = SearchCursor{requested.after()->score, requested.after()->key};
  }
  const SearchPage page = d_.index.snapshot()->Search(q, after, requested.size(), d_.ref);
  const std::string next =
      page.next.has_value() ? requested.NextToken({page.next->score, page.next->id}) : "";
  wire = EncodeSearchOffersResponse(page.hits, next);
  return absl::OkStatus();
}

}  // namespace parcours::catalogue
