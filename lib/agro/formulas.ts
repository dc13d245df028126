// Agronomic formulas with their sources (see docs/agro-alerts.md and ../shared domain reference §2).
// Temperatures in °C, relative humidity in %, pressures in kPa unless the name says otherwise.

/** Saturation vapour pressure e°(T) in kPa, FAO-56 eq. 11: 0.6108·exp(17.27T/(T+237.3)). */
export function saturationVapourPressure(t: number): number {
  return 0.6108 * Math.exp((17.27 * t) / (t + 237.3));
}

/** Actual vapour pressure ea = e°(T)·RH/100 in kPa (FAO-56 eq. 19 with a single RH reading). */
export function actualVapourPressure(t: number, rh: number): number {
  return saturationVapourPressure(t) * rh / 100;
}

/** Vapour pressure deficit e°(T) − ea in kPa. 20 °C / 50 % gives 1.169. */
export function vpd(t: number, rh: number): number {
  return saturationVapourPressure(t) * (1 - rh / 100);
}

/** Magnus coefficients (Alduchov & Eskridge 1996): a = 17.625, b = 243.04 °C. */
export const MAGNUS = { a: 17.625, b: 243.04 } as const;

/** Dew point in °C by the Magnus formula; NaN for RH ≤ 0. 22 °C / 78 % gives 17.98. */
export function dewPoint(t: number, rh: number): number {
  if (!(rh > 0)) return NaN;
  const { a, b } = MAGNUS;
  const g = Math.log(rh / 100) + (a * t) / (b + t);
  return (b * g) / (a - g);
}

/** Absolute humidity in g/m³: 216.74·e(hPa)/(273.15+T) with e the actual vapour pressure. */
export function absoluteHumidity(t: number, rh: number): number {
  return (216.74 * actualVapourPressure(t, rh) * 10) / (273.15 + t);
}

/** Humidity deficit 飽差 in g/m³: saturated minus actual absolute humidity. 25 °C / 60 % gives ≈ 9.2. */
export function humidityDeficit(t: number, rh: number): number {
  return absoluteHumidity(t, 100) - absoluteHumidity(t, rh);
}

/** Growing degree days of one day from its extremes: max(0, (Tmax+Tmin)/2 − base). */
export function degreeDaysMinMax(tmin: number, tmax: number, base: number): number {
  return Math.max(0, (tmax + tmin) / 2 - base);
}

/** Growing degree days of one day from its mean temperature: max(0, Tmean − base) (積算温度 uses base 0). */
export function degreeDaysMean(tmean: number, base: number): number {
  return Math.max(0, tmean - base);
}

/** Daily light integral in mol/m²/day from a mean PPFD (µmol/m²/s) over `hours`: PPFD·hours·0.0036. */
export function dli(meanPpfd: number, hours: number): number {
  return meanPpfd * hours * 0.0036;
}

/**
 * Default factor from global solar radiation (W/m²) to PPFD (µmol/m²/s): 2.02 µmol/J, i.e. PAR ≈ 45 % of global
 * radiation × 4.57 µmol/J for sunlight PAR (McCree 1972), as used by Ting & Giacomelli (1987, Trans. ASAE 30(5)
 * 1453–1457) for greenhouse light maps. Meek et al. (1984) measured 2.04; bigleaf's default is 2.3 (0.5 × 4.6).
 */
export const SOLAR_TO_PPFD = 2.02;

/** PPFD (µmol/m²/s) estimated from global solar radiation (W/m²) with `factor` µmol/J. */
export function ppfdFromSolar(wm2: number, factor = SOLAR_TO_PPFD): number {
  return wm2 * factor;
}
