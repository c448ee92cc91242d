/**
 * `npx tsx tools/evaluate-escalation.ts`: the escalation detector on synthetic weekly series with a seeded generator.
 *
 * Stable series give the false-alarm rate per area-week; series with a lasting change point (the weekly rate
 * multiplied by 1.5, 2, 3 or 5) give the detection rate within four weeks and the delay. Weekly incident counts are
 * overdispersed (a Poisson rate drawn from a gamma distribution each week, as in real conflict data) and each incident
 * kills a heavy-tailed number of people. docs/monitoring-methods.md reports the figures this prints.
 *
 *   HAVEN_EVAL_AREAS   series per configuration (default 400)
 *   HAVEN_EVAL_SEED    seed (default 2024)
 */
import { DEFAULT_ESCALATION_PARAMETERS, detectEscalation, type AreaSeries, type EscalationMetric, type WeekCounts } from '../src/core/analytics/escalation.js';
import { addDays } from '../src/core/analytics/placement.js';
import { mulberry32 } from '../src/core/seeded-random.js';

const AREAS = Number(process.env.HAVEN_EVAL_AREAS ?? 400);
const SEED = Number(process.env.HAVEN_EVAL_SEED ?? 2024);
const WEEKS = 60;
const CHANGE_WEEK = 40;
const DETECTION_WINDOW = 4;
const MEANS = [0.5, 2, 5, 20];
const FACTORS = [1.5, 2, 3, 5];
/** Gamma shape of the weekly rate: variance = m + m²/5. */
const SHAPE = 5;
const FIRST_MONDAY = '2023-01-02';

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  uniform(): number {
    return this.next();
  }
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Marsaglia–Tsang. */
  gamma(shape: number, scale: number): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * this.next() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }
  poisson(mean: number): number {
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
  /** Deaths in one incident: often none or one, sometimes many (a log-normal, rounded down). */
  deaths(): number {
    return Math.floor(Math.exp(0.3 + 1.1 * this.normal()));
  }
}

const mondays = Array.from({ length: WEEKS }, (_, i) => addDays(FIRST_MONDAY, 7 * i));

function simulate(rng: Rng, mean: number, factor: number): WeekCounts[] {
  return mondays.map((_, week) => {
    const m = week >= CHANGE_WEEK ? mean * factor : mean;
    const incidents = rng.poisson(rng.gamma(SHAPE, m / SHAPE));
    let deaths = 0;
    for (let i = 0; i < incidents; i++) deaths += rng.deaths();
    return { incidents, deaths };
  });
}

const alertWeeks = (counts: WeekCounts[], metric: EscalationMetric | 'either', from: number, to: number): number[] => {
  const series: AreaSeries = { area: { level: 'country', code: 'SYN' }, weeks: new Map(mondays.map((w, i) => [w, counts[i]!])) };
  const weeks: number[] = [];
  for (let week = from; week < to; week++) {
    const alerts = detectEscalation([series], [mondays[week]!]);
    if (alerts.some((a) => metric === 'either' || a.metric === metric)) weeks.push(week);
  }
  return weeks;
};

const firstTestable = DEFAULT_ESCALATION_PARAMETERS.baselineWeeks + DEFAULT_ESCALATION_PARAMETERS.guardWeeks;
const rng = new Rng(SEED);
const pct = (x: number) => Math.round(x * 10000) / 100;

const falseAlarms = MEANS.map((mean) => {
  let areaWeeks = 0;
  const alarms = { incidents: 0, deaths: 0, either: 0 };
  for (let a = 0; a < AREAS; a++) {
    const counts = simulate(rng, mean, 1);
    areaWeeks += WEEKS - firstTestable;
    for (const metric of ['incidents', 'deaths', 'either'] as const) alarms[metric] += alertWeeks(counts, metric, firstTestable, WEEKS).length;
  }
  return {
    meanIncidentsPerWeek: mean,
    areaWeeks,
    falseAlarmPercentPerAreaWeek: { incidents: pct(alarms.incidents / areaWeeks), deaths: pct(alarms.deaths / areaWeeks), either: pct(alarms.either / areaWeeks) },
  };
});

const detection = MEANS.flatMap((mean) =>
  FACTORS.map((factor) => {
    const detected = { incidents: 0, deaths: 0, either: 0 };
    const delays: number[] = [];
    for (let a = 0; a < AREAS; a++) {
      const counts = simulate(rng, mean, factor);
      for (const metric of ['incidents', 'deaths', 'either'] as const) {
        const weeks = alertWeeks(counts, metric, CHANGE_WEEK, CHANGE_WEEK + DETECTION_WINDOW);
        if (weeks.length) {
          detected[metric]++;
          if (metric === 'either') delays.push(weeks[0]! - CHANGE_WEEK);
        }
      }
    }
    return {
      meanIncidentsPerWeek: mean,
      factor,
      detectedWithin4WeeksPercent: { incidents: pct(detected.incidents / AREAS), deaths: pct(detected.deaths / AREAS), either: pct(detected.either / AREAS) },
      meanDelayWeeks: delays.length ? Math.round((delays.reduce((s, d) => s + d, 0) / delays.length) * 100) / 100 : null,
    };
  }),
);

console.log(JSON.stringify({ seed: SEED, areasPerConfiguration: AREAS, weeks: WEEKS, changeWeek: CHANGE_WEEK, gammaShape: SHAPE, parameters: DEFAULT_ESCALATION_PARAMETERS, falseAlarms, detection }, null, 2));
