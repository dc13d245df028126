// A census-like synthetic dataset with the character of ARX's "adult" set (UCI census income, 30,162 complete
// records): the same nine quasi-identifiers, value domains and ARX's hierarchies (heights 5·2·2·3·4·3·3·3·2),
// marginal frequencies close to the real set's and a few of its correlations (marital status with age, income
// with education, marital status and sex). Generated from a seed: nothing is copied from the real data. Used by
// the k-anonymity tests (with reference results computed by ARX) and the bench when ARX's own data is absent.
import { rng } from './synthetic';
import type { QuasiIdentifier } from './hierarchy';

type Weighted = ReadonlyArray<readonly [string, number]>;
const EDUCATION: Weighted = [['HS-grad', 9840], ['Some-college', 6678], ['Bachelors', 5044], ['Masters', 1627], ['Assoc-voc', 1307],
  ['11th', 1048], ['Assoc-acdm', 1008], ['10th', 820], ['7th-8th', 557], ['Prof-school', 542], ['9th', 455], ['12th', 377],
  ['Doctorate', 375], ['5th-6th', 288], ['1st-4th', 151], ['Preschool', 45]];
const WORKCLASS: Weighted = [['Private', 22286], ['Self-emp-not-inc', 2499], ['Local-gov', 2067], ['State-gov', 1279],
  ['Self-emp-inc', 1074], ['Federal-gov', 943], ['Without-pay', 14]];
const OCCUPATION: Weighted = [['Prof-specialty', 4038], ['Craft-repair', 4030], ['Exec-managerial', 3992], ['Adm-clerical', 3721],
  ['Sales', 3584], ['Other-service', 3212], ['Machine-op-inspct', 1966], ['Transport-moving', 1572], ['Handlers-cleaners', 1350],
  ['Farming-fishing', 989], ['Tech-support', 912], ['Protective-serv', 644], ['Priv-house-serv', 143], ['Armed-Forces', 9]];
const RACE: Weighted = [['White', 25933], ['Black', 2817], ['Asian-Pac-Islander', 895], ['Amer-Indian-Eskimo', 286], ['Other', 231]];
const COUNTRY: Weighted = [['United-States', 27504], ['Mexico', 610], ['Philippines', 188], ['Germany', 128], ['Puerto-Rico', 109],
  ['Canada', 107], ['India', 100], ['El-Salvador', 100], ['Cuba', 92], ['England', 86], ['Jamaica', 80], ['South', 71], ['China', 68],
  ['Italy', 68], ['Dominican-Republic', 67], ['Vietnam', 64], ['Guatemala', 63], ['Japan', 59], ['Poland', 56], ['Columbia', 56],
  ['Iran', 42], ['Taiwan', 42], ['Haiti', 42], ['Portugal', 34], ['Nicaragua', 33], ['Peru', 30], ['Greece', 29], ['France', 27],
  ['Ecuador', 27], ['Ireland', 24], ['Hong', 19], ['Cambodia', 18], ['Trinadad&Tobago', 18], ['Laos', 17], ['Thailand', 17],
  ['Yugoslavia', 16], ['Outlying-US(Guam-USVI-etc)', 14], ['Hungary', 13], ['Honduras', 12], ['Scotland', 11], ['Holand-Netherlands', 1]];
const MARRIED_ADULT: Weighted = [['Married-civ-spouse', 5300], ['Never-married', 2000], ['Divorced', 1650], ['Separated', 330],
  ['Widowed', 300], ['Married-spouse-absent', 130], ['Married-AF-spouse', 8]];
const MARRIED_YOUNG: Weighted = [['Never-married', 880], ['Married-civ-spouse', 90], ['Divorced', 12], ['Separated', 10],
  ['Married-spouse-absent', 6], ['Married-AF-spouse', 2]];
