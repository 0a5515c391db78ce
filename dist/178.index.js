export const id = 178;
export const ids = [178];
export const modules = {

/***/ 8592:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LINE_LIMIT: () => (/* binding */ LINE_LIMIT),
/* harmony export */   MESSAGE_LIMIT: () => (/* binding */ MESSAGE_LIMIT),
/* harmony export */   addSecret: () => (/* binding */ addSecret),
/* harmony export */   addSecretsFromEnvironment: () => (/* binding */ addSecretsFromEnvironment),
/* harmony export */   appendSummary: () => (/* binding */ appendSummary),
/* harmony export */   debug: () => (/* binding */ debug),
/* harmony export */   error: () => (/* binding */ error),
/* harmony export */   group: () => (/* binding */ group),
/* harmony export */   info: () => (/* binding */ info),
/* harmony export */   loadToolkit: () => (/* binding */ loadToolkit),
/* harmony export */   notice: () => (/* binding */ notice),
/* harmony export */   redact: () => (/* binding */ redact),
/* harmony export */   setFailed: () => (/* binding */ setFailed),
/* harmony export */   setOutputs: () => (/* binding */ setOutputs),
/* harmony export */   warning: () => (/* binding */ warning)
/* harmony export */ });
/* harmony import */ var _engine_text_secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2033);
/* harmony import */ var _engine_text_clip_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3020);
/* harmony import */ var _engine_text_visible_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5790);



let toolkit;
const waiting = [];
/** Writes now, or as soon as the toolkit has loaded, after everything written before. */
function emit(write) {
    if (toolkit)
        write(toolkit);
    else
        waiting.push(write);
}
/** Loads @actions/core, then writes what waited for it. Await it before the run ends: outputs and summary need it. */
async function loadToolkit() {
    toolkit ??= await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(889)]).then(__webpack_require__.bind(__webpack_require__, 1889));
    for (const write of waiting.splice(0))
        write(toolkit);
}
/** A line holds a few values at most; a message (a plan of 40 rules) many lines. */
const LINE_LIMIT = 4 * _engine_text_clip_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_VALUE_CHARS */ .x;
const MESSAGE_LIMIT = 64 * _engine_text_clip_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_VALUE_CHARS */ .x;
/** GitHub refuses a step summary over 1 MiB; the renderers stay far below, this only bounds the worst case. */
const SUMMARY_LIMIT = 1000 * _engine_text_clip_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_VALUE_CHARS */ .x;
const secrets = new Set();
let needles = [];
/** Masks the value in the runner's log and redacts it, in every spelling, from everything this module writes. */
function addSecret(value) {
    if (!value || value.trim().length < 4 || secrets.has(value))
        return;
    secrets.add(value);
    for (const form of (0,_engine_text_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .secretForms */ .eo)(value))
        emit(core => core.setSecret(form));
    needles = (0,_engine_text_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .needlesOf */ .en)(secrets);
}
/**
 * Registers the secrets the runner hands every action in the environment: the ID-token request token, the runtime
 * token and proxy credentials (user:password in HTTPS_PROXY, HTTP_PROXY, ALL_PROXY). Call first thing in a run.
 */
function addSecretsFromEnvironment(env = process.env) {
    for (const secret of (0,_engine_text_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .secretsFromEnvironment */ .$S)(env))
        addSecret(secret);
}
/** The run's secrets and every credential shape, replaced by ***. For anything written outside this module. */
function redact(text) {
    return (0,_engine_text_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .redactWith */ .Q5)(needles, text);
}
const eachLine = (text) => text.split('\n').map(line => (0,_engine_text_clip_js__WEBPACK_IMPORTED_MODULE_2__/* .clip */ .$)(line, LINE_LIMIT)).join('\n');
/** A plain log line: the runner reads it as written, so it must not be readable as a command. */
const logText = (message) => eachLine((0,_engine_text_visible_js__WEBPACK_IMPORTED_MODULE_1__/* .neutraliseCommands */ .$B)((0,_engine_text_visible_js__WEBPACK_IMPORTED_MODULE_1__/* .showInvisible */ .jQ)((0,_engine_text_clip_js__WEBPACK_IMPORTED_MODULE_2__/* .clip */ .$)(redact(message), MESSAGE_LIMIT))));
/** Data of a command (annotation, debug, group title): @actions/core escapes line breaks and `%` there. */
const commandText = (message) => eachLine((0,_engine_text_visible_js__WEBPACK_IMPORTED_MODULE_1__/* .showInvisible */ .jQ)((0,_engine_text_clip_js__WEBPACK_IMPORTED_MODULE_2__/* .clip */ .$)(redact(message), MESSAGE_LIMIT)));
// Each text is made safe when it is written to this module, with the secrets known then (masks go out first).
function info(message) {
    const text = logText(message);
    emit(core => core.info(text));
}
function debug(message) {
    const text = commandText(message);
    emit(core => core.debug(text));
}
function warning(message, properties) {
    const text = commandText(message);
    emit(core => core.warning(text, properties));
}
function notice(message, properties) {
    const text = commandText(message);
    emit(core => core.notice(text, properties));
}
function error(message, properties) {
    const text = commandText(message);
    emit(core => core.error(text, properties));
}
function setFailed(message) {
    const text = commandText(message);
    emit(core => core.setFailed(text));
}
/** A collapsible section of the log around one phase of the run (what core.group does, through emit). */
async function group(title, work) {
    const text = commandText(title);
    emit(core => core.startGroup(text));
    try {
        return await work();
    }
    finally {
        emit(core => core.endGroup());
    }
}
/** Outputs, each redacted (and otherwise exact: scripts read them), in the order given. */
async function setOutputs(outputs) {
    await loadToolkit();
    for (const [name, value] of outputs)
        toolkit.setOutput(name, redact(value));
}
/** Nothing masks the job summary: it is redacted here. */
async function appendSummary(markdown) {
    await loadToolkit();
    await toolkit.summary.addRaw((0,_engine_text_clip_js__WEBPACK_IMPORTED_MODULE_2__/* .clip */ .$)(redact(markdown), SUMMARY_LIMIT)).write();
}


/***/ }),

/***/ 3848:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ql: () => (/* binding */ commentMarker),
/* harmony export */   pB: () => (/* binding */ renderStaleComment),
/* harmony export */   pI: () => (/* binding */ fitComment),
/* harmony export */   wQ: () => (/* binding */ renderComment)
/* harmony export */ });
/* unused harmony export COMMENT_LIMIT */
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6948);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3245);


/** GitHub refuses a comment body over 65,536 characters (JavaScript counts UTF-16 units: never fewer). */
const COMMENT_LIMIT = 65_536;
/** Hidden marker that makes the comment sticky: one per ingress, found again on the next run. */
function commentMarker(ingressId) {
    return `<!-- sae-ingress-action: ingress ${ingressId} -->`;
}
const RESULT = {
    'validated-offline': '☑️ The ingress file is valid (validated offline: no credentials on this run).',
    planned: '📝 Dry run: nothing was written.',
    unchanged: '✅ Already up to date.',
    updated: '✅ Deployed.',
    failed: '❌ Deployment failed.'
};
const runLink = (runUrl) => (runUrl ? `[workflow run](${runUrl})` : 'workflow run');
/**
 * The pull request comment: preview URLs, the plan and the result, all user text escaped (src/report/markdown.ts:
 * no mention, reference or markup from a value). Within COMMENT_LIMIT: a plan too long for it is left to the job
 * summary, and whatever still does not fit is cut with a note.
 */
function renderComment(report, ingressId, runUrl) {
    const removed = report.mode === 'remove';
    const title = removed ? `🗑️ Preview removed from SAE ingress ${ingressId}` : `🚀 Preview on SAE ingress ${ingressId}`;
    const parts = [commentMarker(ingressId), `### ${title}`];
    if (report.urls.length && !(removed && report.outcome !== 'failed')) {
        parts.push(report.urls.map(url => `- ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)(url)}`).join('\n'));
    }
    else if (removed && report.outcome !== 'failed') {
        parts.push(`The rules for ${report.urls.map(url => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(url)).join(', ') || 'this pull request'} are no longer served.`);
    }
    const planAt = parts.length;
    if (report.plan)
        parts.push(`<details><summary>Plan (${report.mode})</summary>\n\n${(0,_summary_js__WEBPACK_IMPORTED_MODULE_1__/* .planTable */ .k0)(report.plan)}\n\n</details>`);
    let result = RESULT[report.outcome ?? 'failed'];
    if (report.error)
        result += ` ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(report.error, _summary_js__WEBPACK_IMPORTED_MODULE_1__/* .MESSAGE_CHARS */ .Ye)}`;
    if (report.update?.requestId)
        result += ` RequestId ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(report.update.requestId)}.`;
    if (report.rollback)
        result += ` Rollback: ${report.rollback.ok ? 'done' : 'failed'}.`;
    parts.push(result);
    if (runUrl)
        parts.push(`[Workflow run](${runUrl})`);
    const body = parts.join('\n\n') + '\n';
    if (body.length <= COMMENT_LIMIT || !report.plan)
        return fitComment(body, runUrl);
    parts[planAt] = `The plan (${report.plan.rules.length} rule(s)) is too long for a comment: it is in the job summary of the ${runLink(runUrl)}.`;
    return fitComment(parts.join('\n\n') + '\n', runUrl);
}
/** The body unchanged when it fits; else cut at a line within COMMENT_LIMIT, any open <details> closed, and a note. */
function fitComment(body, runUrl) {
    if (body.length <= COMMENT_LIMIT)
        return body;
    const note = `\n\n✂️ This comment was cut at %d of ${body.length} characters (GitHub allows ${COMMENT_LIMIT}); the full report is in the job summary of the ${runLink(runUrl)}.\n`;
    let cut = body.slice(0, COMMENT_LIMIT - note.length - 40);
    cut = cut.slice(0, Math.max(cut.lastIndexOf('\n'), 0));
    const open = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
    return `${cut}${'\n\n</details>'.repeat(Math.max(open, 0))}${note.replace('%d', String(cut.length))}`;
}
/**
 * What the sticky comment says when this run could not put its report there: the earlier report (maybe a success)
 * must not stand as if it were current.
 */
function renderStaleComment(ingressId, runUrl) {
    return `${commentMarker(ingressId)}\n\n### ⚠️ SAE ingress ${ingressId}: this comment is out of date\n\nA later run could not write its report here; what this comment said before no longer holds. See the ${runLink(runUrl)}.\n`;
}


/***/ }),

/***/ 6948:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FV: () => (/* binding */ escapeMarkdown),
/* harmony export */   Hn: () => (/* binding */ cell),
/* harmony export */   nf: () => (/* binding */ link),
/* harmony export */   tp: () => (/* binding */ table)
/* harmony export */ });
/* harmony import */ var _engine_text_clip_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3020);
/* harmony import */ var _engine_text_visible_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5790);


/**
 * A word GitHub would turn into something that acts: `@name` notifies a person or team, `#12`, `GH-12` and
 * `owner/repo#12` link (and cross-reference) issues, `scheme://…` becomes a link. Inside a code span none of that
 * happens (GitHub's documented exception), and the text still reads as written.
 */
const ACTS = /[@#]|:\/\/|^GH-\d/i;
/** A word (no whitespace, and none of the characters a code span or a table cell cannot hold), or one character. */
const TOKEN = /[^\s`|<>]+|\r\n|[\s\S]/gu;
const WORD_SPECIAL = /[&\\*_{}[\]()+!~]/g;
const SEPARATOR = new Map([['<', '&lt;'], ['>', '&gt;'], ['`', '\\`'], ['|', '\\|'], ['\r\n', '<br>'], ['\r', '<br>'], ['\n', '<br>']]);
function escapeWord(word) {
    if (ACTS.test(word))
        return `\`${word}\``;
    return word.replace(WORD_SPECIAL, special => (special === '&' ? '&amp;' : `\\${special}`));
}
/**
 * Text from the ingress file, the API or the user, made inert in Markdown/HTML (job summary, PR comment): at most
 * `max` characters (then a marker), invisible characters shown as [U+202E], HTML's &, < and > as entities, Markdown's
 * punctuation backslash-escaped, line breaks as <br>, and words that would mention, reference or link in code spans.
 */
function escapeMarkdown(text, max = _engine_text_clip_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_VALUE_CHARS */ .x) {
    return (0,_engine_text_visible_js__WEBPACK_IMPORTED_MODULE_0__/* .showInvisible */ .jQ)((0,_engine_text_clip_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$)(text, max)).replace(TOKEN, token => SEPARATOR.get(token) ?? (/\s/.test(token) ? token : escapeWord(token)));
}
/** A value for a table cell: strings escaped, objects as compact JSON, absent as an em dash. */
function cell(value) {
    if (value === undefined || value === null || value === '')
        return '—';
    return escapeMarkdown(typeof value === 'string' ? value : JSON.stringify(value));
}
/** A URL the action built from validated values (rule URLs): a link when it is a plain http(s) URL, else text. */
function link(url) {
    return /^https?:\/\/[^\s<>`|\\"']+$/.test(url) && url.length <= _engine_text_clip_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_VALUE_CHARS */ .x ? `<${url}>` : escapeMarkdown(url);
}
function table(headers, rows) {
    const line = (cells) => `| ${cells.join(' | ')} |`;
    return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}


/***/ }),

/***/ 3245:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Br: () => (/* binding */ renderSummary),
/* harmony export */   Ye: () => (/* binding */ MESSAGE_CHARS),
/* harmony export */   k0: () => (/* binding */ planTable)
/* harmony export */ });
/* unused harmony export rulesTable */
/* harmony import */ var _engine_text_clip_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3020);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6948);
/* harmony import */ var _engine_ingress_urls_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5534);



const HEADLINE = {
    'validated-offline': '☑️ Ingress file is valid (offline dry run: no credentials, nothing was read or written)',
    planned: '📝 Dry run: nothing was written',
    unchanged: '✅ Ingress is already up to date: nothing to write',
    updated: '✅ Ingress updated',
    failed: '❌ Ingress deployment failed'
};
/** A message (an error, a warning) holds a few values, each already cut to MAX_VALUE_CHARS where it was made. */
const MESSAGE_CHARS = 4 * _engine_text_clip_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_VALUE_CHARS */ .x;
const MARK = { added: '➕ added', removed: '➖ removed', changed: '✏️ changed', unchanged: '· unchanged' };
function target(report) {
    const listener = report.ingress?.ListenerProtocol ?? report.live?.ListenerProtocol;
    const port = report.ingress?.ListenerPort ?? report.live?.ListenerPort;
    const rows = [
        ['Ingress', report.ingressId],
        ['Region', report.regionId],
        ['File', report.file],
        ['Rules mode', report.mode],
        ['Listener', listener || port ? `${listener ?? ''} ${port ?? ''}`.trim() : undefined],
        ['RequestId', report.update?.requestId],
        ['TraceId', report.update?.traceId]
    ];
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .table */ .tp)(['', ''], rows.filter(([, v]) => v !== undefined).map(([k, v]) => [`**${k}**`, (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(v)]));
}
const ruleTarget = (rule) => rule ? `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(rule.appName ?? rule.appId)} :${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(rule.containerPort)}${rule.backendProtocol ? ` (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(rule.backendProtocol)})` : ''}` : '—';
function planTable(plan) {
    // A change the file asks for only by leaving a field out (issue 9.2): said so, as in the diff output.
    const implicit = (field) => (field.implicit ? ' _(not in the file: back to the default)_' : '');
    const rows = [
        ...plan.settings.map(change => ['✏️ changed', `setting ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(change.name)}`, (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(change.before), (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(change.after) + implicit(change)]),
        ...plan.rules
            .filter(change => change.kind !== 'unchanged')
            .map(change => [
            MARK[change.kind],
            `rule ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(change.key)}`,
            change.kind === 'changed' ? (change.fields ?? []).map(f => `${f.name}: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(f.before)}`).join('<br>') : ruleTarget(change.before),
            change.kind === 'changed' ? (change.fields ?? []).map(f => `${f.name}: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(f.after)}${implicit(f)}`).join('<br>') : ruleTarget(change.after)
        ])
    ];
    const unchanged = plan.rules.filter(change => change.kind === 'unchanged').length;
    const note = unchanged ? `\n\n${unchanged} other rule(s) unchanged.` : '';
    return rows.length ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .table */ .tp)(['Change', 'What', 'Before', 'After'], rows) + note : 'No changes.';
}
function rulesTable(ingress, urls) {
    const rules = ingress.Rules ?? [];
    if (!rules.length)
        return 'The file sets no rules.';
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .table */ .tp)(['Domain', 'Path', 'App', 'Port', 'URL'], rules.map((rule, i) => [(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(rule.domain), (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(rule.path), (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(rule.appName ?? rule.appId), (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(rule.containerPort), urls[i] ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)(urls[i]) : '—']));
}
function renderSummary(report) {
    const parts = [`### ${HEADLINE[report.outcome ?? 'failed']}${report.rollback ? ' · rolled back' : ''}`, target(report)];
    if (report.error)
        parts.push(`**Error:** ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(report.error, MESSAGE_CHARS)}`);
    if (report.problems?.length) {
        parts.push((0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .table */ .tp)(['Line', 'Column', 'Problem'], report.problems.map(p => [String(p.line), String(p.column), (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(p.message, MESSAGE_CHARS)])));
    }
    if (report.warnings.length)
        parts.push(report.warnings.map(w => `> ⚠️ ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(w, MESSAGE_CHARS)}`).join('\n'));
    if (report.plan)
        parts.push(`#### Plan (${report.mode})\n\n${planTable(report.plan)}`);
    if (report.verification && !report.verification.ok) {
        parts.push(`#### Did not take\n\n${report.verification.unmet.map(line => `- ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(line, MESSAGE_CHARS)}`).join('\n')}`);
    }
    if (report.health) {
        const h = report.health;
        const seen = h.status !== undefined ? `HTTP ${h.status}` : (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(h.error);
        parts.push(`**Health check:** ${h.ok ? '✅' : '❌'} ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)((0,_engine_ingress_urls_js__WEBPACK_IMPORTED_MODULE_1__/* .displayUrl */ .Q)(h.url))} answered ${seen} after ${h.attempts} attempt(s)`);
    }
    if (report.rollback) {
        const id = report.rollback.requestId ? ` (RequestId ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(report.rollback.requestId)})` : '';
        parts.push(`**Rollback:** ${report.rollback.ok ? '✅' : '❌'} ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(report.rollback.message, MESSAGE_CHARS)}${id}`);
    }
    if (report.ingress)
        parts.push(`#### Rules in the file\n\n${rulesTable(report.ingress, report.urls)}`);
    return parts.join('\n\n') + '\n';
}


/***/ }),

/***/ 8178:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runStep: () => (/* binding */ runStep)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/engine/clock.ts
const systemClock = {
    now: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    random: () => Math.random()
};
function deadlineAfter(clock, ms) {
    const end = clock.now() + ms;
    return {
        clock,
        remainingMs: () => Math.max(0, end - clock.now()),
        expired: () => clock.now() >= end
    };
}

// EXTERNAL MODULE: ./src/engine/ingress/types.ts
var types = __webpack_require__(9283);
;// CONCATENATED MODULE: ./src/engine/ingress/params.ts

/**
 * The file ↔ UpdateIngress parameters. Only parameters present in the file are sent, so a key
 * left out keeps its current value on the service. Objects go as JSON strings with a fixed key
 * order, so the same file always produces the same request.
 */
const CORS_KEYS = ['Enable', 'AllowOrigin', 'AllowMethods', 'AllowHeaders', 'ExposeHeaders', 'AllowCredentials', 'MaxAge'];
function ruleJson(rule) {
    return withoutUndefined({
        appId: rule.appId,
        containerPort: rule.containerPort,
        domain: rule.domain,
        path: rule.path,
        backendProtocol: rule.backendProtocol,
        rewritePath: rule.rewritePath,
        appName: rule.appName
    });
}
function defaultRuleJson(rule) {
    return withoutUndefined({
        appId: rule.appId,
        containerPort: rule.containerPort,
        backendProtocol: rule.backendProtocol,
        appName: rule.appName
    });
}
function withoutUndefined(object) {
    for (const key of Object.keys(object))
        if (object[key] === undefined)
            delete object[key];
    return object;
}
/** The API documents every CORS value as a string: `{"Enable":"true","MaxAge":"600"}`. */
function corsJson(cors) {
    const out = {};
    for (const key of CORS_KEYS)
        if (cors[key] !== undefined)
            out[key] = String(cors[key]);
    return out;
}
function toUpdateRequest(ingress, ingressId) {
    const query = { IngressId: String(ingressId) };
    const put = (name, value) => {
        if (value !== undefined)
            query[name] = String(value);
    };
    put('Description', ingress.Description);
    put('ListenerPort', ingress.ListenerPort);
    put('ListenerProtocol', ingress.ListenerProtocol);
    put('CertId', ingress.CertId);
    put('CertIds', Array.isArray(ingress.CertIds) ? ingress.CertIds.join(',') : ingress.CertIds);
    if (ingress.DefaultRule)
        put('DefaultRule', JSON.stringify(defaultRuleJson(ingress.DefaultRule)));
    put('RequestTimeout', ingress.RequestTimeout);
    put('IdleTimeout', ingress.IdleTimeout);
    put('SecurityPolicyId', ingress.SecurityPolicyId);
    if (ingress.CorsConfig)
        put('CorsConfig', JSON.stringify(corsJson(ingress.CorsConfig)));
    put('EnableGzip', ingress.EnableGzip);
    for (const flag of types/* X_FORWARDED_FLAGS */._)
        put(flag, ingress[flag]);
    const request = { query };
    if (ingress.Rules)
        request.rules = JSON.stringify(ingress.Rules.map(ruleJson));
    return request;
}
function fromCors(cors) {
    const out = {};
    for (const key of CORS_KEYS) {
        const value = cors[key];
        if (value === undefined)
            continue;
        if (key === 'Enable')
            out.Enable = value === true || value === 'true';
        else if (key === 'MaxAge')
            out.MaxAge = Number(value);
        else if (key === 'AllowCredentials')
            out.AllowCredentials = value;
        else
            out[key] = String(value);
    }
    return out;
}
function fromRule(rule) {
    return withoutUndefined({
        appId: String(rule.appId),
        containerPort: Number(rule.containerPort),
        domain: String(rule.domain),
        path: String(rule.path),
        backendProtocol: rule.backendProtocol,
        rewritePath: rule.rewritePath,
        appName: rule.appName
    });
}
function fromDefaultRule(rule) {
    return withoutUndefined({
        appId: String(rule.appId),
        containerPort: Number(rule.containerPort),
        backendProtocol: rule.backendProtocol,
        appName: rule.appName
    });
}
/**
 * The inverse of toUpdateRequest, in canonical form: ListenerPort and CorsConfig.MaxAge as
 * numbers, CertIds as an array, CorsConfig.Enable as a boolean. Throws on malformed JSON values.
 */
function fromUpdateRequest(request) {
    const q = request.query;
    const file = {};
    const number = (name) => (q[name] === undefined ? undefined : Number(q[name]));
    if (q.IngressId !== undefined)
        file.IngressId = Number(q.IngressId);
    if (q.Description !== undefined)
        file.Description = q.Description;
    file.ListenerPort = number('ListenerPort');
    if (q.ListenerProtocol !== undefined)
        file.ListenerProtocol = q.ListenerProtocol;
    if (q.CertId !== undefined)
        file.CertId = q.CertId;
    if (q.CertIds !== undefined)
        file.CertIds = q.CertIds.split(',');
    if (q.DefaultRule !== undefined)
        file.DefaultRule = fromDefaultRule(JSON.parse(q.DefaultRule));
    if (request.rules !== undefined)
        file.Rules = JSON.parse(request.rules).map(fromRule);
    file.RequestTimeout = number('RequestTimeout');
    file.IdleTimeout = number('IdleTimeout');
    if (q.SecurityPolicyId !== undefined)
        file.SecurityPolicyId = q.SecurityPolicyId;
    if (q.CorsConfig !== undefined)
        file.CorsConfig = fromCors(JSON.parse(q.CorsConfig));
    if (q.EnableGzip !== undefined)
        file.EnableGzip = q.EnableGzip === 'true';
    for (const flag of X_FORWARDED_FLAGS)
        if (q[flag] !== undefined)
            file[flag] = q[flag] === 'true';
    return withoutUndefined(file);
}
/**
 * A file as the service will hold it, in fromUpdateRequest's canonical form: what a round trip
 * through the API parameters must give back. `$schema` and LoadBalanceType are dropped.
 */
function canonicalIngressFile(ingress, ingressId) {
    const { $schema: _schema, LoadBalanceType: _type, ...rest } = ingress;
    const file = { ...rest, IngressId: ingressId };
    if (rest.ListenerPort !== undefined)
        file.ListenerPort = Number(rest.ListenerPort);
    if (typeof rest.CertIds === 'string')
        file.CertIds = rest.CertIds.split(',');
    if (rest.DefaultRule)
        file.DefaultRule = fromDefaultRule({ ...rest.DefaultRule });
    if (rest.Rules)
        file.Rules = rest.Rules.map((rule) => fromRule({ ...rule }));
    if (rest.CorsConfig)
        file.CorsConfig = fromCors({ ...rest.CorsConfig });
    return withoutUndefined(file);
}

;// CONCATENATED MODULE: ./src/engine/plan/coerce.ts
/**
 * Lenient readers for values that came over the wire. pop-core parses JSON with json-bigint, so
 * objects may have a null prototype, integers beyond 2^53 arrive as BigNumber objects, and the
 * service is not consistent about numbers vs numeric strings (ListenerPort is an int in
 * DescribeIngress and a string in ListIngresses). Nothing here trusts the declared types.
 */
