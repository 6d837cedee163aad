/**
 * The one metrics layer: counters, gauges and histograms with labels, rendered as Prometheus text
 * on scrape. Every context uses it, the SIP server's hot path included: a hot path resolves the
 * cell of its label values once and then increments a plain number (`cell.v++`), so counting
 * costs no map lookup and no allocation.
 *
 * A registry holds metrics and, for code that owns its own registry (a SIP server started in a
 * test, a positioning service), child registries or render functions added with `add`.
 */

/** One labelled value; hot paths keep the cell and increment `v` directly. */
export interface CounterCell {
  v: number;
}

export interface Sample {
  labels?: Record<string, string>;
  value: number;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function labelText(labels: Record<string, string> | undefined, extra?: [string, string]): string {
  const parts = labels ? Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`) : [];
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** Renders one counter or gauge family with labels (also for collectors that compute samples on scrape). */
export function renderFamily(
  name: string,
  type: 'counter' | 'gauge',
  help: string,
  samples: Sample[],
): string {
  let out = `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
  for (const s of samples) out += `${name}${labelText(s.labels)} ${s.value}\n`;
  return out;
}

const KEY_SEP = '\u0001';

interface MetricOptions<L extends string> {
  name: string;
  help: string;
  /** Label names, in the order `cell(...)` takes their values. */
  labels?: readonly L[];
}

abstract class Metric<L extends string, C> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  protected readonly cells = new Map<string, { values: string[]; cell: C }>();

  constructor(opts: MetricOptions<L>) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(opts.name)) throw new Error(`Invalid metric name ${opts.name}`);
    this.name = opts.name;
    this.help = opts.help;
    this.labelNames = opts.labels ?? [];
  }

  protected abstract newCell(): C;

  /** The cell for these label values (in `labels` order), created on first use. */
  cell(...values: string[]): C {
    const key = values.length === 1 ? values[0]! : values.join(KEY_SEP);
    let entry = this.cells.get(key);
    if (!entry) {
      if (values.length !== this.labelNames.length) {
        throw new Error(`${this.name} takes ${this.labelNames.length} label values, got ${values.length}`);
      }
      entry = { values, cell: this.newCell() };
      this.cells.set(key, entry);
    }
    return entry.cell;
  }

  protected labelsOf(values: string[]): Record<string, string> | undefined {
    if (!this.labelNames.length) return undefined;
    const out: Record<string, string> = {};
    this.labelNames.forEach((n, i) => (out[n] = values[i]!));
    return out;
  }

  abstract render(): string;
}

/** A monotonically increasing count. Cells created ahead of use stay out of the output until they count. */
export class Counter<L extends string = never> extends Metric<L, CounterCell> {
  protected newCell(): CounterCell {
    return { v: 0 };
  }

  inc(...values: string[]): void {
    this.cell(...values).v++;
  }

  add(by: number, ...values: string[]): void {
    this.cell(...values).v += by;
  }

  /** Current value of one cell (0 when never counted). */
  get(...values: string[]): number {
    const key = values.length === 1 ? values[0]! : values.join(KEY_SEP);
    return this.cells.get(key)?.cell.v ?? 0;
  }

  /** Label values (joined by U+0001 when several) → value, for the cells that counted something. */
  get values(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [key, { cell }] of this.cells) if (cell.v > 0) out.set(key, cell.v);
    return out;
  }

  /** Sum over every cell. */
  total(): number {
    let t = 0;
    for (const { cell } of this.cells.values()) t += cell.v;
    return t;
  }

  render(): string {
    const samples: Sample[] = [];
    for (const { values, cell } of this.cells.values()) {
      if (cell.v > 0 || !this.labelNames.length)
        samples.push({ labels: this.labelsOf(values), value: cell.v });
    }
    if (!this.labelNames.length && !samples.length) samples.push({ value: 0 });
    return renderFamily(this.name, 'counter', this.help, samples);
  }
}

/** A value that goes up and down: set directly, or computed on scrape by `collect`. */
export class Gauge<L extends string = never> extends Metric<L, CounterCell> {
  constructor(opts: MetricOptions<L> & { collect?: () => number | Sample[] }) {
    super(opts);
    this.collect = opts.collect;
  }