const MARRIED_OLD: Weighted = [['Married-civ-spouse', 560], ['Widowed', 230], ['Divorced', 120], ['Never-married', 50],
  ['Separated', 20], ['Married-spouse-absent', 20]];
// age bands of five years from 17 (17-19, 20-24, …, 85-90) with their share
const AGE_BANDS: ReadonlyArray<readonly [number, number, number]> = [[17, 19, 45], [20, 24, 95], [25, 29, 120], [30, 34, 130],
  [35, 39, 130], [40, 44, 120], [45, 49, 105], [50, 54, 80], [55, 59, 60], [60, 64, 45], [65, 69, 25], [70, 74, 12], [75, 79, 6],
  [80, 90, 4]];

/** ARX's hierarchies for the adult set (adult_hierarchy_*.csv). */
export const CENSUS_TABLES: Record<string, Record<string, string[]>> = {
  education: Object.fromEntries(EDUCATION.map(([v]) => [v,
    ['Bachelors', 'Some-college'].includes(v) ? ['Undergraduate', 'Higher education']
      : ['Prof-school', 'Assoc-acdm', 'Assoc-voc'].includes(v) ? ['Professional Education', 'Higher education']
        : ['Masters', 'Doctorate'].includes(v) ? ['Graduate', 'Higher education']
          : ['1st-4th', '5th-6th', 'Preschool'].includes(v) ? ['Primary School', 'Primary education'] : ['High School', 'Secondary education']])),
  'marital-status': Object.fromEntries(MARRIED_ADULT.map(([v]) => [v, [v === 'Married-civ-spouse' || v === 'Married-AF-spouse' ? 'spouse present' : 'spouse not present']])),
  'native-country': Object.fromEntries(COUNTRY.map(([v]) => [v, [
    ['United-States', 'Puerto-Rico', 'Canada', 'Outlying-US(Guam-USVI-etc)', 'Cuba', 'Honduras', 'Jamaica', 'Mexico', 'Dominican-Republic',
      'Haiti', 'Guatemala', 'El-Salvador'].includes(v) ? 'North America'
      : ['Cambodia', 'India', 'Japan', 'China', 'Iran', 'Philippines', 'Vietnam', 'Laos', 'Taiwan', 'Thailand', 'Hong'].includes(v) ? 'Asia'
        : ['Ecuador', 'Columbia', 'Nicaragua', 'Trinadad&Tobago', 'Peru'].includes(v) ? 'South America' : v === 'South' ? 'Africa' : 'Europe']])),
  workclass: Object.fromEntries(WORKCLASS.map(([v]) => [v, [v.endsWith('-gov') ? 'Government' : v === 'Without-pay' ? 'Unemployed' : 'Non-Government']])),
  occupation: Object.fromEntries(OCCUPATION.map(([v]) => [v, [
    ['Tech-support', 'Craft-repair', 'Prof-specialty', 'Machine-op-inspct'].includes(v) ? 'Technical'
      : ['Sales', 'Exec-managerial', 'Handlers-cleaners'].includes(v) ? 'Nontechnical' : 'Other']])),
};

/** The adult set's nine quasi-identifiers with ARX's hierarchies (lattice 5·2·2·3·4·3·3·3·2 = 12,960). */
export const CENSUS_QIS: QuasiIdentifier[] = [
  { field: 'age', hierarchy: 'numeric', widths: [5, 10, 20], topCode: 0 },
  { field: 'sex', hierarchy: 'category' },
  { field: 'race', hierarchy: 'category' },
  { field: 'marital-status', hierarchy: 'table', table: CENSUS_TABLES['marital-status'] },
  { field: 'education', hierarchy: 'table', table: CENSUS_TABLES.education },
  { field: 'native-country', hierarchy: 'table', table: CENSUS_TABLES['native-country'] },
  { field: 'workclass', hierarchy: 'table', table: CENSUS_TABLES.workclass },
  { field: 'occupation', hierarchy: 'table', table: CENSUS_TABLES.occupation },
  { field: 'salary-class', hierarchy: 'category' },
];

