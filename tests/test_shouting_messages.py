"""VL207 says what to do about what it found: capitals -> sentence case, '!!!' -> one mark."""
import pytest

from voicelint import api
from voicelint.api import Options
from voicelint.inputs import documents, profile as profile_mod


def found(text, lang):
    post = documents.parse_string(text, name="p.md", meta={"platform": "twitter"})
    res = api.run([post], Options(profile=profile_mod.from_dict({"name": "Marque", "language": lang}),
                                  select=["VL207"]))
    return [f for f in res.findings if f.code == "VL207"]


@pytest.mark.parametrize("lang, caps, punct", [
    ("fr", "Écrivez en minuscules", "Un seul signe suffit"),
    ("en", "Write in sentence case", "One mark is enough"),
])
def test_each_kind_of_shouting_gets_its_own_advice(lang, caps, punct):
    fs = found("HUGE NEWS today. Olé !!!", lang)
    assert len(fs) == 2
    assert caps in fs[0].message and "HUGE NEWS" in fs[0].message and punct not in fs[0].message
    assert punct in fs[1].message and "!!!" in fs[1].message and caps not in fs[1].message
    assert fs[1].column == 22
