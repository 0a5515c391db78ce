import fc from 'fast-check'
import { loadIngressFile } from '../src/engine/ingress/load.js'
import { canonicalIngressFile, fromUpdateRequest, toUpdateRequest } from '../src/engine/ingress/params.js'
import { ENV, encode, invalidFile, layout, render, validFile } from './support/ingress-arbitraries.js'

import { FUZZ_RUNS } from './support/fuzz-runs.js'

describe('fuzzing loadIngressFile', () => {
  test(`rejects ${FUZZ_RUNS.invalid} generated invalid files, each with located problems and no exception`, async () => {
    const kinds = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(invalidFile, async ({ kind, content, env }) => {
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
        const result = await loadIngressFile(content, (env as Record<string, string>) ?? ENV)
        expect(result.ok).toBe(false)
        if (result.ok) return
        expect(result.problems.length).toBeGreaterThan(0)
        for (const problem of result.problems) {
          expect(problem.line).toBeGreaterThanOrEqual(1)
          expect(problem.column).toBeGreaterThanOrEqual(1)
          // Human words only: a regular expression or an internal error in a message is a bug.
          expect(problem.message).not.toMatch(/must match the pattern|internal error|^\s*$/)
        }
      }),
      { numRuns: FUZZ_RUNS.invalid, seed: FUZZ_RUNS.seed }
    )
    expect([...kinds.keys()].sort()).toEqual(
      ['deep nesting', 'duplicate key', 'huge string', 'malformed JSON', 'missing field', 'missing placeholder', 'non-UTF-8 bytes', 'out of range', 'rule rules', 'unknown key', 'wrong type'].sort()
    )
  })

  test(`accepts ${FUZZ_RUNS.valid} generated valid files, which survive a round trip through the API parameters`, async () => {
    await fc.assert(
      fc.asyncProperty(validFile, layout, fc.integer({ min: 1, max: 2 ** 40 }), async (expected, how, ingressId) => {
        const result = await loadIngressFile(render(encode(expected), how), ENV)
        if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)))
        expect(result.ingress).toEqual(expected)
        expect(result.warnings).toHaveLength(expected.LoadBalanceType === undefined ? 0 : 1)
        expect(fromUpdateRequest(toUpdateRequest(result.ingress, ingressId))).toEqual(canonicalIngressFile(result.ingress, ingressId))
      }),
      { numRuns: FUZZ_RUNS.valid, seed: FUZZ_RUNS.seed }
    )
  })

})
