#!/usr/bin/env -S node --import tsx
// The `modelmint` command-line client. Run: node --import tsx sdk/bin/modelmint.ts --help
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