function isBigNumberLike(value) {
    return (typeof value === 'object' &&
        value !== null &&
        typeof value.toNumber === 'function');
}
/** A plain JSON object, whatever its prototype; arrays and BigNumbers are not records. */
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && !isBigNumberLike(value);
}
/** Own property only: a null-prototype object has no `hasOwnProperty`, and inherited keys are not data. */
function read(record, key) {
    return isRecord(record) && Object.hasOwn(record, key) ? record[key] : undefined;
}
const NUMERIC = /^\s*[-+]?\d+(\.\d+)?\s*$/;
function asNumber(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? value : undefined;
    if (typeof value === 'bigint')
        return Number(value);
    if (isBigNumberLike(value))
        return asNumber(value.toNumber());
    if (typeof value === 'string' && NUMERIC.test(value))
        return Number(value);
    return undefined;
}
function asInteger(value) {
    const number = asNumber(value);
    return number !== undefined && Number.isInteger(number) ? number : undefined;
}
function asBoolean(value) {
    if (typeof value === 'boolean')
        return value;
    if (typeof value === 'string') {
        const lowered = value.trim().toLowerCase();
        if (lowered === 'true')
            return true;
        if (lowered === 'false')
            return false;
    }
    return undefined;
}
/** Strings as they are; numbers (also big ones) as their decimal text; anything else is no string. */
function asString(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    if (typeof value === 'bigint' || isBigNumberLike(value))
        return value.toString();
    return undefined;
}
/** The string unchanged, unless it is blank: the service may send "" where a value is not set. */
function asNonEmptyString(value) {
    const text = asString(value);
    return text !== undefined && text.trim() !== '' ? text : undefined;
}
function asArray(value) {
    return Array.isArray(value) ? value : [];
}

;// CONCATENATED MODULE: ./src/engine/plan/equivalence.ts

/**
 * When a value the file states is the same as what the service reports. The file is free to
 * spell things the way the API accepts them (ports as strings, CertIds as arrays), and the
 * service fills in values the file left out, so plain `===` would report changes on every run
 * and make verification fail forever.
 */
