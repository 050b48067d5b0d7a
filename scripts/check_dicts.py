#!/usr/bin/env python3
"""Validates khaldun's actor dictionaries (data/dict/{countries,actors,people,agents}.txt).

Checks field counts, code shapes, sector codes, dates and date ranges, and names that
are listed twice with overlapping validity (within a file, and country names against
actor names). Prints "file:line: message" for every problem and a count summary.
Exit status 1 when an error was found (warnings do not fail).

Then prints people.txt coverage: for every region the project must cover (the G20,
the Middle East, South Asia, East Africa, the Sahel, Eastern Europe) and every role
(head of state, head of government, foreign minister, defence minister, military
chief), which countries have a holder on the reference day (--today, default
2026-11-21) and a continuous record from 2000-01-01 (or independence) to that day, gaps
up to --max-gap days tolerated. Roles are read from the role field ("Foreign Minister
(to 2010-09-14), Defence Minister (from 2010-09-14)" gives two dated offices); where a
state has no separate office the holder of another counts (HOS_IS_HOG, REALM_OF,
ROLE_HELD_BY below). A real vacancy (office unfilled or not existing: a presidency
left vacant, a state with no defence ministry) is declared in people.txt by a comment line
  # vacant: CCC ROLE FROM TO reason
(ROLE one of HoS HoG FM DM MIL, dates as in entries, TO empty written as "-" for a
vacancy lasting to the reference day); declared periods count as covered and are listed
after the tables. Then, when
../shared/leaders is present, the office-holders listed there (CountryInfo to 2011,
Wikidata 2021-23) that no line of people.txt names (read at run time; nothing of it is
stored in the repo).

Usage: scripts/check_dicts.py [DICT_DIR] [--today YYYY-MM-DD] [--max-gap DAYS]
                              [--no-coverage] [--shared DIR]
       (default DICT_DIR: data/dict next to this script)
Only the Python standard library is used.
"""
import argparse
import csv
import datetime
import unicodedata
import os
import re
import sys
from collections import defaultdict

SECTORS = {
    # CAMEO domestic roles and sectors
    "GOV", "MIL", "REB", "INS", "SEP", "OPP", "COP", "JUD", "SPY", "UAF", "LEG",
    "PTY", "PRM", "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH",
    "HRI", "LAB", "MED", "JRN", "REF", "MOD", "RAD", "SET", "REL", "PPL", "SOC",
    "UNK", "PRE", "IMG", "MNC", "NGO", "NGM", "IGO", "INT", "PKO", "UIS", "MUS",
    "CHR", "JEW", "BUD", "HIN",
}
CODE3 = re.compile(r"^[A-Z]{3}$")
ISO2 = re.compile(r"^[A-Z]{2}$")
ACTOR_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z0-9]{3}){1,3}$")
PERSON_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z0-9]{3}){1,3}$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
VALID = re.compile(r"^([0-9-]*)\.\.([0-9-]*)$")


class Checker:
    def __init__(self):
        self.errors = 0
        self.warnings = 0

    def error(self, where, msg):
        self.errors += 1
        print(f"{where}: error: {msg}")

    def warn(self, where, msg):
        self.warnings += 1
        print(f"{where}: warning: {msg}")


