export const id = 9;
export const ids = [9];
export const modules = {

/***/ 7441:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $f: () => (/* binding */ githubClient),
/* harmony export */   C4: () => (/* binding */ ownLogin),
/* harmony export */   _w: () => (/* binding */ listAll),
/* harmony export */   gq: () => (/* binding */ findOwn),
/* harmony export */   l: () => (/* binding */ reason)
/* harmony export */ });
/* unused harmony exports ACTIONS_BOT, GITHUB_BUDGET_MS, MAX_PAGES */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
// What the action's GitHub features share (the sticky PR comment, the drift issue, prune's pull request lookups):
// octokit through @actions/github (GITHUB_API_URL, the proxy variables), the token's own identity, and errors in words.
// Imported only by modules that are themselves loaded with a dynamic import(), so a plain run never parses octokit.

/** Who writes with GITHUB_TOKEN (and, for want of a way to ask, with any installation token). */
const ACTIONS_BOT = 'github-actions[bot]';
/** How long one feature's GitHub calls may take together: a GitHub API that never answers must not hold the step. */
const GITHUB_BUDGET_MS = 60_000;
/** The most pages of 100 a list is read to: an API that always has a next page must not either. */
const MAX_PAGES = 50;
/**
 * octokit for `token`, whose own messages (deprecations, retries) go through the run's log like everything else, and
 * whose calls all end within GITHUB_BUDGET_MS (a hook, so the toolkit's proxy-aware request defaults stay as they are).
 */
function githubClient(token, log, budgetMs = GITHUB_BUDGET_MS) {
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, { log: { debug: m => log.debug(m), info: m => log.debug(m), warn: m => log.info(m), error: m => log.info(m) } });
    const signal = AbortSignal.timeout(budgetMs);
    octokit.hook.before('request', options => {
        options.request = { ...options.request, signal };
    });
    return octokit;
}
/** Every item of a paged list, up to MAX_PAGES pages of 100; a longer list is an error rather than a partial answer. */
async function listAll(pages, what) {
    const items = [];
    let read = 0;
    for await (const page of pages) {
        if (++read > MAX_PAGES)
            throw new Error(`${what} runs past ${MAX_PAGES} pages of 100; not read further`);
        items.push(...page.data);
    }
    return items;
}
/**
 * The item (comment, issue) this action keeps under `marker`: one whose body starts with the marker *and* that the
 * token's own identity wrote. Anyone can paste the marker into something of their own; the action never edits that.
 */
function findOwn(items, marker, login) {
    const own = login.toLowerCase();
    return items.find(item => item.user?.login.toLowerCase() === own && (item.body ?? '').startsWith(marker));
}
/**
 * The login the token writes as: GET /user answers for a personal access token; an installation token (GITHUB_TOKEN
 * included) gets 403 there, and writes as github-actions[bot].
 */
async function ownLogin(octokit) {
    try {
        const { data } = await octokit.rest.users.getAuthenticated();
        if (typeof data?.login === 'string' && data.login)
            return data.login;
    }
    catch {
        // 403 "Resource not accessible by integration": an installation token.
    }
    return ACTIONS_BOT;
}
/** A failed GitHub call in words; a refusal names the job permission (`pull-requests: write`, `issues: write`) needed. */
function reason(err, permission) {
    const status = err.status;
    if (status === 403 || status === 404)
        return `the token lacks permission (add \`permissions: ${permission}\` to the job)`;
    const message = err instanceof Error ? err.message : String(err);
    return status ? `HTTP ${status}: ${message}` : message;
}


/***/ }),

/***/ 6009:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   keepDriftIssue: () => (/* binding */ keepDriftIssue)
/* harmony export */ });
/* unused harmony export driftMarker */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _report_comment_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3848);
/* harmony import */ var _report_markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6948);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7441);
// Loaded with a dynamic import() only when drift-issue is set: one open issue per ingress and file that says the live
// ingress differs from the file. It is found, like the sticky PR comment, by a marker at the start of its body and by
// its author (the token's own identity), through the issues list (the search index lags); created when drift is
// first seen, updated in place while it lasts, closed with a comment once the ingress is in sync again.




/** The marker of the one issue for this ingress and file. */
const driftMarker = (ingressId, file) => `<!-- sae-ingress-action: drift of ingress ${ingressId} from ${encodeURIComponent(file)} -->`;
/** `#12` as a link to the issue, when GitHub's answer gives a plain https URL to link to. */
const linked = (issue) => /^https:\/\/[^\s()<>[\]]+$/.test(issue.html_url) ? `[#${issue.number}](${issue.html_url})` : `#${issue.number}`;
/** What was done to the issue, for the summary; a token that may not keep issues only warns. */
async function keepDriftIssue(token, drift, log) {
    if (!token) {
        log.warning('No github-token: the drift issue was not kept (the drift is in the outputs and the summary).');
        return 'not kept: no github-token';
    }
    const octokit = (0,_client_js__WEBPACK_IMPORTED_MODULE_3__/* .githubClient */ .$f)(token, log);
    const marker = driftMarker(drift.ingressId, drift.file);
    const title = `Ingress ${drift.ingressId} has drifted from ${drift.file}`;
    const body = (0,_report_comment_js__WEBPACK_IMPORTED_MODULE_1__/* .fitComment */ .pI)(log.redact(`${marker}\n\n${drift.body}`), drift.runUrl);
    try {
        const login = await (0,_client_js__WEBPACK_IMPORTED_MODULE_3__/* .ownLogin */ .C4)(octokit);
        const issues = await (0,_client_js__WEBPACK_IMPORTED_MODULE_3__/* .listAll */ ._w)(octokit.paginate.iterator(octokit.rest.issues.listForRepo, { ..._actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo, state: 'open', per_page: 100 }), 'the list of open issues');
        // Pull requests are issues too in this list: never one of them.
        const open = (0,_client_js__WEBPACK_IMPORTED_MODULE_3__/* .findOwn */ .gq)(issues.filter(issue => !issue.pull_request), marker, login);
        if (drift.drifted && open) {
            await octokit.rest.issues.update({ ..._actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo, issue_number: open.number, title, body });
            log.info(`Updated the drift issue ${open.html_url}.`);
            return `updated ${linked(open)}`;
        }
        if (drift.drifted) {
            const { data } = await octokit.rest.issues.create({ ..._actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo, title, body });
            log.info(`Opened the drift issue ${data.html_url}.`);
            return `opened ${linked(data)}`;
        }
        if (!open)
            return 'none open: in sync';
        await octokit.rest.issues.createComment({ ..._actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo, issue_number: open.number, body: `In sync again as of the ${drift.runUrl ? `[workflow run](${drift.runUrl})` : 'workflow run'}.` });
        await octokit.rest.issues.update({ ..._actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo, issue_number: open.number, state: 'closed', state_reason: 'completed' });
        log.info(`Closed the drift issue ${open.html_url}: the ingress is in sync again.`);
        return `closed ${linked(open)}: in sync again`;
    }
    catch (err) {
        const why = (0,_client_js__WEBPACK_IMPORTED_MODULE_3__/* .reason */ .l)(err, 'issues: write');
        log.warning(`Could not keep the drift issue: ${why}. The drift is in the outputs and the summary.`);
        // GitHub's words go into the job summary: Markdown there is text, not markup.
        return `not kept: ${(0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(why)}`;
    }
}


/***/ })

};

//# sourceMappingURL=9.index.js.map