/** DNS names are case-insensitive; paths are not (and may be regular expressions on ALB). */
function ruleKey(rule) {
    return `${rule.domain.toLowerCase()}${rule.path}`;
}
function compareRules(a, b) {
    return order(a.domain.toLowerCase(), b.domain.toLowerCase()) || order(a.path, b.path);
}
/** Code-unit order, so the result does not depend on the runner's locale. */
function order(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** What the service assumes when a rule has no backend protocol. */
const DEFAULT_BACKEND_PROTOCOL = 'http';
/**
 * Differences between a rule in the file and the live rule with the same key, in a fixed order.
 *
 * A rule in the file is the whole rule, because UpdateIngress replaces rules whole: `backendProtocol` left out means
 * `http` and `rewritePath` left out means no rewrite, so a live `https` or rewrite the file does not state is a
 * difference (marked `implicit`). Only what the service derives is never one: a rule's AppName comes from its app.
 */
function ruleDifferences(file, live) {
    const fields = [];
    const differ = (name, same, before, after, stated = true) => {
        if (!same)
            fields.push({ name, before, after, ...(stated ? {} : { implicit: true }) });
    };
    differ('appId', asString(file.appId) === asString(live.appId), live.appId, file.appId);
    differ('containerPort', sameNumber(file.containerPort, live.containerPort), live.containerPort, file.containerPort);
    const [fileProtocol, liveProtocol] = [file.backendProtocol ?? DEFAULT_BACKEND_PROTOCOL, live.backendProtocol ?? DEFAULT_BACKEND_PROTOCOL];
    differ('backendProtocol', sameWord(fileProtocol, liveProtocol), liveProtocol, fileProtocol, file.backendProtocol !== undefined);
    const [fileRewrite, liveRewrite] = [rewritePathOf(file), rewritePathOf(live)];
    differ('rewritePath', sameText(fileRewrite, liveRewrite), liveRewrite, fileRewrite, fileRewrite !== undefined);
    return fields;
}
function rewritePathOf(rule) {
    return 'rewritePath' in rule ? rule.rewritePath : undefined;
}
/** The DefaultRule setting changes only through a field the file leaves out (see ruleDifferences). */
function onlyImplicit(fields) {
    return fields.length > 0 && fields.every((field) => field.implicit);
}
/** The idle timeout the service applies when asked for 0 ("use the default"). */
const DEFAULT_IDLE_TIMEOUT = 15;
function sameSetting(name, file, live) {
    switch (name) {
        case 'ListenerPort':
        case 'RequestTimeout':
            return sameNumber(file, live);
        case 'IdleTimeout':
            if (asNumber(file) === 0)
                return live === undefined || [0, DEFAULT_IDLE_TIMEOUT].includes(asNumber(live) ?? NaN);
            return sameNumber(file, live);
        case 'ListenerProtocol':
            return sameWord(file, live);
        case 'CertIds':
            return sameList(certIds(file), certIds(live));
        case 'DefaultRule':
            return isRecord(file) && isRecord(live)
                ? ruleDifferences(file, live).length === 0
                : file === live;
        case 'CorsConfig':
            return sameCors(file, live);
        case 'Description':
        case 'CertId':
        case 'SecurityPolicyId':
            return sameText(file, live);
        default:
            return sameFlag(file, live);
    }
}
/** `"80"` and `80` are the same port; non-numbers fall back to text so nothing compares equal by accident. */
function sameNumber(a, b) {
    const [x, y] = [asNumber(a), asNumber(b)];
    return x !== undefined && y !== undefined ? x === y : sameText(a, b);
}
/** A blank string and no value both mean "not set". */
function sameText(a, b) {
    return asNonEmptyString(a)?.trim() === asNonEmptyString(b)?.trim();
}
function sameWord(a, b) {
    return asNonEmptyString(a)?.trim().toLowerCase() === asNonEmptyString(b)?.trim().toLowerCase();
}
/** Flags the service leaves out are off, so `false` in the file matches a missing flag. */
function sameFlag(a, b) {
    const [x, y] = [asBoolean(a), asBoolean(b)];
    if (x === undefined || y === undefined)
        return x === undefined ? sameText(a, b) : !x && b === undefined;
    return x === y;
}
/** The file may list CertIds as an array; the service answers with a comma-separated string. */
function certIds(value) {
    const items = Array.isArray(value) ? value.map((item) => asString(item) ?? '') : (asString(value) ?? '').split(',');
    return items.map((item) => item.trim()).filter((item) => item !== '');
}
function sameList(a, b) {
    const [x, y] = [[...new Set(a)].sort(), [...new Set(b)].sort()];
    return x.length === y.length && x.every((item, index) => item === y[index]);
}
/**
 * Key by key, and only for keys the file sets: the service reports every CORS value as a
 * string (`"true"`, `"600"`) and fills in keys the file did not mention.
 */
function sameCors(file, live) {
    if (!isRecord(file))
        return file === live;
    return Object.keys(file).every((key) => {
        const wanted = file[key];
        return wanted === undefined || corsValue(key, wanted) === corsValue(key, read(live, key));
    });
}
function corsValue(key, value) {
    if (key === 'Enable')
        return String(asBoolean(value) ?? false);
    if (key === 'MaxAge')
        return asString(asNumber(value)) ?? asNonEmptyString(value);
    if (key === 'AllowCredentials')
        return asNonEmptyString(value)?.trim().toLowerCase();
    // Lists such as "GET, POST" and "GET,POST" mean the same; their order is kept as written.
    return asNonEmptyString(value)
        ?.split(',')
        .map((item) => item.trim())
        .join(',');
}

;// CONCATENATED MODULE: ./src/engine/plan/normalise.ts



/**
 * The live ingress in the file's own shape, so that it can be planned against and also be
 * written out as `previous-config`: a file the same action can re-apply to roll back.
 *
 * Choices, each so that the result stays a file the schema accepts and a re-apply is faithful:
 * - Service-only fields (Name, SlbId, SlbType, NamespaceId, CreatedBySae, LoadBalanceType,
 *   RuleActions) are dropped: UpdateIngress does not take them. RuleActions are read apart
 *   (liveRuleActions), so that no write drops them unannounced.
 * - Derived values are dropped too: a rule's AppName is the service's name for its app, not a
 *   request parameter, so re-applying this file sends only documented fields.
 * - Blank strings count as "not set" (the service may return "" for an unset CertId).
 * - Settings outside the range the API documents (ListenerPort 1-65535, RequestTimeout 1-180,
 *   IdleTimeout 1-60) are dropped rather than clamped: clamping would invent a value, while
 *   leaving them out makes a re-apply keep whatever the service has.
 * - Rules are never dropped and their values are kept even when unusual: in upsert and remove
 *   mode they are re-sent on behalf of other teams, so fidelity beats schema tidiness.
 * - `Rules` is always present (possibly empty): the live rule set is known, and an empty one
 *   is a real state to roll back to.
 */
function normaliseLive(live) {
    const source = live;
    const file = {};
    const put = (key, value) => {
        if (value !== undefined)
            file[key] = value;
    };
    put('IngressId', asInteger(read(source, 'Id')));
    put('Description', asNonEmptyString(read(source, 'Description')));
    put('ListenerPort', inRange(asInteger(read(source, 'ListenerPort')), 1, 65535));
    put('ListenerProtocol', listenerProtocol(read(source, 'ListenerProtocol')));
    put('CertId', asNonEmptyString(read(source, 'CertId')));
    put('CertIds', asNonEmptyString(read(source, 'CertIds')));
    put('DefaultRule', defaultRule(read(source, 'DefaultRule')));
    put('Rules', asArray(read(source, 'Rules')).filter(isRecord).map(rule));
    put('RequestTimeout', inRange(asInteger(read(source, 'RequestTimeout')), 1, 180));
    put('IdleTimeout', inRange(asInteger(read(source, 'IdleTimeout')), 1, 60));
    put('SecurityPolicyId', asNonEmptyString(read(source, 'SecurityPolicyId')));
    put('CorsConfig', corsConfig(read(source, 'CorsConfig')));
    put('EnableGzip', asBoolean(read(source, 'EnableGzip')));
    for (const flag of types/* X_FORWARDED_FLAGS */._)
        put(flag, asBoolean(read(source, flag)));
    return file;
}
function inRange(value, min, max) {
    return value !== undefined && value >= min && value <= max ? value : undefined;
}
function listenerProtocol(value) {
    const upper = asNonEmptyString(value)?.trim().toUpperCase();
    return upper === 'HTTP' || upper === 'HTTPS' ? upper : undefined;
}
/** Lower-cased, since the request side spells it `http`; an unknown value is kept for fidelity. */
function backendProtocol(value) {
    return asNonEmptyString(value)?.trim().toLowerCase();
}
function rule(live) {
    const result = {
        appId: asString(read(live, 'AppId')) ?? '',
        containerPort: asInteger(read(live, 'ContainerPort')) ?? 0,
        domain: asString(read(live, 'Domain')) ?? '',
        path: asString(read(live, 'Path')) ?? ''
    };
    const protocol = backendProtocol(read(live, 'BackendProtocol'));
    if (protocol !== undefined)
        result.backendProtocol = protocol;
    const rewritePath = asNonEmptyString(read(live, 'RewritePath'));
    if (rewritePath !== undefined)
        result.rewritePath = rewritePath;
    return result;
}
/** Without an app there is no default rule to speak of (the service may return an empty object). */
function defaultRule(live) {
    const appId = asNonEmptyString(read(live, 'AppId'));
    const containerPort = asInteger(read(live, 'ContainerPort'));
    if (appId === undefined || containerPort === undefined)
        return undefined;
    const result = { appId, containerPort };
    const protocol = backendProtocol(read(live, 'BackendProtocol'));
    if (protocol !== undefined)
        result.backendProtocol = protocol;
    return result;
}
/**
 * The RuleActions of live rules (redirects and rewrites set up in the console), by rule key. No request model has a
 * field for them, so a rule re-sent by UpdateIngress loses them: the planner uses this to refuse such a write unless
 * dropping them is accepted. A malformed entry still counts as an action: better a refusal than a silent loss.
 */
function liveRuleActions(live) {
    const byKey = new Map();
    for (const entry of asArray(read(live, 'Rules')).filter(isRecord)) {
        const raw = read(entry, 'RuleActions');
        const actions = (isRecord(raw) ? [raw] : asArray(raw)).map(ruleAction);
        if (actions.length === 0)
            continue;
        const key = ruleKey(rule(entry));
        byKey.set(key, [...(byKey.get(key) ?? []), ...actions]);
    }
    return byKey;
}
function ruleAction(entry) {
    const type = asNonEmptyString(read(entry, 'ActionType'))?.trim() ?? 'unknown';
    const config = asNonEmptyString(read(entry, 'ActionConfig'));
    return config === undefined ? { type } : { type, config };
}
const CORS_TEXT_KEYS = ['AllowOrigin', 'AllowMethods', 'AllowHeaders', 'ExposeHeaders'];
/** Values stay the strings the service uses; those the file schema cannot hold are left out. */
function corsConfig(live) {
    if (!isRecord(live))
        return undefined;
    const result = {};
    const enable = asBoolean(read(live, 'Enable'));
    if (enable !== undefined)
        result.Enable = String(enable);
    for (const key of CORS_TEXT_KEYS) {
        const text = asNonEmptyString(read(live, key));
        if (text !== undefined)
            result[key] = text;
    }
    const credentials = asNonEmptyString(read(live, 'AllowCredentials'))?.trim().toLowerCase();
    if (credentials === 'on' || credentials === 'off')
        result.AllowCredentials = credentials;
    const maxAge = inRange(asInteger(read(live, 'MaxAge')), -1, 172800);
    if (maxAge !== undefined)
        result.MaxAge = String(maxAge);
    return Object.keys(result).length > 0 ? result : undefined;
}

;// CONCATENATED MODULE: ./src/engine/plan/rule-set.ts

function planRules(fileRules, liveRules, mode, options = {}) {
    if (fileRules === undefined) {
        const changes = liveRules.map(unchanged);
        return { touched: false, result: liveRules, changes: sorted(changes), changed: false, absent: [], problems: [] };
    }
    const { byKey: wanted, problems } = indexFileRules(fileRules);
    const live = new Map();
    for (const rule of liveRules)
        if (!live.has(ruleKey(rule)))
            live.set(ruleKey(rule), rule);
    const result = [];
    const changes = [];
    const absent = [];
    const keep = (rule, change) => {
        result.push(rule);
        changes.push(change);
    };
    const remove = (rule) => {
        changes.push({ kind: 'removed', key: ruleKey(rule), before: rule });
    };
    // A second live rule with a key already seen cannot be told apart from the first; it is
    // dropped when the file addresses that key, and left alone otherwise.
    const seen = new Set();
    if (mode === 'replace') {
        for (const rule of wanted.values())
            keep(...resolve(rule, live.get(ruleKey(rule))));
        for (const rule of liveRules) {
            const key = ruleKey(rule);
            if (!wanted.has(key) || seen.has(key))
                remove(rule);
            seen.add(key);
        }
    }
    else {
        for (const rule of liveRules) {
            const key = ruleKey(rule);
            const ours = wanted.get(key);
            const repeat = seen.has(key);
            seen.add(key);
            if (ours === undefined)
                keep(rule, unchanged(rule));
            else if (mode === 'remove' || repeat)
                remove(rule);
            else
                keep(...resolve(ours, rule));
        }
        for (const [key, rule] of wanted) {
            if (live.has(key))
                continue;
            if (mode === 'upsert')
                keep(rule, { kind: 'added', key, after: rule });
            else
                absent.push(key);
        }
    }
    const changed = changes.some((change) => change.kind !== 'unchanged');
    if (changed)
        problems.push(...dropActions(changes, options));
    return { touched: true, result, changes: sorted(changes), changed, absent: absent.sort(), problems };
}
/**
 * The rule set is sent whole and no request can carry RuleActions, so every live rule that is sent again (kept or
 * changed) loses its actions. Removing such a rule is what the file asks and needs no consent. Dropping them is
 * refused unless accepted (a problem names the rules); once accepted, it is a change of each rule, shown as such.
 */
function dropActions(changes, options) {
    const losing = [];
    for (const change of changes) {
        const actions = change.kind === 'unchanged' || change.kind === 'changed' ? options.ruleActions?.get(change.key) : undefined;
        if (actions?.length)
            losing.push([change, actions]);
    }
    if (losing.length === 0)
        return [];
    if (!options.dropRuleActions) {
        const named = losing.map(([change, actions]) => `${change.key} (${actionTypes(actions)})`).join(', ');
        return [
            `RuleActions would be lost: UpdateIngress replaces the rule set whole and cannot carry RuleActions, so re-sending ` +
                `${losing.length === 1 ? 'rule' : 'rules'} ${named} would drop ${losing.length === 1 ? 'its' : 'their'} actions ` +
                '(set up outside this file, e.g. in the console). Nothing was sent. Set the input drop-rule-actions: true to ' +
                'accept dropping them, or remove the actions in the console first.'
        ];
    }
    for (const [change, actions] of losing) {
        change.kind = 'changed';
        change.fields = [...(change.fields ?? []), { name: 'ruleActions', before: actions, after: undefined, implicit: true }];
    }
    return [];
}
function actionTypes(actions) {
    return actions.map((action) => action.type).join(', ');
}
/** Duplicates in the file are an error (which one should win?); the last one is planned with. */
function indexFileRules(rules) {
    const byKey = new Map();
    const problems = [];
    rules.forEach((rule, index) => {
        const key = ruleKey(rule);
        if (byKey.has(key))
            problems.push(`Rules[${index}] repeats the domain and path of an earlier rule: ${key}`);
        byKey.set(key, rule);
    });
    return { byKey, problems };
}
/**
 * An unchanged rule is re-sent as the service reported it. A changed one is sent as the file states it: a rule in
 * the file is the whole rule (see ruleDifferences), and the live fields it leaves out go back to their defaults.
 */
function resolve(file, live) {
    const key = ruleKey(file);
    if (live === undefined)
        return [file, { kind: 'added', key, after: file }];
    const fields = ruleDifferences(file, live);
    if (fields.length === 0)
        return [live, unchanged(live)];
    return [file, { kind: 'changed', key, before: live, after: file, fields }];
}
function unchanged(rule) {
    return { kind: 'unchanged', key: ruleKey(rule), before: rule, after: rule };
}
function sorted(changes) {
    const rule = (change) => (change.after ?? change.before);
    return [...changes].sort((a, b) => compareRules(rule(a), rule(b)));
}

// EXTERNAL MODULE: ./src/engine/plan/types.ts
var plan_types = __webpack_require__(5909);
;// CONCATENATED MODULE: ./src/engine/plan/plan.ts




/** SAE rejects UpdateIngress with more rules than this (`Exceed.IngressRule`). */
const MAX_RULES = 40;
/**
 * What to send so the live ingress becomes what the file asks for, given the rules mode.
 * `live` is the DescribeIngress result already in file shape (see normaliseLive).
 *
 * Only settings the file states are compared and sent: a file holding just `IngressId` and
 * `Rules` leaves listener, certificates and timeouts to whoever manages them. When anything
 * changed, every stated setting is sent as the file states it, so the request is the file's
 * intent rather than a patch computed from a snapshot that may already be stale.
 *
 * `options.ruleActions` (from liveRuleActions) lets the plan refuse, or with `dropRuleActions` show, a write that
 * would drop RuleActions of live rules.
 */
function planChanges(desired, live, mode, options = {}) {
    const rules = planRules(desired.Rules, live.Rules ?? [], mode, options);
    const stated = statedSettings(desired);
    const settings = settingChanges(stated, live);
    const ingressId = desired.IngressId ?? live.IngressId;
    const problems = [...rules.problems, ...identityProblems(desired, live)];
    // Only a rule set that is sent can exceed the limit; upsert counts the merged set (other teams' rules too).
    if (rules.changed && rules.result.length > MAX_RULES) {
        problems.push(`Exceed.IngressRule: the ingress would hold ${rules.result.length} rules, SAE allows at most ${MAX_RULES}; nothing was sent`);
    }
    const changed = rules.changed || settings.length > 0;
    const id = ingressId === undefined ? {} : { IngressId: ingressId };
    const send = changed
        ? { ...id, ...stated, ...(rules.changed ? { Rules: rules.result } : {}) }
        : undefined;
    const { $schema: _schema, ...liveState } = live;
    const after = { ...liveState, ...stated, ...id };
    if (rules.touched)
        after.Rules = rules.result;
    return {
        mode,
        rules: rules.changes,
        settings,
        rulesChanged: rules.changed,
        changed,
        ...(send ? { send } : {}),
        after,
        absent: rules.absent,
        problems
    };
}
/** The file's settings in the order the file lists them; null counts as not stated. */
function statedSettings(desired) {
    const stated = {};
    for (const [name, value] of Object.entries(desired)) {
        if (isSettingName(name) && value !== undefined && value !== null)
            stated[name] = value;
    }
    return stated;
}
function isSettingName(name) {
    return plan_types/* SETTING_NAMES */.O.includes(name);
}
function settingChanges(stated, live) {
    const changes = [];
    for (const [name, after] of Object.entries(stated)) {
        const settingName = name;
        const before = live[settingName];
        if (sameSetting(settingName, after, before))
            continue;
        changes.push({ name: settingName, before, after, ...(defaultRuleOnlyImplicit(settingName, after, before) ? { implicit: true } : {}) });
    }
    return changes;
}
/** A DefaultRule in the file is the whole rule too: a live `https` it does not state goes back to `http`. */
function defaultRuleOnlyImplicit(name, file, live) {
    if (name !== 'DefaultRule' || !isRecord(file) || !isRecord(live))
        return false;
    return onlyImplicit(ruleDifferences(file, live));
}
/** Planning one ingress against another's live state would overwrite the wrong rule set. */
function identityProblems(desired, live) {
    if (desired.IngressId === undefined && live.IngressId === undefined) {
        return ['IngressId is not known: set it in the file or with the ingress-id input'];
    }
    if (desired.IngressId !== undefined && live.IngressId !== undefined && Number(desired.IngressId) !== Number(live.IngressId)) {
        return [`the file is for ingress ${desired.IngressId} but the live ingress is ${live.IngressId}`];
    }
    return [];
}

;// CONCATENATED MODULE: ./src/engine/apply/live-view.ts


/** How long before an answer is read a stall may have ended and still have held it: the answer's own processing. */
const ANSWER_PROCESSING_MS = 50;
/** One DescribeIngress of `ingressId`, timed as LiveView says. */
async function readLive(client, ingressId, deps) {
    const clock = deps.deadline.clock;
    const stalled = deps.stallsSince?.();
    const readAt = clock.now();
    const { ingress, roundTripMs } = await client.describeIngress(ingressId);
    const answeredAt = clock.now();
    return {
        file: normaliseLive(ingress),
        ruleActions: liveRuleActions(ingress),
        answeredAt,
        // The answer arrived at some point of the wait: it may have waited as long as the longest stall since the request.
        unreadMs: stalled?.longest() ?? 0,
        // The settle subtracts this, so it must not overstate the network: on the wire when the transport measured it
        // (not the TCP and TLS handshakes or a proxy's tunnel a first request waits for, nor a retry's wait), less the
        // stalls that can have held the answer.
        networkRttMs: Math.max(0, (roundTripMs ?? answeredAt - readAt) - (stalled?.holding(ANSWER_PROCESSING_MS) ?? 0))
    };
}
/** Time since the answer to `live` arrived, as far as this run can tell. */
const sinceAnswer = (live, clock) => clock.now() - live.answeredAt + live.unreadMs;
/** The plan for `file` against a read, with the read's rule actions (which a write may have to keep or drop). */
function planFor(file, live, mode, options) {
    const planOptions = { ruleActions: live.ruleActions, dropRuleActions: options.dropRuleActions };
    return planChanges(file, live.file, mode, planOptions);
}

;// CONCATENATED MODULE: ./src/engine/plan/render-diff.ts
/**
 * The plan as plain text, one line per change, for a step output and the log. The job summary
 * renders its own table from the Plan, so nothing here is Markdown or escaped.
 *
 *   + rule pr-42.preview.example.com/ → 2f9c...:8080
 *   - rule old.example.com/
 *   ~ rule a.example.com/api: containerPort 8080 → 9090
 *   ~ rule b.example.com/: rewritePath /v2 → unset (not in the file: back to the default)
 *   ~ rule c.example.com/: RuleActions redirect → dropped (drop-rule-actions)
 *   ~ RequestTimeout: 60 → 30
 *   = rule gone.example.com/ is not live, nothing to remove
 *   ! Exceed.IngressRule: ...
 */
function renderDiff(plan) {
    const lines = [];
    for (const change of plan.rules) {
        const line = ruleLine(change);
        if (line !== undefined)
            lines.push(line);
    }
    for (const setting of plan.settings) {
        lines.push(`~ ${setting.name}: ${formatValue(setting.before)} → ${formatValue(setting.after)}${implicitNote(setting)}`);
    }
    if (lines.length === 0)
        lines.push('no changes');
    for (const key of plan.absent)
        lines.push(`= rule ${key} is not live, nothing to remove`);
    for (const problem of plan.problems)
        lines.push(`! ${problem}`);
    return lines.map(oneLine).join('\n');
}
/**
 * A line break inside a value (a Description, a path) would start a new log line, which the runner reads as a
 * workflow command when it begins with `::`; it is shown escaped, so each change stays on one line.
 */
function oneLine(line) {
    return line.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}
function ruleLine(change) {
    switch (change.kind) {
        case 'added':
            return `+ rule ${change.key} → ${target(change.after)}`;
        case 'removed':
            return `- rule ${change.key}`;
        case 'changed':
            return `~ rule ${change.key}: ${(change.fields ?? []).map(fieldChange).join(', ')}`;
        case 'unchanged':
            return undefined;
    }
}
/** Where a new rule sends traffic, with the optional settings it states. */
function target(rule) {
    const extras = [
        rule.backendProtocol && `backendProtocol ${rule.backendProtocol}`,
        rule.rewritePath && `rewritePath ${rule.rewritePath}`
    ].filter(Boolean);
    return `${rule.appId}:${rule.containerPort}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}
/** Said wherever a plan is shown (diff output, log, job summary): a change the file asks for only by leaving a field out. */
const IMPLICIT_NOTE = 'not in the file: back to the default';
function implicitNote(field) {
    return field.implicit ? ` (${IMPLICIT_NOTE})` : '';
}
function fieldChange(field) {
    if (field.name === 'ruleActions')
        return `RuleActions ${describeActions(field.before)} → dropped (drop-rule-actions)`;
    return `${field.name} ${formatValue(field.before)} → ${formatValue(field.after)}${implicitNote(field)}`;
}
/** The action types of a `ruleActions` field change (its `before`), e.g. `redirect, rewrite`. */
function describeActions(actions) {
    return Array.isArray(actions) ? actions.map((action) => String(action?.type)).join(', ') : formatValue(actions);
}
/** Compact and unambiguous: scalars bare, objects and arrays as JSON, a missing value as `unset`. */
function formatValue(value) {
    if (value === undefined || value === null)
        return 'unset';
    if (typeof value === 'string')
        return value === '' ? '""' : value;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
        return String(value);
    return JSON.stringify(value);
}

;// CONCATENATED MODULE: ./src/engine/plan/verify.ts


/**
 * What of the file's intent the live ingress does not show, one short line each; empty when
 * it all took. Used after writing, to confirm the update, and to notice a concurrent writer
 * that put back an older rule set without our rule (the caller then re-plans from the latest
 * live state and applies again).
 *
 * It re-plans `desired` against the new live state in the same mode and reports every change
 * that would still be made, so "took" means exactly what planning compares: in upsert our rules
 * are present and equal, in remove they are absent, in replace the rule set is equal, and the
 * stated settings are equal everywhere.
 */
function unmet(desired, live, mode) {
    const remaining = planChanges(desired, live, mode);
    const lines = [];
    for (const change of remaining.rules) {
        const line = verify_ruleLine(change, mode);
        if (line !== undefined)
            lines.push(line);
    }
    for (const setting of remaining.settings)
        lines.push(`${setting.name} ${expectation(setting)}`);
    return lines;
}
function verify_ruleLine(change, mode) {
    switch (change.kind) {
        case 'added':
            return `rule ${change.key} is missing`;
        case 'removed':
            // Upsert removes nothing but a repeated copy of one of our rules.
            if (mode === 'remove')
                return `rule ${change.key} is still present`;
            if (mode === 'replace')
                return `rule ${change.key} is present but not in the file`;
            return `rule ${change.key} is present more than once`;
        case 'changed':
            return `rule ${change.key}: ${(change.fields ?? []).map((field) => `${field.name} ${expectation(field)}`).join(', ')}`;
        case 'unchanged':
            return undefined;
    }
}
function expectation(change) {
    const actual = change.before === undefined ? 'is not set' : `is ${formatValue(change.before)}`;
    return `${actual}, expected ${formatValue(change.after)}`;
}

;// CONCATENATED MODULE: ./src/engine/apply/rollback.ts

function canonical(ingress) {
    const rules = [...(ingress.Rules ?? [])].sort(compareRules);
    const sorted = Object.fromEntries(Object.entries({ ...ingress, Rules: rules }).sort(([a], [b]) => (a < b ? -1 : 1)));
    return JSON.stringify(sorted);
}
/** Same live state, ignoring the order the service lists rules in. */
function sameIngress(a, b) {
    return canonical(a) === canonical(b);
}
/**
 * What to re-apply (in replace mode) to undo this run: the settings the file set go back to their earlier values,
 * and the rules this run touched go back to how they were. In upsert/remove mode every other rule is kept as it is
 * live now, so a rollback never undoes another team's concurrent change.
 */
function rollbackTarget(file, mode, before, live) {
    const target = { IngressId: before.IngressId };
    const record = target;
    for (const key of Object.keys(file)) {
        if (key === 'Rules' || key === 'IngressId' || key === '$schema' || key === 'LoadBalanceType')
            continue;
        if (before[key] !== undefined)
            record[key] = before[key];
    }
    if (!file.Rules)
        return target;
    if (mode === 'replace') {
        target.Rules = before.Rules ?? [];
        return target;
    }
    const touched = new Set(file.Rules.map(ruleKey));
    target.Rules = [
        ...(live.Rules ?? []).filter(rule => !touched.has(ruleKey(rule))),
        ...(before.Rules ?? []).filter(rule => touched.has(ruleKey(rule)))
    ];
    return target;
}

// EXTERNAL MODULE: ./src/engine/failure.ts + 1 modules
var failure = __webpack_require__(5001);
// EXTERNAL MODULE: ./src/engine/sae/errors.ts
var errors = __webpack_require__(7675);
;// CONCATENATED MODULE: ./src/engine/apply/settle.ts
// How long an upsert or remove waits between its write and its confirming read: the rule every run follows, what it
// assumes of the others writing the same ingress, and the wait that follows from both (README "Concurrency").
const DEFAULT_WRITERS = { rttFactor: 1.5, processingMs: 100 };
/**
 * The quiet time between our write's acknowledgement and the confirming read in upsert/remove. With n the network
 * round trip (the quickest read's) and W a write's (network and service time): our write was applied about n/2
 * before its acknowledgement. A writer that read before that (served then, answered n/2 later) sends its stale merge
 * within processingMs, and it is applied within its W ≤ rttFactor·W_ours: by ackAt − n/2 + n/2 + processingMs +
 * rttFactor·W. Our read is served about n/2 after it is sent, so sending it at ackAt + rttFactor·W − n +
 * processingMs or later sees that write. With a service that answers at once (W = n) that is half a round trip plus
 * processingMs. A writer that read after our write merged into a state holding our rule. Pure.
 */
function settleAfterWrite(timing, now, writers = DEFAULT_WRITERS) {
    const network = Math.min(timing.readRttMs, timing.rttMs);
    const earliest = timing.ackAt + writers.rttFactor * timing.rttMs - network + writers.processingMs;
    return Math.max(0, Math.ceil(earliest - now));
}

// EXTERNAL MODULE: ./src/engine/sae/retry.ts
var sae_retry = __webpack_require__(9252);
;// CONCATENATED MODULE: ./src/engine/apply/write-and-confirm.ts










/**
 * Describe, plan, and (unless dry, unchanged or rejected: see plan.problems) write and confirm.
 * Health checks and rollback are the caller's.
 */
async function deploy(file, options, deps) {
    const { client, log } = deps;
    const group = deps.group ?? ((_title, work) => work());
    const clock = deps.deadline.clock;
    let live;
    const result = await group('Plan', async () => {
        live = await readLive(client, options.ingressId, deps);
        const before = live.file;
        const previousConfig = await deps.savePrevious(before);
        const plan = planFor(file, live, options.mode, options);
        log.info(`Plan for ingress ${options.ingressId} (${options.mode}):\n${renderDiff(plan)}`);
        for (const key of plan.absent)
            log.notice(`Rule ${key} is not on ingress ${options.ingressId}: nothing to remove.`);
        return { before, previousConfig, plan };
    });
    const { plan } = result;
    if (plan.problems.length || !plan.changed || !plan.send || options.dryRun)
        return result;
    const written = await group('Apply', async () => {
        const done = await write(file, options, deps, { plan, from: live });
        if (done.update)
            log.info(`UpdateIngress accepted (RequestId ${done.update.requestId}).`);
        return done;
    });
    result.update = written.update;
    const timing = { rttMs: written.rttMs, readRttMs: live.networkRttMs, ackAt: clock.now() };
    // A shared rule set has no compare-and-swap: reading back is the only way to notice a concurrent writer.
    if (options.wait || options.mode !== 'replace') {
        result.verification = await group('Confirm', () => write_and_confirm_confirm(file, options, deps, written, timing, update => (result.update = update)));
        const { ok, reads, reapplies } = result.verification;
        if (ok)
            log.info(`Confirmed: the live ingress matches (${reads} read(s), ${reapplies} re-apply(s)).`);
    }
    return result;
}
/**
 * Sends a plan. In replace mode the request is the file's intent whatever the live state, so the client retries it
 * as it is. In upsert and remove the request is a merge into a snapshot of the live rules, which is only sent within
 * the writers' processing time of that snapshot's answer (see ConcurrentWriters); after a failed attempt, or when
 * this run was slower than that, the ingress is read and merged again. No update when the fresh read shows nothing
 * left to write (the failed attempt took after all, or someone else made the same change): that read is then the
 * ingress as it should be.
 */
async function write(file, options, deps, merge) {
    const { client, log } = deps;
    const clock = deps.deadline.clock;
    const startedAt = clock.now();
    const rttOf = (update) => update.roundTripMs ?? clock.now() - startedAt;
    if (options.mode === 'replace') {
        const update = await client.updateIngress(toUpdateRequest(merge.plan.send, options.ingressId));
        return { update, rttMs: rttOf(update), after: merge.plan.after, over: merge.from.file };
    }
    const { processingMs } = deps.writers ?? DEFAULT_WRITERS;
    let current = merge;
    let sent = false;
    try {
        const { value } = await (0,sae_retry/* withRetry */.b)(async () => {
            // After a failed attempt, or when this run took too long since the read: read and merge again.
            while (sent || sinceAnswer(current.from, clock) > processingMs) {
                if (!sent)
                    log.debug?.(`More than ${processingMs} ms since the ingress was read: reading it again before writing.`);
                if (deps.deadline.remainingMs() <= 0) {
                    throw new errors/* SaeApiError */.EW({ code: 'Timeout', message: `No write left within ${processingMs} ms of a read of the ingress before the timeout.`, transient: false });
                }
                sent = false;
                const from = await readLive(client, options.ingressId, deps);
                const plan = planFor(file, from, options.mode, options);
                if (plan.problems.length)
                    throw new failure/* PlanRejected */.Sw(plan.problems.join('\n'));
                if (!plan.changed || !plan.send)
                    return { rttMs: clock.now() - startedAt, after: from.file, over: from.file };
                current = { plan, from, merged: true };
            }
            sent = true;
            const update = client.updateIngress(toUpdateRequest(current.plan.send, options.ingressId), { retry: false });
            // Said once the request is on its way: the time between the read and the write stays the planning's.
            if (current.merged)
                log.info(`Merged again from the live ingress:\n${renderDiff(current.plan)}`);
            const answer = await update;
            return { update: answer, rttMs: rttOf(answer), after: current.plan.after, over: current.from.file };
        }, deps.deadline, deps.retry ?? sae_retry/* defaultRetryPolicy */.u, (err, n, delay) => log.info(`UpdateIngress: ${err.code} on attempt ${n}; reading the ingress again and merging before the next attempt in ${delay} ms.`));
        return value;
    }
    catch (err) {
        if (err instanceof errors/* SaeApiError */.EW)
            err.action ??= 'UpdateIngress';
        throw err;
    }
}
/** Applies, in replace mode, a state derived from the live one, and confirms it: used to roll back. */
async function applyAndConfirm(desiredFor, options, deps) {
    const replace = { ...options, mode: 'replace' };
    const live = await readLive(deps.client, options.ingressId, deps);
    const desired = desiredFor(live.file);
    const plan = planFor(desired, live, 'replace', options);
    if (plan.problems.length)
        throw new failure/* PlanRejected */.Sw(plan.problems.join('\n'));
    if (!plan.changed || !plan.send)
        return { verification: { ok: true, unmet: [], reads: 1, reapplies: 0 } };
    const written = await write(desired, replace, deps, { plan, from: live });
    let update = written.update;
    const timing = { rttMs: written.rttMs, readRttMs: live.networkRttMs, ackAt: deps.deadline.clock.now() };
    const verification = await write_and_confirm_confirm(desired, replace, deps, written, timing, u => (update = u));
    return { update, verification };
}
/** Why a run whose change never showed undone still did not confirm it before the timeout. */
const unconfirmed = (reads) => reads === 0
    ? 'the timeout came before the ingress could be read back'
    : 'it was live at the last read, but the ingress kept changing under other writers, and one that read it without the change may still write it away';
/**
 * Whether the live ingress is still `expected` (what our write left, or an earlier read), compared as the planner
 * compares ingresses: nobody has written since, or nobody changed anything.
 */
const unchangedSince = (expected, live) => 
// The same answer twice is unchanged even where the planner would not say so (two live rules with one key).
sameIngress(expected, live) || !planChanges(expected, live, 'replace').changed;
/**
 * Reads the ingress back until it holds the change. Replace reads at once (the file is the whole truth: the last
 * writer wins). Upsert and remove read once a concurrent writer's window has passed (settleAfterWrite): every
 * run that read before our write has written by then. A read that shows our change and nothing else new since our
 * write is final. One that shows our change among others' is read again a window later, until a window passes with
 * nothing changed: another writer may have taken our rule away and a third put it back meanwhile, and a run that
 * read while it was away lands its merge within a window of that read. A read that shows our change undone is
 * merged with and written again; one that shows the ingress as it was is polled (propagation).
 */
async function write_and_confirm_confirm(file, options, deps, ours, timing, onUpdate) {
    const { client, deadline, log } = deps;
    const clock = deadline.clock;
    const verification = { ok: false, unmet: [], reads: 0, reapplies: 0 };
    const settle = () => {
        if (options.mode === 'replace')
            return 0;
        const pause = settleAfterWrite(timing, clock.now(), deps.writers);
        if (pause > 0)
            log.debug?.(`Settling ${pause} ms before the confirming read (a concurrent writer's window).`);
        return pause;
    };
    let pause = settle();
    let pollDelay = 500;
    let lastWrittenOver = ours.over;
    // The ingress as our last write should have left it, then as a read showed it with our change.
    let expected = ours.after;
    // Our change was not visible yet at a read: runs that read meanwhile saw the ingress without it.
    let polled = false;
    for (;;) {
        if (pause > 0) {
            if (deadline.remainingMs() <= pause)
                return { ...verification, unmet: verification.unmet.length ? verification.unmet : [unconfirmed(verification.reads)] };
            await clock.sleep(pause);
        }
        const live = await readLive(client, options.ingressId, deps);
        timing.readRttMs = Math.min(timing.readRttMs, live.networkRttMs);
        verification.reads++;
        verification.unmet = unmet(file, live.file, options.mode);
        if (verification.unmet.length === 0) {
            if (options.mode === 'replace' || (!polled && unchangedSince(expected, live.file)))
                return { ...verification, ok: true };
            // First seen after polling, or among other writers' changes: a run that read while our change was not there
            // may still land a stale merge. The window runs from now, as from a write.
            polled = false;
            expected = live.file;
            timing.ackAt = clock.now();
            pause = settle();
            continue;
        }
        // The ingress is neither as we left it nor as we wrote it: someone else wrote. Merge our change into their
        // state and write again. Otherwise the write may still be propagating.
        if (!sameIngress(live.file, lastWrittenOver)) {
            const replan = planFor(file, live, options.mode, options);
            if (replan.problems.length)
                throw new failure/* PlanRejected */.Sw(replan.problems.join('\n'));
            if (replan.changed && replan.send) {
                log.warning(`The ingress changed under this run (${verification.unmet.join('; ')}); merging again and re-applying.`);
                const written = await write(file, options, deps, { plan: replan, from: live });
                // Nothing sent (a fresh read found our change back): the window runs from that read, the round trip is still
                // the last write's.
                timing.ackAt = clock.now();
                if (written.update) {
                    timing.rttMs = written.rttMs;
                    onUpdate(written.update);
                    verification.reapplies++;
                }
                lastWrittenOver = written.over;
                expected = written.after;
                polled = false;
                pause = settle();
                continue;
            }
        }
        polled = true;
        pause = pollDelay;
        pollDelay = Math.min(pollDelay * 2, 4000);
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./src/engine/net/address.ts
var net_address = __webpack_require__(7290);
// EXTERNAL MODULE: ./src/engine/net/agent.ts + 2 modules
var net_agent = __webpack_require__(4918);
// EXTERNAL MODULE: ./src/engine/net/errors.ts
var net_errors = __webpack_require__(63);
// EXTERNAL MODULE: external "node:dns"
var external_node_dns_ = __webpack_require__(610);
var external_node_dns_default = /*#__PURE__*/__webpack_require__.n(external_node_dns_);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/engine/net/internal-addresses.ts
// Addresses a health check must not be pointed at: link-local ranges and the cloud metadata services, where a URL
// from a pull request could read a runner's instance credentials. Checked on the addresses DNS returns (so a name
// that resolves there is caught too) and on literal IP hosts. Node's BlockList matches IPv4 rules against their
// IPv4-mapped IPv6 forms (::ffff:169.254.169.254) by itself.



const INTERNAL = new external_node_net_.BlockList();
INTERNAL.addSubnet('169.254.0.0', 16, 'ipv4'); // IPv4 link-local: AWS, GCP and Azure metadata at 169.254.169.254
INTERNAL.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
INTERNAL.addSubnet('fe80::', 10, 'ipv6'); // IPv6 link-local
INTERNAL.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
// The same IPv4 targets through a NAT64 gateway (64:ff9b::/96 embeds an IPv4 address).
INTERNAL.addSubnet('64:ff9b::a9fe:0', 112, 'ipv6');
INTERNAL.addAddress('64:ff9b::6464:64c8', 'ipv6');
/** The ranges, for messages and the README. */
const INTERNAL_RANGES = (/* unused pure expression or super */ null && (['169.254.0.0/16', 'fe80::/10', '100.100.100.200', 'fd00:ec2::254']));
/** Whether `address` (an IP literal, brackets allowed) is link-local or a metadata address. Host names are not. */
function isInternalAddress(address) {
    const bare = address.replace(/^\[|\]$/g, '');
    const family = (0,external_node_net_.isIP)(bare);
    if (!family)
        return false;
    return INTERNAL.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}
/**
 * A DNS lookup that fails with AddressNotAllowedError when any address the name resolves to is internal (a name
 * with one public and one internal address is refused too: the connection could pick either).
 */
function refusingInternalAddresses(lookup = (external_node_dns_default()).lookup) {
    return (hostname, options, callback) => {
        lookup(hostname, options, (err, address, family) => {
            if (err)
                return callback(err, address, family);
            const addresses = Array.isArray(address) ? address.map(entry => entry.address) : [address];
            const internal = addresses.find(isInternalAddress);
            if (internal !== undefined)
                return callback(new net_errors/* AddressNotAllowedError */.gK(hostname, internal), address, family);
            callback(null, address, family);
        });
    };
}

;// CONCATENATED MODULE: ./src/engine/apply/health.ts
// The health check after a deploy: GET the URL until it answers with an accepted status. The URL may come from a
// pull request, so the request can never be pointed inward: link-local and metadata addresses are refused after DNS
// resolution (and as literal hosts), redirects are never followed (a 3xx is just a status), and the answer's body
// is never read beyond a small cap. It goes through the proxy the environment names, like every other request.






/** The health check never needs the body; a small cap keeps a chatty endpoint from costing anything. */
const MAX_HEALTH_BODY_BYTES = 64 * 1024;
class ProbeTimeoutError extends Error {
    code = 'Timeout';
    constructor(ms) {
        super(`no answer within ${ms} ms`);
        this.name = 'ProbeTimeoutError';
    }
}
/**
 * A probe with one agent for the whole check, so attempts reuse one connection. `close()` releases it.
 * Literal IP hosts are vetted here (no DNS happens for them); names are vetted by the agent's lookup, which only
 * runs for direct connections: through a proxy, DNS is the proxy's.
 */
function createHttpProbe(url, options = {}) {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
        throw new Error(`health-check-url must be http:// or https://, got ${target.protocol}`);
    const lookup = options.allowInternal ? options.lookup : refusingInternalAddresses(options.lookup);
    const agent = (0,net_agent/* createAgent */.S)(target, { lookup, ca: options.ca, maxResponseBytes: MAX_HEALTH_BODY_BYTES });
    const transport = target.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
    const probe = (probeUrl, timeoutMs) => new Promise((resolve, reject) => {
        const address = new URL(probeUrl);
        if (!options.allowInternal && isInternalAddress(address.hostname)) {
            return reject(new net_errors/* AddressNotAllowedError */.gK(address.hostname, (0,net_address/* hostOf */.w)(address)));
        }
        const req = transport.request(address, { agent, method: 'GET', headers: { accept: '*/*' } }, res => {
            // The status is all we need; the rest drains within the agent's cap so the connection can be reused.
            res.on('error', () => undefined);
            res.resume();
            resolve(res.statusCode ?? 0);
        });
        req.setTimeout(timeoutMs, () => req.destroy(new ProbeTimeoutError(timeoutMs)));
        req.on('error', reject);
        req.end();
    });
    return { probe, agent, close: () => agent.destroy() };
}
const FINAL_CODES = new Set(['AddressNotAllowed', 'ProxyAuthenticationRequired', 'ProxyConfigInvalid']);
const accepts = (ranges, status) => ranges.some(([low, high]) => status >= low && status <= high);
function errorText(err, url, agent) {
    const host = URL.canParse(url) ? new URL(url).hostname : url;
    const described = (0,net_errors/* describeNetworkError */.gl)(err, { host, inputHint: 'health-check-url', proxy: agent?.proxyAddress });
    if (described)
        return described.message;
    return err instanceof Error ? err.message : String(err);
}
/** Requests the URL until it answers with an accepted status or the deadline passes; backs off from 1 s to 5 s. */
async function waitUntilHealthy(url, accepted, deadline, options = {}) {
    const result = { url, ok: false, attempts: 0 };
    let own;
    try {
        if (!options.probe)
            own = createHttpProbe(url, options);
    }
    catch (err) {
        return { ...result, error: errorText(err, url, undefined) };
    }
    const probe = options.probe ?? own.probe;
    try {
        for (let delay = 1000;; delay = Math.min(delay * 2, 5000)) {
            result.attempts++;
            try {
                result.status = await probe(url, Math.max(1, Math.min(deadline.remainingMs(), 10_000)));
                result.error = undefined;
                if (accepts(accepted, result.status))
                    return { ...result, ok: true };
            }
            catch (err) {
                result.status = undefined;
                result.error = errorText(err, url, own?.agent);
                // A refused address or a proxy that wants other credentials will not change within the timeout; anything
                // else might (a new DNS record, a certificate being issued, a service starting).
                if (FINAL_CODES.has(String(err.code)))
                    return result;
            }
            if (deadline.remainingMs() <= delay)
                return result;
            await deadline.clock.sleep(delay);
        }
    }
    finally {
        own?.close();
    }
}

// EXTERNAL MODULE: ./src/engine/ingress/placeholders.ts
var placeholders = __webpack_require__(770);
// EXTERNAL MODULE: ./src/action/inputs.ts
var inputs = __webpack_require__(1729);
// EXTERNAL MODULE: ./src/action/log.ts
var log = __webpack_require__(8592);
// EXTERNAL MODULE: ./src/action/input-parsers.ts
var input_parsers = __webpack_require__(115);
// EXTERNAL MODULE: ./src/engine/ingress/urls.ts
var urls = __webpack_require__(5534);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
;// CONCATENATED MODULE: ./src/engine/apply/stalls.ts
// How long the event loop could not run: the process was busy, or the machine gave it no CPU. An answer that arrived
// meanwhile waited that long unread, which is part of a writer's read-to-write window that its own clock does not
// show (see ConcurrentWriters in ./settle.ts). When the process runs again, the loop runs its timers
// before it reads the sockets, so the stall is told by the gaps between ticks, not by the last tick alone.

/** A gap between ticks counted as a stall: a few ticks' worth, so that timer jitter is not one. */
const MIN_STALL_TICKS = 2;
/** Stalls remembered: a run's reads are few and short, so only the latest matter. */
const KEPT = 64;
/** Ticks every `intervalMs` (without keeping the process alive) and remembers the gaps between ticks. */
function watchStalls(intervalMs = 10) {
    let lastTick = external_node_perf_hooks_.performance.now();
    const stalls = [];
    const timer = setInterval(() => {
        const now = external_node_perf_hooks_.performance.now();
        const gap = now - lastTick - intervalMs;
        if (gap >= MIN_STALL_TICKS * intervalMs) {
            stalls.push({ endedAt: now, ms: gap });
            if (stalls.length > KEPT)
                stalls.shift();
        }
        lastTick = now;
    }, intervalMs);
    timer.unref();
    return {
        since: () => {
            const from = external_node_perf_hooks_.performance.now();
            const ended = () => stalls.filter(stall => stall.endedAt >= from);
            const ongoing = (now) => Math.max(0, now - lastTick - intervalMs);
            return {
                longest: () => ended().reduce((worst, stall) => Math.max(worst, stall.ms), ongoing(external_node_perf_hooks_.performance.now())),
                holding: endedWithinMs => {
                    const now = external_node_perf_hooks_.performance.now();
                    let held = ongoing(now);
                    let edge = now - held;
                    for (const stall of ended().reverse()) {
                        if (stall.endedAt < edge - endedWithinMs)
                            break;
                        held += stall.ms;
                        edge = stall.endedAt - stall.ms;
                    }
                    return held;
                }
            };
        },
        stop: () => clearInterval(timer)
    };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: ./src/action/inputs.generated.ts
var inputs_generated = __webpack_require__(9602);
;// CONCATENATED MODULE: ./src/engine/sae/answers.ts

function answers_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function answers_text(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
/** An integer as the service sends it (a number, or its digits: json-bigint keeps long ones as text). */
function integer(value) {
    if (typeof value === 'number')
        return Number.isInteger(value) ? value : undefined;
    if (typeof value === 'string' && /^-?\d+$/.test(value))
        return Number(value);
    return undefined;
}
function malformed(body, why) {
    return new errors/* SaeApiError */.EW({
        code: 'MalformedResponse',
        message: `the answer cannot be believed: ${why}`,
        requestId: answers_isRecord(body) ? answers_text(body.RequestId) : undefined,
        transient: true
    });
}
function ruleProblem(rule, index) {
    if (!answers_isRecord(rule))
        return `Rules[${index}] is not an object`;
    for (const key of ['Domain', 'Path', 'AppId']) {
        if (answers_text(rule[key]) === undefined)
            return `Rules[${index}] has no ${key}`;
    }
    const port = integer(rule.ContainerPort);
    if (port === undefined || port < 0 || port > 65535)
        return `Rules[${index}] has no valid ContainerPort`;
    return undefined;
}
/** DescribeIngress: `Data` for the ingress asked about, with well-formed rules when it lists any. */
function checkDescribeAnswer(body, ingressId) {
    if (!answers_isRecord(body))
        throw malformed(body, 'it is not a JSON object');
    const data = body.Data;
    if (!answers_isRecord(data))
        throw malformed(body, 'DescribeIngress returned no Data');
    const id = integer(data.Id);
    if (id !== ingressId)
        throw malformed(body, `DescribeIngress returned ingress ${id ?? 'without an Id'}, not ${ingressId}`);
    if (data.Rules !== undefined && data.Rules !== null) {
        if (!Array.isArray(data.Rules))
            throw malformed(body, 'Rules is not a list');
        const problem = data.Rules.map(ruleProblem).find(found => found !== undefined);
        if (problem)
            throw malformed(body, problem);
    }
    return data;
}
/** UpdateIngress: success is not denied, and the ingress it names (when it names one) is ours. */
function checkUpdateAnswer(body, ingressId) {
    if (!answers_isRecord(body))
        throw malformed(body, 'it is not a JSON object');
    const data = body.Data;
    if (data === undefined || data === null)
        return;
    if (!answers_isRecord(data))
        throw malformed(body, 'Data is not an object');
    if (data.IngressId !== undefined && integer(data.IngressId) !== ingressId) {
        throw malformed(body, `UpdateIngress answered for ingress ${String(data.IngressId)}, not ${ingressId}`);
    }
}

// EXTERNAL MODULE: ./src/engine/sae/pop-core.ts
var pop_core = __webpack_require__(953);
;// CONCATENATED MODULE: ./src/engine/sae/pop-client.ts






const SAE_API_VERSION = '2019-05-06';
const INGRESS_PATH = '/pop/v1/sam/ingress/Ingress';
/** A single attempt never waits longer than this, so a hung connection is retried while time remains. */
const MAX_ATTEMPT_MS = 20_000;
/** pop-core's own user agent, as its helper builds it, with this action and its version after it. */
const USER_AGENT = `AlibabaCloud (${external_node_os_default().platform()}; ${external_node_os_default().arch()}) Node.js/${process.version} Core/1.8.0 sae-ingress-action/${inputs_generated/* ACTION_VERSION */.Y}`;
/** The SAE client used for real: pop-core's ROA signer over the run's one connection. */
function createPopSaeClient(options) {
    const { credentials, deadline, redact, transport } = options;
    const host = new URL(options.endpoint).hostname;
    const roa = (0,pop_core/* createRoaClient */.o)({
        endpoint: options.endpoint.replace(/\/+$/, ''),
        apiVersion: SAE_API_VERSION,
        // A provider, not plain keys: pop-core then signs with exactly what we hand it, token included.
        credentialsProvider: { getCredentials: async () => ({ ...credentials }) }
    });
    async function attemptOnce(action, method, query, body, headers, attemptMs, attempt) {
        const started = deadline.clock.now();
        const described = `${action}: ${method} ${INGRESS_PATH} with ${[...Object.keys(query), ...(body ? ['Rules (form body)'] : [])].join(', ')}, attempt ${attempt}`;
        let response;
        try {
            response = await roa.request(method, INGRESS_PATH, query, body, { ...headers, 'user-agent': USER_AGENT }, {
                timeout: Math.min(attemptMs, MAX_ATTEMPT_MS),
                ...(transport ? { agent: transport } : {})
            });
        }
        catch (thrown) {
            const err = (0,errors/* callFailure */.zL)(thrown, { host, inputHint: 'region-id or endpoint', proxy: transport?.proxyAddress }, redact);
            options.debug(`${described}: ${err.httpStatus !== undefined ? `HTTP ${err.httpStatus}` : err.code}, RequestId ${err.requestId ?? 'none'}, ${deadline.clock.now() - started} ms`);
            throw err;
        }
        const status = transport?.lastStatus();
        const envelope = checkEnvelope(response, status, redact);
        options.debug(`${described}: HTTP ${status ?? '2xx'}, RequestId ${envelope.RequestId ?? 'none'}, ${deadline.clock.now() - started} ms`);
        return { ...envelope, roundTripMs: transport?.lastRoundTrip() };
    }
    async function call(action, method, query, body, headers, check, retry = true) {
        let attempt = 0;
        const once = async (attemptMs) => {
            const envelope = await attemptOnce(action, method, query, body, headers, attemptMs, ++attempt);
            check(envelope);
            return envelope;
        };
        try {
            const { value, attempts } = retry
                ? await (0,sae_retry/* withRetry */.b)(once, deadline, options.retry, (err, n, delay) => options.onRetry(action, err, n, delay))
                : { value: await once(Math.max(1, deadline.remainingMs())), attempts: 1 };
            return { requestId: value.RequestId ?? '', traceId: value.TraceId, attempts, roundTripMs: value.roundTripMs, data: value.Data };
        }
        catch (err) {
            if (err instanceof errors/* SaeApiError */.EW)
                err.action = action;
            throw err;
        }
    }
    return {
        async describeIngress(ingressId) {
            let ingress;
            const result = await call('DescribeIngress', 'GET', { IngressId: String(ingressId) }, '', {}, envelope => {
                ingress = checkDescribeAnswer(envelope, ingressId);
            });
            return { ...result, ingress: ingress };
        },
        async updateIngress(request, updateOptions = {}) {
            const ingressId = Number(request.query.IngressId);
            const body = request.rules === undefined ? '' : new URLSearchParams({ Rules: request.rules }).toString();
            // pop-core never sets Content-Type; the official SDKs send Rules as a form field.
            const headers = body ? { 'content-type': 'application/x-www-form-urlencoded' } : {};
            const check = (envelope) => checkUpdateAnswer(envelope, ingressId);
            const result = await call('UpdateIngress', 'PUT', request.query, body, headers, check, updateOptions.retry ?? true);
            return { ...result, ingressId };
        }
    };
}
/**
 * pop-core resolves non-JSON pages, 3xx answers and 2xx `Success:false` bodies instead of throwing: none of them is
 * a success. A redirect is never followed (pop-core does not follow one either): it is a failure.
 */
function checkEnvelope(response, status, redact) {
    if (status !== undefined && status < 400 && (status < 200 || status >= 300)) {
        // A redirect (pop-core resolves anything under 400): retried like a gateway error (a captive portal may clear), never followed.
        throw new errors/* SaeApiError */.EW({ code: `HTTP${status}`, message: redact(`the endpoint answered HTTP ${status}, which is not a success`), httpStatus: status, transient: true });
    }
    if (typeof response === 'string' || response === null || typeof response !== 'object') {
        const snippet = typeof response === 'string' ? response.replace(/\s+/g, ' ').slice(0, 120) : String(response);
        throw new errors/* SaeApiError */.EW({
            code: 'NonJsonResponse',
            message: redact(`the endpoint answered${status !== undefined ? ` HTTP ${status}` : ''} with a non-JSON page: ${snippet}`),
            transient: true
        });
    }
    const envelope = toPlain(response);
    if (envelope.Success === false)
        throw (0,errors/* errorFromBody */.rN)(envelope, undefined, redact);
    return envelope;
}
/**
 * pop-core parses JSON with json-bigint: objects come with a null prototype and integers beyond 2^53 as
 * BigNumber objects. Round-tripping through JSON gives ordinary objects; BigNumber serialises itself as a string.
 */
function toPlain(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

;// CONCATENATED MODULE: ./src/engine/apply/deploy.ts
















function savePreviousConfig(dir, ingressId, ingress, stamp) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const file = external_node_path_default().join(dir, `sae-ingress-${ingressId}-previous-${stamp}.json`);
    (0,external_node_fs_.writeFileSync)(file, log.redact(JSON.stringify(ingress, null, 2)) + '\n', { mode: 0o600 });
    return file;
}
async function resolveCredentials(settings, deadline) {
    if (settings.credentials)
        return settings.credentials;
    const { assumeRoleWithOidc } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(889), __webpack_require__.e(14)]).then(__webpack_require__.bind(__webpack_require__, 2014));
    const sts = (0,net_agent/* createAgent */.S)(settings.oidc.stsEndpoint);
    try {
        return (await assumeRoleWithOidc(settings.oidc, deadline, sts)).credentials;
    }
    finally {
        sts.destroy();
    }
}
/**
 * The API half of a run: plan against the live ingress, write, confirm, check health, roll back on failure.
 * Failures after planning are returned in `error` with everything learned so far; earlier ones are thrown.
 */
async function apply(settings, ingress, clock, transport) {
    const ingressId = ingress.IngressId;
    if (!(0,inputs/* canAuthenticate */.oP)(settings) && settings.dryRun) {
        log.notice('Dry run without credentials (a pull request from a fork has no secrets): the file was validated offline; the live ingress was not read.');
        return { outcome: 'validated-offline', urls: (0,urls/* ruleUrls */.X)(ingress) };
    }
    if (!settings.credentials && !settings.oidc) {
        throw new input_parsers/* InputError */.dz('No credentials: set role-to-assume and oidc-provider-arn (keyless), or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (aliyun/configure-aliyun-credentials-action sets them), or the access-key-id and access-key-secret inputs.');
    }
    if (!settings.endpoint)
        throw new input_parsers/* InputError */.dz('Input region-id is required (or ALIBABA_CLOUD_REGION_ID, or endpoint).');
    // Everything ends within `timeout`; with rollback on, a quarter of it is kept for the rollback.
    const overall = deadlineAfter(clock, settings.timeoutMs);
    const deadline = settings.rollbackOnFailure ? deadlineAfter(clock, settings.timeoutMs * 0.75) : overall;
    const credentials = await resolveCredentials(settings, deadline);
    // Each client's retries are bound by its own deadline; both share the run's one connection.
    const clientFor = (bound) => createPopSaeClient({
        endpoint: settings.endpoint,
        credentials,
        deadline: bound,
        retry: sae_retry/* defaultRetryPolicy */.u,
        redact: log.redact,
        transport,
        debug: log.debug,
        onRetry: (action, err, attempt, delay) => log.info(`${action}: ${err.code} on attempt ${attempt}; retrying in ${delay} ms.`)
    });
    log.info(`Planning ingress ${ingressId} at ${settings.endpoint} (${settings.rulesMode} mode, credentials from ${settings.credentialSource}).`);
    const options = {
        ingressId,
        mode: settings.rulesMode,
        dryRun: settings.dryRun,
        wait: settings.wait,
        dropRuleActions: settings.dropRuleActions
    };
    const deps = {
        client: clientFor(deadline),
        deadline,
        log: log,
        savePrevious: async (live) => savePreviousConfig(settings.runnerTemp, ingressId, live, clock.now())
    };
    // Upsert and remove bound a write's distance from its read, time unread in a stalled process included.
    const stalls = settings.rulesMode === 'replace' ? undefined : watchStalls();
    let deployed;
    try {
        deployed = await deploy(ingress, options, { ...deps, group: log.group, stallsSince: stalls?.since });
    }
    finally {
        stalls?.stop();
    }
    const { plan } = deployed;
    const result = {
        live: deployed.before,
        plan,
        update: deployed.update,
        verification: deployed.verification,
        previousConfig: deployed.previousConfig,
        // The file may leave the listener to the service: the live one decides the URLs' scheme and port.
        urls: (0,urls/* ruleUrls */.X)(ingress, deployed.before)
    };
    if (plan.problems.length)
        return { ...result, outcome: 'failed', error: `The plan cannot be applied: ${plan.problems.join('; ')}` };
    result.outcome = settings.dryRun ? 'planned' : plan.changed ? 'updated' : 'unchanged';
    if (result.outcome !== 'updated')
        return result;
    let failure;
    if (deployed.verification && !deployed.verification.ok) {
        failure = `The change did not take within the timeout: ${deployed.verification.unmet.join('; ')}`;
    }
    else if (settings.healthCheck) {
        const check = settings.healthCheck;
        const url = (0,placeholders/* substitutePlaceholdersInText */.ng)(check.url, settings.env);
        result.health = await log.group('Health check', () => waitUntilHealthy(url, check.accepted, deadline, { allowInternal: check.allowInternal }));
        if (!result.health.ok) {
            const seen = result.health.status !== undefined ? `HTTP ${result.health.status}` : result.health.error;
            failure = `Health check failed: ${(0,urls/* displayUrl */.Q)(result.health.url)} answered ${seen} after ${result.health.attempts} attempt(s).`;
        }
    }
    if (!failure)
        return result;
    if (settings.rollbackOnFailure) {
        result.rollback = await log.group('Rollback', () => rollBack(ingress, options, { ...deps, client: clientFor(overall), deadline: overall }, deployed.before));
        failure += ` Rolled back: ${result.rollback.ok ? 'yes' : 'no'} (${result.rollback.message}).`;
    }
    return { ...result, outcome: 'failed', error: failure };
}
async function rollBack(ingress, options, deps, before) {
    try {
        const target = (live) => rollbackTarget(ingress, options.mode, before, live);
        const { update, verification } = await applyAndConfirm(target, options, deps);
        return {
            ok: verification.ok,
            requestId: update?.requestId,
            message: verification.ok ? 'the previous configuration is live again' : `rollback did not take: ${verification.unmet.join('; ')}`
        };
    }
    catch (err) {
        return { ok: false, message: (0,failure/* failureMessage */.oh)(err, 'Rollback') };
    }
}

// EXTERNAL MODULE: ./src/engine/net/early-socket.ts
var early_socket = __webpack_require__(8395);
// EXTERNAL MODULE: ./src/engine/net/proxy.ts
var proxy = __webpack_require__(3074);
// EXTERNAL MODULE: ./src/engine/text/visible.ts
var visible = __webpack_require__(5790);
;// CONCATENATED MODULE: ./src/engine/ingress/rule-values.ts
/**
 * The schema's `domain` and `path` patterns (schema/ingress.schema.json), in words (pure): what exactly is wrong,
 * for the checks to report instead of a regular expression. A test keeps the two in step.
 *
 * These values become the rule URLs (the `urls` output, the summary, the PR comment), so they are held to the
 * characters the service accepts, which leaves out everything a shell or Markdown could read as code.
 */

const LABEL_CHARACTER = /[A-Za-z0-9-]/;
const PATH_CHARACTER = /[-A-Za-z0-9._~/%!$&()*+,;=:@?^|\\{}[\]]/;
const PATH_CHARACTERS_IN_WORDS = 'letters, digits and - . _ ~ / % ! $ & ( ) * + , ; = : @ ? ^ | \\ [ ] { }';
/** A printable ASCII character quoted, anything else by its code point (a space, a line break, a bidi control). */
const show = (char) => (/^[\x21-\x7e]$/.test(char) ? JSON.stringify(char) : (0,visible/* codePoint */.yb)(char));
function labelProblem(label) {
    if (label === '')
        return 'it has an empty label (two dots in a row, or a dot at either end)';
    if (label === '*')
        return 'a wildcard is only allowed as a leading "*."';
    const bad = [...label].find(char => !LABEL_CHARACTER.test(char));
    if (bad)
        return `it holds ${show(bad)}: a host name has only letters, digits and hyphens between its dots (xn-- for internationalised names)`;
    if (label.startsWith('-') || label.endsWith('-'))
        return `its label ${JSON.stringify(label)} starts or ends with a hyphen`;
    if (label.length > 63)
        return `its label ${JSON.stringify(label.slice(0, 20) + '…')} is longer than 63 characters`;
    return undefined;
}
/**
 * What keeps `domain` from being a host name, as words to follow "<where> is not a host name: ", or undefined when it
 * is one. An empty value, and the length of the whole, are left to the schema's own messages.
 */
function domainProblem(domain) {
    if (domain === '')
        return undefined;
    const labels = domain.split('.');
    const [first, ...rest] = labels;
    const named = first === '*' && rest.length > 0 ? rest : labels;
    for (const label of named) {
        const problem = labelProblem(label);
        if (problem)
            return problem;
    }
    return undefined;
}
/**
 * What keeps `path` from the characters a rule path may hold, as words to follow "<where> ", or undefined when it is
 * fine. A path that does not start with "/" is the existing check's to report.
 */
function pathProblem(path) {
    if (!path.startsWith('/'))
        return undefined;
    const substitution = /\$[({]/.exec(path);
    if (substitution)
        return `holds ${JSON.stringify(substitution[0])}, which a shell would expand; a path never needs it`;
    const bad = [...path].find(char => !PATH_CHARACTER.test(char));
    if (bad)
        return `holds ${show(bad)}; a path may hold only ${PATH_CHARACTERS_IN_WORDS} (percent-encode anything else, e.g. %20 for a space)`;
    return undefined;
}

// EXTERNAL MODULE: ./src/engine/ingress/pointers.ts
var pointers = __webpack_require__(8578);
;// CONCATENATED MODULE: ./src/engine/ingress/checks.ts



const LOAD_BALANCE_TYPE_WARNING = 'LoadBalanceType is ignored: UpdateIngress no longer accepts it and the load balancer type cannot change after creation; remove it';
/** A top-level LoadBalanceType is accepted with LOAD_BALANCE_TYPE_WARNING, whatever its value. */
function declaresLoadBalanceType(document) {
    return document !== null && typeof document === 'object' && Object.prototype.hasOwnProperty.call(document, 'LoadBalanceType');
}
/** UpdateIngress rejects more with Exceed.IngressRule. */
const checks_MAX_RULES = 40;
/** `<certId>-<regionId>`; the same pattern as the schema's. */
const CERT_ID = /^[^,\s]+-[a-z]+-[a-z0-9]+$/;
const DIGITS = /^(0|-?[1-9][0-9]*)$/;
const RANGE_KEYWORDS = ['type', 'minimum', 'maximum', 'pattern'];
const CERT_EXAMPLE = 'e.g. 756123-cn-hangzhou';
function checks_isRecord(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function checkRange(findings, pointer, value, range) {
    let number;
    if (typeof value === 'number')
        number = value;
    else if (typeof value === 'string' && range.numericString)
        number = DIGITS.test(value) ? Number(value) : NaN;
    else
        return;
    if (Number.isInteger(number) && number >= range.min && number <= range.max)
        return;
    const form = range.numericString ? ', as a number or a numeric string' : '';
    findings.push({
        pointer,
        message: `${(0,pointers/* describePointer */.jR)(pointer)} must be an integer from ${range.min} to ${range.max}${form} (found ${(0,pointers/* previewValue */.is)(value)})`,
        supersedes: RANGE_KEYWORDS
    });
}
const PORT = { min: 1, max: 65535 };
function checkRules(findings, rules) {
    if (rules.length > checks_MAX_RULES) {
        findings.push({
            pointer: '/Rules',
            message: `Rules has ${rules.length} rules; UpdateIngress accepts at most ${checks_MAX_RULES} (it would fail with Exceed.IngressRule)`,
            supersedes: ['maxItems']
        });
    }
    const seen = new Map();
    rules.forEach((rule, index) => {
        if (!checks_isRecord(rule))
            return;
        const pointer = (0,pointers/* childPointer */.Y2)('/Rules', index);
        checkRange(findings, `${pointer}/containerPort`, rule.containerPort, PORT);
        const { domain, path } = rule;
        if (typeof path === 'string' && !path.startsWith('/')) {
            findings.push({
                pointer: `${pointer}/path`,
                message: `${(0,pointers/* describePointer */.jR)(`${pointer}/path`)} must start with "/" (found ${(0,pointers/* previewValue */.is)(path)})`,
                supersedes: ['pattern']
            });
        }
        else if (typeof path === 'string') {
            // The schema's pattern, in words: what characters a path may hold (and never `$(` or `${`).
            const problem = pathProblem(path);
            if (problem)
                findings.push({ pointer: `${pointer}/path`, message: `${(0,pointers/* describePointer */.jR)(`${pointer}/path`)} ${problem} (found ${(0,pointers/* previewValue */.is)(path)})`, supersedes: ['pattern'] });
        }
        if (typeof domain === 'string') {
            const problem = domainProblem(domain);
            if (problem) {
                findings.push({
                    pointer: `${pointer}/domain`,
                    message: `${(0,pointers/* describePointer */.jR)(`${pointer}/domain`)} is not a host name: ${problem} (found ${(0,pointers/* previewValue */.is)(domain)})`,
                    supersedes: ['pattern']
                });
            }
        }
        if (typeof domain !== 'string' || typeof path !== 'string')
            return;
        // Host names are case-insensitive, so "API.example.com" repeats "api.example.com".
        const key = `${domain.toLowerCase()}\u0000${path}`;
        const first = seen.get(key);
        if (first === undefined) {
            seen.set(key, pointer);
            return;
        }
        findings.push({
            pointer,
            message: `${(0,pointers/* describePointer */.jR)(pointer)} repeats domain ${(0,pointers/* previewValue */.is)(domain)} and path ${(0,pointers/* previewValue */.is)(path)} of ` +
                `${(0,pointers/* describePointer */.jR)(first)}; each domain and path pair may appear once`,
            supersedes: []
        });
    });
}
function checkCertIds(findings, certIds) {
    if (Array.isArray(certIds)) {
        certIds.forEach((certId, index) => {
            if (typeof certId !== 'string' || CERT_ID.test(certId))
                return;
            const pointer = (0,pointers/* childPointer */.Y2)('/CertIds', index);
            findings.push({
                pointer,
                message: `${(0,pointers/* describePointer */.jR)(pointer)} must look like <certId>-<regionId>, ${CERT_EXAMPLE} (found ${(0,pointers/* previewValue */.is)(certId)})`,
                supersedes: ['pattern']
            });
        });
    }
    else if (typeof certIds === 'string') {
        const bad = certIds.split(',').filter((entry) => !CERT_ID.test(entry));
        if (bad.length === 0)
            return;
        const shown = bad.slice(0, 3).map((entry) => JSON.stringify((0,pointers/* truncate */.xv)(entry)));
        const more = bad.length > 3 ? ` and ${bad.length - 3} more` : '';
        const spaces = bad.some((entry) => /\s/.test(entry)) ? '; no spaces around the commas' : '';
        findings.push({
            pointer: '/CertIds',
            message: `CertIds must be comma-separated <certId>-<regionId> entries, ${CERT_EXAMPLE}; not valid: ${shown.join(', ')}${more}${spaces}`,
            supersedes: ['pattern']
        });
    }
}
/** What a file for `rules-mode` upsert or remove may hold: it addresses the ingress and lists rules, nothing else. */
const RULES_ONLY_KEYS = new Set(['$schema', 'IngressId', 'Rules']);
/** Top-level keys the format knows besides those; any other key is the schema's to report (with a suggestion). */
const INGRESS_WIDE_KEYS = new Set([...plan_types/* SETTING_NAMES */.O, 'LoadBalanceType']);
/**
 * Upsert and remove change only rules, in an ingress other teams share: a preview file that could also set the
 * listener, certificates, timeouts or the default rule would change them for everyone.
 */
function checkRulesOnly(findings, document, mode) {
    for (const key of Object.keys(document)) {
        if (RULES_ONLY_KEYS.has(key) || !INGRESS_WIDE_KEYS.has(key))
            continue;
        findings.push({
            pointer: (0,pointers/* childPointer */.Y2)('', key),
            message: `${key} cannot be set with rules-mode ${mode}: upsert and remove change only the rules under Rules, so the file ` +
                `may hold only IngressId and Rules (and $schema). Ingress-wide settings belong to a replace run ` +
                `(rules-mode: replace); remove ${key} from this file`,
            supersedes: []
        });
    }
}
/**
 * Every check runs and every finding is returned, in document order of the checks. `mode` is the rules-mode the file
 * is for (default replace): upsert and remove allow rules only.
 */
function checkIngress(document, options = {}) {
    const findings = [];
    if (!checks_isRecord(document))
        return findings;
    const mode = options.mode ?? 'replace';
    if (mode !== 'replace')
        checkRulesOnly(findings, document, mode);
    checkRange(findings, '/ListenerPort', document.ListenerPort, { ...PORT, numericString: true });
    if (document.ListenerProtocol === 'HTTPS' && document.CertId === undefined && document.CertIds === undefined) {
        findings.push({
            pointer: '/ListenerProtocol',
            message: 'ListenerProtocol HTTPS needs a certificate: set CertId (CLB) or CertIds (ALB)',
            supersedes: []
        });
    }
    checkCertIds(findings, document.CertIds);
    if (checks_isRecord(document.DefaultRule))
        checkRange(findings, '/DefaultRule/containerPort', document.DefaultRule.containerPort, PORT);
    if (Array.isArray(document.Rules))
        checkRules(findings, document.Rules);
    checkRange(findings, '/RequestTimeout', document.RequestTimeout, { min: 1, max: 180 });
    checkRange(findings, '/IdleTimeout', document.IdleTimeout, { min: 0, max: 60 });
    if (checks_isRecord(document.CorsConfig)) {
        checkRange(findings, '/CorsConfig/MaxAge', document.CorsConfig.MaxAge, { min: -1, max: 172800, numericString: true });
    }
    return findings;
}

;// CONCATENATED MODULE: ./src/engine/ingress/json-positions.ts

/** An ingress file is 3 levels deep; the limit keeps hostile input from exhausting the stack. */
const MAX_DEPTH = 64;
class JsonSyntaxError {
    message;
    at;
    constructor(message, at) {
        this.message = message;
        this.at = at;
    }
}
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const WORD = /[A-Za-z0-9_$.+-]{1,20}/y;
const ESCAPES = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
/** Parses JSON text (a leading BOM is ignored), recording where every key and value starts. */
function parseJsonWithPositions(text) {
    const values = new Map();
    const keys = new Map();
    const positions = { values, keys };
    const problems = [];
    const n = text.length;
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let line = 1;
    let lineStart = i;
    const here = () => ({ line, column: i - lineStart + 1 });
    const fail = (message, at = here()) => {
        throw new JsonSyntaxError(`invalid JSON: ${message}`, at);
    };
    function skipWhitespace() {
        while (i < n) {
            const c = text.charCodeAt(i);
            if (c === 0x20 || c === 0x09)
                i++;
            else if (c === 0x0a) {
                i++;
                line++;
                lineStart = i;
            }
            else if (c === 0x0d) {
                i++;
                if (text.charCodeAt(i) === 0x0a)
                    i++;
                line++;
                lineStart = i;
            }
            else
                break;
        }
    }
    function wordAt(index) {
        WORD.lastIndex = index;
        return WORD.exec(text)?.[0] ?? '';
    }
    function unexpected(expected) {
        if (i >= n)
            return fail(`unexpected end of file; expected ${expected}`);
        const c = text[i] ?? '';
        if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))
            return fail('comments are not allowed in JSON');
        if (c === "'")
            return fail('strings and keys must be in double quotes, not single quotes');
        const word = wordAt(i);
        let shown;
        if (c === '"')
            shown = 'a string';
        else if (word.length > 1)
            shown = JSON.stringify(word);
        else if (c.charCodeAt(0) < 0x20)
            shown = `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
        else
            shown = JSON.stringify(c);
        let hint = '';
        if (/^(NaN|-?Infinity|undefined)$/.test(word))
            hint = ` (JSON has no ${word.replace('-', '')})`;
        else if (expected.startsWith('","') && /["{[\-0-9tfn]/.test(c))
            hint = ' (is a comma missing?)';
        return fail(`unexpected ${shown}; expected ${expected}${hint}`);
    }
    function parseValue(pointer, depth) {
        skipWhitespace();
        if (i >= n)
            unexpected('a value');
        values.set(pointer, here());
        const c = text.charCodeAt(i);
        if (c === 0x7b)
            return parseObject(pointer, depth);
        if (c === 0x5b)
            return parseArray(pointer, depth);
        if (c === 0x22) {
            const at = here();
            const string = parseString();
            // JSON.parse allows "\ud800" alone, but it is not text: encoding it for the request would throw.
            if (LONE_SURROGATE.test(string)) {
                problems.push({ message: `${(0,pointers/* describePointer */.jR)(pointer)} contains an unpaired surrogate (a lone \\uD800-\\uDFFF escape)`, pointer, ...at });
            }
            return string;
        }
        if (c === 0x2d || (c >= 0x30 && c <= 0x39))
            return parseNumber();
        const word = wordAt(i);
        if (word === 'true' || word === 'false' || word === 'null') {
            i += word.length;
            return word === 'null' ? null : word === 'true';
        }
        return unexpected('a value');
    }
    function enter(depth) {
        if (depth >= MAX_DEPTH)
            fail(`nesting is deeper than ${MAX_DEPTH} levels`);
        i++;
    }
    function parseObject(pointer, depth) {
        enter(depth);
        const object = {};
        skipWhitespace();
        if (text.charCodeAt(i) === 0x7d) {
            i++;
            return object;
        }
        for (;;) {
            skipWhitespace();
            if (text.charCodeAt(i) !== 0x22)
                unexpected('a key in double quotes');
            const keyAt = here();
            const key = parseString();
            const child = (0,pointers/* childPointer */.Y2)(pointer, key);
            const first = Object.prototype.hasOwnProperty.call(object, key) ? keys.get(child) : undefined;
            if (first) {
                problems.push({
                    message: `duplicate key ${JSON.stringify((0,pointers/* truncate */.xv)(key))} (first at line ${first.line}, column ${first.column}); keep only one`,
                    pointer: child,
                    ...keyAt
                });
            }
            else
                keys.set(child, keyAt);
            skipWhitespace();
            if (text.charCodeAt(i) !== 0x3a)
                unexpected('":" after the key');
            i++;
            const value = parseValue(child, depth + 1);
            // A plain assignment of "__proto__" would replace the prototype instead of adding a key.
            if (key === '__proto__')
                Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
            else
                object[key] = value;
            skipWhitespace();
            const c = text.charCodeAt(i);
            if (c === 0x7d) {
                i++;
                return object;
            }
            if (c !== 0x2c)
                unexpected('"," or "}"');
            const comma = here();
            i++;
            skipWhitespace();
            if (text.charCodeAt(i) === 0x7d)
                fail('trailing comma before "}"', comma);
        }
    }
    function parseArray(pointer, depth) {
        enter(depth);
        const array = [];
        skipWhitespace();
        if (text.charCodeAt(i) === 0x5d) {
            i++;
            return array;
        }
        for (;;) {
            array.push(parseValue((0,pointers/* childPointer */.Y2)(pointer, array.length), depth + 1));
            skipWhitespace();
            const c = text.charCodeAt(i);
            if (c === 0x5d) {
                i++;
                return array;
            }
            if (c !== 0x2c)
                unexpected('"," or "]"');
            const comma = here();
            i++;
            skipWhitespace();
            if (text.charCodeAt(i) === 0x5d)
                fail('trailing comma before "]"', comma);
        }
    }
    function parseString() {
        const start = here();
        i++;
        let out = '';
        let chunk = i;
        for (;;) {
            if (i >= n)
                fail('unterminated string; add the closing "', start);
            const c = text.charCodeAt(i);
            if (c === 0x22) {
                out += text.slice(chunk, i);
                i++;
                return out;
            }
            if (c === 0x5c) {
                out += text.slice(chunk, i);
                out += parseEscape();
                chunk = i;
            }
            else if (c < 0x20) {
                if (c === 0x0a || c === 0x0d)
                    fail('unterminated string; a string cannot span lines (write \\n for a newline)', start);
                fail(`control character U+${c.toString(16).padStart(4, '0')} must be escaped in a string`);
            }
            else
                i++;
        }
    }
    function parseEscape() {
        const at = here();
        const next = text[i + 1] ?? '';
        const simple = ESCAPES[next];
        if (simple !== undefined) {
            i += 2;
            return simple;
        }
        if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 6;
            return String.fromCharCode(parseInt(text.slice(i - 4, i), 16));
        }
        const shown = next === 'u' ? `\\u${/^[0-9A-Fa-f]*/.exec(text.slice(i + 2, i + 6))?.[0] ?? ''}` : `\\${next}`;
        return fail(`invalid escape ${JSON.stringify(shown)} in a string`, at);
    }
    function parseNumber() {
        NUMBER.lastIndex = i;
        const match = NUMBER.exec(text)?.[0];
        const end = i + (match?.length ?? 0);
        if (match === undefined || /[0-9A-Za-z.+-]/.test(text[end] ?? '')) {
            const word = wordAt(i);
            fail(`invalid number ${JSON.stringify(word)}${/^-?0[0-9]/.test(word) ? ' (no leading zeros)' : ''}`);
        }
        i = end;
        return Number(match);
    }
    try {
        skipWhitespace();
        if (i >= n)
            fail('the file is empty; expected a JSON object', { line: 1, column: 1 });
        const value = parseValue('', 0);
        skipWhitespace();
        if (i < n)
            unexpected('the end of the file after the JSON value');
        return { ok: true, value, positions, problems };
    }
    catch (error) {
        if (!(error instanceof JsonSyntaxError))
            throw error;
        return { ok: false, positions, problems: [...problems, { message: error.message, pointer: '', ...error.at }] };
    }
}

// EXTERNAL MODULE: ./src/engine/ingress/placeholder-policy.ts
var placeholder_policy = __webpack_require__(7094);
// EXTERNAL MODULE: ./src/engine/text/suggest.ts
var suggest = __webpack_require__(8918);
;// CONCATENATED MODULE: ./src/engine/ingress/schema-errors.ts


const TYPE_NAMES = {
    integer: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'an object',
    array: 'an array',
    null: 'null'
};
function listOf(values) {
    const shown = values.map((value) => JSON.stringify(value));
    return shown.length <= 2 ? shown.join(' or ') : `one of ${shown.join(', ')}`;
}
/** "an integer from 1 to 65535", "a string or an array of strings", ... from the failing schema. */
function schema_errors_expectation(schema) {
    if (!schema)
        return 'valid';
    if (Array.isArray(schema.enum))
        return listOf(schema.enum);
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => typeof t === 'string');
    const { minimum: min, maximum: max } = schema;
    if (types[0] === 'integer' && min === 1 && max === Number.MAX_SAFE_INTEGER)
        return 'a positive integer';
    if (types[0] === 'integer' && typeof min === 'number' && typeof max === 'number') {
        const numericString = types.includes('string') ? ', as a number or a numeric string' : '';
        return `an integer from ${min} to ${max}${numericString}`;
    }
    const items = schema.items;
    return types
        .map((type) => (type === 'array' && items?.type === 'string' ? 'an array of strings' : (TYPE_NAMES[type] ?? type)))
        .join(' or ');
}
function unknownKey(error) {
    const key = String(error.params.additionalProperty);
    const properties = (error.parentSchema?.properties ?? {});
    const valid = Object.keys(properties);
    const where = error.instancePath === '' ? 'at the top level' : `in ${(0,pointers/* describePointer */.jR)(error.instancePath)}`;
    const suggestion = (0,suggest/* closestKey */.b)(key, valid);
    const hint = suggestion
        ? ` — did you mean ${JSON.stringify(suggestion)}?`
        : valid.length <= 8
            ? ` (valid keys: ${valid.join(', ')})`
            : '';
    return {
        pointer: (0,pointers/* childPointer */.Y2)(error.instancePath, key),
        at: 'key',
        keyword: error.keyword,
        message: `unknown key ${JSON.stringify((0,pointers/* truncate */.xv)(key))} ${where}${hint}`
    };
}
function characters(text) {
    if (typeof text !== 'string')
        return 0;
    let count = 0;
    for (const _ of text)
        count++;
    return count;
}
function valueMessage(error) {
    const where = (0,pointers/* describePointer */.jR)(error.instancePath);
    const found = ` (found ${(0,pointers/* previewValue */.is)(error.data)})`;
    const limit = error.params.limit;
    switch (error.keyword) {
        case 'required':
            return `${where} is missing the required key ${JSON.stringify(error.params.missingProperty)}`;
        case 'type':
        case 'minimum':
        case 'maximum':
            return `${where} must be ${schema_errors_expectation(error.parentSchema)}${found}`;
        case 'enum': {
            const options = error.parentSchema?.enum;
            const data = error.data;
            const sameButCase = typeof data === 'string' ? options?.find((o) => typeof o === 'string' && o.toLowerCase() === data.toLowerCase()) : undefined;
            const hint = sameButCase !== undefined ? ` — did you mean ${JSON.stringify(sameButCase)}?` : '';
            return `${where} must be ${listOf(options ?? [])}${found}${hint}`;
        }
        case 'maxLength':
            return `${where} must be at most ${limit} characters long (it has ${characters(error.data)})`;
        case 'minLength':
            return limit === 1 ? `${where} must not be empty` : `${where} must be at least ${limit} characters long`;
        case 'maxItems':
            return `${where} must have at most ${limit} items (it has ${Array.isArray(error.data) ? error.data.length : 0})`;
        case 'minItems':
            return `${where} must have at least ${limit} item${limit === 1 ? '' : 's'}`;
        case 'pattern':
            return `${where} must match the pattern ${String(error.params.pattern)}${found}`;
        default:
            return `${where} is not valid (${error.keyword})${found}`;
    }
}
/**
 * Translates the generated validator's errors; identical messages for one place are reported once,
 * and a missing key that an unknown key's suggestion names ("AppId" for "appId") is not reported
 * again as missing.
 */
function describeSchemaErrors(errors) {
    const findings = [];
    const seen = new Set();
    const suggested = new Set();
    for (const error of errors) {
        if (error.keyword !== 'additionalProperties')
            continue;
        const properties = Object.keys((error.parentSchema?.properties ?? {}));
        const suggestion = (0,suggest/* closestKey */.b)(String(error.params.additionalProperty), properties);
        if (suggestion !== undefined)
            suggested.add((0,pointers/* childPointer */.Y2)(error.instancePath, suggestion));
    }
    for (const error of errors) {
        if (error.keyword === 'required' && suggested.has((0,pointers/* childPointer */.Y2)(error.instancePath, String(error.params.missingProperty))))
            continue;
        const finding = error.keyword === 'additionalProperties'
            ? unknownKey(error)
            : { pointer: error.instancePath, at: 'value', keyword: error.keyword, message: valueMessage(error) };
        const id = `${finding.pointer}\u0000${finding.message}`;
        if (seen.has(id))
            continue;
        seen.add(id);
        findings.push(finding);
    }
    return findings;
}

;// CONCATENATED MODULE: ./src/engine/ingress/schema-validator.generated.js
// Generated by scripts/build-validator.mjs from schema/ingress.schema.json. Do not edit.
function ucs2length(str) {
  let length = 0
  for (let pos = 0; pos < str.length; pos++) {
    length++
    const code = str.charCodeAt(pos)
    if (code >= 0xd800 && code <= 0xdbff && pos + 1 < str.length && (str.charCodeAt(pos + 1) & 0xfc00) === 0xdc00) pos++
  }
  return length
}
const validateIngressFile = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","title":"SAE ingress file","description":"Desired configuration of one Alibaba Cloud SAE ingress, applied with UpdateIngress. Keys are the UpdateIngress parameter names; values are native JSON instead of strings of JSON. Keys left out are not sent, so the service keeps their current values. String values may contain ${NAME} placeholders, filled from the environment; write $${ for a literal ${.","type":"object","additionalProperties":false,"properties":{"$schema":{"title":"JSON Schema of this file","description":"Path or URL of this schema, so editors validate and complete the file. Never sent to the API.","type":"string","maxLength":2048},"IngressId":{"title":"Ingress ID","description":"ID of the ingress (routing rule) to update, e.g. 87. Optional here when the action's ingress-id input is given.","type":"integer","minimum":1,"maximum":9007199254740991},"Description":{"title":"Name","description":"Name of the routing rule, e.g. \"ingress-sae-test\".","type":"string","maxLength":256},"ListenerPort":{"title":"Listener port","description":"Port the load balancer listens on, from 1 to 65535, as a number or a numeric string, e.g. 443. The port must not be used by another listener.","type":["integer","string"],"minimum":1,"maximum":65535,"pattern":"^([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$"},"ListenerProtocol":{"title":"Listener protocol","description":"HTTP, or HTTPS for encrypted traffic. HTTPS needs CertId (CLB) or CertIds (ALB).","type":"string","enum":["HTTP","HTTPS"]},"CertId":{"title":"CLB certificate ID","description":"Certificate of the HTTPS listener when the ingress uses a CLB load balancer.","type":"string","minLength":1,"maxLength":256},"CertIds":{"title":"ALB certificate IDs","description":"Certificates of the HTTPS listener when the ingress uses an ALB load balancer: an array, or one comma-separated string, of <certId>-<regionId>, e.g. [\"756123-cn-hangzhou\"].","type":["string","array"],"maxLength":4096,"pattern":"^[^,\\s]+-[a-z]+-[a-z0-9]+(,[^,\\s]+-[a-z]+-[a-z0-9]+)*$","minItems":1,"maxItems":100,"items":{"title":"ALB certificate ID","description":"<certId>-<regionId>, e.g. 756123-cn-hangzhou.","type":"string","maxLength":256,"pattern":"^[^,\\s]+-[a-z]+-[a-z0-9]+$"}},"DefaultRule":{"title":"Default rule","description":"Where requests that match no rule in Rules go.","type":"object","additionalProperties":false,"required":["appId","containerPort"],"properties":{"appId":{"$ref":"#/definitions/appId"},"containerPort":{"$ref":"#/definitions/containerPort"},"backendProtocol":{"$ref":"#/definitions/backendProtocol"},"appName":{"$ref":"#/definitions/appName"}}},"Rules":{"title":"Forwarding rules","description":"Requests are forwarded by domain and path to an application port. At most 40 rules (the API rejects more with Exceed.IngressRule); each domain and path pair may appear once.","type":"array","maxItems":40,"items":{"title":"Forwarding rule","description":"Forward requests for domain and path to containerPort of the application appId.","type":"object","additionalProperties":false,"required":["appId","containerPort","domain","path"],"properties":{"appId":{"$ref":"#/definitions/appId"},"containerPort":{"$ref":"#/definitions/containerPort"},"domain":{"title":"Domain","description":"Host name of the request, e.g. \"www.example.com\": labels of letters, digits and hyphens (no hyphen first or last, at most 63 characters each) joined by dots, at most 253 characters; internationalised names in their xn-- form. A leading \"*.\" makes it a wildcard (\"*.example.com\"), as both load balancers behind SAE ingresses accept (CLB and ALB forwarding rules); other wildcard and regular-expression forms are not host names and are refused. Checked after placeholders are filled in, so no rule URL (the urls output) can carry a quote, space, backtick, $ or newline.","type":"string","minLength":1,"maxLength":253,"pattern":"^((\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)?$"},"path":{"title":"Path","description":"URI path of the request, starting with \"/\", e.g. \"/api\". ALB also accepts regular expressions such as \"/sys/(.*)\" (with rewritePath). Letters, digits and - . _ ~ / % ! $ & ( ) * + , ; = : @ ? ^ | \\ [ ] { } only (URL path characters plus the regular-expression ones); no spaces, quotes, backticks, #, < or >, and no $( or ${. Checked after placeholders are filled in, so no rule URL (the urls output) can run a command in a shell.","type":"string","maxLength":1024,"pattern":"^/(?!.*\\$[({])[-A-Za-z0-9._~/%!$&()*+,;=:@?^|\\\\{}\\[\\]]*$"},"backendProtocol":{"$ref":"#/definitions/backendProtocol"},"rewritePath":{"title":"Rewrite path","description":"ALB only: path sent to the application instead, e.g. \"/${1}\" for the first group of a regular-expression path (not a placeholder: placeholder names cannot start with a digit).","type":"string","minLength":1,"maxLength":1024},"appName":{"$ref":"#/definitions/appName"}}}},"RequestTimeout":{"title":"Request timeout","description":"Seconds the load balancer waits for a response, from 1 to 180 (service default 60).","type":"integer","minimum":1,"maximum":180},"IdleTimeout":{"title":"Idle timeout","description":"Seconds an idle connection is kept, from 0 to 60; 0 means the service default (15).","type":"integer","minimum":0,"maximum":60},"SecurityPolicyId":{"title":"TLS security policy","description":"Security policy of the HTTPS listener, e.g. \"tls_cipher_policy_1_2_strict_with_1_3\".","type":"string","minLength":1,"maxLength":128},"CorsConfig":{"title":"CORS","description":"Cross-origin resource sharing, with the API's keys. Sent as a JSON object of strings.","type":"object","additionalProperties":false,"properties":{"Enable":{"title":"Enable CORS","description":"true or false (the strings \"true\" and \"false\" are accepted too).","enum":[true,false,"true","false"]},"AllowOrigin":{"title":"Allowed origins","description":"\"*\" or comma-separated http(s):// origins, optionally with a first-level wildcard and a port.","type":"string","maxLength":2048},"AllowMethods":{"title":"Allowed methods","description":"Comma-separated HTTP methods, e.g. \"GET,POST\".","type":"string","maxLength":256},"AllowHeaders":{"title":"Allowed request headers","description":"Comma-separated header names, or \"*\".","type":"string","maxLength":2048},"ExposeHeaders":{"title":"Exposed response headers","description":"Comma-separated header names, or \"*\".","type":"string","maxLength":2048},"AllowCredentials":{"title":"Allow credentials","description":"\"on\" or \"off\".","type":"string","enum":["on","off"]},"MaxAge":{"title":"Preflight cache seconds","description":"Seconds browsers may cache a preflight response, from -1 to 172800, as a number or a numeric string.","type":["integer","string"],"minimum":-1,"maximum":172800,"pattern":"^(-1|0|[1-9][0-9]{0,4}|1[0-6][0-9]{4}|17[01][0-9]{3}|172[0-7][0-9]{2}|172800)$"}}},"EnableGzip":{"title":"Gzip compression","description":"Compress responses.","type":"boolean"},"EnableXForwardedFor":{"title":"X-Forwarded-For","description":"Pass the client IP address in the X-Forwarded-For header.","type":"boolean"},"EnableXForwardedForClientSrcPort":{"title":"X-Forwarded-Client-SrcPort","description":"Pass the client's source port in a header.","type":"boolean"},"EnableXForwardedForProto":{"title":"X-Forwarded-Proto","description":"Pass the listener protocol in the X-Forwarded-Proto header.","type":"boolean"},"EnableXForwardedForSlbId":{"title":"SLB-ID","description":"Pass the load balancer ID in the SLB-ID header.","type":"boolean"},"EnableXForwardedForSlbPort":{"title":"X-Forwarded-Port","description":"Pass the listener port in the X-Forwarded-Port header.","type":"boolean"},"LoadBalanceType":{"title":"Load balancer type (deprecated)","description":"Deprecated: UpdateIngress no longer accepts it and the type cannot change after creation. Accepted with a warning and never sent; remove it.","type":"string","maxLength":16,"deprecated":true}},"definitions":{"appId":{"title":"Application ID","description":"ID of the SAE application, e.g. \"395b60e4-0550-458d-9c54-a265d036****\".","type":"string","minLength":1,"maxLength":64},"containerPort":{"title":"Container port","description":"Port the application's instances listen on, from 1 to 65535.","type":"integer","minimum":1,"maximum":65535},"backendProtocol":{"title":"Backend protocol","description":"http (default), https or grpc; only meaningful for ALB with an HTTPS listener.","type":"string","enum":["http","https","grpc"]},"appName":{"title":"Application name","description":"Name of the application, informational.","type":"string","maxLength":128}}};
const schema12 = {"title":"Application ID","description":"ID of the SAE application, e.g. \"395b60e4-0550-458d-9c54-a265d036****\".","type":"string","minLength":1,"maxLength":64};
const schema13 = {"title":"Container port","description":"Port the application's instances listen on, from 1 to 65535.","type":"integer","minimum":1,"maximum":65535};
const schema14 = {"title":"Backend protocol","description":"http (default), https or grpc; only meaningful for ALB with an HTTPS listener.","type":"string","enum":["http","https","grpc"]};
const schema15 = {"title":"Application name","description":"Name of the application, informational.","type":"string","maxLength":128};
const func2 = Object.prototype.hasOwnProperty;
const func3 = ucs2length;
const pattern0 = new RegExp("^([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$", "u");
const pattern1 = new RegExp("^[^,\\s]+-[a-z]+-[a-z0-9]+(,[^,\\s]+-[a-z]+-[a-z0-9]+)*$", "u");
const pattern2 = new RegExp("^[^,\\s]+-[a-z]+-[a-z0-9]+$", "u");
const pattern3 = new RegExp("^((\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)?$", "u");
const pattern4 = new RegExp("^/(?!.*\\$[({])[-A-Za-z0-9._~/%!$&()*+,;=:@?^|\\\\{}\\[\\]]*$", "u");
const pattern5 = new RegExp("^(-1|0|[1-9][0-9]{0,4}|1[0-6][0-9]{4}|17[01][0-9]{3}|172[0-7][0-9]{2}|172800)$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.$schema !== undefined){
let data0 = data.$schema;
if(typeof data0 === "string"){
if(func3(data0) > 2048){
const err1 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/maxLength",keyword:"maxLength",params:{limit: 2048},schema:2048,parentSchema:schema11.properties.$schema,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},schema:schema11.properties.$schema.type,parentSchema:schema11.properties.$schema,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.IngressId !== undefined){
let data1 = data.IngressId;
if(!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1)))){
const err3 = {instancePath:instancePath+"/IngressId",schemaPath:"#/properties/IngressId/type",keyword:"type",params:{type: "integer"},schema:schema11.properties.IngressId.type,parentSchema:schema11.properties.IngressId,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if((typeof data1 == "number") && (isFinite(data1))){
if(data1 > 9007199254740991 || isNaN(data1)){
const err4 = {instancePath:instancePath+"/IngressId",schemaPath:"#/properties/IngressId/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},schema:9007199254740991,parentSchema:schema11.properties.IngressId,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data1 < 1 || isNaN(data1)){
const err5 = {instancePath:instancePath+"/IngressId",schemaPath:"#/properties/IngressId/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},schema:1,parentSchema:schema11.properties.IngressId,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
if(data.Description !== undefined){
let data2 = data.Description;
if(typeof data2 === "string"){
if(func3(data2) > 256){
const err6 = {instancePath:instancePath+"/Description",schemaPath:"#/properties/Description/maxLength",keyword:"maxLength",params:{limit: 256},schema:256,parentSchema:schema11.properties.Description,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/Description",schemaPath:"#/properties/Description/type",keyword:"type",params:{type: "string"},schema:schema11.properties.Description.type,parentSchema:schema11.properties.Description,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.ListenerPort !== undefined){
let data3 = data.ListenerPort;
if((!(((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3))) && (isFinite(data3)))) && (typeof data3 !== "string")){
const err8 = {instancePath:instancePath+"/ListenerPort",schemaPath:"#/properties/ListenerPort/type",keyword:"type",params:{type: schema11.properties.ListenerPort.type},schema:schema11.properties.ListenerPort.type,parentSchema:schema11.properties.ListenerPort,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 > 65535 || isNaN(data3)){
const err9 = {instancePath:instancePath+"/ListenerPort",schemaPath:"#/properties/ListenerPort/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},schema:65535,parentSchema:schema11.properties.ListenerPort,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data3 < 1 || isNaN(data3)){
const err10 = {instancePath:instancePath+"/ListenerPort",schemaPath:"#/properties/ListenerPort/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},schema:1,parentSchema:schema11.properties.ListenerPort,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err11 = {instancePath:instancePath+"/ListenerPort",schemaPath:"#/properties/ListenerPort/pattern",keyword:"pattern",params:{pattern: "^([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$"},schema:"^([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$",parentSchema:schema11.properties.ListenerPort,data:data3};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
if(data.ListenerProtocol !== undefined){
let data4 = data.ListenerProtocol;
if(typeof data4 !== "string"){
const err12 = {instancePath:instancePath+"/ListenerProtocol",schemaPath:"#/properties/ListenerProtocol/type",keyword:"type",params:{type: "string"},schema:schema11.properties.ListenerProtocol.type,parentSchema:schema11.properties.ListenerProtocol,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(!((data4 === "HTTP") || (data4 === "HTTPS"))){
const err13 = {instancePath:instancePath+"/ListenerProtocol",schemaPath:"#/properties/ListenerProtocol/enum",keyword:"enum",params:{allowedValues: schema11.properties.ListenerProtocol.enum},schema:schema11.properties.ListenerProtocol.enum,parentSchema:schema11.properties.ListenerProtocol,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.CertId !== undefined){
let data5 = data.CertId;
if(typeof data5 === "string"){
if(func3(data5) > 256){
const err14 = {instancePath:instancePath+"/CertId",schemaPath:"#/properties/CertId/maxLength",keyword:"maxLength",params:{limit: 256},schema:256,parentSchema:schema11.properties.CertId,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(func3(data5) < 1){
const err15 = {instancePath:instancePath+"/CertId",schemaPath:"#/properties/CertId/minLength",keyword:"minLength",params:{limit: 1},schema:1,parentSchema:schema11.properties.CertId,data:data5};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/CertId",schemaPath:"#/properties/CertId/type",keyword:"type",params:{type: "string"},schema:schema11.properties.CertId.type,parentSchema:schema11.properties.CertId,data:data5};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.CertIds !== undefined){
let data6 = data.CertIds;
if((typeof data6 !== "string") && (!(Array.isArray(data6)))){
const err17 = {instancePath:instancePath+"/CertIds",schemaPath:"#/properties/CertIds/type",keyword:"type",params:{type: schema11.properties.CertIds.type},schema:schema11.properties.CertIds.type,parentSchema:schema11.properties.CertIds,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(typeof data6 === "string"){
if(func3(data6) > 4096){
const err18 = {instancePath:instancePath+"/CertIds",schemaPath:"#/properties/CertIds/maxLength",keyword:"maxLength",params:{limit: 4096},schema:4096,parentSchema:schema11.properties.CertIds,data:data6};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(!pattern1.test(data6)){
const err19 = {instancePath:instancePath+"/CertIds",schemaPath:"#/properties/CertIds/pattern",keyword:"pattern",params:{pattern: "^[^,\\s]+-[a-z]+-[a-z0-9]+(,[^,\\s]+-[a-z]+-[a-z0-9]+)*$"},schema:"^[^,\\s]+-[a-z]+-[a-z0-9]+(,[^,\\s]+-[a-z]+-[a-z0-9]+)*$",parentSchema:schema11.properties.CertIds,data:data6};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(Array.isArray(data6)){
if(data6.length > 100){
const err20 = {instancePath:instancePath+"/CertIds",schemaPath:"#/properties/CertIds/maxItems",keyword:"maxItems",params:{limit: 100},schema:100,parentSchema:schema11.properties.CertIds,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data6.length < 1){
const err21 = {instancePath:instancePath+"/CertIds",schemaPath:"#/properties/CertIds/minItems",keyword:"minItems",params:{limit: 1},schema:1,parentSchema:schema11.properties.CertIds,data:data6};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
const len0 = data6.length;
for(let i0=0; i0<len0; i0++){
let data7 = data6[i0];
if(typeof data7 === "string"){
if(func3(data7) > 256){
const err22 = {instancePath:instancePath+"/CertIds/" + i0,schemaPath:"#/properties/CertIds/items/maxLength",keyword:"maxLength",params:{limit: 256},schema:256,parentSchema:schema11.properties.CertIds.items,data:data7};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(!pattern2.test(data7)){
const err23 = {instancePath:instancePath+"/CertIds/" + i0,schemaPath:"#/properties/CertIds/items/pattern",keyword:"pattern",params:{pattern: "^[^,\\s]+-[a-z]+-[a-z0-9]+$"},schema:"^[^,\\s]+-[a-z]+-[a-z0-9]+$",parentSchema:schema11.properties.CertIds.items,data:data7};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/CertIds/" + i0,schemaPath:"#/properties/CertIds/items/type",keyword:"type",params:{type: "string"},schema:schema11.properties.CertIds.items.type,parentSchema:schema11.properties.CertIds.items,data:data7};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
}
if(data.DefaultRule !== undefined){
let data8 = data.DefaultRule;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
if(data8.appId === undefined){
const err25 = {instancePath:instancePath+"/DefaultRule",schemaPath:"#/properties/DefaultRule/required",keyword:"required",params:{missingProperty: "appId"},schema:schema11.properties.DefaultRule.required,parentSchema:schema11.properties.DefaultRule,data:data8};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(data8.containerPort === undefined){
const err26 = {instancePath:instancePath+"/DefaultRule",schemaPath:"#/properties/DefaultRule/required",keyword:"required",params:{missingProperty: "containerPort"},schema:schema11.properties.DefaultRule.required,parentSchema:schema11.properties.DefaultRule,data:data8};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
for(const key1 in data8){
if(!((((key1 === "appId") || (key1 === "containerPort")) || (key1 === "backendProtocol")) || (key1 === "appName"))){
const err27 = {instancePath:instancePath+"/DefaultRule",schemaPath:"#/properties/DefaultRule/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},schema:false,parentSchema:schema11.properties.DefaultRule,data:data8};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data8.appId !== undefined){
let data9 = data8.appId;
if(typeof data9 === "string"){
if(func3(data9) > 64){
const err28 = {instancePath:instancePath+"/DefaultRule/appId",schemaPath:"#/definitions/appId/maxLength",keyword:"maxLength",params:{limit: 64},schema:64,parentSchema:schema12,data:data9};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(func3(data9) < 1){
const err29 = {instancePath:instancePath+"/DefaultRule/appId",schemaPath:"#/definitions/appId/minLength",keyword:"minLength",params:{limit: 1},schema:1,parentSchema:schema12,data:data9};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/DefaultRule/appId",schemaPath:"#/definitions/appId/type",keyword:"type",params:{type: "string"},schema:schema12.type,parentSchema:schema12,data:data9};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data8.containerPort !== undefined){
let data10 = data8.containerPort;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
const err31 = {instancePath:instancePath+"/DefaultRule/containerPort",schemaPath:"#/definitions/containerPort/type",keyword:"type",params:{type: "integer"},schema:schema13.type,parentSchema:schema13,data:data10};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 65535 || isNaN(data10)){
const err32 = {instancePath:instancePath+"/DefaultRule/containerPort",schemaPath:"#/definitions/containerPort/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},schema:65535,parentSchema:schema13,data:data10};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if(data10 < 1 || isNaN(data10)){
const err33 = {instancePath:instancePath+"/DefaultRule/containerPort",schemaPath:"#/definitions/containerPort/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},schema:1,parentSchema:schema13,data:data10};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
if(data8.backendProtocol !== undefined){
let data11 = data8.backendProtocol;
if(typeof data11 !== "string"){
const err34 = {instancePath:instancePath+"/DefaultRule/backendProtocol",schemaPath:"#/definitions/backendProtocol/type",keyword:"type",params:{type: "string"},schema:schema14.type,parentSchema:schema14,data:data11};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(!(((data11 === "http") || (data11 === "https")) || (data11 === "grpc"))){
const err35 = {instancePath:instancePath+"/DefaultRule/backendProtocol",schemaPath:"#/definitions/backendProtocol/enum",keyword:"enum",params:{allowedValues: schema14.enum},schema:schema14.enum,parentSchema:schema14,data:data11};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data8.appName !== undefined){
let data12 = data8.appName;
if(typeof data12 === "string"){
if(func3(data12) > 128){
const err36 = {instancePath:instancePath+"/DefaultRule/appName",schemaPath:"#/definitions/appName/maxLength",keyword:"maxLength",params:{limit: 128},schema:128,parentSchema:schema15,data:data12};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
else {
const err37 = {instancePath:instancePath+"/DefaultRule/appName",schemaPath:"#/definitions/appName/type",keyword:"type",params:{type: "string"},schema:schema15.type,parentSchema:schema15,data:data12};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
}
else {
const err38 = {instancePath:instancePath+"/DefaultRule",schemaPath:"#/properties/DefaultRule/type",keyword:"type",params:{type: "object"},schema:schema11.properties.DefaultRule.type,parentSchema:schema11.properties.DefaultRule,data:data8};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data.Rules !== undefined){
let data13 = data.Rules;
if(Array.isArray(data13)){
if(data13.length > 40){
const err39 = {instancePath:instancePath+"/Rules",schemaPath:"#/properties/Rules/maxItems",keyword:"maxItems",params:{limit: 40},schema:40,parentSchema:schema11.properties.Rules,data:data13};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
const len1 = data13.length;
for(let i1=0; i1<len1; i1++){
let data14 = data13[i1];
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
if(data14.appId === undefined){
const err40 = {instancePath:instancePath+"/Rules/" + i1,schemaPath:"#/properties/Rules/items/required",keyword:"required",params:{missingProperty: "appId"},schema:schema11.properties.Rules.items.required,parentSchema:schema11.properties.Rules.items,data:data14};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
if(data14.containerPort === undefined){
const err41 = {instancePath:instancePath+"/Rules/" + i1,schemaPath:"#/properties/Rules/items/required",keyword:"required",params:{missingProperty: "containerPort"},schema:schema11.properties.Rules.items.required,parentSchema:schema11.properties.Rules.items,data:data14};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(data14.domain === undefined){
const err42 = {instancePath:instancePath+"/Rules/" + i1,schemaPath:"#/properties/Rules/items/required",keyword:"required",params:{missingProperty: "domain"},schema:schema11.properties.Rules.items.required,parentSchema:schema11.properties.Rules.items,data:data14};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(data14.path === undefined){
const err43 = {instancePath:instancePath+"/Rules/" + i1,schemaPath:"#/properties/Rules/items/required",keyword:"required",params:{missingProperty: "path"},schema:schema11.properties.Rules.items.required,parentSchema:schema11.properties.Rules.items,data:data14};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
for(const key2 in data14){
if(!(((((((key2 === "appId") || (key2 === "containerPort")) || (key2 === "domain")) || (key2 === "path")) || (key2 === "backendProtocol")) || (key2 === "rewritePath")) || (key2 === "appName"))){
const err44 = {instancePath:instancePath+"/Rules/" + i1,schemaPath:"#/properties/Rules/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},schema:false,parentSchema:schema11.properties.Rules.items,data:data14};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data14.appId !== undefined){
let data15 = data14.appId;
if(typeof data15 === "string"){
if(func3(data15) > 64){
const err45 = {instancePath:instancePath+"/Rules/" + i1+"/appId",schemaPath:"#/definitions/appId/maxLength",keyword:"maxLength",params:{limit: 64},schema:64,parentSchema:schema12,data:data15};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if(func3(data15) < 1){
const err46 = {instancePath:instancePath+"/Rules/" + i1+"/appId",schemaPath:"#/definitions/appId/minLength",keyword:"minLength",params:{limit: 1},schema:1,parentSchema:schema12,data:data15};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
else {
const err47 = {instancePath:instancePath+"/Rules/" + i1+"/appId",schemaPath:"#/definitions/appId/type",keyword:"type",params:{type: "string"},schema:schema12.type,parentSchema:schema12,data:data15};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data14.containerPort !== undefined){
let data16 = data14.containerPort;
if(!(((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16))) && (isFinite(data16)))){
const err48 = {instancePath:instancePath+"/Rules/" + i1+"/containerPort",schemaPath:"#/definitions/containerPort/type",keyword:"type",params:{type: "integer"},schema:schema13.type,parentSchema:schema13,data:data16};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 > 65535 || isNaN(data16)){
const err49 = {instancePath:instancePath+"/Rules/" + i1+"/containerPort",schemaPath:"#/definitions/containerPort/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},schema:65535,parentSchema:schema13,data:data16};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
if(data16 < 1 || isNaN(data16)){
const err50 = {instancePath:instancePath+"/Rules/" + i1+"/containerPort",schemaPath:"#/definitions/containerPort/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},schema:1,parentSchema:schema13,data:data16};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
}
if(data14.domain !== undefined){
let data17 = data14.domain;
if(typeof data17 === "string"){
if(func3(data17) > 253){
const err51 = {instancePath:instancePath+"/Rules/" + i1+"/domain",schemaPath:"#/properties/Rules/items/properties/domain/maxLength",keyword:"maxLength",params:{limit: 253},schema:253,parentSchema:schema11.properties.Rules.items.properties.domain,data:data17};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
if(func3(data17) < 1){
const err52 = {instancePath:instancePath+"/Rules/" + i1+"/domain",schemaPath:"#/properties/Rules/items/properties/domain/minLength",keyword:"minLength",params:{limit: 1},schema:1,parentSchema:schema11.properties.Rules.items.properties.domain,data:data17};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
if(!pattern3.test(data17)){
const err53 = {instancePath:instancePath+"/Rules/" + i1+"/domain",schemaPath:"#/properties/Rules/items/properties/domain/pattern",keyword:"pattern",params:{pattern: "^((\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)?$"},schema:"^((\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)?$",parentSchema:schema11.properties.Rules.items.properties.domain,data:data17};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
else {
const err54 = {instancePath:instancePath+"/Rules/" + i1+"/domain",schemaPath:"#/properties/Rules/items/properties/domain/type",keyword:"type",params:{type: "string"},schema:schema11.properties.Rules.items.properties.domain.type,parentSchema:schema11.properties.Rules.items.properties.domain,data:data17};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data14.path !== undefined){
let data18 = data14.path;
if(typeof data18 === "string"){
if(func3(data18) > 1024){
const err55 = {instancePath:instancePath+"/Rules/" + i1+"/path",schemaPath:"#/properties/Rules/items/properties/path/maxLength",keyword:"maxLength",params:{limit: 1024},schema:1024,parentSchema:schema11.properties.Rules.items.properties.path,data:data18};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
if(!pattern4.test(data18)){
const err56 = {instancePath:instancePath+"/Rules/" + i1+"/path",schemaPath:"#/properties/Rules/items/properties/path/pattern",keyword:"pattern",params:{pattern: "^/(?!.*\\$[({])[-A-Za-z0-9._~/%!$&()*+,;=:@?^|\\\\{}\\[\\]]*$"},schema:"^/(?!.*\\$[({])[-A-Za-z0-9._~/%!$&()*+,;=:@?^|\\\\{}\\[\\]]*$",parentSchema:schema11.properties.Rules.items.properties.path,data:data18};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
else {
const err57 = {instancePath:instancePath+"/Rules/" + i1+"/path",schemaPath:"#/properties/Rules/items/properties/path/type",keyword:"type",params:{type: "string"},schema:schema11.properties.Rules.items.properties.path.type,parentSchema:schema11.properties.Rules.items.properties.path,data:data18};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data14.backendProtocol !== undefined){
let data19 = data14.backendProtocol;
if(typeof data19 !== "string"){
const err58 = {instancePath:instancePath+"/Rules/" + i1+"/backendProtocol",schemaPath:"#/definitions/backendProtocol/type",keyword:"type",params:{type: "string"},schema:schema14.type,parentSchema:schema14,data:data19};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if(!(((data19 === "http") || (data19 === "https")) || (data19 === "grpc"))){
const err59 = {instancePath:instancePath+"/Rules/" + i1+"/backendProtocol",schemaPath:"#/definitions/backendProtocol/enum",keyword:"enum",params:{allowedValues: schema14.enum},schema:schema14.enum,parentSchema:schema14,data:data19};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(data14.rewritePath !== undefined){
let data20 = data14.rewritePath;
if(typeof data20 === "string"){
if(func3(data20) > 1024){
const err60 = {instancePath:instancePath+"/Rules/" + i1+"/rewritePath",schemaPath:"#/properties/Rules/items/properties/rewritePath/maxLength",keyword:"maxLength",params:{limit: 1024},schema:1024,parentSchema:schema11.properties.Rules.items.properties.rewritePath,data:data20};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
if(func3(data20) < 1){
const err61 = {instancePath:instancePath+"/Rules/" + i1+"/rewritePath",schemaPath:"#/properties/Rules/items/properties/rewritePath/minLength",keyword:"minLength",params:{limit: 1},schema:1,parentSchema:schema11.properties.Rules.items.properties.rewritePath,data:data20};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
else {
const err62 = {instancePath:instancePath+"/Rules/" + i1+"/rewritePath",schemaPath:"#/properties/Rules/items/properties/rewritePath/type",keyword:"type",params:{type: "string"},schema:schema11.properties.Rules.items.properties.rewritePath.type,parentSchema:schema11.properties.Rules.items.properties.rewritePath,data:data20};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(data14.appName !== undefined){
let data21 = data14.appName;
if(typeof data21 === "string"){
if(func3(data21) > 128){
const err63 = {instancePath:instancePath+"/Rules/" + i1+"/appName",schemaPath:"#/definitions/appName/maxLength",keyword:"maxLength",params:{limit: 128},schema:128,parentSchema:schema15,data:data21};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
else {
const err64 = {instancePath:instancePath+"/Rules/" + i1+"/appName",schemaPath:"#/definitions/appName/type",keyword:"type",params:{type: "string"},schema:schema15.type,parentSchema:schema15,data:data21};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
}
else {
const err65 = {instancePath:instancePath+"/Rules/" + i1,schemaPath:"#/properties/Rules/items/type",keyword:"type",params:{type: "object"},schema:schema11.properties.Rules.items.type,parentSchema:schema11.properties.Rules.items,data:data14};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
}
else {
const err66 = {instancePath:instancePath+"/Rules",schemaPath:"#/properties/Rules/type",keyword:"type",params:{type: "array"},schema:schema11.properties.Rules.type,parentSchema:schema11.properties.Rules,data:data13};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data.RequestTimeout !== undefined){
let data22 = data.RequestTimeout;
if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){
const err67 = {instancePath:instancePath+"/RequestTimeout",schemaPath:"#/properties/RequestTimeout/type",keyword:"type",params:{type: "integer"},schema:schema11.properties.RequestTimeout.type,parentSchema:schema11.properties.RequestTimeout,data:data22};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 > 180 || isNaN(data22)){
const err68 = {instancePath:instancePath+"/RequestTimeout",schemaPath:"#/properties/RequestTimeout/maximum",keyword:"maximum",params:{comparison: "<=", limit: 180},schema:180,parentSchema:schema11.properties.RequestTimeout,data:data22};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
if(data22 < 1 || isNaN(data22)){
const err69 = {instancePath:instancePath+"/RequestTimeout",schemaPath:"#/properties/RequestTimeout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},schema:1,parentSchema:schema11.properties.RequestTimeout,data:data22};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
}
if(data.IdleTimeout !== undefined){
let data23 = data.IdleTimeout;
if(!(((typeof data23 == "number") && (!(data23 % 1) && !isNaN(data23))) && (isFinite(data23)))){
const err70 = {instancePath:instancePath+"/IdleTimeout",schemaPath:"#/properties/IdleTimeout/type",keyword:"type",params:{type: "integer"},schema:schema11.properties.IdleTimeout.type,parentSchema:schema11.properties.IdleTimeout,data:data23};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
if((typeof data23 == "number") && (isFinite(data23))){
if(data23 > 60 || isNaN(data23)){
const err71 = {instancePath:instancePath+"/IdleTimeout",schemaPath:"#/properties/IdleTimeout/maximum",keyword:"maximum",params:{comparison: "<=", limit: 60},schema:60,parentSchema:schema11.properties.IdleTimeout,data:data23};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
if(data23 < 0 || isNaN(data23)){
const err72 = {instancePath:instancePath+"/IdleTimeout",schemaPath:"#/properties/IdleTimeout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},schema:0,parentSchema:schema11.properties.IdleTimeout,data:data23};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
}
if(data.SecurityPolicyId !== undefined){
let data24 = data.SecurityPolicyId;
if(typeof data24 === "string"){
if(func3(data24) > 128){
const err73 = {instancePath:instancePath+"/SecurityPolicyId",schemaPath:"#/properties/SecurityPolicyId/maxLength",keyword:"maxLength",params:{limit: 128},schema:128,parentSchema:schema11.properties.SecurityPolicyId,data:data24};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
if(func3(data24) < 1){
const err74 = {instancePath:instancePath+"/SecurityPolicyId",schemaPath:"#/properties/SecurityPolicyId/minLength",keyword:"minLength",params:{limit: 1},schema:1,parentSchema:schema11.properties.SecurityPolicyId,data:data24};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
else {
const err75 = {instancePath:instancePath+"/SecurityPolicyId",schemaPath:"#/properties/SecurityPolicyId/type",keyword:"type",params:{type: "string"},schema:schema11.properties.SecurityPolicyId.type,parentSchema:schema11.properties.SecurityPolicyId,data:data24};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data.CorsConfig !== undefined){
let data25 = data.CorsConfig;
if(data25 && typeof data25 == "object" && !Array.isArray(data25)){
for(const key3 in data25){
if(!(((((((key3 === "Enable") || (key3 === "AllowOrigin")) || (key3 === "AllowMethods")) || (key3 === "AllowHeaders")) || (key3 === "ExposeHeaders")) || (key3 === "AllowCredentials")) || (key3 === "MaxAge"))){
const err76 = {instancePath:instancePath+"/CorsConfig",schemaPath:"#/properties/CorsConfig/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},schema:false,parentSchema:schema11.properties.CorsConfig,data:data25};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data25.Enable !== undefined){
let data26 = data25.Enable;
if(!((((data26 === true) || (data26 === false)) || (data26 === "true")) || (data26 === "false"))){
const err77 = {instancePath:instancePath+"/CorsConfig/Enable",schemaPath:"#/properties/CorsConfig/properties/Enable/enum",keyword:"enum",params:{allowedValues: schema11.properties.CorsConfig.properties.Enable.enum},schema:schema11.properties.CorsConfig.properties.Enable.enum,parentSchema:schema11.properties.CorsConfig.properties.Enable,data:data26};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data25.AllowOrigin !== undefined){
let data27 = data25.AllowOrigin;
if(typeof data27 === "string"){
if(func3(data27) > 2048){
const err78 = {instancePath:instancePath+"/CorsConfig/AllowOrigin",schemaPath:"#/properties/CorsConfig/properties/AllowOrigin/maxLength",keyword:"maxLength",params:{limit: 2048},schema:2048,parentSchema:schema11.properties.CorsConfig.properties.AllowOrigin,data:data27};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
else {
const err79 = {instancePath:instancePath+"/CorsConfig/AllowOrigin",schemaPath:"#/properties/CorsConfig/properties/AllowOrigin/type",keyword:"type",params:{type: "string"},schema:schema11.properties.CorsConfig.properties.AllowOrigin.type,parentSchema:schema11.properties.CorsConfig.properties.AllowOrigin,data:data27};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data25.AllowMethods !== undefined){
let data28 = data25.AllowMethods;
if(typeof data28 === "string"){
if(func3(data28) > 256){
const err80 = {instancePath:instancePath+"/CorsConfig/AllowMethods",schemaPath:"#/properties/CorsConfig/properties/AllowMethods/maxLength",keyword:"maxLength",params:{limit: 256},schema:256,parentSchema:schema11.properties.CorsConfig.properties.AllowMethods,data:data28};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
else {
const err81 = {instancePath:instancePath+"/CorsConfig/AllowMethods",schemaPath:"#/properties/CorsConfig/properties/AllowMethods/type",keyword:"type",params:{type: "string"},schema:schema11.properties.CorsConfig.properties.AllowMethods.type,parentSchema:schema11.properties.CorsConfig.properties.AllowMethods,data:data28};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
if(data25.AllowHeaders !== undefined){
let data29 = data25.AllowHeaders;
if(typeof data29 === "string"){
if(func3(data29) > 2048){
const err82 = {instancePath:instancePath+"/CorsConfig/AllowHeaders",schemaPath:"#/properties/CorsConfig/properties/AllowHeaders/maxLength",keyword:"maxLength",params:{limit: 2048},schema:2048,parentSchema:schema11.properties.CorsConfig.properties.AllowHeaders,data:data29};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
else {
const err83 = {instancePath:instancePath+"/CorsConfig/AllowHeaders",schemaPath:"#/properties/CorsConfig/properties/AllowHeaders/type",keyword:"type",params:{type: "string"},schema:schema11.properties.CorsConfig.properties.AllowHeaders.type,parentSchema:schema11.properties.CorsConfig.properties.AllowHeaders,data:data29};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
if(data25.ExposeHeaders !== undefined){
let data30 = data25.ExposeHeaders;
if(typeof data30 === "string"){
if(func3(data30) > 2048){
const err84 = {instancePath:instancePath+"/CorsConfig/ExposeHeaders",schemaPath:"#/properties/CorsConfig/properties/ExposeHeaders/maxLength",keyword:"maxLength",params:{limit: 2048},schema:2048,parentSchema:schema11.properties.CorsConfig.properties.ExposeHeaders,data:data30};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
else {
const err85 = {instancePath:instancePath+"/CorsConfig/ExposeHeaders",schemaPath:"#/properties/CorsConfig/properties/ExposeHeaders/type",keyword:"type",params:{type: "string"},schema:schema11.properties.CorsConfig.properties.ExposeHeaders.type,parentSchema:schema11.properties.CorsConfig.properties.ExposeHeaders,data:data30};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
if(data25.AllowCredentials !== undefined){
let data31 = data25.AllowCredentials;
if(typeof data31 !== "string"){
const err86 = {instancePath:instancePath+"/CorsConfig/AllowCredentials",schemaPath:"#/properties/CorsConfig/properties/AllowCredentials/type",keyword:"type",params:{type: "string"},schema:schema11.properties.CorsConfig.properties.AllowCredentials.type,parentSchema:schema11.properties.CorsConfig.properties.AllowCredentials,data:data31};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
if(!((data31 === "on") || (data31 === "off"))){
const err87 = {instancePath:instancePath+"/CorsConfig/AllowCredentials",schemaPath:"#/properties/CorsConfig/properties/AllowCredentials/enum",keyword:"enum",params:{allowedValues: schema11.properties.CorsConfig.properties.AllowCredentials.enum},schema:schema11.properties.CorsConfig.properties.AllowCredentials.enum,parentSchema:schema11.properties.CorsConfig.properties.AllowCredentials,data:data31};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
if(data25.MaxAge !== undefined){
let data32 = data25.MaxAge;
if((!(((typeof data32 == "number") && (!(data32 % 1) && !isNaN(data32))) && (isFinite(data32)))) && (typeof data32 !== "string")){
const err88 = {instancePath:instancePath+"/CorsConfig/MaxAge",schemaPath:"#/properties/CorsConfig/properties/MaxAge/type",keyword:"type",params:{type: schema11.properties.CorsConfig.properties.MaxAge.type},schema:schema11.properties.CorsConfig.properties.MaxAge.type,parentSchema:schema11.properties.CorsConfig.properties.MaxAge,data:data32};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
if((typeof data32 == "number") && (isFinite(data32))){
if(data32 > 172800 || isNaN(data32)){
const err89 = {instancePath:instancePath+"/CorsConfig/MaxAge",schemaPath:"#/properties/CorsConfig/properties/MaxAge/maximum",keyword:"maximum",params:{comparison: "<=", limit: 172800},schema:172800,parentSchema:schema11.properties.CorsConfig.properties.MaxAge,data:data32};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
if(data32 < -1 || isNaN(data32)){
const err90 = {instancePath:instancePath+"/CorsConfig/MaxAge",schemaPath:"#/properties/CorsConfig/properties/MaxAge/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1},schema:-1,parentSchema:schema11.properties.CorsConfig.properties.MaxAge,data:data32};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
if(typeof data32 === "string"){
if(!pattern5.test(data32)){
const err91 = {instancePath:instancePath+"/CorsConfig/MaxAge",schemaPath:"#/properties/CorsConfig/properties/MaxAge/pattern",keyword:"pattern",params:{pattern: "^(-1|0|[1-9][0-9]{0,4}|1[0-6][0-9]{4}|17[01][0-9]{3}|172[0-7][0-9]{2}|172800)$"},schema:"^(-1|0|[1-9][0-9]{0,4}|1[0-6][0-9]{4}|17[01][0-9]{3}|172[0-7][0-9]{2}|172800)$",parentSchema:schema11.properties.CorsConfig.properties.MaxAge,data:data32};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
}
}
else {
const err92 = {instancePath:instancePath+"/CorsConfig",schemaPath:"#/properties/CorsConfig/type",keyword:"type",params:{type: "object"},schema:schema11.properties.CorsConfig.type,parentSchema:schema11.properties.CorsConfig,data:data25};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
if(data.EnableGzip !== undefined){
let data33 = data.EnableGzip;
if(typeof data33 !== "boolean"){
const err93 = {instancePath:instancePath+"/EnableGzip",schemaPath:"#/properties/EnableGzip/type",keyword:"type",params:{type: "boolean"},schema:schema11.properties.EnableGzip.type,parentSchema:schema11.properties.EnableGzip,data:data33};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
if(data.EnableXForwardedFor !== undefined){
let data34 = data.EnableXForwardedFor;
if(typeof data34 !== "boolean"){
const err94 = {instancePath:instancePath+"/EnableXForwardedFor",schemaPath:"#/properties/EnableXForwardedFor/type",keyword:"type",params:{type: "boolean"},schema:schema11.properties.EnableXForwardedFor.type,parentSchema:schema11.properties.EnableXForwardedFor,data:data34};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
if(data.EnableXForwardedForClientSrcPort !== undefined){
let data35 = data.EnableXForwardedForClientSrcPort;
if(typeof data35 !== "boolean"){
const err95 = {instancePath:instancePath+"/EnableXForwardedForClientSrcPort",schemaPath:"#/properties/EnableXForwardedForClientSrcPort/type",keyword:"type",params:{type: "boolean"},schema:schema11.properties.EnableXForwardedForClientSrcPort.type,parentSchema:schema11.properties.EnableXForwardedForClientSrcPort,data:data35};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
if(data.EnableXForwardedForProto !== undefined){
let data36 = data.EnableXForwardedForProto;
if(typeof data36 !== "boolean"){
const err96 = {instancePath:instancePath+"/EnableXForwardedForProto",schemaPath:"#/properties/EnableXForwardedForProto/type",keyword:"type",params:{type: "boolean"},schema:schema11.properties.EnableXForwardedForProto.type,parentSchema:schema11.properties.EnableXForwardedForProto,data:data36};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
if(data.EnableXForwardedForSlbId !== undefined){
let data37 = data.EnableXForwardedForSlbId;
if(typeof data37 !== "boolean"){
const err97 = {instancePath:instancePath+"/EnableXForwardedForSlbId",schemaPath:"#/properties/EnableXForwardedForSlbId/type",keyword:"type",params:{type: "boolean"},schema:schema11.properties.EnableXForwardedForSlbId.type,parentSchema:schema11.properties.EnableXForwardedForSlbId,data:data37};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
if(data.EnableXForwardedForSlbPort !== undefined){
let data38 = data.EnableXForwardedForSlbPort;
if(typeof data38 !== "boolean"){
const err98 = {instancePath:instancePath+"/EnableXForwardedForSlbPort",schemaPath:"#/properties/EnableXForwardedForSlbPort/type",keyword:"type",params:{type: "boolean"},schema:schema11.properties.EnableXForwardedForSlbPort.type,parentSchema:schema11.properties.EnableXForwardedForSlbPort,data:data38};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
if(data.LoadBalanceType !== undefined){
let data39 = data.LoadBalanceType;
if(typeof data39 === "string"){
if(func3(data39) > 16){
const err99 = {instancePath:instancePath+"/LoadBalanceType",schemaPath:"#/properties/LoadBalanceType/maxLength",keyword:"maxLength",params:{limit: 16},schema:16,parentSchema:schema11.properties.LoadBalanceType,data:data39};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
else {
const err100 = {instancePath:instancePath+"/LoadBalanceType",schemaPath:"#/properties/LoadBalanceType/type",keyword:"type",params:{type: "string"},schema:schema11.properties.LoadBalanceType.type,parentSchema:schema11.properties.LoadBalanceType,data:data39};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
}
else {
const err101 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

;// CONCATENATED MODULE: ./src/engine/ingress/utf8.ts
const strict = new TextDecoder('utf-8', { fatal: true });
const dropBom = new TextDecoder('utf-8');
const keepBom = new TextDecoder('utf-8', { ignoreBOM: true });
/** Byte offset of the first ill-formed sequence (Unicode Table 3-7), or -1 when the bytes are UTF-8. */
function firstInvalidUtf8(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const b = bytes[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        let length;
        let low = 0x80;
        let high = 0xbf;
        if (b >= 0xc2 && b <= 0xdf)
            length = 2;
        else if (b >= 0xe0 && b <= 0xef) {
            length = 3;
            if (b === 0xe0)
                low = 0xa0;
            if (b === 0xed)
                high = 0x9f;
        }
        else if (b >= 0xf0 && b <= 0xf4) {
            length = 4;
            if (b === 0xf0)
                low = 0x90;
            if (b === 0xf4)
                high = 0x8f;
        }
        else
            return i;
        for (let k = 1; k < length; k++) {
            const c = bytes[i + k];
            if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf))
                return i;
        }
        i += length;
    }
    return -1;
}
/** Where a byte offset falls, counted the way the JSON parser counts (UTF-16 columns, CR, LF or CRLF lines). */
function positionOf(bytes, offset) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
        const b = bytes[i];
        if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
            line++;
            lineStart = i + 1;
        }
    }
    // Only a BOM at the very start is dropped, as the parser does.
    const decoder = lineStart === 0 ? dropBom : keepBom;
    return { line, column: decoder.decode(bytes.subarray(lineStart, offset)).length + 1 };
}
/** Decodes UTF-8 strictly: the service would receive mangled text otherwise. A BOM is dropped. */
function decodeUtf8(bytes) {
    try {
        return { ok: true, text: strict.decode(bytes) };
    }
    catch {
        const offset = Math.max(0, firstInvalidUtf8(bytes));
        const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
        return {
            ok: false,
            problem: {
                message: `the file is not valid UTF-8 (byte 0x${byte} at offset ${offset}); save it as UTF-8`,
                pointer: '',
                ...positionOf(bytes, offset)
            }
        };
    }
}

;// CONCATENATED MODULE: ./src/engine/ingress/load.ts








/** Nearest recorded position: a missing key's problem sits at the object that lacks it. */
function locate(positions, pointer, at) {
    const key = at === 'key' ? positions.keys.get(pointer) : undefined;
    if (key)
        return key;
    for (let p = pointer;; p = (0,pointers/* parentPointer */.Yg)(p)) {
        const value = positions.values.get(p);
        if (value)
            return value;
        if (p === '')
            return { line: 1, column: 1 };
    }
}
function byPosition(a, b) {
    return a.line - b.line || a.column - b.column;
}
function finish(problems, warnings, ingress) {
    warnings.sort(byPosition);
    if (problems.length > 0)
        return { ok: false, problems: problems.sort(byPosition), warnings };
    return { ok: true, ingress: ingress, warnings };
}
function load(content, env, mode) {
    let text;
    // A leading BOM is no part of the JSON (the UTF-8 decoder drops it from bytes, too).
    if (typeof content === 'string')
        text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
    else {
        const decoded = decodeUtf8(content);
        if (!decoded.ok)
            return finish([decoded.problem], [], undefined);
        text = decoded.text;
    }
    const parsed = parseJsonWithPositions(text);
    if (!parsed.ok)
        return finish(parsed.problems, [], undefined);
    const { positions } = parsed;
    const problem = (pointer, message, at = 'value') => ({
        message,
        pointer,
        ...locate(positions, pointer, at)
    });
    const warnings = [];
    const document = parsed.value;
    if (declaresLoadBalanceType(document))
        warnings.push(problem('/LoadBalanceType', LOAD_BALANCE_TYPE_WARNING, 'key'));
    const substituted = (0,placeholders/* substituteDocument */.QD)(text, document, (0,placeholder_policy/* placeholderEnv */.D3)(env));
    const problems = [...parsed.problems];
    // A name that may never feed a placeholder (a credential, a runner internal) says so, rather than "not set".
    const unset = substituted.missing.filter((m) => (0,placeholder_policy/* refusalReason */.b)(m.name) === undefined);
    for (const missing of substituted.missing) {
        const reason = (0,placeholder_policy/* refusalReason */.b)(missing.name);
        const message = reason
            ? `${(0,pointers/* describePointer */.jR)(missing.pointer)}: ${(0,placeholder_policy/* refusedPlaceholderMessage */.ro)({ name: missing.name, reason })}`
            : (0,placeholders/* missingPlaceholderMessage */.pd)(missing, unset);
        problems.push(problem(missing.pointer, message));
    }
    // A value still holding an unset placeholder is reported once, for the placeholder.
    const unresolved = new Set(substituted.missing.map((m) => m.pointer));
    const checks = checkIngress(substituted.value, { mode }).filter((finding) => !unresolved.has(finding.pointer));
    const superseded = new Set(checks.flatMap((c) => c.supersedes.map((keyword) => `${c.pointer}\u0000${keyword}`)));
    const valid = validateIngressFile(substituted.value);
    if (!valid) {
        for (const finding of describeSchemaErrors(validateIngressFile.errors ?? [])) {
            if (unresolved.has(finding.pointer) || superseded.has(`${finding.pointer}\u0000${finding.keyword}`))
                continue;
            problems.push(problem(finding.pointer, finding.message, finding.at));
        }
    }
    for (const finding of checks)
        problems.push(problem(finding.pointer, finding.message));
    return finish(problems, warnings, substituted.value);
}
/**
 * Reads an ingress file: strict UTF-8, JSON with the position of every key and value, `${NAME}` placeholders from
 * `env`, the schema, then the checks the schema cannot express (some depend on the rules mode). Every problem is
 * reported at once, sorted by line, each located at the offending value (or key). Never throws.
 */
function loadIngressFile(content, env, options = {}) {
    try {
        return load(content, env, options.mode ?? 'replace');
    }
    catch (error) {
        // Unreachable by design (the fuzz suite tries); a located problem beats a crashed step.
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, problems: [{ message: `internal error while reading the file: ${reason}`, pointer: '', line: 1, column: 1 }], warnings: [] };
    }
}

;// CONCATENATED MODULE: ./src/engine/ingress/source.ts
// Synchronous on purpose: a one-shot step gains nothing from async file I/O, and node:fs/promises costs start-up time.
// realpathSync.native is one realpath(3) call, where the JavaScript version lstat()s every directory on the way.



/** Far beyond any real ingress file (40 rules); a bigger file is refused before it is read. */
const MAX_INGRESS_FILE_BYTES = 4 * 1024 * 1024;
const DRIVE = /^[A-Za-z]:/;
/**
 * Where `ingress-file` points, given the workspace's real path; or a hint when it cannot be meant for this runner.
 * Pure: `paths` is node:path, or path.win32 / path.posix in tests.
 *
 * On Windows both separators work. Elsewhere a backslash is read as a separator too (the same workflow file often
 * serves several runners, and no repository checks out a file name holding one on Windows), while a drive letter
 * cannot mean anything: that gets a hint instead of a "not found" that would hide the cause.
 */
function locateIngressFile(root, file, paths = (external_node_path_default())) {
    if (paths.sep === '\\')
        return { path: paths.resolve(root, file) };
    if (DRIVE.test(file)) {
        return {
            hint: `ingress-file ${file} is a Windows path, but this runner is not Windows: give the path relative to the ` +
                `workspace with / between folders, e.g. deploy/ingress.json.`
        };
    }
    return { path: paths.resolve(root, file.replace(/\\/g, '/')) };
}
/** The file's path relative to the workspace with forward slashes, or undefined when it is not inside it. Pure. */
function workspaceRelative(root, resolved, paths = (external_node_path_default())) {
    const relative = paths.relative(root, resolved);
    // On Windows a path on another drive comes back absolute.
    if (relative === '' || relative === '..' || relative.startsWith(`..${paths.sep}`) || paths.isAbsolute(relative))
        return undefined;
    return relative.split(paths.sep).join('/');
}
/** `O_NOFOLLOW` and `O_NONBLOCK` are POSIX; Windows has neither (and no FIFOs to block on). */
const OPEN_FLAGS = external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NOFOLLOW ?? 0) | (external_node_fs_.constants.O_NONBLOCK ?? 0);
function kind(stats) {
    if (stats.isDirectory())
        return 'a directory';
    if (stats.isFIFO())
        return 'a named pipe (FIFO)';
    if (stats.isSocket())
        return 'a socket';
    if (stats.isCharacterDevice() || stats.isBlockDevice())
        return 'a device';
    return 'not a regular file';
}
function sameFile(a, b) {
    return a.dev === b.dev && a.ino === b.ino;
}
/**
 * Reads the ingress file, which must resolve (symlinks included) inside the workspace: a workflow should never be
 * talked into deploying a file from elsewhere on the runner. It must also be a regular file of a sane size, so a
 * named pipe, a device or a directory can neither block the step nor feed it endless input.
 *
 * The path is resolved and checked, then opened (never following a symlink, never blocking), and the opened
 * descriptor is proven to be the checked file: its device and inode are those the checked path has after the open.
 * Swapping a file or a directory in between makes the step fail rather than read something else.
 */
function readIngressSource(workspace, file, race = {}) {
    let root;
    try {
        root = external_node_fs_.realpathSync.native(workspace);
    }
    catch {
        throw new input_parsers/* InputError */.dz(`The workspace ${workspace} does not exist. Did the job run actions/checkout?`);
    }
    const located = locateIngressFile(root, file);
    if ('hint' in located)
        throw new input_parsers/* InputError */.dz(located.hint);
    const requested = located.path;
    let resolved;
    try {
        resolved = external_node_fs_.realpathSync.native(requested);
    }
    catch {
        throw new input_parsers/* InputError */.dz(`ingress-file ${file} was not found in the workspace (looked for ${requested}). Did the job run actions/checkout?`);
    }
    const relativePath = workspaceRelative(root, resolved);
    if (relativePath === undefined) {
        throw new input_parsers/* InputError */.dz(`ingress-file ${file} resolves to ${resolved}, outside the workspace ${root}; refusing to read it.`);
    }
    const notRegular = (stats) => new input_parsers/* InputError */.dz(`ingress-file ${file} is ${kind(stats)}, not a regular file; refusing to read it.`);
    const changed = () => new input_parsers/* InputError */.dz(`ingress-file ${file} changed while it was being opened (a file or folder on its path was replaced); refusing to read it.`);
    // Checked before opening too, so that the usual mistakes never open a device or a pipe at all.
    const checked = statIfPossible(resolved);
    if (checked && !checked.isFile())
        throw notRegular(checked);
    race.beforeOpen?.();
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(resolved, OPEN_FLAGS);
    }
    catch (err) {
        const code = err.code;
        // The resolved path has no symlink in it: one that is there now was put there after the check.
        if (code === 'ELOOP')
            throw changed();
        throw new input_parsers/* InputError */.dz(`ingress-file ${file} could not be read: ${code ?? String(err)}.`);
    }
    try {
        race.afterOpen?.();
        const opened = (0,external_node_fs_.fstatSync)(fd, { bigint: true });
        if (!opened.isFile())
            throw notRegular(opened);
        if (!isStill(resolved, opened))
            throw changed();
        if (opened.size > BigInt(MAX_INGRESS_FILE_BYTES)) {
            throw new input_parsers/* InputError */.dz(`ingress-file ${file} is ${opened.size} bytes; an ingress file may be at most ${MAX_INGRESS_FILE_BYTES} bytes.`);
        }
        return { relativePath, bytes: readAll(fd, file, Number(opened.size)) };
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
function statIfPossible(resolved) {
    try {
        return (0,external_node_fs_.statSync)(resolved);
    }
    catch {
        return undefined;
    }
}
/** The checked path still has no symlink in it and names the very file that was opened. */
function isStill(resolved, opened) {
    try {
        return external_node_fs_.realpathSync.native(resolved) === resolved && sameFile((0,external_node_fs_.lstatSync)(resolved, { bigint: true }), opened);
    }
    catch {
        return false;
    }
}
/** Reads to the end, but never more than the cap: the file may still be growing while it is read. */
function readAll(fd, file, expected) {
    const chunks = [];
    let length = 0;
    for (let chunk = Buffer.allocUnsafe(expected + 1);; chunk = Buffer.allocUnsafe(64 * 1024)) {
        let count;
        try {
            count = (0,external_node_fs_.readSync)(fd, chunk, 0, chunk.length, null);
        }
        catch (err) {
            throw new input_parsers/* InputError */.dz(`ingress-file ${file} could not be read: ${err.code ?? String(err)}.`);
        }
        if (count === 0)
            break;
        chunks.push(chunk.subarray(0, count));
        length += count;
        if (length > MAX_INGRESS_FILE_BYTES) {
            throw new input_parsers/* InputError */.dz(`ingress-file ${file} is larger than ${MAX_INGRESS_FILE_BYTES} bytes, the most an ingress file may be.`);
        }
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
}

;// CONCATENATED MODULE: ./src/action/report/annotate.ts

/**
 * Annotations a run makes at most. The runner shows only a few per step anyway, and a hostile file could otherwise
 * make a step print one per value (tens of thousands); the rest are counted in one line.
 */
const MAX_ANNOTATIONS = 50;
/** Each problem, then each warning, becomes an annotation on the file, line and column of the offending value. */
function annotate(file, problems, warnings) {
    const all = [...problems.map(problem => ['error', problem]), ...warnings.map(warning => ['warning', warning])];
    for (const [level, { message, line, column }] of all.slice(0, MAX_ANNOTATIONS)) {
        const properties = { file, startLine: line, startColumn: column };
        if (level === 'error')
            log.error(message, { title: 'Invalid ingress file', ...properties });
        else
            log.warning(message, { title: 'Ingress file', ...properties });
    }
    const rest = all.length - MAX_ANNOTATIONS;
    if (rest > 0) {
        const errors = Math.max(0, problems.length - MAX_ANNOTATIONS);
        log.info(`${rest} more problem(s) in ${file} not shown as annotations (${errors} error(s), ${rest - errors} warning(s)); the first ${MAX_ANNOTATIONS} are above.`);
    }
}

// EXTERNAL MODULE: ./src/action/report/comment.ts
var comment = __webpack_require__(3848);
;// CONCATENATED MODULE: ./src/action/report/outputs.ts

/**
 * An ID as the service writes them (a UUID, hex digits). Scripts read the outputs, so whatever else an answer put
 * there (a quote, `$(`, a line break) is not passed on: the summary still shows it, escaped.
 */
const SERVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const serviceId = (value) => (value !== undefined && SERVICE_ID.test(value) ? value : undefined);
/**
 * The step's outputs, rendered from the one report: on success and on failure alike, as far as the run got. None can
 * carry shell syntax but `diff`, which is free text: `urls` is built from schema-checked domains and paths, the IDs
 * are checked here, the rest are numbers, booleans and a path under RUNNER_TEMP.
 */
function renderOutputs(report) {
    const outputs = [
        ['ingress-id', report.ingressId],
        ['request-id', serviceId(report.update?.requestId)],
        ['trace-id', serviceId(report.update?.traceId)],
        ['changed', report.plan ? changed(report) : undefined],
        ['urls', report.ingressId !== undefined ? JSON.stringify(report.urls) : undefined],
        ['diff', report.plan ? renderDiff(report.plan) : undefined],
        ['previous-config', report.previousConfig]
    ];
    return outputs.filter((entry) => entry[1] !== undefined).map(([name, value]) => [name, String(value)]);
}
/** A real run: whether it wrote. A dry run: whether a real one would. */
function changed(report) {
    const plan = report.plan;
    return plan.changed && plan.problems.length === 0 && (report.dryRun || report.update !== undefined);
}

// EXTERNAL MODULE: ./src/action/report/summary.ts
var summary = __webpack_require__(3245);
;// CONCATENATED MODULE: ./src/action/step.ts















/** The longest log lines wait for the TLS handshake before the toolkit loads anyway. */
const TOOLKIT_WAIT_MS = 1000;
/** Validate the file, then (unless it is an offline dry run) plan and apply it; report either way. */
async function runStep(start, clock = systemClock) {
    const report = { mode: 'replace', dryRun: false, urls: [], warnings: [] };
    // Masks first: nothing has been printed yet.
    log.addSecretsFromEnvironment();
    for (const secret of (0,inputs/* secretValues */.VX)())
        log.addSecret(secret);
    let settings;
    const connection = 'settings' in start ? start.connection : undefined;
    // The toolkit loads once the connection is up, while the first request travels; what is written before waits
    // (never more than TOOLKIT_WAIT_MS, so a host that does not answer the handshake leaves the log silent no longer).
    const toolkit = (0,early_socket/* connectedWithin */.lF)(connection?.preconnect(), TOOLKIT_WAIT_MS).then(early_socket/* nextTurn */.tJ).then(log.loadToolkit);
    // A failure to load is met where the run awaits it, after the API work, not as an unhandled rejection mid-apply.
    toolkit.catch(() => undefined);
    try {
        if ('refused' in start)
            throw start.refused;
        settings = start.settings;
        if (settings.endpoint && connection)
            log.debug(`SAE endpoint ${new URL(settings.endpoint).host}: ${(0,proxy/* describeRoute */.fx)(settings.endpoint)}.`);
        Object.assign(report, { mode: settings.rulesMode, dryRun: settings.dryRun, regionId: settings.regionId, file: settings.ingressFile });
        const ingress = await log.group('Validate the ingress file', async () => validate(settings, report));
        const ingressId = settings.ingressId ?? ingress.IngressId;
        if (ingressId === undefined)
            throw new input_parsers/* InputError */.dz('No ingress to update: set IngressId in the file or the ingress-id input.');
        if (settings.allowedIngressIds && !settings.allowedIngressIds.includes(ingressId)) {
            throw new input_parsers/* InputError */.dz(`Ingress ${ingressId} is not in allowed-ingress-ids (${settings.allowedIngressIds.join(', ')}); refusing to touch it.`);
        }
        report.ingressId = ingressId;
        report.urls = (0,urls/* ruleUrls */.X)(ingress);
        // The ingress-id input wins over the file's IngressId (one file, several environments).
        Object.assign(report, await apply(settings, { ...ingress, IngressId: ingressId }, clock, connection));
    }
    catch (err) {
        report.outcome = 'failed';
        report.error = (0,failure/* failureMessage */.oh)(err);
    }
    finally {
        connection?.destroy();
    }
    if (report.error)
        log.setFailed(report.error);
    await toolkit;
    await log.setOutputs(renderOutputs(report));
    if (settings?.comment.enabled && report.ingressId !== undefined)
        await step_comment(settings, report, report.ingressId);
    try {
        await log.appendSummary((0,summary/* renderSummary */.Br)(report));
    }
    catch (err) {
        log.warning(`Could not write the job summary: ${err instanceof Error ? err.message : String(err)}`);
    }
}
async function validate(settings, report) {
    const source = readIngressSource(settings.workspace, settings.ingressFile);
    report.file = source.relativePath;
    const loaded = loadIngressFile(source.bytes, settings.env, { mode: settings.rulesMode });
    annotate(source.relativePath, loaded.ok ? [] : loaded.problems, loaded.warnings);
    report.warnings.push(...loaded.warnings.map(w => `line ${w.line}: ${w.message}`));
    if (!loaded.ok) {
        report.problems = loaded.problems;
        throw new failure/* ValidationFailed */.n_(source.relativePath, loaded.problems);
    }
    report.ingress = loaded.ingress;
    log.info(`${source.relativePath} is valid: ${loaded.ingress.Rules?.length ?? 0} rule(s).`);
    return loaded.ingress;
}
async function step_comment(settings, report, ingressId) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = settings.env;
    const runUrl = server && repo && runId ? `${server}/${repo}/actions/runs/${runId}` : undefined;
    await log.group('Pull request comment', async () => {
        try {
            const { upsertPullRequestComment } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(413), __webpack_require__.e(636)]).then(__webpack_require__.bind(__webpack_require__, 6636));
            await upsertPullRequestComment(settings.comment.token, ingressId, (0,comment/* renderComment */.wQ)(report, ingressId, runUrl), runUrl);
        }
        catch (err) {
            log.warning(`Could not comment on the pull request: ${(0,failure/* failureMessage */.oh)(err)}`);
        }
    });
}


/***/ }),

/***/ 5001:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Hb: () => (/* binding */ ExpectedFailure),
  Sw: () => (/* binding */ PlanRejected),
  n_: () => (/* binding */ ValidationFailed),
  oh: () => (/* binding */ failureMessage)
});

// EXTERNAL MODULE: ./src/action/input-parsers.ts
var input_parsers = __webpack_require__(115);
// EXTERNAL MODULE: ./src/engine/sae/errors.ts
var errors = __webpack_require__(7675);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(8995);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./src/engine/stack-trace.ts
// Stack traces of unexpected errors, pointed into src/. The bundle's source maps (dist/*.js.map) are read only when
// such an error is reported: turning Node's source maps on for the whole run would cost every run tens of
// milliseconds, in loading and even more at exit.



/** `    at fn (file:///…/dist/101.index.js:2262:5)` or `    at /…/dist/x.js:1:2`: a frame, with its file, line, column. */
const FRAME = /^\s+at (?:.* \()?((?:file:\/\/)?[^\s()]+\.js):(\d+):(\d+)\)?$/;
/** Frames are short; a longer line is a message, and is left alone without a look. */
const FRAME_MAX_CHARS = 1000;
/** Where ncc's maps name a source: `.././src/deployment.ts` → `src/deployment.ts`. */
const sourceName = (source) => source.replace(/^webpack:\/\/[^/]*\//, '').replace(/^(?:\.\.?\/)+/, '');
const readMap = (file) => {
    try {
        const path = file.startsWith('file:') ? (0,external_node_url_.fileURLToPath)(file) : file;
        return new external_node_module_.SourceMap(JSON.parse((0,external_node_fs_.readFileSync)(`${path}.map`, 'utf8')));
    }
    catch {
        return undefined;
    }
};
/** `stack` with each frame in a file that has a source map replaced by its place in the original source. */
function sourceMappedStack(stack, mapOf = readMap) {
    const maps = new Map();
    return stack
        .split('\n')
        .map(line => {
        const match = line.length <= FRAME_MAX_CHARS ? FRAME.exec(line) : null;
        if (!match)
            return line;
        const [, file, row, column] = match;
        if (!maps.has(file))
            maps.set(file, mapOf(file));
        const entry = maps.get(file)?.findEntry(Number(row) - 1, Number(column) - 1);
        // findEntry answers the nearest mapping before the position, which may belong to another line.
        if (!entry || !('originalSource' in entry) || !entry.originalSource || entry.generatedLine !== Number(row) - 1)
            return line;
        const original = `${sourceName(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
        return line.replace(`${file}:${row}:${column}`, original);
    })
        .join('\n');
}

;// CONCATENATED MODULE: ./src/engine/failure.ts



class ValidationFailed extends Error {
    constructor(file, problems) {
        const first = problems[0];
        super(`${file} is not a valid ingress file (${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was sent)` +
            (first ? `: line ${first.line}: ${first.message}` : ''));
        this.name = 'ValidationFailed';
    }
}
/** A failure the user caused or the service reported: shown without a stack trace. */
class ExpectedFailure extends Error {
}
/** The live ingress cannot take the file's change as planned (e.g. it would exceed the rule limit). */
class PlanRejected extends Error {
}
/** Whatever was thrown, as one message for setFailed; stacks only for what we did not expect. */
function failureMessage(err, action = 'SAE API call') {
    if (err instanceof errors/* SaeApiError */.EW)
        return (0,errors/* describeApiError */.gg)(err.action ?? action, err);
    if (err instanceof input_parsers/* InputError */.dz || err instanceof ValidationFailed || err instanceof PlanRejected || err instanceof ExpectedFailure) {
        return err.message;
    }
    if (err instanceof Error)
        return `Unexpected error: ${err.stack ? sourceMappedStack(err.stack) : err.message}`;
    return `Unexpected error: ${String(err)}`;
}


/***/ }),

/***/ 5534:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ displayUrl),
/* harmony export */   X: () => (/* binding */ ruleUrls)
/* harmony export */ });
/* harmony import */ var _text_secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2033);

const DEFAULT_PORT = { http: 80, https: 443 };
/**
 * `scheme://domain[:port]/path` for each rule; the port is shown only when it is not the scheme's default. Domain and
 * path are schema-checked (a host name; the path's characters), so a URL holds no quote, space, backtick or `$(`.
 */
function ruleUrls(ingress, fallback) {
    const protocol = (ingress.ListenerProtocol ?? fallback?.ListenerProtocol ?? 'HTTP').toLowerCase();
    const port = Number(ingress.ListenerPort ?? fallback?.ListenerPort ?? DEFAULT_PORT[protocol]);
    const portPart = Number.isInteger(port) && port !== DEFAULT_PORT[protocol] ? `:${port}` : '';
    return (ingress.Rules ?? []).map(rule => `${protocol}://${rule.domain.toLowerCase()}${portPart}${rule.path}`);
}
/**
 * A URL as it may be shown (health-check-url in the log, summary and comment): query values and user:password
 * replaced by ***, the fragment dropped. A query is where a URL carries tokens; its names stay, to say what was
 * there. Text that is not a URL is shown up to where a query starts, or not at all when it could hold credentials.
 */
function displayUrl(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        // Not a URL: shown below as text.
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
        if (url.includes('@'))
            return _text_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .MASK */ .v5;
        const query = url.search(/[?#]/);
        return query < 0 ? url : `${url.slice(0, query)}?${_text_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .MASK */ .v5}`;
    }
    const query = parsed.search
        .slice(1)
        .split('&')
        .filter(Boolean)
        .map(pair => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('='))}=${_text_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .MASK */ .v5}` : _text_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .MASK */ .v5));
    const credentials = parsed.username || parsed.password ? `${_text_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .MASK */ .v5}@` : '';
    return `${parsed.protocol}//${credentials}${parsed.host}${parsed.pathname}${query.length ? `?${query.join('&')}` : ''}`;
}


/***/ }),

/***/ 7675:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EW: () => (/* binding */ SaeApiError),
/* harmony export */   gg: () => (/* binding */ describeApiError),
/* harmony export */   rN: () => (/* binding */ errorFromBody),
/* harmony export */   zL: () => (/* binding */ callFailure)
/* harmony export */ });
/* unused harmony exports hintFor, separateRequestLine, classifyThrown */
/* harmony import */ var _net_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(63);

/** A failed API call, described with what the service said. Messages are already redacted. */
class SaeApiError extends Error {
    code;
    requestId;
    traceId;
    httpStatus;
    /** Worth another attempt: throttling, 5xx, gateway pages, dropped or timed-out connections. */
    transient;
    attempts = 1;
    /** The API operation that failed, set by the client. */
    action;
    constructor(fields) {
        super(fields.message);
        this.name = 'SaeApiError';
        this.code = fields.code;
        this.requestId = fields.requestId;
        this.traceId = fields.traceId;
        this.httpStatus = fields.httpStatus;
        this.transient = fields.transient;
    }
}
const HINTS = [
    [/^InvalidParameter\.NotEmpty$/, 'A required parameter is missing: check the ingress file and the ingress-id input.'],
    [
        /^InvalidParameter\./,
        'The service rejected a parameter: check the value it names. SAE also answers this way when the IngressId does not exist in this region.'
    ],
    [/^Exceed\.IngressRule$/, 'An ingress holds at most 40 rules: remove rules or split them across ingresses.'],
    [/^SlbListenerPort\.NotAvailable$/, 'ListenerPort is already used on this load balancer: choose a free port.'],
    [/^SSLCert\.NotFound$/, 'The certificate was not found: CertId/CertIds must exist in this region (CertIds entries look like <id>-<region>).'],
    [/^SlbHttpsCert\.NotFound$/, 'An HTTPS listener needs a certificate: set CertId (CLB) or CertIds (ALB).'],
    [
        /^InvalidAccessKeyId\./,
        'The AccessKey ID is unknown or disabled: check access-key-id or ALIBABA_CLOUD_ACCESS_KEY_ID (from aliyun/configure-aliyun-credentials-action).'
    ],
    [
        /^SignatureDoesNotMatch$/,
        'The AccessKey secret does not match the AccessKey ID: check access-key-secret or ALIBABA_CLOUD_ACCESS_KEY_SECRET (watch for stray whitespace).'
    ],
    [
        /^(InvalidSecurityToken\.|MissingSecurityToken$)/,
        'The STS security token is missing, expired or belongs to other credentials: pass security-token with temporary keys, or re-run the credentials step.'
    ],
    [/^InvalidTimeStamp\./, "The runner's clock is more than 15 minutes away from the service's."],
    [/^(Forbidden\.RAM|NoPermission|Forbidden)/, 'The RAM identity lacks permission: grant sae:DescribeIngress and sae:UpdateIngress.'],
    [
        /^AuthenticationFail\.OIDCToken\.Expired$/,
        "The workflow's OIDC token expired before STS saw it: check the runner's clock, and re-run the job."
    ],
    [
        /^AuthenticationFail\.OIDCToken\.(AudienceNotMatch|IssuerNotMatch)$/,
        'The OIDC provider in RAM must list the audience input (default sts.aliyuncs.com) as a client ID and https://token.actions.githubusercontent.com as its issuer.'
    ],
    [
        /^(AuthenticationFail\.|EntityNotExist\.Role$|NoPermission$)/,
        "STS refused the role: check role-to-assume and oidc-provider-arn, and that the role's trust policy trusts that provider for this repository (its sub condition)."
    ],
    [/^(InvalidApi|InvalidAction)\.NotFound$/, 'The endpoint does not serve the SAE API: check the endpoint and region-id inputs.'],
    [/Throttling/, 'The API throttled the requests; the action retried until the timeout ran out. Raise timeout or deploy less often.'],
    [/^(ServiceUnavailable|InternalError|Timeout|NetworkError|NonJsonResponse)$/, 'The service or the network failed repeatedly until the timeout ran out; try again later.']
];
function hintFor(code) {
    return HINTS.find(([pattern]) => pattern.test(code))?.[1];
}
/** One line a person can act on: code, message, RequestId, and what to do. */
function describeApiError(action, err) {
    const parts = [`${action} failed: ${err.code}: ${err.message}`];
    if (err.requestId)
        parts.push(`RequestId: ${err.requestId}`);
    if (err.attempts > 1)
        parts.push(`after ${err.attempts} attempts`);
    const hint = hintFor(err.code);
    return parts.join(' · ') + (hint ? `\nHint: ${hint}` : '');
}
const TRANSIENT_CODES = /^(Throttling.*|.*\.Throttling|ServiceUnavailable|InternalError|ServiceTimeout)$/;
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH']);
function field(value, key) {
    return value !== null && typeof value === 'object' ? value[key] : undefined;
}
function text(value) {
    return value === undefined || value === null || value === '' ? undefined : String(value);
}
/** The service's error body (HTTP >= 400 or 2xx with Success:false), in either of its shapes. */
function errorFromBody(body, httpStatus, redact) {
    const code = text(field(body, 'ErrorCode')) ?? text(field(body, 'Code')) ?? `HTTP${httpStatus ?? ''}`;
    return new SaeApiError({
        code,
        message: redact(text(field(body, 'Message')) ?? 'no message'),
        requestId: text(field(body, 'RequestId')),
        traceId: text(field(body, 'TraceId')),
        httpStatus,
        transient: TRANSIENT_CODES.test(code) || (httpStatus !== undefined && httpStatus >= 500)
    });
}
/**
 * pop-core's transport (httpx) appends `GET https://… failed.` to a network error's message with no space, so the
 * reason and the URL run together (`…aliyuncs.comGET https://…`): they are split again here.
 */
function separateRequestLine(message) {
    return message.replace(/\s*((?:GET|PUT|POST|DELETE|HEAD) \S+ failed\.)$/, (_all, line, offset) => offset === 0 ? line : ` (${line.slice(0, -1)})`);
}
/**
 * Whatever a call to `host` threw, as a SaeApiError: a network failure the net layer can name (host not found, TLS,
 * proxy, a body too large) in its words, anything else as classifyThrown sees it.
 */
function callFailure(thrown, context, redact) {
    const network = (0,_net_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeNetworkError */ .gl)(thrown, context);
    return network ? new SaeApiError({ code: network.code, message: redact(network.message), transient: network.transient }) : classifyThrown(thrown, redact);
}
/** Turns whatever pop-core or the network threw into a SaeApiError. */
function classifyThrown(err, redact) {
    if (err instanceof SaeApiError)
        return err;
    const status = field(err, 'statusCode');
    const result = field(err, 'result');
    if (typeof status === 'number' && result !== undefined)
        return errorFromBody(result, status, redact);
    const name = text(field(err, 'name')) ?? 'Error';
    const sysCode = text(field(err, 'code'));
    const message = redact(separateRequestLine(err instanceof Error ? err.message : String(err)));
    if (name === 'RequestTimeoutError')
        return new SaeApiError({ code: 'Timeout', message, transient: true });
    if (name === 'FormatError') {
        return new SaeApiError({ code: 'NonJsonResponse', message: 'the response claimed JSON but could not be parsed', transient: true });
    }
    if ((sysCode && NETWORK_CODES.has(sysCode)) || /socket hang up|aborted|ECONNRESET|premature close/i.test(message)) {
        return new SaeApiError({ code: 'NetworkError', message, transient: true });
    }
    return new SaeApiError({ code: sysCode ?? name, message, transient: false });
}


/***/ }),

/***/ 953:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ createRpcClient),
/* harmony export */   o: () => (/* binding */ createRoaClient)
/* harmony export */ });
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8995);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_module__WEBPACK_IMPORTED_MODULE_0__);
/**
 * @alicloud/pop-core, as shipped: its index exports the RPC client and hangs the ROA client on it. Its own typings
 * cover only the RPC client's constructor, so the two shapes this action uses are declared here. It is required when
 * a client is first made, not when the action loads: a static import would load it (and its dependencies) before the
 * run opens its connection, so the TCP and TLS handshakes could not overlap with loading it.
 */

let loaded;
const popCore = () => (loaded ??= (0,node_module__WEBPACK_IMPORTED_MODULE_0__.createRequire)(import.meta.url)('@alicloud/pop-core'));
const createRoaClient = (config) => new (popCore().ROAClient)(config);
const createRpcClient = (config) => new (popCore().RPCClient)(config);


/***/ }),

/***/ 9252:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ withRetry),
/* harmony export */   u: () => (/* binding */ defaultRetryPolicy)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7675);

