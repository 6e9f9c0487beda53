"""extract(): whole articles, written for these tests, in several outlets' styles."""

from datetime import date

from schemas import Article, Extraction, StrikeEvent
from streams.extract import EXTRACTOR_VERSION, extract


def _run(body: str, published: date | None = date(2024, 3, 14), title: str = "") -> Extraction:
    return extract(Article(id="t", source="test", published=published, title=title, body=body))


def _one(ex: Extraction) -> StrikeEvent:
    assert len(ex.incidents) == 1, [(i.location, i.oblast, i.weapon_class) for i in ex.incidents]
    return ex.incidents[0]


def _by_place(ex: Extraction) -> dict[str | None, StrikeEvent]:
    return {i.location or i.oblast or i.country: i for i in ex.incidents}


def test_version_is_a_string():
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION


def test_wire_story_one_incident_with_place_date_figures_and_source():
    ex = _run("Russian missiles hit Odesa overnight, killing five people and wounding 12, regional governor "
              "Oleh Kiper said on Thursday. Among the dead were two children. The strike damaged a residential "
              "building in the city's Prymorskyi district.")
    inc = _one(ex)
    assert (inc.location, inc.oblast, inc.country, inc.place_precision) == ("Odesa", "Odesa", "Ukraine", "exact")
    assert (inc.date, inc.date_precision) == (date(2024, 3, 14), "day")
    assert (inc.weapon_class, inc.killed, inc.injured, inc.status, inc.new) == ("missile", 5, 12, "confirmed", True)
    assert inc.target == "residential"
    assert inc.said_by == ["regional governor"]
    assert inc.lat is not None and inc.summary.startswith("Russian missiles hit Odesa")


def test_regional_total_is_not_a_towns_figure():
    ex = _run("Russian shelling killed three people in the Zaporizhzhia region on Monday, the regional "
              "administration said. In the town of Orikhiv, a 60-year-old man was killed, and two women died in "
              "the village of Malokaterynivka.", published=date(2024, 5, 8))
    places = _by_place(ex)
    assert set(places) == {"Orikhiv", "Malokaterynivka"}
    assert places["Orikhiv"].killed == 1 and places["Malokaterynivka"].killed == 2
    assert all(i.date == date(2024, 5, 6) and i.weapon_class == "artillery" for i in ex.incidents)


def test_several_incidents_in_one_sentence_each_get_their_figure():
    ex = _run("Shahed drones attacked Kharkiv and Dnipro overnight. In Kharkiv, a drone hit an apartment building, "
              "injuring 11 children and nine adults. In Dnipro, no one was hurt.")
    places = _by_place(ex)
    assert places["Kharkiv"].injured == 20 and places["Kharkiv"].weapon == "Shahed"
    assert (places["Dnipro"].killed, places["Dnipro"].injured) == (0, 0)


def test_a_claim_contradicted_by_local_officials_is_disputed():
    ex = _run("Russia's defence ministry said its forces destroyed a Ukrainian command post in Kupiansk, killing "
              "up to 80 Ukrainian servicemen. Local officials said the strike hit an empty warehouse and that no "
              "one was hurt.")
    inc = _one(ex)
    assert inc.location == "Kupiansk"
    assert (inc.status, inc.killed, inc.injured) == ("disputed", 0, 0)
    assert (inc.claimed_killed, inc.claimed_by) == (80, "Russian Defense Ministry")


def test_an_uncontradicted_claim_stays_a_claim_and_never_a_confirmed_figure():
    ex = _run("The Russian Defence Ministry said its forces had struck a Ukrainian army depot near Kramatorsk "
              "with Iskander missiles, killing more than 30 Ukrainian soldiers.")
    inc = _one(ex)
    assert (inc.location, inc.place_precision, inc.weapon) == ("Kramatorsk", "near", "Iskander")
    assert (inc.status, inc.killed, inc.claimed_killed) == ("claimed", None, 30)


def test_an_admission_confirms_and_the_enemys_figure_is_a_claim():
    ex = _run("A HIMARS strike hit a barracks in Horlivka. As acknowledged by the Russian army, 63 soldiers died "
              "in the strike. According to Kyiv, at least 200 Russian troops were killed.")
    inc = _one(ex)
    assert (inc.location, inc.weapon, inc.weapon_class) == ("Horlivka", "HIMARS", "rocket")
    assert (inc.killed, inc.status, inc.claimed_killed, inc.claimed_by) == (63, "confirmed", 200, "Kyiv")


def test_unverified_report_is_claimed_without_a_claimant():
    inc = _one(_run("A drone strike on a refinery in Novorossiysk reportedly injured four workers."))
    assert (inc.status, inc.claimed_by, inc.injured, inc.country) == ("claimed", None, 4, "Russia")


