export const id = 14;
export const ids = [14];
export const modules = {

/***/ 2014:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  assumeRoleWithOidc: () => (/* binding */ assumeRoleWithOidc)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var core = __webpack_require__(1889);
// EXTERNAL MODULE: ./src/engine/failure.ts + 1 modules
var failure = __webpack_require__(5001);
// EXTERNAL MODULE: ./src/action/log.ts
var log = __webpack_require__(8592);
// EXTERNAL MODULE: ./src/engine/sae/errors.ts
var errors = __webpack_require__(7675);
;// CONCATENATED MODULE: ./src/engine/sae/redact.ts
/**
 * Kept for callers not yet moved to the one redactor (src/log.ts `redact`): registers the given secrets with the
 * run's registry and returns that redactor, so a message scrubbed here is scrubbed of every secret the run knows.
 */

function createRedactor(secrets) {
    for (const secret of secrets)
        (0,log.addSecret)(secret);
    return log.redact;
}

// EXTERNAL MODULE: ./src/engine/sae/retry.ts
var retry = __webpack_require__(9252);
// EXTERNAL MODULE: ./src/engine/sae/pop-core.ts
var pop_core = __webpack_require__(953);
;// CONCATENATED MODULE: ./src/engine/credentials/assume-role-with-oidc.ts
// Loaded with a dynamic import() only when role-to-assume is set, so the plain apply path never parses the RPC client.







async function requestIdToken(settings) {
    if (!settings.tokenAvailable) {
        throw new failure/* ExpectedFailure */.Hb('role-to-assume is set but the job cannot request an OIDC token: add `permissions: id-token: write` to the job ' +
            '(pull requests from forks never get one; use dry-run there).');
    }
    try {
        return await (0,core.getIDToken)(settings.audience);
    }
    catch (err) {
        throw new failure/* ExpectedFailure */.Hb(`Could not get the workflow's OIDC token: ${err instanceof Error ? err.message : String(err)}`);
    }
}
/** GitHub OIDC token → STS AssumeRoleWithOIDC (anonymous RPC call) → temporary credentials for the SAE calls. */
async function assumeRoleWithOidc(settings, deadline, agent) {
    const idToken = await requestIdToken(settings);
    log.addSecret(idToken);
    const redact = createRedactor([idToken]);
    // An empty credentials provider makes pop-core send the call unsigned, as STS expects for this API.
    const sts = (0,pop_core/* createRpcClient */.H)({
        endpoint: settings.stsEndpoint,
        apiVersion: '2015-04-01',
        credentialsProvider: { getCredentials: async () => ({}) }
    });
    const params = {
        RoleArn: settings.roleArn,
        OIDCProviderArn: settings.providerArn,
        OIDCToken: idToken,
        RoleSessionName: settings.sessionName,
        DurationSeconds: settings.durationSeconds
    };
    const { value } = await (0,retry/* withRetry */.b)(async (attemptMs) => {
        try {
            return await sts.request('AssumeRoleWithOIDC', params, { method: 'POST', timeout: Math.min(attemptMs, 10_000), ...(agent ? { agent } : {}) });
        }
        catch (thrown) {
            const body = thrown.data;
            if (body && typeof body === 'object')
                throw (0,errors/* errorFromBody */.rN)(body, undefined, redact);
            throw (0,errors/* callFailure */.zL)(thrown, { host: new URL(settings.stsEndpoint).hostname, inputHint: 'sts-endpoint', proxy: agent?.proxyAddress }, redact);
        }
    }, deadline, retry/* defaultRetryPolicy */.u, (err, attempt, delay) => log.info(`AssumeRoleWithOIDC: ${err.code} on attempt ${attempt}; retrying in ${delay} ms.`)).catch((err) => {
        if (err instanceof errors/* SaeApiError */.EW)
            err.action = 'AssumeRoleWithOIDC';
        throw err;
    });
    const issued = value.Credentials;
    if (!issued?.AccessKeyId || !issued.AccessKeySecret || !issued.SecurityToken) {
        throw new failure/* ExpectedFailure */.Hb(`AssumeRoleWithOIDC returned no credentials (RequestId ${value.RequestId ?? 'unknown'}).`);
    }
    log.addSecret(issued.AccessKeySecret);
    log.addSecret(issued.SecurityToken);
    log.info(`Assumed ${settings.roleArn} as session ${settings.sessionName} until ${issued.Expiration ?? 'unknown'}.`);
    return {
        credentials: { accessKeyId: issued.AccessKeyId, accessKeySecret: issued.AccessKeySecret, securityToken: issued.SecurityToken },
        secrets: [idToken, issued.AccessKeySecret, issued.SecurityToken],
        expiration: issued.Expiration
    };
}


/***/ })

};

//# sourceMappingURL=14.index.js.map