const defaultRetryPolicy = { baseDelayMs: 500, maxDelayMs: 8000 };
/**
 * Runs `attempt` until it succeeds, fails for a reason that retrying cannot fix, or the deadline passes.
 * Exponential backoff with jitter (each wait 50–100 % of its step), so parallel workflows hitting the same
 * throttle spread out.
 */
async function withRetry(attempt, deadline, policy, onRetry) {
    const { clock } = deadline;
    for (let n = 1;; n++) {
        try {
            return { value: await attempt(Math.max(1, deadline.remainingMs())), attempts: n };
        }
        catch (thrown) {
            if (!(thrown instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SaeApiError */ .EW))
                throw thrown;
            thrown.attempts = n;
            const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
            const delay = Math.round(ceiling * (0.5 + clock.random() / 2));
            if (!thrown.transient || deadline.remainingMs() <= delay)
                throw thrown;
            onRetry(thrown, n, delay);
            await clock.sleep(delay);
        }
    }
}


/***/ }),

/***/ 3020:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ clip),
/* harmony export */   x: () => (/* binding */ MAX_VALUE_CHARS)
/* harmony export */ });
/** Values from the file, the service or the network can be huge; anything the action prints shows at most this much of one. */
const MAX_VALUE_CHARS = 1024;
/** The text unchanged when short; else its start and a marker saying how much was left out. */
function clip(text, max = MAX_VALUE_CHARS) {
    if (text.length <= max)
        return text;
    return `${text.slice(0, max)}… [${text.length - max} more characters]`;
}


