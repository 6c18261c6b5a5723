/**
 * The architecture, enforced (`npm run lint:deps`, run by `npm run lint` and CI). Imports run only downward,
 * from the top of this list to the bottom:
 *
 *   commands/            one thin file per slash command
 *   src/discord/         the bot's glue          src/eval/ → src/cli/    the CLI entry points and the evaluation
 *   src/render/          core results as terminal text, JSON, Discord messages, a PNG chart
 *   src/knowledgeBase.ts the façade
 *   src/ask/, src/store/ answering; persistence of the whole knowledge base
 *   src/search/, src/figures/
 *   src/chunking/ → src/sources/ → src/semantic/ → src/text/ → src/util/
 *   src/feedback/ → src/util/ (used by commands/, src/discord/, src/cli/ and, for what insights and votes look
 *                              like in Discord, src/render/)
 *
 * Each layer below lists the folders of ours it may import; anything else of ours is forbidden. The core
 * (everything in src/ but discord/, cli/, render/ and eval/) knows nothing of Discord or of how results are shown.
 */

/** Layer → the layers (path prefixes under the repository root) it may import, besides itself. */
const util = ['src/util/'];
const text = [...util, 'src/text/'];
const semantic = [...text, 'src/semantic/'];
const sources = [...semantic, 'src/sources/'];
const chunking = [...sources, 'src/chunking/'];
const search = [...chunking, 'src/search/'];
const figures = [...chunking, 'src/figures/'];
const ask = [...search, 'src/ask/'];
const store = [...search, ...figures, 'src/store/'];
const core = [...ask, ...store, 'src/knowledgeBase.ts'];
const feedback = [...util, 'src/feedback/'];
const render = [...core, ...feedback, 'src/render/'];
const cli = [...render, ...feedback, 'src/cli/'];

const layers = {
  'src/util/': util,
  'src/text/': text,
  'src/semantic/': semantic,
  'src/feedback/': feedback,
  'src/sources/': sources,
  'src/chunking/': chunking,
  'src/search/': search,
  'src/figures/': figures,
  'src/ask/': ask,
  'src/store/': store,
  'src/knowledgeBase.ts': core,
  'src/render/': render,
  'src/cli/': cli,
  'src/eval/': [...cli, 'src/eval/'],
  'src/discord/': [...render, ...feedback, 'src/discord/'],
  'commands/': [...render, ...feedback, 'src/discord/', 'commands/'],
};

const escapeRegExp = (path) => path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const anyOf = (paths) => `^(${[...new Set(paths)].map(escapeRegExp).join('|')})`;

/** A rule: `from` may not use (with `reachable`: reach at all) the npm packages matching `packages`. */
const packageRule = ({ name, comment, from, packages, reachable }) => ({
  name,
  comment,
  severity: 'error',
  from,
  to: { path: `(^|/)node_modules/${packages}/`, ...(reachable ? { reachable } : {}) },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...Object.entries(layers).map(([layer, allowed]) => ({
      name: `layer:${layer.replace(/\/$/, '').replace(/^src\//, '')}`,
      comment: `${layer} may import only ${[...new Set(allowed)].join(', ')} (imports run downward)`,
      severity: 'error',
      from: { path: `^${escapeRegExp(layer)}` },
      to: { path: '^(src|commands)/', pathNot: anyOf(allowed) },
    })),
    packageRule({
      name: 'core-knows-no-discord',
      comment: 'The core (src/ but discord, cli, render, eval) must not use discord.js',
      from: { path: '^src/', pathNot: '^src/(discord|cli|render|eval)/' },
      packages: '(discord\\.js|@discordjs)',
    }),
    packageRule({
      name: 'canvas-only-in-render-png',
      comment: 'Only the chart renderer draws: anything else importing @napi-rs/canvas loads the native addon',
      from: { pathNot: '^src/render/png/' },
      packages: '@napi-rs/canvas',
    }),
    packageRule({
      name: 'ask-loads-no-canvas',
      comment: 'npm run ask must not load @napi-rs/canvas (80–110 ms a start): no barrel may re-export the chart',
      from: { path: '^src/(cli/(ask|sources|reindex)|eval/run)\\.ts$' },
      packages: '@napi-rs/canvas',
      reachable: true,
    }),
    {
      name: 'discord-renderers-not-cli-renderers',
      comment: 'Discord renderers share code through render/shared, not by importing the text or JSON renderers',
      severity: 'error',
      from: { path: '^src/render/discord/' },
      to: { path: '^src/render/(text|json)/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle means two modules are one job, or a shared piece belongs lower down',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      comment: 'Code that ships (src, commands) must not need a devDependency',
      severity: 'error',
      from: { path: '^(src|commands)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
