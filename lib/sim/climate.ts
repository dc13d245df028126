// A believable day in a tomato greenhouse near the Sea of Japan: outside temperature follows the season and the
// sun, the greenhouse warms with sunlight and is heated (20 °C day, 17 °C night) and vented to stay in a tomato range, humidity moves against
// temperature, CO2 builds up at night and is drawn down in daylight, soil moisture falls with the day's light and
// jumps at the morning irrigation. Coefficients are rough climatology for Hakui (Jan ≈ 3 °C, Aug ≈ 26 °C).
import { solarElevation, sunTimes } from '../sun';
import { round } from '../metrics';
import { jitter, smoothNoise, uniform } from './noise';

export interface Site { latitude: number; longitude: number }

export type DeviceKind = 'greenhouse' | 'soil';

export interface GreenhouseValues {
  airTemperature: number; airHumidity: number; co2: number; solarRadiation: number; illuminance: number;
  batteryVoltage: number;
}
export interface SoilValues {
  soilTemperature: number; soilMoisture: number; soilEC: number; soilPH: number; batteryVoltage: number;
}

const DAY = 86400000;
const RAD = Math.PI / 180;

/** Hours of local solar time (0–24) at a longitude. */
function solarHour(t: number, longitude: number): number {
  return ((((t / 3600000 + longitude / 15) % 24) + 24) % 24);
}

/** The local solar day index, so "a day" starts at local midnight at the site. */
function solarDay(t: number, longitude: number): number {
  return Math.floor((t + (longitude / 15) * 3600000) / DAY);
}

/** Fraction of clear sky for a day, 0.2 (overcast) – 1 (clear), the same for every device at the site. */
function clearness(seed: number, day: number): number {
  return 0.2 + 0.8 * uniform(seed, 0x5eed, day);
}

function outsideTemperature(seed: number, t: number, site: Site): { now: number; mean: number } {
  const doy = ((t / DAY) % 365.25 + 365.25) % 365.25;
  const mean = 14.8 + 11.5 * Math.sin((2 * Math.PI * (doy - 105)) / 365.25);
  const clear = clearness(seed, solarDay(t, site.longitude));
  const amplitude = 2.5 + 3 * clear;
  const hour = solarHour(t, site.longitude);
  const now = mean + amplitude * Math.cos((2 * Math.PI * (hour - 14)) / 24) + 1.5 * smoothNoise(seed, 0, 1, t, 6 * 3600000);
  return { now, mean };
}

/** Global horizontal radiation outside, W/m², for the sun at `elevation` degrees. */
function outsideRadiation(seed: number, t: number, site: Site, elevation: number): number {
  if (elevation <= 0) return 0;
  const clear = clearness(seed, solarDay(t, site.longitude));
  const passingClouds = 1 - (1 - clear) * (0.5 + 0.5 * smoothNoise(seed, 0, 2, t, 20 * 60000));
  return 1000 * Math.sin(elevation * RAD) ** 1.15 * (0.3 + 0.7 * passingClouds);
}

