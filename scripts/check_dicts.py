#!/usr/bin/env python3
"""Validates khaldun's actor dictionaries (data/dict/{countries,actors,people,agents}.txt).

Checks field counts, code shapes, sector codes, dates and date ranges, and names that
are listed twice with overlapping validity (within a file, and country names against
actor names). Prints "file:line: message" for every problem and a count summary.
Exit status 1 when an error was found (warnings do not fail).

Usage: scripts/check_dicts.py [DICT_DIR]     (default: data/dict next to this script)
Only the Python standard library is used.
"""
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


def check_people(path, chk, country_codes, actor_codes, other_names=None):
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


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "data", "dict")
    d = os.path.relpath(os.path.normpath(d))
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
        counts["people.txt"] = check_people(p("people.txt"), chk, ccodes, acodes, other)
    if os.path.exists(p("agents.txt")):
        counts["agents.txt"] = check_agents(p("agents.txt"), chk)
    for k, v in counts.items():
        print(f"{k}: {v} entries")
    print(f"{chk.errors} errors, {chk.warnings} warnings")
    return 1 if chk.errors else 0


if __name__ == "__main__":
    sys.exit(main())
