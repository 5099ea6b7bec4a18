#!/usr/bin/env python3
"""Writes the fuzz inputs too big to keep in the tree into DIR, named <target>.<case>:
repeated fields with a million entries, and a few-megabyte strings. scripts/fuzz runs each
once through its target."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wire import ld, vint  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
MILLION = 1_000_000


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8", "surrogateescape"))


# catalogue: CreateOfferRequest (selector 0) with a million thematiques, a million
# sessions; CreatePrescriptionRequest (2) with a 4 MB beneficiary id.
thematique = ld(6, "mobilite--preparer-un-permis")
write("catalogue_validation_fuzz_test.million_thematiques",
      b"\x00" + ld(1, "r") + ld(2, ld(3, "Permis B") + thematique * MILLION))
session = ld(17, vint(3, 5))
write("catalogue_validation_fuzz_test.million_sessions",
      b"\x00" + ld(1, "r") + ld(2, ld(3, "Permis B") + session * MILLION))
write("catalogue_validation_fuzz_test.huge_id",
      b"\x02" + ld(1, "r") + ld(2, ld(2, "b" * (4 << 20))))
# data·inclusion: 100,000 (empty) services, and one service with 10,000 publics. A
# million of either takes minutes under the sanitizers (each rejected record carries its
# reasons): too long for scripts/test.
HUNDRED_K = 100_000
write("data_inclusion_fuzz_test.many_services",
      '{"structures":[],"services":[' + ",".join(["{}"] * HUNDRED_K) + "]}")
write("data_inclusion_fuzz_test.many_publics",
      '{"structures":[{"id":"s","nom":"S"}],"services":[{"id":"x","structure_id":"s",'
      '"nom":"Atelier","publics":[' + ",".join(['"adultes"'] * 10_000) + "]}]}")
# CAF flow: a million lines.
header = "kind;caf_number;event_date\n"
write("caf_flow_fuzz_test.million_lines",
      header + "".join(f"ENTRANT;{1000000 + i};2024-03-01\n" for i in range(MILLION)))
# fraud: a declaration with a million amounts, and a million lines of cross-checks.
write("fraud_import_fuzz_test.million_amounts",
      "\x01" + '{"caf_number":"1234567","period":{"year":2024,"quarter":1},"amounts":['
      + ",".join(['{"category":"INCOME_CATEGORY_SALARY","amount_cents":1}'] * MILLION) + "]}\n")
write("fraud_import_fuzz_test.million_lines",
      "\x02" + "".join(f'{{"caf_number":"{1000000 + i}","source":1,"reference":"r{i}"}}\n'
                      for i in range(MILLION)))
