#!/usr/bin/env node
// The `tracelight` command: runs the bundled CLI (dist/cli.js, built by `npm run build`).
'use strict';
require('../dist/cli.js').runFromCommandLine();
