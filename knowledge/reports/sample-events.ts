import { DEFAULT_TAXONOMY } from '../taxonomy/default-taxonomy';
import type { CountingRule, Emotion, RiskGrade } from '../clicks/click-event';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { OWN_SOURCE, type StoredClickEvent } from '../clicks/stored-event';
import { addDays, eachDay, isoWeekday } from './calendar';

/**
 * Deterministic, realistic click logs for benchmarks, demos and tests: the same (n, seed,
 * options) always gives the same events, in chronological order.
 *
 * - categories follow a long tail (Zipf-like, the taxonomy's order = most frequent first);
 * - weekdays are busier than weekends, with a slow upward trend over the period;
 * - calls cluster around the 10:00 and 15:00 peaks between 08:00 and 22:00 (+08:00);
 * - agents differ in how much they click;
 * - about 8 tickets per 100 clicks (one reported centre counted 8.2), 2% of clicks undone, and the optional
 *   details (rule, emotion, risk grade) left out about half the time, as in real use.
 */
export interface SampleOptions {
  /** Last day of the period (inclusive). */
  endDay?: string;
  days?: number;
  agents?: number;
  sites?: readonly string[];
  taxonomy?: Taxonomy;
  source?: string;
  /** UTC offset written into occurredAt. */
  offset?: string;
  /** Extra clicks for one category on one day (taken out of n), e.g. to show an anomaly. */
  spikes?: ReadonlyArray<{ day: string; categoryId: string; clicks: number }>;
}

export const SAMPLE_DEFAULTS = {
  endDay: '2026-11-30',
  days: 120,
  agents: 40,
  sites: ['crm.example.com', 'crm2.example.com'],
  offset: '+08:00',
} as const;

/** mulberry32: small, fast and good enough for sample data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';

function uuid(random: () => number): string {
  let out = '';
  for (let i = 0; i < 32; i += 1) {
    let nibble = Math.floor(random() * 16);
    if (i === 12) nibble = 4;
    if (i === 16) nibble = 8 + (nibble & 3);
    out += HEX[nibble];
    if (i === 7 || i === 11 || i === 15 || i === 19) out += '-';
  }
  return out;
}

function picker<T>(items: readonly T[], weights: readonly number[]): (random: () => number) => T {
  const cumulative: number[] = [];
  let sum = 0;
  for (const weight of weights) cumulative.push((sum += weight));
  return (random) => {
    const target = random() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return items[low]!;
  };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

const RULES: readonly (CountingRule | undefined)[] = ['customer-dissatisfied', 'company-at-fault', 'explanation-not-accepted', undefined];
const EMOTIONS: readonly (Emotion | undefined)[] = ['calm', 'anxious', 'doubting', 'angry', 'disappointed', undefined];
const RISKS: readonly (RiskGrade | undefined)[] = ['ordinary', 'escalated', 'major', undefined];

/** Millisecond of the local day: peaks at 10:00 and 15:00, none before 08:00 or after 22:00. */
function timeOfDay(random: () => number): number {
  const peak = random() < 0.55 ? 10 : 15;
  const hours = Math.min(21.999, Math.max(8, peak + (random() + random() + random() - 1.5) * 3));
  return Math.floor(hours * 3_600_000);
}

