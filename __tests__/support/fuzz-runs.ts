/** Quoted by reports: how many generated files each property of the validator fuzz test checks. */
export const FUZZ_RUNS = { invalid: 700, valid: 250, seed: 20260829 } as const

/** How many of the fuzzer's invalid files also run end to end through dist/index.js. */
export const FUZZ_SAMPLE = { runs: 30, seed: 20261129 } as const
