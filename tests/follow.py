#!/usr/bin/python3
"""tests/follow.py: what a resident's calendar, news reader or a data user
gets from a built site, read by real parsers rather than by sayso's own
code.  Run by `make test` as `tests/follow.py SAYSO`, with Debian's
python3 (python3-icalendar is a Debian package, see scripts/deps.sh).

For the example site built at three dates (before, during and after its
consultations close), checks that:
  - every .ics file parses as iCalendar (RFC 5545) with python3-icalendar,
    and has a closing date for every pack and an event for every event;
  - every Atom feed is well-formed XML with the elements RFC 4287 requires,
    and each hub list links a feed that exists and holds only its packs;
  - consultations.json and consultations.csv carry the same rows and
    columns (a round trip), with every column defined in the readme;
  - each plain-English pack page has one schema.org JSON-LD block that
    parses, uses only properties schema.org defines for each type (the
    table below, from schema.org's definitions; no validator runs
    offline), and agrees with the open data.
Prints "N passed, M failed" and exits 1 on any failure.
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import icalendar

ATOM = "{http://www.w3.org/2005/Atom}"
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("follow: FAIL: " + what)


def build(sayso, out, now):
    here = os.path.dirname(os.path.abspath(__file__))
    content = os.path.join(here, "..", "content")
    r = subprocess.run([sayso, "build", content, "-o", out, "--now", now, "--no-cache", "--quiet"],
                       capture_output=True, text=True)
    check(r.returncode == 0, "build at %s exited %d: %s" % (now, r.returncode, r.stderr[-500:]))


def check_calendars(out, data):
    for row in data["consultations"]:
        path = os.path.join(out, "consultations", row["slug"], "calendar.ics")
        check(os.path.exists(path), "no calendar for " + row["slug"])
        with open(path, "rb") as f:
            raw = f.read()
        try:
            cal = icalendar.Calendar.from_ical(raw)
        except Exception as e:  # the parser's own complaint is the message
            check(False, "%s does not parse: %s" % (path, e))
            continue
        check(all(len(line) <= 75 for line in raw.split(b"\r\n")), path + ": a line over 75 octets")
        check(raw.endswith(b"END:VCALENDAR\r\n") and b"\n" not in raw.replace(b"\r\n", b""),
              path + ": lines must end CRLF")
        events = [c for c in cal.walk("VEVENT")]
        check(len(events) == 1 + row["events"], "%s: %d VEVENTs for %d events and a closing date"
              % (path, len(events), row["events"]))
        uids = [str(e["UID"]) for e in events]
        check(len(set(uids)) == len(uids), path + ": UIDs repeat")
        closing = [e for e in events if str(e["UID"]).startswith("closes-")]
        check(len(closing) == 1 and closing[0].decoded("DTSTART").isoformat() == row["closes"],
              path + ": the closing date is not " + row["closes"])
        for e in events:
            for prop in ("DTSTAMP", "DTSTART", "SUMMARY"):
                check(prop in e, "%s: a VEVENT without %s" % (path, prop))
    site = icalendar.Calendar.from_ical(open(os.path.join(out, "calendar.ics"), "rb").read())
    total = sum(1 + r["events"] for r in data["consultations"])
    check(len(list(site.walk("VEVENT"))) == total, "calendar.ics should hold every pack's dates")


def check_feed(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        check(False, "%s is not well-formed: %s" % (path, e))
        return None
    check(root.tag == ATOM + "feed", path + ": not an Atom feed")
    for el in ("id", "title", "updated"):
        check(root.find(ATOM + el) is not None, "%s: no <%s>" % (path, el))
    check(root.find(ATOM + "author") is not None, path + ": no <author>")
    for entry in root.findall(ATOM + "entry"):
        for el in ("id", "title", "updated", "link"):
            check(entry.find(ATOM + el) is not None, "%s: an entry without <%s>" % (path, el))
    return root


def check_feeds(out, data):
    feeds = []
    for folder, _, files in os.walk(os.path.join(out, "feeds")):
        feeds += [os.path.join(folder, f) for f in files if f.endswith(".xml")]
    check(len(feeds) >= 2, "no feeds under feeds/")
    ids = set()
    for f in feeds + [os.path.join(out, "feed.xml")]:
        root = check_feed(f)
        if root is not None:
            i = root.find(ATOM + "id").text
            check(i not in ids, f + ": an Atom id another feed has")
            ids.add(i)
    # Each hub list links its own feed, and that feed has only its packs.
    for kind in ("topics", "areas"):
        for slug in os.listdir(os.path.join(out, kind)):
            page = open(os.path.join(out, kind, slug, "index.html"), encoding="utf-8").read()
            href = "../../feeds/%s/%s.xml" % (kind, slug)
            check(('href="%s"' % href) in page, "%s/%s/ does not link %s" % (kind, slug, href))
            feed = os.path.join(out, "feeds", kind, slug + ".xml")
            root = check_feed(feed) if os.path.exists(feed) else None
            check(root is not None, feed + " is missing")
            if root is None:
                continue
            listed = set(re.findall(r'href="(?:\.\./)+consultations/([^/"]+)/"', page))
            linked = set()
            for e in root.findall(ATOM + "entry"):
                m = re.search(r"/consultations/([^/]+)/", e.find(ATOM + "link").get("href"))
                linked.add(m.group(1))
            check(linked <= listed, "%s carries packs its list does not show: %s" % (feed, linked - listed))


def check_open_data(out):
    data = json.load(open(os.path.join(out, "consultations.json"), encoding="utf-8"))
    with open(os.path.join(out, "consultations.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    readme = open(os.path.join(out, "consultations-data.txt"), encoding="utf-8").read()
    packs = data["consultations"]
    check(len(rows) == len(packs), "the CSV has %d rows for %d packs" % (len(rows), len(packs)))
    check(sorted(p["slug"] for p in packs) == sorted(
        os.listdir(os.path.join(os.path.dirname(__file__), "..", "content", "consultations"))),
        "the open data does not list every pack of content/")
    for p, r in zip(packs, rows):
        check(list(p.keys()) == list(r.keys()), "JSON keys and CSV columns differ")
        for k, v in p.items():
            if isinstance(v, list):
                v = "; ".join(v)
            elif v is None:
                v = ""
            check(str(v) == r[k], "%s.%s: JSON %r, CSV %r" % (p["slug"], k, v, r[k]))
    for k in packs[0].keys():
        check(re.search(r"^%s\n    \S" % re.escape(k), readme, re.M) is not None,
              "the readme does not define " + k)
    return data


# The properties schema.org defines for the types sayso writes (own and
# inherited from Thing, Service, Event, Place, ContactPoint ...), and the
# ones a consumer such as a search engine needs to use the item.
SCHEMA = {
    "GovernmentService": ({"@type", "@id", "name", "description", "url", "serviceType", "provider",
                           "areaServed", "keywords", "availableChannel", "serviceOperator", "jurisdiction"},
                          {"name", "provider"}),
    "Event": ({"@type", "@id", "name", "startDate", "endDate", "eventStatus", "eventAttendanceMode",
               "isAccessibleForFree", "location", "description", "url", "organizer", "about"},
              {"name", "startDate", "location"}),
    "GovernmentOrganization": ({"@type", "name", "url"}, {"name"}),
    "Place": ({"@type", "name", "address"}, {"name"}),
    "VirtualLocation": ({"@type", "url", "name"}, {"url"}),
    "ServiceChannel": ({"@type", "serviceUrl", "servicePhone", "availableLanguage"}, set()),
    "ContactPoint": ({"@type", "telephone", "email"}, set()),
}
ENUMS = {"eventStatus": "https://schema.org/EventScheduled",
         "eventAttendanceMode": ("https://schema.org/OnlineEventAttendanceMode",
                                 "https://schema.org/OfflineEventAttendanceMode",
                                 "https://schema.org/MixedEventAttendanceMode")}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$")


def check_item(item, where):
    kind = item.get("@type")
    if kind not in SCHEMA:
        check(False, "%s: a %r, which sayso does not mean to write" % (where, kind))
        return
    allowed, required = SCHEMA[kind]
    extra = set(item) - allowed
    check(not extra, "%s: %s has properties schema.org does not define for it: %s" % (where, kind, extra))
    check(required <= set(item), "%s: %s lacks %s" % (where, kind, required - set(item)))
    for k, v in item.items():
        if k in ENUMS:
            check(v in ENUMS[k], "%s: %s is %r" % (where, k, v))
        if k in ("startDate", "endDate"):
            check(bool(DATE.match(v)), "%s: %s %r is not an ISO 8601 date" % (where, k, v))
        for sub in (v if isinstance(v, list) else [v]):
            if isinstance(sub, dict) and "@type" in sub:
                check_item(sub, where)


def check_structured_data(out, data):
    for row in data["consultations"]:
        folder = os.path.join(out, "consultations", row["slug"])
        page = open(os.path.join(folder, "index.html"), encoding="utf-8").read()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        check(len(blocks) == 1, "%s: %d JSON-LD blocks" % (row["slug"], len(blocks)))
        if len(blocks) != 1:
            continue
        try:
            doc = json.loads(blocks[0])
        except ValueError as e:
            check(False, "%s: JSON-LD does not parse: %s" % (row["slug"], e))
            continue
        check(doc.get("@context") == "https://schema.org", row["slug"] + ": no schema.org context")
        graph = doc.get("@graph", [])
        for item in graph:
            check_item(item, row["slug"])
        service = [i for i in graph if i.get("@type") == "GovernmentService"]
        check(len(service) == 1 and service[0]["name"] == row["title"] and service[0]["url"] == row["url"],
              row["slug"] + ": the GovernmentService does not match the open data")
        events = [i for i in graph if i.get("@type") == "Event"]
        check(len(events) == 1 + row["events"], "%s: %d Events for %d events and the consultation"
              % (row["slug"], len(events), row["events"]))
        for fmt in ("easy-read", "large-print"):
            other = os.path.join(folder, fmt, "index.html")
            if os.path.exists(other):
                check("application/ld+json" not in open(other, encoding="utf-8").read(),
                      "%s/%s repeats the structured data" % (row["slug"], fmt))


def main():
    sayso = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/sayso")
    with tempfile.TemporaryDirectory() as tmp:
        for now in ("2026-06-01", "2026-12-07", "2027-06-01"):
            out = os.path.join(tmp, now)
            build(sayso, out, now)
            if not os.path.exists(os.path.join(out, "consultations.json")):
                check(False, "no consultations.json at " + now)
                continue
            data = check_open_data(out)
            check_calendars(out, data)
            check_feeds(out, data)
            check_structured_data(out, data)
    print("follow: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
