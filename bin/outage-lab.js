#!/usr/bin/env node
'use strict';
// The CLI is TypeScript compiled to dist/ by `npm ci` (the prepare script).
try {
  require('../dist/cli/main.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    console.error('outage-lab is not built yet: run `npm ci` (or `npm run build`) in the repository first.');
    process.exit(1);
  }
  throw err;
}
