// The scripted year 2024 the service tests compute by hand. Three territories:
//   TAD-EST    E1..E10 enter 2024-01-05 (all subject to rights and duties); E1..E8
//              convened 01-15, E1 and E2 again 01-25; E1..E7 oriented 01-20 (E1..E4
//              SOCIAL, E5..E7 PROFESSIONAL), E8 oriented 03-05 PROFESSIONAL; E9 exits
//              04-10 (income above threshold = employment), E10 exits 05-01 (end of rights).
//   TAD-CENTRE C1..C6 enter 2024-02-10 (C6 not subject to rights and duties), convened
//              02-12, oriented 02-20 SOCIO_PROFESSIONAL.
//   TAD-SUD    S1, S2 enter 2024-03-01, convened 03-05, oriented 03-10 SOCIAL (the small
//              territory: every cell of it is hidden).
// Contracts: E1..E4 CER_SOCIAL and E5 PPAE activated (02-01, 03-15), E4's completed 06-01;
//   C1..C4 CER_SOCIO_PROFESSIONAL and C5 PACK_SORTIE activated 03-01; S1 CER_SOCIAL 03-20.
// Offers: OFF-A (STR-1, fiche 3-7, 10 places, 6,000 €): E1..E6, C1, C2 prescribed 03-01,
//   accepted 03-02; E1..E6, C1 started 03-10; E1 CDI+, E2 CDD>=6m+, E3 training+, E4 none,
//   E5 other offer, C1 CDI+ completed 06-30; E6 abandoned 04-15.
//   OFF-B (STR-2, fiche 3-1, 4 places): S1, S2 prescribed 04-01, started 04-05.
// Fraud cases (opened 02-01): K1 E9 fraud 1000€ + fine 500€, 300€ recovered; K2 E10 fraud
//   2000€, 1000€ recovered; K3 C6 fraud 500€ + fine 200€, 700€ recovered; K4 C1 unfounded;
//   K5 C2 error 300€; K6 E8 fraud 200€ + fine 100€.
#ifndef PARCOURS_SERVICES_EVALUATION_TESTS_SCENARIO_DATA_H_
#define PARCOURS_SERVICES_EVALUATION_TESTS_SCENARIO_DATA_H_

#include "services/evaluation/tests/scripted_feeds.h"

namespace parcours::evaluation::testing {

// The whole year; catalogue and contracts events come before orientation's in their
// feeds' order only by chance of the consumers: the figures must not depend on it.
void PublishScenario(ScriptedFeeds& feeds);

// The first half (in each feed) and the second half of the same scenario.
void PublishScenarioFirstHalf(ScriptedFeeds& feeds);
void PublishScenarioSecondHalf(ScriptedFeeds& feeds);

}  // namespace parcours::evaluation::testing

#endif  // PARCOURS_SERVICES_EVALUATION_TESTS_SCENARIO_DATA_H_
