"""``voicelint init`` on a team's first day: it never replaces a file without saying so, never
ignores the exports it was given without saying so, and asks again for an export it cannot read."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml

from clihelpers import invoke_assert_code

FIX = Path(__file__).parent / "fixtures" / "exports"


def test_init_does_not_replace_the_approved_posts_file_without_force(tmp_path, monkeypatch):
    """The gathered ``<id>.approved.jsonl`` was rewritten silently from the exports (a post the team
    had added by hand was lost) when the profile beside it had been removed to start again."""
    monkeypatch.chdir(tmp_path)
    approved = tmp_path / "brand_profiles" / "brume.approved.jsonl"
    approved.parent.mkdir()
    approved.write_text('{"text": "Un post approuvé à la main par l\'équipe, ajouté au fichier."}\n',
                        encoding="utf-8")
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume", "--from", FIX / "instagram",
                            "--from", FIX / "linkedin", "--from", FIX / "mastodon"], code=2)
    assert "brand_profiles/brume.approved.jsonl" in r.stderr and "--force" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert approved.read_text(encoding="utf-8").count("\n") == 1            # untouched
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["brand_profiles", "brume.approved.jsonl"]


@pytest.mark.semantic
def test_init_names_the_gathered_posts_file_and_says_when_it_overwrites_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["init", "--no-input", "--name", "Brume", "--lang", "fr", "--from", FIX / "instagram",
            "--from", FIX / "facebook", "--from", FIX / "linkedin", "--from", FIX / "mastodon"]
    r = invoke_assert_code(args)
    assert "wrote    brand_profiles/brume.approved.jsonl (the 8 posts of the exports" in r.stdout
    r = invoke_assert_code([*args, "--force"])
    assert "overwrote brand_profiles/brume.approved.jsonl" in r.stdout


def test_init_from_exports_beside_an_existing_profile_says_they_were_not_learned(tmp_path, monkeypatch):
    """With the profile kept, ``--from`` did nothing and said nothing: the team believed the voice was
    learned from its exports."""
    monkeypatch.chdir(tmp_path)
    invoke_assert_code(["init", "--no-input", "--name", "Brume", "--lang", "fr"])
    before = (tmp_path / "brand_profiles/brume.yaml").read_text(encoding="utf-8")
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume", "--from", FIX / "linkedin"])
    assert "kept     brand_profiles/brume.yaml" in r.stdout
    assert (f"the exports were not learned into it: `voicelint profile learn --examples {FIX / 'linkedin'} "
            "--base brand_profiles/brume.yaml --out brand_profiles/brume.yaml`") in r.stdout
    assert (tmp_path / "brand_profiles/brume.yaml").read_text(encoding="utf-8") == before


def test_init_on_a_terminal_asks_again_for_an_export_it_cannot_read(tmp_path, monkeypatch):
    """An unreadable export typed at the prompt ended init with exit 2 and an error about
    ``--from``, an option the person never typed; it is now asked again, like a missing path."""
    from click.testing import CliRunner

    from voicelint import cli as cli_mod
    empty = tmp_path / "twitter-archive.zip"
    zipfile.ZipFile(empty, "w").close()
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.chdir(site)
    monkeypatch.setattr(cli_mod, "_stdin_is_tty", lambda: True)
    r = CliRunner().invoke(cli_mod.cli, ["init"], input=f"Tandem Cycles\n{empty}\n\nen\nlinkedin\n")
    assert r.exit_code == 0, r.output
    assert "no platform export in this zip" in r.output and "give exports voicelint reads, or nothing" in r.output
    assert "--from" not in r.output
    prof = yaml.safe_load((site / "brand_profiles/tandem-cycles.yaml").read_text(encoding="utf-8"))
    assert prof["language"] == "en"


def test_init_outside_a_git_repository_says_to_git_init_before_pre_commit_install(tmp_path, monkeypatch):
    """``pre-commit install`` in the new folder failed ("git failed. Is it installed, and are you in a
    Git repository directory?"): the next steps did not say a hook needs a repository."""
    monkeypatch.chdir(tmp_path)
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume", "--lang", "fr"])
    assert r.stdout.rstrip().endswith("`git init` and `pre-commit install` (a hook needs a Git repository)")
    (tmp_path / "site").mkdir()
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path / "site")
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume", "--lang", "fr"])
    assert r.stdout.rstrip().endswith("and `pre-commit install`") and "git init" not in r.stdout