const ASIA = new Set(Object.entries(CENSUS_TABLES['native-country']).filter(([, g]) => g[0] === 'Asia').map(([c]) => c));
// occupation weights by sex and by education (higher / not), workclass by occupation: the strongest dependencies
const FEMALE_OCC: Record<string, number> = { 'Adm-clerical': 2, 'Other-service': 1.6, 'Priv-house-serv': 4, 'Craft-repair': 0.15,
  'Transport-moving': 0.15, 'Farming-fishing': 0.25, 'Protective-serv': 0.3, 'Armed-Forces': 0, 'Handlers-cleaners': 0.35,
  'Machine-op-inspct': 0.7 };
const HIGHER_OCC: Record<string, number> = { 'Prof-specialty': 1.8, 'Exec-managerial': 1.4, 'Handlers-cleaners': 0.3,
  'Machine-op-inspct': 0.4, 'Craft-repair': 0.6, 'Farming-fishing': 0.5, 'Other-service': 0.5 };
const OCC_WORK: Record<string, Record<string, number>> = {
  'Protective-serv': { 'Local-gov': 12, 'State-gov': 6, 'Federal-gov': 4 },
  'Prof-specialty': { 'Local-gov': 2.5, 'State-gov': 2.5, 'Self-emp-not-inc': 1.5 },
  'Farming-fishing': { 'Self-emp-not-inc': 6, 'Self-emp-inc': 2 },
  'Exec-managerial': { 'Self-emp-inc': 3 },
};
const reweight = (w: Weighted, f: Record<string, number> | undefined): Weighted => (f ? w.map(([v, x]) => [v, x * (f[v] ?? 1)] as const) : w);

/** `count` census-like records (seeded). */
export function censusLikeRecords(count = 30_162, seed = 1994): Array<Record<string, unknown>> {
  const r = rng(seed);
  const pick = (w: Weighted): string => {
    let total = 0;
    for (const [, x] of w) total += x;
    let u = r() * total;
    for (const [v, x] of w) { u -= x; if (u < 0) return v; }
    return w[w.length - 1][0];
  };
  const bands: Weighted = AGE_BANDS.map(([, , x], i) => [String(i), x]);
  const occByGroup = new Map<string, Weighted>();
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const [lo, hi] = AGE_BANDS[Number(pick(bands))];
    const age = lo + Math.floor(r() * (hi - lo + 1));
    const male = r() < 0.676;
    const education = pick(EDUCATION);
    const marital = pick(age < 25 ? MARRIED_YOUNG : age >= 65 ? MARRIED_OLD : MARRIED_ADULT);
    const higher = CENSUS_TABLES.education[education][1] === 'Higher education';
    const country = pick(COUNTRY);
    const race = ASIA.has(country) && r() < 0.85 ? 'Asian-Pac-Islander'
      : ['Jamaica', 'Haiti', 'Trinadad&Tobago'].includes(country) && r() < 0.8 ? 'Black' : pick(RACE);
    const group = `${male ? 'm' : 'f'}${higher ? 'h' : 'o'}`;
    if (!occByGroup.has(group)) occByGroup.set(group, reweight(reweight(OCCUPATION, male ? undefined : FEMALE_OCC), higher ? HIGHER_OCC : undefined));
    const occupation = pick(occByGroup.get(group)!);
    const p = 0.04 + (marital === 'Married-civ-spouse' ? 0.3 : 0) + (higher ? 0.17 : 0) + (male ? 0.05 : 0) + (age >= 30 && age < 60 ? 0.05 : 0);
    out.push({ age, sex: male ? 'Male' : 'Female', race, 'marital-status': marital, education, 'native-country': country,
      workclass: pick(reweight(WORKCLASS, OCC_WORK[occupation])), occupation, 'salary-class': r() < p ? '>50K' : '<=50K' });
  }
  return out;
}

