export const id = 636;
export const ids = [636];
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

/***/ 6636:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   upsertPullRequestComment: () => (/* binding */ upsertPullRequestComment)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _report_comment_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3848);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7441);
// Loaded with a dynamic import() only on pull request runs, so the plain apply path never parses octokit.



/** The ingress a sticky comment of this action is about, read from its marker. */
const STICKY = /^<!-- sae-ingress-action: ingress (\d+) -->/;
/**
 * Creates or updates, in place, the one comment this action keeps per ingress on the pull request, with the body
 * `render` gives for it. The body is redacted and kept within GitHub's size limit here, whoever rendered it. If the
 * update fails, the old comment is replaced by a short "out of date" note (or, failing that, such a note is posted),
 * so an earlier success never stands for this run. When the run could not tell which ingress it was for (a file that
 * is not even JSON), every sticky comment of this action on the pull request is updated instead: none of them may go
 * on claiming an earlier success. Honours GITHUB_API_URL (GitHub Enterprise Server). A token that may not comment only
 * warns.
 */
async function upsertPullRequestComment(token, ingressId, render, { log, runUrl }) {
    const number = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.payload.pull_request?.number ?? (_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.eventName.startsWith('pull_request') ? _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.issue.number : undefined);
    if (!number)
        return;
    if (!token) {
        log.warning('No github-token: the pull request comment was skipped.');
        return;
    }
    const octokit = (0,_client_js__WEBPACK_IMPORTED_MODULE_2__/* .githubClient */ .$f)(token, log);
    const target = { ..._actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo, issue_number: number };
    const body = (id) => (0,_report_comment_js__WEBPACK_IMPORTED_MODULE_1__/* .fitComment */ .pI)(log.redact(render(id)), runUrl);
    // The comments being written, so that a failure can mark them out of date.
    const touched = [];
    try {
        const login = await (0,_client_js__WEBPACK_IMPORTED_MODULE_2__/* .ownLogin */ .C4)(octokit);
        const comments = await (0,_client_js__WEBPACK_IMPORTED_MODULE_2__/* .listAll */ ._w)(octokit.paginate.iterator(octokit.rest.issues.listComments, { ...target, per_page: 100 }), "the pull request's comments");
        if (ingressId === undefined) {
            for (const own of comments.filter(comment => comment.user?.login.toLowerCase() === login.toLowerCase())) {
                const id = STICKY.exec(own.body ?? '')?.[1];
                if (id === undefined)
                    continue;
                touched.push({ comment: own.id, ingress: Number(id) });
                await octokit.rest.issues.updateComment({ ..._actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo, comment_id: own.id, body: body(Number(id)) });
                log.info(`Updated the pull request comment ${own.html_url ?? own.id}: this run failed before it knew its ingress.`);
            }
            return;
        }
        const existing = (0,_client_js__WEBPACK_IMPORTED_MODULE_2__/* .findOwn */ .gq)(comments, (0,_report_comment_js__WEBPACK_IMPORTED_MODULE_1__/* .commentMarker */ .Ql)(ingressId), login);
        if (existing) {
            touched.push({ comment: existing.id, ingress: ingressId });
            await octokit.rest.issues.updateComment({ ..._actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo, comment_id: existing.id, body: body(ingressId) });
            log.info(`Updated the pull request comment ${existing.html_url ?? existing.id}.`);
        }
        else {
            const created = await octokit.rest.issues.createComment({ ...target, body: body(ingressId) });
            log.info(`Commented on the pull request: ${created.data.html_url}.`);
        }
    }
    catch (err) {
        log.warning(`Could not comment on pull request #${number}: ${(0,_client_js__WEBPACK_IMPORTED_MODULE_2__/* .reason */ .l)(err, 'pull-requests: write')}. The deployment itself is not affected.`);
        const stale = touched.at(-1);
        if (stale)
            await markStale(octokit, target, stale.comment, log.redact((0,_report_comment_js__WEBPACK_IMPORTED_MODULE_1__/* .renderStaleComment */ .pB)(stale.ingress, runUrl)), log);
    }
}
/** The old report must not stand: overwrite it with the short note, or post the note when even that fails. */
async function markStale(octokit, target, commentId, note, log) {
    try {
        await octokit.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: commentId, body: note });
        log.info('The pull request comment now says it is out of date.');
    }
    catch {
        try {
            await octokit.rest.issues.createComment({ ...target, body: note });
            log.info('Posted a note that the pull request comment is out of date.');
        }
        catch (err) {
            log.warning(`The pull request comment could not be marked out of date: ${(0,_client_js__WEBPACK_IMPORTED_MODULE_2__/* .reason */ .l)(err, 'pull-requests: write')}.`);
        }
    }
}


/***/ })

};

//# sourceMappingURL=636.index.js.map