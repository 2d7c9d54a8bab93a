#!/usr/bin/env python3
"""Writes a synthetic, realistic events CSV for import benchmarks.

    python3 tests/bench/make_events_csv.py OUT.csv [--rows 200000] [--seed 42]

Rows spread over the city (half uniform inside the city limits, half around a
few neighbourhoods) and over 1900-2026, with Russian, Kazakh and English text,
tags, actors, places and the date forms an import reads (days, months, years,
decades with qualifiers). Deterministic for a given seed. The columns are the
ones store/csv.hpp documents, in the order export writes them.
"""
import argparse
import csv
import random

CATEGORIES = ["demolition", "eviction", "protest", "arrest", "construction", "decision"]
STREETS = ["проспект Абая", "улица Жибек Жолы", "проспект Достык", "улица Толе би", "проспект Аль-Фараби",
           "улица Гоголя", "улица Фурманова", "проспект Райымбека", "улица Сатпаева", "Шаңырақ",
           "Әйгерім", "микрорайон Орбита", "улица Розыбакиева", "Tole Bi Street", "Dostyk Avenue"]
VERBS_RU = ["снесли", "выселили", "задержали", "начали строить", "решили снести", "вышли на митинг у"]
NOUNS = ["дом", "барак", "рынок", "гаражи", "частный сектор", "общежитие", "киоски", "сквер"]
WORDS_KK = ["тұрғындар", "үй", "бұзу", "қала", "әкімдік", "наразылық", "көше", "жер"]
TAGS = ["housing", "market", "park", "courts", "police", "akimat", "green space", "samostroy", "heritage"]
ACTORS = ["akimat of Almaty", "residents", "police", "developer", "city court", "activists", "journalists"]
QUALIFIERS = ["early", "mid", "late"]
PRECISIONS = ["building", "street", "neighbourhood", "district", "city"]
COLUMNS = ["id", "title", "description", "category", "tags", "actors", "time_text", "time", "time_begin",
           "time_end", "precision", "qualifier", "time_note", "lat", "lon", "uncertainty_m", "location_precision",
           "place_id", "place", "geocoding_note", "excerpts", "sources", "note", "sequence"]


def time_of(rng):
    year = rng.randint(1900, 2025)
    k = rng.random()
    if k < 0.55:
        return "%04d-%02d-%02d" % (year, rng.randint(1, 12), rng.randint(1, 28))
    if k < 0.75:
        return "%04d-%02d" % (year, rng.randint(1, 12))
    if k < 0.9:
        return "%04d" % year
    if k < 0.96:
        return "%s %04d" % (rng.choice(QUALIFIERS), year)
    return "%s %ds" % (rng.choice(QUALIFIERS), year // 10 * 10)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for i in range(a.rows):
            if i % 2 == 0:
                lat = 43.03 + rng.random() * (43.41 - 43.03)
                lon = 76.73 + rng.random() * (77.17 - 76.73)
            else:
                c = i % 7
                lat = min(43.40, max(43.04, 43.22 + 0.015 * c + rng.gauss(0, 0.004)))
                lon = min(77.16, max(76.74, 76.86 + 0.02 * c + rng.gauss(0, 0.005)))
            street = rng.choice(STREETS)
            title = "%s %s, %s %d" % (rng.choice(VERBS_RU).capitalize(), rng.choice(NOUNS), street, rng.randint(1, 300))
            desc = " ".join(rng.choice(WORDS_KK + NOUNS) for _ in range(rng.randint(6, 30)))
            if i % 3 == 0:
                desc += ", \"по словам жителей\", " + rng.choice(VERBS_RU)
            tags = "; ".join(rng.sample(TAGS, rng.randint(0, 3)))
            actors = "; ".join(rng.sample(ACTORS, rng.randint(1, 3)))
            prec = rng.choice(PRECISIONS)
            w.writerow(["ev-%07d" % i, title, desc, rng.choice(CATEGORIES), tags, actors, "", time_of(rng),
                        "", "", "", "", "", "%.6f" % lat, "%.6f" % lon, rng.choice([0, 25, 50, 200, 800]), prec,
                        "", street, "synthetic", "", "", "note %d" % i if i % 10 == 0 else "", ""])


if __name__ == "__main__":
    main()
