// CatalogueService: SearchOffers, served from this replica's in-memory index.
#include "libs/common/status_macros.h"
#include "libs/paging/page_token.h"
#include "services/catalogue/domain/validation.h"
#include "services/catalogue/service.h"

namespace parcours::catalogue {

grpc::Status CatalogueService::SearchOffers(grpc::ServerContext* ctx,
                                            const v1::SearchOffersRequest* req,
                                            v1::SearchOffersResponse* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization&) -> absl::Status {
    errors::FieldViolations v;
    ValidateSearch(*req, d_.ref, v);
    const paging::Page requested =
        paging::Page::Read(*req, v, {.default_size = 20, .max_size = 100});
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

    std::optional<SearchCursor> after;
    if (requested.after().has_value()) {
      after = SearchCursor{requested.after()->score, requested.after()->key};
    }
    const SearchPage page = d_.index.snapshot()->Search(q, after, requested.size(), d_.ref);
    for (const SearchHitRef& hit : page.hits) {
      v1::SearchHit* out = resp->add_hits();
      *out->mutable_offer() = hit.doc->offer;
      out->set_score(hit.score);
    }
    if (page.next.has_value()) {
      resp->set_next_page_token(requested.NextToken({page.next->score, page.next->id}));
    }
    return absl::OkStatus();
  });
}

}  // namespace parcours::catalogue
