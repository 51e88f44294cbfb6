"""Builds the meeting-metadata set of tests/eval/meta/ from the corpora, by the rules of
tests/eval/README.md. Run from the repository root:

    python3 tests/eval/meta/label.py /path/to/au-pm.jsonl

The labels come from the corpora's own fields (publisher, date) and from the titles, never from
the extractor. It rewrites docs/ and labels.jsonl; read a sample after running it.
"""

import json
import os
import random
import re
import shutil
import sys

ROOT = os.getcwd()
OUT = os.path.join(ROOT, "tests/eval/meta")

# The country lexicon of the rule: names, long forms and demonyms of countries.tsv. Names that
# are also common words or people's names in titles are left out of the rule.
AMBIGUOUS = {"Georgia", "Jordan", "Chad", "Turkey", "Guinea", "Niger", "US", "America", "Congo"}
lexicon = []
for line in open(os.path.join(ROOT, "src/extract/data/countries.tsv"), encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    cols = line.rstrip("\n").split("\t")
    code, name = cols[0], cols[1]
    words = [name] + [w for c in cols[4:6] if len(cols) > 4 for w in c.split("|") if w]
    for w in words:
        if w and w not in AMBIGUOUS:
            lexicon.append((w, code))
lexicon.sort(key=lambda x: -len(x[0]))
COUNTRY = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w, _ in lexicon) + r")(?![\w])")
CODE = dict(lexicon)

READOUT = re.compile(
    r"\b(meet|meets|meeting|met|talks|call|calls|visit|visits|joint statement|bilateral|"
    r"conversation)\b", re.I)

def countries_in(text):
    return [CODE[m.group(1)] for m in COUNTRY.finditer(text)]

def counterpart(title, home):
    """The one country other than home that the title names, or None."""
    if not READOUT.search(title):
        return None
    others = sorted(set(c for c in countries_in(title) if c != home))
    return others[0] if len(others) == 1 else None

# Titled people with their country written next to the title: "Prime Minister Kishida of
# Japan", "President of Finland Sauli Niinistö", "Japanese Prime Minister Fumio Kishida".
TITLES = (r"(?:President|Prime Minister|Premier|Foreign Minister|Minister of Foreign Affairs|"
          r"Minister for Foreign Affairs|Chancellor|King|Emir|Amir|Crown Prince|Sultan|"
          r"Taoiseach|Foreign Secretary|Secretary of State|Vice President|Deputy Prime Minister)")
UPPER = "A-ZÀ-ÖØ-Þ\u0100-\u017F"
WORD = r"(?:(?:al-|el-)?[" + UPPER + r"][\w'’.-]+)"
NAME = r"((?:" + WORD + r" (?:(?:bin|al|de|van|der|von) )?){0,4}" + WORD.replace(".", "") + r")"
STYLE = (r"(?:(?:H\.E\.|HE|His Excellency|Her Excellency|Mr|Ms|Mrs|Dr|Sheikh|LTGEN|(?:[Tt]he )?Hon(?:ourable)?\.?|"
         r"(?:[Tt]he )?Right Honourable|(?:[Tt]he )?Rt\.? Hon\.?|Dato' Sri|Dato' Seri|Dato') )*")
OF = r" of (?:the )?(" + COUNTRY.pattern[len("(?<![\w-])("):-len(")(?![\w])")] + r")(?![\w])"
PATTERNS = [
    # Title Name of Country
    re.compile(TITLES + r" " + STYLE + NAME + OF),
    # Title of Country[,] Name
    re.compile(TITLES + OF + r",? " + STYLE + NAME + r"(?=[\s,.;:)]|$)"),
    # Demonym/Country's Title Name
    re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w, _ in lexicon) + r")(?:'s|’s)? "
               + TITLES + r",? " + STYLE + NAME + r"(?=[\s,.;:)]|$)"),
]

# Capitalised words that end a match but are no name ("Secretary Blinken" after a country).
STOP = {line.split("\t")[0] for line in open(os.path.join(ROOT, "src/extract/data/titles.tsv"),
        encoding="utf-8") if not line.startswith("#")}
STOP |= {w for t in STOP for w in t.split()}
STOP |= {"Visit", "Meeting", "Talks", "Call", "Joint", "Statement", "Remarks", "Government",
         "Republic", "Kingdom", "State", "The", "Australia", "Ministers", "Leaders", "Before",
         "After", "Their", "His", "Her", "During", "On", "In", "At", "With", "And", "For",
         "Canberra", "Sydney", "Hon", "MP"}

def people(text):
    """(last name, country) for every titled person the patterns find in text."""
    found = {}
    for i, p in enumerate(PATTERNS):
        for m in p.finditer(text):
            if i == 0:
                name, country = m.group(1), m.group(2)
            elif i == 1:
                country, name = m.group(1), m.group(2)
            else:
                country, name = m.group(1), m.group(2)
            # A name ends at a sentence's end ("Heiko Maas. Secretary Blinken") and before a
            # word of a headline ("Carlos Alvarado Before Their Meeting").
            words = []
            for w in name.split():
                if w in STOP:
                    break
                if w.endswith(".") and len(w.rstrip(".")) > 1:
                    words.append(w.rstrip("."))
                    break
                if w[0].isupper():
                    words.append(w)
            if not words or words[-1] in CODE or len(words[-1]) < 3 or words[-1] in STOP:
                continue
            last = re.sub(r"(’s|'s)$", "", words[-1]).rstrip(".’'")
            found.setdefault(last, CODE[country])
    return found

