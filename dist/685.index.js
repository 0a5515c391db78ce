export const id = 685;
export const ids = [685];
export const modules = {

/***/ 1685:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   upsertPullRequestComment: () => (/* binding */ upsertPullRequestComment)
/* harmony export */ });
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5625);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2413);
/* harmony import */ var _report_comment_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4231);
// Loaded with a dynamic import() only on pull request runs, so the plain apply path never parses octokit.



/**
 * Creates or updates, in place, the one comment this action keeps per ingress on the pull request.
 * Honours GITHUB_API_URL (GitHub Enterprise Server). A token without `pull-requests: write` only warns.
 */
async function upsertPullRequestComment(token, ingressId, body) {
    const number = _actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.payload.pull_request?.number ?? (_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.eventName.startsWith('pull_request') ? _actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.issue.number : undefined);
    if (!number)
        return;
    if (!token) {
        _log_js__WEBPACK_IMPORTED_MODULE_0__.warning('No github-token: the pull request comment was skipped.');
        return;
    }
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .getOctokit */ .Q)(token);
    const target = { ..._actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.repo, issue_number: number };
    const marker = (0,_report_comment_js__WEBPACK_IMPORTED_MODULE_2__/* .commentMarker */ .Q)(ingressId);
    try {
        const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...target, per_page: 100 });
        const existing = comments.find(comment => comment.body?.includes(marker));
        if (existing) {
            await octokit.rest.issues.updateComment({ ..._actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.repo, comment_id: existing.id, body });
            _log_js__WEBPACK_IMPORTED_MODULE_0__.info(`Updated the pull request comment ${existing.html_url ?? existing.id}.`);
        }
        else {
            const created = await octokit.rest.issues.createComment({ ...target, body });
            _log_js__WEBPACK_IMPORTED_MODULE_0__.info(`Commented on the pull request: ${created.data.html_url}.`);
        }
    }
    catch (err) {
        const status = err.status;
        const why = status === 403 || status === 404
            ? 'the token lacks permission (add `permissions: pull-requests: write` to the job)'
            : err instanceof Error ? err.message : String(err);
        _log_js__WEBPACK_IMPORTED_MODULE_0__.warning(`Could not comment on pull request #${number}: ${why}. The deployment itself is not affected.`);
    }
}


/***/ })

};

//# sourceMappingURL=685.index.js.map