  private readonly collect?: () => number | Sample[];

  protected newCell(): CounterCell {
    return { v: 0 };
  }

  set(value: number, ...values: string[]): void {
    this.cell(...values).v = value;
  }

  render(): string {
    if (this.collect) {
      const c = this.collect();
      return renderFamily(this.name, 'gauge', this.help, typeof c === 'number' ? [{ value: c }] : c);
    }
    const samples = [...this.cells.values()].map(({ values, cell }) => ({
      labels: this.labelsOf(values),
      value: cell.v,
    }));
    return renderFamily(this.name, 'gauge', this.help, samples);
  }
}

/** Observations counted into fixed buckets (upper bounds), with their sum and count. */
export class HistogramCell {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly buckets: readonly number[]) {
    this.counts = new Array<number>(buckets.length).fill(0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    const b = this.buckets;
    // Non-cumulative per bucket (the first bucket the value fits); cumulated on render.
    for (let i = 0; i < b.length; i++) {
      if (value <= b[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }

  /** Cumulative count of observations at or below each bucket bound. */
  cumulative(): number[] {
    let acc = 0;
    return this.counts.map((c) => (acc += c));
  }

  /**
   * The smallest bucket bound at or below which at least `q` of the observations fall (an upper
   * bound of the quantile), or Infinity when it is beyond the last bucket.
   */
  quantileUpperBound(q: number): number {
    const need = q * this.count;
    const cum = this.cumulative();
    for (let i = 0; i < cum.length; i++) if (cum[i]! >= need && this.count > 0) return this.buckets[i]!;
    return Infinity;
  }
}

export class Histogram<L extends string = never> extends Metric<L, HistogramCell> {
  readonly buckets: readonly number[];

  constructor(opts: MetricOptions<L> & { buckets: readonly number[] }) {
    super(opts);
    this.buckets = [...opts.buckets].sort((a, b) => a - b);
  }

  protected newCell(): HistogramCell {
    return new HistogramCell(this.buckets);
  }

  observe(value: number, ...values: string[]): void {
    this.cell(...values).observe(value);
  }

  render(): string {
    const n = this.name;
    let out = `# HELP ${n} ${this.help}\n# TYPE ${n} histogram\n`;
    const entries = [...this.cells.values()];
    if (!entries.length && !this.labelNames.length) entries.push({ values: [], cell: this.newCell() });
    for (const { values, cell } of entries) {
      const labels = this.labelsOf(values);
      const cum = cell.cumulative();
      this.buckets.forEach((le, i) => {
        out += `${n}_bucket${labelText(labels, ['le', String(le)])} ${cum[i]}\n`;
      });
      out += `${n}_bucket${labelText(labels, ['le', '+Inf'])} ${cell.count}\n`;
      out += `${n}_sum${labelText(labels)} ${cell.sum}\n${n}_count${labelText(labels)} ${cell.count}\n`;
    }
    return out;
  }
}

/** Something that renders Prometheus text: a metric, a child registry or a collector function. */
export type MetricsSource = (() => string) | { render(): string };

export class MetricsRegistry {
  private readonly sources: MetricsSource[] = [];
  private readonly names = new Set<string>();

  private register<M extends Metric<string, unknown>>(m: M): M {
    if (this.names.has(m.name)) throw new Error(`The metric ${m.name} is registered twice`);
    this.names.add(m.name);
    this.sources.push(m);
    return m;
  }

  counter<L extends string = never>(opts: MetricOptions<L>): Counter<L> {
    return this.register(new Counter<L>(opts));
  }

  gauge<L extends string = never>(opts: MetricOptions<L> & { collect?: () => number | Sample[] }): Gauge<L> {
    return this.register(new Gauge<L>(opts));
  }

  histogram<L extends string = never>(opts: MetricOptions<L> & { buckets: readonly number[] }): Histogram<L> {
    return this.register(new Histogram<L>(opts));
  }

  /** Adds a child registry or a collector that renders its own families. */
  add(source: MetricsSource): void {
    this.sources.push(source);
  }

  render(): string {
    return this.sources.map((s) => (typeof s === 'function' ? s() : s.render())).join('');
  }
}
