import { describe, expect, it } from 'vitest';
import {
  namedFigureToText,
  bytesToHuman,
  countToHuman,
  figureToText,
  fractionToPercent,
  inFlightText,
  msToHuman,
  nsToHuman,
  opsPerSecToHuman,
  threeSignificant,
  timeUnitForNs,
} from '../../reports/format.js';

describe('nsToHuman', () => {
  it('picks the unit per value with three significant digits', () => {
    expect(nsToHuman(0)).toBe('0 ns');
    expect(nsToHuman(850)).toBe('850 ns');
    expect(nsToHuman(1234)).toBe('1.23 µs');
    expect(nsToHuman(12_345)).toBe('12.3 µs');
    expect(nsToHuman(123_456)).toBe('123 µs');
    expect(nsToHuman(45_600_000)).toBe('45.6 ms');
    expect(nsToHuman(2_500_000_000)).toBe('2.5 s');
    expect(nsToHuman(125_000_000_000)).toBe('125 s');
  });
  it('carries rounding into the next unit instead of printing 1000', () => {
    expect(nsToHuman(999.6)).toBe('1 µs');
    expect(nsToHuman(999_960)).toBe('1 ms');
  });
  it('prints n/a for figures that do not exist', () => {
    expect(nsToHuman(Number.NaN)).toBe('n/a');
    expect(nsToHuman(Number.POSITIVE_INFINITY)).toBe('n/a');
  });
  it('chooses axis units by magnitude', () => {
    expect(timeUnitForNs(999).name).toBe('ns');
    expect(timeUnitForNs(1000).name).toBe('µs');
    expect(timeUnitForNs(3e9).name).toBe('s');
  });
});

describe('counts and rates', () => {
  it('uses SI suffixes', () => {
    expect(countToHuman(950)).toBe('950');
    expect(countToHuman(12_345)).toBe('12.3k');
    expect(countToHuman(4_560_000)).toBe('4.56M');
    expect(countToHuman(999_960)).toBe('1M');
    expect(opsPerSecToHuman(123_456)).toBe('123k ops/s');
    expect(opsPerSecToHuman(0.5)).toBe('0.5 ops/s');
  });
  it('formats durations, bytes, fractions and workload figures', () => {
    expect(msToHuman(250)).toBe('250 ms');
    expect(msToHuman(10_000)).toBe('10 s');
    expect(msToHuman(150_000)).toBe('2.5 min');
    expect(bytesToHuman(512)).toBe('512 B');
    expect(bytesToHuman(1536)).toBe('1.5 KiB');
    expect(bytesToHuman(8 * 1024 ** 3)).toBe('8 GiB');
    expect(fractionToPercent(0.931)).toBe('93.1%');
    expect(figureToText(1234567)).toBe('1,234,567');
    expect(figureToText(0.84217)).toBe('0.842');
    expect(figureToText(true)).toBe('true');
    expect(threeSignificant(0.000123456)).toBe('0.000123');
  });
});

describe('namedFigureToText', () => {
  it('prints figures in the unit their name ends with', () => {
    expect(namedFigureToText('dbReadMeanNs', 1_154_446)).toBe('1.15 ms');
    expect(namedFigureToText('celebrityPostMeanUs', 17_135)).toBe('17.1 ms');
    expect(namedFigureToText('timeoutMs', 5000)).toBe('5 s');
    expect(namedFigureToText('boardBytes', 12_540)).toBe('12.2 KiB');
    expect(namedFigureToText('memoryBytes', 8 * 1024 ** 3)).toBe('8 GiB');
    expect(namedFigureToText('hitRatio', 0.5271)).toBe('52.7%');
    // Ratios of like figures get ×; counts named "…OverLimit" stay counts.
    expect(namedFigureToText('dbOverCacheLatency', 151.2)).toBe('151×');
    expect(namedFigureToText('claimedMemoryOverDatabase', 100_000)).toBe('100000×');
    expect(namedFigureToText('blobBytesPerFieldByte', 3.25)).toBe('3.25×');
    expect(namedFigureToText('windowsOverLimit', 3)).toBe('3');
    expect(namedFigureToText('casRetries', 1234)).toBe('1,234');
    expect(namedFigureToText('Ns', 'text')).toBe('text');
  });
});

describe('inFlightText', () => {
  it('names connections and pipeline depth for real servers, concurrency otherwise', () => {
    expect(inFlightText({ concurrency: 800, clients: 50, pipeline: 16 })).toBe('50 clients × pipeline 16 (800 in flight)');
    expect(inFlightText({ concurrency: 1, clients: 1, pipeline: 1 })).toBe('1 client × pipeline 1 (1 in flight)');
    expect(inFlightText({ concurrency: 8 })).toBe('concurrency 8');
  });
});