def test_historical_reference_is_kept_but_not_new():
    ex = _run("A drone attack on Sumy on Tuesday injured four people. The city was still recovering from last "
              "week's missile strike on a hospital that killed 11.", published=date(2024, 4, 4))
    fresh = [i for i in ex.incidents if i.new]
    old = [i for i in ex.incidents if not i.new]
    assert [(i.location, i.weapon_class, i.injured, i.date) for i in fresh] == [("Sumy", "drone", 4, date(2024, 4, 2))]
    assert [(i.location, i.weapon_class, i.killed) for i in old] == [("Sumy", "missile", 11)]
    assert old[0].date_precision == "week"


def test_one_day_after_a_strike_is_the_earlier_strike():
    ex = _run("Kherson came under renewed Russian shelling on Thursday, one day after a strike there killed two "
              "people. Three people were wounded on Thursday, officials said.")
    by_day = {i.date: i for i in ex.incidents}
    assert set(by_day) == {date(2024, 3, 14), date(2024, 3, 13)}
    assert by_day[date(2024, 3, 13)].killed == 2 and not by_day[date(2024, 3, 13)].new
    assert by_day[date(2024, 3, 14)].injured == 3 and by_day[date(2024, 3, 14)].new


def test_hypothetical_negated_terror_and_ancient_mentions_are_not_events():
    assert _run("Officials warned that Russia could strike Lviv again.").incidents == []
    assert _run("The Kremlin denied that its forces had attacked Kherson.").incidents == []
    assert _run("Gunmen opened fire at a concert hall near Moscow, killing 140 people.").incidents == []
    assert _run("During World War II, German bombers destroyed much of Kyiv, killing thousands.").incidents == []


def test_latest_figure_wins_even_when_lower():
    ex = _run("At least 17 people were killed when a missile struck a shopping centre in Kremenchuk, officials "
              "said.\n\nRescuers worked through the night.\n\nThe death toll was later revised to 16, the "
              "emergency service said.", published=date(2022, 6, 28))
    assert _one(ex).killed == 16


def test_a_toll_update_outranks_an_earlier_figure_and_an_aside_does_not():
    ex = _run("A Kh-101 missile struck a hospital in Kyiv on Monday. Two people were killed, the emergency service "
              "said. Later in the day the toll in the capital rose to 33 dead. Medics treated one wounded nurse.",
              published=date(2024, 7, 9))
    inc = _one(ex)
    assert (inc.killed, inc.weapon, inc.date) == (33, "Kh-101", date(2024, 7, 8))
    assert inc.injured == 1   # the only injured figure, an aside, still fills the gap


def test_figures_in_a_following_sentence_join_the_strike():
    inc = _one(_run("Russian forces shelled the town of Nikopol on Sunday. The shelling killed a 70-year-old "
                    "woman, the governor said.", published=date(2024, 1, 15)))
    assert (inc.location, inc.weapon_class, inc.killed, inc.date) == ("Nikopol", "artillery", 1, date(2024, 1, 14))


def test_live_blog_summary_and_post_are_one_incident():
    body = ("Key developments:\nRussian drones struck Lviv overnight, injuring three people, Mayor Andriy Sadovyi "
            "said.\nA guided bomb attack on Kupiansk killed an 80-year-old woman.\n\n3 hr ago\nDrone attack on "
            "Lviv\nThree people were injured when Russian drones hit a warehouse in Lviv overnight, Mayor Andriy "
            "Sadovyi said. Later he said a fourth person had been hospitalised.")
    places = _by_place(_run(body))
    assert set(places) == {"Lviv", "Kupiansk"}
    assert places["Lviv"].injured == 4 and places["Kupiansk"].killed == 1   # "a fourth person" is the toll
    assert places["Kupiansk"].weapon_class == "air"


def test_a_list_of_towns_gets_one_incident_each_and_a_total_stays_national():
    ex = _run("Russian missiles struck Kyiv, Kharkiv and Odesa on Friday morning, killing at least 10 people "
              "across the country.", published=date(2024, 6, 14))
    places = _by_place(ex)
    assert {"Kyiv", "Kharkiv", "Odesa", "Ukraine"} == set(places)
    assert places["Ukraine"].killed == 10
    assert all(places[c].killed is None for c in ("Kyiv", "Kharkiv", "Odesa"))


def test_country_and_russian_places():
    inc = _one(_run("Russia launched a massive missile attack on energy infrastructure across Ukraine on Friday."))
    assert (inc.location, inc.oblast, inc.country, inc.place_precision) == (None, None, "Ukraine", "country")
    assert inc.target == "energy"
    inc = _one(_run("A Ukrainian drone attack on the Russian city of Belgorod injured three people, regional "
                    "governor Vyacheslav Gladkov said."))
    assert (inc.location, inc.country, inc.injured, inc.status) == ("Belgorod", "Russia", 3, "confirmed")


