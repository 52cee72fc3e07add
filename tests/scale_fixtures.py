"""A few hundred posts of a made-up tea shop, with drift groups, for the Dask tests: the house
voice on every platform, a guest author who writes in slang, a month written in corporate
prose, and a pillar mix leaning on one pillar with one never covered. Texts are built from
phrases written for these tests."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

HOUSE_OPEN = ["In the shop we have just", "At the counter this morning we", "Before opening the doors we",
              "On Saturday afternoon we", "After the Tuesday delivery we", "Back from the tasting room we"]
HOUSE_ACT = ["brewed a pot of", "tasted a new lot of", "weighed out the first bags of", "rinsed the leaves of",
             "packed the last tins of", "steeped two cups of"]
HOUSE_TEA = ["smoky lapsang", "first flush Darjeeling", "roasted oolong", "Assam breakfast", "jasmine pearls",
             "Yunnan black", "sencha from Shizuoka", "white peony"]
HOUSE_END = ["Come and taste it at the counter, we will keep a pot warm for you until noon.",
             "It tastes of apricot and honey, with a long and gentle finish in the cup.",
             "Ask us how long to steep it at home: the second infusion is often the best one.",
             "The tins are on the shelf by the door, and we weigh bags of any size you like.",
             "It comes from a small garden we have bought from for years, picked by hand in spring.",
             "It holds up well for three infusions, so keep the leaves in the pot after the first cup."]

SLANG = ["omg u guys", "ngl this", "lowkey obsessed w", "no cap this", "bestie grab", "ok but"]
SLANG_END = ["slaps 🔥🔥", "is a whole vibe 😍", "go go go!!!", "lol 😂😂", "asap before its gone!!", "insane deal rn 💥"]

CORP = ["We are pleased to announce that our", "Our organisation has expanded its", "Stakeholders will note that the",
        "In line with our strategic roadmap, the", "Following a comprehensive review, the"]
CORP_END = ["portfolio now delivers enhanced value to customers.", "offering is aligned with market expectations.",
            "supply chain has been optimised for scalability.", "range will be leveraged across all channels."]

PROFILE = {
    "name": "Kettle & Leaf", "id": "kettle-leaf", "language": "en",
    "proposition": "Loose-leaf teas chosen at the source and brewed in our Bristol shop, for people who "
                   "take a slow cup seriously.",
    "pillars": [
        {"id": "teas", "description": "The teas themselves: origins, harvests, how they taste.",
         "keywords": ["tea", "oolong", "darjeeling", "sencha", "assam", "harvest", "leaves"],
         "examples": ["Our first flush Darjeeling tastes of apricot and fresh grass.",
                      "A roasted oolong from Taiwan that holds up for five infusions."]},
        {"id": "brewing", "description": "How to brew at home: water, time, teapots.",
         "keywords": ["steep", "brew", "water temperature", "teapot", "infusion"],
         "examples": ["Steep green teas at 75 degrees for two minutes, never boiling water.",
                      "A small teapot and a timer are all you need for a good second infusion."]},
        {"id": "wholesale", "description": "Supplying cafes and restaurants with our teas in bulk.",
         "keywords": ["wholesale", "cafes", "restaurants", "bulk orders", "trade account"],
         "examples": ["Cafes can open a trade account and order our teas in five-kilo bags.",
                      "We deliver bulk orders to restaurants across Bristol every Tuesday."]},
    ],
    "voice": {"person": "we", "formality": 0.4, "examples": [
        "We just unpacked this year's first flush and the whole shop smells of apricots.",
        "Our Assam comes from one garden in the Brahmaputra valley; we have bought from them for years.",
        "Steep the jasmine pearls for three minutes and watch them open in the glass.",
        "The shop opens at nine on Saturday; we will have a pot of oolong on the counter.",
        "We rinse every oolong once before the first cup: the leaves open and the taste is rounder.",
        "Thank you for the kind notes after the tasting evening; we will run another in May.",
        "Our white peony is picked in early spring and dried in the sun for two days.",
        "We weigh every bag by hand, so ask us for as little as twenty grams to try.",
        "A cup of lapsang by the fire is what we drink when the shop closes in winter.",
        "We keep the Yunnan black in tins away from the light: it stays fresh for months.",
    ]},
}


def rows(n_house: int = 240) -> list[dict]:
    """Calendar rows: ``n_house`` posts in the house voice (three platforms, authors ana and ben,
    January to May), 12 by the guest author in slang, 12 in June in corporate prose."""
    out = []
    house = itertools.cycle(itertools.product(HOUSE_OPEN, HOUSE_ACT, HOUSE_TEA, HOUSE_END))
    platforms = ["instagram", "facebook", "linkedin"]
    for i in range(n_house):
        o, a, t, e = next(house)
        out.append({"id": f"h{i}", "platform": platforms[i % 3], "author": "ana" if i % 2 else "ben",
                    "date": f"2025-0{1 + i % 5}-{10 + i % 18}", "text": f"{o} {a} {t}. {e}"})
    for i, (s, t, e) in enumerate(itertools.islice(itertools.product(SLANG, HOUSE_TEA, SLANG_END), 12)):
        out.append({"id": f"g{i}", "platform": platforms[i % 3], "author": "guest",
                    "date": f"2025-0{1 + i % 5}-2{i % 8}", "text": f"{s} {t} {e}"})
    for i, (c, t, e) in enumerate(itertools.islice(itertools.product(CORP, HOUSE_TEA, CORP_END), 12)):
        out.append({"id": f"c{i}", "platform": platforms[i % 3], "author": "ana" if i % 2 else "ben",
                    "date": f"2025-06-{10 + i}", "text": f"{c} {t} {e}"})
    return out


def write(folder: Path, n_house: int = 240) -> tuple[Path, Path]:
    """(calendar.jsonl, profile.yaml) in ``folder``."""
    import yaml
    cal = folder / "calendar.jsonl"
    cal.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(n_house)), encoding="utf-8")
    prof = folder / "kettle-leaf.yaml"
    prof.write_text(yaml.safe_dump(PROFILE, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return cal, prof
