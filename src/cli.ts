#!/usr/bin/env node
// The CLI's entry (`sae-ingress`, dist/cli/index.js): it runs the program on this process's arguments and streams and
// exits with its code. Nothing else happens at import time.
import { main } from './cli/main.js'

process.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env })