def read_entries(path, chk):
    """Yields (where, fields) for every entry line of a dictionary file."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        chk.error(path, f"not UTF-8: {e}")
        return
    for n, line in enumerate(text.split("\n"), 1):
        where = f"{path}:{n}"
        if line.endswith("\r"):
            chk.error(where, "CR line ending")
            line = line[:-1]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        cut = line.find(" # ")
        if cut >= 0:
            line = line[:cut]
        if "\t" in line:
            chk.error(where, "tab character")
        # Fields are separated by " | "; names never contain "|", so split on the bar
        # and trim (this also accepts "| |" and a trailing "|" for an empty field).
        fields = [x.strip() for x in line.split("|")]
        yield where, fields


def split_list(field, where, chk):
    if not field:
        return []
    items = [x.strip() for x in field.split(";")]
    out = []
    for it in items:
        if not it:
            chk.error(where, f"empty list item in '{field}'")
            continue
        if "(" in it or ")" in it:
            chk.warn(where, f"parenthesis in name '{it}' (names must be as in news)")
        if it != it.strip() or "  " in it:
            chk.error(where, f"bad spacing in '{it}'")
        out.append(it)
    seen = set()
    for it in out:
        if it in seen:
            chk.warn(where, f"'{it}' listed twice in the same entry")
        seen.add(it)
    return out


def parse_date(s, where, chk, end=False):
    """Returns an ordinal (YYYYMMDD int), widening partial dates; None if empty."""
    if not s:
        return None
    m = DATE.match(s)
    if not m:
        chk.error(where, f"bad date '{s}' (want YYYY, YYYY-MM or YYYY-MM-DD)")
        return None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else (12 if end else 1)
    d = int(m.group(3)) if m.group(3) else (31 if end else 1)
    if not (1 <= mo <= 12):
        chk.error(where, f"bad date '{s}'")
        return None
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
    if not m.group(3):
        d = days if end else 1
    if not (1 <= d <= days):
        chk.error(where, f"bad date '{s}'")
        return None
    if y < 1900 or y > 2027:
        chk.warn(where, f"unusual year in '{s}'")
    return y * 10000 + mo * 100 + d


def is_acronym(name):
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 8


# All-caps names match case-insensitively, so an acronym that is also an English word
# ("WHO", "IS", "CAR") would fire on ordinary text. (The coder special-cases "US".)
COMMON_WORDS = {"WHO", "IS", "IT", "AS", "AT", "AN", "OR", "IN", "ON", "NO", "SO", "DO",
                "GO", "ME", "WE", "HE", "BE", "BY", "IF", "OF", "TO", "UP", "CAR", "PNG",
                "PDF", "KIA", "RAW", "CARE", "AID", "ARM", "MAN", "PA", "AM", "ALL",
                "HAS", "HIS", "ONE", "NOW", "NEW", "MAY", "CAN", "SEE", "WAR", "ACT", "AIM",
                "FC", "HM", "ANA", "NIA", "ISS", "PLAN", "ICE", "CCTV", "CPT", "NAM", "ISA", "PAK", "BRA", "BRAS",
                "SSP", "ANI", "APP", "JI", "GIA", "PACE", "AMIS", "IRA", "AA", "PM", "AM",
                "OK", "ID", "TV", "MP", "MPS", "CEO", "AI", "GAS", "OIL", "SUN", "FAR",
                "LED", "ERA", "ANT", "FAR", "FACT", "NDA", "APC", "SSA", "ANP", "SPA", "INA",
                "OLA", "ICU", "MEND", "JEM", "ACE", "AIR", "BAN", "BAR", "BAD", "MAD", "MEN"}


def check_acronym(name, where, chk):
    if is_acronym(name) and name.replace(".", "") in COMMON_WORDS:
        chk.error(where, f"acronym '{name}' is also a common word (matches case-insensitively)")


def norm(name):
    """The key under which the coder would match a name."""
    return name.lower() if is_acronym(name) else name


def check_overlaps(index, chk, what):
    """index: key -> list of (lo, hi, where, code). Reports overlapping different codes."""
    # Ranges are inclusive. A handover on one day (one range ends on the day the next
    # begins) is not an overlap: the coder prefers the entry that starts later.
    reported = set()
    for key, items in index.items():
        if len(items) < 2:
            continue
        items.sort(key=lambda t: t[0])
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                a, b = items[i], items[j]
                if a[2] == b[2] or (a[2], b[2]) in reported:
                    continue
                if b[0] < a[1] and a[0] < b[1]:
                    reported.add((a[2], b[2]))
                    if a[3] != b[3]:
                        chk.error(b[2], f"{what} '{key}' also at {a[2]} ({a[3]} vs {b[3]}) with overlapping dates")
                    else:
                        chk.warn(b[2], f"{what} '{key}' also at {a[2]} (same code {a[3]}), overlapping dates")


def check_countries(path, chk):
    codes = {}
    names = defaultdict(list)
    count = 0
    for where, f in read_entries(path, chk):
        if len(f) != 6:
            chk.error(where, f"want 6 fields, got {len(f)}")
            continue
        code, iso2, nm, adj, caps, cities = f
        count += 1
        if not CODE3.match(code):
            chk.error(where, f"bad CAMEO code '{code}'")
        if not ISO2.match(iso2):
            chk.error(where, f"bad ISO2 code '{iso2}'")
        if code in codes:
            chk.error(where, f"code {code} already at {codes[code]}")
        codes[code] = where
        lists = [split_list(x, where, chk) for x in (nm, adj, caps, cities)]
        if not lists[0]:
            chk.error(where, "no names")
        for kind, lst in zip(("name", "adjective", "capital", "city"), lists):
            for n in lst:
                check_acronym(n, where, chk)
                names[norm(n)].append((0, 99999999, where, f"{code}:{kind}"))
    # Within countries any repeated surface form is ambiguous.
    for key, items in names.items():
        wheres = {w for _, _, w, _ in items}
        if len(wheres) > 1:
            chk.error(items[1][2], f"name '{key}' also in {items[0][2]} ({items[0][3]} vs {items[1][3]})")
    return count, set(codes), names


def check_actors(path, chk, country_codes, country_names):
    count = 0
    codes = {}
    names = defaultdict(list)
    for where, f in read_entries(path, chk):
        if len(f) != 6:
            chk.error(where, f"want 6 fields, got {len(f)}")
            continue
        code, country, sector, nm, valid, _note = f
        count += 1
        if not ACTOR_CODE.match(code):
            chk.error(where, f"bad actor code '{code}'")
        codes.setdefault(code, where)  # a code may repeat (other names, other dates)
        if country:
            if not CODE3.match(country):
                chk.error(where, f"bad country '{country}'")
            elif country not in country_codes:
                chk.error(where, f"country {country} not in countries.txt")
            elif not code.startswith(country):
                chk.warn(where, f"code {code} does not start with its country {country}")
        if sector not in SECTORS:
            chk.error(where, f"unknown sector '{sector}'")
        lo, hi = 0, 99999999
        if valid:
            m = VALID.match(valid)
            if not m:
                chk.error(where, f"bad valid range '{valid}' (want FROM..TO)")
            else:
                a = parse_date(m.group(1).rstrip("-"), where, chk)
                b = parse_date(m.group(2).lstrip("-"), where, chk, end=True)
                lo = a if a is not None else lo
                hi = b if b is not None else hi
                if lo > hi:
                    chk.error(where, f"valid range ends before it starts: {valid}")
        lst = split_list(nm, where, chk)
        if not lst:
            chk.error(where, "no names")
        for n in lst:
            check_acronym(n, where, chk)
            names[norm(n)].append((lo, hi, where, code))
            if norm(n) in country_names:
                chk.warn(where, f"actor name '{n}' is also a country name ({country_names[norm(n)][0][3]})")
    check_overlaps(names, chk, "actor name")
    return count, set(codes), {k: v[0][3] for k, v in names.items()}


def check_people(path, chk, country_codes, actor_codes, other_names=None, rows=None):
    count = 0
    person_lines = []
    names = defaultdict(list)
    for where, f in read_entries(path, chk):
        if len(f) != 6:
            chk.error(where, f"want 6 fields, got {len(f)}")
            continue
        nm, code, dfrom, dto, role, _source = f
        count += 1
        if not PERSON_CODE.match(code):
            chk.error(where, f"bad code '{code}'")
        elif code[:3] not in country_codes and code[:3] not in ("IGO", "IMG", "NGO"):
            chk.error(where, f"country {code[:3]} not in countries.txt")
        elif code[:3] not in ("IGO", "IMG", "NGO") and code[3:6] not in SECTORS:
            chk.error(where, f"unknown sector in '{code}'")
        elif code[:3] in ("IGO", "IMG", "NGO") and code not in actor_codes:
            chk.error(where, f"organisation code {code} not in actors.txt")
        lo = parse_date(dfrom, where, chk)
        if lo is None:
            chk.error(where, "missing 'from' date")
            lo = 0
        hi = parse_date(dto, where, chk, end=True)
        if hi is None:
            hi = 99999999
        if lo > hi:
            chk.error(where, f"'to' {dto} before 'from' {dfrom}")
        if not role:
            chk.error(where, "empty role")
        lst = split_list(nm, where, chk)
        if not lst:
            chk.error(where, "no names")
        person_lines.append((where, lst))
        if rows is not None:
            rows.append((where, lst, code, lo, hi, role))
        for n in lst:
            if len(n.split()) == 1 and n[:1].islower() and not re.match(r"^(al|el|ad|as|ash|an|ar|at|az|bin|ibn|de|van|von)-", n):
                chk.warn(where, f"lowercase one-word name '{n}'")
            names[norm(n)].append((lo, hi, where, code))
            if other_names and norm(n) in other_names:
                chk.warn(where, f"person name '{n}' is also {other_names[norm(n)]}")
    check_overlaps(names, chk, "person name")
    # Lines that share a name describe one person. The coder merges them by name and
    # registers only the names of the first such line, so all of them must list the
    # same names (in any order).
    by_name = {}
    for where, lst in person_lines:
        key = frozenset(x.lower() for x in lst)
        for x in key:
            if x in by_name and by_name[x][1] != key:
                chk.error(where, f"shares '{x}' with {by_name[x][0]} but lists other names; "
                                 "give every line of a person the same names")
                break
        for x in key:
            by_name.setdefault(x, (where, key))
    return count


def check_agents(path, chk):
    count = 0
    names = defaultdict(list)
    for where, f in read_entries(path, chk):
        if len(f) not in (2, 3):
            chk.error(where, f"want 2 or 3 fields, got {len(f)}")
            continue
        nm, sectors = f[0], f[1]
        count += 1
        secs = [s.strip() for s in sectors.split(";")]
        for s in secs:
            if s not in SECTORS:
                chk.error(where, f"unknown sector '{s}'")
        for n in split_list(nm, where, chk):
            names[n.lower()].append((0, 99999999, where, sectors))
    check_overlaps(names, chk, "agent")
    return count


# ---------------------------------------------------------------- coverage

REGIONS = [
    ("G20", "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA"),
    ("Middle East", "BHR CYP EGY IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM"),
    ("South Asia", "AFG BGD BTN IND MDV NPL PAK LKA"),
    ("East Africa", "BDI DJI ERI ETH KEN RWA SOM SSD SDN TZA UGA"),
    ("Sahel", "BFA TCD MLI MRT NER"),
    ("Eastern Europe", "BLR BGR CZE HUN MDA POL ROM RUS SVK UKR"),
]
ROLES = ("HoS", "HoG", "FM", "DM", "MIL")
ROLE_TITLES = {"HoS": "head of state", "HoG": "head of government",
               "FM": "foreign minister", "DM": "defence minister", "MIL": "military chief"}

# Periods in which the head of state also heads the government (no separate prime
# minister, or the monarch is prime minister): HoS lines then count as HoG lines too.
# (code -> list of (from, to) YYYYMMDD, inclusive.)
ALWAYS = [(0, 99999999)]
HOS_IS_HOG = {
    "USA": ALWAYS, "ARG": ALWAYS, "BRA": ALWAYS, "MEX": ALWAYS, "IDN": ALWAYS,
    "ZAF": ALWAYS, "IRN": ALWAYS, "MDV": ALWAYS, "ERI": ALWAYS, "SSD": ALWAYS,
    "CYP": ALWAYS, "OMN": ALWAYS,  # the Sultan is also prime minister
    "TUR": [(20180709, 99999999)],          # presidential system, PM abolished
    "KEN": [(0, 20080416), (20130409, 99999999)],
    "AFG": [(20011222, 20210815)],          # Karzai and Ghani headed the government
    "SDN": [(0, 20170301)],
    "SYR": [(20250329, 99999999)],          # transitional government without a PM
    "TCD": [(20180504, 20210425)],
    "BDI": [(0, 20200623)],
    "SAU": [(0, 20220927)],                 # the King was prime minister until MBS
    "KOR": ALWAYS,                          # the President heads the executive
    "IRQ": [(0, 20030409)],                 # Saddam Hussein was also prime minister
    "PSE": [(0, 20030428)],                 # no prime minister before Abbas (2003)
}
# Offices that a state does not have apart: the defence portfolio is held by the prime
# minister (Jordan, Bangladesh) or the head of state (Sri Lanka, the Sultan of Oman).
ROLE_HELD_BY = {("JOR", "DM"): "HoG", ("BGD", "DM"): "HoG", ("LKA", "DM"): "HoS",
                ("OMN", "DM"): "HoS",
                # Mexico: the Secretary of National Defence is the serving general who
                # commands the army and air force (no separate chief of defence).
                ("MEX", "MIL"): "DM"}
# States that did not exist on 2000-01-01: continuity is counted from this day.
STATE_START = {"SSD": 20110709}
# Commonwealth realms: the head of state is the British monarch.
REALM_OF = {"AUS": "GBR", "CAN": "GBR"}

_EXCLUDE = re.compile(r"\b(vice(?! chairman of the central military commission)|deputy|former|ousted|exiled|spokes\w*|candidate|designate|"
                      r"nominee|envoy|ambassador|shadow|junior|under-secretary|"
                      r"minister of state|permanent secretary|self-proclaimed|rival|"
                      r"opposition|claimed|parallel)\b", re.I)
_QUALIFIERS = re.compile(r"^((acting|interim|transitional|caretaker|provisional|de facto|"
                         r"Taliban)\s+)+",
                         re.I)
_HOS = re.compile(r"^(President|Federal President|Governor-General|Junta leader|"
                  r"Head of the (Transitional Military Council|junta)|King|Queen|Emir|Amir|Sultan|Supreme Leader|Head of State|"
                  r"Emperor|Monarch|Chair(man|person) of the [\w ]*(Sovereign|Presidential|"
                  r"Presidency|Military Council|Supreme Council|Revolutionary|Interim Administration|Transitional "
                  r"Council|Transitional Sovereignty))\b")
_NOT_HOS = re.compile(r"\b(European|Kurdistan|Tigray|Puntland|Jubaland|Somaliland|Galmudug|"
                      r"Senate|National Assembly|Parliament|Council of Ministers|Court|Bank|"
                      r"Commission|General Assembly|Party|Region|Regional|Red Cross|ICRC|"
                      r"Security Council|Constitutional|Republika Srpska|Transnistria|"
                      r"Abkhazia|South Ossetia|Donetsk|Luhansk|Crimea|Northern Cyprus|"
                      r"Hamas|Authority of the|Chamber|Assembly|Federation Council|Duma|"
                      r"Olympic|FIFA|University|Federal Council|Board)\b")
_HOG = re.compile(r"^(Prime Minister|Premier|Chancellor|Federal Chancellor|President of the Government|"
                  r"President of the Council of Ministers|Head of Government|"
                  r"Chief Executive|Chief Adviser)\b")
_NOT_HOG = re.compile(r"\b(Exchequer|Kurdistan|Tigray|Puntland|Somaliland|Region|Regional|"
                      r"Gaza|Hamas|Republika Srpska|Transnistria|Abkhazia|Donetsk|Luhansk|"
                      r"Crimea|Northern Cyprus|Hong Kong|Macau|Quebec|Ontario|State of \w+ "
                      r"\(Indian|University|Chief Minister)\b")
_FM = re.compile(r"(Foreign (Affairs )?Minister|Minister (of|for) (Foreign|External) "
                 r"(Affairs|Relations)|Foreign Secretary|External Affairs Minister|"
                 r"^Secretary of State( of the United States)?\b(?! for (?!Foreign))|"
                 r"Secretary of State for Foreign|Minister of Foreign Affairs|"
                 r"Foreign Affairs Cabinet Secretary|Cabinet Secretary for Foreign|Foreign Adviser|"
                 r"Minister Responsible for Foreign Affairs)")
_DM = re.compile(r"(Defen[cs]e (Minister|Secretary)|Minister (of|for) (National |the )?"
                 r"Defen[cs]e|Secretary of (Defense|War)\b|Minister of the Armed Forces|"
                 r"Secretary of State for Defence|Minister of Defen[cs]e|Secretary of National Defen[cs]e|"
                 r"Cabinet Secretary for Defen[cs]e|Defen[cs]e Cabinet Secretary|"
                 r"Minister Responsible for Defen[cs]e Affairs)")
_MIL = re.compile(r"^(Chief of|Chairman of the Joint|Commander(-in-Chief)? of the [\w' -]*"
                  r"(Armed Forces|Defen[cs]e Forces?|Army|National Army|People's Defence)|"
                  r"Army Commander|Army Chief|Commander of the Army|Chief of Defence|"
                  r"Chief of the General|Chief of General|Inspector General of the Bundeswehr|"
                  r"Vice Chairman of the Central Military Commission)", re.I)
_NOT_MIL = re.compile(r"\b(Intelligence|Navy|Naval|Air Force|Air Staff|Central Command|Quds|"
                      r"Border|Police|Guard|Presidency|Chief of Staff to|of the President|"
                      r"Rapid Support|Wagner|militia|Peshmerga|Kurdistan|Tigray|Cabinet|"
                      r"White House|Special|Ground Forces|Marine|Space|Europe|NATO|"
                      r"Strategic Rocket|Operations|Directorate)\b", re.I)


def _split_top(text, seps=(", ", "; ")):
    """Splits at separators outside parentheses."""
    out, depth, cur, i = [], 0, "", 0
    while i < len(text):
        c = text[i]
        depth += c == "("
        depth -= c == ")"
        hit = next((sp for sp in seps if depth == 0 and text.startswith(sp, i)), None)
        if hit:
            out.append(cur)
            cur, i = "", i + len(hit)
            continue
        cur += c
        i += 1
    out.append(cur)
    return [x.strip() for x in out if x.strip()]


_D = r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)"


def _d(s, end):
    chk = Checker()
    v = parse_date(s, "", chk, end=end) if s else None
    return v


_RANGE = re.compile(r"^(?:(?:to|until) " + _D + r"|from " + _D + r"|" + _D +
                    r"\s*(?:\.\.|-|–)\s*" + _D + r"|" + _D + r"\s*(?:\.\.|-|–))$")


def _range(text, lo, hi):
    """(from, to) of "to D", "from D", "D..D", "D-D", "D.."; None when not a range."""
    m = _RANGE.match(text.strip())
    if not m:
        return None
    to1, from1, a, b, open_from = m.groups()
    if to1:
        return lo, _d(to1, True)
    if from1:
        return _d(from1, False), hi
    if a:
        return _d(a, False), _d(b, True)
    return _d(open_from, False), hi


_OFFICE_DATED = re.compile(r"^(?:then |later )?([A-Za-z][\w' -]*?)\s+((?:from|to|until) \S+|"
                           r"\d{4}\S*)$")


def role_periods(role, lo, hi):
    """[(office, from, to)] of one people.txt role field. A line may describe several
    offices with their own dates: "Prime Minister (to 2003-03-14), Foreign Minister
    (2003-03-14..2007-08-28), President (from 2007-08-28)", "Foreign Minister (Prime
    Minister from 2023-03-07)", "Deputy FM; acting Foreign Minister 2024-05-20..2024-08-21".
    A parenthesis that is a range dates its office; dated offices inside a parenthesis
    are added (within the line's dates: "also 2006..2010" outside them is not counted); other notes ("acting until", "except") leave
    the line's dates. Offices after the first without dates of their own are not counted
    (their period is unknown)."""
    out = []
    for k, seg in enumerate(_split_top(role)):
        q = re.search(r"\((.*)\)", seg)
        name = re.sub(r"\s*\(.*$", "", seg).strip()
        name = re.sub(r"^(then|later) ", "", name)
        a, b, dated = lo, hi, False
        m = _OFFICE_DATED.match(name)
        if m and _range(m.group(2), lo, hi):
            name = m.group(1)
            a, b = _range(m.group(2), lo, hi)
            dated = True
        if q:
            qual = q.group(1).strip()
            r = _range(qual, lo, hi)
            if r:
                a, b, dated = r[0], r[1], True
            else:
                for item in _split_top(qual):
                    if item.startswith("also "):
                        # "also D..D": the same office at another time. The coder only
                        # knows the line's dates, so such a period counts only when a
                        # line of its own gives it; "also Office from D" is in range.
                        item = item[5:]
                    m = _OFFICE_DATED.match(item)
                    if m and _range(m.group(2), lo, hi):
                        r = _range(m.group(2), lo, hi)
                        out.append((m.group(1), max(r[0], lo), min(r[1], hi)))
        if a is None or b is None:
            continue
        if k > 0 and not dated:
            continue
        out.append((name, max(a, lo), min(b, hi)))
    return [(n, a, b) for n, a, b in out if a is not None and b is not None]


def classify_role(role, code):
    """The coverage roles (subset of ROLES) of one office name ("Foreign Minister")."""
    sector = code[3:6]
    out = set()
    parts = [x for x in re.split(r"\s+and\s+|\s*/\s*", role.strip()) if x]
    if len(parts) > 1:  # "Vice President and Prime Minister": each office by itself
        for part in parts:
            out |= classify_role(part, code)
        return out
    text = role.strip()
    if _EXCLUDE.search(text):
        return set()
    bare = _QUALIFIERS.sub("", text)
    bare = bare[:1].upper() + bare[1:]
    if sector == "GOV":
        if _HOS.match(bare) and not _NOT_HOS.search(bare):
            out.add("HoS")
        if _HOG.match(bare) and not _NOT_HOG.search(bare):
            out.add("HoG")
        if _FM.search(bare):
            out.add("FM")
        if _DM.search(bare):
            out.add("DM")
    if sector in ("MIL", "GOV") and _MIL.match(bare) and not _NOT_MIL.search(bare):
        out.add("MIL")
    return out


def _ordinal(d):
    return datetime.date(d // 10000, d // 100 % 100, d % 100).toordinal()


def _date(o):
    return datetime.date.fromordinal(o).isoformat()


def coverage_gaps(intervals, lo, hi, max_gap):
    """Gaps longer than max_gap days in the union of inclusive [a, b] YYYYMMDD intervals
    over [lo, hi]; returns [(first day, last day)] as ordinals."""
    lo_o, hi_o = _ordinal(lo), _ordinal(hi)
    spans = sorted((max(_ordinal(max(a, 19000101)), lo_o), min(_ordinal(min(b, 29991231)), hi_o))
                   for a, b in intervals)
    gaps, cur = [], lo_o
    for a, b in spans:
        if b < cur:
            continue
        if a > cur and a - cur > max_gap:
            gaps.append((cur, a - 1))
        cur = max(cur, b + 1)
    if cur <= hi_o and hi_o - cur + 1 > max_gap:
        gaps.append((cur, hi_o))
    return gaps


def clip(intervals, windows):
    out = []
    for a, b in intervals:
        for wa, wb in windows:
            lo, hi = max(a, wa), min(b, wb)
            if lo <= hi:
                out.append((lo, hi))
    return out


VACANT = re.compile(r"^#\s*vacant:\s*([A-Z]{3})\s+(HoS|HoG|FM|DM|MIL)\s+(\S+)\s+(\S+)\s+(\S.*)$")


def read_vacancies(path, chk, country_codes):
    """The '# vacant: CCC ROLE FROM TO reason' comment lines of people.txt:
    [(where, country, role, lo, hi, reason)]."""
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if not re.match(r"^#\s*vacant\b", line):
                continue
            where = f"{path}:{n}"
            m = VACANT.match(line.rstrip("\n"))
            if not m:
                chk.error(where, "vacancy line: want '# vacant: CCC ROLE FROM TO reason' "
                                 f"with ROLE one of {' '.join(ROLES)}")
                continue
            c, role, a, b, why = m.groups()
            if c not in country_codes:
                chk.error(where, f"vacancy: country {c} not in countries.txt")
            lo = parse_date(a, where, chk)
            hi = 99999999 if b == "-" else parse_date(b, where, chk, end=True)
            if lo is None or hi is None or lo > hi:
                chk.error(where, f"vacancy: bad period {a} {b}")
                continue
            out.append((where, c, role, lo, hi, why))
    return out


def print_coverage(rows, today, max_gap, show_roles, vacancies=()):
    """rows: (where, names, code, lo, hi, role) of people.txt; vacancies: declared
    vacancies (read_vacancies)."""
    held = defaultdict(list)  # (country, role) -> [(lo, hi)]
    by_role = defaultdict(set)
    for _where, _names, code, lo, hi, role in rows:
        for name, a, b in role_periods(role, lo, hi):
            if a > b:
                continue
            for r in classify_role(name, code):
                held[(code[:3], r)].append((a, b))
                by_role[r].add(name)
    for realm, crown in REALM_OF.items():
        held[(realm, "HoS")] += held.get((crown, "HoS"), [])
    for country, windows in HOS_IS_HOG.items():
        held[(country, "HoG")] += clip(held.get((country, "HoS"), []), windows)
    for (country, role), holder in ROLE_HELD_BY.items():
        held[(country, role)] += held.get((country, holder), [])
    for _where, country, role, lo, hi, _why in vacancies:
        held[(country, role)].append((lo, hi))
    if show_roles:
        for r in ROLES:
            print(f"role {r}: " + " | ".join(sorted(by_role[r])))
    start = 20000101
    print(f"\ncoverage of people.txt on {today // 10000}-{today // 100 % 100:02d}-{today % 100:02d}: "
          f"C = holder on that day and no gap over {max_gap} days since 2000-01-01; "
          "c = holder on that day, with gaps; g = no holder on that day; - = no line")

    def state(country, role):
        iv = held.get((country, role), [])
        if not iv:
            return "-", []
        current = any(a <= today <= b for a, b in iv)
        gaps = coverage_gaps(iv, max(start, STATE_START.get(country, 0)), today, max_gap)
        return ("C" if current and not gaps else "c" if current else "g"), gaps

    summary = []
    for region, codes in REGIONS:
        codes = codes.split()
        head = f"{region} ({len(codes)} states)"
        width = max(len(head), 8)
        print(f"\n{head:<{width}}" + "".join(f"{r:>5}" for r in ROLES))
        counts = {r: [0, 0] for r in ROLES}
        details = []
        for c in codes:
            cells = []
            for r in ROLES:
                st, gaps = state(c, r)
                cells.append(st)
                if st in "Cc":
                    counts[r][0] += 1
                if st == "C":
                    counts[r][1] += 1
                if st != "C":
                    g = ", ".join(f"{_date(a)}..{_date(b)}" for a, b in gaps[:4])
                    more = f" (+{len(gaps) - 4})" if len(gaps) > 4 else ""
                    details.append(f"    {c} {r}: " + ("no line" if st == "-" else
                                   ("no holder on the day; " if st == "g" else "") +
                                   (f"gaps {g}{more}" if gaps else "")))
            print(f"{'  ' + c:<{width}}" + "".join(f"{x:>5}" for x in cells))
        for d in details:
            print(d)
        summary.append((region, len(codes), counts))
    print("\nsummary: current holder / continuous 2000-today, per region and role")
    print(f"  {'region':<20}" + "".join(f"{r:>9}" for r in ROLES))
    tot = {r: [0, 0] for r in ROLES}
    ntot = 0
    for region, n, counts in summary:
        ntot += n
        print(f"  {region + f' ({n})':<20}" +
              "".join(f"{counts[r][0]:>4}/{counts[r][1]:<4}" for r in ROLES))
        for r in ROLES:
            tot[r][0] += counts[r][0]
            tot[r][1] += counts[r][1]
    print(f"  {f'all ({ntot})':<20}" + "".join(f"{tot[r][0]:>4}/{tot[r][1]:<4}" for r in ROLES))
    if vacancies:
        print(f"\ndeclared vacancies (counted as covered): {len(vacancies)}")
        for _where, country, role, lo, hi, why in vacancies:
            end = "today" if hi >= 99999999 else f"{hi // 10000}-{hi // 100 % 100:02d}-{hi % 100:02d}"
            print(f"  {country} {role} {lo // 10000}-{lo // 100 % 100:02d}-{lo % 100:02d}..{end}: {why}")


# ------------------------------------------------------- comparison with ../shared/leaders

def _fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z ]", " ", s.lower().replace("-", " ")).split()


STOP = {"al", "el", "bin", "ibn", "abu", "de", "da", "van", "von", "der", "of", "the", "mohamed",
        "mohammed", "muhammad", "mohammad", "ahmed", "ahmad", "abdul", "abd", "ali", "ben",
        "ould", "sheikh", "prince", "king", "emir", "sultan", "hamad", "khalid", "abdullah",
        "abdallah", "salman", "saud", "general", "dr", "jr", "sr"}


def _tokens(name):
    return {t for t in _fold(name) if len(t) > 2 and t not in STOP}


def compare_shared(rows, shared, country_names):
    """Lists office-holders of ../shared/leaders (region states, 2000 on) whose name
    shares no distinctive word with any people.txt name of the same country."""
    if not os.path.isdir(shared):
        print(f"\n{shared}: absent; comparison skipped")
        return
    region_codes = set()
    for _r, codes in REGIONS:
        region_codes.update(codes.split())
    ours = defaultdict(set)
    for _where, names, code, _lo, _hi, _role in rows:
        for n in names:
            ours[code[:3]] |= _tokens(n)
    by_name = {}
    for key, items in country_names.items():
        for _lo, _hi, _where, what in items:
            if what.endswith(":name"):
                by_name[" ".join(_fold(key))] = what.split(":")[0]
    missing = defaultdict(set)
    checked = 0

    def check(code, name, title, start):
        nonlocal checked
        if code not in region_codes or not name:
            return
        checked += 1
        if not (_tokens(name) & ours[code]):
            missing[code].add(f"{name.title() if name.isupper() else name} ({title}, {start})")

    p = os.path.join(shared, "countryinfo_leaders.tsv")
    if os.path.exists(p):
        with open(p, encoding="utf-8", errors="replace") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                end = row.get("end") or ""
                if end.isdigit() and int(end) < 20000101:
                    continue
                check(row.get("iso3", ""), row.get("name", ""), row.get("role", "").strip(),
                      row.get("start", "")[:4])
    for fname, ncol, tcol, scol in (
            ("epscrapers_world-leaders-2021_wikidata.csv", "officeholderLabel", "positionLabel",
             "start_year"),
            ("epscrapers_world_foreign-ministers_wikidata.csv", "name", "positionLabel", "start")):
        p = os.path.join(shared, fname)
        if not os.path.exists(p):
            continue
        with open(p, encoding="utf-8", errors="replace") as f:
            for row in csv.DictReader(f):
                label = row.get("country") if "officeholderLabel" in row else row.get("countryLabel")
                code = by_name.get(" ".join(_fold(label or "")), "")
                start = (row.get(scol) or "")[:4]
                if start and start.isdigit() and int(start) < 2000:
                    continue
                check(code, row.get(ncol, ""), row.get(tcol, ""), start)
    n = sum(len(v) for v in missing.values())
    print(f"\n{shared}: {checked} office-holders of the region states since 2000 checked; "
          f"{n} share no name word with people.txt:")
    for code in sorted(missing):
        print(f"  {code}: " + "; ".join(sorted(missing[code])))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dict_dir", nargs="?", default=os.path.join(here, "..", "data", "dict"))
    ap.add_argument("--today", default="2026-11-21", help="reference day for 'current'")
    ap.add_argument("--max-gap", type=int, default=92,
                    help="longest gap (days) still counted as continuous (default 92)")
    ap.add_argument("--no-coverage", action="store_true", help="only check the files")
    ap.add_argument("--show-roles", action="store_true",
                    help="print the role texts counted for each coverage role")
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared", "leaders"),
                    help="../shared/leaders folder to compare with (skipped when absent)")
    args = ap.parse_args()
    d = os.path.relpath(os.path.normpath(args.dict_dir))
    chk = Checker()
    counts = {}
    p = lambda n: os.path.join(d, n)
    ccount, ccodes, cnames = check_countries(p("countries.txt"), chk)
    counts["countries.txt"] = ccount
    acodes, anames = set(), {}
    if os.path.exists(p("actors.txt")):
        counts["actors.txt"], acodes, anames = check_actors(p("actors.txt"), chk, ccodes, cnames)
    if os.path.exists(p("people.txt")):
        other = {k: v[0][3] for k, v in cnames.items()}
        other.update(anames)
        rows = []
        counts["people.txt"] = check_people(p("people.txt"), chk, ccodes, acodes, other, rows)
        vacancies = read_vacancies(p("people.txt"), chk, ccodes)
    if os.path.exists(p("agents.txt")):
        counts["agents.txt"] = check_agents(p("agents.txt"), chk)
    for k, v in counts.items():
        print(f"{k}: {v} entries")
    print(f"{chk.errors} errors, {chk.warnings} warnings")
    if not args.no_coverage and os.path.exists(p("people.txt")):
        today = parse_date(args.today, "--today", chk)
        print_coverage(rows, today, args.max_gap, args.show_roles, vacancies)
        compare_shared(rows, os.path.relpath(os.path.normpath(args.shared)), cnames)
    return 1 if chk.errors else 0


if __name__ == "__main__":
    sys.exit(main())
