"""Word lists for the distractor articles of distractors.py: invented people, towns, regions,
companies, storms and the like, and the phrases a story slot can take.

Why a module of their own: they are data a reader scans, not logic, and keeping them apart keeps
the generator short. None of these names is a name of the gold sets, so a distractor can never
answer a gold question; tests/unit/evaluation/test_distractors.py checks it against tests/data/eval
and tests/data/heldout, so adding a name here is safe: the test says if it collides."""

from __future__ import annotations

FIRST = (
    "Abigail Adrian Agnes Ahmed Alma Ambrose Anton Astrid Barnaby Beatrix Bernard Bianca Calum Cecily "
    "Cormac Delia Desmond Dorothy Edmund Elif Elspeth Emeka Esther Fabian Florence Gideon Greta Hamish "
    "Hilary Hugo Imogen Isaac Jasper Jocelyn Kofi Lavinia Leon Mabel Magnus Malik Marguerite Milo "
    "Miriam Nadine Nathaniel Noor Ophelia Orson Pascal Philippa Quentin Rhiannon Rufus Sabina Silas "
    "Solveig Stellan Tabitha Theo Ursula Viktor Wilma Yusuf Zara"
).split()
LAST = (
    "Abernethy Ainsworth Appleby Bartram Beaumont Blackwood Bramley Caddick Calloway Carrington "
    "Chadwick Crowther Dalrymple Devereux Eastwood Ellacott Fairbairn Farquhar Fenton Gillespie "
    "Goodfellow Hadfield Harcourt Ibbotson Iredale Jardine Kavanagh Kingsley Lacey Lockhart Mabbott "
    "Mackintosh Merriman Nightingale Norcross Oakley Pendleton Quarrie Radcliffe Ravenscroft Rudd "
    "Sackville Scholes Sedgwick Thackeray Thorburn Underwood Varley Wainwright Whiteley Wickham "
    "Yardley Oduya Mensah Nakamura Oyelaran Petrescu Szabo Takahashi Virtanen Zielinski"
).split()
TOWN_A = (
    "Alder Bex Brom Cold Crick Dray Elm Foxe Glen Gorse Hazel Holt Ivy Kirk Lang Lark Mere Nether "
    "Oak Pen Quarn Rook Rush Sand Stow Thorn Tid Ulver Wick Yar"
).split()
TOWN_B = (
    "bury by combe dale field ford gate ham hurst ington ley mouth stead stoke thorpe ton well worth".split()
)
REGIONS = (
    "Ambervale Blythedale Cressland Deneshire Eskwold Gwynmere Hamewold Inglevale Kernshire "
    "Lowethdale Mardleshire Orrinvale Prydeland Ravelshire Sellawold Tarnvale"
).split()
CO_A = (
    "Beacon Cobalt Crestline Dovetail Fairholt Granite Harbourline Juniper Keystone Lodestar Meridian "
    "Northway Oakleaf Pinnacle Quayside Redwing Stonegate Tidewater Upland Vantage Wrenfield"
).split()
CO_B = (
    "Foods Logistics Retail Systems Engineering Homes Group Holdings Pharmaceuticals Telecom Motors "
    "Textiles Software Insurance Media Packaging"
).split()
STORMS = "Aldith Brannagh Corvin Delphine Edric Fenna Garrick Hesper Isolde Jory Lorcan Maelis Nyssa Osric Rowena Sabine Tamsin Ulla Wystan Yvaine".split()
RIVERS = "Corra Dellen Elsk Farrow Gildy Hobbe Kessel Lorran Mawle Ossel Pennick Sarle Wendle".split()
CODENAMES = "Juniper Nightjar Sorrel Teasel Redstart Yarrow Kingfisher Foxglove Bittern Wagtail Hemlock Thistle Corncrake Sandpiper".split()
CLUBS = "United Rovers Athletic Town City Wanderers Albion Rangers".split()
STREETS = "Road Street Lane Avenue Close Terrace Crescent".split()
PHRASES = {
    "union": "General Workers' Union|Federation of Industrial Staff|Union of Technical Staff|Allied Trades Union|Teaching Staff Association",
    "century": "18th-century|19th-century|early 20th-century",
    "artwork": "The Orchard Gate|Morning on the Estuary|Girl with a Lantern|Winter Fair|The Ferryman's House|Harvest at Dusk",
    "creature": "sea reptile|giant crocodile|flying reptile|armoured fish|long-necked dinosaur|giant dragonfly",
    "invention": "a battery that charges in under ten minutes|a cheap filter that makes river water safe to drink|a sensor that tells farmers when crops need water|a solar panel that can be printed like a newspaper|a blood test that spots infections within an hour",
    "product": "smart thermostats|software for dental surgeries|electric delivery bikes|robot lawnmowers|plant-based cheese|hearing aids",
    "disease": "measles|mumps|whooping cough|rubella",
    "venue": "primary school|nursery|secondary school|youth football club|church hall playgroup",
    "specialty": "eye surgery|ear, nose and throat surgery|skin conditions|heart scans|orthopaedic surgery",
}
NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
ORDINALS = "second third fourth fifth sixth seventh eighth ninth".split()
MONTHS = "January February March April May June July August September October November December".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
OUTLETS = (
    "{town} Chronicle",
    "{town} Evening Post",
    "{region} Gazette",
    "The {town} Advertiser",
    "{region} News",
)
