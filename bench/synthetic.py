"""A deterministic generator of plausible diplomacy facts and of questions to test them with.

`generate(n, seed)` returns `n` facts (`bot.core.models.Fact`) drawn from fifteen relation
types: who holds a post in a country, ambassadors, diplomatic relations, bilateral trade,
talks and agreements on a topic, disaster death tolls, election turnout, defence spending,
summits, secretaries-general, headquarters, memberships, official visits and "what post
does this person hold". Every fact is keyed by (relation, subject), and no key is used
twice, so the base is unambiguous: there is one foreign minister of Peru, one Peruvian
ambassador to Chad, one figure for Chile-Peru trade in 2021.

Each relation has six to eight question templates. A fact gets three to five of them as its
curated phrasings; the ones it did not get are held out for `queries`, which builds:

* clean: a held-out phrasing of a fact in the base;
* typo: the same question with one or two realistic typos in content words;
* out-of-scope: a relation the base holds for others but not for this subject ("who is
  Peru's ambassador to Chad?" when the base only knows Peru's ambassadors elsewhere), a person
  the base has never heard of, or off-topic chatter ("how old is ...?", "weather in Lima?").

Everything is drawn from `random.Random` seeded with strings, so the same (n, seed) always
gives the same facts and the same questions, in any process.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from bot.core.models import Difficulty, Fact, Kind

ARTICLE_ID = "synthetic_diplomacy"
Key = tuple[Any, ...]

# (name, capital, takes "the") for UN members and a few more.
COUNTRIES: list[tuple[str, str, bool]] = [
    ("Afghanistan", "Kabul", False), ("Albania", "Tirana", False),
    ("Algeria", "Algiers", False), ("Andorra", "Andorra la Vella", False),
    ("Angola", "Luanda", False), ("Antigua and Barbuda", "St John's", False),
    ("Argentina", "Buenos Aires", False), ("Armenia", "Yerevan", False),
    ("Australia", "Canberra", False), ("Austria", "Vienna", False),
    ("Azerbaijan", "Baku", False), ("Bahamas", "Nassau", True),
    ("Bahrain", "Manama", False), ("Bangladesh", "Dhaka", False),
    ("Barbados", "Bridgetown", False), ("Belarus", "Minsk", False),
    ("Belgium", "Brussels", False), ("Belize", "Belmopan", False),
    ("Benin", "Porto-Novo", False), ("Bhutan", "Thimphu", False),
    ("Bolivia", "La Paz", False), ("Bosnia and Herzegovina", "Sarajevo", False),
    ("Botswana", "Gaborone", False), ("Brazil", "Brasilia", False),
    ("Brunei", "Bandar Seri Begawan", False), ("Bulgaria", "Sofia", False),
    ("Burkina Faso", "Ouagadougou", False), ("Burundi", "Gitega", False),
    ("Cabo Verde", "Praia", False), ("Cambodia", "Phnom Penh", False),
    ("Cameroon", "Yaounde", False), ("Canada", "Ottawa", False),
    ("Central African Republic", "Bangui", True), ("Chad", "N'Djamena", False),
    ("Chile", "Santiago", False), ("China", "Beijing", False),
    ("Colombia", "Bogota", False), ("Comoros", "Moroni", True),
    ("Congo", "Brazzaville", False), ("Costa Rica", "San Jose", False),
    ("Côte d'Ivoire", "Yamoussoukro", False), ("Croatia", "Zagreb", False),
    ("Cuba", "Havana", False), ("Cyprus", "Nicosia", False),
    ("Czech Republic", "Prague", True), ("Democratic Republic of the Congo", "Kinshasa", True),
    ("Denmark", "Copenhagen", False), ("Djibouti", "Djibouti City", False),
    ("Dominica", "Roseau", False), ("Dominican Republic", "Santo Domingo", True),
    ("Ecuador", "Quito", False), ("Egypt", "Cairo", False),
    ("El Salvador", "San Salvador", False), ("Equatorial Guinea", "Malabo", False),
    ("Eritrea", "Asmara", False), ("Estonia", "Tallinn", False),
    ("Eswatini", "Mbabane", False), ("Ethiopia", "Addis Ababa", False),
    ("Fiji", "Suva", False), ("Finland", "Helsinki", False),
    ("France", "Paris", False), ("Gabon", "Libreville", False),
    ("Gambia", "Banjul", True), ("Georgia", "Tbilisi", False),
    ("Germany", "Berlin", False), ("Ghana", "Accra", False),
    ("Greece", "Athens", False), ("Grenada", "St George's", False),
    ("Guatemala", "Guatemala City", False), ("Guinea", "Conakry", False),
    ("Guinea-Bissau", "Bissau", False), ("Guyana", "Georgetown", False),
    ("Haiti", "Port-au-Prince", False), ("Honduras", "Tegucigalpa", False),
    ("Hungary", "Budapest", False), ("Iceland", "Reykjavik", False),
    ("India", "New Delhi", False), ("Indonesia", "Jakarta", False),
    ("Iran", "Tehran", False), ("Iraq", "Baghdad", False),
    ("Ireland", "Dublin", False), ("Israel", "Jerusalem", False),
    ("Italy", "Rome", False), ("Jamaica", "Kingston", False),
    ("Japan", "Tokyo", False), ("Jordan", "Amman", False),
    ("Kazakhstan", "Astana", False), ("Kenya", "Nairobi", False),
    ("Kiribati", "Tarawa", False), ("Kosovo", "Pristina", False),
    ("Kuwait", "Kuwait City", False), ("Kyrgyzstan", "Bishkek", False),
    ("Laos", "Vientiane", False), ("Latvia", "Riga", False),
    ("Lebanon", "Beirut", False), ("Lesotho", "Maseru", False),
    ("Liberia", "Monrovia", False), ("Libya", "Tripoli", False),
    ("Liechtenstein", "Vaduz", False), ("Lithuania", "Vilnius", False),
    ("Luxembourg", "Luxembourg City", False), ("Madagascar", "Antananarivo", False),
    ("Malawi", "Lilongwe", False), ("Malaysia", "Kuala Lumpur", False),
    ("Maldives", "Male", True), ("Mali", "Bamako", False),
    ("Malta", "Valletta", False), ("Marshall Islands", "Majuro", True),
    ("Mauritania", "Nouakchott", False), ("Mauritius", "Port Louis", False),
    ("Mexico", "Mexico City", False), ("Micronesia", "Palikir", False),
    ("Moldova", "Chisinau", False), ("Monaco", "Monaco-Ville", False),
    ("Mongolia", "Ulaanbaatar", False), ("Montenegro", "Podgorica", False),
    ("Morocco", "Rabat", False), ("Mozambique", "Maputo", False),
    ("Myanmar", "Naypyidaw", False), ("Namibia", "Windhoek", False),
    ("Nauru", "Yaren", False), ("Nepal", "Kathmandu", False),
    ("Netherlands", "Amsterdam", True), ("New Zealand", "Wellington", False),
    ("Nicaragua", "Managua", False), ("Niger", "Niamey", False),
    ("Nigeria", "Abuja", False), ("North Korea", "Pyongyang", False),
    ("North Macedonia", "Skopje", False), ("Norway", "Oslo", False),
    ("Oman", "Muscat", False), ("Pakistan", "Islamabad", False),
    ("Palau", "Ngerulmud", False), ("Palestine", "Ramallah", False),
    ("Panama", "Panama City", False), ("Papua New Guinea", "Port Moresby", False),
    ("Paraguay", "Asuncion", False), ("Peru", "Lima", False),
    ("Philippines", "Manila", True), ("Poland", "Warsaw", False),
    ("Portugal", "Lisbon", False), ("Qatar", "Doha", False),
    ("Romania", "Bucharest", False), ("Russia", "Moscow", False),
    ("Rwanda", "Kigali", False), ("Saint Kitts and Nevis", "Basseterre", False),
    ("Saint Lucia", "Castries", False), ("Saint Vincent and the Grenadines", "Kingstown", False),
    ("Samoa", "Apia", False), ("San Marino", "San Marino City", False),
    ("Sao Tome and Principe", "Sao Tome", False), ("Saudi Arabia", "Riyadh", False),
    ("Senegal", "Dakar", False), ("Serbia", "Belgrade", False),
    ("Seychelles", "Victoria", True), ("Sierra Leone", "Freetown", False),
    ("Singapore", "Singapore", False), ("Slovakia", "Bratislava", False),
    ("Slovenia", "Ljubljana", False), ("Solomon Islands", "Honiara", True),
    ("Somalia", "Mogadishu", False), ("South Africa", "Pretoria", False),
    ("South Korea", "Seoul", False), ("South Sudan", "Juba", False),
    ("Spain", "Madrid", False), ("Sri Lanka", "Colombo", False),
    ("Sudan", "Khartoum", False), ("Suriname", "Paramaribo", False),
    ("Sweden", "Stockholm", False), ("Switzerland", "Bern", False),
    ("Syria", "Damascus", False), ("Taiwan", "Taipei", False),
    ("Tajikistan", "Dushanbe", False), ("Tanzania", "Dodoma", False),
    ("Thailand", "Bangkok", False), ("Timor-Leste", "Dili", False),
    ("Togo", "Lome", False), ("Tonga", "Nuku'alofa", False),
    ("Trinidad and Tobago", "Port of Spain", False), ("Tunisia", "Tunis", False),
    ("Turkey", "Ankara", False), ("Turkmenistan", "Ashgabat", False),
    ("Tuvalu", "Funafuti", False), ("Uganda", "Kampala", False),
    ("Ukraine", "Kyiv", False), ("United Arab Emirates", "Abu Dhabi", True),
    ("United Kingdom", "London", True), ("United States", "Washington", True),
    ("Uruguay", "Montevideo", False), ("Uzbekistan", "Tashkent", False),
    ("Vanuatu", "Port Vila", False), ("Vatican City", "Vatican City", False),
    ("Venezuela", "Caracas", False), ("Vietnam", "Hanoi", False),
    ("Yemen", "Sanaa", False), ("Zambia", "Lusaka", False),
    ("Zimbabwe", "Harare", False),
]  # fmt: skip

# Cities that host talks between other countries.
NEUTRAL_VENUES = [
    "Geneva", "Vienna", "Doha", "Oslo", "Istanbul", "Muscat", "Helsinki", "Stockholm",
    "Singapore", "Abu Dhabi", "Nairobi", "Addis Ababa", "Jeddah", "Astana", "Baku",
    "Montreux", "Lausanne", "Reykjavik", "Bali", "Cairo", "Marrakesh", "Dubai",
]  # fmt: skip

# (short name, long name, headquarters city)
ORGANISATIONS: list[tuple[str, str, str]] = [
    ("UN", "United Nations", "New York"),
    ("ASEAN", "Association of Southeast Asian Nations", "Jakarta"),
    ("SCO", "Shanghai Cooperation Organisation", "Beijing"),
    ("BRICS", "BRICS group", "Shanghai"),
    ("G20", "Group of Twenty", "Rotating presidency"),
    ("G7", "Group of Seven", "Rotating presidency"),
    ("NATO", "North Atlantic Treaty Organization", "Brussels"),
    ("EU", "European Union", "Brussels"),
    ("AU", "African Union", "Addis Ababa"),
    ("OPEC", "Organization of the Petroleum Exporting Countries", "Vienna"),
    ("APEC", "Asia-Pacific Economic Cooperation", "Singapore"),
    ("Commonwealth", "Commonwealth of Nations", "London"),
    ("OAS", "Organization of American States", "Washington"),
    ("Arab League", "League of Arab States", "Cairo"),
    ("Mercosur", "Southern Common Market", "Montevideo"),
    ("OSCE", "Organization for Security and Co-operation in Europe", "Vienna"),
    ("WTO", "World Trade Organization", "Geneva"),
    ("IAEA", "International Atomic Energy Agency", "Vienna"),
    ("WHO", "World Health Organization", "Geneva"),
    ("GCC", "Gulf Cooperation Council", "Riyadh"),
    ("PIF", "Pacific Islands Forum", "Suva"),
    ("CARICOM", "Caribbean Community", "Georgetown"),
    ("ECOWAS", "Economic Community of West African States", "Abuja"),
    ("SAARC", "South Asian Association for Regional Cooperation", "Kathmandu"),
    ("Council of Europe", "Council of Europe", "Strasbourg"),
    ("OIC", "Organisation of Islamic Cooperation", "Jeddah"),
    ("CSTO", "Collective Security Treaty Organization", "Moscow"),
    ("EAEU", "Eurasian Economic Union", "Moscow"),
    ("Nordic Council", "Nordic Council", "Copenhagen"),
    ("SADC", "Southern African Development Community", "Gaborone"),
    ("IGAD", "Intergovernmental Authority on Development", "Djibouti City"),
]

# (id, ways to say the post: the first is the official one, topic)
POSTS: list[tuple[str, list[str], str]] = [
    ("fm", ["foreign minister", "minister of foreign affairs", "top diplomat"], "diplomacy"),
    ("dm", ["defence minister", "minister of defence", "defense minister"], "defence"),
    ("im", ["interior minister", "minister of the interior", "home affairs minister"],
     "security"),
    ("finm", ["finance minister", "minister of finance", "treasury chief"], "economy"),
    ("tm", ["trade minister", "minister of trade", "commerce minister"], "trade"),
    ("cbg", ["central bank governor", "governor of the central bank", "central bank chief"],
     "economy"),
    ("nsa", ["national security adviser", "national security advisor", "security adviser"],
     "security"),
    ("pm", ["prime minister", "head of government", "premier"], "leaders"),
    ("intel", ["intelligence chief", "head of intelligence", "spy chief"], "security"),
    ("cds", ["chief of defence staff", "armed forces chief", "top general"], "defence"),
    ("un", ["ambassador to the United Nations", "permanent representative to the UN",
            "UN envoy"], "united-nations"),
    ("energy", ["energy minister", "minister of energy", "energy chief"], "energy"),
    ("health", ["health minister", "minister of health", "health chief"], "health"),
    ("justice", ["justice minister", "minister of justice", "attorney general"], "justice"),
    ("speaker", ["speaker of parliament", "parliamentary speaker", "speaker of the house"],
     "parliament"),
    ("spox", ["foreign ministry spokesperson", "foreign ministry spokesman",
              "spokesperson for the foreign ministry"], "diplomacy"),
]  # fmt: skip

TOPICS = [
    "fishing rights", "border security", "water sharing", "visa liberalisation",
    "energy cooperation", "tariff reduction", "prisoner exchanges", "debt restructuring",
    "nuclear safety", "labour migration", "climate finance", "maritime boundaries",
    "arms control", "critical minerals", "grain exports", "air services", "cybersecurity",
    "counter-terrorism", "refugee returns", "gas transit", "extradition",
    "student exchanges", "customs cooperation", "railway links",
]  # fmt: skip

DISASTERS = ["earthquake", "floods", "cyclone", "landslide", "heatwave", "wildfires"]
MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
YEARS = list(range(2015, 2025))

_ONSETS = [
    "b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
    "ch", "sh", "br", "kr", "tr", "st", "dr", "gl", "",
]  # fmt: skip
_VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o", "ai", "ei", "ou", "ia"]
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "k", "v", "sh", "nd"]

# Keys that sit next to each other on a QWERTY keyboard, for "neighbour key" typos.
_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _ch in enumerate(_row):
        near = []
        for dr in (-1, 0, 1):
            rr = _r + dr
            if 0 <= rr < len(_ROWS):
                for dc in (-1, 0, 1):
                    cc = _c + dc
                    if (dr, dc) != (0, 0) and 0 <= cc < len(_ROWS[rr]):
                        near.append(_ROWS[rr][cc])
        _NEIGHBOURS[_ch] = "".join(near)

# Words a typo generator leaves alone: they are too short or carry no content.
_FUNCTION_WORDS = frozenset(
    {
        "what", "when", "where", "which", "who", "whom", "whose", "how", "many", "much",
        "does", "did", "have", "has", "with", "from", "that", "this", "their", "them",
        "they", "were", "been", "into", "about", "name",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    capital: str
    the: bool

    @property
    def text(self) -> str:
        return f"the {self.name}" if self.the else self.name

    @property
    def possessive(self) -> str:
        return self.text + ("'" if self.name.endswith("s") else "'s")

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    category: str  # "clean" | "typo" | "oos"
    fact_id: str | None  # the fact that answers it; None for out-of-scope
    relation: str  # the fact's relation, or the out-of-scope sub-kind


@dataclass
class Synthetic:
    facts: list[Fact]
    relation: dict[str, str]  # fact id -> relation
    heldout: dict[str, list[str]]  # fact id -> phrasings not among its questions
    keys: dict[str, set[Key]]  # relation -> subjects used
    persons: list[str]
    person_names: set[str]
    seed: int


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _name_part(rng: random.Random, syllables: tuple[int, int]) -> str:
    count = rng.randint(*syllables)
    word = "".join(_syllable(rng) for _ in range(count))
    if len(word) < 3:
        word += rng.choice(["ra", "no", "la", "ko"])
    return word.capitalize()


def _person_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = f"{_name_part(rng, (1, 2))} {_name_part(rng, (2, 3))}"
        if name not in taken:
            taken.add(name)
            return name


def _fmt_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


# --- Relations -------------------------------------------------------------------------------
# Each relation: question templates (placeholders filled from a slot dict), how to make its
# answer, and the size of its key space (how many distinct subjects it can have).

T = dict[str, str]

TEMPLATES: dict[str, list[str]] = {
    "post": [
        "Who is the {post} of {C}?",
        "Who serves as {C_s} {post}?",
        "Name {C_s} {post}.",
        "Who is {C_s} current {post}?",
        "Which official holds the post of {post} in {C}?",
        "{C} {post}?",
        "Who does {C} have as its {post}?",
        "Who currently occupies the job of {post} in {C}?",
    ],
    "ambassador": [
        "Who is {A_s} ambassador to {B}?",
        "Who represents {A} as ambassador in {B}?",
        "Name {A_s} envoy to {B}.",
        "Who is the ambassador of {A} to {B}?",
        "Who serves as {A_s} top envoy in {B}?",
        "Who heads {A_s} embassy in {B}?",
        "{A} ambassador to {B}?",
        "Which diplomat is {A_s} ambassador in {B}?",
    ],
    "role": [
        "What post does {P} hold?",
        "What is {P}'s job?",
        "Who is {P}?",
        "What position does {P} occupy?",
        "What is {P}'s current role?",
        "What title does {P} hold?",
        "In what capacity does {P} serve?",
    ],
    "relations": [
        "When did {A} and {B} establish diplomatic relations?",
        "In what year did {A} and {B} establish diplomatic ties?",
        "Since when have {A} and {B} had diplomatic relations?",
        "What year did {A} open diplomatic relations with {B}?",
        "When were diplomatic ties between {A} and {B} established?",
        "In which year did {B} and {A} set up diplomatic relations?",
        "{A} {B} diplomatic relations established when?",
    ],
    "trade": [
        "What was the value of trade between {A} and {B} in {Y}?",
        "How much was bilateral trade between {A} and {B} in {Y}?",
        "How much trade did {A} and {B} do in {Y}?",
        "What did trade between {A} and {B} amount to in {Y}?",
        "What was the {Y} trade volume between {B} and {A}?",
        "How big was trade between {A} and {B} in {Y}?",
        "What was bilateral trade between {A} and {B} worth in {Y}?",
        "{A} {B} trade {Y}?",
    ],
    "talks": [
        "Where did {A} and {B} hold talks on {T}?",
        "In which city did {A} and {B} negotiate on {T}?",
        "Where were the talks between {A} and {B} on {T} held?",
        "What city hosted talks between {A} and {B} about {T}?",
        "Which city was the venue for negotiations between {A} and {B} on {T}?",
        "Where did negotiators from {A} and {B} meet to discuss {T}?",
        "Location of the {A} {B} talks on {T}?",
    ],
    "agreement": [
        "When did {A} and {B} sign their agreement on {T}?",
        "On what date was the agreement between {A} and {B} on {T} signed?",
        "When was the deal between {A} and {B} on {T} signed?",
        "What date did {A} and {B} conclude their accord on {T}?",
        "When did {B} and {A} ink the agreement on {T}?",
        "On which day did {A} and {B} sign a deal covering {T}?",
        "Date of the {A} {B} agreement on {T}?",
    ],
    "toll": [
        "How many people died in the {Y} {D} in {C}?",
        "What was the death toll of the {Y} {D} in {C}?",
        "How many were killed by the {D} that hit {C} in {Y}?",
        "How many lives did the {Y} {D} in {C} claim?",
        "How many deaths did the {Y} {D} in {C} cause?",
        "{C} {Y} {D} death toll?",
        "What number of people perished in the {D} in {C} in {Y}?",
    ],
    "turnout": [
        "What was the voter turnout in {C_s} {Y} election?",
        "What percentage of voters took part in the {Y} election in {C}?",
        "How high was turnout at {C_s} {Y} general election?",
        "What share of the electorate voted in {C_s} {Y} election?",
        "Turnout in the {Y} election in {C}?",
        "What percent of registered voters cast ballots in the {Y} election in {C}?",
    ],
    "defence": [
        "What share of GDP did {C} spend on defence in {Y}?",
        "How much of its GDP did {C} devote to the military in {Y}?",
        "What percentage of GDP went on defence in {C} in {Y}?",
        "What was {C_s} defence spending as a share of GDP in {Y}?",
        "{C} {Y} military spending percent of GDP?",
        "How large was {C_s} {Y} defence budget relative to GDP?",
    ],
    "summit": [
        "Where was the {Y} {O} summit held?",
        "Which city hosted the {O} summit in {Y}?",
        "What was the venue of the {Y} {O} summit?",
        "In which city did {O} leaders meet in {Y}?",
        "Where did the {O} hold its {Y} summit?",
        "{O} summit {Y} location?",
        "Where did {O} leaders gather for their {Y} summit?",
    ],
    "sg": [
        "Who is the secretary-general of the {O}?",
        "Who leads the {O} secretariat?",
        "Name the head of the {O}.",
        "Who heads the {O}?",
        "Who is the {O}'s top official?",
        "Who runs the {O}?",
    ],
    "hq": [
        "Where is the {O} headquartered?",
        "Which city hosts the {O} headquarters?",
        "Where is the {O} secretariat based?",
        "In which city does the {O} have its headquarters?",
        "{O} headquarters location?",
        "Where are the {O}'s main offices?",
    ],
    "joined": [
        "When did {C} join the {O}?",
        "In what year did {C} become a member of the {O}?",
        "Since when has {C} been a member of the {O}?",
        "What year did {C} join the {O}?",
        "When was {C} admitted to the {O}?",
        "{C} {O} membership since when?",
    ],
    "visit": [
        "Which country did {P} visit in {M} {Y}?",
        "Where did {P} travel in {M} {Y}?",
        "What country was {P}'s destination in {M} {Y}?",
        "Where did {P} go on an official visit in {M} {Y}?",
        "Which nation hosted {P} in {M} {Y}?",
        "{P} visit {M} {Y} destination?",
    ],
}

KINDS: dict[str, Kind] = {
    "post": Kind.PERSON, "ambassador": Kind.PERSON, "role": Kind.POSITION,
    "relations": Kind.DATE, "trade": Kind.NUMBER, "talks": Kind.PLACE,
    "agreement": Kind.DATE, "toll": Kind.NUMBER, "turnout": Kind.NUMBER,
    "defence": Kind.NUMBER, "summit": Kind.PLACE, "sg": Kind.PERSON, "hq": Kind.PLACE,
    "joined": Kind.DATE, "visit": Kind.COUNTRY,
}  # fmt: skip

# Share of the base per relation (before capping at a fraction of its key space).
WEIGHTS: dict[str, float] = {
    "ambassador": 0.17, "post": 0.03, "role": 0.10, "relations": 0.07, "trade": 0.14,
    "talks": 0.14, "agreement": 0.12, "toll": 0.05, "turnout": 0.02, "defence": 0.02,
    "summit": 0.01, "sg": 0.002, "hq": 0.002, "joined": 0.04, "visit": 0.07,
}  # fmt: skip
# Never fill more than this share of a relation's key space, so that every relation keeps
# subjects the base knows nothing about (the out-of-scope questions are drawn from them).
KEY_SPACE_CAP = 0.6
# Relations that absorb what the capped ones could not take.
SPILL = ("talks", "agreement", "trade", "visit")


class _Builder:
    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.seed = seed
        self.rng = random.Random(f"attache-synthetic-facts:{seed}:{n}")
        self.countries = [Country(*c) for c in COUNTRIES]
        self.pairs_count = len(self.countries) * (len(self.countries) - 1) // 2
        self.person_names: set[str] = set()
        self.persons: list[str] = []  # people who hold a post (in creation order)
        self.person_role: dict[str, tuple[str, str, Country | None]] = {}
        self.facts: list[Fact] = []
        self.relation: dict[str, str] = {}
        self.heldout: dict[str, list[str]] = {}
        self.keys: dict[str, set[Key]] = {r: set() for r in TEMPLATES}

    # -- key spaces and random keys --

    def key_space(self, relation: str) -> int:
        c, p, o = len(self.countries), self.pairs_count, len(ORGANISATIONS)
        return {
            "post": c * len(POSTS),
            "ambassador": c * (c - 1),
            "role": 10**9,  # bounded by the number of post holders instead
            "relations": p,
            "trade": p * len(YEARS),
            "talks": p * len(TOPICS),
            "agreement": p * len(TOPICS),
            "toll": c * len(DISASTERS) * len(YEARS),
            "turnout": c * len(YEARS),
            "defence": c * len(YEARS),
            "summit": o * len(YEARS),
            "sg": o,
            "hq": o,
            "joined": c * o,
            "visit": 10**9,  # persons x months
        }[relation]

    def pair(self, rng: random.Random) -> tuple[int, int]:
        a, b = rng.sample(range(len(self.countries)), 2)
        return (a, b) if a < b else (b, a)

    def random_key(self, relation: str, rng: random.Random) -> Key:
        c = len(self.countries)
        o = len(ORGANISATIONS)
        if relation == "post":
            return (rng.randrange(c), rng.randrange(len(POSTS)))
        if relation == "ambassador":
            return tuple(rng.sample(range(c), 2))
        if relation == "relations":
            return self.pair(rng)
        if relation == "trade":
            return (*self.pair(rng), rng.choice(YEARS))
        if relation in ("talks", "agreement"):
            return (*self.pair(rng), rng.randrange(len(TOPICS)))
        if relation == "toll":
            return (rng.randrange(c), rng.randrange(len(DISASTERS)), rng.choice(YEARS))
        if relation in ("turnout", "defence"):
            return (rng.randrange(c), rng.choice(YEARS))
        if relation == "summit":
            return (rng.randrange(o), rng.choice(YEARS))
        if relation in ("sg", "hq"):
            return (rng.randrange(o),)
        if relation == "joined":
            return (rng.randrange(c), rng.randrange(o))
        if relation == "visit":
            return (rng.choice(self.persons), rng.randrange(12), rng.choice(YEARS))
        raise ValueError(relation)

    # -- quotas --

    def quotas(self) -> dict[str, int]:
        raw = {r: round(self.n * w / sum(WEIGHTS.values())) for r, w in WEIGHTS.items()}
        quotas = {}
        for relation, want in raw.items():
            cap = int(self.key_space(relation) * KEY_SPACE_CAP)
            quotas[relation] = min(want, cap)
        # Role facts need post holders; the holders come from post, ambassador and sg.
        holders = quotas["post"] + quotas["ambassador"] + quotas["sg"]
        quotas["role"] = min(quotas["role"], holders)
        short = self.n - sum(quotas.values())
        i = 0
        while short != 0:
            relation = SPILL[i % len(SPILL)]
            step = 1 if short > 0 else -1
            if step < 0 and quotas[relation] == 0:
                i += 1
                continue
            if step > 0 and quotas[relation] >= int(self.key_space(relation) * KEY_SPACE_CAP):
                i += 1
                if i > 10 * len(SPILL):
                    raise ValueError(f"cannot make {self.n} distinct facts")
                continue
            quotas[relation] += step
            short -= step
            i += 1
        return quotas

    # -- slots for templates --

    def slots(self, relation: str, key: Key) -> T:
        rng = self.rng
        s: T = {}
        if relation == "post":
            country = self.countries[int(key[0])]
            s.update(C=country.text, C_s=country.possessive)
            s["post"] = rng.choice(POSTS[int(key[1])][1])
        elif relation == "ambassador":
            a, b = (self.countries[int(k)] for k in key)
            s.update(A=a.text, A_s=a.possessive, B=b.text)
        elif relation in ("relations", "trade", "talks", "agreement"):
            a, b = self.countries[int(key[0])], self.countries[int(key[1])]
            s.update(A=a.text, B=b.text)
            if relation == "trade":
                s["Y"] = str(key[2])
            if relation in ("talks", "agreement"):
                s["T"] = TOPICS[int(key[2])]
        elif relation in ("toll", "turnout", "defence", "joined"):
            country = self.countries[int(key[0])]
            s.update(C=country.text, C_s=country.possessive)
            if relation == "toll":
                s["D"] = DISASTERS[int(key[1])]
                s["Y"] = str(key[2])
            elif relation == "joined":
                s["O"] = rng.choice(ORGANISATIONS[int(key[1])][:2])
            else:
                s["Y"] = str(key[1])
        elif relation in ("summit", "sg", "hq"):
            s["O"] = rng.choice(ORGANISATIONS[int(key[0])][:2])
            if relation == "summit":
                s["Y"] = str(key[1])
        elif relation in ("role", "visit"):
            s["P"] = str(key[0])
            if relation == "visit":
                s["M"] = MONTHS[int(key[1])]
                s["Y"] = str(key[2])
        return s

    def render(self, relation: str, key: Key, template: str) -> str:
        text = template.format(**self.slots(relation, key))
        return _cap(re.sub(r"\b([Tt]he) the\b", r"\1", text))

    # -- answers --

    def answer(
        self, relation: str, key: Key
    ) -> tuple[str, list[str], str, float | None, str | None]:
        """(answer, aliases, quote, value, unit) for a new fact."""
        rng = self.rng
        countries = self.countries
        if relation == "post":
            country, post = countries[int(key[0])], POSTS[int(key[1])]
            person = self.new_person(("post", post[1][0], country))
            quote = rng.choice(
                [
                    f"{_cap(country.possessive)} {post[1][0]}, {person}, said the government"
                    " would press ahead with its plans.",
                    f"{person}, the {post[1][0]} of {country.text}, told reporters the talks"
                    " had been constructive.",
                ]
            )
            return person, [person.split()[-1]], quote, None, None
        if relation == "ambassador":
            a, b = (countries[int(k)] for k in key)
            person = self.new_person(("ambassador", f"ambassador to {b.text}", a))
            quote = (
                f"{_cap(a.possessive)} ambassador to {b.text}, {person}, presented credentials"
                f" in {b.capital}."
            )
            return person, [person.split()[-1]], quote, None, None
        if relation == "sg":
            org = ORGANISATIONS[int(key[0])]
            person = self.new_person(("sg", f"Secretary-General of the {org[0]}", None))
            quote = f"{org[0]} Secretary-General {person} opened the session."
            return person, [person.split()[-1]], quote, None, None
        if relation == "role":
            person = str(key[0])
            kind, title, country = self.person_role[person]
            if kind == "sg":
                answer = title
                aliases = ["Secretary-General", "secretary general"]
            elif kind == "ambassador":
                assert country is not None
                answer = f"Ambassador of {country.text} {title[len('ambassador ') :]}"
                aliases = [f"{country.possessive} {title}", "ambassador"]
            else:
                assert country is not None
                answer = f"{_cap(title)} of {country.text}"
                aliases = [f"{country.possessive} {title}", title]
            quote = f"{person}, {answer}, arrived for the meeting on Monday."
            return answer, aliases, quote, None, None
        if relation == "relations":
            a, b = countries[int(key[0])], countries[int(key[1])]
            year = rng.randint(1946, 2011)
            quote = f"{_cap(a.text)} and {b.text} established diplomatic relations in {year}."
            return str(year), [f"in {year}"], quote, None, None
        if relation == "trade":
            a, b = countries[int(key[0])], countries[int(key[1])]
            value = round(rng.uniform(0.1, 250), 1)
            answer = f"${value} billion"
            quote = f"Trade between {a.text} and {b.text} reached {answer} in {key[2]}."
            return answer, [f"{value} billion", f"US${value} billion"], quote, value, "USD billion"
        if relation == "talks":
            a, b = countries[int(key[0])], countries[int(key[1])]
            city = rng.choice([a.capital, b.capital, rng.choice(NEUTRAL_VENUES)])
            topic = TOPICS[int(key[2])]
            quote = f"Delegations from {a.text} and {b.text} met in {city} for talks on {topic}."
            return city, [], quote, None, None
        if relation == "agreement":
            a, b = countries[int(key[0])], countries[int(key[1])]
            day = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(7300))
            topic = TOPICS[int(key[2])]
            answer = _fmt_date(day)
            quote = f"{_cap(a.text)} and {b.text} signed an agreement on {topic} on {answer}."
            aliases = [f"{day.strftime('%B')} {day.day}, {day.year}", day.isoformat()]
            return answer, aliases, quote, None, None
        if relation == "toll":
            country = countries[int(key[0])]
            toll = int(rng.lognormvariate(4, 1.5)) + 1
            disaster, year = DISASTERS[int(key[1])], key[2]
            quote = f"The {year} {disaster} in {country.text} killed {toll} people."
            return str(toll), [f"{toll} people"], quote, float(toll), "people"
        if relation == "turnout":
            country = countries[int(key[0])]
            value = round(rng.uniform(30, 95), 1)
            quote = f"Turnout in the {key[1]} election in {country.text} was {value}%."
            return f"{value}%", [f"{value} percent"], quote, value, "percent"
        if relation == "defence":
            country = countries[int(key[0])]
            value = round(rng.uniform(0.3, 6.5), 1)
            quote = f"{_cap(country.text)} spent {value}% of GDP on defence in {key[1]}."
            return f"{value}%", [f"{value} percent"], quote, value, "percent of GDP"
        if relation == "summit":
            org = ORGANISATIONS[int(key[0])]
            city = rng.choice(self.countries).capital
            quote = f"Leaders gathered in {city} for the {key[1]} {org[0]} summit."
            return city, [], quote, None, None
        if relation == "hq":
            org = ORGANISATIONS[int(key[0])]
            quote = f"The {org[0]} is headquartered in {org[2]}."
            return org[2], [], quote, None, None
        if relation == "joined":
            country, org = countries[int(key[0])], ORGANISATIONS[int(key[1])]
            year = rng.randint(1950, 2023)
            quote = f"{_cap(country.text)} joined the {org[0]} in {year}."
            return str(year), [f"in {year}"], quote, None, None
        if relation == "visit":
            person = str(key[0])
            home = self.person_role[person][2]
            country = rng.choice([c for c in countries if c != home])
            month, year = MONTHS[int(key[1])], key[2]
            quote = f"In {month} {year}, {person} paid an official visit to {country.text}."
            return country.name, [country.text] if country.the else [], quote, None, None
        raise ValueError(relation)

    def new_person(self, role: tuple[str, str, Country | None]) -> str:
        person = _person_name(self.rng, self.person_names)
        self.persons.append(person)
        self.person_role[person] = role
        return person

    # -- facts --

    def add(self, relation: str, key: Key, index: int) -> None:
        rng = self.rng
        answer, aliases, quote, value, unit = self.answer(relation, key)
        templates = list(TEMPLATES[relation])
        rng.shuffle(templates)
        count = rng.randint(3, min(5, len(templates) - 1))
        questions = [self.render(relation, key, t) for t in templates[:count]]
        heldout = [self.render(relation, key, t) for t in templates[count:]]
        fact_id = f"syn-{relation}-{index}"
        slots = self.slots(relation, key)
        topics = [relation if relation != "defence" else "defence-spending"]
        for name in ("C", "A", "B"):
            if name in slots:
                topics.append(slugify(slots[name].removeprefix("the ")))
        fact = Fact(
            id=fact_id,
            answer=answer,
            aliases=tuple(dict.fromkeys(a for a in aliases if a != answer)),
            kind=KINDS[relation],
            questions=tuple(questions),
            quote=quote,
            topics=tuple(dict.fromkeys(topics)),
            difficulty=rng.choice(list(Difficulty)),
            as_of=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365)),
            value=value,
            unit=unit,
            article_id=ARTICLE_ID,
        )
        self.facts.append(fact)
        self.relation[fact_id] = relation
        self.heldout[fact_id] = heldout
        self.keys[relation].add(key)

    def fill(self, relation: str, quota: int) -> None:
        rng = self.rng
        used = self.keys[relation]
        if relation == "role":
            candidates = [p for p in self.persons if (p,) not in used]
            for person in rng.sample(candidates, min(quota, len(candidates))):
                self.add(relation, (person,), len(self.facts))
            return
        target = len(used) + quota
        while len(used) < target:
            key = self.random_key(relation, rng)
            if key not in used:
                self.add(relation, key, len(self.facts))

    def build(self) -> Synthetic:
        quotas = self.quotas()
        # Post holders first: roles and visits are about them.
        for relation in ("post", "ambassador", "sg"):
            self.fill(relation, quotas[relation])
        if not self.persons:
            self.new_person(("post", "foreign minister", self.countries[0]))
        for relation in TEMPLATES:
            if relation not in ("post", "ambassador", "sg"):
                self.fill(relation, quotas[relation])
        # Interleave relations so any prefix of the list is a mix, like a real fact base.
        self.rng.shuffle(self.facts)
        return Synthetic(
            facts=self.facts,
            relation=self.relation,
            heldout=self.heldout,
            keys=self.keys,
            persons=self.persons,
            person_names=self.person_names,
            seed=self.seed,
        )


def generate(n: int, seed: int = 0) -> Synthetic:
    """`n` distinct, unambiguous facts; the same (n, seed) always gives the same facts."""
    return _Builder(n, seed).build()


# --- Queries ---------------------------------------------------------------------------------


def typo(word: str, rng: random.Random) -> str:
    """One realistic typo: swap two letters, drop one, double one, or hit a neighbour key."""
    for _ in range(20):
        i = rng.randrange(1, len(word) - 1) if len(word) > 2 else 0
        op = rng.choice(("swap", "drop", "double", "neighbour"))
        if op == "swap" and i + 1 < len(word):
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif op == "drop":
            out = word[:i] + word[i + 1 :]
        elif op == "double":
            out = word[: i + 1] + word[i] + word[i + 1 :]
        else:
            ch = word[i]
            near = _NEIGHBOURS.get(ch.lower())
            if not near:
                continue
            new = rng.choice(near)
            out = word[:i] + (new.upper() if ch.isupper() else new) + word[i + 1 :]
        if out.lower() != word.lower():
            return out
    return word


def with_typos(text: str, rng: random.Random, count: int) -> str:
    """`count` typos in distinct content words (four letters or more, not question words)."""
    tokens = re.findall(r"[A-Za-z]+|[^A-Za-z]+", text)
    content = [
        i
        for i, t in enumerate(tokens)
        if t.isalpha() and len(t) >= 4 and t.lower() not in _FUNCTION_WORDS
    ]
    if not content:
        return text
    for i in rng.sample(content, min(count, len(content))):
        tokens[i] = typo(tokens[i], rng)
    return "".join(tokens)


CHATTER = [
    "How old is {P}?",
    "Is {P} married?",
    "Where was {P} born?",
    "What is {P}'s salary?",
    "What's the weather like in {city} today?",
    "What is the capital of {C}?",
    "What is the population of {C}?",
    "Who won the {Y} World Cup?",
    "What currency does {C} use?",
    "What language do people speak in {C}?",
    "Can you recommend a good restaurant in {city}?",
    "hey bot, how are you doing today?",
    "lol thanks, that was helpful",
    "What time is it in {city} right now?",
    "Who coaches {C_s} national football team?",
    "How much does a flight from {city} to {city2} cost?",
    "Tell me a joke about the {O}.",
    "What is {C_s} GDP growth forecast for next year?",
]
UNKNOWN_PERSON = [
    "What post does {P} hold?",
    "Who is {P}?",
    "Which country did {P} visit in {M} {Y}?",
    "What is {P}'s job?",
    "In what capacity does {P} serve?",
]
# Relations whose missing subjects make out-of-scope questions.
OOS_RELATIONS = (
    "post", "ambassador", "relations", "trade", "talks", "agreement", "toll", "turnout",
    "defence", "summit", "joined", "visit",
)  # fmt: skip


def queries(base: Synthetic, count: int, seed: int = 0, warmup: int = 0) -> list[Query]:
    """`count` clean, `count` typo and `count` out-of-scope questions, then `warmup` more
    clean ones (about other facts) tagged "warmup"."""
    rng = random.Random(f"attache-synthetic-queries:{seed}:{len(base.facts)}")
    builder = _Builder(len(base.facts), base.seed)  # only for rendering and key drawing
    builder.persons = base.persons
    picked = rng.sample(base.facts, min(len(base.facts), count + warmup))
    out: list[Query] = []
    typos: list[Query] = []
    for fact in picked[:count]:
        relation = base.relation[fact.id]
        text = rng.choice(base.heldout[fact.id])
        out.append(Query(text, "clean", fact.id, relation))
        typos.append(Query(with_typos(text, rng, rng.choice((1, 2))), "typo", fact.id, relation))
    out.extend(typos)
    out.extend(_out_of_scope(base, builder, rng, count))
    for fact in picked[count:]:
        relation = base.relation[fact.id]
        out.append(Query(rng.choice(base.heldout[fact.id]), "warmup", fact.id, relation))
    return out


def _out_of_scope(
    base: Synthetic, builder: _Builder, rng: random.Random, count: int
) -> list[Query]:
    present = {r: len(base.keys[r]) for r in OOS_RELATIONS}
    relations = [r for r in OOS_RELATIONS if present[r] > 0] or ["ambassador"]
    weights = [present.get(r, 1) for r in relations]
    countries = builder.countries
    taken = set(base.person_names)
    name_rng = random.Random(rng.random())
    out = []
    for i in range(count):
        roll = i % 10
        if roll < 5:  # a subject the base does not hold, for a relation it does
            relation = rng.choices(relations, weights)[0]
            used = base.keys[relation]
            while True:
                key = builder.random_key(relation, rng)
                if key not in used:
                    break
            template = rng.choice(TEMPLATES[relation])
            out.append(Query(builder.render(relation, key, template), "oos", None, "missing"))
        elif roll < 7:  # someone the base has never heard of
            slots = {
                "P": _person_name(name_rng, taken),
                "M": rng.choice(MONTHS),
                "Y": str(rng.choice(YEARS)),
            }
            text = _cap(rng.choice(UNKNOWN_PERSON).format(**slots))
            out.append(Query(text, "oos", None, "unknown-person"))
        else:  # chatter and off-topic questions, some naming people and places it knows
            country = rng.choice(countries)
            slots = {
                "P": rng.choice(base.persons),
                "C": country.text,
                "C_s": country.possessive,
                "city": rng.choice(countries).capital,
                "city2": rng.choice(countries).capital,
                "Y": str(rng.choice([2014, 2018, 2022])),
                "O": rng.choice(ORGANISATIONS)[0],
            }
            text = _cap(rng.choice(CHATTER).format(**slots))
            out.append(Query(text, "oos", None, "off-topic"))
    return out
