/** Figures: extraction at index time, topics as data, comparison (drawing the chart is render/png's job). */
export { extractionVersion, figureSchema, type Figure } from './figure.js';
export { extractFigures } from './extract.js';
export { numberStyleFor, type NumberStyle } from './numbers.js';
export { measures, measureLabels, measureSchema, type Measure } from './measure.js';
export { resolveClaimDate } from './claimDate.js';
export {
  loadTopics,
  parseTopics,
  findTopic,
  figureMatchesTopic,
  topicSchema,
  UnknownTopicError,
  type Topic,
} from './topics.js';
export {
  compareFigures,
  timelineOf,
  type Claim,
  type SummaryGroup,
  type TimelineEntry,
  type Comparison,
  type ComparisonRow,
  type ComparisonSummary,
  type SourceRows,
} from './compare.js';
