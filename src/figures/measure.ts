/**
 * What a figure measures, read from its casualty words, what it counts, its unit and rate and the
 * words of its sentence. General rules over the vocabulary of news about armies, not tables of
 * any article's figures: a moderator's topic says which of these measures it covers.
 */
import { z } from 'zod';
import { mentionsStem } from './text.js';

export const measures = [
  'deployed',
  'killed',
  'wounded',
  'killed-or-wounded',
  'captured',
  'missing',
  'casualties',
  'active-strength',
  'reserves',
  'paid-per-soldier',
  'payment',
  'revenue',
  'aid',
  'munitions',
  'share',
  'count',
  'money',
] as const;
export const measureSchema = z.enum(measures);
export type Measure = z.infer<typeof measureSchema>;

/** One line per measure, for docs, `--list` and the renderers. */
export const measureLabels: Record<Measure, string> = {
  deployed: 'deployed or sent',
  killed: 'killed',
  wounded: 'wounded',
  'killed-or-wounded': 'killed or wounded',
  captured: 'captured',
  missing: 'missing',
  casualties: 'casualties',
  'active-strength': 'active strength',
  reserves: 'reserves',
  'paid-per-soldier': 'paid per soldier',
  payment: 'payments',
  revenue: 'revenue',
  aid: 'aid and loans',
  munitions: 'munitions shipped',
  share: 'share (%)',
  count: 'other count',
  money: 'other money',
};

export interface MeasureInput {
  unit: 'count' | 'currency' | 'percent';
  rate?: string;
  counted?: string;
  outcome?: string;
  /** The figure's clause, where words that say what the number is stand ("reservists", "earn"). */
  clause: string;
  sentence: string;
}

const people = [
  'soldier',
  'troop',
  'forces',
  'personnel',
  'men',
  'fighter',
  'infantry',
  'boots',
  'people',
  'korean',
  'conscript',
  'recruit',
  'worker',
  'mercenar',
  'brigade',
  'unit',
  'staff',
  'general',
  'officer',
  'special forces',
];
const reserves = ['reservist', 'reserve', 'paramilitar'];
const active = ['active', 'standing army', 'strong', 'conscript', 'armed forces of', 'largest'];
const munitions = ['shell', 'round', 'missile', 'ammunition', 'munition', 'rocket', 'artillery', 'container', 'weapon'];
const revenue = ['earn', 'revenue', 'income', 'bring in', 'brings in', 'sale', 'sold', 'export'];
const payment = ['pay', 'paid', 'salar', 'wage', 'compensat', 'fee', 'reward', 'receiv'];
const aid = ['assistance', 'aid', 'loan', 'package', 'support'];

const has = (text: string, stems: readonly string[]) => stems.some((stem) => mentionsStem(text, stem));

/** The casualty measure of casualty words as written: "killed or wounded" is one measure, "killed" another. */
function casualtyMeasure(outcome: string): Measure {
  const killed = /\b(?:killed|dead|died|deaths?)\b/i.test(outcome);
  const wounded = /\b(?:wounded|injured)\b/i.test(outcome);
  if (killed && wounded) return 'killed-or-wounded';
  if (/\bcasualt|\bloss|\blost\b/i.test(outcome)) return 'casualties';
  if (killed) return 'killed';
  if (wounded) return 'wounded';
  if (/\bcaptured|\bprisoner/i.test(outcome)) return 'captured';
  if (/\bmissing\b/i.test(outcome)) return 'missing';
  return 'casualties';
}

export function measureOf(input: MeasureInput): Measure {
  const counted = input.counted ?? '';
  if (input.unit === 'percent') return 'share';
  if (input.outcome) return casualtyMeasure(input.outcome);
  if (input.unit === 'currency') {
    if (input.rate && /^(?:soldier|person|head|man|fighter|troop|recruit)$/.test(input.rate)) return 'paid-per-soldier';
    if (has(input.clause, revenue)) return 'revenue';
    if (has(input.clause, payment)) return 'payment';
    if (has(input.clause, aid)) return 'aid';
    if (has(input.sentence, revenue)) return 'revenue';
    if (has(input.sentence, payment)) return 'payment';
    return 'money';
  }
  if (has(counted, reserves)) return 'reserves';
  if (has(counted, munitions)) return 'munitions';
  if (has(counted, active) || (has(counted, people) && has(input.clause, active))) return 'active-strength';
  if (has(counted, people)) return 'deployed';
  return 'count';
}
