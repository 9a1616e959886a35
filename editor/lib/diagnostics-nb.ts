/**
 * The engine's rule-file diagnostics in Norwegian, for the officers' pages and the YAML editor.
 * The engine writes them in English (for integrators and the command line); here each code gets a
 * Norwegian sentence, and the messages an officer meets most (dates, overlaps, gaps, amounts,
 * unknown or missing fields) are translated with their figures. No imports: client and server.
 */
const CODE_TEXT: Record<string, string> = {
  YAML_SYNTAX: 'Feil i YAML-syntaksen',
  YAML_ALIASES: 'For mange YAML-aliaser',
  FILE_TOO_LARGE: 'Filen er for stor',
  UNKNOWN_FILE_KIND: 'Filen ligger et sted der regelsettet ikke leser den',
  SCHEMA: 'Feltet har feil form',
  UNKNOWN_PROPERTY: 'Ukjent felt',
  INVALID_PERIOD: 'Perioden slutter før den begynner',
  UNORDERED_PERIODS: 'Verdiene står ikke i datorekkefølge',
  OVERLAPPING_PERIODS: 'Periodene overlapper',
  GAP_IN_SERIES: 'Hull i serien',
  GAP_OVERLAPS_VALUE: 'Et erklært hull dekker dager som har en verdi',
  UNKNOWN_REFERENCE: 'Henvisning til en regel som ikke finnes',
  WRONG_REFERENCE_KIND: 'Henvisning til feil slags regel',
  REQUIRED_RULE_MISSING: 'En regel motoren trenger, mangler',
  FRACTION_OUT_OF_RANGE: 'Brøken er utenfor 0–1',
  UNKNOWN_CHOICE: 'Ukjent valg',
  UNSUPPORTED_CHOICE: 'Motoren kan ikke bruke dette valget',
  INVALID_SCALE: 'Feil i tabellen',
  DUPLICATE_ID: 'Samme id er brukt to ganger',
  RULES_NOT_REVIEWED: 'Reglene er ikke gjennomgått for datoen',
  UNPRINTABLE_TEXT: 'Et tegn PDF-brevet ikke kan skrive',
};

const d = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : iso);
const ISO = '(\\d{4}-\\d{2}-\\d{2})';

const FIELD_TEXT: Record<string, string> = { valid_from: 'gyldig fra', valid_to: 'gyldig til', value: 'verdien', hjemmel: 'hjemmel', source: 'kilden', status: 'status', description: 'beskrivelsen', unit: 'enheten', values: 'verdiene', title: 'tittelen' };
const field = (name: string) => {
  const last = name.split(/[ /]/).filter(Boolean).pop() ?? name;
  return FIELD_TEXT[last] ?? name;
};

const PRINTED_NB: Record<string, string> = { title: 'tittelen', hjemmel: 'hjemmelen', label: 'ledeteksten', text: 'teksten' };

