import { join } from 'node:path';
import { readCollections } from '../src/eval/bank.js';
import { readEvalQuestions } from '../src/eval/retrieval.js';
import { projectRoot } from '../src/util/paths.js';

/**
 * The fixed questions every corpus is asked, in this order, every run. A mix on purpose:
 * questions the seeds answer, everyday English that finds Brown paragraphs, misspellings
 * (which take the typo-tolerant path) and questions nothing answers (which search the most
 * and answer the least). Against a corpus that lacks a topic, a question is simply unanswerable.
 */
export const benchQuestions: readonly string[] = [
  // About the seeds.
  'How many troops has North Korea sent to Russia?',
  'What did the GUR claim about North Korean casualties?',
  'How many North Korean soldiers were injured according to South Korean intelligence?',
  'Who is Gustav Gressel?',
  'How many Russian soldiers were wounded in Kursk?',
  'What agreement did the Duma ratify?',
  'Where are the North Korean troops fighting?',
  'Why are North Korean troops a nightmare for Russia?',
  'What does Kim Jong-un get in return for sending soldiers?',
  'Did NATO confirm that North Korean troops are in Russia?',
  'What weapons has North Korea supplied to Russia?',
  'How did drones affect the North Korean soldiers?',
  'What did the US National Security Council say?',
  'How many shells has Pyongyang sent?',
  'What is the Storm Corps?',
  // Everyday English that the Brown corpus answers.
  'What did the Fulton County grand jury say about the election?',
  'What did the jury recommend about registration and election laws?',
  'Who won the primary election in Atlanta?',
  'What causes the dust to spiral into the sun?',
  'How long would a particle near the orbit of Mars take to reach the sun?',
  'What did the president say about the budget?',
  'How much money did the state legislature spend on schools?',
  'Who was elected governor?',
  'What happened to the price of cotton?',
  'What did the church teach about marriage?',
  'How do you bake bread at home?',
  'What did the doctor say about the patient?',
  'Why did the team lose the baseball game?',
  'What is the role of the Federal government in education?',
  'How many people live in the city?',
  'What did the soldiers do during the war?',
  'Who wrote the letter to the editor?',
  'What is the cost of administration in the county?',
  'What did the students learn in college?',
  'How does the engine work?',
  // Misspelt: unknown terms take the typo-tolerant path.
  'How many troosp has North Korea sent to Rusia?',
  'What did the GUR claim about North Korean casualites?',
  'Who is Gustav Gresel?',
  'What did the Fulton County grand jurry say about the electon?',
  'What causes the dust to spiral into the sunn?',
  'What did the presdient say about the budgt?',
  'What is the role of the Federal goverment in educaton?',
  'How many soliders were wouned in Kursk?',
  // Unanswerable: nothing in any corpus says.
  'What is the capital of Australia?',
  'Who won the 2022 FIFA World Cup?',
  'What is the airspeed velocity of an unladen swallow?',
  'How do I reset my router password?',
  'What is the boiling point of tungsten in kelvin?',
  'When will quantum computers break RSA encryption?',
  'Which smartphone has the best camera?',
];

/** Timed passes over the questions after one warm-up pass: 250 samples, so p99 is not one outlier. */
export const timedPasses = 5;

/** The question bank's topic whose texts, like the brown corpora, are the Brown corpus's 1961 press. */
const brownTopic = 'american-press-1961';

/**
 * Questions the bench asks once each, after the fixed ones: the question bank's questions on the Brown texts, none
 * of them among the fixed ones. Asked once, their paragraphs' analyses are not yet cached, so they time what a
 * member's new question costs.
 */
export function unseenQuestions(): string[] {
  return readCollections()
    .filter((collection) => collection.topic === brownTopic)
    .flatMap((collection) => readEvalQuestions(join(projectRoot, collection.questions)).map(({ q }) => q));
}
