// The action's entry: it only calls run(). CommonJS on purpose: node starts a CommonJS entry ~4 ms faster than an
// ES module, and ncc bundles the ES modules of src/ (and the ESM-only toolkit) into it all the same.
'use strict'
require('./main.ts').run()
