// The console's page: the client (console/client, TypeScript) bundled by esbuild into one script,
// with the styles of uPlot and d3-flame-graph and the page itself, into dist/console/public.
// Type checking is tsc's (`tsc -p console/client`); esbuild only strips types and bundles.
const { build } = require('esbuild');
const { copyFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'console', 'public');
mkdirSync(out, { recursive: true });
build({
  entryPoints: [path.join(root, 'console', 'client', 'main.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  outfile: path.join(out, 'console.js'),
  legalComments: 'linked',
  logLevel: 'warning',
}).then(() => {
  for (const [from, to] of [
    ['console/static/index.html', 'index.html'],
    ['console/static/console.css', 'console.css'],
    ['node_modules/uplot/dist/uPlot.min.css', 'uPlot.min.css'],
    ['node_modules/d3-flame-graph/dist/d3-flamegraph.css', 'd3-flamegraph.css'],
  ]) copyFileSync(path.join(root, from), path.join(out, to));
}, () => {
  process.exitCode = 1;
});
