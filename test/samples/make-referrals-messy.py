#!/usr/bin/env python3
"""Builds samples/referrals-messy.xlsx the way a carrier's file really arrives: written by another
program. This script writes a Flat ODS (LibreOffice's XML spreadsheet) with typed date and number
cells, text dates, a title block and Windows-ish text, then LibreOffice converts it:

    python3 test/samples/make-referrals-messy.py            # writes samples/referrals-messy.xlsx

The bad rows are listed in BAD_ROWS below and in samples/README.md; the tests check them.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

HEADERS = [
    "Claim #", "Policy No", "Date Received", "Due Date", "Region", "Services", "Priority",
    "Date of Loss", "Budget", "Carrier", "Carrier Address", "Carrier City", "Carrier State",
    "Carrier Zip", "Country", "Adjuster First", "Adjuster Last", "Adjuster Email", "Adjuster Phone",
    "Claimant", "Claimant DOB", "Claimant Phone", "Claimant Gender", "Vehicle Plate", "Vehicle Make",
    "Vehicle Year", "Vehicle Color", "Instructions",
]

# A cell is text (str), a number (int/float), a date cell ("D:YYYY-MM-DD") or None (empty).
CARRIERS = [
    ("Acme Mutual Insurance", "1200 Market St\u00a0", "Denver", "CO", "80202"),
    ("Granite State Casualty", "45 Elm Street", "Manchester", "NH", "03101"),
    ("Pacific Shield Ins. Co.", "900 4th Ave Ste 1200", "Seattle", "WA", "98164"),
]
ADJUSTERS = [
    ("Dana", "Whitfield", "dana.whitfield@acmemutual.example", "(303) 555-0142"),
    ("Luis", "Ortega", " lortega@granitestate.example ", "603.555.0199"),
    ("Priya", "Raman", "PRaman@PacificShield.example", "206-555-0110 x204"),
]


def row(claim, policy, received, due, region, services, priority, loss, budget, carrier, adjuster,
        claimant, dob, cphone, gender, plate=None, make=None, year=None, color=None, notes=None,
        country=None, overrides=None):
    name, address, city, state, zipcode = CARRIERS[carrier]
    # Granite State's portal spells the country out as "USA" (the tool turns it into the code US).
    country = country or ("USA" if carrier == 1 else "US")
    first, last, email, phone = ADJUSTERS[adjuster]
    cells = [claim, policy, received, due, region, services, priority, loss, budget, name, address, city,
             state, zipcode, country, first, last, email, phone, claimant, dob, cphone, gender, plate,
             make, year, color, notes]
    for header, value in (overrides or {}).items():
        cells[HEADERS.index(header)] = value
    return cells


ROWS = [
    row("0045123", "AMP-778812", "D:2026-11-02", "11/16/2026", "Mountain West", "Surveillance; Social Media Search", "Rush", "10/28/2026", "$1,500.00", 0, 0, "Garcia, Maria L.", "4/12/1979", "(720) 555-0187", "Female", "ABC1234", "Toyota", 2019, "Silver", "Claimant reports back injury.\r\nAvoid weekends."),
    row("0045124", "AMP-778813", "D:2026-11-02", "11/20/2026", "mountain west ", "Surveillance", "", "10/30/2026", "$2,250.00", 0, 0, "Tom Becker", "7/3/1985", None, "Male"),
    row("0045125", "AMP-778820", "11/3/2026", "11/17/2026", "SOUTHWEST", "Background Investigation;Skip Trace", "Std", "9/14/2026", "750", 0, 1, "Nguyen, Anh", "12/1/1990", "480-555-0133", "Female", "7KDL229", "Honda", 2021, "Blue"),
    row("GS-20981", "GS-P-5521", "D:2026-11-03", None, "Northeast", "Recorded Statement", "Urgent", "10/1/2026", "$980.50", 1, 1, "O\u2019Brien, Patrick J.", "2/28/1972", "603-555-0171", "Male", None, None, None, None, "Statement only \u2013 no surveillance."),
    row("GS-20982", "GS-P-5522", "11/4/2026", "11/18/2026", " Northeast", "Surveillance; Neighborhood Canvass", "Rush", "10/15/2026", "$3,000", 1, 1, "Lisa Marie Carter", None, None, "Female", "NH 4421", "Subaru", 2017, "Green"),
    row("PS-771002", "PSI-88120", "D:2026-11-04", "11/25/2026", "Pacific Northwest", "Surveillance", "Std", "10/20/2026", "$1,200.00", 2, 2, "Kowalski, Adam", "5/19/1968", "206-555-0144", "Male", "BXT4471", "Ford", 2015, "Black"),
    row("PS-771003", "PSI-88121", "D:2026-11-05", "11/26/2026", "pacific northwest", "Social Media Search", "", "11/1/2026", None, 2, 2, "Chen, Wei", "9/9/1995", None, "Unknown"),
    row("0045126", "AMP-778830", "D:2026-11-05", "11/19/2026", "Mountain West", "Surveillance;Recorded Statement", "Urgent", "10/29/2026", "$1,500.00", 0, 0, "Jackson, Robert", "1/30/1960", "(303) 555-0109", "Male", "CO-882KJ", "Chevrolet", 2012, "White", "Rush per adjuster \u201cASAP\u201d"),
    row("0045127", "AMP-778831", "D:2026-11-06", "11/20/2026", "Midwest", "Skip Trace", "Std", "10/2/2026", "$400.00", 0, 0, "Emily Rose Stanton", "3/15/1988", None, "Female"),
    row("0045128", "AMP-778832", "11/6/2026", "11/21/2026", "Southeast", "Surveillance", "Rush", "10/5/2026", "$2,000.00", 0, 0, "Harris, Darnell", "8/22/1979", "404-555-0166", "Male", "GA77310", "Dodge", 2020, "Red"),
    row("GS-20983", "GS-P-5530", "D:2026-11-09", "11/23/2026", "Northeast", "Background Investigation", "", "9/30/2026", "$650.00", 1, 1, "Sullivan, Kate", None, "617-555-0180", "Female"),
    row("GS-20984", "GS-P-5531", "D:2026-11-09", None, "Northeast", "Surveillance; Social Media Search", "Rush", "10/12/2026", "$1,750.00", 1, 1, "Rivera, Jose", "6/6/1983", None, "Male", "MA9921", "Nissan", 2018, "Gray"),
    row("PS-771004", "PSI-88130", "D:2026-11-10", "11/30/2026", "Pacific Northwest", "Surveillance", "Urgent", "10/25/2026", "$2,500.00", 2, 2, "Anderson, Karl", "11/11/1970", "253-555-0191", "Male"),
    row("PS-771005", "PSI-88131", "11/10/2026", "12/1/2026", "Southwest", "Recorded Statement", "Std", "10/26/2026", "$300", 2, 2, "Patel, Ravi", "2/2/1992", None, "Male"),
    row("0045129", "AMP-778840", "D:2026-11-11", "11/25/2026", "Mountain West", "Neighborhood Canvass", "", "10/18/2026", "$500.00", 0, 0, "Lopez, Carmen", "10/10/1975", "720-555-0155", "Female", "DEN5512", "Jeep", 2016, "Other"),
    row("0045130", "AMP-778841", "D:2026-11-12", "11/26/2026", "Mountain West", "Surveillance", "Rush", "11/1/2026", "$1,500.00", 0, 0, "Young, Brian", "4/4/1981", None, "Male"),
    row("GS-20985", "GS-P-5540", "D:2026-11-12", "11/27/2026", "Northeast", "Skip Trace", "Std", "8/30/2026", "$450.00", 1, 1, "Murphy, Sean", "12/24/1966", None, "Male"),
    row("PS-771006", "PSI-88140", "D:2026-11-13", "12/2/2026", "Pacific Northwest", "Surveillance; Neighborhood Canvass", "Urgent", "10/31/2026", "$2,800.00", 2, 2, "Kim, Soo-Jin", "7/17/1994", "206-555-0120", "Female", "WA-BQT88", "Hyundai", 2022, "White"),
    row("0045131", "AMP-778850", "D:2026-11-16", "11/30/2026", "Midwest", "Background Investigation", "", "10/8/2026", "$600.00", 0, 0, "Walker, Ann", "1/1/1959", None, "Female"),
]

# The bad rows: (what is wrong, the row as built). Exactly one error each.
BAD = [
    ("Adjuster Email 'bob@' is not an email address", row("0045140", "AMP-778860", "D:2026-11-16", "12/1/2026", "Mountain West", "Surveillance", "Rush", "10/9/2026", "$1,000.00", 0, 0, "Reed, Hannah", "5/5/1990", None, "Female", overrides={"Adjuster Email": "bob@"})),
    ("Region 'Mtn West' is not a region of the account", row("0045141", "AMP-778861", "D:2026-11-16", "12/1/2026", "Mtn West", "Surveillance", "", "10/10/2026", "$1,000.00", 0, 0, "Price, Owen", "6/7/1987", None, "Male")),
    ("Date Received '2/30/2026' is not a date that exists", row("0045142", "AMP-778862", "2/30/2026", "12/2/2026", "Mountain West", "Surveillance", "Std", "10/11/2026", "$1,000.00", 0, 0, "Ward, Julia", "7/8/1991", None, "Female")),
    ("Adjuster Last is empty (contact last_name is required)", row("GS-20990", "GS-P-5550", "D:2026-11-17", "12/3/2026", "Northeast", "Surveillance", "Rush", "10/12/2026", "$1,000.00", 1, 1, "Hughes, Ian", "8/9/1977", None, "Male", overrides={"Adjuster Last": None})),
    ("Carrier State 'Colorado' is not a 2-character state code", row("0045143", "AMP-778863", "D:2026-11-17", "12/3/2026", "Mountain West", "Skip Trace", "", "10/13/2026", "$1,000.00", 0, 0, "Foster, Gail", "9/10/1969", None, "Female", overrides={"Carrier State": "Colorado"})),
    ("Country 'Canda' (a typo) is not a country", row("PS-771010", "PSI-88150", "D:2026-11-18", "12/4/2026", "Pacific Northwest", "Surveillance", "Std", "10/14/2026", "$1,000.00", 2, 2, "Grant, Leo", "10/11/1984", None, "Male", country="Canda")),
    ("Priority 'ASAP' is not one of the field's choices", row("0045144", "AMP-778864", "D:2026-11-18", "12/4/2026", "Mountain West", "Surveillance", "ASAP", "10/15/2026", "$1,000.00", 0, 0, "Bishop, Nora", "11/12/1993", None, "Female")),
    ("Services 'Hypnosis' is not a service of the account", row("GS-20991", "GS-P-5551", "D:2026-11-19", "12/5/2026", "Northeast", "Surveillance; Hypnosis", "Rush", "10/16/2026", "$1,000.00", 1, 1, "Lambert, Paul", "12/13/1980", None, "Male")),
    ("Budget '$1,5OO.00' (letter O) is not a number", row("0045145", "AMP-778865", "D:2026-11-19", "12/5/2026", "Midwest", "Surveillance", "", "10/17/2026", "$1,5OO.00", 0, 0, "Mason, Ruth", "1/14/1976", None, "Female")),
    ("Claimant is empty though the claimant group has a DOB (Name is required)", row("PS-771011", "PSI-88151", "D:2026-11-20", "12/6/2026", "Pacific Northwest", "Social Media Search", "Std", "10/18/2026", "$1,000.00", 2, 2, None, "2/15/1982", "206-555-0177", None)),
    ("Vehicle Year 'nineteen' is not a number", row("0045146", "AMP-778866", "D:2026-11-20", "12/6/2026", "Southwest", "Surveillance", "Urgent", "10/19/2026", "$1,000.00", 0, 0, "Cole, Victor", "3/16/1974", None, "Male", "AZ-TRK11", "Ford", "nineteen", "Red")),
]

# Interleave the bad rows among the good ones, as they would arrive.
ORDER = []
good = list(ROWS)
bad = [cells for _, cells in BAD]
while good or bad:
    ORDER.extend(good[:2])
    good = good[2:]
    if bad:
        ORDER.append(bad.pop(0))

TITLE = ["Acme Mutual / Granite State / Pacific Shield \u2014 Open SIU Referrals", "Exported 11/20/2026 8:14 AM by claims-portal v3.2"]
HEADER_ROW = len(TITLE) + 2  # the title block, one blank row, then the header


def cell_xml(value):
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, str) and value.startswith("D:"):
        iso = value[2:]
        m, d, y = iso[5:7], iso[8:10], iso[0:4]
        return f'<table:table-cell office:value-type="date" office:date-value="{iso}" table:style-name="date"><text:p>{int(m)}/{int(d)}/{y}</text:p></table:table-cell>'
    if isinstance(value, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    lines = value.replace("\r\n", "\n").split("\n")
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in lines)
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def fods():
    rows = [[TITLE[0]], [TITLE[1]], []] + [HEADERS] + ORDER
    body = "".join("<table:table-row>" + "".join(cell_xml(v) for v in r) + "</table:table-row>" for r in rows)
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:styles>
 <number:date-style style:name="mdy"><number:month/><number:text>/</number:text><number:day/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="date" style:family="table-cell" style:data-style-name="mdy"/>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Referrals">{body}</table:table></office:spreadsheet></office:body>
</office:document>
'''


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = os.path.join(root, "samples", "referrals-messy.xlsx")
    with tempfile.TemporaryDirectory() as work:
        src = os.path.join(work, "referrals-messy.fods")
        with open(src, "w", encoding="utf-8") as handle:
            handle.write(fods())
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile",
                        "--convert-to", "xlsx", "--outdir", work, src], check=True, capture_output=True)
        shutil.copyfile(os.path.join(work, "referrals-messy.xlsx"), out)
    for index, cells in enumerate(ORDER):
        for reason, bad_cells in BAD:
            if bad_cells is cells:
                print(f"row {HEADER_ROW + 1 + index}: {reason}", file=sys.stderr)
    print(out)


if __name__ == "__main__":
    main()
