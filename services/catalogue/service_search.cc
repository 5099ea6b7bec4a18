// CatalogueService: SearchOffers, served from this replica's in-memory index.
#include "libs/common/status_macros.h"
#include "services/catalogue/domain/page_token.h"
#include "services/catalogue/domain/validation.h"
#include "services/catalogue/service.h"

namespace parcours::catalogue {

grpc::Status CatalogueService::SearchOffers(grpc::ServerContext* ctx,
                                            const v1::SearchOffersRequest* req,
                                            v1::SearchOffersResponse* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization&) -> absl::Status {
    errors::FieldViolations v;
    ValidateSearch(*req, d_.ref, v);
    RETURN_IF_ERROR(v.ToStatus());

    SearchQuery q;
    q.terms = QueryTerms(req->query());
    q.thematiques.assign(req->thematiques().begin(), req->thematiques().end());
    if (!req->territory().empty()) q.territory = d_.ref.CommunesOf(req->territory());
    q.publics.assign(req->publics().begin(), req->publics().end());
    q.funding = req->funding();
    q.pdi_fiche = req->pdi_fiche();
    q.has_free_places = req->has_free_places();
    if (req->has_eligible_for()) q.eligible_for = req->eligible_for();
    q.today = d_.clock.Today();

    v1::SearchOffersRequest query = *req;
    query.clear_page_size();
    query.clear_page_token();
    const uint64_t fp = Fingerprint(query);
    std::optional<SearchCursor> after;
    if (!req->page_token().empty()) {
      ASSIGN_OR_RETURN(PagePosition pos, DecodePageToken(req->page_token(), fp));
      after = SearchCursor{pos.score, pos.last_id};
    }
    const SearchPage page =
        d_.index.snapshot()->Search(q, after, ClampPageSize(req->page_size(), 20, 100), d_.ref);
    for (const SearchHitRef& hit : page.hits) {
      v1::SearchHit* out = resp->add_hits();
      *out->mutable_offer() = hit.doc->offer;
      out->set_score(hit.score);
    }
    if (page.next.has_value()) {
      resp->set_next_page_token(EncodePageToken(fp, {page.next->score, page.next->id}));
    }
    return absl::OkStatus();
  });
}

}  // namespace parcours::catalogue
