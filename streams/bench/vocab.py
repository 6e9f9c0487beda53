"""Word lists the workload generator composes articles from.

Kept apart from :mod:`streams.bench.workload` so the grammar (how sentences are built) and
the vocabulary (what they talk about) change for different reasons. The place list is
built in rather than read from the extractor's gazetteer: a benchmark workload must not
change when the gazetteer does, or two runs of the same seed stop being comparable.
Every list is a tuple, never a set, so draws are the same in every process.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    oblast: str
    country: str = "Ukraine"
    weight: int = 1  # front-line towns are reported on far more often


def _towns(oblast: str, names: str, *, front: str = "", country: str = "Ukraine") -> list[Town]:
    """``names``: comma-separated; names also in ``front`` weigh three times as much."""
    hot = {n.strip() for n in front.split(",") if n.strip()}
    return [Town(n.strip(), oblast, country, 3 if n.strip() in hot else 1) for n in names.split(",") if n.strip()]


UKRAINE_TOWNS: tuple[Town, ...] = tuple(
    _towns("Donetsk", "Kramatorsk, Sloviansk, Bakhmut, Avdiivka, Pokrovsk, Kostiantynivka, Druzhkivka, Toretsk, "
           "Myrnohrad, Selydove, Vuhledar, Marinka, Lyman, Siversk, Chasiv Yar, Kurakhove, Dobropillia, "
           "Mariupol, Volnovakha, Soledar, Horlivka, Makiivka",
           front="Kramatorsk, Sloviansk, Bakhmut, Avdiivka, Pokrovsk, Kostiantynivka, Chasiv Yar")
    + _towns("Luhansk", "Sievierodonetsk, Lysychansk, Rubizhne, Kreminna, Svatove, Starobilsk")
    + _towns("Kharkiv", "Kharkiv, Kupiansk, Izium, Chuhuiv, Balakliia, Vovchansk, Zolochiv, Lozova, Zmiiv, "
             "Bohodukhiv, Krasnohrad, Derhachi, Pervomaiskyi",
             front="Kharkiv, Kupiansk, Vovchansk")
    + _towns("Zaporizhzhia", "Zaporizhzhia, Orikhiv, Huliaipole, Stepnohirsk, Vasylivka, Enerhodar, Melitopol, "
             "Berdiansk, Tokmak, Polohy, Vilniansk",
             front="Zaporizhzhia, Orikhiv, Huliaipole")
    + _towns("Kherson", "Kherson, Beryslav, Nova Kakhovka, Oleshky, Hola Prystan, Bilozerka, Kakhovka, "
             "Antonivka, Skadovsk, Henichesk",
             front="Kherson, Beryslav, Bilozerka")
    + _towns("Mykolaiv", "Mykolaiv, Ochakiv, Voznesensk, Pervomaisk, Bashtanka, Snihurivka, Yuzhnoukrainsk",
             front="Mykolaiv, Ochakiv")
    + _towns("Odesa", "Odesa, Izmail, Chornomorsk, Bilhorod-Dnistrovskyi, Pivdenne, Reni, Podilsk, Zatoka",
             front="Odesa")
    + _towns("Dnipropetrovsk", "Dnipro, Kryvyi Rih, Nikopol, Marhanets, Pavlohrad, Kamianske, Synelnykove, "
             "Novomoskovsk, Zhovti Vody, Pokrov",
             front="Dnipro, Nikopol, Kryvyi Rih")
    + _towns("Sumy", "Sumy, Shostka, Konotop, Okhtyrka, Romny, Lebedyn, Trostianets, Bilopillia, "
             "Krasnopillia, Seredyna-Buda", front="Sumy")
    + _towns("Chernihiv", "Chernihiv, Nizhyn, Pryluky, Novhorod-Siverskyi, Semenivka, Horodnia")
    + _towns("Kyiv", "Kyiv, Bila Tserkva, Brovary, Bucha, Irpin, Vyshhorod, Fastiv, Boryspil, Obukhiv, Hostomel",
             front="Kyiv")
    + _towns("Poltava", "Poltava, Kremenchuk, Myrhorod, Lubny, Horishni Plavni")
    + _towns("Cherkasy", "Cherkasy, Uman, Smila")
    + _towns("Kirovohrad", "Kropyvnytskyi, Oleksandriia, Znamianka")
    + _towns("Vinnytsia", "Vinnytsia, Kalynivka, Haisyn, Zhmerynka")
    + _towns("Zhytomyr", "Zhytomyr, Korosten, Berdychiv, Ovruch, Malyn")
    + _towns("Khmelnytskyi", "Khmelnytskyi, Starokostiantyniv, Kamianets-Podilskyi, Shepetivka, Netishyn")
    + _towns("Rivne", "Rivne, Dubno, Varash")
    + _towns("Volyn", "Lutsk, Kovel")
    + _towns("Lviv", "Lviv, Drohobych, Stryi, Yavoriv, Sambir")
    + _towns("Ternopil", "Ternopil, Chortkiv")
    + _towns("Ivano-Frankivsk", "Ivano-Frankivsk, Kalush, Burshtyn, Kolomyia")
    + _towns("Zakarpattia", "Uzhhorod, Mukachevo")
    + _towns("Chernivtsi", "Chernivtsi")
    + _towns("Crimea", "Sevastopol, Simferopol, Dzhankoi, Yevpatoriia, Kerch, Feodosiia, Saky")
)

RUSSIA_TOWNS: tuple[Town, ...] = tuple(
    _towns("Belgorod", "Belgorod, Shebekino, Grayvoron, Valuyki", country="Russia")
    + _towns("Kursk", "Kursk, Sudzha, Rylsk", country="Russia")
    + _towns("Bryansk", "Bryansk, Klintsy", country="Russia")
    + _towns("Rostov", "Rostov-on-Don, Taganrog", country="Russia")
    + _towns("Voronezh", "Voronezh", country="Russia")
    + _towns("Krasnodar", "Novorossiysk", country="Russia")
    + _towns("Moscow", "Moscow", country="Russia")
)

#: Town draws: front-line towns repeated by weight, so incidents cluster as real coverage does.
WEIGHTED_UKRAINE: tuple[Town, ...] = tuple(t for t in UKRAINE_TOWNS for _ in range(t.weight))
FRONT_OBLASTS = ("Donetsk", "Luhansk", "Kharkiv", "Zaporizhzhia", "Kherson")
ALL_OBLASTS: tuple[str, ...] = tuple(dict.fromkeys(t.oblast for t in UKRAINE_TOWNS))

CAPITALS = ("Brussels", "Washington", "Berlin", "Paris", "Warsaw", "Ankara", "Vilnius", "London", "Rome",
            "Geneva", "Tokyo", "Kyiv", "Madrid", "Prague", "Helsinki", "Oslo", "Copenhagen", "Ottawa",
            "The Hague", "Bucharest", "Tallinn", "Riga", "Stockholm", "Vienna", "Budapest")

DONORS = ("the United States", "Germany", "the United Kingdom", "France", "Poland", "Canada", "the Netherlands",
          "Denmark", "Norway", "Sweden", "Italy", "Spain", "Lithuania", "Estonia", "Latvia", "Finland",
          "Czech Republic", "Japan", "Australia", "Belgium", "Portugal", "Slovakia", "Romania")

AID_ITEMS = ("Patriot interceptors", "155mm artillery shells", "Leopard 2 tanks", "Bradley fighting vehicles",
             "IRIS-T air defence systems", "HIMARS launchers", "demining equipment", "armoured ambulances",
             "NASAMS launchers", "Storm Shadow missiles", "ATACMS missiles", "winter clothing",
             "generators", "counter-drone systems", "Gepard anti-aircraft guns", "Stinger missiles",
             "Javelin anti-tank missiles", "M777 howitzers", "CV90 infantry fighting vehicles",
             "Caesar self-propelled howitzers", "small arms ammunition", "night-vision goggles",
             "radar systems", "patrol boats", "field hospitals", "Hawk missiles", "Archer howitzers")

CURRENCIES = (("$", "dollars"), ("€", "euros"), ("£", "pounds"))

# (name, weapon class, generic noun) — the noun lets a sentence name the weapon or not.
MISSILES = (("Iskander-M", "ballistic missile"), ("Iskander-K", "cruise missile"), ("Kh-101", "cruise missile"),
            ("Kh-22", "anti-ship missile"), ("Kh-59", "guided missile"), ("Kalibr", "cruise missile"),
            ("S-300", "anti-aircraft missile"), ("Kinzhal", "hypersonic missile"), ("Onyx", "anti-ship missile"),
            ("KN-23", "ballistic missile"), ("Kh-31", "guided missile"), ("Kh-555", "cruise missile"))
DRONES = (("Shahed-136", "attack drone"), ("Geran-2", "kamikaze drone"), ("Lancet", "loitering munition"),
          ("Shahed", "attack drone"), ("Orlan-10", "reconnaissance drone"))
BOMBS = (("KAB-500", "guided aerial bomb"), ("FAB-500", "glide bomb"), ("FAB-1500", "glide bomb"),
         ("UMPK", "guided bomb"), ("FAB-250", "aerial bomb"))
ROCKETS = (("Grad", "multiple rocket launcher"), ("Smerch", "multiple rocket launcher"),
           ("Uragan", "multiple rocket launcher"), ("Tornado-S", "multiple rocket launcher"))
ARTILLERY_NOUNS = ("artillery fire", "mortar fire", "tank fire", "122mm shells", "152mm shells", "heavy shelling",
                   "howitzer fire", "cluster munitions")

TARGETS: dict[str, tuple[str, ...]] = {
    "residential": ("a nine-storey apartment block", "a five-storey residential building", "a private house",
                    "a residential neighbourhood", "a high-rise building", "a dormitory", "several private homes",
                    "a row of houses", "an apartment building", "a block of flats", "a residential district"),
    "energy": ("a thermal power plant", "an electricity substation", "energy infrastructure", "a hydroelectric plant",
               "a gas production facility", "a power line", "a heating plant", "a transformer station"),
    "infrastructure": ("a railway station", "a bridge", "the port", "grain silos", "a fuel depot", "a water pumping station",
                       "a rail depot", "port infrastructure", "a grain terminal", "a warehouse", "an industrial site"),
    "commercial": ("a shopping centre", "a supermarket", "a restaurant", "a hotel", "a car dealership",
                   "a pizzeria", "a market", "a petrol station", "a pharmacy", "an office building", "a cafe"),
    "civic": ("a school", "a hospital", "a kindergarten", "a church", "a cultural centre", "a clinic",
              "a university building", "a post office", "a library", "a sports complex"),
    "military": ("a military airfield", "an ammunition depot", "a training ground", "a military enlistment office",
                 "an air defence position"),
}

UA_FIRST = ("Oleksandr", "Serhiy", "Andriy", "Vitaliy", "Ihor", "Oleh", "Yuriy", "Dmytro", "Volodymyr", "Mykola",
            "Vadym", "Roman", "Maksym", "Pavlo", "Ivan", "Olena", "Iryna", "Natalia", "Oksana", "Yulia", "Tetiana",
            "Hanna", "Svitlana", "Kateryna", "Liudmyla", "Maryna", "Bohdan", "Taras", "Anatoliy", "Viktor")
UA_LAST = ("Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Shevchuk", "Melnyk", "Boyko", "Oliinyk",
           "Polishchuk", "Lysenko", "Marchenko", "Savchenko", "Rudenko", "Moroz", "Kovalchuk", "Petrenko",
           "Hnatiuk", "Zinchenko", "Pavlenko", "Klymenko", "Tymoshchuk", "Kuzmenko", "Ostapenko", "Prykhodko",
           "Demchenko", "Yatsenko", "Honchar", "Sydorenko", "Fedoruk", "Vasylenko", "Hrytsenko", "Levchenko")
INTL_FIRST = ("Emma", "James", "Sarah", "Daniel", "Laura", "Michael", "Anna", "Thomas", "Claire", "David",
              "Sophie", "Mark", "Julia", "Peter", "Helen", "Lukas", "Marta", "Henrik", "Elena", "Paul")
INTL_LAST = ("Clarke", "Walsh", "Becker", "Novak", "Lindqvist", "Moreau", "Rossi", "Fischer", "Hughes", "Kowalski",
             "Jensen", "Murray", "Schmidt", "Dubois", "Bennett", "Hartmann", "Ferrari", "Wilson", "Nilsson", "Baker")

REGIONAL_ROLES = ("head of the {o} regional military administration", "governor of the {o} region",
                  "head of the {o} regional council", "{o} regional police chief",
                  "head of the {o} region's emergency service")
CITY_ROLES = ("mayor of {t}", "head of the {t} city military administration", "secretary of the {t} city council",
              "head of the {t} district administration")
NATIONAL_SOURCES = ("Ukraine's Interior Ministry", "the State Emergency Service", "the Prosecutor General's Office",
                    "the National Police", "Ukraine's General Staff", "the presidential office",
                    "the Ukrainian Air Force", "the Ministry of Health", "the Ministry of Energy",
                    "Ukraine's human rights ombudsman")
RUSSIAN_CLAIMANTS = ("Russia's defence ministry", "the Russian Defence Ministry", "Moscow's defence ministry",
                     "a spokesman for Russia's defence ministry", "the Kremlin-installed administration",
                     "Russian state media", "Russia's Federal Security Service")
OUTLETS = ("Eastern Europe Wire", "Dnipro Daily", "Black Sea Herald", "Kyiv Morning Post", "Continental Press",
           "Northern Courier", "Danube Times", "Steppe News", "Atlantic Dispatch", "Carpathian Review",
           "Zaporizhzhia Today", "Kharkiv Observer", "Odesa Evening", "Polissia Gazette", "Global Newsdesk",
           "Central European Monitor", "The Frontline Report", "Morning Ledger", "Harbour Chronicle", "World Bulletin")
WIRE_AGENCIES = ("Eastern Europe Wire", "Continental Press", "Global Newsdesk", "World Bulletin", "Atlantic Dispatch")

DIPLOMATIC_TOPICS = ("a peace formula", "grain exports through the Black Sea", "security guarantees for Ukraine",
                     "Ukraine's EU accession talks", "a price cap on Russian oil", "a prisoner exchange",
                     "reconstruction funding", "the safety of the Zaporizhzhia nuclear plant",
                     "the return of deported children", "a new sanctions package", "air defence deliveries",
                     "frozen Russian assets", "a special tribunal for the crime of aggression",
                     "energy cooperation", "NATO membership prospects")
LEADER_ROLES = ("President Volodymyr Zelensky", "Ukraine's foreign minister", "Ukraine's prime minister",
                "the German chancellor", "the French president", "the British prime minister",
                "the US secretary of state", "NATO's secretary general", "the EU's foreign policy chief",
                "the Polish president", "Turkey's president", "the UN secretary-general",
                "the Japanese prime minister", "Canada's defence minister", "the Lithuanian president",
                "Russia's foreign minister", "the Kremlin spokesman", "the Chinese special envoy")

# Non-event filler: subjects, verbs and objects combined so sentences rarely repeat.
ECON_SUBJECTS = ("The National Bank of Ukraine", "The finance ministry", "The state statistics service",
                 "Analysts at a Kyiv investment firm", "The economy ministry", "The International Monetary Fund",
                 "A survey of business leaders", "The agriculture ministry", "The World Bank", "Ukrainian Railways",
                 "The state energy company", "Grain traders", "The customs service", "A group of economists")
ECON_INDICATORS = ("consumer inflation", "the key policy rate", "retail sales", "steel output", "the hryvnia",
                   "grain exports", "industrial production", "tax revenues", "wheat prices", "the budget deficit",
                   "foreign reserves", "unemployment", "sunflower oil shipments", "freight volumes", "wage growth",
                   "remittances", "corn harvest estimates", "mortgage lending", "electricity imports")
ECON_MOVES = ("rose", "fell", "slowed", "edged up", "climbed", "eased", "jumped", "dipped", "stabilised", "recovered")
ECON_PERIODS = ("in the first quarter", "last month", "year on year", "in the first half of the year",
                "compared with the previous month", "since January", "over the summer", "in the third quarter",
                "in the autumn", "over the past twelve months")
ECON_REASONS = ("as logistics routes adjusted", "on the back of stronger harvests", "amid rising energy costs",
                "as businesses relocated westwards", "helped by international financing",
                "despite disruptions at the ports", "as demand for building materials grew",
                "reflecting higher fuel prices", "as more refugees returned home", "after the tax changes took effect",
                "as exporters found new routes along the Danube", "amid persistent labour shortages")

CULTURE_EVENTS = ("a film festival", "a jazz festival", "a book fair", "a photography exhibition", "a charity concert",
                  "a theatre premiere", "an art auction", "a folk music festival", "a poetry evening",
                  "a design week", "an open-air cinema season", "a classical music marathon", "a street art project")
CULTURE_VERBS = ("opened", "drew large crowds", "was postponed", "raised funds for veterans", "returned after a break",
                 "moved into a bomb shelter", "featured young artists", "sold out within hours", "attracted visitors")
SPORT_TEAMS = ("Shakhtar Donetsk", "Dynamo Kyiv", "Dnipro-1", "Zorya Luhansk", "Vorskla Poltava", "Oleksandriya",
               "Kryvbas", "Rukh Lviv", "Polissya Zhytomyr", "Kolos Kovalivka", "Metalist 1925", "Chornomorets Odesa")
SPORT_EVENTS = ("the national volleyball team", "Ukraine's swimmers", "the women's handball team", "a young boxer",
                "the fencing squad", "Ukrainian sprinters", "a chess grandmaster", "the biathlon team")
WEATHER = ("Forecasters warned of {adj} {thing} across the {o} region on {day}.",
           "Temperatures are expected to {move} to {n} degrees Celsius by {day}, the weather service said.",
           "{Adj} {thing} disrupted traffic on the road between {t1} and {t2} on {day}.",
           "The weather service issued a {colour} warning for {thing} in {n} regions including {o}.")
WEATHER_ADJ = ("heavy", "freezing", "strong", "prolonged", "unseasonal", "dense", "icy", "gusty")
WEATHER_THING = ("snowfall", "rain", "fog", "winds", "frost", "thunderstorms", "heat", "sleet")
TECH = ("A {o} startup developing {product} raised {money} from investors, its founders said.",
        "The digital ministry said {n} million people now use the state services app, up from {m} million a year earlier.",
        "Engineers in {t} unveiled {product} designed to {purpose}.",
        "Universities in {t} reported a rise in applications for {field} courses this year.")
TECH_PRODUCTS = ("agricultural drones", "a battery storage system", "demining robots", "a telemedicine platform",
                 "solar-powered chargers", "an air-quality sensor network", "educational software",
                 "a logistics app", "prosthetic limbs", "water purification units")
TECH_PURPOSES = ("help farmers survey fields", "keep hospitals running during blackouts", "clear farmland of mines",
                 "connect rural patients with doctors", "speed up customs checks", "monitor river pollution")
STUDY_FIELDS = ("engineering", "medicine", "computer science", "agronomy", "psychology", "rehabilitation")
FURNITURE = ("Read more: {headline}", "Sign up for our {freq} newsletter on the war in Ukraine.",
             "Photo: {agency} / {person}", "Related: {headline}", "Editor's note: this story has been updated.",
             "This article was updated with {what}.", "Listen to the {freq} podcast from our {o} correspondent.",
             "Subscribe to receive {outlet} alerts on your phone.")
FURNITURE_WHAT = ("new casualty figures", "comments from officials", "additional reporting", "a photo gallery",
                  "the air force's figures", "a correction to the headline")

TOWNS_BY_OBLAST: dict[str, tuple[Town, ...]] = {
    oblast: tuple(t for t in UKRAINE_TOWNS if t.oblast == oblast) for oblast in dict.fromkeys(t.oblast for t in UKRAINE_TOWNS)
}

# Commentary: long paragraphs of opinion and background, as features and live blogs carry.
THINK_TANKS = ("the Royal United Services Institute", "the Carnegie Endowment", "a Kyiv-based think tank",
               "the European Council on Foreign Relations", "the Atlantic Council", "a Warsaw security institute",
               "the Kyiv School of Economics", "a Berlin foreign policy institute", "the Centre for Eastern Studies")
ANALYST_ROLES = ("a senior fellow", "a research director", "a former diplomat", "an economist", "a political analyst",
                 "a retired general", "a historian", "a security researcher", "a pollster")
OPINIONS = ("the coming months would test Western resolve more than the battlefield",
            "public support for continued assistance remained strong despite fatigue in some capitals",
            "the debate over long-range weapons had become as much about politics as about tactics",
            "Moscow was betting that elections in Europe and the United States would change the calculus",
            "reconstruction planning had to begin now rather than after a ceasefire",
            "the sanctions regime was leaking through third countries",
            "defence industries on both sides of the Atlantic were still far from wartime output",
            "Kyiv's diplomatic outreach to the Global South had produced mixed results",
            "the energy system had proved more resilient than many engineers expected",
            "mobilisation would remain the most sensitive domestic issue for the government",
            "the Black Sea corridor had changed the economics of Ukrainian agriculture",
            "negotiations were unlikely while both sides believed time was on their side")
BACKGROUND = ("Ukraine's parliament is due to debate the {topic} bill next week, with {n} amendments tabled.",
              "A poll by {tank} found that {p}% of Ukrainians {view}.",
              "Officials in {city} have been under pressure to explain delays in {topic}.",
              "The government has set aside {n} billion hryvnias for {topic} in next year's budget.",
              "{N} lawmakers signed an open letter calling for faster progress on {topic}.",
              "The European Commission is expected to publish its assessment of {topic} in {month}.")
BACKGROUND_TOPICS = ("judicial reform", "anti-corruption measures", "housing compensation", "veterans' benefits",
                     "school shelters", "the electricity tariff", "public procurement", "energy efficiency",
                     "the mobilisation law", "land registration", "customs digitalisation", "minority languages")
POLL_VIEWS = ("trust the armed forces", "expect the war to last more than a year", "oppose territorial concessions",
              "support joining the European Union", "say their finances worsened this year",
              "have relatives serving in the military", "plan to stay in their home town")
