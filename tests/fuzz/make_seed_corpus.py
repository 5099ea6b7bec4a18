#!/usr/bin/env python3
"""Regenerates the small nasty inputs kept in tests/fuzz/corpus/ (run from anywhere):
invalid UTF-8, long strings, negative and overflowing amounts, dates in year 0 and 9999,
unknown enum values, duplicated fields. The big ones are made at run time
(make_big_inputs.py)."""
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from wire import date, double, ld, vint  # noqa: E402

corpus = os.path.join(here, "corpus")
BAD_UTF8 = b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc\xff\xfe\xed\xa0\x80"
INT64_MIN, INT64_MAX, INT32_MAX = -(1 << 63), (1 << 63) - 1, (1 << 31) - 1


def put(target, name, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


# --- catalogue: selector byte + protobuf -------------------------------------------------
offer = (ld(2, "str_1") + ld(3, "Permis B accompagné") + ld(5, "Préparation au permis")
         + ld(6, "mobilite--preparer-un-permis") + ld(7, "formation")
         + ld(8, "beneficiaires-des-minimas-sociaux") + vint(10, 2) + ld(11, "en-presentiel")
         + ld(14, ld(1, "TAD-EST")))
put("catalogue_validation_fuzz_test", "offer_valid", b"\x00" + ld(1, "req-1") + ld(2, offer))
put("catalogue_validation_fuzz_test", "offer_bad_utf8",
    b"\x00" + ld(1, BAD_UTF8) + ld(2, ld(3, BAD_UTF8) + ld(6, BAD_UTF8) + ld(14, ld(1, BAD_UTF8))))
put("catalogue_validation_fuzz_test", "offer_negative_overflow",
    b"\x00" + ld(1, "r") + ld(2, offer + vint(15, -1) + vint(19, INT64_MIN)
                                + ld(18, vint(1, 99) + vint(2, INT64_MAX)) + ld(18, vint(2, -5))
                                + double(23, -1e308) + vint(24, INT32_MAX)
                                + ld(17, vint(3, -7) + date(4, 0, 0, 0) + date(5, 9999, 12, 31))
                                + vint(10, 12345)))
put("catalogue_validation_fuzz_test", "offer_long_strings",
    b"\x00" + ld(1, "x" * 65) + ld(2, ld(3, "é" * 3000) + ld(4, "a" * 20000) + ld(20, "3-" * 500)))
put("catalogue_validation_fuzz_test", "structure_unknown_enums",
    b"\x01" + ld(1, "r") + ld(2, ld(2, "Nom") + vint(3, 77) + ld(4, "1234567890001X")
                                 + ld(5, ld(3, "99999") + ld(4, BAD_UTF8))))
put("catalogue_validation_fuzz_test", "prescription_year0",
    b"\x02" + ld(1, "r") + ld(2, ld(2, "ben") + ld(4, "off") + ld(7, ld(1, "TAD-EST") + ld(2, BAD_UTF8))))
put("catalogue_validation_fuzz_test", "search_profile",
    b"\x03" + ld(1, "permis " * 100) + ld(2, "mobilite") + ld(3, "99999") + vint(5, 77)
    + ld(8, vint(1, -5) + vint(2, 999)) + vint(9, -1) + ld(10, "!!!"))
put("catalogue_validation_fuzz_test", "update_mask",
    b"\x04" + ld(1, ld(1, "off_1") + ld(35, "99999999999999999999999")) + ld(2, ld(1, "title") + ld(1, "id") + ld(1, BAD_UTF8)))
put("catalogue_validation_fuzz_test", "list_dates",
    b"\x05" + vint(1, -1) + ld(10, date(1, 9999, 12, 31) + date(2, 0, 1, 1)))

# --- data·inclusion JSON -----------------------------------------------------------------
with open(os.path.join(here, "../../services/catalogue/tests/data/data_inclusion_sample.json"), "rb") as f:
    put("data_inclusion_fuzz_test", "sample", f.read())
put("data_inclusion_fuzz_test", "bad_utf8",
    b'{"structures":[{"id":"\xff\xfe","nom":"' + BAD_UTF8 + b'","siret":"1"}],"services":[]}')
put("data_inclusion_fuzz_test", "numbers",
    '{"structures":[{"id":"s","nom":"Structure","date_maj":"0000-00-00"}],"services":[{"id":"x",'
    '"structure_id":"s","nom":"Atelier","volume_horaire_hebdomadaire":-1e308,'
    '"nombre_semaines":99999999999999999999,"date_maj":"9999-12-31T23:59:59Z",'
    '"thematiques":["inconnue"],"frais":["payant","???"],"zone_eligibilite":["00000","91",'
    '"99100","france",null,1]}]}')
put("data_inclusion_fuzz_test", "wrong_types",
    '{"structures":{"a":1},"services":[1,"x",null,[],{"id":5,"nom":true,"publics":"tous"}]}')
put("data_inclusion_fuzz_test", "deep", "[" * 5000 + "]" * 5000)
put("data_inclusion_fuzz_test", "long_string",
    '{"structures":[{"id":"s","nom":"' + "N" * 60000 + '"}]}')

# --- CAF flow CSV --------------------------------------------------------------------------
H = "kind;caf_number;event_date;last_name;first_name;birth_date;commune_insee;address_line;phone;email;subject_to_rights_and_duties;exit_reason\n"
put("caf_flow_fuzz_test", "valid",
    H + "ENTRANT;1234567;2024-03-01;Martin;Léa;1990-05-17;91228;3 rue des Lilas;0601020304;lea@example.org;1;\n"
    "EXIT;1234567;2024-09-30;;;;;;;;;END_OF_RIGHTS\n")
put("caf_flow_fuzz_test", "dates",
    H + "ENTRANT;1;0000-01-01;A;B;9999-12-31;91228;;;;oui;\nCHANGE;2;2024-02-30;;;0000-00-00;;;;;non;\n"
    "EXIT;3;-2024-01-01;;;;;;;;;UNKNOWN_REASON\nFOO;4;2024-13-01;;;;;;;;maybe;\n")
put("caf_flow_fuzz_test", "bad_utf8", H.encode() + b"ENTRANT;" + BAD_UTF8 + b";2024-03-01;" + BAD_UTF8 + b";;;;;;;;\n")
put("caf_flow_fuzz_test", "quotes",
    'kind;caf_number;event_date\r\n"ENTRANT";"12""34";"2024-03-01"\r\n"unterminated;1;2024-01-01\n')
put("caf_flow_fuzz_test", "extra_cells", "kind;caf_number;event_date\nENTRANT;1;2024-01-01;x;y;z\n")
put("caf_flow_fuzz_test", "header_only_repeated", "kind;kind;caf_number;event_date\n")
put("caf_flow_fuzz_test", "long_line", "kind;caf_number;event_date;last_name\nENTRANT;1;2024-01-01;" + "x" * 60000 + "\n")

# --- fraud JSON lines: selector byte + lines -------------------------------------------------
put("fraud_import_fuzz_test", "households",
    '\x00{"caf_number":"1234567","beneficiary_id":"ben_1","member_ids":["a","a","a"],'
    '"monthly_rsa_cents":-9223372036854775808,"rsa_since":{"year":0,"month":0,"day":0},'
    '"territory":{"tad":"TAD-EST"}}\n# comment\n\n{"caf_number":"' + "9" * 50 + '"}\n')
put("fraud_import_fuzz_test", "dtr",
    '\x01{"caf_number":"1234567","period":{"year":9999,"quarter":5},"amounts":['
    '{"category":"INCOME_CATEGORY_SALARY","amount_cents":-1},'
    '{"category":"INCOME_CATEGORY_SALARY","amount_cents":"9223372036854775807"},'
    '{"category":12345,"amount_cents":1}],"declared_on":{"year":2024,"month":2,"day":30}}\n'
    '{"caf_number":"1234567","period":{"year":2024,"quarter":1},"amounts":[{"amount_cents":99999999999999999999}]}\n')
put("fraud_import_fuzz_test", "cross_checks",
    '\x02{"caf_number":"1234567","source":"CROSS_CHECK_SOURCE_SOCIAL_WORKER","reference":"' + "r" * 100
    + '","period":{"year":2000,"quarter":0},"kind":"FACT_KIND_INCOME","category":"NOPE","amount_cents":-5,"persons":-1}\n'
    '{"caf_number":"1234567","source":99,"kind":2,"persons":2147483647}\n{"unknown_field":1}\n')
put("fraud_import_fuzz_test", "reports",
    b'\x03{"caf_number":"' + BAD_UTF8 + b'","reference":"x","period":{"year":2024,"quarter":2},'
    b'"kind":"FACT_KIND_PERSONS_IN_HOUSEHOLD","persons":0,"mds":"' + BAD_UTF8 + b'"}\n')

# --- FuzzedDataProvider targets: a few raw seeds ------------------------------------------------
for target in ("orientation_identity_fuzz_test", "contracts_validation_fuzz_test",
               "evaluation_validation_fuzz_test"):
    put(target, "zeros", b"\x00" * 64)
    put(target, "ones", b"\xff" * 256)
    put(target, "utf8", BAD_UTF8 * 8 + "Léa Martin-Dupont 1990-05-17 0601020304".encode())
put("orientation_identity_fuzz_test", "dates",
    b"\x0a0000-01-01" + struct.pack("<iii", 0, 2, 29) + b"\x0a9999-12-31" + struct.pack("<iii", 9999, 12, 31))