def test_no_publication_date_means_unknown_dates():
    inc = _one(_run("A Russian glide bomb hit a factory in Kostiantynivka on Monday, wounding six workers, police "
                    "said.", published=None))
    assert (inc.date, inc.date_precision, inc.injured, inc.weapon_class) == (None, "unknown", 6, "air")


def test_missing_and_rescued():
    inc = _one(_run("A missile destroyed a five-storey block in Uman. A girl was rescued from under the rubble and "
                    "three people may still be there, officials said. A security guard was killed."))
    assert (inc.killed, inc.missing, inc.injured) == (1, 3, None)


def test_event_ids_are_deterministic_and_distinct():
    body = "Drones hit Kharkiv overnight, injuring two. Shelling killed one person in Kherson on Wednesday."
    first, second = _run(body), _run(body)
    ids = [e.event_id for e in first.events()]
    assert ids == [e.event_id for e in second.events()]
    assert len(set(ids)) == len(ids) and all(len(i) == 16 for i in ids)


def test_other_event_types():
    ex = _run("Germany will send 14 Leopard 2 tanks to Ukraine, Berlin announced on Wednesday. Zelensky met "
              "Polish President Andrzej Duda in Warsaw to discuss grain exports. Ukrainian forces recaptured the "
              "village of Robotyne in the Zaporizhzhia region, the General Staff said. Fierce fighting continued "
              "around Avdiivka. More than 2,000 residents were evacuated from Vovchansk. Ukraine's air force said "
              "it shot down 28 of 31 drones launched overnight.")
    by_type = {e.type: e for e in ex.other_events}
    assert set(by_type) == {"military_aid", "diplomacy", "territorial_change", "ground_fighting", "humanitarian",
                            "interception"}
    aid = by_type["military_aid"]
    assert (aid.donor, aid.quantity, aid.items) == ("Germany", 14, ["tanks"])
    assert by_type["diplomacy"].location == "Warsaw"
    assert by_type["territorial_change"].location == "Robotyne"
    assert by_type["ground_fighting"].location == "Avdiivka"
    assert (by_type["humanitarian"].location, by_type["humanitarian"].kind) == ("Vovchansk", "evacuation")
    icp = by_type["interception"]
    assert (icp.launched, icp.intercepted, icp.weapon_class) == (31, 28, "drone")
    assert ex.incidents == []


def test_aid_money_is_value_not_a_casualty():
    ex = _run("The EU will provide EUR 50 million in military aid, including 2,000 rounds of ammunition.")
    aid = [e for e in ex.other_events if e.type == "military_aid"][0]
    assert (aid.value, aid.currency, aid.donor) == (50_000_000, "EUR", "European Union")
    assert ex.incidents == []


def test_dateline_and_since_are_not_event_dates():
    inc = _one(_run("POLTAVA, March 12 - A Russian missile struck an industrial site in Poltava overnight, "
                    "injuring seven people, the governor said.", published=date(2024, 3, 13)))
    assert inc.date == date(2024, 3, 13)          # "overnight", not the dateline
    ex = _run("It was the worst attack on Poltava since February 2023, officials said after missiles hit the "
              "city on Tuesday, wounding nine.", published=date(2024, 3, 13))
    inc = _one(ex)
    assert (inc.date, inc.injured, inc.new) == (date(2024, 3, 12), 9, True)


def test_habits_rankings_and_tallies_are_not_strikes():
    assert _run("Sumy is hit almost daily by drones and glide bombs.").incidents == []
    assert _run("Kherson is frequently attacked with artillery.").incidents == []
    assert _run("It was one of the deadliest Russian strikes of the war on Ukrainian cities.").incidents == []
    assert _run("Overnight the enemy attacked the Pokrovsk district 14 times.").incidents == []


def test_shelling_with_a_named_launcher_is_a_rocket_strike_and_merges_with_the_headline():
    ex = _run("Shelling of Kupiansk wounds four\nRussian forces shelled Kupiansk with Grad multiple rocket "
              "launchers on Wednesday, wounding four people, the city administration said.")
    inc = _one(ex)
    assert (inc.weapon_class, inc.weapon, inc.injured, inc.date) == ("rocket", "Grad", 4, date(2024, 3, 13))


def test_an_urban_district_is_its_city():
    inc = _one(_run("A drone hit a high-rise in Kharkiv's Kyivskyi district overnight, injuring five people."))
    assert inc.location == "Kharkiv"


