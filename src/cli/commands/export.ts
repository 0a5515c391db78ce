// `sae-ingress export`: the live ingress as an ingress file, to adopt an ingress that already exists (commit it, then
// `plan` shows no changes). The file goes to stdout or --output; what it cannot hold goes to stderr as warnings.
import { writeFileSync } from 'node:fs'
import { deadlineAfter } from '../../engine/clock.js'
import { InputError } from '../../engine/failure.js'
import { exportIngress } from '../../engine/plan/export.js'
import { resolveIngress, withSaeSession } from '../../engine/sae/session.js'
import { ingressRef, saeTarget, timeoutMs, type RemoteOptions, type Session } from '../context.js'

export interface ExportOptions extends RemoteOptions {
  output?: string
}

/** What showInvisible makes visible (engine/text/visible.ts) but the line breaks of the JSON layout. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu
const AS_IS = /^\n$|^\p{Variation_Selector}$/u

/**
 * The file as JSON with every control, bidi or other invisible character written as a \u escape: the same values (the
 * round trip holds), but nothing the service holds can act on a terminal, or read differently in a review, as written.
 */
function fileText(file: object): string {
  const escape = (char: string) => [...Array(char.length).keys()].map(at => `\\u${char.charCodeAt(at).toString(16).padStart(4, '0')}`).join('')
  return JSON.stringify(file, null, 2).replace(INVISIBLE, char => (AS_IS.test(char) ? char : escape(char))) + '\n'
}

export async function exportCommand(options: ExportOptions, session: Session): Promise<number> {
  const { terminal, ctx } = session
  const ref = ingressRef(options)
  const target = saeTarget(options, session, terminal.io.env)
  const text = await withSaeSession(target, ctx, deadlineAfter(ctx.clock, timeoutMs(options)), async sae => {
    const ingressId = await resolveIngress(sae, ref)
    const { ingress } = await sae.client(sae.deadline).describeIngress(ingressId)
    const { file, warnings } = exportIngress(ingress, { withId: 'ingressId' in ref })
    for (const warning of warnings) terminal.warning(warning)
    terminal.say(`Exported ingress ${ingressId}: ${file.Rules?.length ?? 0} rule(s).`)
    // Whatever the service holds, a secret of this run never leaves in the file.
    return ctx.secrets.redact(fileText(file))
  })
  if (!options.output) {
    terminal.io.stdout.write(text)
    return 0
  }
  try {
    writeFileSync(options.output, text, { flag: 'wx' })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new InputError(code === 'EEXIST' ? `--output ${options.output} exists already; choose another file or remove it.` : `--output ${options.output} cannot be written: ${code ?? String(err)}.`)
  }
  terminal.say(`Wrote ${options.output}.`)
  return 0
}
