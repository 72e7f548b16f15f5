"""Word lists and patterns of scraper noise (`translate.text.noise`): the shapes, not sentences.

Agencies and picture libraries, labels of credits, bylines, related links, tag lists, share bars,
ad markers and prompts, as they stand in scraped Dutch news; the words a caption never ends with
and a sentence starts with. Pure data and compiled regular expressions.
"""

from __future__ import annotations

import re

# Agencies and picture libraries, as they stand in credits. Longest first within a shared start.
AGENCIES = (
    "ANP Kippa", "ANP XTRA", "ANP Foto", "ANP", "AFP", "AP Photo", "AP", "EPA-EFE", "EPA",
    "Reuters", "REUTERS", "Getty Images", "GETTY", "Getty", "Hollandse Hoogte", "Shutterstock", "iStock",
    "Belga", "BELGA", "DPA", "dpa", "Pro Shots", "BSR Agency", "Xinhua", "Imageselect",
    "NurPhoto", "Orange Pictures", "Sportida", "Unsplash", "Pexels", "Alamy", "Corbis",
)
AGENCY = "(?:" + "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True)) + ")"
# An agency as a whole word: not "ANP-verslaggever", "AFP-correspondent", "Reuters'".
AGENCY_WORD = rf"(?<![\w-]){AGENCY}(?![\w'’-])"

# Lower-case words that never end a caption or a name: articles, prepositions, conjunctions.
FUNCTION = frozenset("""
    de het een den der des van voor in op bij met aan tot naar uit over door om te als en of
    maar dan die dat deze dit onder tegen tussen na sinds zonder tijdens binnen buiten langs
    rond per via vanaf zoals the of le la al el
""".split())
# Name particles inside a person's name ("Remko de Waal", "Marcel van den Bergh").
PARTICLES = frozenset("de van der den ter ten te von du da di le la 't el al bin ben ibn".split())
# Words a Dutch sentence starts with: a capital one of these after a phrase starts the article.
OPENERS = frozenset("""
    de het een in op bij na volgens ook dat die deze dit er hij zij ze wij we je u ik men om met
    voor tijdens sinds vanaf nu toch maar en nog al zo daar hier wie wat waar uit over door tot
    aan onder tegen zonder vorig vorige volgend volgende afgelopen gisteren vandaag morgen eerder
    later inmiddels ruim bijna zeker meer minder veel alle geen elke iedereen niemand sommige
    twee drie vier vijf tien honderden duizenden tientallen tienduizenden
""".split())
# Words for a person's office that start a sentence's subject ("Premier Rutte heeft ..."), never
# a publication's name.
PERSON_TITLES = frozenset("""
    premier minister minister-president president koning koningin prins prinses burgemeester
    staatssecretaris wethouder gedeputeerde commissaris kamerlid europarlementariër
    bondskanselier paus bisschop generaal rechter officier advocaat trainer bondscoach coach
    directeur voorzitter topman topvrouw ceo woordvoerder politie brandweer justitie
""".split())
# Acronyms a title may end with as its own word (organisations), never an author's initials.
ACRONYMS = frozenset("""
    NAVO NATO VN EU VS USA UK NS KLM ING ABN AH UWV IOC FIFA UEFA KNVB RIVM GGD GGZ OM NOS RTL
    ANWB AZC COA IND CBS CPB SCP DNB ECB IMF WHO AIVD MIVD KNMI RDW NVWA AOW WW ZZP MKB BTW IC
    NAM TNO KPN PSV AZ VVD CDA PVV SP GL CU SGP DENK BBB NSC JA21 FNV CNV PvdA UvA VU TU
    BBC CNN ABC NBC CIA FBI NSA MH17 ASML DSM NXP HEMA SNS ASN RAI NPO VPRO KRO NCRV EO AVRO
    AMRO RABO UMCG AMC LUMC VUMC HTM RET GVB KNAW NWO VNG IPO LIVE FOTO TV OK
""".split())