def test_the_same_place_refers_back():
    ex = _run("Russian missiles hit a military training ground near Desna in the Chernihiv region on Monday. "
              "In May 2022, a missile strike on the same training ground killed 87 people.")
    old = [i for i in ex.incidents if not i.new]
    assert [(i.location, i.oblast, i.killed) for i in old] == [("Desna", "Chernihiv", 87)]


def test_a_statement_speaks_for_its_author():
    ex = _run("Russian Defence Ministry: summary of 12 March\nAviation struck a temporary deployment point of the "
              "Armed Forces of Ukraine near Huliaipole. Up to 40 nationalists were eliminated.")
    inc = _one(ex)
    assert (inc.status, inc.killed, inc.claimed_killed, inc.claimed_by) == (
        "claimed", None, 40, "Russian Defense Ministry")


def test_a_follow_up_figure_elsewhere_does_not_borrow_the_last_weapon():
    ex = _run("A Russian drone struck a house in Izium overnight, injuring two people.\n"
              "In Balakliia, an elderly woman was killed, the regional governor said.")
    places = _by_place(ex)
    assert places["Izium"].weapon_class == "drone"
    assert (places["Balakliia"].killed, places["Balakliia"].weapon_class) == (1, "unknown")


def test_semicolons_separate_headline_items():
    ex = _run("Poltava toll rises to six; overnight drone attack on Lviv", title="")
    places = _by_place(ex)
    assert places["Lviv"].weapon_class == "drone"
    assert places["Poltava"].weapon_class == "unknown"


def test_the_injured_are_n():
    inc = _one(_run("A missile hit Chernihiv on Monday. The injured are four children and 12 adults, the "
                    "mayor said."))
    assert inc.injured == 16


def test_destroyed_over_a_region_is_an_interception_and_a_meeting_needs_a_government():
    ex = _run("Air defence destroyed 19 drones over the Mykolaiv region overnight. Reporters were not allowed to "
              "visit the site.")
    assert [e.type for e in ex.other_events] == ["interception"]
    assert ex.other_events[0].intercepted == 19


def test_running_totals_and_background_paragraphs_do_not_count_as_new_strikes():
    ex = _run("Drones hit Chernihiv overnight, injuring two people.\n\nBackground: On Monday, a missile strike on "
              "Uman killed 23 people. Since the start of the full-scale invasion, Russian attacks have killed more "
              "than 600 children in Ukraine.")
    fresh = [(i.location, i.injured) for i in ex.incidents if i.new]
    assert fresh == [("Chernihiv", 2)]
    assert all(i.killed != 600 for i in ex.incidents)
    old = [i for i in ex.incidents if not i.new]
    assert [(i.location, i.killed) for i in old] == [("Uman", 23)]


def test_a_regional_total_keeps_only_what_its_towns_do_not_account_for():
    ex = _run("Russian strikes on the Kherson region injured nine people over the past day, the regional "
              "administration said. In Kherson, drones injured two men; in Bilozerka a woman was injured by a "
              "drone.")
    places = _by_place(ex)
    assert places["Kherson"].injured == 2
    assert places["Bilozerka"].injured == 1
    assert ("Kherson", None) in [(i.oblast, i.location) for i in ex.incidents]
    region = [i for i in ex.incidents if i.location is None][0]
    assert region.injured == 6


def test_the_day_a_toll_rose_is_not_the_day_of_the_strike():
    ex = _run("The death toll from a Russian missile strike on Zaporizhzhia rose to six on Wednesday, officials "
              "said. The attack on Tuesday also wounded 22 people.")
    inc = _one(ex)
    assert (inc.date, inc.killed, inc.injured) == (date(2024, 3, 12), 6, 22)


def test_a_national_daily_total_broken_down_by_place_keeps_only_the_remainder():
    ex = _run("Russian attacks kill 4, injure 19 over past day\n"
              "Russian attacks across Ukraine killed four people and injured 19 over the past day, regional "
              "authorities reported.\n"
              "In Kharkiv Oblast, a Russian drone strike on Kupiansk killed one person and injured three.\n"
              "In Donetsk Oblast, two people were killed and seven injured by shelling in Kostiantynivka.\n"
              "Russian shelling injured nine people in Kherson Oblast.")
    places = {(i.location, i.oblast, i.country): i for i in ex.incidents}
    assert places[("Kupiansk", "Kharkiv", "Ukraine")].killed == 1
    assert places[("Kostiantynivka", "Donetsk", "Ukraine")].injured == 7
    assert places[(None, "Kherson", "Ukraine")].injured == 9
    national = places[(None, None, "Ukraine")]
    assert (national.killed, national.injured) == (1, None)   # one death the breakdown does not place