def test_the_first_draft_is_the_example_post_on_its_own_platform_with_its_line_breaks(tmp_path, monkeypatch):
    """init --from an X archive and LinkedIn's Shares.csv wrote the most typical post, a 320-character
    LinkedIn post folded onto one line, under ``platform: twitter`` (the first export's): the first
    ``voicelint check drafts`` was a VL301 error (320 characters, the limit is 280 on twitter)."""
    from voicelint.integrations import scaffold
    from voicelint.judgement import learn

    long_post = ("La certification Cosmos Organic de notre gamme visage a demandé dix-huit mois de travail.\n\n"
                 "Traçabilité de chaque ingrédient, audits, nouvelles fiches de fabrication : un vrai chantier "
                 "pour une équipe de cinq personnes.\n\nNous en sommes fiers, et nous partageons volontiers "
                 "notre expérience avec les artisans qui se lancent.")
    shares = tmp_path / "Shares.csv"
    quoted = "\n".join('"%s"' % line for line in long_post.split("\n")).replace('"', '""')
    shares.write_text("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
                      f'2024-01-02 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7,"{quoted}",,,PUBLIC\n',
                      encoding="utf-8")

    def fake_learn(examples, out, **kw):      # what matters here is what init does with the example
        Path(out).write_text("name: Atelier Sève\nlanguage: fr\n", encoding="utf-8")
        return {"lang": "fr", "posts": {"approved": 8}, "norms": [], "strategy": True}

    monkeypatch.setattr(learn, "learn_profile", fake_learn)
    monkeypatch.setattr(scaffold, "_example_draft",
                        lambda path: ("the most typical of the proposed pillar 'atelier'", " ".join(long_post.split()), False))
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.chdir(site)
    invoke_assert_code(["init", "--no-input", "--name", "Atelier Sève", "--from", FIX / "x-archive",
                        "--from", shares])
    draft = (site / "drafts" / "first-post.md").read_text(encoding="utf-8")
    assert draft.startswith("---\nplatform: linkedin\n")
    assert draft.endswith("---\n" + long_post + "\n")
    r = invoke_assert_code(["check", "drafts", "--no-semantic", "--no-cache"])
    assert "VL301" not in r.stdout


def test_the_gathered_posts_do_not_depend_on_the_order_of_from(tmp_path):
    """The same three exports given in another order gave another profile (2 proposed pillars or 7,
    a VL210 threshold of 0.19 or 0.04): the gathered posts are now in the order they were published."""
    from voicelint.integrations.scaffold import _gather, _read_sources
    sources = [str(FIX / "x-archive"), str(FIX / "linkedin"), str(FIX / "mastodon")]
    one = _read_sources(sources)
    other = _read_sources(list(reversed(sources)))
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _gather(one, a)
    _gather(other, b)
    assert a.read_bytes() == b.read_bytes()
    dates = [yaml.safe_load(line).get("date", "") for line in a.read_text(encoding="utf-8").splitlines()]
    assert dates == sorted(dates)


def test_init_takes_the_language_as_a_person_types_it(tmp_path, monkeypatch):
    """At the prompt "english" was refused ("'english' is not one of 'fr', 'en'") while a draft's
    ``lang: english`` is read as en; --lang FR was a usage error."""
    from click.testing import CliRunner

    from voicelint import cli as cli_mod
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_mod, "_stdin_is_tty", lambda: True)
    r = CliRunner().invoke(cli_mod.cli, ["init"], input="Tandem Cycles\n\nklingon\nEnglish\nlinkedin\n")
    assert r.exit_code == 0, r.output
    assert "'klingon': expected fr or en (French or English)" in r.output
    assert yaml.safe_load((tmp_path / "brand_profiles/tandem-cycles.yaml").read_text(encoding="utf-8"))["language"] == "en"
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume", "--lang", "FR"])
    assert yaml.safe_load((tmp_path / "brand_profiles/brume.yaml").read_text(encoding="utf-8"))["language"] == "fr"
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume", "--lang", "es"], code=2)
