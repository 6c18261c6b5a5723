/** Figures: extraction at index time, topics as data, comparison (drawing the chart is render/png's job). */
export { extractionVersion, figureSchema, type Figure } from './figure.js';
export { extractFigures } from './extract.js';
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
  type Comparison,
  type ComparisonRow,
  type ComparisonSummary,
  type SourceRows,
} from './compare.js';