/***/ }),

/***/ 2033:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $S: () => (/* binding */ secretsFromEnvironment),
/* harmony export */   Q5: () => (/* binding */ redactWith),
/* harmony export */   en: () => (/* binding */ needlesOf),
/* harmony export */   eo: () => (/* binding */ secretForms),
/* harmony export */   v5: () => (/* binding */ MASK)
/* harmony export */ });
/* unused harmony exports redactShapes, createRedactor, proxyCredentials */
const MASK = '***';
/** Shorter values would mask ordinary words; the runner ignores them too. */
const MIN_SECRET_LENGTH = 4;
/**
 * The ways a secret can appear in text: as is; percent-encoded as a URL or a form encodes it (upper- and lower-case
 * hex, `+` for spaces); decoded, when the value was itself percent-encoded (a proxy password in a URL); and escaped
 * inside a JSON string (`\/`, `\"`).
 */
function secretForms(secret) {
    const forms = new Set([secret]);
    const encoded = encodeURIComponent(secret);
    for (const form of [encoded, encoded.replace(/%20/g, '+')]) {
        forms.add(form);
        forms.add(form.replace(/%[0-9A-F]{2}/g, hex => hex.toLowerCase()));
    }
    for (const encodedForm of [secret, secret.replace(/\+/g, ' ')]) {
        try {
            forms.add(decodeURIComponent(encodedForm));
        }
        catch {
            // Not percent-encoded: nothing to decode.
        }
    }
    const json = JSON.stringify(secret).slice(1, -1);
    forms.add(json);
    forms.add(json.replace(/\//g, '\\/'));
    return [...forms].filter(form => form.trim().length >= MIN_SECRET_LENGTH);
}
/**
 * Credential shapes masked whatever their value: request signatures, security tokens, access key secrets and OIDC
 * tokens as header, query, form or JSON fields; bearer and basic authorisation; JWTs; GitHub tokens; STS tokens;
 * user:password in URLs. Each keeps its label so a message still says what was there.
 */
const SHAPES = [
    // Authorization: acs <AccessKeyId>:<signature> — the key ID stays (it says which key failed), the signature goes.
    [/\bacs\s+([^\s:"']+):[A-Za-z0-9+/=%]{8,}/g, `acs $1:${MASK}`],
    [/([?&]Signature=)[^&\s"']+/gi, `$1${MASK}`],
    [/(\b(?:x-acs-security-token|SecurityToken|AccessKeySecret|OIDCToken)["']?\s*[:=]\s*["']?|"Signature"\s*:\s*")[^\s"',&;]+/gi, `$1${MASK}`],
    [/(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:Bearer|Basic|token)\s+)[^\s"',;]+/gi, `$1${MASK}`],
    // A bare `Bearer <token>` anywhere; the token must have a non-letter, so prose ("Basic authentication") stays.
    [/\b(Bearer|Basic) +(?=[A-Za-z]*[0-9._~+/=-])[A-Za-z0-9._~+/-]{12,}=*/g, `$1 ${MASK}`],
    [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, MASK],
    [/\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g, MASK],
    [/\bCAIS[A-Za-z0-9+/]{40,}=*/g, MASK],
    [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, `$1${MASK}@`]
];
function redactShapes(text) {
    let out = text;
    for (const [shape, replacement] of SHAPES)
        out = out.replace(shape, replacement);
    return out;
}
/** Every spelling of every secret, longest first so a secret that contains another is masked whole. */
function needlesOf(secrets) {
    const needles = new Set();
    for (const secret of secrets)
        if (secret)
            for (const form of secretForms(secret))
                needles.add(form);
    return [...needles].sort((a, b) => b.length - a.length);
}
function redactWith(needles, text) {
    let out = text;
    for (const needle of needles)
        if (out.includes(needle))
            out = out.split(needle).join(MASK);
    return redactShapes(out);
}
/** A redactor for a fixed list of secrets (tests, and code that has not got the run's registry at hand). */
function createRedactor(secrets) {
    const needles = needlesOf(secrets);
    return text => redactWith(needles, text);
}
const PROXY_VARIABLE = /^(https?|all)_proxy$/i;
/**
 * The credentials in a proxy URL (`http://user:pass@proxy:3128`): the password (or a lone user name, which is then
 * the credential), `user:pass` as written and decoded, and its base64 (what `Proxy-Authorization: Basic` carries).
 */
function proxyCredentials(url) {
    const userinfo = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#\s]*)@/i.exec(url.trim())?.[1];
    if (!userinfo)
        return [];
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const password = colon < 0 ? '' : userinfo.slice(colon + 1);
    const decode = (text) => {
        try {
            return decodeURIComponent(text);
        }
        catch {
            return text;
        }
    };
    const pair = `${decode(user)}:${decode(password)}`;
    return [password || user, userinfo, pair, Buffer.from(pair).toString('base64')].filter(value => value.length >= MIN_SECRET_LENGTH);
}
/**
 * Secrets the runner hands every action through the environment: the token that requests OIDC ID tokens, the
 * runtime token, and proxy credentials. Inputs and ALIBABA_CLOUD_* credentials are registered by whoever reads them.
 */
function secretsFromEnvironment(env) {
    const found = [];
    for (const name of ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_RUNTIME_TOKEN']) {
        const value = env[name]?.trim();
        if (value)
            found.push(value);
    }
    for (const [name, value] of Object.entries(env)) {
        if (PROXY_VARIABLE.test(name) && value)
            found.push(...proxyCredentials(value));
    }
    return found;
}


/***/ }),

/***/ 5790:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $B: () => (/* binding */ neutraliseCommands),
/* harmony export */   jQ: () => (/* binding */ showInvisible),
/* harmony export */   yb: () => (/* binding */ codePoint)
/* harmony export */ });
/* unused harmony export printable */
/**
 * Text from outside the action (file names and values, API answers, GitHub errors) made safe to show (pure).
 *
 * - Invisible characters become visible: a bidi override can make a log line or a summary cell read differently
 *   from what it holds, a zero-width character can make two different values look the same.
 * - In the log, no value can start a line that the runner reads as a workflow command. The runner reads each line
 *   (`\r`, `\n` and `\r\n` all end one), trims leading whitespace and takes a line starting with `::` as a command
 *   (`::stop-commands::` would switch masking off for the rest of the job); it also takes `##[command]` anywhere in a
 *   line (the legacy syntax). Such text is shown with one character percent-encoded, the notation the runner itself
 *   uses in commands: a line's leading `::` becomes `%3A:` and `##[` becomes `#%23[`.
 */
/**
 * Controls (but tab and line breaks), format characters (bidi embeddings, overrides and isolates, zero-width space
 * and joiners, word joiner, BOM, soft hyphen, tag characters), line and paragraph separators, lone surrogates and
 * the other default-ignorable code points, except variation selectors (they only pick emoji or text style).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;
const SHOWN_AS_IS = /^[\t\n\r]$|^\p{Variation_Selector}$/u;
function codePoint(char) {
    return `U+${char.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
/** `a\u202Eb` → `a[U+202E]b`. */
function showInvisible(text) {
    return text.replace(INVISIBLE, char => (SHOWN_AS_IS.test(char) ? char : `[${codePoint(char)}]`));
}
/**
 * What the runner (.NET) skips before looking for `::`: whitespace, and, as its culture-aware comparison may ignore
 * them, controls, format characters and default-ignorable code points.
 */
const LINE_START = /^[\s\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}]*/u;
const IGNORABLE = '[\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}]*';
const LEGACY_COMMAND = new RegExp(`#(${IGNORABLE})#(${IGNORABLE})\\[`, 'gu');
/** One log line per line of the text, none of which the runner reads as a command. */
function neutraliseCommands(text) {
    return text
        .split(/\r\n|\r|\n/)
        .map(line => {
        const lead = LINE_START.exec(line)[0].length;
        const safe = line.startsWith('::', lead) ? `${line.slice(0, lead)}%3A${line.slice(lead + 1)}` : line;
        return safe.replace(LEGACY_COMMAND, '#$1%23$2[');
    })
        .join('\n');
}
/** How any text from outside is written to the log. */
function printable(text) {
    return neutraliseCommands(showInvisible(text));
}


/***/ })

};

//# sourceMappingURL=178.index.js.map