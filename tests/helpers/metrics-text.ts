// Reads one value out of a process's Prometheus /metrics text.
/** The value of `name{labels}` (labels as written, e.g. `transport="sse"`), or undefined if absent. */
export function metricValue(text: string, name: string, labels = ''): number | undefined {
  const series = labels ? `${name}{${labels}}` : name;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Fetches `${baseUrl}/metrics`. */
export async function fetchMetrics(baseUrl: string): Promise<string> {
  return (await fetch(`${baseUrl}/metrics`)).text();
}
