export const id = 688;
export const ids = [688];
export const modules = {

/***/ 6688:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openConnection: () => (/* binding */ openConnection)
/* harmony export */ });
/* harmony import */ var _action_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1729);
/* harmony import */ var _agent_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4918);


/**
 * The run's one connection to the SAE endpoint (through the proxy the environment names, if any): TLS starts on
 * `tcp` (./early-socket.ts) when main opened it, so the handshakes overlap with loading the rest of the action and
 * validating the file. Undefined when this run will not call the API (no endpoint, or an offline dry run). Every SAE
 * call of the run, rollback included, goes through it.
 */
function openConnection(settings, tcp) {
    const endpoint = (0,_action_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .apiEndpoint */ .WT)(settings);
    if (endpoint === undefined)
        return undefined;
    const agent = (0,_agent_js__WEBPACK_IMPORTED_MODULE_1__/* .createAgent */ .S)(endpoint, { socket: tcp });
    void agent.preconnect();
    return agent;
}


/***/ })

};

//# sourceMappingURL=688.index.js.map