const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  // Before the rules for what a field must be: in YAML, a key with nothing after its colon.
  [/^(.*?) has no value \(null\); it (must be .+)$/, (m) => `${field(m[1]!) === 'verdien' ? 'verdien mangler' : `${field(m[1]!)} har ingen verdi`}: skriv den etter kolonet${formHint(m[1]!, m[2]!)}`],
  [new RegExp(`^valid from ${ISO} overlaps the value at line (\\d+), which applies from ${ISO} to (.+)$`), (m) => `verdien fra ${d(m[1]!)} overlapper verdien på linje ${m[2]}, som gjelder fra ${d(m[3]!)} til ${m[4] === 'further notice' ? 'videre' : d(m[4]!)}`],
  [new RegExp(`^no value from ${ISO} to ${ISO}: .*$`), (m) => `ingen verdi fra ${d(m[1]!)} til ${d(m[2]!)}; serien må være sammenhengende: legg til verdien som mangler, eller erklær hullet under gaps med begrunnelse`],
  [new RegExp(`^values must be in date order: valid_from ${ISO} comes after ${ISO} \\(line (\\d+)\\)$`), (m) => `verdiene må stå i datorekkefølge: ${d(m[1]!)} står etter ${d(m[2]!)} (linje ${m[3]})`],
  [new RegExp(`^valid_to (.+) is before valid_from ${ISO}$`), (m) => `gyldig til (${d(m[1]!)}) er før gyldig fra (${d(m[2]!)})`],
  [/^(.*) must be a date \(YYYY-MM-DD\) from 1900 on(?: \((.+)\))?$/, (m) => `${field(m[1]!)} må være en dato (ÅÅÅÅ-MM-DD) fra 1900 eller senere${m[2] ? ` (${dateReasonText(m[2])})` : ''}`],
  [/^(.*?) must be an amount in kroner[^;]*(?:; (.+))?$/, (m) => `${field(m[1]!)} må være et beløp i kroner med høyst to desimaler, aldri negativt (for eksempel "1250.00")${m[2] ? `; ${amountReasonText(m[2])}` : ''}`],
  [/^(.*?) must be a percentage as a decimal string[^;]*(?:; (.+))?$/, (m) => `${field(m[1]!)} må være en prosentsats med punktum, i anførselstegn (for eksempel "12.25")${m[2] ? `; ${amountReasonText(m[2])}` : ''}`],
  [/^(.*?) must be a fraction \("1\/20"\) or a decimal \("0\.05"\)(?:; (.+))?$/, (m) => `${field(m[1]!)} må være en brøk ("1/20") eller et desimaltall med punktum ("0.05"), i anførselstegn${m[2] ? `; ${amountReasonText(m[2])}` : ''}`],
  [/^(.*?) must be a decimal number as a string[^;]*(?:; (.+))?$/, (m) => `${field(m[1]!)} må være et desimaltall med punktum, i anførselstegn (for eksempel "1.5")${m[2] ? `; ${amountReasonText(m[2])}` : ''}`],
  [/^unknown property '([^']+)'(?: \(allowed: ([^;)]*)(?:; did you mean '([^']+)'\?)?\))?$/, (m) => `ukjent felt «${m[1]}»${m[3] ? `; mente du «${m[3]}»?` : ''}${m[2] ? ` (tillatt: ${m[2]})` : ''}`],
  [/^(.*?) ?is missing required property '([^']+)'$/, (m) => `${m[1] && m[1] !== 'missing' ? `${field(m[1])} mangler` : 'mangler'} feltet «${m[2]}»`],
  [/^missing required property '([^']+)'$/, (m) => `feltet «${m[1]}» mangler`],
  [/^(.*?) ?must have property (\S+) when property (\S+) is present$/, (m) => `${m[1] ? `${field(m[1])}: ` : ''}feltet «${m[3]}» kan bare brukes sammen med «${m[2]}»`],
  [/^(.*) must be one of (.+)$/, (m) => `${field(m[1]!)} må være en av ${m[2]!.replace(/; did you mean/, '; mente du')}`],
  [/^(.*) must be a whole number$/, (m) => `${field(m[1]!)} må være et helt tall`],
  [/^(.*) must be lower-case letters, digits and _, starting with a letter/, (m) => `${field(m[1]!)} må være små bokstaver, sifre og _, og begynne med en bokstav`],
  [/^(.*) must be a string$/, (m) => `${field(m[1]!)} må være tekst`],
  [/^(.*) must not be shorter than (\d+) characters$/, (m) => `${field(m[1]!)} må ha minst ${m[2]} tegn`],
  [/^(.*) must not be empty$/, (m) => `${field(m[1]!)} må fylles ut`],
  [/^(.*)'([^']+)' does not exist \(there is no (.+) under parameters\/ or policies\/\)$/, (m) => `«${m[2]}» finnes ikke (det er ingen ${m[3]} under parameters/ eller policies/)`],
  [/^the message names \{([^}]+)\}, which this finding does not have \((.*); a parameter is named by its id\)$/, (m) => `meldingen bruker {${m[1]}}, som dette bruddet ikke har (${m[2] === 'it has no figures' ? 'det har ingen tall' : `det har ${m[2]}`}; en parameter skrives med sin id, for eksempel {frister.frist-for-nytt-gebyr})`],
  [/^the message names '([^']+)', a scale; .*$/, (m) => `meldingen bruker «${m[1]}», som er en tabell; en melding kan bare oppgi én verdi`],
  [/^the file is empty$/, () => 'filen er tom'],
  [/^the fraction (.+) is outside 0\.\.1$/, (m) => `brøken ${m[1]} er utenfor 0–1`],
  [/^the PDF cannot print "(.+)" \((U\+[0-9A-F]+)\) in the (letter|field)'s (title|hjemmel|label|text): (it is written right to left)?.*$/u, (m) => `PDF-brevet kan ikke skrive «${m[1]}» (${m[2]}) i ${PRINTED_NB[m[4]!]} ${m[3] === 'letter' ? 'til brevet' : 'til feltet'}: ${m[5] ? 'tegnet skrives fra høyre mot venstre, og det kan ikke PDF-en' : 'skriftene PDF-en kan bygge inn, har det ikke'}; alle PDF-er av dette brevet vil bli avvist (HTML-brevet har tegnet)`],
];

