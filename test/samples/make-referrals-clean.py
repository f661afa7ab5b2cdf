#!/usr/bin/env python3
"""Writes samples/referrals-clean.csv with Python's csv module (CRLF rows, UTF-8 with a BOM, as Excel
saves "CSV UTF-8"): ten referrals in the layout of referrals-messy.xlsx, all valid against the demo
account with samples/referrals-template.json.

    python3 test/samples/make-referrals-clean.py
"""
import csv
import os
import importlib.util

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("messy", os.path.join(here, "make-referrals-messy.py"))
messy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(messy)

ROWS = [
    messy.row("0046001", "AMP-779001", "11/23/2026", "12/7/2026", "Mountain West", "Surveillance; Social Media Search", "Rush", "11/15/2026", "$1,500.00", 0, 0, "Alvarez, Sofia", "3/3/1986", "(720) 555-0101", "Female", "CO-77AB1", "Toyota", 2020, "Silver", "Back injury claimed.\r\nCheck gym visits."),
    messy.row("0046002", "AMP-779002", "11/23/2026", "12/7/2026", "Midwest", "Skip Trace", "Std", "11/2/2026", "$400.00", 0, 0, "Brooks, Terrence", "9/21/1977", None, "Male"),
    messy.row("GS-21001", "GS-P-6001", "11/23/2026", "", "Northeast", "Recorded Statement", "", "10/30/2026", "$950", 1, 1, "Catherine Doyle", "12/5/1964", "603-555-0102", "Female"),
    messy.row("GS-21002", "GS-P-6002", "11/24/2026", "12/8/2026", "northeast", "Surveillance;Neighborhood Canvass", "Urgent", "11/10/2026", "$2,400.00", 1, 1, "Evans, Marcus T.", "6/30/1990", None, "Male", "NH-5521", "Subaru", 2018, "Blue"),
    messy.row("PS-772001", "PSI-89001", "11/24/2026", "12/9/2026", "Pacific Northwest", "Surveillance", "Rush", "11/18/2026", "$1,800.00", 2, 2, "Fujimoto, Ken", "1/9/1983", "206-555-0103", "Male", "WA-KF883", "Honda", 2021, "Gray"),
    messy.row("PS-772002", "PSI-89002", "11/25/2026", "12/10/2026", "Southwest", "Background Investigation", "Std", "11/1/2026", "$700.00", 2, 2, "Gomez, Ana", "4/17/1995", None, "Female"),
    messy.row("0046003", "AMP-779003", "11/25/2026", "12/9/2026", "Southeast", "Surveillance", "", "11/12/2026", "$1,250.00", 0, 0, "Howard, James", "8/8/1972", "404-555-0104", "Male", "GA-JH221", "Ford", 2016, "Black"),
    messy.row("0046004", "AMP-779004", "11/26/2026", "12/10/2026", "Mountain West", "Social Media Search", "Std", "11/20/2026", "$300", 0, 0, "Irwin, Beth", "2/14/1999", None, "Female"),
    messy.row("GS-21003", "GS-P-6003", "11/27/2026", "12/11/2026", "Northeast", "Skip Trace", "Rush", "11/3/2026", "$500.00", 1, 1, "Jensen, Nils", "10/1/1969", None, "Male"),
    messy.row("PS-772003", "PSI-89003", "11/27/2026", "12/14/2026", "Pacific Northwest", "Surveillance; Recorded Statement", "Urgent", "11/21/2026", "$2,200.00", 2, 2, "Khan, Amir", "5/25/1980", "253-555-0105", "Male", "WA-AK009", "Tesla", 2023, "White"),
]

out = os.path.join(os.path.dirname(os.path.dirname(here)), "samples", "referrals-clean.csv")
with open(out, "w", encoding="utf-8-sig", newline="") as handle:
    writer = csv.writer(handle)
    writer.writerow(messy.HEADERS)
    for cells in ROWS:
        writer.writerow(["" if value is None else value for value in cells])
print(out)