END = ".!?"
CLOSERS = "\"'”’»)"

# --- regular expressions ------------------------------------------------------------------------

SPACE = re.compile(r"\s*")
TOKEN = re.compile(r"[^\s/]+")
CAP = re.compile(r"[^\W\d_]")
# A capital word of a name: "Remko", "Willem-Alexander", "NU.nl", "O'Neill" (no end punctuation).
NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’&-]*(?:\.[a-z]+)?$")

CREDIT_LABEL = re.compile(
    r"\(?(?:Bron|Bronnen|Foto|Foto's|Fotografie|Beeld|Beelden|Illustratie|Video|Afbeelding|"
    r"Archieffoto|Archiefbeeld)\s*:\s*|(?:Copyright\s*)?(?:©|\(c\))\s*(?:(?:19|20)\d\d\s+)?", re.I)
# What may follow a credit's names: a year ("© ANP 2019"), a footer's rights.
CREDIT_TAIL = re.compile(r"\s+(?:19|20)\d\d(?![\w,.])|\.?\s+Alle\s+rechten\s+voorbehouden\.?")
# A photo's note standing for a caption: "Foto ter illustratie", "Archieffoto".
CAPTION_NOTE = re.compile(
    r"(?:(?:Archief)?(?:[Ff]oto|[Bb]eeld)\s+ter\s+illustratie|Archieffoto|Archiefbeeld)\.?(?![\w-])")
# "Beeld ANP", "Foto Marcel van den Bergh": a label without its colon, then an agency or a person.
CREDIT_BARE = re.compile(r"(?:Foto|Beeld|FOTO|BEELD)\s+")
# A dateline's agency: "AMSTERDAM (ANP) -", "(Reuters) -".
DATELINE = re.compile(
    r"(?:[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+(?:\s+[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+){0,2}\s+)?\(" + AGENCY
    + r"\)\s*[-–—:](?=\s)")
# A web address as a source: "nu.nl", "nos.nl".
DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:nl|be|com|org|net|eu|de|fr|co\.uk)(?![\w.])")
PHOTO_COUNTER = re.compile(
    r"(?:(?:Foto|Beeld|Foto's)\s+)?\d{1,3}\s*(?:/|van)\s*\d{1,3}(?=\s|$)")
LONE_DIGIT = re.compile(r"\d{1,2}\s+(?=\S)")
AGENCY_AT = re.compile(AGENCY_WORD)
SLASH = re.compile(r"\s*/\s*")
SOURCE_JOINT = re.compile(r"\s*/\s*|,\s*|\s+(?:&|en)\s+")

BYLINE_ROLE = re.compile(
    r"(?:Door|door)\s+(?:de\s+)?redactie(?![\w-])|"
    r"(?:Door|Van|door|van)\s+(?:onze?|een\s+onzer)\s+(?:eigen\s+)?"
    r"(?:verslaggevers?|correspondent(?:en)?|redacteur(?:en)?|redactrice|medewerkers?|redactie|"
    r"buitenland(?:se)?\s*redactie|buitenlandredactie|economieredactie|sportredactie|"
    r"politieke\s+redactie|verslaggeefster|correspondente)(?![\w-])")
BYLINE_DOOR = re.compile(
    r"\(?(?:Tekst en foto's?|Door|door|Tekst|Redactie|Auteur|Met\s+medewerking\s+van)\s*:?\s+")
IN_PLACE = re.compile(r"\s+(?:in|te|uit)\s+(?=[A-ZÀ-Þ])")

RELATED = re.compile(
    r"(?i:(?:Lees|Bekijk|Zie|Kijk)\s+(?:ook|meer|verder|hier|de\s+video|de\s+foto's|de\s+beelden)|Meer\s+over\s+dit\s+onderwerp|Meer\s+nieuws|"
    r"Ook\s+interessant|Eerder\s+verschenen|Gerelateerde?(?:\s+artikelen)?|Ook\s+gelezen|"
    r"Meest\s+gelezen)\s*[:|»›>]\s*|LEES\s+(?:OOK|MEER)\s*[:|»›>-]?\s*")
