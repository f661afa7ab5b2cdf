/**
 * Countries for client.country, COUNTRY fields and ADDRESS countries. The API takes 2-letter ISO 3166
 * codes (seed; API-NOTES). Clerks type "USA" or "Canada", so a name is turned into its code, but only
 * when exactly one country goes by it (English names from the runtime's ICU data plus a few common
 * aliases); anything else is an error, never a guess.
 */
const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
  'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR ' +
  'MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO ' +
  'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV ' +
  'TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW';

export const COUNTRY_CODES: ReadonlySet<string> = new Set(CODES.split(' '));

const ALIASES: Record<string, string> = {
  usa: 'US',
  us: 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'great britain': 'GB',
  britain: 'GB',
  'czech republic': 'CZ',
  turkey: 'TR',
  'ivory coast': 'CI',
  burma: 'MM',
  holland: 'NL',
  'south korea': 'KR',
  'north korea': 'KP',
  russia: 'RU',
  vietnam: 'VN',
};

let byName: Map<string, string | null> | undefined;

function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'.]/g, '')
    .replace(/&/g, 'and')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Built on first use: about 250 codes, a few names each. A name shared by two codes maps to null. */
function names(): Map<string, string | null> {
  if (byName) return byName;
  byName = new Map();
  const add = (name: string, code: string): void => {
    const key = normalise(name);
    const known = byName!.get(key);
    byName!.set(key, known === undefined || known === code ? code : null);
  };
  for (const style of ['long', 'short'] as const) {
    const display = new Intl.DisplayNames(['en'], { type: 'region', style });
    for (const code of COUNTRY_CODES) {
      const name = display.of(code);
      if (!name || name === code) continue;
      add(name, code);
      // "Myanmar (Burma)" → "Myanmar"; "Congo - Kinshasa" → "Congo" (ambiguous with Brazzaville, so null).
      const bare = name.replace(/\s*\(.*\)$/, '').split(' - ')[0];
      if (bare && bare !== name) add(bare, code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) byName.set(alias, code);
  return byName;
}

/** The ISO code for a code (any case) or an unambiguous country name; null when there is none. */
export function countryCode(text: string): string | null {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (upper.length === 2 && COUNTRY_CODES.has(upper)) return upper;
  return names().get(normalise(trimmed)) ?? null;
}
