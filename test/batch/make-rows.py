# Writes N referral rows shaped like samples/referrals-clean.csv with Python's csv module (a real
# writer, not ours): row i gets Claim # PREFIX-i, Carrier City CITY-i and Instructions NOTE-i; every
# row whose index is in BAD gets the email 'not-an-email' (invalid, must never be sent).
# With BLANK_COLUMN set in the environment, bad rows get that column (or those columns, separated by
# '|') emptied instead.
# usage: make-rows.py OUT N PREFIX BAD(comma list or -) [CITY] [NOTE]
import csv, os, sys

out, count, prefix, bad = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
city = sys.argv[5] if len(sys.argv) > 5 else 'Denver'
note = sys.argv[6] if len(sys.argv) > 6 else 'Check gym visits'
bad_rows = set() if bad == '-' else {int(x) for x in bad.split(',')}
with open(__file__.replace('test/batch/make-rows.py', 'samples/referrals-clean.csv'), encoding='utf-8-sig', newline='') as f:
    reader = csv.DictReader(f)
    template = next(reader)
    headers = reader.fieldnames
with open(out, 'w', encoding='utf-8', newline='') as f:
    writer = csv.DictWriter(f, fieldnames=headers)
    writer.writeheader()
    for i in range(count):
        row = dict(template)
        row['Claim #'] = f'{prefix}-{i:04d}'
        row['Carrier City'] = f'{city} {i}'
        row['Instructions'] = f'{note} {i}'
        if i in bad_rows and os.environ.get('BLANK_COLUMN'):
            for column in os.environ['BLANK_COLUMN'].split('|'):
                row[column] = ''
        elif i in bad_rows:
            row['Adjuster Email'] = 'not-an-email'
        writer.writerow(row)
