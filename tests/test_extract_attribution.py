"""Who says so: speakers, claims, admissions and unverified reports."""

from streams.extract import attribution as attr
from streams.extract.casualties import find_figures
from streams.extract.numbers import parse_numbers
from streams.extract.text import lower, normalize, tokenize


def _judge(text: str, country: str | None = "Ukraine", attacker: str | None = None):
    text = normalize(text)
    toks = tokenize(text, lower(text), 0, len(text))
    fig = find_figures(toks, parse_numbers(toks))[0]
    return attr.judge(attr.find_sources(toks), attr.unverified_marks(toks), fig.at,
                      nationality=fig.nationality, military=fig.military, attacker=attacker, country=country)


def test_local_officials_police_and_rescuers_confirm():
    assert _judge("Four people were killed, the regional governor said.") == ("confirmed", None)
    assert _judge("According to police, 11 people were injured.") == ("confirmed", None)
    assert _judge("Rescuers said two bodies were found.") == ("confirmed", None)


def test_a_belligerent_about_the_other_sides_losses_claims():
    status, by = _judge("The Russian Defence Ministry said it killed 120 Ukrainian soldiers.")
    assert (status, by) == ("claim", "Russian Defense Ministry")
    status, by = _judge("According to Kyiv, 300 Russian troops died in the strike.")
    assert (status, by) == ("claim", "Kyiv")


def test_a_side_admitting_its_own_losses_confirms():
    assert _judge("As acknowledged by the Russian army, 63 soldiers died.")[0] == "confirmed"


def test_a_belligerent_capital_about_a_place_on_the_other_side_claims():
    status, by = _judge("Ukrainian shelling wounded three civilians, officials in Moscow said.")
    assert (status, by) == ("claim", "officials in Moscow")


def test_local_occupation_officials_speak_for_the_place_they_run():
    assert _judge("Ukrainian shelling wounded three civilians, Russian-installed officials said.")[0] == "confirmed"


def test_a_side_claiming_its_own_strike_claims():
    assert _judge("The General Staff said its forces struck a headquarters, killing 30 officers.",
                  attacker="self")[0] == "claim"


def test_own_territory_report_by_a_belligerent_confirms():
    assert _judge("The missile strike injured nine people, Ukraine's air force said.")[0] == "confirmed"
    assert _judge("Two people were injured, the Russian defence ministry said.", country="Russia")[0] == "confirmed"


def test_reportedly_and_without_evidence_are_unverified():
    assert _judge("The blast reportedly killed six people.") == ("unverified", None)
    assert _judge("Eight people died, the post said, without giving evidence.") == ("unverified", None)


def test_reportedly_after_the_figure_does_not_taint_it():
    assert _judge("Two people were killed, officials said; a third reportedly fled.")[0] == "confirmed"


def test_a_source_must_be_the_speaker():
    text = normalize("Russian shelling hit Ukraine's Kherson region.")
    toks = tokenize(text, lower(text), 0, len(text))
    assert attr.find_sources(toks) == []