def written_dates(day):
    y, m, d = day.split("-")
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    month = months[int(m) - 1]
    d = str(int(d))
    return [f"{month} {d}, {y}", f"{d} {month} {y}", f"{month} {d} {y}"]

def date_near_top(title, text, day):
    """Whether the text writes its publication date where a release does: a line that is only
    the date (with a place, a weekday, in parentheses), a dateline opening a line ("Washington,
    D.C., March 29, 2008 - ..."), or the end of the title ("... Canberra 3 June 2010"). A date
    inside a sentence ("met on 1 March 2010") is the story's, not the release's."""
    forms = "|".join(re.escape(w) for w in written_dates(day))
    place = r"(?:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}, )?(?:[A-Z][a-z]+day, )?"
    alone = re.compile(r"^\(?" + place + r"(?:" + forms + r")\)?\.?$")
    dateline = re.compile(r"^" + place + r"(?:[A-Z][\w.]*, )?(?:" + forms + r")(?: -| —| –|:|\.)")
    top = [l.strip() for l in text.split("\n") if l.strip()][:5]
    if any(alone.match(l) or dateline.match(l) for l in top):
        return True
    return bool(re.search(r"[A-Z][\w.]* (?:" + forms + r")$", title.strip()))

labels = []
shutil.rmtree(os.path.join(OUT, "docs"), ignore_errors=True)

# The State Department: the repository's corpus, title on line 1 and a `date` line.
sd = os.path.join(ROOT, "corpora/state-dept")
os.makedirs(os.path.join(OUT, "docs/state-dept"))
picked = []
for name in sorted(os.listdir(sd)):
    text = open(os.path.join(sd, name), encoding="utf-8").read()
    title, date_line = text.split("\n")[0], text.split("\n")[1]
    c = counterpart(title, "USA")
    if c and len(text) < 6000:
        picked.append((name, text, title, date_line[5:].strip(), c))
random.seed(32)
for name, text, title, day, c in sorted(random.sample(picked, 120)):
    shutil.copy(os.path.join(sd, name), os.path.join(OUT, "docs/state-dept", name))
    labels.append({"file": f"tests/eval/meta/docs/state-dept/{name}", "publisher": "state-dept",
                   "home": "USA", "counterpart": c, "date": day, "date_in_text": True,
                   "people": people(text)})

# The Australian Prime Minister: JSON records with title, url and body; no date field, so the
# date can only come from the text.
os.makedirs(os.path.join(OUT, "docs/au-pm"))
picked = []
for line in open(sys.argv[1], encoding="utf-8"):
    item = json.loads(line)
    c = counterpart(item["title"], "AUS")
    if c and len(item["body"]) < 8000:
        picked.append((item, c))
for item, c in sorted(random.sample(picked, min(200, len(picked))), key=lambda x: x[0]["id"]):
    path = f"tests/eval/meta/docs/au-pm/{item['id']}.json"
    record = {k: item[k] for k in ("id", "title", "url", "body")}
    with open(os.path.join(ROOT, path), "w", encoding="utf-8") as f:
        json.dump(record, f, ensure_ascii=False, indent=1)
        f.write("\n")
    labels.append({"file": path, "publisher": "au-pm", "home": "AUS", "counterpart": c,
                   "date": item["date"],
                   "date_in_text": date_near_top(item["title"], item["body"], item["date"]),
                   "people": people(item["title"] + "\n" + item["body"])})

# The Azerbaijani agencies: the five seeds, in place.
for name in sorted(os.listdir(os.path.join(ROOT, "seeds"))):
    if not name.endswith(".txt"):
        continue
    text = open(os.path.join(ROOT, "seeds", name), encoding="utf-8").read()
    m = re.search(r"date (\d{4}-\d{2}-\d{2})", text)
    others = [c for c in countries_in(text) if c != "AZE"]
    labels.append({"file": f"seeds/{name}", "publisher": "az-agencies", "home": "AZE",
                   "counterpart": max(set(others), key=others.count) if others else None,
                   "date": m.group(1) if m else None, "date_in_text": bool(m),
                   "people": people(text)})

# A person is labelled only with the meeting's own sides: a country named next to a title that
# is neither ("Secretary Blinken" after "Polish Foreign Minister Rau and") is a near miss of the
# patterns, not a fact.
with open(os.path.join(OUT, "labels.jsonl"), "w", encoding="utf-8") as f:
    for l in labels:
        sides = {l["home"], l["counterpart"]}
        l["people"] = [[k, v] for k, v in sorted(l["people"].items()) if v in sides]
        f.write(json.dumps(l, ensure_ascii=False) + "\n")
print(len(labels), "labels")
