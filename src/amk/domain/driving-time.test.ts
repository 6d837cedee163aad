import { describe, expect, it } from 'vitest';
import { estimateTravel, TRAVEL_PROFILES } from './driving-time.ts';
import { greatCircleKm, inPolygon } from './geo.ts';

const bergen = { lat: 60.3913, lon: 5.3221 };
const voss = { lat: 60.6287, lon: 6.4149 };
const oslo = { lat: 59.9139, lon: 10.7522 };

describe('driving-time estimate (AMK-2)', () => {
  it('great-circle distance: Bergen–Oslo is about 305 km', () => {
    expect(greatCircleKm(bergen, oslo)).toBeGreaterThan(300);
    expect(greatCircleKm(bergen, oslo)).toBeLessThan(310);
    expect(greatCircleKm(bergen, bergen)).toBe(0);
  });

  it('a car: start minutes + distance × winding factor ÷ speed', () => {
    const km = greatCircleKm(bergen, voss);
    const p = TRAVEL_PROFILES['ambulance-car'];
    const e = estimateTravel('ambulance-car', bergen, voss);
    expect(e.minutes).toBe(Math.ceil(p.startMinutes + ((km * p.windingFactor) / p.speedKmh) * 60));
    expect(e.distanceKm).toBeCloseTo(km, 0);
  });

  it('a helicopter flies the straight line: slower to start, faster far away', () => {
    const near = { lat: 60.395, lon: 5.33 };
    expect(estimateTravel('ambulance-car', bergen, near).minutes).toBeLessThan(
      estimateTravel('ambulance-helicopter', bergen, near).minutes,
    );
    expect(estimateTravel('ambulance-helicopter', bergen, oslo).minutes).toBeLessThan(
      estimateTravel('ambulance-car', bergen, oslo).minutes,
    );
    expect(TRAVEL_PROFILES['ambulance-helicopter'].windingFactor).toBe(1);
  });

  it('point in polygon with a hole', () => {
    const outer = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ] as const;
    const hole = [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
      [4, 4],
    ] as const;
    expect(inPolygon(2, 2, [outer])).toBe(true);
    expect(inPolygon(5, 5, [outer, hole])).toBe(false);
    expect(inPolygon(11, 5, [outer])).toBe(false);
  });
});