# The label of a link standing alone, its link on the next line: "Lees ook", "LEES MEER:".
RELATED_ALONE = re.compile(
    r"(?i:Lees\s+(?:ook|meer|verder)|Bekijk\s+ook|Zie\s+ook|Meer\s+nieuws|Ook\s+interessant|"
    r"Meer\s+over\s+dit\s+onderwerp|Gerelateerde?\s+artikelen)\s*[:»›>]?\s*$")
TAGS = re.compile(
    r"(?:Tags|Onderwerpen|Trefwoorden|Lees\s+meer\s+over|Meer\s+over|Thema's|Labels)\s*:\s*")
# Share bars and follow prompts name platforms; read one platform at a time (`noise_rules`).
PLATFORM = re.compile(
    r"(?:Facebook|Twitter|X|WhatsApp|Whatsapp|E-?mail|Mail|LinkedIn|Linkedin|Pinterest|Messenger|"
    r"Telegram|Reddit|Instagram|TikTok|YouTube|Bluesky|Threads|Link\s+kopi[eë]ren|Kopieer\s+link|"
    r"Print|Printen)(?![\w-])")
PLATFORM_JOINT = re.compile(r"\s*[,|]\s*|\s+(?:en|of)\s+|\s+")
SHARE_LABEL = re.compile(
    r"(?:Delen\s+(?:via|op)|Deel\s+dit\s+(?:artikel|bericht)|Deel\s+(?:dit\s+)?op|Delen|"
    r"Deel(?=\s*:))(?![\w-])(?:\s*:)?")
SHARE_TO_PLATFORMS = re.compile(r"\s*(?:via\s+)?")
AD = re.compile(
    r"(?:[-–—]\s*)?(?:Het\s+artikel\s+gaat\s+verder\s+(?:onder|na)\s+de\s+advertentie|"
    r"Lees\s+verder\s+(?:na|onder)\s+de\s+advertentie|Gesponsorde\s+inhoud|"
    r"Advertentie|ADVERTENTIE|Advertorial|ADVERTORIAL|Advertisement|ADVERTISEMENT|"
    r"Partnercontent|Partner\s+content|PARTNERCONTENT|Gesponsord|GESPONSORD)(?![\w-])(?:\s*[-–—](?!\S))?")
SOCIAL_FOLLOW = re.compile(
    r"Volg\s+(?:ons|@[\w.]+|(?:de|het)\s+[\w.]+)\s+(?:ook\s+)?(?:op|via)\s+")
SOCIAL_OPEN = re.compile(
    r"(?:Praat\s+mee|Reageer\s+op\s+dit\s+(?:artikel|bericht)|Reageer|Reageren\?|"
    r"Meld\s+je\s+aan\s+voor|Schrijf\s+je\s+in\s+voor|Abonneer\s+je|Heb\s+je\s+een\s+tip|"
    r"Wil\s+je\s+op\s+de\s+hoogte\s+blijven|Bekijk\s+de\s+reacties|Bekijk\s+reacties|"
    r"Download\s+(?:de|onze)\s+(?:gratis\s+)?app)(?![\w-])")
SOCIAL_MAX_CHARS = 120

# Markers read word by word (`noise_rules.marker_at`), not as one alternation of all the patterns
# above: compiling that costs tens of milliseconds at every start of the tool.
STRONG_CREDIT = re.compile(r"\(?(?:Bron|Foto|Foto's|Beeld)\s*:\s*|©")
DOOR = re.compile(r"\(?Door\s")
WORD_START = re.compile(r"(?<!\S)\S")
# Where a suffix may start: after an end mark (and closing quotes), before a marker or a name.
SUFFIX_START = re.compile(rf"[{re.escape(END)}][{re.escape(CLOSERS)}]*\s+(?=\S)")
