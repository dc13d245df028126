// Solar position after the NOAA solar calculator (Meeus' low-precision formulas): good to about a minute for
// sunrise/sunset, which is all a day/night alert rule or a simulated day needs.

/** Hakui City Hall, the default site. */
export const HAKUI = { latitude: 36.8933, longitude: 136.7789 } as const;

const RAD = Math.PI / 180;

interface SolarTerms { declination: number; equationOfTime: number }

function solarTerms(epochMs: number): SolarTerms {
  const jd = epochMs / 86400000 + 2440587.5;
  const t = (jd - 2451545) / 36525;
  const l0 = (280.46646 + t * (36000.76983 + 0.0003032 * t)) % 360;
  const m = 357.52911 + t * (35999.05029 - 0.0001537 * t);
  const e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
  const c = Math.sin(m * RAD) * (1.914602 - t * (0.004817 + 0.000014 * t))
    + Math.sin(2 * m * RAD) * (0.019993 - 0.000101 * t) + Math.sin(3 * m * RAD) * 0.000289;
  const omega = 125.04 - 1934.136 * t;
  const lambda = l0 + c - 0.00569 - 0.00478 * Math.sin(omega * RAD);
  const eps0 = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
  const eps = eps0 + 0.00256 * Math.cos(omega * RAD);
  const declination = Math.asin(Math.sin(eps * RAD) * Math.sin(lambda * RAD)) / RAD;
  const y = Math.tan((eps / 2) * RAD) ** 2;
  const equationOfTime = 4 / RAD * (y * Math.sin(2 * l0 * RAD) - 2 * e * Math.sin(m * RAD)
    + 4 * e * y * Math.sin(m * RAD) * Math.cos(2 * l0 * RAD) - 0.5 * y * y * Math.sin(4 * l0 * RAD)
    - 1.25 * e * e * Math.sin(2 * m * RAD));
  return { declination, equationOfTime };
}

/** Sun elevation above the horizon in degrees at `epochMs` for a site (negative at night). */
export function solarElevation(epochMs: number, latitude: number, longitude: number): number {
  const { declination, equationOfTime } = solarTerms(epochMs);
  const utcMinutes = (((epochMs % 86400000) + 86400000) % 86400000) / 60000;
  const trueSolarMinutes = (utcMinutes + equationOfTime + 4 * longitude + 1440) % 1440;
  const hourAngle = trueSolarMinutes / 4 - 180;
  const cosZenith = Math.sin(latitude * RAD) * Math.sin(declination * RAD)
    + Math.cos(latitude * RAD) * Math.cos(declination * RAD) * Math.cos(hourAngle * RAD);
  return 90 - Math.acos(Math.max(-1, Math.min(1, cosZenith))) / RAD;
}

export interface SunTimes {
  /** epoch ms of sunrise, or null in polar night / midnight sun */
  sunrise: number | null;
  sunset: number | null;
  solarNoon: number;
}

/**
 * Sunrise, solar noon and sunset (upper limb at -0.833°) for the solar day around `epochMs` at a site.
 * The day is the one whose solar noon is nearest to `epochMs`'s local (longitude) noon.
 */
export function sunTimes(epochMs: number, latitude: number, longitude: number): SunTimes {
  const dayStartUtc = Math.floor((epochMs + longitude / 15 * 3600000) / 86400000) * 86400000;
  let noon = dayStartUtc + (720 - 4 * longitude) * 60000;
  noon = dayStartUtc + (720 - 4 * longitude - solarTerms(noon).equationOfTime) * 60000;
  const { declination } = solarTerms(noon);
  const cosH = (Math.cos(90.833 * RAD) - Math.sin(latitude * RAD) * Math.sin(declination * RAD))
    / (Math.cos(latitude * RAD) * Math.cos(declination * RAD));
  if (cosH > 1 || cosH < -1) return { sunrise: null, sunset: null, solarNoon: noon };
  const halfDayMs = (Math.acos(cosH) / RAD) * 4 * 60000;
  return { sunrise: Math.round(noon - halfDayMs), sunset: Math.round(noon + halfDayMs), solarNoon: Math.round(noon) };
}

/** True between sunrise and sunset of the solar day containing `epochMs`. */
export function isDaytime(epochMs: number, latitude: number, longitude: number): boolean {
  return solarElevation(epochMs, latitude, longitude) > -0.833;
}
