import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

// Latencies are recorded in microseconds in HDR histograms (3 significant digits,
// up to a minute), shipped between processes compressed, and merged across rounds.

export type { Histogram };

export const newHistogram = (): Histogram =>
  build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export const summarise = (histogram: Histogram): LatencySummary => ({
  count: histogram.totalCount,
  p50Ms: histogram.getValueAtPercentile(50) / 1000,
  p95Ms: histogram.getValueAtPercentile(95) / 1000,
  p99Ms: histogram.getValueAtPercentile(99) / 1000,
  maxMs: histogram.maxValue / 1000,
});

/** Records a latency given in milliseconds (from performance.now() differences). */
export const recordMs = (histogram: Histogram, ms: number): void => {
  histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
};

export const encode = (histogram: Histogram): string => encodeIntoCompressedBase64(histogram);

export function merge(encoded: readonly string[]): Histogram {
  const total = newHistogram();
  for (const one of encoded) total.add(decodeFromCompressedBase64(one));
  return total;
}
