// What the runner hands the action's process, for the scripts that run dist/index.js by hand (`npm start`,
// `npm run bench`): every input that has a default in action.yml, the ones given, file commands and credentials.
import { readFile } from 'node:fs/promises'
import path from 'node:path'

/** `INPUT_<NAME>` (hyphens kept) for each input of action.yml that has a default, as the runner passes them. */
export async function actionDefaults(root) {
  const yml = await readFile(path.join(root, 'action.yml'), 'utf8')
  const inputs = yml.split(/^outputs:/m)[0].split(/^inputs:/m)[1] ?? ''
  const defaults = {}
  let name
  for (const line of inputs.split('\n')) {
    const named = /^ {2}([\w-]+):\s*$/.exec(line)
    if (named) name = named[1]
    const value = /^ {4}default:\s*(.*)$/.exec(line)
    if (value && name) {
      const text = value[1].trim().replace(/^(['"])(.*)\1$/, '$2')
      // `${{ github.token }}` has no value outside a workflow: a stand-in token.
      defaults[`INPUT_${name.toUpperCase()}`] = text.includes('${{') ? 'ghs_local_stand_in_token' : text
    }
  }
  return defaults
}

/** The environment of one step: `defaults` (see actionDefaults), then `inputs` by their action.yml names. */
export function runnerEnv({ root, temp, outputFile, summaryFile, keys, defaults, inputs }) {
  const given = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]))
  return {
    PATH: process.env.PATH ?? '',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: root,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: temp,
    ALIBABA_CLOUD_ACCESS_KEY_ID: keys.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.accessKeySecret,
    ...defaults,
    ...given
  }
}

/** The GITHUB_OUTPUT file: `name<<DELIMITER`, the value, `DELIMITER`. */
export function parseOutputs(text) {
  const outputs = {}
  for (const match of text.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]] = match[3]
  return outputs
}
