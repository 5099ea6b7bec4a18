#include "services/catalogue/authorization.h"

#include <string>
#include <vector>

#include "libs/auth/principal.h"

namespace parcours::catalogue {

auth::AuthorizationPolicy CataloguePolicy() {
  using auth::PersonalData;
  using auth::Scope;
  const std::string c = "/parcours.catalogue.v1.Catalogue/";
  const std::string feed = "/parcours.events.v1.EventFeed/";
  // Everyone who works with the offer reads it.
  const std::vector<std::string> readers = {
      auth::kReferent,     auth::kOrientationAgent, auth::kOperator,
      auth::kSteering,     auth::kController,       auth::kAdmin,
      kOrientationService, kContractsService,       kEvaluationService};
  auth::AuthorizationPolicy p;

  p.Allow(c + "CreateStructure", {auth::kAdmin});
  p.Allow(c + "GetStructure", readers);
  p.Allow(c + "ListStructures", readers);
  p.Allow(c + "UpdateStructure", {auth::kOperator, auth::kAdmin}, Scope::kOwnStructure);
  p.Allow(c + "CloseStructure", {auth::kAdmin});

  for (const char* m :
       {"CreateOffer", "UpdateOffer", "PublishOffer", "SuspendOffer", "ArchiveOffer"}) {
    p.Allow(c + m, {auth::kOperator, auth::kAdmin}, Scope::kOwnStructure);
  }
  p.Allow(c + "GetOffer", readers);
  p.Allow(c + "ListOffers", readers);
  p.Allow(c + "SearchOffers", readers);

  // Prescriptions carry a pseudonymous beneficiary id: personal data, audited. Of the
  // services, only contracts reads them (one prescription, by the id a contract action
  // names); no service identity creates, lists or cancels one.
  p.Allow(c + "CreatePrescription", {auth::kReferent, auth::kOrientationAgent, auth::kAdmin},
          Scope::kOwnTerritory, PersonalData::kYes);
  p.Allow(c + "GetPrescription",
          {auth::kReferent, auth::kOrientationAgent, auth::kOperator, auth::kAdmin,
           kContractsService},
          Scope::kOwnTerritory, PersonalData::kYes);
  p.Allow(c + "ListPrescriptions",
          {auth::kReferent, auth::kOrientationAgent, auth::kOperator, auth::kAdmin},
          Scope::kOwnTerritory, PersonalData::kYes);
  for (const char* m : {"AcceptPrescription", "RefusePrescription", "StartPrescription",
                        "CompletePrescription", "AbandonPrescription"}) {
    p.Allow(c + m, {auth::kOperator, auth::kAdmin}, Scope::kOwnStructure, PersonalData::kYes);
  }
  p.Allow(c + "CancelPrescription", {auth::kReferent, auth::kOrientationAgent, auth::kAdmin},
          Scope::kOwnTerritory, PersonalData::kYes);

  p.Allow(c + "GetMobilisation",
          {auth::kSteering, auth::kReferent, auth::kOrientationAgent, auth::kOperator, auth::kAdmin,
           kEvaluationService},
          Scope::kAggregatesOnly);
  p.Allow(c + "ImportDataInclusion", {auth::kAdmin});
  p.Allow(c + "ExportDataInclusion", {auth::kAdmin, auth::kSteering});

  // The feed: this service's own replicas (search index) and the services that project it.
  for (const char* m : {"StreamEvents", "GetFeedHead"}) {
    p.Allow(feed + m, {kCatalogueService, kEvaluationService, kOrientationService,
                       kContractsService, auth::kAdmin});
  }
  return p;
}

}  // namespace parcours::catalogue
