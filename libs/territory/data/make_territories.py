#!/usr/bin/env python3
"""Builds essonne_territories.json, the illustrative commune -> TAD/MDS map of libs/territory
that the orientation and catalogue services load (orientation's TERRITORIES_FILE replaces
it; the file is embedded in the binaries as the default).

The Département's real map is reference data that is not public. This one follows a rule
anyone can check:
  1. every commune goes to the TAD of its EPCI (table EPCI_TO_TAD below: EPCIs are
     contiguous, so each TAD is a contiguous block of the map);
  2. its MDS is the EPCI's default MDS, seated in one of the EPCI's main towns, except the
     communes listed in MDS_OVERRIDES, which go to a second MDS of the same TAD (the two
     most populous EPCIs and the Métropole are split, as real MDS catchments are smaller).
MDS names come from the glossary and the 2020 review (Arpajon, Athis-Mons, Etampes,
Corbeil, Evry, Juvisy) plus the main towns of the other EPCIs.

Source: essonne-communes.json, @etalab/decoupage-administratif 6.0.0 (INSEE Code officiel
géographique, Licence Ouverte). Usage: make_territories.py essonne-communes.json > essonne_territories.json
"""
import json
import sys

TADS = [
    ("TAD-NORD-OUEST", "Nord-Ouest", [("MDS-MASSY", "Massy"), ("MDS-LES-ULIS", "Les Ulis")]),
    ("TAD-NORD-EST", "Nord-Est", [("MDS-ATHIS-MONS", "Athis-Mons"), ("MDS-JUVISY", "Juvisy-sur-Orge"),
                                  ("MDS-YERRES", "Yerres")]),
    ("TAD-CENTRE", "Centre", [("MDS-ARPAJON", "Arpajon")]),
    ("TAD-EST", "Est", [("MDS-EVRY", "Évry-Courcouronnes"), ("MDS-CORBEIL", "Corbeil-Essonnes")]),
    ("TAD-SUD-EST", "Sud-Est", [("MDS-MENNECY", "Mennecy"), ("MDS-MILLY", "Milly-la-Forêt")]),
    ("TAD-SUD-OUEST", "Sud-Ouest", [("MDS-ETAMPES", "Étampes"), ("MDS-DOURDAN", "Dourdan")]),
]

# EPCI code -> (TAD, default MDS)
EPCI_TO_TAD = {
    "200056232": ("TAD-NORD-OUEST", "MDS-MASSY"),      # CA Communauté Paris-Saclay
    "247800584": ("TAD-NORD-OUEST", "MDS-MASSY"),      # CA Versailles Grand Parc (Bièvres)
    "200054781": ("TAD-NORD-EST", "MDS-ATHIS-MONS"),   # Métropole du Grand Paris
    "200058477": ("TAD-NORD-EST", "MDS-YERRES"),       # CA Val d'Yerres Val de Seine
    "247700644": ("TAD-NORD-EST", "MDS-YERRES"),       # CC l'Orée de la Brie (Varennes-Jarcy)
    "200057859": ("TAD-CENTRE", "MDS-ARPAJON"),        # CA Coeur d'Essonne Agglomération
    "200059228": ("TAD-EST", "MDS-EVRY"),              # CA Grand Paris Sud Seine Essonne Sénart
    "249100546": ("TAD-SUD-EST", "MDS-MENNECY"),       # CC du Val d'Essonne
    "249100157": ("TAD-SUD-EST", "MDS-MILLY"),         # CC des 2 Vallées
    "200017846": ("TAD-SUD-OUEST", "MDS-ETAMPES"),     # CA Étampois Sud Essonne
    "249100553": ("TAD-SUD-OUEST", "MDS-ETAMPES"),     # CC Entre Juine et Renarde
    "249100595": ("TAD-SUD-OUEST", "MDS-DOURDAN"),     # CC le Dourdannais en Hurepoix
    "249100074": ("TAD-SUD-OUEST", "MDS-DOURDAN"),     # CC du Pays de Limours
}

# Commune name -> MDS, for the split EPCIs (second MDS of the same TAD).
MDS_OVERRIDES = {
    "Les Ulis": "MDS-LES-ULIS", "Orsay": "MDS-LES-ULIS", "Gif-sur-Yvette": "MDS-LES-ULIS",
    "Bures-sur-Yvette": "MDS-LES-ULIS", "Saint-Aubin": "MDS-LES-ULIS",
    "Villiers-le-Bâcle": "MDS-LES-ULIS", "Saclay": "MDS-LES-ULIS",
    "Juvisy-sur-Orge": "MDS-JUVISY", "Viry-Châtillon": "MDS-JUVISY",
    "Savigny-sur-Orge": "MDS-JUVISY",
    "Corbeil-Essonnes": "MDS-CORBEIL", "Saint-Germain-lès-Corbeil": "MDS-CORBEIL",
    "Saint-Pierre-du-Perray": "MDS-CORBEIL", "Étiolles": "MDS-CORBEIL",
    "Soisy-sur-Seine": "MDS-CORBEIL", "Tigery": "MDS-CORBEIL",
    "Morsang-sur-Seine": "MDS-CORBEIL", "Saintry-sur-Seine": "MDS-CORBEIL",
}


def main():
    src = json.load(open(sys.argv[1], encoding="utf-8"))
    mds_tad = {m: t for t, _, ms in TADS for m, _ in ms}
    names = {c["nom"] for c in src["communes"]}
    missing = sorted(set(MDS_OVERRIDES) - names)
    if missing:
        sys.exit(f"overrides name unknown communes: {missing}")
    communes = []
    for c in sorted(src["communes"], key=lambda c: c["code_insee"]):
        tad, mds = EPCI_TO_TAD[c["epci_code"]]
        mds = MDS_OVERRIDES.get(c["nom"], mds)
        assert mds_tad[mds] == tad, (c["nom"], mds, tad)
        communes.append({"insee": c["code_insee"], "name": c["nom"], "epci": c["epci_code"],
                         "tad": tad, "mds": mds})
    out = {
        "version": "essonne-illustrative-1",
        "departement": src["departement"]["code"],
        "source": "Illustrative map built by make_territories.py from " + src["source"] +
                  "; rule: TAD by EPCI, MDS by EPCI with listed communes moved to a second MDS "
                  "of the same TAD. Not the Département's official map.",
        "tads": [{"code": t, "name": n, "mds": [{"code": m, "name": mn} for m, mn in ms]}
                 for t, n, ms in TADS],
        "communes": communes,
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