/** The yaml parser's messages (in English) that an officer typing YAML meets. */
const YAML_TEXT: [string, string][] = [
  ['Nested mappings are not allowed in compact mappings', 'et oppslag kan ikke stå inne i et annet på samme linje (bruk en ny linje med innrykk)'],
  ['Map keys must be unique', 'samme nøkkel står to ganger i samme oppslag'],
  ['All mapping items must start at the same column', 'alle nøklene i et oppslag må begynne i samme kolonne'],
  ['All collection items must start at the same column', 'alle elementene i en liste må begynne i samme kolonne'],
  ['Implicit keys need to be on a single line', 'en nøkkel må stå på én linje'],
  ['Implicit map keys need to be followed by map values', 'en nøkkel må følges av kolon og en verdi'],
  ['Implicit map keys need to be on a single line', 'en nøkkel må stå på én linje'],
  ['Missing closing "quote', 'det avsluttende anførselstegnet (") mangler'],
  ["Missing closing 'quote", "det avsluttende anførselstegnet (') mangler"],
  ['Tabs are not allowed as indentation', 'tabulator kan ikke brukes som innrykk; bruk mellomrom'],
  ['Unexpected scalar at node end', 'uventet tekst etter verdien'],
  ['Unexpected flow-seq-end', 'uventet ]'],
  ['Unexpected flow-map-end', 'uventet }'],
  ['Flow sequence in block collection must be sufficiently indented', 'listen i hakeparentes må ha mer innrykk'],
  ['Block scalars with more-indented leading empty lines', 'en tekstblokk kan ikke begynne med tomme linjer med mer innrykk'],
  ['A block sequence may not be used as an implicit map key', 'en liste kan ikke brukes som nøkkel'],
];

const MONTH_NB: Record<string, string> = {
  January: 'januar', February: 'februar', March: 'mars', April: 'april', May: 'mai', June: 'juni',
  July: 'juli', August: 'august', September: 'september', October: 'oktober', November: 'november', December: 'desember',
};

/** The engine's reason a value is no date ("February 2024 has 29 days"), in Norwegian. */
const REASONS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(\w+) (\d{4}) has (\d+) days/, (m) => `${MONTH_NB[m[1]!] ?? m[1]} ${m[2]} har ${m[3]} dager`],
  [/^there is no month (\d+)/, (m) => `det finnes ingen måned ${m[1]}`],
  [/^there is no day (\d+)/, (m) => `det finnes ingen dag ${m[1]}`],
  [new RegExp(`^${ISO} is before (\\d{4})`), (m) => `${d(m[1]!)} er før ${m[2]}`],
  [/^write (\S+) as (\S+)$/, (m) => `skriv ${m[1]} som ${m[2]}`],
  [/^write the month and the day with two digits each: (\S+)$/, (m) => `skriv måned og dag med to sifre: ${m[1]}`],
  [/^a date has no time of day or time zone; write (\S+)$/, (m) => `en dato har ikke klokkeslett eller tidssone; skriv ${m[1]}`],
  [/^a date is text: "YYYY-MM-DD", in quotes$/, () => 'en dato er tekst: "ÅÅÅÅ-MM-DD", i anførselstegn'],
];
export function dateReasonText(reason: string): string {
  for (const [re, f] of REASONS) {
    const m = re.exec(reason);
    if (m) return f(m) + (reason.endsWith(', and a date is written YYYY-MM-DD') ? ', og en dato skrives ÅÅÅÅ-MM-DD' : '');
  }
  return reason;
}

