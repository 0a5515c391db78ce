export const id = 664;
export const ids = [664];
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

/***/ 9664:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pullRequestStates: () => (/* binding */ pullRequestStates)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _engine_failure_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5528);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7441);
// Loaded with a dynamic import() only on prune runs: the state of the pull requests whose preview rules were found.



/** Each number's pull request in this repository: open, closed (merged or not), or unknown (GitHub has none). */
async function pullRequestStates(token, numbers, log) {
    const states = new Map();
    if (numbers.length === 0)
        return states;
    if (!token)
        throw new _engine_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .ExpectedFailure */ .Hb('rules-mode prune looks up pull requests: it needs github-token (the default ${{ github.token }} with permissions: pull-requests: read).');
    const octokit = (0,_client_js__WEBPACK_IMPORTED_MODULE_2__/* .githubClient */ .$f)(token, log);
    for (const number of new Set(numbers)) {
        try {
            // A redirect is not followed (it could lead to another pull request's answer), and an answer must be about the
            // pull request asked for: only then can its state remove a rule.
            const { data } = await octokit.rest.pulls.get({ ..._actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo, pull_number: number, request: { redirect: 'manual' } });
            if (data?.number !== number || (data.state !== 'open' && data.state !== 'closed')) {
                throw new _engine_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .ExpectedFailure */ .Hb(`Could not look up pull request #${number}: GitHub's answer is not about pull request #${number} (or has no state). Nothing was removed.`);
            }
            states.set(number, data.state);
        }
        catch (err) {
            if (err instanceof _engine_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .ExpectedFailure */ .Hb)
                throw err;
            const status = err.status;
            if (status === 404)
                states.set(number, 'unknown');
            else if (status === 403 || status === 401) {
                throw new _engine_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .ExpectedFailure */ .Hb(`Could not look up pull request #${number}: the token lacks permission (add \`permissions: pull-requests: read\` to the job). Nothing was removed.`);
            }
            else
                throw new _engine_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .ExpectedFailure */ .Hb(`Could not look up pull request #${number}: ${status ? `HTTP ${status}: ` : ''}${err instanceof Error ? err.message : String(err)}. Nothing was removed.`);
        }
    }
    return states;
}


/***/ })

};

//# sourceMappingURL=664.index.js.map