/** Greenhouse climate at `t` for device number `device` (each device slightly offset, like real sensors). */
export function greenhouseAt(seed: number, device: number, t: number, site: Site): GreenhouseValues {
  const out = outsideTemperature(seed, t, site);
  const elevation = solarElevation(t, site.latitude, site.longitude);
  const radiation = 0.65 * outsideRadiation(seed, t, site, elevation) * (1 + 0.05 * smoothNoise(seed, device, 3, t, 600000));
  const offset = 0.8 * (uniform(seed, device, 4) - 0.5);
  // A well-run tomato house: heated to 20 °C by day and 17 °C at night, vents opening above 26 °C (a hot summer
  // afternoon still overshoots, as real houses do).
  const setPoint = elevation > 0 ? 20 : 17;
  let temp = out.now + 2 + 0.018 * radiation + offset;
  if (temp < setPoint) temp = setPoint + 0.4 * smoothNoise(seed, device, 5, t, 1800000);
  if (temp > 26) temp = 26 + (temp - 26) * 0.35;
  temp += 0.1 * jitter(seed, device, 6, t);
  // Transpiration keeps a closed house humid; RH falls as the air warms and the vents open.
  const humidity = Math.min(97, Math.max(35, 82 - 1.8 * (temp - 17) + 3 * smoothNoise(seed, device, 7, t, 2 * 3600000)
    + 1.5 * jitter(seed, device, 7, t)));
  const night = 1 / (1 + Math.exp(elevation / 6));
  const co2 = 400 + 420 * night - 40 * (radiation / 500) + 15 * smoothNoise(seed, device, 8, t, 1200000);
  return {
    airTemperature: round(temp, 1),
    airHumidity: round(Math.round(humidity * 2) / 2, 1),
    co2: Math.round(Math.max(300, co2)),
    solarRadiation: Math.round(Math.max(0, radiation)),
    illuminance: Math.min(65535, Math.round(Math.max(0, radiation) * 110)),            // 16-bit lux sensor saturates
    batteryVoltage: round(3.6 - 0.02 * uniform(seed, device, 9) + 0.01 * jitter(seed, device, 10, t), 2),
  };
}

const sunCache = new Map<string, { sunrise: number; sunset: number }>();

/** Share of the day's sunlight already received since the morning irrigation (0 at 07:00, 1 at sunset). */
function drynessFraction(t: number, site: Site): number {
  const key = `${site.latitude},${site.longitude},${solarDay(t, site.longitude)}`;
  let sun = sunCache.get(key);
  if (!sun) {
    const s = sunTimes(t, site.latitude, site.longitude);
    sun = { sunrise: s.sunrise ?? t, sunset: s.sunset ?? t + 1 };
    if (sunCache.size > 64) sunCache.clear();
    sunCache.set(key, sun);
  }
  const hour = solarHour(t, site.longitude);
  const toHour = (ms: number) => solarHour(ms, site.longitude);
  const start = Math.max(7, toHour(sun.sunrise));
  const end = Math.max(start + 1, toHour(sun.sunset));
  const h = hour < 7 ? hour + 24 : hour;                       // before 07:00 belongs to yesterday's drying
  const f = Math.min(1, Math.max(0, (h - start) / (end - start)));
  return (1 - Math.cos(Math.PI * f)) / 2;
}

/** Soil probe values at `t`: moisture falls through the day and jumps back at the 07:00 irrigation. */
export function soilAt(seed: number, device: number, t: number, site: Site): SoilValues {
  const out = outsideTemperature(seed, t, site);
  const hour = solarHour(t, site.longitude);
  const soilTemp = Math.max(13, out.mean + 5) + 1.5 * Math.cos((2 * Math.PI * (hour - 17)) / 24)
    + 0.3 * smoothNoise(seed, device, 11, t, 3 * 3600000);
  const irrigationDay = solarDay(t - 7 * 3600000, site.longitude);
  const top = 40 + 3 * uniform(seed, device, 12, irrigationDay);
  const drop = 3 + 6 * clearness(seed, irrigationDay);
  const moisture = top - drop * drynessFraction(t, site) + 0.3 * jitter(seed, device, 13, t);
  const ec = 2.6 * (38 / moisture) + 0.05 * smoothNoise(seed, device, 14, t, 3600000);
  const ph = 6.4 + 0.2 * Math.sin((2 * Math.PI * (t / DAY)) / 30) + 0.3 * (uniform(seed, device, 15) - 0.5);
  return {
    soilTemperature: round(soilTemp, 1),
    soilMoisture: round(Math.round(moisture * 2) / 2, 1),
    soilEC: round(ec, 2),
    soilPH: round(ph, 2),
    batteryVoltage: round(3.6 - 0.02 * uniform(seed, device, 16) + 0.01 * jitter(seed, device, 17, t), 2),
  };
}