/** A value as the engine quotes it in a reason (JSON): "1 250,50". */
const QUOTED = '("(?:[^"\\\\]|\\\\.)*")';
const BINARY = 'et tall uten anførselstegn leses som en binær brøk, som kan miste øre';

/**
 * The engine's reason a value is no amount ('"1250.505" has 3 decimals'), or no percentage or
 * multiplier ('write it in quotes: "12.25"'), in Norwegian.
 */
const AMOUNT_REASONS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^write it in quotes: (.+) \(a number is read as a binary fraction, which can lose øre\)$/, (m) => `skriv det i anførselstegn: ${m[1]} (${BINARY})`],
  [/^write it in quotes, such as (.+) \(a number is read as a binary fraction, which can lose øre\)$/, (m) => `skriv det i anførselstegn, for eksempel ${m[1]} (${BINARY})`],
  [/^write it in quotes: (".+")$/, (m) => `skriv det i anførselstegn: ${m[1]}`],
  [/^write it in quotes$/, () => 'skriv det i anførselstegn'],
  [/^(-\S+) is negative, and an amount is written in quotes \(a number is read as a binary fraction, which can lose øre\)$/, (m) => `${m[1]} er negativt, og et beløp skrives i anførselstegn (${BINARY})`],
  [new RegExp(`^write ${QUOTED} as ${QUOTED}$`), (m) => `skriv ${m[1]} som ${m[2]}`],
  [new RegExp(`^${QUOTED} is negative$`), (m) => `${m[1]} er negativt`],
  [new RegExp(`^${QUOTED} has (\\d+) decimals$`), (m) => `${m[1]} har ${m[2]} desimaler`],
  [new RegExp(`^${QUOTED} is more than (\\S+)$`), (m) => `${m[1]} er mer enn ${m[2]}`],
  [new RegExp(`^${QUOTED} has a zero before the kroner$`), (m) => `${m[1]} har en null foran kronene`],
];
export function amountReasonText(reason: string): string {
  for (const [re, f] of AMOUNT_REASONS) {
    const m = re.exec(reason);
    if (m) return f(m);
  }
  return reason;
}

/**
 * What an empty date, amount, percentage or number must be written as, for the sentence that says
 * it is empty ("; den må være en dato …"); nothing for text and the other kinds, which say themselves.
 */
function formHint(name: string, must: string): string {
  if (!/^must be (a date|an amount|a percentage|a fraction|a decimal number)/.test(must)) return '';
  const said = diagnosticText('SCHEMA', `${name} ${must}`);
  const prefix = `${field(name)} må være `;
  return said.startsWith(prefix) ? `; den må være ${said.slice(prefix.length)}` : '';
}

/** A diagnostic's message in Norwegian: translated when it is one of the common ones, else the code's sentence with the engine's words. */
export function diagnosticText(code: string, message: string): string {
  for (const [re, f] of RULES) {
    const m = re.exec(message);
    if (m) return f(m);
  }
  if (code === 'YAML_SYNTAX') {
    const known = YAML_TEXT.find(([en]) => message.startsWith(en));
    return `feil i YAML: ${known ? known[1] : message}`;
  }
  const sentence = CODE_TEXT[code];
  return sentence ? `${sentence} (${message})` : message;
}
