/** Prometheus text exposition: contexts register a function that renders their metrics. */
export type MetricsSource = () => string;

export class MetricsRegistry {
  private sources: MetricsSource[] = [];
  add(source: MetricsSource): void {
    this.sources.push(source);
  }
  render(): string {
    return this.sources.map((s) => s()).join('');
  }
}

/** Renders one counter or gauge family with labels. */
export function renderFamily(
  name: string,
  type: 'counter' | 'gauge',
  help: string,
  samples: { labels?: Record<string, string>; value: number }[],
): string {
  let out = `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
  for (const s of samples) {
    const l = s.labels
      ? `{${Object.entries(s.labels)
          .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
          .join(',')}}`
      : '';
    out += `${name}${l} ${s.value}\n`;
  }
  return out;
}