export function* sampleEvents(n: number, seed: number, options: SampleOptions = {}): Generator<StoredClickEvent> {
  const random = seededRandom(seed);
  const taxonomy = options.taxonomy ?? DEFAULT_TAXONOMY;
  const endDay = options.endDay ?? SAMPLE_DEFAULTS.endDay;
  const dayCount = Math.max(1, options.days ?? SAMPLE_DEFAULTS.days);
  const sites = options.sites ?? SAMPLE_DEFAULTS.sites;
  const offset = options.offset ?? SAMPLE_DEFAULTS.offset;
  const source = options.source ?? OWN_SOURCE;

  const categories = taxonomy.categories.filter((category) => !category.retired).map((category) => category.id);
  const pickCategory = picker(categories, categories.map((_, index) => 1 / (index + 1) ** 1.1));
  const agents = Array.from({ length: Math.max(1, options.agents ?? SAMPLE_DEFAULTS.agents) }, (_, index) => `agent-${8001 + index}`);
  const pickAgent = picker(agents, agents.map(() => 0.5 + random()));
  const pickSite = picker(sites, sites.map((_, index) => (index === 0 ? 3 : 1)));
  const pickRule = picker(RULES, [30, 12, 8, 50]);
  const pickEmotion = picker(EMOTIONS, [6, 12, 10, 8, 4, 60]);
  const pickRisk = picker(RISKS, [42, 6, 1, 51]);
  // Billing and handling errors end in tickets more often than attitude or network complaints.
  const ticketRate = new Map(categories.map((id, index) => [id, 0.05 + 0.06 * ((index * 7) % 5) / 4]));

  const days = eachDay(addDays(endDay, -(dayCount - 1)), endDay);
  const dayWeights = days.map((day, index) => {
    const weekday = isoWeekday(day);
    return (weekday === 7 ? 0.5 : weekday === 6 ? 0.6 : 1) * (0.85 + (0.3 * index) / days.length) * (0.9 + 0.2 * random());
  });
  const spikes = (options.spikes ?? []).filter((spike) => days.includes(spike.day));
  const spikeTotal = Math.min(n, spikes.reduce((sum, spike) => sum + spike.clicks, 0));
  const base = n - spikeTotal;
  const weightSum = dayWeights.reduce((sum, weight) => sum + weight, 0);
  const quotas = dayWeights.map((weight) => Math.floor((base * weight) / weightSum));
  for (let left = base - quotas.reduce((sum, quota) => sum + quota, 0), i = 0; left > 0; left -= 1, i += 1) {
    quotas[i % quotas.length]! += 1;
  }

  let spikeLeft = spikeTotal;
  for (const [dayIndex, day] of days.entries()) {
    const forced: string[] = [];
    for (const spike of spikes) {
      if (spike.day !== day) continue;
      for (let i = 0; i < spike.clicks && spikeLeft > 0; i += 1, spikeLeft -= 1) forced.push(spike.categoryId);
    }
    const count = quotas[dayIndex]! + forced.length;
    const times = Array.from({ length: count }, () => timeOfDay(random)).sort((a, b) => a - b);
    for (let i = 0; i < count; i += 1) {
      const ms = times[i]!;
      const time = `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
      const categoryId = forced[i] ?? pickCategory(random);
      const voided = random() < 0.02;
      const ticketRoll = random();
      const event: StoredClickEvent = {
        id: uuid(random),
        occurredAt: `${day}T${time}${offset}`,
        day,
        agentId: pickAgent(random),
        categoryId,
        workOrderRef: random() < 0.03 ? null : `C${day.replace(/-/g, '')}-${pad(Math.floor(random() * 100_000), 5)}`,
        site: pickSite(random),
        voided,
        source,
      };
      const rule = pickRule(random);
      const emotion = pickEmotion(random);
      const risk = pickRisk(random);
      if (rule) event.countingRule = rule;
      if (emotion) event.emotion = emotion;
      if (risk) event.riskGrade = risk;
      if (ticketRoll < (ticketRate.get(categoryId) ?? 0.08)) event.ticketRaised = true;
      else if (ticketRoll > 0.6) event.ticketRaised = false;
      if (voided) {
        const undoneAt = ms + 5_000 + Math.floor(random() * 20_000);
        event.voidedAt = `${day}T${pad(Math.floor(undoneAt / 3_600_000) % 24)}:${pad(Math.floor(undoneAt / 60_000) % 60)}:${pad(Math.floor(undoneAt / 1000) % 60)}.${pad(undoneAt % 1000, 3)}${offset}`;
      }
      yield event;
    }
  }
}

export function generateEvents(n: number, seed: number, options: SampleOptions = {}): StoredClickEvent[] {
  return [...sampleEvents(n, seed, options)];
}
