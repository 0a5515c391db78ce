#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 813:
/***/ ((module) => {



module.exports = (flag, argv = process.argv) => {
	const prefix = flag.startsWith('-') ? '' : (flag.length === 1 ? '-' : '--');
	const position = argv.indexOf(prefix + flag);
	const terminatorPosition = argv.indexOf('--');
	return position !== -1 && (terminatorPosition === -1 || position < terminatorPosition);
};


/***/ }),

/***/ 482:
/***/ ((module, exports, __nccwpck_require__) => {

/* eslint-env browser */

/**
 * This is the web browser implementation of `debug()`.
 */

exports.formatArgs = formatArgs;
exports.save = save;
exports.load = load;
exports.useColors = useColors;
exports.storage = localstorage();
exports.destroy = (() => {
	let warned = false;

	return () => {
		if (!warned) {
			warned = true;
			console.warn('Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`.');
		}
	};
})();

/**
 * Colors.
 */

exports.colors = [
	'#0000CC',
	'#0000FF',
	'#0033CC',
	'#0033FF',
	'#0066CC',
	'#0066FF',
	'#0099CC',
	'#0099FF',
	'#00CC00',
	'#00CC33',
	'#00CC66',
	'#00CC99',
	'#00CCCC',
	'#00CCFF',
	'#3300CC',
	'#3300FF',
	'#3333CC',
	'#3333FF',
	'#3366CC',
	'#3366FF',
	'#3399CC',
	'#3399FF',
	'#33CC00',
	'#33CC33',
	'#33CC66',
	'#33CC99',
	'#33CCCC',
	'#33CCFF',
	'#6600CC',
	'#6600FF',
	'#6633CC',
	'#6633FF',
	'#66CC00',
	'#66CC33',
	'#9900CC',
	'#9900FF',
	'#9933CC',
	'#9933FF',
	'#99CC00',
	'#99CC33',
	'#CC0000',
	'#CC0033',
	'#CC0066',
	'#CC0099',
	'#CC00CC',
	'#CC00FF',
	'#CC3300',
	'#CC3333',
	'#CC3366',
	'#CC3399',
	'#CC33CC',
	'#CC33FF',
	'#CC6600',
	'#CC6633',
	'#CC9900',
	'#CC9933',
	'#CCCC00',
	'#CCCC33',
	'#FF0000',
	'#FF0033',
	'#FF0066',
	'#FF0099',
	'#FF00CC',
	'#FF00FF',
	'#FF3300',
	'#FF3333',
	'#FF3366',
	'#FF3399',
	'#FF33CC',
	'#FF33FF',
	'#FF6600',
	'#FF6633',
	'#FF9900',
	'#FF9933',
	'#FFCC00',
	'#FFCC33'
];

/**
 * Currently only WebKit-based Web Inspectors, Firefox >= v31,
 * and the Firebug extension (any Firefox version) are known
 * to support "%c" CSS customizations.
 *
 * TODO: add a `localStorage` variable to explicitly enable/disable colors
 */

// eslint-disable-next-line complexity
function useColors() {
	// NB: In an Electron preload script, document will be defined but not fully
	// initialized. Since we know we're in Chrome, we'll just detect this case
	// explicitly
	if (typeof window !== 'undefined' && window.process && (window.process.type === 'renderer' || window.process.__nwjs)) {
		return true;
	}

	// Internet Explorer and Edge do not support colors.
	if (typeof navigator !== 'undefined' && navigator.userAgent && navigator.userAgent.toLowerCase().match(/(edge|trident)\/(\d+)/)) {
		return false;
	}

	let m;

	// Is webkit? http://stackoverflow.com/a/16459606/376773
	// document is undefined in react-native: https://github.com/facebook/react-native/pull/1632
	// eslint-disable-next-line no-return-assign
	return (typeof document !== 'undefined' && document.documentElement && document.documentElement.style && document.documentElement.style.WebkitAppearance) ||
		// Is firebug? http://stackoverflow.com/a/398120/376773
		(typeof window !== 'undefined' && window.console && (window.console.firebug || (window.console.exception && window.console.table))) ||
		// Is firefox >= v31?
		// https://developer.mozilla.org/en-US/docs/Tools/Web_Console#Styling_messages
		(typeof navigator !== 'undefined' && navigator.userAgent && (m = navigator.userAgent.toLowerCase().match(/firefox\/(\d+)/)) && parseInt(m[1], 10) >= 31) ||
		// Double check webkit in userAgent just in case we are in a worker
		(typeof navigator !== 'undefined' && navigator.userAgent && navigator.userAgent.toLowerCase().match(/applewebkit\/(\d+)/));
}

/**
 * Colorize log arguments if enabled.
 *
 * @api public
 */

function formatArgs(args) {
	args[0] = (this.useColors ? '%c' : '') +
		this.namespace +
		(this.useColors ? ' %c' : ' ') +
		args[0] +
		(this.useColors ? '%c ' : ' ') +
		'+' + module.exports.humanize(this.diff);

	if (!this.useColors) {
		return;
	}

	const c = 'color: ' + this.color;
	args.splice(1, 0, c, 'color: inherit');

	// The final "%c" is somewhat tricky, because there could be other
	// arguments passed either before or after the %c, so we need to
	// figure out the correct index to insert the CSS into
	let index = 0;
	let lastC = 0;
	args[0].replace(/%[a-zA-Z%]/g, match => {
		if (match === '%%') {
			return;
		}
		index++;
		if (match === '%c') {
			// We only are interested in the *last* %c
			// (the user may have provided their own)
			lastC = index;
		}
	});

	args.splice(lastC, 0, c);
}

/**
 * Invokes `console.debug()` when available.
 * No-op when `console.debug` is not a "function".
 * If `console.debug` is not available, falls back
 * to `console.log`.
 *
 * @api public
 */
exports.log = console.debug || console.log || (() => {});

/**
 * Save `namespaces`.
 *
 * @param {String} namespaces
 * @api private
 */
function save(namespaces) {
	try {
		if (namespaces) {
			exports.storage.setItem('debug', namespaces);
		} else {
			exports.storage.removeItem('debug');
		}
	} catch (error) {
		// Swallow
		// XXX (@Qix-) should we be logging these?
	}
}

/**
 * Load `namespaces`.
 *
 * @return {String} returns the previously persisted debug modes
 * @api private
 */
function load() {
	let r;
	try {
		r = exports.storage.getItem('debug') || exports.storage.getItem('DEBUG') ;
	} catch (error) {
		// Swallow
		// XXX (@Qix-) should we be logging these?
	}

	// If debug isn't set in LS, and we're in Electron, try to load $DEBUG
	if (!r && typeof process !== 'undefined' && 'env' in process) {
		r = process.env.DEBUG;
	}

	return r;
}

/**
 * Localstorage attempts to return the localstorage.
 *
 * This is necessary because safari throws
 * when a user disables cookies/localstorage
 * and you attempt to access it.
 *
 * @return {LocalStorage}
 * @api private
 */

function localstorage() {
	try {
		// TVMLKit (Apple TV JS Runtime) does not have a window object, just localStorage in the global context
		// The Browser also has localStorage in the global context.
		return localStorage;
	} catch (error) {
		// Swallow
		// XXX (@Qix-) should we be logging these?
	}
}

module.exports = __nccwpck_require__(973)(exports);

const {formatters} = module.exports;

/**
 * Map %j to `JSON.stringify()`, since no Web Inspectors do that by default.
 */

formatters.j = function (v) {
	try {
		return JSON.stringify(v);
	} catch (error) {
		return '[UnexpectedJSONParseError]: ' + error.message;
	}
};


/***/ }),

/***/ 973:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {


/**
 * This is the common logic for both the Node.js and web browser
 * implementations of `debug()`.
 */

function setup(env) {
	createDebug.debug = createDebug;
	createDebug.default = createDebug;
	createDebug.coerce = coerce;
	createDebug.disable = disable;
	createDebug.enable = enable;
	createDebug.enabled = enabled;
	createDebug.humanize = __nccwpck_require__(744);
	createDebug.destroy = destroy;

	Object.keys(env).forEach(key => {
		createDebug[key] = env[key];
	});

	/**
	* The currently active debug mode names, and names to skip.
	*/

	createDebug.names = [];
	createDebug.skips = [];

	/**
	* Map of special "%n" handling functions, for the debug "format" argument.
	*
	* Valid key names are a single, lower or upper-case letter, i.e. "n" and "N".
	*/
	createDebug.formatters = {};

	/**
	* Selects a color for a debug namespace
	* @param {String} namespace The namespace string for the debug instance to be colored
	* @return {Number|String} An ANSI color code for the given namespace
	* @api private
	*/
	function selectColor(namespace) {
		let hash = 0;

		for (let i = 0; i < namespace.length; i++) {
			hash = ((hash << 5) - hash) + namespace.charCodeAt(i);
			hash |= 0; // Convert to 32bit integer
		}

		return createDebug.colors[Math.abs(hash) % createDebug.colors.length];
	}
	createDebug.selectColor = selectColor;

	/**
	* Create a debugger with the given `namespace`.
	*
	* @param {String} namespace
	* @return {Function}
	* @api public
	*/
	function createDebug(namespace) {
		let prevTime;
		let enableOverride = null;
		let namespacesCache;
		let enabledCache;

		function debug(...args) {
			// Disabled?
			if (!debug.enabled) {
				return;
			}

			const self = debug;

			// Set `diff` timestamp
			const curr = Number(new Date());
			const ms = curr - (prevTime || curr);
			self.diff = ms;
			self.prev = prevTime;
			self.curr = curr;
			prevTime = curr;

			args[0] = createDebug.coerce(args[0]);

			if (typeof args[0] !== 'string') {
				// Anything else let's inspect with %O
				args.unshift('%O');
			}

			// Apply any `formatters` transformations
			let index = 0;
			args[0] = args[0].replace(/%([a-zA-Z%])/g, (match, format) => {
				// If we encounter an escaped % then don't increase the array index
				if (match === '%%') {
					return '%';
				}
				index++;
				const formatter = createDebug.formatters[format];
				if (typeof formatter === 'function') {
					const val = args[index];
					match = formatter.call(self, val);

					// Now we need to remove `args[index]` since it's inlined in the `format`
					args.splice(index, 1);
					index--;
				}
				return match;
			});

			// Apply env-specific formatting (colors, etc.)
			createDebug.formatArgs.call(self, args);

			const logFn = self.log || createDebug.log;
			logFn.apply(self, args);
		}

		debug.namespace = namespace;
		debug.useColors = createDebug.useColors();
		debug.color = createDebug.selectColor(namespace);
		debug.extend = extend;
		debug.destroy = createDebug.destroy; // XXX Temporary. Will be removed in the next major release.

		Object.defineProperty(debug, 'enabled', {
			enumerable: true,
			configurable: false,
			get: () => {
				if (enableOverride !== null) {
					return enableOverride;
				}
				if (namespacesCache !== createDebug.namespaces) {
					namespacesCache = createDebug.namespaces;
					enabledCache = createDebug.enabled(namespace);
				}

				return enabledCache;
			},
			set: v => {
				enableOverride = v;
			}
		});

		// Env-specific initialization logic for debug instances
		if (typeof createDebug.init === 'function') {
			createDebug.init(debug);
		}

		return debug;
	}

	function extend(namespace, delimiter) {
		const newDebug = createDebug(this.namespace + (typeof delimiter === 'undefined' ? ':' : delimiter) + namespace);
		newDebug.log = this.log;
		return newDebug;
	}

	/**
	* Enables a debug mode by namespaces. This can include modes
	* separated by a colon and wildcards.
	*
	* @param {String} namespaces
	* @api public
	*/
	function enable(namespaces) {
		createDebug.save(namespaces);
		createDebug.namespaces = namespaces;

		createDebug.names = [];
		createDebug.skips = [];

		const split = (typeof namespaces === 'string' ? namespaces : '')
			.trim()
			.replace(/\s+/g, ',')
			.split(',')
			.filter(Boolean);

		for (const ns of split) {
			if (ns[0] === '-') {
				createDebug.skips.push(ns.slice(1));
			} else {
				createDebug.names.push(ns);
			}
		}
	}

	/**
	 * Checks if the given string matches a namespace template, honoring
	 * asterisks as wildcards.
	 *
	 * @param {String} search
	 * @param {String} template
	 * @return {Boolean}
	 */
	function matchesTemplate(search, template) {
		let searchIndex = 0;
		let templateIndex = 0;
		let starIndex = -1;
		let matchIndex = 0;

		while (searchIndex < search.length) {
			if (templateIndex < template.length && (template[templateIndex] === search[searchIndex] || template[templateIndex] === '*')) {
				// Match character or proceed with wildcard
				if (template[templateIndex] === '*') {
					starIndex = templateIndex;
					matchIndex = searchIndex;
					templateIndex++; // Skip the '*'
				} else {
					searchIndex++;
					templateIndex++;
				}
			} else if (starIndex !== -1) { // eslint-disable-line no-negated-condition
				// Backtrack to the last '*' and try to match more characters
				templateIndex = starIndex + 1;
				matchIndex++;
				searchIndex = matchIndex;
			} else {
				return false; // No match
			}
		}

		// Handle trailing '*' in template
		while (templateIndex < template.length && template[templateIndex] === '*') {
			templateIndex++;
		}

		return templateIndex === template.length;
	}

	/**
	* Disable debug output.
	*
	* @return {String} namespaces
	* @api public
	*/
	function disable() {
		const namespaces = [
			...createDebug.names,
			...createDebug.skips.map(namespace => '-' + namespace)
		].join(',');
		createDebug.enable('');
		return namespaces;
	}

	/**
	* Returns true if the given mode name is enabled, false otherwise.
	*
	* @param {String} name
	* @return {Boolean}
	* @api public
	*/
	function enabled(name) {
		for (const skip of createDebug.skips) {
			if (matchesTemplate(name, skip)) {
				return false;
			}
		}

		for (const ns of createDebug.names) {
			if (matchesTemplate(name, ns)) {
				return true;
			}
		}

		return false;
	}

	/**
	* Coerce `val`.
	*
	* @param {Mixed} val
	* @return {Mixed}
	* @api private
	*/
	function coerce(val) {
		if (val instanceof Error) {
			return val.stack || val.message;
		}
		return val;
	}

	/**
	* XXX DO NOT USE. This is a temporary stub function.
	* XXX It WILL be removed in the next major release.
	*/
	function destroy() {
		console.warn('Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`.');
	}

	createDebug.enable(createDebug.load());

	return createDebug;
}

module.exports = setup;


/***/ }),

/***/ 466:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

/**
 * Detect Electron renderer / nwjs process, which is node, but we should
 * treat as a browser.
 */

if (typeof process === 'undefined' || process.type === 'renderer' || process.browser === true || process.__nwjs) {
	module.exports = __nccwpck_require__(482);
} else {
	module.exports = __nccwpck_require__(584);
}


/***/ }),

/***/ 584:
/***/ ((module, exports, __nccwpck_require__) => {

/**
 * Module dependencies.
 */

const tty = __nccwpck_require__(18);
const util = __nccwpck_require__(23);

/**
 * This is the Node.js implementation of `debug()`.
 */

exports.init = init;
exports.log = log;
exports.formatArgs = formatArgs;
exports.save = save;
exports.load = load;
exports.useColors = useColors;
exports.destroy = util.deprecate(
	() => {},
	'Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`.'
);

/**
 * Colors.
 */

exports.colors = [6, 2, 3, 4, 5, 1];

try {
	// Optional dependency (as in, doesn't need to be installed, NOT like optionalDependencies in package.json)
	// eslint-disable-next-line import/no-extraneous-dependencies
	const supportsColor = __nccwpck_require__(450);

	if (supportsColor && (supportsColor.stderr || supportsColor).level >= 2) {
		exports.colors = [
			20,
			21,
			26,
			27,
			32,
			33,
			38,
			39,
			40,
			41,
			42,
			43,
			44,
			45,
			56,
			57,
			62,
			63,
			68,
			69,
			74,
			75,
			76,
			77,
			78,
			79,
			80,
			81,
			92,
			93,
			98,
			99,
			112,
			113,
			128,
			129,
			134,
			135,
			148,
			149,
			160,
			161,
			162,
			163,
			164,
			165,
			166,
			167,
			168,
			169,
			170,
			171,
			172,
			173,
			178,
			179,
			184,
			185,
			196,
			197,
			198,
			199,
			200,
			201,
			202,
			203,
			204,
			205,
			206,
			207,
			208,
			209,
			214,
			215,
			220,
			221
		];
	}
} catch (error) {
	// Swallow - we only care if `supports-color` is available; it doesn't have to be.
}

/**
 * Build up the default `inspectOpts` object from the environment variables.
 *
 *   $ DEBUG_COLORS=no DEBUG_DEPTH=10 DEBUG_SHOW_HIDDEN=enabled node script.js
 */

exports.inspectOpts = Object.keys(process.env).filter(key => {
	return /^debug_/i.test(key);
}).reduce((obj, key) => {
	// Camel-case
	const prop = key
		.substring(6)
		.toLowerCase()
		.replace(/_([a-z])/g, (_, k) => {
			return k.toUpperCase();
		});

	// Coerce string value into JS value
	let val = process.env[key];
	if (/^(yes|on|true|enabled)$/i.test(val)) {
		val = true;
	} else if (/^(no|off|false|disabled)$/i.test(val)) {
		val = false;
	} else if (val === 'null') {
		val = null;
	} else {
		val = Number(val);
	}

	obj[prop] = val;
	return obj;
}, {});

/**
 * Is stdout a TTY? Colored output is enabled when `true`.
 */

function useColors() {
	return 'colors' in exports.inspectOpts ?
		Boolean(exports.inspectOpts.colors) :
		tty.isatty(process.stderr.fd);
}

/**
 * Adds ANSI color escape codes if enabled.
 *
 * @api public
 */

function formatArgs(args) {
	const {namespace: name, useColors} = this;

	if (useColors) {
		const c = this.color;
		const colorCode = '\u001B[3' + (c < 8 ? c : '8;5;' + c);
		const prefix = `  ${colorCode};1m${name} \u001B[0m`;

		args[0] = prefix + args[0].split('\n').join('\n' + prefix);
		args.push(colorCode + 'm+' + module.exports.humanize(this.diff) + '\u001B[0m');
	} else {
		args[0] = getDate() + name + ' ' + args[0];
	}
}

function getDate() {
	if (exports.inspectOpts.hideDate) {
		return '';
	}
	return new Date().toISOString() + ' ';
}

/**
 * Invokes `util.formatWithOptions()` with the specified arguments and writes to stderr.
 */

function log(...args) {
	return process.stderr.write(util.formatWithOptions(exports.inspectOpts, ...args) + '\n');
}

/**
 * Save `namespaces`.
 *
 * @param {String} namespaces
 * @api private
 */
function save(namespaces) {
	if (namespaces) {
		process.env.DEBUG = namespaces;
	} else {
		// If you set a process.env field to null or undefined, it gets cast to the
		// string 'null' or 'undefined'. Just delete instead.
		delete process.env.DEBUG;
	}
}

/**
 * Load `namespaces`.
 *
 * @return {String} returns the previously persisted debug modes
 * @api private
 */

function load() {
	return process.env.DEBUG;
}

/**
 * Init logic for `debug` instances.
 *
 * Create a new `inspectOpts` object in case `useColors` is set
 * differently for a particular `debug` instance.
 */

function init(debug) {
	debug.inspectOpts = {};

	const keys = Object.keys(exports.inspectOpts);
	for (let i = 0; i < keys.length; i++) {
		debug.inspectOpts[keys[i]] = exports.inspectOpts[keys[i]];
	}
}

module.exports = __nccwpck_require__(973)(exports);

const {formatters} = module.exports;

/**
 * Map %o to `util.inspect()`, all on a single line.
 */

formatters.o = function (v) {
	this.inspectOpts.colors = this.useColors;
	return util.inspect(v, this.inspectOpts)
		.split('\n')
		.map(str => str.trim())
		.join(' ');
};

/**
 * Map %O to `util.inspect()`, allowing multiple lines if needed.
 */

formatters.O = function (v) {
	this.inspectOpts.colors = this.useColors;
	return util.inspect(v, this.inspectOpts);
};


/***/ }),

/***/ 744:
/***/ ((module) => {

/**
 * Helpers.
 */

var s = 1000;
var m = s * 60;
var h = m * 60;
var d = h * 24;
var w = d * 7;
var y = d * 365.25;

/**
 * Parse or format the given `val`.
 *
 * Options:
 *
 *  - `long` verbose formatting [false]
 *
 * @param {String|Number} val
 * @param {Object} [options]
 * @throws {Error} throw an error if val is not a non-empty string or a number
 * @return {String|Number}
 * @api public
 */

module.exports = function (val, options) {
  options = options || {};
  var type = typeof val;
  if (type === 'string' && val.length > 0) {
    return parse(val);
  } else if (type === 'number' && isFinite(val)) {
    return options.long ? fmtLong(val) : fmtShort(val);
  }
  throw new Error(
    'val is not a non-empty string or a valid number. val=' +
      JSON.stringify(val)
  );
};

/**
 * Parse the given `str` and return milliseconds.
 *
 * @param {String} str
 * @return {Number}
 * @api private
 */

function parse(str) {
  str = String(str);
  if (str.length > 100) {
    return;
  }
  var match = /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i.exec(
    str
  );
  if (!match) {
    return;
  }
  var n = parseFloat(match[1]);
  var type = (match[2] || 'ms').toLowerCase();
  switch (type) {
    case 'years':
    case 'year':
    case 'yrs':
    case 'yr':
    case 'y':
      return n * y;
    case 'weeks':
    case 'week':
    case 'w':
      return n * w;
    case 'days':
    case 'day':
    case 'd':
      return n * d;
    case 'hours':
    case 'hour':
    case 'hrs':
    case 'hr':
    case 'h':
      return n * h;
    case 'minutes':
    case 'minute':
    case 'mins':
    case 'min':
    case 'm':
      return n * m;
    case 'seconds':
    case 'second':
    case 'secs':
    case 'sec':
    case 's':
      return n * s;
    case 'milliseconds':
    case 'millisecond':
    case 'msecs':
    case 'msec':
    case 'ms':
      return n;
    default:
      return undefined;
  }
}

/**
 * Short format for `ms`.
 *
 * @param {Number} ms
 * @return {String}
 * @api private
 */

function fmtShort(ms) {
  var msAbs = Math.abs(ms);
  if (msAbs >= d) {
    return Math.round(ms / d) + 'd';
  }
  if (msAbs >= h) {
    return Math.round(ms / h) + 'h';
  }
  if (msAbs >= m) {
    return Math.round(ms / m) + 'm';
  }
  if (msAbs >= s) {
    return Math.round(ms / s) + 's';
  }
  return ms + 'ms';
}

/**
 * Long format for `ms`.
 *
 * @param {Number} ms
 * @return {String}
 * @api private
 */

function fmtLong(ms) {
  var msAbs = Math.abs(ms);
  if (msAbs >= d) {
    return plural(ms, msAbs, d, 'day');
  }
  if (msAbs >= h) {
    return plural(ms, msAbs, h, 'hour');
  }
  if (msAbs >= m) {
    return plural(ms, msAbs, m, 'minute');
  }
  if (msAbs >= s) {
    return plural(ms, msAbs, s, 'second');
  }
  return ms + ' ms';
}

/**
 * Pluralization helper.
 */

function plural(ms, msAbs, n, name) {
  var isPlural = msAbs >= n * 1.5;
  return Math.round(ms / n) + ' ' + name + (isPlural ? 's' : '');
}


/***/ }),

/***/ 450:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {


const os = __nccwpck_require__(857);
const tty = __nccwpck_require__(18);
const hasFlag = __nccwpck_require__(813);

const {env} = process;

let forceColor;
if (hasFlag('no-color') ||
	hasFlag('no-colors') ||
	hasFlag('color=false') ||
	hasFlag('color=never')) {
	forceColor = 0;
} else if (hasFlag('color') ||
	hasFlag('colors') ||
	hasFlag('color=true') ||
	hasFlag('color=always')) {
	forceColor = 1;
}

if ('FORCE_COLOR' in env) {
	if (env.FORCE_COLOR === 'true') {
		forceColor = 1;
	} else if (env.FORCE_COLOR === 'false') {
		forceColor = 0;
	} else {
		forceColor = env.FORCE_COLOR.length === 0 ? 1 : Math.min(parseInt(env.FORCE_COLOR, 10), 3);
	}
}

function translateLevel(level) {
	if (level === 0) {
		return false;
	}

	return {
		level,
		hasBasic: true,
		has256: level >= 2,
		has16m: level >= 3
	};
}

function supportsColor(haveStream, streamIsTTY) {
	if (forceColor === 0) {
		return 0;
	}

	if (hasFlag('color=16m') ||
		hasFlag('color=full') ||
		hasFlag('color=truecolor')) {
		return 3;
	}

	if (hasFlag('color=256')) {
		return 2;
	}

	if (haveStream && !streamIsTTY && forceColor === undefined) {
		return 0;
	}

	const min = forceColor || 0;

	if (env.TERM === 'dumb') {
		return min;
	}

	if (process.platform === 'win32') {
		// Windows 10 build 10586 is the first Windows release that supports 256 colors.
		// Windows 10 build 14931 is the first release that supports 16m/TrueColor.
		const osRelease = os.release().split('.');
		if (
			Number(osRelease[0]) >= 10 &&
			Number(osRelease[2]) >= 10586
		) {
			return Number(osRelease[2]) >= 14931 ? 3 : 2;
		}

		return 1;
	}

	if ('CI' in env) {
		if (['TRAVIS', 'CIRCLECI', 'APPVEYOR', 'GITLAB_CI', 'GITHUB_ACTIONS', 'BUILDKITE'].some(sign => sign in env) || env.CI_NAME === 'codeship') {
			return 1;
		}

		return min;
	}

	if ('TEAMCITY_VERSION' in env) {
		return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION) ? 1 : 0;
	}

	if (env.COLORTERM === 'truecolor') {
		return 3;
	}

	if ('TERM_PROGRAM' in env) {
		const version = parseInt((env.TERM_PROGRAM_VERSION || '').split('.')[0], 10);

		switch (env.TERM_PROGRAM) {
			case 'iTerm.app':
				return version >= 3 ? 3 : 2;
			case 'Apple_Terminal':
				return 2;
			// No default
		}
	}

	if (/-256(color)?$/i.test(env.TERM)) {
		return 2;
	}

	if (/^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|cygwin|linux/i.test(env.TERM)) {
		return 1;
	}

	if ('COLORTERM' in env) {
		return 1;
	}

	return min;
}

function getSupportLevel(stream) {
	const level = supportsColor(stream, stream && stream.isTTY);
	return translateLevel(level);
}

module.exports = {
	supportsColor: getSupportLevel,
	stdout: translateLevel(supportsColor(true, tty.isatty(1))),
	stderr: translateLevel(supportsColor(true, tty.isatty(2)))
};


/***/ }),

/***/ 581:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(29);
// The CLI's entry (`sae-ingress`, dist/cli/index.js): it runs the program on this process's arguments and streams and
// exits with its code. Nothing else happens at import time.

process.exitCode = await (0,_cli_main_js__WEBPACK_IMPORTED_MODULE_0__/* .main */ .i)(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 29:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  i: () => (/* binding */ main)
});

// NAMESPACE OBJECT: ./node_modules/@actions/http-client/lib/proxy.js
var proxy_namespaceObject = {};
__nccwpck_require__.r(proxy_namespaceObject);
__nccwpck_require__.d(proxy_namespaceObject, {
  checkBypass: () => (checkBypass),
  getProxyUrl: () => (getProxyUrl)
});

// EXTERNAL MODULE: ./node_modules/commander/index.js
var commander = __nccwpck_require__(909);
;// CONCATENATED MODULE: ./node_modules/commander/esm.mjs


// wrapper to provide named exports for ESM.
const {
  /* program */ "DM": program,
  /* createCommand */ "gu": createCommand,
  /* createArgument */ "er": createArgument,
  /* createOption */ "Ww": createOption,
  /* CommanderError */ "b7": CommanderError,
  /* InvalidArgumentError */ "Di": InvalidArgumentError,
  /* InvalidOptionArgumentError */ "a2": InvalidOptionArgumentError, // deprecated old name
  /* Command */ "uB": Command,
  /* Argument */ "ef": Argument,
  /* Option */ "c$": Option,
  /* Help */ "_V": Help,
} = commander;

;// CONCATENATED MODULE: ./src/engine/failure.ts
// Failures the user can act on: shown as their message, without a stack trace (engine/failure-message.ts).
/** A failure the user caused or the service reported. */
class ExpectedFailure extends Error {
    constructor(message) {
        super(message);
        this.name = new.target.name;
    }
}
/** The user asked for something that cannot be done as asked (an input, an option, a file out of reach). */
class failure_InputError extends ExpectedFailure {
}
/** The live ingress cannot take the file's change as planned (e.g. it would exceed the rule limit). */
class PlanRejected extends ExpectedFailure {
}

;// CONCATENATED MODULE: ./src/engine/net/errors.ts
// The errors the network layer raises itself, and one reading of every network error a request can end with:
// what happened, in words that name the host (or proxy) and what to check, and whether another attempt can help.
// Messages are built from codes and names only, never from the thrown text (which may carry URLs), except the
// OpenSSL reason of a certificate error.
/** A response larger than the agent's cap (or endless): dropped, never buffered. */
class ResponseTooLargeError extends Error {
    host;
    limitBytes;
    code = 'ResponseTooLarge';
    constructor(host, limitBytes) {
        super(`the response from ${host} exceeded ${limitBytes} bytes and was dropped`);
        this.host = host;
        this.limitBytes = limitBytes;
        this.name = 'ResponseTooLargeError';
    }
}
/** A compressed response nobody asked for: its decoded size cannot be bounded, so it is refused. */
class UnrequestedEncodingError extends Error {
    host;
    encoding;
    code = 'UnrequestedContentEncoding';
    constructor(host, encoding) {
        super(`the response from ${host} was compressed (${encoding}) although the request did not accept compression`);
        this.host = host;
        this.encoding = encoding;
        this.name = 'UnrequestedEncodingError';
    }
}
/** The proxy would not open a tunnel, or could not be reached. `proxy` is `host:port`, never with credentials. */
class ProxyError extends Error {
    code;
    proxy;
    target;
    detail;
    constructor(code, proxy, target, detail) {
        super(code === 'ProxyUnreachable'
            ? `could not connect to the proxy ${proxy} (${detail.cause ?? 'connection failed'})`
            : `the proxy ${proxy} answered ${detail.status ?? '?'}${detail.statusText ? ` ${detail.statusText}` : ''} to CONNECT ${target}`);
        this.code = code;
        this.proxy = proxy;
        this.target = target;
        this.detail = detail;
        this.name = 'ProxyError';
    }
}
/** The health check's host resolved to (or is) a link-local or metadata address. */
class AddressNotAllowedError extends Error {
    host;
    address;
    code = 'AddressNotAllowed';
    constructor(host, address) {
        super(`${host} resolves to ${address}, a link-local or cloud metadata address`);
        this.host = host;
        this.address = address;
        this.name = 'AddressNotAllowedError';
    }
}
const TLS_CERTIFICATE_CODES = /^(CERT_|UNABLE_TO_(GET_ISSUER_CERT|GET_CRL|DECRYPT|DECODE|VERIFY_LEAF)|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|ERR_TLS_CERT_ALTNAME_INVALID$|HOSTNAME_MISMATCH$|INVALID_CA$|INVALID_PURPOSE$|PATH_LENGTH_EXCEEDED$)/;
const TLS_HANDSHAKE_CODES = /^(EPROTO|ERR_SSL_|ERR_TLS_)/;
const CONNECTION_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENETDOWN',
    'EHOSTDOWN',
    'UND_ERR_SOCKET',
    'ERR_SOCKET_CONNECTION_TIMEOUT'
]);
const field = (value, key) => value !== null && typeof value === 'object' ? value[key] : undefined;
const codeOf = (value) => {
    const code = field(value, 'code');
    return typeof code === 'string' && code ? code : undefined;
};
/** The error itself, its causes, and the members of an AggregateError (happy eyeballs) — first one with a code. */
function findCoded(err, depth = 0) {
    if (depth > 4 || err === null || typeof err !== 'object')
        return undefined;
    const code = codeOf(err);
    if (code)
        return { err, code };
    const errors = field(err, 'errors');
    if (Array.isArray(errors)) {
        for (const inner of errors) {
            const found = findCoded(inner, depth + 1);
            if (found)
                return found;
        }
    }
    return findCoded(field(err, 'cause'), depth + 1);
}
const PROXY_HOW_TO = 'The proxy comes from HTTPS_PROXY (HTTP_PROXY for http:// URLs); hosts listed in NO_PROXY are reached directly.';
function describeProxyError(err, ctx) {
    const { status, credentialsSent, cause } = err.detail;
    if (err.code === 'ProxyAuthenticationRequired') {
        return {
            code: err.code,
            transient: false,
            message: credentialsSent
                ? `The proxy ${err.proxy} refused the user and password given in the proxy variable (HTTP 407). Check them (URL-encode special characters).`
                : `The proxy ${err.proxy} requires authentication (HTTP 407): give http://user:password@host:port in HTTPS_PROXY (URL-encoded).`
        };
    }
    if (err.code === 'ProxyUnreachable') {
        const transient = cause === 'ETIMEDOUT' || cause === 'ECONNRESET' || cause === 'EAI_AGAIN';
        return {
            code: err.code,
            transient,
            message: `Could not connect to the proxy ${err.proxy} (${cause ?? 'connection failed'}). ${PROXY_HOW_TO}`
        };
    }
    // A proxy's 5xx on CONNECT usually means it could not reach the target just now; 4xx is its policy.
    const transient = status !== undefined && status >= 500;
    return {
        code: err.code,
        transient,
        message: `The proxy ${err.proxy} refused the connection to ${err.target} (HTTP ${status ?? '?'}). ` +
            (transient ? 'It could not reach the host.' : `Ask for ${ctx.host} to be allowed, or add it to NO_PROXY if it is reachable directly.`) +
            ` ${PROXY_HOW_TO}`
    };
}
/**
 * What a network error means for the user, or undefined when it is not one this module knows (an API error, a
 * timeout of the caller's own making): the caller then classifies it as before.
 */
function describeNetworkError(err, ctx) {
    if (err instanceof ProxyError)
        return describeProxyError(err, ctx);
    const found = findCoded(err);
    if (!found)
        return undefined;
    if (found.err instanceof ProxyError)
        return describeProxyError(found.err, ctx);
    const { code } = found;
    const via = ctx.proxy ? ` through the proxy ${ctx.proxy}` : '';
    switch (true) {
        case code === 'ENOTFOUND':
            return {
                code: 'HostNotFound',
                transient: false,
                message: `The host ${ctx.host} does not exist (DNS: not found). Check the ${ctx.inputHint} input for a typo.`
            };
        case code === 'EAI_AGAIN' || code === 'EAI_FAIL':
            return {
                code: 'DnsUnavailable',
                transient: true,
                message: `The DNS server did not answer for ${ctx.host} (${code}).`
            };
        case TLS_CERTIFICATE_CODES.test(code): {
            const reason = field(found.err, 'message');
            return {
                code: 'TlsCertificate',
                transient: false,
                message: `The TLS certificate presented for ${ctx.host}${via} was refused (${code}${typeof reason === 'string' ? `: ${reason}` : ''}). ` +
                    'If a proxy or security appliance on this network intercepts TLS, give Node its CA certificate with ' +
                    'NODE_EXTRA_CA_CERTS; certificate verification stays on.'
            };
        }
        case TLS_HANDSHAKE_CODES.test(code):
            return {
                code: 'TlsHandshake',
                transient: false,
                message: `The TLS handshake with ${ctx.host}${via} failed (${code}). Check that the ${ctx.inputHint} input names an https:// endpoint.`
            };
        case code === 'ProxyConfigInvalid':
            return { code, transient: false, message: String(field(found.err, 'message')) };
        case code === 'ResponseTooLarge':
            return { code, transient: false, message: `The answer from ${ctx.host} was larger than the action accepts and was dropped.` };
        case code === 'UnrequestedContentEncoding':
            return { code, transient: false, message: `The answer from ${ctx.host}${via} came compressed although no compression was asked for; it was refused.` };
        case code === 'AddressNotAllowed': {
            const address = field(found.err, 'address');
            return {
                code,
                transient: false,
                message: `${ctx.host} resolves to ${typeof address === 'string' ? address : 'an address'} (link-local or cloud metadata), ` +
                    'which the health check refuses; set health-check-allow-internal: true if this is intended.'
            };
        }
        case CONNECTION_CODES.has(code):
            return { code: 'NetworkError', transient: true, message: `The connection to ${ctx.host}${via} failed (${code}).` };
        default:
            return undefined;
    }
}

;// CONCATENATED MODULE: ./src/engine/sae/errors.ts

/** A failed API call, described with what the service said. Every text in it is already redacted. */
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
        'The AccessKey ID is unknown or disabled: check the key this run signs with (access-key-id, ALIBABA_CLOUD_ACCESS_KEY_ID from aliyun/configure-aliyun-credentials-action, or the ~/.aliyun/config.json profile).'
    ],
    [
        /^SignatureDoesNotMatch$/,
        'The AccessKey secret does not match the AccessKey ID: check access-key-secret, ALIBABA_CLOUD_ACCESS_KEY_SECRET or the ~/.aliyun/config.json profile (watch for stray whitespace).'
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
function errors_field(value, key) {
    return value !== null && typeof value === 'object' ? value[key] : undefined;
}
function errors_text(value) {
    return value === undefined || value === null || value === '' ? undefined : String(value);
}
/**
 * The service's error body (HTTP >= 400 or 2xx with Success:false), in either of its shapes. Whatever a field holds,
 * it may echo a secret of the request: each one is redacted here, before anything can show or derive from it.
 */
function errorFromBody(body, httpStatus, redact) {
    const code = errors_text(errors_field(body, 'ErrorCode')) ?? errors_text(errors_field(body, 'Code')) ?? `HTTP${httpStatus ?? ''}`;
    const shown = (value) => (value === undefined ? undefined : redact(value));
    return new SaeApiError({
        code: redact(code),
        message: redact(errors_text(errors_field(body, 'Message')) ?? 'no message'),
        requestId: shown(errors_text(errors_field(body, 'RequestId'))),
        traceId: shown(errors_text(errors_field(body, 'TraceId'))),
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
    const network = describeNetworkError(thrown, context);
    return network ? new SaeApiError({ code: network.code, message: redact(network.message), transient: network.transient }) : classifyThrown(thrown, redact);
}
/** An answer that is not JSON (a proxy's page, a captive portal): what it started with, redacted, on one line. */
function nonJsonAnswer(page, httpStatus, redact) {
    const snippet = page.replace(/\s+/g, ' ').slice(0, 120);
    return new SaeApiError({
        code: 'NonJsonResponse',
        message: redact(`the endpoint answered${httpStatus !== undefined ? ` HTTP ${httpStatus}` : ''} with a non-JSON page: ${snippet}`),
        httpStatus,
        transient: true
    });
}
/** Turns whatever pop-core or the network threw into a SaeApiError. */
function classifyThrown(err, redact) {
    if (err instanceof SaeApiError)
        return err;
    const status = errors_field(err, 'statusCode');
    const result = errors_field(err, 'result');
    if (typeof status === 'number' && result !== undefined)
        return errorFromBody(result, status, redact);
    const name = errors_text(errors_field(err, 'name')) ?? 'Error';
    const sysCode = errors_text(errors_field(err, 'code'));
    const message = redact(separateRequestLine(err instanceof Error ? err.message : String(err)));
    if (name === 'RequestTimeoutError')
        return new SaeApiError({ code: 'Timeout', message, transient: true });
    if (name === 'FormatError') {
        return new SaeApiError({ code: 'NonJsonResponse', message: 'the response claimed JSON but could not be parsed', transient: true });
    }
    // json-bigint, which pop-core's RPC client parses every answer with, throws a plain object holding the whole text.
    if (name === 'SyntaxError' && typeof errors_field(err, 'text') === 'string')
        return nonJsonAnswer(errors_field(err, 'text'), undefined, redact);
    if ((sysCode && NETWORK_CODES.has(sysCode)) || /socket hang up|aborted|ECONNRESET|premature close/i.test(message)) {
        return new SaeApiError({ code: 'NetworkError', message, transient: true });
    }
    return new SaeApiError({ code: redact(sysCode ?? name), message, transient: false });
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:module"
const external_node_module_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
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
        const path = file.startsWith('file:') ? (0,external_node_url_namespaceObject.fileURLToPath)(file) : file;
        return new external_node_module_namespaceObject.SourceMap(JSON.parse((0,external_node_fs_.readFileSync)(`${path}.map`, 'utf8')));
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

;// CONCATENATED MODULE: ./src/engine/failure-message.ts



/** Whatever was thrown, as one message for the user; stack traces only for what nobody expected. */
function failureMessage(err, action = 'SAE API call') {
    if (err instanceof SaeApiError)
        return describeApiError(err.action ?? action, err);
    if (err instanceof ExpectedFailure)
        return err.message;
    if (err instanceof Error)
        return `Unexpected error: ${err.stack ? sourceMappedStack(err.stack) : err.message}`;
    return `Unexpected error: ${String(err)}`;
}

;// CONCATENATED MODULE: ./src/engine/ingress/types.ts
const types_X_FORWARDED_FLAGS = [
    'EnableXForwardedFor',
    'EnableXForwardedForClientSrcPort',
    'EnableXForwardedForProto',
    'EnableXForwardedForSlbId',
    'EnableXForwardedForSlbPort'
];
/**
 * How the file's `Rules` relate to the live rule set. UpdateIngress replaces the whole set, so
 * `upsert` and `remove` exist for workflows that own only some rules of a shared ingress.
 */
const RULES_MODES = ['replace', 'upsert', 'remove'];
/**
 * What a file is for: a rules mode, or `prune`, whose rules are templates (a preview rule with `${PR_NUMBER}` left
 * unset) that find the live rules of pull requests; those of closed ones are then removed (a `remove`).
 */
const FILE_MODES = [...RULES_MODES, 'prune'];
/**
 * Every top-level file key that is compared and sent. Not here: `$schema` (editor hint),
 * `IngressId` (addresses the ingress, always sent), `Rules` (planned per mode) and
 * `LoadBalanceType` (the service no longer accepts updates to it; the loader warns about it).
 */
const SETTING_NAMES = [
    'Description',
    'ListenerPort',
    'ListenerProtocol',
    'CertId',
    'CertIds',
    'DefaultRule',
    'RequestTimeout',
    'IdleTimeout',
    'SecurityPolicyId',
    'CorsConfig',
    'EnableGzip',
    ...types_X_FORWARDED_FLAGS
];

;// CONCATENATED MODULE: ./src/engine/version.generated.ts
// Generated by scripts/build-validator.mjs from package.json. Do not edit.
const VERSION = '1.0.0';

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_namespaceObject);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
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

;// CONCATENATED MODULE: ./src/engine/credentials/chain.ts
// Credentials as Alibaba Cloud's own tools find them, through Alibaba's provider chain (@alicloud/credentials, used as
// shipped): ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN, then an OIDC token file (ALIBABA_CLOUD_ROLE_ARN,
// ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE), then the aliyun CLI's ~/.aliyun/config.json (its
// current profile, or ALIBABA_CLOUD_PROFILE), then ~/.alibabacloud/credentials, then the ECS instance's RAM role
// (off with ALIBABA_CLOUD_ECS_METADATA_DISABLED=true), then ALIBABA_CLOUD_CREDENTIALS_URI. A named profile is looked
// up in ~/.aliyun/config.json alone. The library is loaded only when a chain is asked for.





const library = () => (0,external_node_module_namespaceObject.createRequire)(import.meta.url)('@alicloud/credentials');
/** Where the chain looks, in order, for the message when it finds nothing. */
const LOOKED = [
    'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    'an OIDC token file (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)',
    '~/.aliyun/config.json (the current profile, or ALIBABA_CLOUD_PROFILE)',
    '~/.alibabacloud/credentials',
    'the ECS instance RAM role (ALIBABA_CLOUD_ECS_METADATA_DISABLED=true skips it)',
    'ALIBABA_CLOUD_CREDENTIALS_URI'
];
/** Keys of an ~/.aliyun/config.json profile that hold secrets (access_key_secret, sts_token, OAuth and SSO tokens, …). */
const SECRET_KEY = /secret|token|password|private/i;
/** …and those that only name one (oidc_token_file) or say when it expires. */
const NOT_SECRET_KEY = /file$|expire/i;
const holdsSecret = (key) => SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key);
/**
 * The aliyun CLI's config as text, with every profile's secrets registered first: the library echoes what it reads
 * (a RamRoleArn profile's own key secret in an STS error, the whole file when it is not JSON), and a secret it never
 * hands back would otherwise be printed as it is. Undefined when there is no such file.
 */
function registerConfigSecrets(secrets) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(external_node_path_default().join(external_node_os_default().homedir(), '.aliyun', 'config.json'), 'utf8');
    }
    catch {
        return undefined;
    }
    try {
        const config = JSON.parse(text);
        for (const profile of Array.isArray(config.profiles) ? config.profiles : []) {
            for (const [key, value] of Object.entries((profile ?? {})))
                if (holdsSecret(key) && typeof value === 'string')
                    secrets.add(value);
        }
    }
    catch {
        // Not JSON: the values that look like secrets, as written.
        for (const [, key, value] of text.matchAll(/"([^"]*)"\s*:\s*"((?:[^"\\]|\\.)*)"/g))
            if (holdsSecret(key))
                secrets.add(value);
    }
    return text;
}
/** What the chain said, without the config file's text that the library quotes when it cannot parse it. */
function withoutConfig(message, config) {
    return config?.trim() ? message.split(config).join('<the file as written>') : message;
}
/**
 * The credentials the chain (or the named profile) gives, resolved once when the first call needs them. Whatever it
 * hands back is registered with `secrets` before anything can print it, and its errors are redacted.
 */
function credentialChain(options, ctx) {
    let resolved;
    const source = {
        from: options.profile ? `profile ${options.profile} of ~/.aliyun/config.json` : 'the default credential chain',
        resolve: () => (resolved ??= find(options, ctx.secrets, found => (source.from = found)))
    };
    return source;
}
async function find(options, secrets, describe) {
    const config = registerConfigSecrets(secrets);
    let provider;
    try {
        const { CLIProfileCredentialsProvider, DefaultCredentialsProvider } = library();
        provider = options.profile ? CLIProfileCredentialsProvider.builder().withProfileName(options.profile).build() : DefaultCredentialsProvider.builder().build();
    }
    catch (err) {
        throw new failure_InputError(`No credentials: ${secrets.redact(withoutConfig(err instanceof Error ? err.message : String(err), config))}.`);
    }
    let found;
    try {
        found = await provider.getCredentials();
    }
    catch (err) {
        const reason = secrets.redact(withoutConfig(err instanceof Error ? err.message : String(err), config));
        const where = options.profile ? `profile ${options.profile} of ~/.aliyun/config.json` : LOOKED.join('; ');
        throw new failure_InputError(`No credentials found. Looked in: ${where}. What the chain said: ${reason}`);
    }
    secrets.add(found.accessKeySecret);
    secrets.add(found.securityToken);
    if (!found.accessKeyId || !found.accessKeySecret)
        throw new failure_InputError('The credential chain gave an AccessKey ID or secret that is empty.');
    if (found.providerName)
        describe(`the credential chain (${found.providerName})`);
    return { accessKeyId: found.accessKeyId, accessKeySecret: found.accessKeySecret, ...(found.securityToken ? { securityToken: found.securityToken } : {}) };
}

;// CONCATENATED MODULE: ./src/engine/net/endpoint.ts
// Which endpoints a run may call, whichever front end was told them (an input, a command-line option, a profile).

/**
 * https:// anywhere; plain http:// only to this machine, so keys and rules never cross a network unencrypted. `label`
 * names where the value came from in messages: `Input endpoint`, `--endpoint`.
 */
function parseEndpoint(label, raw) {
    let url;
    try {
        url = new URL(raw.trim());
    }
    catch {
        throw new failure_InputError(`${label} is not a URL: "${raw}".`);
    }
    if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
        throw new failure_InputError(`${label} must be a bare origin such as https://sae.cn-hangzhou.aliyuncs.com, got "${raw}".`);
    }
    if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
        throw new failure_InputError(`${label} must use https:// (plain http:// is allowed only for loopback hosts), got "${raw}".`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new failure_InputError(`${label} must be an https:// URL, got "${raw}".`);
    }
    return url.origin;
}
function isLoopback(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

;// CONCATENATED MODULE: ./src/engine/text/secrets.ts
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
/**
 * `value` with every string in it redacted, however deep: a report rendered from it (escaped for Markdown, cut,
 * joined) can no longer hold a secret in a spelling the redactor would not recognise afterwards. Plain data only.
 */
function redactDeep(value, redact) {
    if (typeof value === 'string')
        return redact(value);
    if (Array.isArray(value))
        return value.map(item => redactDeep(item, redact));
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)]));
    }
    return value;
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
/**
 * The one registry of a run's secrets, shared by the engine and its front end. Each secret added is announced to the
 * listeners in every spelling (the action masks each in the runner's log), and `redact` replaces them all, and every
 * credential shape, by ***.
 */
class SecretRegistry {
    secrets = new Set();
    needles = [];
    listeners = [];
    add(value) {
        if (!value || value.trim().length < MIN_SECRET_LENGTH || this.secrets.has(value))
            return;
        this.secrets.add(value);
        this.needles = needlesOf(this.secrets);
        for (const form of secretForms(value))
            for (const listener of this.listeners)
                listener(form);
    }
    /** Calls `listener` with every spelling of every secret, those added before included. */
    onAdd(listener) {
        this.listeners.push(listener);
        for (const secret of this.secrets)
            for (const form of secretForms(secret))
                listener(form);
    }
    redact = text => redactWith(this.needles, text);
}

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./src/engine/text/clip.ts
/** Values from the file, the service or the network can be huge; anything the action prints shows at most this much of one. */
const MAX_VALUE_CHARS = 1024;
/** The text unchanged when short; else its start and a marker saying how much was left out. */
function clip(text, max = MAX_VALUE_CHARS) {
    if (text.length <= max)
        return text;
    return `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

;// CONCATENATED MODULE: ./src/engine/text/visible.ts
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

;// CONCATENATED MODULE: ./src/cli/terminal.ts
// What the CLI writes: the plan and the exported file to stdout, progress and problems to stderr. Every text is
// redacted with the run's secrets and shown without control characters (an answer could hold terminal escapes), and
// coloured only on a terminal, never with NO_COLOR.



/** A message as long as a plan of 40 rules, at most. */
const MESSAGE_LIMIT = 64 * 1024;
class Terminal {
    io;
    secrets;
    verbose;
    colours;
    constructor(io, secrets, verbose = false) {
        this.io = io;
        this.secrets = secrets;
        this.verbose = verbose;
        // https://no-color.org: present and not empty turns colour off.
        const allowed = !io.env.NO_COLOR && typeof external_node_util_namespaceObject.styleText === 'function';
        this.colours = { out: allowed && Boolean(io.stdout.isTTY), err: allowed && Boolean(io.stderr.isTTY) };
    }
    /** Outside text made safe for a terminal: redacted, cut, no control character left to act. */
    shown(text) {
        return showInvisible(clip(this.secrets.redact(text), MESSAGE_LIMIT));
    }
    paint(colour, text, stream) {
        // Whether to colour is decided above, per stream; Node 22+ would otherwise look at stdout alone.
        return colour && this.colours[stream] ? (0,external_node_util_namespaceObject.styleText)(colour, text, { validateStream: false }) : text;
    }
    /** A line of the result (the plan, a file): stdout. */
    print(text, colour) {
        this.io.stdout.write(`${this.paint(colour, this.shown(text), 'out')}\n`);
    }
    /** A line about the work: stderr. */
    say(text, colour) {
        this.io.stderr.write(`${this.paint(colour, this.shown(text), 'err')}\n`);
    }
    /** The engine's progress (the plan it read, each phase's outcome): with --verbose; the commands say what matters. */
    info(message) {
        if (this.verbose)
            this.say(message);
    }
    notice(message) {
        this.say(`note: ${message}`);
    }
    warning(message) {
        this.say(`warning: ${message}`, 'yellow');
    }
    error(message) {
        this.say(`error: ${message}`, 'red');
    }
    debug(message) {
        if (this.verbose)
            this.say(message, 'dim');
    }
    async group(title, work) {
        if (this.verbose)
            this.say(`── ${title}`, 'bold');
        return work();
    }
    /** The plan in the diff output's words, each change line coloured by what it does. */
    printDiff(diff) {
        for (const line of diff.split('\n'))
            this.print(line, line.startsWith('+') ? 'green' : line.startsWith('-') ? 'red' : line.startsWith('~') || line.startsWith('!') ? 'yellow' : undefined);
    }
}

;// CONCATENATED MODULE: ./src/cli/context.ts
// What every command that calls SAE shares: where (an endpoint, from --endpoint or a region), as whom (Alibaba's
// credential chain, or a named profile), which ingress (by id, or by name), and the engine's context on a terminal.










/** A terminal and the engine's context for one command, with the secrets of the environment masked first. */
function openTerminal(io, verbose = false) {
    const secrets = new SecretRegistry();
    for (const name of ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN'])
        secrets.add(io.env[name]);
    const terminal = new Terminal(io, secrets, verbose);
    return { terminal, ctx: { log: terminal, secrets, clock: systemClock, proxies: proxy_namespaceObject } };
}
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const NAMESPACE_ID = /^[a-z]{2,}(-[a-z0-9]+)+(:[A-Za-z0-9._-]{1,64})?$/;
/** The region of the aliyun CLI's profile (--profile, ALIBABA_CLOUD_PROFILE, or its current one), if it names one. */
function profileRegion(profile, env) {
    try {
        const config = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_default().join(external_node_os_default().homedir(), '.aliyun', 'config.json'), 'utf8'));
        const name = profile ?? env.ALIBABA_CLOUD_PROFILE ?? config.current;
        return config.profiles?.find(entry => entry.name === name)?.region_id || undefined;
    }
    catch {
        return undefined;
    }
}
/** The SAE endpoint and credentials: --endpoint, or https://sae.<region>.aliyuncs.com. */
function saeTarget(options, { ctx }, env) {
    if (options.endpoint && options.region)
        throw new failure_InputError('Set --region or --endpoint, not both.');
    const region = options.region ?? env.ALIBABA_CLOUD_REGION_ID ?? profileRegion(options.profile, env);
    if (!options.endpoint && !region) {
        throw new failure_InputError('No region: set --region (e.g. cn-hangzhou) or --endpoint, ALIBABA_CLOUD_REGION_ID, or region_id in the ~/.aliyun/config.json profile.');
    }
    if (!options.endpoint && !REGION.test(region))
        throw new failure_InputError(`--region must look like cn-hangzhou, got "${region}".`);
    const endpoint = options.endpoint ? parseEndpoint('--endpoint', options.endpoint) : `https://sae.${region}.aliyuncs.com`;
    return { endpoint, credentials: credentialChain({ profile: options.profile }, ctx) };
}
/** The ingress the options name (an id, or a namespace and a name), else the file's IngressId. */
function ingressRef(options, file) {
    if (options.namespaceId || options.ingressName) {
        if (options.ingressId)
            throw new failure_InputError('--ingress-id names the ingress already: set either --ingress-id, or --namespace-id and --ingress-name.');
        if (!options.namespaceId || !options.ingressName)
            throw new failure_InputError('--namespace-id and --ingress-name go together: the name is looked up in that namespace.');
        if (!NAMESPACE_ID.test(options.namespaceId))
            throw new failure_InputError(`--namespace-id must look like cn-hangzhou:prod, got "${options.namespaceId}".`);
        return { namespaceId: options.namespaceId, ingressName: options.ingressName };
    }
    if (options.ingressId !== undefined) {
        // Sixteen digits can be past 2^53: such an id would be rounded to another one, not refused.
        if (!/^[1-9]\d{0,15}$/.test(options.ingressId) || !Number.isSafeInteger(Number(options.ingressId))) {
            throw new failure_InputError(`--ingress-id must be a positive whole number, got "${options.ingressId}".`);
        }
        return { ingressId: Number(options.ingressId) };
    }
    if (file?.IngressId !== undefined)
        return { ingressId: file.IngressId };
    throw new failure_InputError(file ? 'No ingress: set IngressId in the file, --ingress-id, or --namespace-id and --ingress-name.' : 'No ingress: set --ingress-id, or --namespace-id and --ingress-name.');
}
/** --timeout in seconds, as milliseconds. */
function timeoutMs(options) {
    if (!/^\d+$/.test(options.timeout) || Number(options.timeout) < 1 || Number(options.timeout) > 21_600) {
        throw new failure_InputError(`--timeout must be a whole number of seconds from 1 to 21600, got "${options.timeout}".`);
    }
    return Number(options.timeout) * 1000;
}

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
const show = (char) => (/^[\x21-\x7e]$/.test(char) ? JSON.stringify(char) : codePoint(char));
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

;// CONCATENATED MODULE: ./src/engine/ingress/pointers.ts
/**
 * JSON Pointers (RFC 6901) name every value of the file; problems carry one, and messages show it
 * without the leading slash ("Rules/0/path"), which reads like the file's own structure.
 */
function childPointer(parent, key) {
    if (typeof key === 'number')
        return `${parent}/${key}`;
    // Called for every value of the file: skip the replacements in the usual case.
    if (!key.includes('~') && !key.includes('/'))
        return `${parent}/${key}`;
    return `${parent}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
function pointerSegments(pointer) {
    if (pointer === '')
        return [];
    return pointer
        .slice(1)
        .split('/')
        .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
function parentPointer(pointer) {
    const slash = pointer.lastIndexOf('/');
    return slash <= 0 ? '' : pointer.slice(0, slash);
}
/** Keys come from the file and may be huge; a message shows at most this many characters of one. */
const MAX_SHOWN = 40;
function truncate(text, max = MAX_SHOWN) {
    return text.length <= max ? text : `${text.slice(0, max)}…`;
}
/** "Rules/0/path" for a value, "the file" for the document itself. */
function describePointer(pointer) {
    if (pointer === '')
        return 'the file';
    return pointerSegments(pointer)
        .map((segment) => truncate(segment))
        .join('/');
}
/** A short, quoted rendering of a value for "(found ...)" in messages. */
function previewValue(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    switch (typeof value) {
        case 'string':
            return JSON.stringify(truncate(value));
        case 'number':
        case 'boolean':
            return String(value);
        case 'object':
            return 'an object';
        default:
            return typeof value;
    }
}

;// CONCATENATED MODULE: ./src/engine/ingress/checks.ts



const LOAD_BALANCE_TYPE_WARNING = 'LoadBalanceType is ignored: UpdateIngress no longer accepts it and the load balancer type cannot change after creation; remove it';
/** A top-level LoadBalanceType is accepted with LOAD_BALANCE_TYPE_WARNING, whatever its value. */
function declaresLoadBalanceType(document) {
    return document !== null && typeof document === 'object' && Object.prototype.hasOwnProperty.call(document, 'LoadBalanceType');
}
/** UpdateIngress rejects more with Exceed.IngressRule. */
const MAX_RULES = 40;
/** `<certId>-<regionId>`; the same pattern as the schema's. */
const CERT_ID = /^[^,\s]+-[a-z]+-[a-z0-9]+$/;
const DIGITS = /^(0|-?[1-9][0-9]*)$/;
const RANGE_KEYWORDS = ['type', 'minimum', 'maximum', 'pattern'];
const CERT_EXAMPLE = 'e.g. 756123-cn-hangzhou';
function isRecord(value) {
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
        message: `${describePointer(pointer)} must be an integer from ${range.min} to ${range.max}${form} (found ${previewValue(value)})`,
        supersedes: RANGE_KEYWORDS
    });
}
const PORT = { min: 1, max: 65535 };
function checkRules(findings, rules) {
    if (rules.length > MAX_RULES) {
        findings.push({
            pointer: '/Rules',
            message: `Rules has ${rules.length} rules; UpdateIngress accepts at most ${MAX_RULES} (it would fail with Exceed.IngressRule)`,
            supersedes: ['maxItems']
        });
    }
    const seen = new Map();
    rules.forEach((rule, index) => {
        if (!isRecord(rule))
            return;
        const pointer = childPointer('/Rules', index);
        checkRange(findings, `${pointer}/containerPort`, rule.containerPort, PORT);
        const { domain, path } = rule;
        if (typeof path === 'string' && !path.startsWith('/')) {
            findings.push({
                pointer: `${pointer}/path`,
                message: `${describePointer(`${pointer}/path`)} must start with "/" (found ${previewValue(path)})`,
                supersedes: ['pattern']
            });
        }
        else if (typeof path === 'string') {
            // The schema's pattern, in words: what characters a path may hold (and never `$(` or `${`).
            const problem = pathProblem(path);
            if (problem)
                findings.push({ pointer: `${pointer}/path`, message: `${describePointer(`${pointer}/path`)} ${problem} (found ${previewValue(path)})`, supersedes: ['pattern'] });
        }
        if (typeof domain === 'string') {
            const problem = domainProblem(domain);
            if (problem) {
                findings.push({
                    pointer: `${pointer}/domain`,
                    message: `${describePointer(`${pointer}/domain`)} is not a host name: ${problem} (found ${previewValue(domain)})`,
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
            message: `${describePointer(pointer)} repeats domain ${previewValue(domain)} and path ${previewValue(path)} of ` +
                `${describePointer(first)}; each domain and path pair may appear once`,
            supersedes: []
        });
    });
}
function checkCertIds(findings, certIds) {
    if (Array.isArray(certIds)) {
        certIds.forEach((certId, index) => {
            if (typeof certId !== 'string' || CERT_ID.test(certId))
                return;
            const pointer = childPointer('/CertIds', index);
            findings.push({
                pointer,
                message: `${describePointer(pointer)} must look like <certId>-<regionId>, ${CERT_EXAMPLE} (found ${previewValue(certId)})`,
                supersedes: ['pattern']
            });
        });
    }
    else if (typeof certIds === 'string') {
        const bad = certIds.split(',').filter((entry) => !CERT_ID.test(entry));
        if (bad.length === 0)
            return;
        const shown = bad.slice(0, 3).map((entry) => JSON.stringify(truncate(entry)));
        const more = bad.length > 3 ? ` and ${bad.length - 3} more` : '';
        const spaces = bad.some((entry) => /\s/.test(entry)) ? '; no spaces around the commas' : '';
        findings.push({
            pointer: '/CertIds',
            message: `CertIds must be comma-separated <certId>-<regionId> entries, ${CERT_EXAMPLE}; not valid: ${shown.join(', ')}${more}${spaces}`,
            supersedes: ['pattern']
        });
    }
}
/** What a file for `rules-mode` upsert, remove or prune may hold: it addresses the ingress and lists rules, nothing else. */
const RULES_ONLY_KEYS = new Set(['$schema', 'IngressId', 'Rules']);
/** Top-level keys the format knows besides those; any other key is the schema's to report (with a suggestion). */
const INGRESS_WIDE_KEYS = new Set([...SETTING_NAMES, 'LoadBalanceType']);
/**
 * Upsert and remove change only rules, in an ingress other teams share: a preview file that could also set the
 * listener, certificates, timeouts or the default rule would change them for everyone.
 */
function checkRulesOnly(findings, document, mode) {
    for (const key of Object.keys(document)) {
        if (RULES_ONLY_KEYS.has(key) || !INGRESS_WIDE_KEYS.has(key))
            continue;
        findings.push({
            pointer: childPointer('', key),
            message: `${key} cannot be set with rules-mode ${mode}: upsert, remove and prune change only the rules under Rules, so the file ` +
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
    if (!isRecord(document))
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
    if (isRecord(document.DefaultRule))
        checkRange(findings, '/DefaultRule/containerPort', document.DefaultRule.containerPort, PORT);
    if (Array.isArray(document.Rules))
        checkRules(findings, document.Rules);
    checkRange(findings, '/RequestTimeout', document.RequestTimeout, { min: 1, max: 180 });
    checkRange(findings, '/IdleTimeout', document.IdleTimeout, { min: 0, max: 60 });
    if (isRecord(document.CorsConfig)) {
        checkRange(findings, '/CorsConfig/MaxAge', document.CorsConfig.MaxAge, { min: -1, max: 172800, numericString: true });
    }
    return findings;
}

;// CONCATENATED MODULE: ./src/engine/ingress/json-positions.ts

/**
 * How much of a file is read before it is refused as no ingress file: it is 3 levels deep and holds a few hundred
 * values (40 rules of a few keys each). Limits far above that keep a hostile file (a million rules, a hundred thousand
 * keys, deep nesting) from costing more than a moment, and every message about it short: the rest is never read.
 */
const MAX_DEPTH = 8;
const MAX_ENTRIES = 1000;
const MAX_VALUES = 20_000;
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
    let count = 0;
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let line = 1;
    let lineStart = i;
    const here = () => ({ line, column: i - lineStart + 1 });
    const fail = (message, at = here()) => {
        throw new JsonSyntaxError(`invalid JSON: ${message}`, at);
    };
    /** Valid JSON, but too much of it to be an ingress file: reading stops here. */
    const refuse = (message, at = here()) => {
        throw new JsonSyntaxError(message, at);
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
        if (++count > MAX_VALUES)
            refuse(`the file holds more than ${MAX_VALUES} values, far more than any ingress file; the rest was not read`);
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
                problems.push({ message: `${describePointer(pointer)} contains an unpaired surrogate (a lone \\uD800-\\uDFFF escape)`, pointer, ...at });
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
            refuse(`nesting is deeper than ${MAX_DEPTH} levels, far deeper than any ingress file (3); the rest was not read`);
        i++;
    }
    /** Refuses a container once it holds more entries than any ingress file has, before reading the next. */
    function tooMany(pointer, entries, what) {
        if (entries < MAX_ENTRIES)
            return;
        const where = pointer === '' ? 'the top level' : describePointer(pointer);
        refuse(`${where} has more than ${MAX_ENTRIES} ${what}, far more than any ingress file (at most 40 rules); the rest was not read`, values.get(pointer));
    }
    function parseObject(pointer, depth) {
        enter(depth);
        const object = {};
        skipWhitespace();
        if (text.charCodeAt(i) === 0x7d) {
            i++;
            return object;
        }
        for (let entries = 0;; entries++) {
            tooMany(pointer, entries, 'keys');
            skipWhitespace();
            if (text.charCodeAt(i) !== 0x22)
                unexpected('a key in double quotes');
            const keyAt = here();
            const key = parseString();
            const child = childPointer(pointer, key);
            const first = Object.prototype.hasOwnProperty.call(object, key) ? keys.get(child) : undefined;
            if (first) {
                problems.push({
                    message: `duplicate key ${JSON.stringify(truncate(key))} (first at line ${first.line}, column ${first.column}); keep only one`,
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
            tooMany(pointer, array.length, 'items');
            array.push(parseValue(childPointer(pointer, array.length), depth + 1));
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

;// CONCATENATED MODULE: ./src/engine/ingress/placeholders.ts

/**
 * `${NAME}` in a string value is replaced from the environment, once: a replacement is never
 * expanded again. `$${` writes a literal `${`. Anything else after `${` (such as ALB's
 * rewrite back-reference `/${1}`) is left as written, because NAME cannot start with a digit.
 */
const PLACEHOLDER = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
function lookup(env, name) {
    // An own-property test, so ${constructor} or ${__proto__} never reach Object.prototype.
    if (!Object.prototype.hasOwnProperty.call(env, name))
        return undefined;
    const value = env[name];
    return typeof value === 'string' ? value : undefined;
}
/** Replaces placeholders in one string; names that are not set are kept as written and listed. */
function placeholders_substituteText(text, env) {
    const missing = [];
    if (!text.includes('${'))
        return { text, missing };
    const replaced = text.replace(PLACEHOLDER, (match, name) => {
        if (name === undefined)
            return '${';
        const value = lookup(env, name);
        if (value === undefined) {
            missing.push(name);
            return match;
        }
        return value;
    });
    return { text: replaced, missing };
}
/**
 * Substitutes every string value of a parsed document (keys are left alone); returns a new document. A string that
 * lacks the same name several times is one entry: the problem is the string, however often it repeats the name.
 * Linear in the size of the document, whatever it holds (a file may carry tens of thousands of placeholders).
 */
function substitutePlaceholders(value, env) {
    const missing = [];
    const walk = (node, pointer) => {
        if (typeof node === 'string') {
            const result = placeholders_substituteText(node, env);
            for (const name of new Set(result.missing))
                missing.push({ pointer, name });
            return result.text;
        }
        if (Array.isArray(node))
            return node.map((item, index) => walk(item, childPointer(pointer, index)));
        if (node !== null && typeof node === 'object') {
            const copy = {};
            for (const [key, item] of Object.entries(node)) {
                const walked = walk(item, childPointer(pointer, key));
                // Assigning "__proto__" would replace the prototype instead of copying the key.
                if (key === '__proto__')
                    Object.defineProperty(copy, key, { value: walked, enumerable: true, writable: true, configurable: true });
                else
                    copy[key] = walked;
            }
            return copy;
        }
        return node;
    };
    return { value: walk(value, ''), missing };
}
/**
 * substitutePlaceholders for a document parsed from `text`, skipped when the text cannot hold a placeholder (most
 * files); an escaped "\u0024{" could still spell one.
 */
function substituteDocument(text, document, env) {
    return text.includes('${') || text.includes('\\u') ? substitutePlaceholders(document, env) : { value: document, missing: [] };
}
/** A message lists this many missing names at most, then how many more there are. */
const MAX_NAMES_SHOWN = 10;
/** The list part of the messages for one `all` array, built once: messages are made per occurrence. */
const namesListed = new WeakMap();
function listNames(all) {
    let list = namesListed.get(all);
    if (list === undefined) {
        const names = [...new Set(all.map((m) => m.name))];
        const shown = names.slice(0, MAX_NAMES_SHOWN).join(', ');
        const more = names.length > MAX_NAMES_SHOWN ? ` and ${names.length - MAX_NAMES_SHOWN} more` : '';
        list = names.length === 1 ? `${shown} is` : `${shown}${more} are`;
        namesListed.set(all, list);
    }
    return list;
}
/**
 * Names the missing variables in each message (the first ten, then a count), so the first annotation read tells the
 * whole story. Called once per occurrence with the same `all`: constant work per call after the first.
 */
function missingPlaceholderMessage(occurrence, all) {
    return (`${describePointer(occurrence.pointer)}: placeholder \${${occurrence.name}} has no value; ${listNames(all)} not set in the environment ` +
        '(set them in the step\'s env, or write $${ for a literal ${)');
}

;// CONCATENATED MODULE: ./src/engine/ingress/placeholder-policy.ts
/**
 * Which environment variables may fill `${NAME}` placeholders (pure). The ingress file comes from pull requests and
 * its values travel to the API, the log, the summary and the PR comment, so a placeholder must never read a secret
 * or the runner's own plumbing. The rule, on the name upper-cased:
 *
 * - runner internals are refused: names starting with ACTIONS_, RUNNER_, INPUT_ or STATE_, and GITHUB_TOKEN;
 * - proxy settings are refused (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY): their URL can hold a user name and password;
 * - names that look like credentials are refused: containing SECRET, TOKEN, PASSWORD, PASSWD, CREDENTIAL or PRIVATE
 *   anywhere, having a `_`-separated word PASS, PWD, AUTH or COOKIE, or a word ending in KEY or KEYID (API_KEY,
 *   ACCESS_KEY_ID, APIKEY, SSH_KEY_PATH; MONKEY too: the rule errs on the side of refusing).
 *
 * Everything else may be used, e.g. GITHUB_SHA, GITHUB_REF_NAME, GITHUB_HEAD_REF, GITHUB_RUN_ID, or PR_NUMBER set
 * from `${{ github.event.pull_request.number }}` in the step's env.
 */

const RUNNER_PREFIXES = ['ACTIONS_', 'RUNNER_', 'INPUT_', 'STATE_'];
const PROXIES = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY']);
const CREDENTIAL_PARTS = ['SECRET', 'TOKEN', 'PASSWORD', 'PASSWD', 'CREDENTIAL', 'PRIVATE'];
const CREDENTIAL_WORDS = new Set(['PASS', 'PWD', 'AUTH', 'COOKIE']);
/** Why `${name}` may not be used, or undefined when it may. */
function refusalReason(name) {
    const upper = name.toUpperCase();
    if (upper === 'GITHUB_TOKEN' || RUNNER_PREFIXES.some(prefix => upper.startsWith(prefix))) {
        return `${name} belongs to the runner (ACTIONS_*, RUNNER_*, INPUT_*, STATE_*, GITHUB_TOKEN)`;
    }
    if (PROXIES.has(upper))
        return `${name} is a proxy setting, whose URL can hold a user name and password`;
    const part = CREDENTIAL_PARTS.find(credential => upper.includes(credential));
    if (part)
        return `${name} looks like a credential (it contains ${part})`;
    const words = upper.split('_');
    const word = words.find(w => CREDENTIAL_WORDS.has(w)) ?? words.find(w => w.endsWith('KEY') || w.endsWith('KEYID'));
    if (word)
        return `${name} looks like a credential (${CREDENTIAL_WORDS.has(word) ? `the word ${word}` : `${word} ends in KEY`})`;
    return undefined;
}
/** The variables placeholders may read; the refused ones are simply absent. */
function placeholderEnv(env) {
    return Object.fromEntries(Object.entries(env).filter(([name]) => refusalReason(name) === undefined));
}
/** The refused placeholders a text uses (each name once, in order), for a located "refused" error instead of "not set". */
function refusedPlaceholders(text) {
    const names = [...new Set(substituteText(text, {}).missing)];
    return names.flatMap(name => {
        const reason = refusalReason(name);
        return reason ? [{ name, reason }] : [];
    });
}
/** The message for one refused placeholder, to follow the location ("Rules[0].domain: …"). */
function refusedPlaceholderMessage(refused) {
    return `placeholder \${${refused.name}} is refused: ${refused.reason}, and placeholders never read secrets or the runner's internals (see "Placeholders" in the README)`;
}

;// CONCATENATED MODULE: ./src/engine/text/suggest.ts
/** "Did you mean …?" for names a person typed: ingress file keys and action inputs. */
/** Optimal string alignment distance: a swapped pair of letters counts as one edit. */
function editDistance(a, b) {
    const rows = [...Array(a.length + 1)].map((_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++)
        rows[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                best = Math.min(best, rows[i - 2][j - 2] + 1);
            rows[i][j] = best;
        }
    }
    return rows[a.length][b.length];
}
/** The valid key a typo most likely meant ("Rule" → "Rules", "AppId" → "appId"), if any is close. */
function closestKey(key, candidates) {
    if (key.length > 64)
        return undefined;
    const wanted = key.toLowerCase().replace(/[_-]/g, '');
    let best;
    let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1;
    for (const candidate of candidates) {
        const distance = editDistance(wanted, candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

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
function expectation(schema) {
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
    const where = error.instancePath === '' ? 'at the top level' : `in ${describePointer(error.instancePath)}`;
    const suggestion = closestKey(key, valid);
    const hint = suggestion
        ? ` — did you mean ${JSON.stringify(suggestion)}?`
        : valid.length <= 8
            ? ` (valid keys: ${valid.join(', ')})`
            : '';
    return {
        pointer: childPointer(error.instancePath, key),
        at: 'key',
        keyword: error.keyword,
        message: `unknown key ${JSON.stringify(truncate(key))} ${where}${hint}`
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
    const where = describePointer(error.instancePath);
    const found = ` (found ${previewValue(error.data)})`;
    const limit = error.params.limit;
    switch (error.keyword) {
        case 'required':
            return `${where} is missing the required key ${JSON.stringify(error.params.missingProperty)}`;
        case 'type':
        case 'minimum':
        case 'maximum':
            return `${where} must be ${expectation(error.parentSchema)}${found}`;
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
        const suggestion = closestKey(String(error.params.additionalProperty), properties);
        if (suggestion !== undefined)
            suggested.add(childPointer(error.instancePath, suggestion));
    }
    for (const error of errors) {
        if (error.keyword === 'required' && suggested.has(childPointer(error.instancePath, String(error.params.missingProperty))))
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

;// CONCATENATED MODULE: ./src/engine/ingress/templates.ts

const SLOT_POINTER = /^\/Rules\/(\d+)\/(domain|path)$/;
/** The unset placeholders that are slots: in a rule's domain or path, and not a name refused anyway. */
function templateSlots(missing) {
    return missing.filter((m) => SLOT_POINTER.test(m.pointer) && refusalReason(m.name) === undefined);
}
/** `document` with a number in every slot: what the schema and the checks see of a template. */
function withSlotsFilled(document, slots) {
    if (slots.length === 0)
        return document;
    const copy = structuredClone(document);
    for (const slot of slots) {
        const [, index, key] = SLOT_POINTER.exec(slot.pointer);
        const rule = copy.Rules[Number(index)];
        rule[key] = rule[key].split(`\${${slot.name}}`).join('1');
    }
    return copy;
}
/** Each template rule names one slot (in its domain, its path or both), and only one. */
function templateProblems(document, slots) {
    const rules = document.Rules;
    if (!Array.isArray(rules))
        return [];
    return rules.flatMap((_rule, index) => {
        const names = new Set(slots.filter((slot) => SLOT_POINTER.exec(slot.pointer)?.[1] === String(index)).map((slot) => slot.name));
        const pointer = `/Rules/${index}`;
        if (names.size === 0) {
            return [{ pointer, message: `Rules/${index} has no placeholder left unset: prune finds the rules of pull requests by a template such as "pr-\${PR_NUMBER}.preview.example.com", with PR_NUMBER not set` }];
        }
        if (names.size > 1)
            return [{ pointer, message: `Rules/${index} has more than one placeholder left unset (${[...names].join(', ')}): a template has one slot, for the pull request's number` }];
        return [];
    });
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
    for (let p = pointer;; p = parentPointer(p)) {
        const value = positions.values.get(p);
        if (value)
            return value;
        if (p === '')
            return { line: 1, column: 1 };
    }
}
/** The file has problems: nothing was sent. */
class ValidationFailed extends ExpectedFailure {
    constructor(file, problems) {
        const first = problems[0];
        super(`${file} is not a valid ingress file (${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was sent)` +
            (first ? `: line ${first.line}: ${first.message}` : ''));
    }
}
function byPosition(a, b) {
    return a.line - b.line || a.column - b.column;
}
function finish(problems, warnings, ingress) {
    warnings.sort(byPosition);
    if (problems.length === 0)
        return { ok: true, ingress: ingress, warnings };
    const id = ingress !== null && typeof ingress === 'object' ? ingress.IngressId : undefined;
    const ingressId = Number.isSafeInteger(id) && id > 0 ? id : undefined;
    return { ok: false, problems: problems.sort(byPosition), warnings, ...(ingressId === undefined ? {} : { ingressId }) };
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
    const substituted = substituteDocument(text, document, placeholderEnv(env));
    const problems = [...parsed.problems];
    // A prune file's rules are templates: the placeholders left unset in their domains and paths are the slots the
    // pull request numbers go in, no problem.
    const slots = mode === 'prune' ? templateSlots(substituted.missing) : [];
    const missingNames = substituted.missing.filter((m) => !slots.includes(m));
    // A name that may never feed a placeholder (a credential, a runner internal) says so, rather than "not set".
    const unset = missingNames.filter((m) => refusalReason(m.name) === undefined);
    for (const missing of missingNames) {
        const reason = refusalReason(missing.name);
        const message = reason
            ? `${describePointer(missing.pointer)}: ${refusedPlaceholderMessage({ name: missing.name, reason })}`
            : missingPlaceholderMessage(missing, unset);
        problems.push(problem(missing.pointer, message));
    }
    // A value still holding an unset placeholder is reported once, for the placeholder.
    const unresolved = new Set(missingNames.map((m) => m.pointer));
    if (mode === 'prune')
        problems.push(...templateProblems(substituted.value, slots).map((found) => problem(found.pointer, found.message)));
    // A template is checked as the rule it makes for a pull request (the slot holding a number).
    const checked = withSlotsFilled(substituted.value, slots);
    const checks = checkIngress(checked, { mode }).filter((finding) => !unresolved.has(finding.pointer));
    const superseded = new Set(checks.flatMap((c) => c.supersedes.map((keyword) => `${c.pointer}\u0000${keyword}`)));
    const valid = validateIngressFile(checked);
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
function coerce_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && !isBigNumberLike(value);
}
/** Own property only: a null-prototype object has no `hasOwnProperty`, and inherited keys are not data. */
function read(record, key) {
    return coerce_isRecord(record) && Object.hasOwn(record, key) ? record[key] : undefined;
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
/**
 * DNS names are case-insensitive in ASCII only (RFC 4343): Unicode case folding would make a KELVIN SIGN domain the
 * same rule as its `k` twin. Paths are case-sensitive (and may be regular expressions on ALB).
 */
const dnsLower = (name) => name.replace(/[A-Z]/g, letter => letter.toLowerCase());
function ruleKey(rule) {
    return `${dnsLower(rule.domain)}${rule.path}`;
}
function compareRules(a, b) {
    return order(dnsLower(a.domain), dnsLower(b.domain)) || order(a.path, b.path);
}
function canonical(ingress) {
    const rules = [...(ingress.Rules ?? [])].sort(compareRules);
    const sorted = Object.fromEntries(Object.entries({ ...ingress, Rules: rules }).sort(([a], [b]) => order(a, b)));
    return JSON.stringify(sorted);
}
/** The same state, read twice: equal values, in any order of rules (the service lists them as it likes). */
function sameIngress(a, b) {
    return canonical(a) === canonical(b);
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
            return coerce_isRecord(file) && coerce_isRecord(live)
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
    if (!coerce_isRecord(file))
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
    put('Rules', asArray(read(source, 'Rules')).filter(coerce_isRecord).map(rule));
    put('RequestTimeout', inRange(asInteger(read(source, 'RequestTimeout')), 1, 180));
    put('IdleTimeout', inRange(asInteger(read(source, 'IdleTimeout')), 1, 60));
    put('SecurityPolicyId', asNonEmptyString(read(source, 'SecurityPolicyId')));
    put('CorsConfig', corsConfig(read(source, 'CorsConfig')));
    put('EnableGzip', asBoolean(read(source, 'EnableGzip')));
    for (const flag of types_X_FORWARDED_FLAGS)
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
    for (const entry of asArray(read(live, 'Rules')).filter(coerce_isRecord)) {
        const raw = read(entry, 'RuleActions');
        const actions = (coerce_isRecord(raw) ? [raw] : asArray(raw)).map(ruleAction);
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
    if (!coerce_isRecord(live))
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
        return { touched: false, result: liveRules, changes: sorted(changes), changed: false, absent: [], problems: [], carried: [] };
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
    const carried = [];
    if (changed)
        problems.push(...dropActions(changes, options, carried));
    return { touched: true, result, changes: sorted(changes), changed, absent: absent.sort(), problems, carried };
}
/**
 * Whether sending the rule again makes `action` again: a `rewrite` whose path is the live rule's rewritePath and whose
 * host and query pass through is how the service may show a rewritePath (the reading that loses nothing either way:
 * README "Rule actions"). Anything else (a redirect, another rewrite, a config that cannot be read) no request carries.
 */
function madeByRewritePath(action, rule) {
    if (action.type !== 'rewrite' || rule?.rewritePath === undefined || action.config === undefined)
        return false;
    let config;
    try {
        config = JSON.parse(action.config);
    }
    catch {
        return false;
    }
    const { host, path, query, ...rest } = (config ?? {});
    return host === '${host}' && query === '${query}' && path === rule.rewritePath && Object.keys(rest).length === 0;
}
/**
 * The rule set is sent whole and no request can carry RuleActions, so every live rule that is sent again (kept or
 * changed) keeps only the actions its own rewritePath makes (madeByRewritePath) and loses the others. Removing such
 * a rule is what the file asks and needs no consent. Losing them is refused unless accepted (a problem names the
 * rules); once accepted, it is a change of each rule, shown as such. Each re-sent rule with actions is listed in
 * `carried`, with which of its actions the write makes again.
 */
function dropActions(changes, options, carried) {
    const losing = [];
    for (const change of changes) {
        const actions = change.kind === 'unchanged' || change.kind === 'changed' ? options.ruleActions?.get(change.key) : undefined;
        if (!actions?.length)
            continue;
        const lost = actions.filter(action => !madeByRewritePath(action, change.before));
        carried.push({ key: change.key, reproduced: actions.filter(action => !lost.includes(action)), lost });
        if (lost.length)
            losing.push([change, lost]);
    }
    if (losing.length === 0)
        return [];
    if (!options.dropRuleActions) {
        const named = losing.map(([change, actions]) => `${change.key} (${actionTypes(actions)})`).join(', ');
        return [
            `RuleActions would be lost: UpdateIngress replaces the rule set whole and cannot carry RuleActions, so re-sending ` +
                `${losing.length === 1 ? 'rule' : 'rules'} ${named} would drop ${losing.length === 1 ? 'its' : 'their'} actions ` +
                '(set up outside this file, e.g. in the console; only a rewrite a rule\'s own rewritePath makes is sent again ' +
                'with it). Nothing was sent. Set drop-rule-actions: true (--drop-rule-actions in the CLI) to accept dropping them, or remove the ' +
                'actions in the console first.'
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
 * A rule of the file is sent as the file writes it, changed or not: the request carries what the user wrote (the
 * defaults it leaves out are the service's), as Alibaba's own SDK would send the same file. A rule in the file is the
 * whole rule (see ruleDifferences), so the live fields it leaves out go back to their defaults. Only the rules the file
 * does not hold (upsert and remove) are sent back as they are live.
 */
function resolve(file, live) {
    const key = ruleKey(file);
    if (live === undefined)
        return [file, { kind: 'added', key, after: file }];
    const fields = ruleDifferences(file, live);
    if (fields.length === 0)
        return [file, unchanged(live)];
    return [file, { kind: 'changed', key, before: live, after: file, fields }];
}
function unchanged(rule) {
    return { kind: 'unchanged', key: ruleKey(rule), before: rule, after: rule };
}
function sorted(changes) {
    const rule = (change) => (change.after ?? change.before);
    return [...changes].sort((a, b) => compareRules(rule(a), rule(b)));
}

;// CONCATENATED MODULE: ./src/engine/plan/export.ts
// The live ingress as an ingress file (the CLI's `export`): adopting an ingress that already exists starts here. The
// contract is the round trip: planning the exported file against the ingress it came from finds no changes.





/** What the exported file points its editors at: the schema of the release `v1` points at. */
const SCHEMA_URL = 'https://raw.githubusercontent.com/sae-ingress/sae-ingress-action/v1/schema/ingress.schema.json';
/**
 * The live ingress in the file format: `$schema` first, then the format's keys in its order (the schema's), no value
 * the service derives (AppName, Name, the load balancer), no default the format leaves out (backendProtocol http,
 * flags that are off), rules in their live order. `IngressId` only when the ingress was chosen by id: one chosen by
 * name keeps its file free of ids, to serve several namespaces.
 */
function exportIngress(live, options) {
    const normalised = normaliseLive(live);
    const file = { $schema: SCHEMA_URL };
    if (options.withId)
        file.IngressId = normalised.IngressId;
    for (const name of SETTING_NAMES) {
        const value = exported(name, normalised[name]);
        if (value !== undefined)
            file[name] = value;
        // Rules come after DefaultRule, as the schema lists them.
        if (name === 'DefaultRule' && normalised.Rules?.length)
            file.Rules = normalised.Rules.map(export_rule);
    }
    const literal = escapePlaceholders(file);
    return { file: literal, warnings: warnings(live, normalised, literal) };
}
/**
 * Every string as the file must write it to mean itself: `${NAME}` and `$${` would be read as a placeholder and an
 * escape when the file is loaded, so they are written `$${NAME}` and `$$${` (`/${1}`, ALB's back-reference, stays).
 */
function escapePlaceholders(value) {
    if (typeof value === 'string')
        return value.replace(/\$\{(?=[A-Za-z_])|\$\$\{/g, found => `$${found}`);
    if (Array.isArray(value))
        return value.map(escapePlaceholders);
    if (value !== null && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === '$schema' ? item : escapePlaceholders(item)]));
    return value;
}
function exported(name, value) {
    if (value === undefined || value === false)
        return undefined;
    switch (name) {
        case 'CertIds':
            return String(value).split(',').map(id => id.trim()).filter(Boolean);
        case 'DefaultRule':
            return export_rule(value);
        case 'CorsConfig':
            return cors(value);
        default:
            return value;
    }
}
/** A rule with its keys in the format's order, and without the default protocol. */
function export_rule(from) {
    const { appId, containerPort, backendProtocol, ...rest } = from;
    const routed = 'domain' in from ? { domain: rest.domain, path: rest.path } : {};
    const protocol = backendProtocol && backendProtocol !== DEFAULT_BACKEND_PROTOCOL ? { backendProtocol } : {};
    const rewrite = rest.rewritePath !== undefined ? { rewritePath: rest.rewritePath } : {};
    return { appId, containerPort, ...routed, ...protocol, ...rewrite };
}
/** The service's strings as the format's own types: `"true"` is true, `"600"` is 600. */
function cors(from) {
    const out = { ...from };
    if (out.Enable !== undefined)
        out.Enable = String(out.Enable) === 'true';
    if (out.MaxAge !== undefined && /^-?\d+$/.test(String(out.MaxAge)))
        out.MaxAge = Number(out.MaxAge);
    return Object.keys(out).length ? out : undefined;
}
function warnings(live, normalised, file) {
    const found = [];
    const byKey = new Map((normalised.Rules ?? []).map(rule => [`${rule.domain.toLowerCase()}${rule.path}`, rule]));
    for (const [key, actions] of liveRuleActions(live)) {
        const lost = actions.filter(action => !madeByRewritePath(action, byKey.get(key)));
        if (lost.length) {
            found.push(`rule ${key} has RuleActions (${actionTypes(lost)}) that an ingress file cannot hold: they stay live while the rule is ` +
                'not sent again, and a write that sends the rule set would drop them (it is refused unless drop-rule-actions is set)');
        }
    }
    const loaded = loadIngressFile(JSON.stringify(file, null, 2), {});
    if (!loaded.ok) {
        for (const problem of loaded.problems)
            found.push(`the exported file does not validate as it stands: line ${problem.line}: ${problem.message}`);
    }
    return found;
}

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_namespaceObject);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
;// CONCATENATED MODULE: external "node:tls"
const external_node_tls_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");
var external_node_tls_default = /*#__PURE__*/__nccwpck_require__.n(external_node_tls_namespaceObject);
;// CONCATENATED MODULE: ./src/engine/net/meter.ts


/** Counts what an agent opened, and keeps each response under the cap. */
class Meter {
    host;
    maxBytes;
    counts = { requests: 0, connections: 0, tlsHandshakes: 0 };
    lastStatus;
    constructor(host, maxBytes) {
        this.host = host;
        this.maxBytes = maxBytes;
    }
    request(req) {
        this.counts.requests++;
        req.once('response', (res) => this.response(req, res));
    }
    connection(socket) {
        this.counts.connections++;
        if (socket instanceof (external_node_tls_default()).TLSSocket)
            this.handshake(socket);
    }
    handshake(socket) {
        socket.once('secureConnect', () => this.counts.tlsHandshakes++);
    }
    /**
     * Notes the status, and fails the response as soon as it is known to be too large: by its Content-Length, or by
     * the bytes that arrive on its socket while it is read. Destroying the response (not the socket) hands the error
     * to whoever reads it.
     */
    response(req, res) {
        this.lastStatus = res.statusCode;
        const encoding = res.headers['content-encoding'];
        if (encoding && encoding !== 'identity' && req.getHeader('accept-encoding') === undefined) {
            // httpx would inflate it whatever the request said, and the wire count says nothing about the inflated size.
            delete res.headers['content-encoding'];
            return fail(res, new UnrequestedEncodingError(this.host, encoding));
        }
        if (Number(res.headers['content-length']) > this.maxBytes)
            return fail(res, new ResponseTooLargeError(this.host, this.maxBytes));
        const socket = res.socket;
        if (!socket)
            return;
        let seen = 0;
        const count = (chunk) => {
            seen += chunk.length;
            if (seen > this.maxBytes) {
                stop();
                fail(res, new ResponseTooLargeError(this.host, this.maxBytes));
            }
        };
        const stop = () => {
            socket.off('data', count);
        };
        socket.on('data', count);
        res.once('end', stop);
        res.once('close', stop);
    }
}
/**
 * Hands `err` to whoever reads the response. Destroying emits the error within the current tick, so a response
 * nobody listens to yet (httpx attaches its reader a few microtasks after the response event) is destroyed once a
 * reader appears; one that is being read is destroyed at once.
 */
function fail(res, err) {
    const destroy = () => {
        // Nobody reading must not crash the process either.
        res.on('error', () => undefined);
        res.destroy(err);
    };
    if (res.listenerCount('error') > 0)
        return destroy();
    const onListener = (event) => {
        if (event !== 'error' && event !== 'data' && event !== 'readable' && event !== 'end')
            return;
        res.off('newListener', onListener);
        process.nextTick(destroy);
    };
    res.on('newListener', onListener);
}

;// CONCATENATED MODULE: external "net"
const external_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");
;// CONCATENATED MODULE: external "tls"
const external_tls_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");
;// CONCATENATED MODULE: external "assert"
const external_assert_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");
// EXTERNAL MODULE: ./node_modules/https-proxy-agent/node_modules/debug/src/index.js
var src = __nccwpck_require__(466);
;// CONCATENATED MODULE: external "http"
const external_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");
;// CONCATENATED MODULE: external "https"
const external_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");
;// CONCATENATED MODULE: ./node_modules/agent-base/dist/helpers.js


async function toBuffer(stream) {
    let length = 0;
    const chunks = [];
    for await (const chunk of stream) {
        length += chunk.length;
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, length);
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json(stream) {
    const buf = await toBuffer(stream);
    const str = buf.toString('utf8');
    try {
        return JSON.parse(str);
    }
    catch (_err) {
        const err = _err;
        err.message += ` (input: ${str})`;
        throw err;
    }
}
function req(url, opts = {}) {
    const href = typeof url === 'string' ? url : url.href;
    const req = (href.startsWith('https:') ? https : http).request(url, opts);
    const promise = new Promise((resolve, reject) => {
        req
            .once('response', resolve)
            .once('error', reject)
            .end();
    });
    req.then = promise.then.bind(promise);
    return req;
}
//# sourceMappingURL=helpers.js.map
;// CONCATENATED MODULE: ./node_modules/agent-base/dist/index.js




const INTERNAL = Symbol('AgentBaseInternalState');
class Agent extends external_http_namespaceObject.Agent {
    constructor(opts) {
        super(opts);
        this[INTERNAL] = {};
    }
    /**
     * Determine whether this is an `http` or `https` request.
     */
    isSecureEndpoint(options) {
        if (options) {
            // First check the `secureEndpoint` property explicitly, since this
            // means that a parent `Agent` is "passing through" to this instance.
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            if (typeof options.secureEndpoint === 'boolean') {
                return options.secureEndpoint;
            }
            // If no explicit `secure` endpoint, check if `protocol` property is
            // set. This will usually be the case since using a full string URL
            // or `URL` instance should be the most common usage.
            if (typeof options.protocol === 'string') {
                return options.protocol === 'https:';
            }
        }
        // Finally, if no `protocol` property was set, then fall back to
        // checking the stack trace of the current call stack, and try to
        // detect the "https" module.
        const { stack } = new Error();
        if (typeof stack !== 'string')
            return false;
        return stack
            .split('\n')
            .some((l) => l.indexOf('(https.js:') !== -1 ||
            l.indexOf('node:https:') !== -1);
    }
    // In order to support async signatures in `connect()` and Node's native
    // connection pooling in `http.Agent`, the array of sockets for each origin
    // has to be updated synchronously. This is so the length of the array is
    // accurate when `addRequest()` is next called. We achieve this by creating a
    // fake socket and adding it to `sockets[origin]` and incrementing
    // `totalSocketCount`.
    incrementSockets(name) {
        // If `maxSockets` and `maxTotalSockets` are both Infinity then there is no
        // need to create a fake socket because Node.js native connection pooling
        // will never be invoked.
        if (this.maxSockets === Infinity && this.maxTotalSockets === Infinity) {
            return null;
        }
        // All instances of `sockets` are expected TypeScript errors. The
        // alternative is to add it as a private property of this class but that
        // will break TypeScript subclassing.
        if (!this.sockets[name]) {
            // @ts-expect-error `sockets` is readonly in `@types/node`
            this.sockets[name] = [];
        }
        const fakeSocket = new external_net_namespaceObject.Socket({ writable: false });
        this.sockets[name].push(fakeSocket);
        // @ts-expect-error `totalSocketCount` isn't defined in `@types/node`
        this.totalSocketCount++;
        return fakeSocket;
    }
    decrementSockets(name, socket) {
        if (!this.sockets[name] || socket === null) {
            return;
        }
        const sockets = this.sockets[name];
        const index = sockets.indexOf(socket);
        if (index !== -1) {
            sockets.splice(index, 1);
            // @ts-expect-error  `totalSocketCount` isn't defined in `@types/node`
            this.totalSocketCount--;
            if (sockets.length === 0) {
                // @ts-expect-error `sockets` is readonly in `@types/node`
                delete this.sockets[name];
            }
        }
    }
    // In order to properly update the socket pool, we need to call `getName()` on
    // the core `https.Agent` if it is a secureEndpoint.
    getName(options) {
        const secureEndpoint = this.isSecureEndpoint(options);
        if (secureEndpoint) {
            return external_https_namespaceObject.Agent.prototype.getName.call(this, options);
        }
        return super.getName(options);
    }
    createSocket(req, options, cb) {
        const connectOpts = {
            ...options,
            secureEndpoint: this.isSecureEndpoint(options),
        };
        const name = this.getName(connectOpts);
        const fakeSocket = this.incrementSockets(name);
        Promise.resolve()
            .then(() => this.connect(req, connectOpts))
            .then((socket) => {
            this.decrementSockets(name, fakeSocket);
            if (typeof socket
                .addRequest === 'function') {
                try {
                    return socket.addRequest(req, connectOpts);
                }
                catch (err) {
                    return cb(err);
                }
            }
            this[INTERNAL].currentSocket = socket;
            // @ts-expect-error `createSocket()` isn't defined in `@types/node`
            super.createSocket(req, options, cb);
        }, (err) => {
            this.decrementSockets(name, fakeSocket);
            cb(err);
        });
    }
    createConnection() {
        const socket = this[INTERNAL].currentSocket;
        this[INTERNAL].currentSocket = undefined;
        if (!socket) {
            throw new Error('No socket was returned in the `connect()` function');
        }
        return socket;
    }
    get defaultPort() {
        return (this[INTERNAL].defaultPort ??
            (this.protocol === 'https:' ? 443 : 80));
    }
    set defaultPort(v) {
        if (this[INTERNAL]) {
            this[INTERNAL].defaultPort = v;
        }
    }
    get protocol() {
        return (this[INTERNAL].protocol ??
            (this.isSecureEndpoint() ? 'https:' : 'http:'));
    }
    set protocol(v) {
        if (this[INTERNAL]) {
            this[INTERNAL].protocol = v;
        }
    }
}
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: external "url"
const external_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");
;// CONCATENATED MODULE: ./node_modules/https-proxy-agent/dist/parse-proxy-response.js

const debug = src('https-proxy-agent:parse-proxy-response');
function parseProxyResponse(socket) {
    return new Promise((resolve, reject) => {
        // we need to buffer any HTTP traffic that happens with the proxy before we get
        // the CONNECT response, so that if the response is anything other than an "200"
        // response code, then we can re-play the "data" events on the socket once the
        // HTTP parser is hooked up...
        let buffersLength = 0;
        const buffers = [];
        function read() {
            const b = socket.read();
            if (b)
                ondata(b);
            else
                socket.once('readable', read);
        }
        function cleanup() {
            socket.removeListener('end', onend);
            socket.removeListener('error', onerror);
            socket.removeListener('readable', read);
        }
        function onend() {
            cleanup();
            debug('onend');
            reject(new Error('Proxy connection ended before receiving CONNECT response'));
        }
        function onerror(err) {
            cleanup();
            debug('onerror %o', err);
            reject(err);
        }
        function ondata(b) {
            buffers.push(b);
            buffersLength += b.length;
            const buffered = Buffer.concat(buffers, buffersLength);
            const endOfHeaders = buffered.indexOf('\r\n\r\n');
            if (endOfHeaders === -1) {
                // keep buffering
                debug('have not received end of HTTP headers yet...');
                read();
                return;
            }
            const headerParts = buffered
                .slice(0, endOfHeaders)
                .toString('ascii')
                .split('\r\n');
            const firstLine = headerParts.shift();
            if (!firstLine) {
                socket.destroy();
                return reject(new Error('No header received from proxy CONNECT response'));
            }
            const firstLineParts = firstLine.split(' ');
            const statusCode = +firstLineParts[1];
            const statusText = firstLineParts.slice(2).join(' ');
            const headers = {};
            for (const header of headerParts) {
                if (!header)
                    continue;
                const firstColon = header.indexOf(':');
                if (firstColon === -1) {
                    socket.destroy();
                    return reject(new Error(`Invalid header from proxy CONNECT response: "${header}"`));
                }
                const key = header.slice(0, firstColon).toLowerCase();
                const value = header.slice(firstColon + 1).trimStart();
                const current = headers[key];
                if (typeof current === 'string') {
                    headers[key] = [current, value];
                }
                else if (Array.isArray(current)) {
                    current.push(value);
                }
                else {
                    headers[key] = value;
                }
            }
            debug('got proxy server response: %o %o', firstLine, headers);
            cleanup();
            resolve({
                connect: {
                    statusCode,
                    statusText,
                    headers,
                },
                buffered,
            });
        }
        socket.on('error', onerror);
        socket.on('end', onend);
        read();
    });
}
//# sourceMappingURL=parse-proxy-response.js.map
;// CONCATENATED MODULE: ./node_modules/proxy-agent-negotiate/dist/index.js
function createNegotiateAuth() {
    return async ({ response, scheme }) => {
        if (scheme.toLowerCase() !== 'negotiate') {
            throw new Error(`Expected Negotiate scheme but got "${scheme}"`);
        }
        let kerberos;
        try {
            kerberos = await __nccwpck_require__.e(/* import() */ 50).then(__nccwpck_require__.t.bind(__nccwpck_require__, 50, 19));
        }
        catch {
            throw new Error('The "kerberos" package is required for Negotiate proxy authentication. ' +
                'Install it with: npm install kerberos');
        }
        const proxyAuthenticate = response.headers['proxy-authenticate'] || '';
        const challengeHeader = Array.isArray(proxyAuthenticate)
            ? proxyAuthenticate[0]
            : proxyAuthenticate;
        const serverToken = typeof challengeHeader === 'string' && challengeHeader.includes(' ')
            ? challengeHeader.split(' ').slice(1).join(' ')
            : undefined;
        const client = await kerberos.initializeClient('HTTP@proxy', {
            mechOID: kerberos.GSS_MECH_OID_SPNEGO,
        });
        const token = await client.step(serverToken || '');
        if (!token) {
            throw new Error('Kerberos client.step() returned no token');
        }
        return {
            headers: {
                'Proxy-Authorization': `Negotiate ${token}`,
            },
        };
    };
}
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./node_modules/https-proxy-agent/dist/index.js








const dist_debug = src('https-proxy-agent');
const setServernameFromNonIpHost = (options) => {
    if (options.servername === undefined &&
        options.host &&
        !external_net_namespaceObject.isIP(options.host)) {
        return {
            ...options,
            servername: options.host,
        };
    }
    return options;
};
/**
 * The `HttpsProxyAgent` implements an HTTP Agent subclass that connects to
 * the specified "HTTP(s) proxy server" in order to proxy HTTPS requests.
 *
 * Outgoing HTTP requests are first tunneled through the proxy server using the
 * `CONNECT` HTTP request method to establish a connection to the proxy server,
 * and then the proxy server connects to the destination target and issues the
 * HTTP request from the proxy server.
 *
 * `https:` requests have their socket connection upgraded to TLS once
 * the connection to the proxy server has been established.
 */
class HttpsProxyAgent extends Agent {
    constructor(proxy, opts) {
        super(opts);
        this.options = { path: undefined };
        this.proxy = typeof proxy === 'string' ? new external_url_namespaceObject.URL(proxy) : proxy;
        this.proxyHeaders = opts?.headers ?? {};
        dist_debug('Creating new HttpsProxyAgent instance: %o', this.proxy.href);
        if (opts?.negotiate) {
            this.onProxyAuth = createNegotiateAuth();
        }
        else if (opts?.onProxyAuth) {
            this.onProxyAuth = opts.onProxyAuth;
        }
        // Trim off the brackets from IPv6 addresses
        const host = (this.proxy.hostname || this.proxy.host).replace(/^\[|\]$/g, '');
        const port = this.proxy.port
            ? parseInt(this.proxy.port, 10)
            : this.proxy.protocol === 'https:'
                ? 443
                : 80;
        this.connectOpts = {
            // Attempt to negotiate http/1.1 for proxy servers that support http/2
            ALPNProtocols: ['http/1.1'],
            ...(opts
                ? omit(opts, 'headers', 'onProxyAuth', 'negotiate')
                : null),
            host,
            port,
        };
    }
    /**
     * Called when the node-core HTTP client library is creating a
     * new HTTP request.
     */
    async connect(req, opts) {
        const { proxy } = this;
        if (!opts.host) {
            throw new TypeError('No "host" provided');
        }
        // Create a socket connection to the proxy server.
        let socket;
        if (proxy.protocol === 'https:') {
            dist_debug('Creating `tls.Socket`: %o', this.connectOpts);
            socket = external_tls_namespaceObject.connect(setServernameFromNonIpHost(this.connectOpts));
        }
        else {
            dist_debug('Creating `net.Socket`: %o', this.connectOpts);
            socket = external_net_namespaceObject.connect(this.connectOpts);
        }
        const headers = typeof this.proxyHeaders === 'function'
            ? this.proxyHeaders()
            : { ...this.proxyHeaders };
        const host = external_net_namespaceObject.isIPv6(opts.host) ? `[${opts.host}]` : opts.host;
        let payload = `CONNECT ${host}:${opts.port} HTTP/1.1\r\n`;
        // Inject the `Proxy-Authorization` header if necessary.
        if (proxy.username || proxy.password) {
            const auth = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
            headers['Proxy-Authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
        }
        headers.Host = `${host}:${opts.port}`;
        if (!headers['Proxy-Connection']) {
            headers['Proxy-Connection'] = this.keepAlive
                ? 'Keep-Alive'
                : 'close';
        }
        for (const name of Object.keys(headers)) {
            payload += `${name}: ${headers[name]}\r\n`;
        }
        const proxyResponsePromise = parseProxyResponse(socket);
        socket.write(`${payload}\r\n`);
        const { connect, buffered } = await proxyResponsePromise;
        req.emit('proxyConnect', connect);
        this.emit('proxyConnect', connect, req);
        req.emit('proxy', { proxy: this.proxy.href, socket });
        if (connect.statusCode === 200) {
            req.once('socket', resume);
            if (opts.secureEndpoint) {
                // The proxy is connecting to a TLS server, so upgrade
                // this socket connection to a TLS connection.
                dist_debug('Upgrading socket connection to TLS');
                return external_tls_namespaceObject.connect({
                    ...omit(setServernameFromNonIpHost(opts), 'host', 'path', 'port'),
                    socket,
                });
            }
            return socket;
        }
        // Handle 407 Proxy Authentication Required
        if (connect.statusCode === 407 && this.onProxyAuth) {
            dist_debug('Got 407 response, invoking onProxyAuth callback');
            socket.destroy();
            const proxyAuthenticate = connect.headers['proxy-authenticate'] || '';
            const scheme = Array.isArray(proxyAuthenticate)
                ? proxyAuthenticate[0].split(/\s/)[0]
                : proxyAuthenticate.split(/\s/)[0];
            const authResponse = await this.onProxyAuth({
                response: connect,
                scheme,
            });
            // Retry with the auth headers
            return this._connectWithAuth(req, opts, authResponse.headers);
        }
        // Some other status code that's not 200... need to re-play the HTTP
        // header "data" events onto the socket once the HTTP machinery is
        // attached so that the node core `http` can parse and handle the
        // error status code.
        // Close the original socket, and a new "fake" socket is returned
        // instead, so that the proxy doesn't get the HTTP request
        // written to it (which may contain `Authorization` headers or other
        // sensitive data).
        //
        // See: https://hackerone.com/reports/541502
        socket.destroy();
        const fakeSocket = new external_net_namespaceObject.Socket({ writable: false });
        fakeSocket.readable = true;
        // Need to wait for the "socket" event to re-play the "data" events.
        req.once('socket', (s) => {
            dist_debug('Replaying proxy buffer for failed request');
            external_assert_namespaceObject(s.listenerCount('data') > 0);
            // Replay the "buffered" Buffer onto the fake `socket`, since at
            // this point the HTTP module machinery has been hooked up for
            // the user.
            s.push(buffered);
            s.push(null);
        });
        return fakeSocket;
    }
    /**
     * Retry a CONNECT request with additional auth headers.
     */
    async _connectWithAuth(req, opts, authHeaders) {
        const { proxy } = this;
        let socket;
        if (proxy.protocol === 'https:') {
            socket = external_tls_namespaceObject.connect(setServernameFromNonIpHost(this.connectOpts));
        }
        else {
            socket = external_net_namespaceObject.connect(this.connectOpts);
        }
        const headers = typeof this.proxyHeaders === 'function'
            ? this.proxyHeaders()
            : { ...this.proxyHeaders };
        const host = external_net_namespaceObject.isIPv6(opts.host) ? `[${opts.host}]` : opts.host;
        let payload = `CONNECT ${host}:${opts.port} HTTP/1.1\r\n`;
        if (proxy.username || proxy.password) {
            const auth = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
            headers['Proxy-Authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
        }
        // Merge auth headers (overrides existing)
        Object.assign(headers, authHeaders);
        headers.Host = `${host}:${opts.port}`;
        if (!headers['Proxy-Connection']) {
            headers['Proxy-Connection'] = this.keepAlive
                ? 'Keep-Alive'
                : 'close';
        }
        for (const name of Object.keys(headers)) {
            payload += `${name}: ${headers[name]}\r\n`;
        }
        const proxyResponsePromise = parseProxyResponse(socket);
        socket.write(`${payload}\r\n`);
        const { connect } = await proxyResponsePromise;
        req.emit('proxyConnect', connect);
        this.emit('proxyConnect', connect, req);
        if (connect.statusCode === 200) {
            req.once('socket', resume);
            if (opts.secureEndpoint) {
                dist_debug('Upgrading socket connection to TLS');
                return external_tls_namespaceObject.connect({
                    ...omit(setServernameFromNonIpHost(opts), 'host', 'path', 'port'),
                    socket,
                });
            }
            return socket;
        }
        // If still not 200, throw
        socket.destroy();
        throw new Error(`Proxy authentication failed with status ${connect.statusCode} after retry`);
    }
}
HttpsProxyAgent.protocols = ['http', 'https'];
function resume(socket) {
    // Defer the resume so that all 'socket' event handlers have a chance
    // to attach their listeners (e.g. the HTTP client's 'data' handler)
    // before data starts flowing. Without this, buffered proxy-response
    // data can be emitted synchronously before listeners are ready.
    // See: https://github.com/nicolo-ribaudo/tc39-proposal-await-dictionary/issues/7
    setImmediate(() => {
        socket.resume();
    });
}
function omit(obj, ...keys) {
    const ret = {};
    let key;
    for (key in obj) {
        if (!keys.includes(key)) {
            ret[key] = obj[key];
        }
    }
    return ret;
}
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./src/engine/net/proxied-agent.ts



/** CONNECT tunnels through the proxy; a refusal or a 407 becomes a ProxyError instead of a fake HTTP answer. */
class ProxiedAgent extends HttpsProxyAgent {
    meter;
    tlsOptions;
    proxyAddress;
    credentialsSent;
    secureTarget;
    constructor(target, route, meter, tlsOptions) {
        // The URL handed to the library carries no credentials (it prints it under DEBUG=https-proxy-agent); they go
        // in the header instead.
        super(route.url.href, {
            keepAlive: true,
            headers: route.authorization ? { 'Proxy-Authorization': route.authorization } : {}
        });
        this.meter = meter;
        this.tlsOptions = tlsOptions;
        this.proxyAddress = route.display;
        this.credentialsSent = route.authorization !== undefined;
        this.secureTarget = target.protocol === 'https:';
    }
    /**
     * The library guesses https from the request options or the call stack; httpx's options carry no protocol, and
     * the guess made when a socket is freed (no https frame on the stack) would file it under an http name, so it
     * would never be reused. This agent serves one target, so the answer is known.
     */
    isSecureEndpoint(options) {
        return this.secureTarget ?? super.isSecureEndpoint(options);
    }
    async connect(req, opts) {
        const target = `${opts.host}:${opts.port}`;
        this.meter.counts.connections++;
        let answer;
        const onAnswer = (connect) => {
            answer = connect;
        };
        req.once('proxyConnect', onAnswer);
        let socket;
        try {
            socket = await super.connect(req, this.tlsOptions.ca && opts.secureEndpoint ? { ...opts, ca: this.tlsOptions.ca } : opts);
        }
        catch (err) {
            const code = err.code;
            const cause = typeof code === 'string' ? code : 'closed before answering CONNECT';
            throw new ProxyError('ProxyUnreachable', this.proxyAddress, target, { credentialsSent: this.credentialsSent, cause });
        }
        finally {
            req.off('proxyConnect', onAnswer);
        }
        if (answer?.statusCode !== 200) {
            socket.destroy();
            const status = answer?.statusCode;
            throw new ProxyError(status === 407 ? 'ProxyAuthenticationRequired' : 'ProxyRefused', this.proxyAddress, target, {
                status,
                statusText: answer?.statusText,
                credentialsSent: this.credentialsSent
            });
        }
        if (socket instanceof (external_node_tls_default()).TLSSocket)
            this.meter.handshake(socket);
        return socket;
    }
    addRequest(req, options) {
        this.meter.request(req);
        HttpsProxyAgent.prototype.addRequest.call(this, req, options);
    }
    stats() {
        return { ...this.meter.counts };
    }
    lastStatus() {
        return this.meter.lastStatus;
    }
}

;// CONCATENATED MODULE: ./src/engine/net/address.ts
// Where a URL points, as sockets want it. Shared by the direct agent (./agent.ts), the proxy route's display
// (./proxy.ts) and the health check.
/** The port a URL names, or its scheme's default. */
const portOf = (target) => Number(target.port || (target.protocol === 'https:' ? 443 : 80));
/** A URL's host as sockets want it: without the brackets of an IPv6 literal. */
const hostOf = (target) => target.hostname.replace(/^\[|\]$/g, '');

;// CONCATENATED MODULE: ./src/engine/net/proxy.ts
// Which proxy, if any, a request goes through. The front end hands in how the proxy variables are read: both use
// @actions/http-client's rules (the ones @actions/core's getIDToken and @actions/github's octokit follow), so SAE,
// STS, the health check and the GitHub API all agree on one reading of HTTPS_PROXY / HTTP_PROXY / NO_PROXY:
// - `https:` targets use https_proxy, else HTTPS_PROXY; `http:` targets http_proxy, else HTTP_PROXY;
// - no_proxy (else NO_PROXY) is a comma list of host suffixes: `example.com` and `.example.com` both match
//   `example.com` and its subdomains, `example.com:8443` only that port, `*` everything;
// - loopback hosts (localhost, 127.*, [::1]) never go through a proxy.
// Those rules read process.env themselves, so the variable named in an error is looked up there too.

/** HTTPS_PROXY (or HTTP_PROXY) is set but is not a URL: fail loudly rather than silently going direct. */
class ProxyConfigError extends Error {
    code = 'ProxyConfigInvalid';
    constructor(variable) {
        super(`${variable} is set but is not a valid proxy URL (expected http://[user:password@]host:port; user and password URL-encoded).`);
        this.name = 'ProxyConfigError';
    }
}
const asUrl = (target) => (typeof target === 'string' ? new URL(target) : target);
function proxyVariable(target) {
    const names = target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
    for (const name of names) {
        const value = process.env[name];
        if (value)
            return { name, value };
    }
    return undefined;
}
/** The proxy for a request to `target` by the `variables`' rules, or undefined for a direct connection. */
function proxyFor(target, variables) {
    const url = asUrl(target);
    if (variables.checkBypass(url))
        return undefined;
    let proxy;
    try {
        proxy = variables.getProxyUrl(url);
    }
    catch {
        // The library decodes user and password eagerly; a stray `%` makes it throw.
        proxy = undefined;
    }
    const variable = proxyVariable(url);
    if (!proxy || !proxy.hostname) {
        if (variable)
            throw new ProxyConfigError(variable.name);
        return undefined;
    }
    if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:')
        throw new ProxyConfigError(variable?.name ?? 'HTTPS_PROXY');
    // getProxyUrl's URL answers username/password already decoded.
    const authorization = proxy.username || proxy.password ? `Basic ${Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')}` : undefined;
    const bare = new URL(proxy.origin);
    return { url: bare, display: `${bare.hostname}:${portOf(bare)}`, authorization };
}
/** The route in words, for debug logs: `direct` or `through proxy 10.0.0.1:3128 (authenticated)`. */
function describeRoute(target, variables) {
    const route = proxyFor(target, variables);
    if (!route)
        return 'direct';
    return `through proxy ${route.display}${route.authorization ? ' (authenticated)' : ''}`;
}

;// CONCATENATED MODULE: ./src/engine/net/agent.ts
// One agent per host and run: every SAE call of a run (rollback included) shares it, so the run pays one TCP and one
// TLS handshake, made when the first request needs them. It goes direct or through the proxy that ./proxy.ts picks,
// caps what a response may weigh, and counts what it opened for debug logs and tests.
// pop-core (ROA and RPC) takes it as `opts.agent`; node's http/https take it as `agent`.





/** A few MB is far more than any SAE or STS answer; anything larger is broken or hostile. */
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** A keep-alive agent for direct connections, over http.Agent or https.Agent, that tells its meter what it does. */
function directAgentClass(Base) {
    return class DirectAgent extends Base {
        proxyAddress = undefined;
        meter;
        createConnection(options, callback) {
            const socket = super.createConnection(options, callback);
            if (socket)
                this.meter.connection(socket);
            return socket;
        }
        addRequest(req, options) {
            this.meter.request(req);
            Base.prototype.addRequest.call(this, req, options);
        }
        stats() {
            return { ...this.meter.counts };
        }
        lastStatus() {
            return this.meter.lastStatus;
        }
    };
}
const DirectHttpsAgent = directAgentClass((external_node_https_default()).Agent);
const DirectHttpAgent = directAgentClass((external_node_http_default()).Agent);
/**
 * The agent for requests to `target`'s host: through the proxy the environment names for it (./proxy.ts), else
 * direct with keep-alive. Create one per host and run, and pass it to every request to that host.
 */
function createAgent(target, options) {
    const url = typeof target === 'string' ? new URL(target) : target;
    const meter = new Meter(url.hostname, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    const route = proxyFor(url, options.proxies);
    if (route)
        return new ProxiedAgent(url, route, meter, { ca: options.ca });
    const connectOptions = {};
    if (options.lookup)
        connectOptions.lookup = options.lookup;
    if (options.ca && url.protocol === 'https:')
        connectOptions.ca = options.ca;
    const Direct = url.protocol === 'https:' ? DirectHttpsAgent : DirectHttpAgent;
    const agent = new Direct({ keepAlive: true, scheduling: 'lifo', ...connectOptions });
    agent.meter = meter;
    return agent;
}

;// CONCATENATED MODULE: ./src/engine/sae/find-ingress.ts
// Ingresses by name: SAE names an ingress by its Description (the console's "name"; Name is generated, e.g.
// lb-xxxx-80-f5xx). ListIngresses pages through a namespace's ingresses; the one whose Description equals the name
// (or, when none has it, the one whose Name does) is the one meant.

/** Ingresses asked for per page. */
const PAGE_SIZE = 50;
/** A namespace holds far fewer; a service that keeps paging past this is not believed. */
const MAX_PAGES = 200;
/** Candidates a message lists at most. */
const SHOWN = 20;
class IngressNotFound extends ExpectedFailure {
}
/** Every ingress of the namespace, read page by page until the answers' TotalSize is reached. */
async function listNamespace(client, namespaceId) {
    const found = new Map();
    for (let page = 1; page <= MAX_PAGES; page++) {
        const { page: answer } = await client.listIngresses(namespaceId, page, PAGE_SIZE);
        const before = found.size;
        for (const ingress of answer.ingresses)
            found.set(ingress.id, ingress);
        if (found.size >= answer.totalSize)
            return [...found.values()];
        // A page with no ingress not seen before (empty, or the same page again) while the total is not reached: the
        // answers do not add up, and a name looked up in part of the namespace could be another ingress's.
        if (found.size === before) {
            throw new IngressNotFound(`ListIngresses page ${page} of namespace ${namespaceId} added no ingress, with ${found.size} of the ${answer.totalSize} it counts read; refusing to guess which ingress is meant.`);
        }
    }
    throw new IngressNotFound(`ListIngresses kept answering past ${MAX_PAGES} pages of namespace ${namespaceId}; refusing to guess which ingress is meant.`);
}
const described = (ingress) => `${ingress.id} (${[ingress.description && `"${ingress.description}"`, ingress.name].filter(Boolean).join(', ') || 'no name'})`;
function listed(ingresses) {
    const shown = ingresses.slice(0, SHOWN).map(described).join(', ');
    return ingresses.length > SHOWN ? `${shown} and ${ingresses.length - SHOWN} more` : shown;
}
/** The id of the one ingress of `namespaceId` named `ingressName`; none or several is an error listing candidates. */
async function findIngressId(client, namespaceId, ingressName) {
    const all = await listNamespace(client, namespaceId);
    const byDescription = all.filter(ingress => ingress.description === ingressName);
    const matches = byDescription.length ? byDescription : all.filter(ingress => ingress.name === ingressName);
    if (matches.length === 1)
        return matches[0].id;
    if (matches.length > 1) {
        throw new IngressNotFound(`${matches.length} ingresses of namespace ${namespaceId} are named "${ingressName}": ${listed(matches)}. Name one by its id instead.`);
    }
    const candidates = all.length ? `its ingresses: ${listed(all)}` : 'it has no ingresses';
    throw new IngressNotFound(`No ingress of namespace ${namespaceId} is named "${ingressName}" (by its Description or Name); ${candidates}.`);
}

;// CONCATENATED MODULE: ./src/engine/sae/answers.ts

function answers_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function answers_text(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
/** An integer as the service sends it (a number, or its digits: json-bigint keeps long ones as text). */
function integer(value) {
    // Beyond 2^53 a number is not the id the service sent (a rounded one would address another ingress).
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined;
    return number !== undefined && Number.isSafeInteger(number) ? number : undefined;
}
function malformed(body, why) {
    return new SaeApiError({
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
/**
 * ListIngresses: `Data` with a page of well-formed items (an Id each) of the namespace asked about, and counts that
 * add up; the caller pages on by them. Names are the service's words: kept as text, shown only redacted.
 */
function checkListAnswer(body, namespaceId) {
    if (!answers_isRecord(body))
        throw malformed(body, 'it is not a JSON object');
    const data = body.Data;
    if (!answers_isRecord(data))
        throw malformed(body, 'ListIngresses returned no Data');
    const totalSize = integer(data.TotalSize);
    const currentPage = integer(data.CurrentPage);
    const pageSize = integer(data.PageSize);
    if (totalSize === undefined || totalSize < 0)
        throw malformed(body, 'ListIngresses returned no TotalSize');
    if (currentPage === undefined || currentPage < 1 || pageSize === undefined || pageSize < 1)
        throw malformed(body, 'ListIngresses returned no page');
    const list = data.IngressList ?? [];
    if (!Array.isArray(list) || list.length > pageSize)
        throw malformed(body, 'IngressList is not a page of ingresses');
    const ingresses = list.map((item, index) => {
        const id = answers_isRecord(item) ? integer(item.Id) : undefined;
        if (!answers_isRecord(item) || id === undefined || id < 1)
            throw malformed(body, `IngressList[${index}] has no Id`);
        if (item.NamespaceId !== undefined && item.NamespaceId !== namespaceId) {
            throw malformed(body, `IngressList[${index}] is in another namespace, not ${namespaceId}`);
        }
        return { id, ...(answers_text(item.Description) ? { description: answers_text(item.Description) } : {}), ...(answers_text(item.Name) ? { name: answers_text(item.Name) } : {}) };
    });
    return { currentPage, pageSize, totalSize, ingresses };
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

;// CONCATENATED MODULE: ./src/engine/sae/pop-core.ts
/**
 * @alicloud/pop-core, as shipped: its index exports the RPC client and hangs the ROA client on it. Its own typings
 * cover only the RPC client's constructor, so the two shapes this action uses are declared here. It is required when
 * a client is first made, not when the action loads: a static import would load it (and its dependencies) before the
 * run opens its connection, so the TCP and TLS handshakes could not overlap with loading it.
 */

let loaded;
const popCore = () => (loaded ??= (0,external_node_module_namespaceObject.createRequire)(import.meta.url)('@alicloud/pop-core'));
const createRoaClient = (config) => new (popCore().ROAClient)(config);
const createRpcClient = (config) => new (popCore().RPCClient)(config);

;// CONCATENATED MODULE: ./src/engine/sae/retry.ts

const defaultRetryPolicy = { baseDelayMs: 500, maxDelayMs: 8000 };
/**
 * The least time worth giving an attempt after a wait: one with less would only end in a timeout, whose message says
 * less than the error it replaces (a throttle, a gateway page, an answer that is not JSON).
 */
const MIN_ATTEMPT_MS = 1000;
/**
 * Runs `attempt` until it succeeds, fails for a reason that retrying cannot fix, or the deadline would leave the next
 * attempt less than MIN_ATTEMPT_MS after its wait.
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
            if (!(thrown instanceof SaeApiError))
                throw thrown;
            thrown.attempts = n;
            const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
            const delay = Math.round(ceiling * (0.5 + clock.random() / 2));
            if (!thrown.transient || deadline.remainingMs() < delay + MIN_ATTEMPT_MS)
                throw thrown;
            onRetry(thrown, n, delay);
            await clock.sleep(delay);
        }
    }
}

;// CONCATENATED MODULE: ./src/engine/sae/pop-client.ts






const SAE_API_VERSION = '2019-05-06';
const INGRESS_PATH = '/pop/v1/sam/ingress/Ingress';
const INGRESS_LIST_PATH = '/pop/v1/sam/ingress/IngressList';
/** A single attempt never waits longer than this, so a hung connection is retried while time remains. */
const MAX_ATTEMPT_MS = 20_000;
/** pop-core's own user agent, as its helper builds it, with this action and its version after it. */
const USER_AGENT = `AlibabaCloud (${external_node_os_default().platform()}; ${external_node_os_default().arch()}) Node.js/${process.version} Core/1.8.0 sae-ingress/${VERSION}`;
/** The SAE client used for real: pop-core's ROA signer over the run's one connection. */
function createPopSaeClient(options) {
    const { credentials, deadline, redact, transport } = options;
    const host = new URL(options.endpoint).hostname;
    const roa = createRoaClient({
        endpoint: options.endpoint.replace(/\/+$/, ''),
        apiVersion: SAE_API_VERSION,
        // A provider, not plain keys: pop-core then signs with exactly what we hand it, token included.
        credentialsProvider: { getCredentials: async () => ({ ...credentials }) }
    });
    async function attemptOnce(request, attemptMs, attempt) {
        const { action, method, path, query, body = '', headers = {} } = request;
        const started = deadline.clock.now();
        const described = `${action}: ${method} ${path} with ${[...Object.keys(query), ...(body ? ['Rules (form body)'] : [])].join(', ')}, attempt ${attempt}`;
        let response;
        try {
            response = await roa.request(method, path, query, body, { ...headers, 'user-agent': USER_AGENT }, {
                timeout: Math.min(attemptMs, MAX_ATTEMPT_MS),
                ...(transport ? { agent: transport } : {})
            });
        }
        catch (thrown) {
            const err = callFailure(thrown, { host, inputHint: 'region-id or endpoint', proxy: transport?.proxyAddress }, redact);
            options.log.debug(`${described}: ${err.httpStatus !== undefined ? `HTTP ${err.httpStatus}` : err.code}, RequestId ${err.requestId ?? 'none'}, ${deadline.clock.now() - started} ms`);
            throw err;
        }
        const status = transport?.lastStatus();
        const envelope = checkEnvelope(response, status, redact);
        options.log.debug(`${described}: HTTP ${status ?? '2xx'}, RequestId ${envelope.RequestId ?? 'none'}, ${deadline.clock.now() - started} ms`);
        return envelope;
    }
    async function call(request, check, retry = true) {
        const { action } = request;
        let attempt = 0;
        const once = async (attemptMs) => {
            const envelope = await attemptOnce(request, attemptMs, ++attempt);
            check(envelope);
            return envelope;
        };
        try {
            const { value, attempts } = retry
                ? await withRetry(once, deadline, options.retry, (err, n, delay) => options.log.info(`${action}: ${err.code} on attempt ${n}; retrying in ${delay} ms.`))
                : { value: await once(Math.max(1, deadline.remainingMs())), attempts: 1 };
            // An answer's IDs are the service's words too: they may echo a secret of the request.
            return { requestId: redact(String(value.RequestId ?? '')), traceId: value.TraceId === undefined ? undefined : redact(String(value.TraceId)), attempts, data: value.Data };
        }
        catch (err) {
            if (err instanceof SaeApiError)
                err.action = action;
            throw err;
        }
    }
    return {
        async describeIngress(ingressId) {
            let ingress;
            const request = { action: 'DescribeIngress', method: 'GET', path: INGRESS_PATH, query: { IngressId: String(ingressId) } };
            const result = await call(request, envelope => {
                ingress = checkDescribeAnswer(envelope, ingressId);
            });
            return { ...result, ingress: ingress };
        },
        async updateIngress(update, updateOptions = {}) {
            const ingressId = Number(update.query.IngressId);
            const body = update.rules === undefined ? '' : new URLSearchParams({ Rules: update.rules }).toString();
            // pop-core never sets Content-Type; the official SDKs send Rules as a form field.
            const headers = body ? { 'content-type': 'application/x-www-form-urlencoded' } : {};
            const request = { action: 'UpdateIngress', method: 'PUT', path: INGRESS_PATH, query: update.query, body, headers };
            const result = await call(request, envelope => checkUpdateAnswer(envelope, ingressId), updateOptions.retry ?? true);
            return { ...result, ingressId };
        },
        async listIngresses(namespaceId, currentPage, pageSize) {
            let page;
            const query = { NamespaceId: namespaceId, CurrentPage: String(currentPage), PageSize: String(pageSize) };
            const request = { action: 'ListIngresses', method: 'GET', path: INGRESS_LIST_PATH, query };
            const result = await call(request, envelope => {
                page = checkListAnswer(envelope, namespaceId);
            });
            return { ...result, page: page };
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
        throw new SaeApiError({ code: `HTTP${status}`, message: redact(`the endpoint answered HTTP ${status}, which is not a success`), httpStatus: status, transient: true });
    }
    if (typeof response === 'string' || response === null || typeof response !== 'object')
        throw nonJsonAnswer(String(response), status, redact);
    const envelope = toPlain(response);
    if (envelope.Success === false)
        throw errorFromBody(envelope, undefined, redact);
    return envelope;
}
/**
 * pop-core parses JSON with json-bigint: objects come with a null prototype and integers beyond 2^53 as
 * BigNumber objects. Round-tripping through JSON gives ordinary objects; BigNumber serialises itself as a string.
 */
function toPlain(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

;// CONCATENATED MODULE: ./src/engine/sae/session.ts




/** Resolves the credentials (within `deadline`, the run's time for SAE) and opens the session; close() it when done. */
async function openSaeSession(target, ctx, deadline) {
    const credentials = await target.credentials.resolve(deadline);
    // Whoever resolved them registered what they learnt; a secret handed over as it is gets registered here.
    ctx.secrets.add(credentials.accessKeySecret);
    ctx.secrets.add(credentials.securityToken);
    const agent = createAgent(target.endpoint, { proxies: ctx.proxies });
    return {
        endpoint: target.endpoint,
        deadline,
        credentialsFrom: target.credentials.from,
        client: bound => createPopSaeClient({
            endpoint: target.endpoint,
            credentials,
            deadline: bound,
            retry: ctx.retry ?? defaultRetryPolicy,
            redact: ctx.secrets.redact,
            transport: agent,
            log: ctx.log
        }),
        stats: () => agent.stats(),
        close: () => agent.destroy()
    };
}
/** Runs `work` with a session to `target`, closed afterwards whatever happens. */
async function withSaeSession(target, ctx, deadline, work) {
    const session = await openSaeSession(target, ctx, deadline);
    try {
        return await work(session);
    }
    finally {
        session.close();
    }
}
/** The id an IngressRef names: as it is, or found by name in its namespace (ListIngresses). */
async function resolveIngress(session, ref) {
    return 'ingressId' in ref ? ref.ingressId : findIngressId(session.client(session.deadline), ref.namespaceId, ref.ingressName);
}

;// CONCATENATED MODULE: ./src/cli/commands/export.ts
// `sae-ingress export`: the live ingress as an ingress file, to adopt an ingress that already exists (commit it, then
// `plan` shows no changes). The file goes to stdout or --output; what it cannot hold goes to stderr as warnings.






/** What showInvisible makes visible (engine/text/visible.ts) but the line breaks of the JSON layout. */
const export_INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;
const AS_IS = /^\n$|^\p{Variation_Selector}$/u;
/**
 * The file as JSON with every control, bidi or other invisible character written as a \u escape: the same values (the
 * round trip holds), but nothing the service holds can act on a terminal, or read differently in a review, as written.
 */
function fileText(file) {
    const escape = (char) => [...Array(char.length).keys()].map(at => `\\u${char.charCodeAt(at).toString(16).padStart(4, '0')}`).join('');
    return JSON.stringify(file, null, 2).replace(export_INVISIBLE, char => (AS_IS.test(char) ? char : escape(char))) + '\n';
}
async function exportCommand(options, session) {
    const { terminal, ctx } = session;
    const ref = ingressRef(options);
    const target = saeTarget(options, session, terminal.io.env);
    const text = await withSaeSession(target, ctx, deadlineAfter(ctx.clock, timeoutMs(options)), async (sae) => {
        const ingressId = await resolveIngress(sae, ref);
        const { ingress } = await sae.client(sae.deadline).describeIngress(ingressId);
        const { file, warnings } = exportIngress(ingress, { withId: 'ingressId' in ref });
        for (const warning of warnings)
            terminal.warning(warning);
        terminal.say(`Exported ingress ${ingressId}: ${file.Rules?.length ?? 0} rule(s).`);
        // Whatever the service holds, a secret of this run never leaves in the file.
        return ctx.secrets.redact(fileText(file));
    });
    if (!options.output) {
        terminal.io.stdout.write(text);
        return 0;
    }
    try {
        (0,external_node_fs_.writeFileSync)(options.output, text, { flag: 'wx' });
    }
    catch (err) {
        const code = err.code;
        throw new failure_InputError(code === 'EEXIST' ? `--output ${options.output} exists already; choose another file or remove it.` : `--output ${options.output} cannot be written: ${code ?? String(err)}.`);
    }
    terminal.say(`Wrote ${options.output}.`);
    return 0;
}

;// CONCATENATED MODULE: external "node:readline/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline/promises");
;// CONCATENATED MODULE: ./src/engine/text/display-url.ts

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
            return MASK;
        const query = url.search(/[?#]/);
        return query < 0 ? url : `${url.slice(0, query)}?${MASK}`;
    }
    const query = parsed.search
        .slice(1)
        .split('&')
        .filter(Boolean)
        .map(pair => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('='))}=${MASK}` : MASK));
    const credentials = parsed.username || parsed.password ? `${MASK}@` : '';
    return `${parsed.protocol}//${credentials}${parsed.host}${parsed.pathname}${query.length ? `?${query.join('&')}` : ''}`;
}

;// CONCATENATED MODULE: external "node:dns"
const external_node_dns_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");
var external_node_dns_default = /*#__PURE__*/__nccwpck_require__.n(external_node_dns_namespaceObject);
;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
;// CONCATENATED MODULE: ./src/engine/net/internal-addresses.ts
// Addresses a health check must not be pointed at: link-local ranges and the cloud metadata services, where a URL
// from a pull request could read a runner's instance credentials. Checked on the addresses DNS returns (so a name
// that resolves there is caught too) and on literal IP hosts. Node's BlockList matches IPv4 rules against their
// IPv4-mapped IPv6 forms (::ffff:169.254.169.254) by itself.



const internal_addresses_INTERNAL = new external_node_net_namespaceObject.BlockList();
internal_addresses_INTERNAL.addSubnet('169.254.0.0', 16, 'ipv4'); // IPv4 link-local: AWS, GCP and Azure metadata at 169.254.169.254
internal_addresses_INTERNAL.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
internal_addresses_INTERNAL.addSubnet('fe80::', 10, 'ipv6'); // IPv6 link-local
internal_addresses_INTERNAL.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
// The same IPv4 targets through a NAT64 gateway (64:ff9b::/96 embeds an IPv4 address).
internal_addresses_INTERNAL.addSubnet('64:ff9b::a9fe:0', 112, 'ipv6');
internal_addresses_INTERNAL.addAddress('64:ff9b::6464:64c8', 'ipv6');
/** The ranges, for messages and the README. */
const INTERNAL_RANGES = (/* unused pure expression or super */ null && (['169.254.0.0/16', 'fe80::/10', '100.100.100.200', 'fd00:ec2::254']));
/** Whether `address` (an IP literal, brackets allowed) is link-local or a metadata address. Host names are not. */
function isInternalAddress(address) {
    const bare = address.replace(/^\[|\]$/g, '');
    const family = (0,external_node_net_namespaceObject.isIP)(bare);
    if (!family)
        return false;
    return internal_addresses_INTERNAL.check(bare, family === 6 ? 'ipv6' : 'ipv4');
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
                return callback(new AddressNotAllowedError(hostname, internal), address, family);
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
function createHttpProbe(url, options) {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
        throw new Error(`health-check-url must be http:// or https://, got ${target.protocol}`);
    const lookup = options.allowInternal ? options.lookup : refusingInternalAddresses(options.lookup);
    const agent = createAgent(target, { proxies: options.proxies, lookup, ca: options.ca, maxResponseBytes: MAX_HEALTH_BODY_BYTES });
    const transport = target.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
    const probe = (probeUrl, timeoutMs) => new Promise((resolve, reject) => {
        const address = new URL(probeUrl);
        if (!options.allowInternal && isInternalAddress(address.hostname)) {
            return reject(new AddressNotAllowedError(address.hostname, hostOf(address)));
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
    const described = describeNetworkError(err, { host, inputHint: 'health-check-url', proxy: agent?.proxyAddress });
    if (described)
        return described.message;
    return err instanceof Error ? err.message : String(err);
}
/** Requests the URL until it answers with an accepted status or the deadline passes; backs off from 1 s to 5 s. */
async function waitUntilHealthy(check, deadline, probing) {
    const { url, accepted } = check;
    const options = { ...probing, allowInternal: check.allowInternal };
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

;// CONCATENATED MODULE: ./src/engine/apply/rollback.ts

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

;// CONCATENATED MODULE: ./src/engine/apply/stalls.ts
/** A gap between ticks counted as a stall: a few ticks' worth, so that timer jitter is not one. */
const MIN_STALL_TICKS = 2;
/** Stalls remembered: a run's reads are few and short, so only the latest matter. */
const KEPT = 64;
/** Ticks every `intervalMs` (without keeping the process alive), reading `clock`, and remembers the gaps. */
function watchStalls(clock, intervalMs = 10) {
    let lastTick = clock.now();
    const stalls = [];
    const timer = setInterval(() => {
        const now = clock.now();
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
            const from = clock.now();
            return {
                longest: () => stalls.filter(stall => stall.endedAt >= from).reduce((worst, stall) => Math.max(worst, stall.ms), Math.max(0, clock.now() - lastTick - intervalMs))
            };
        },
        stop: () => clearInterval(timer)
    };
}

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
    for (const flag of types_X_FORWARDED_FLAGS)
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

;// CONCATENATED MODULE: ./src/engine/plan/types.ts


;// CONCATENATED MODULE: ./src/engine/plan/plan.ts




/** SAE rejects UpdateIngress with more rules than this (`Exceed.IngressRule`). */
const plan_MAX_RULES = 40;
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
    if (rules.changed && rules.result.length > plan_MAX_RULES) {
        problems.push(`Exceed.IngressRule: the ingress would hold ${rules.result.length} rules, SAE allows at most ${plan_MAX_RULES}; nothing was sent`);
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
        ruleActions: rules.carried,
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
    return SETTING_NAMES.includes(name);
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
    if (name !== 'DefaultRule' || !coerce_isRecord(file) || !coerce_isRecord(live))
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


/** One DescribeIngress of `ingressId`, timed as LiveView says. */
async function readLive(client, ingressId, deps) {
    const stalled = deps.stallsSince?.();
    const { ingress } = await client.describeIngress(ingressId);
    return {
        file: normaliseLive(ingress),
        ruleActions: liveRuleActions(ingress),
        answeredAt: deps.deadline.clock.now(),
        // The answer arrived at some point of the wait: it may have waited as long as the longest stall since the request.
        unreadMs: stalled?.longest() ?? 0
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
 *   = rule d.example.com/: RuleActions rewrite made again by its rewritePath /${1}
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
    for (const carried of plan.ruleActions) {
        const rule = plan.rules.find(change => change.key === carried.key)?.before;
        if (carried.reproduced.length)
            lines.push(`= rule ${carried.key}: RuleActions ${describeActions(carried.reproduced)} made again by its rewritePath ${rule?.rewritePath ?? ''}`);
    }
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
        lines.push(`${setting.name} ${verify_expectation(setting)}`);
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
            return `rule ${change.key}: ${(change.fields ?? []).map((field) => `${field.name} ${verify_expectation(field)}`).join(', ')}`;
        case 'unchanged':
            return undefined;
    }
}
function verify_expectation(change) {
    const actual = change.before === undefined ? 'is not set' : `is ${formatValue(change.before)}`;
    return `${actual}, expected ${formatValue(change.after)}`;
}

;// CONCATENATED MODULE: ./src/engine/apply/settle.ts
// How long an upsert or remove waits between its write and its confirming read: the rule every run follows, what it
// assumes of the others writing the same ingress, and the wait that follows from both. The derivation is in
// docs/concurrency.md.
const DEFAULT_WRITERS = { processingMs: 100 };
/**
 * The quiet time between our write's acknowledgement and the confirming read in upsert/remove: processingMs plus the
 * write's round trip, counted from the acknowledgement. Pure.
 */
function settleAfterWrite(timing, now, writers = DEFAULT_WRITERS) {
    return Math.max(0, Math.ceil(timing.ackAt + timing.writeMs + writers.processingMs - now));
}

;// CONCATENATED MODULE: ./src/engine/apply/write-and-confirm.ts










/**
 * Describe, plan, and (unless dry, unchanged or rejected: see plan.problems) write and confirm.
 * Health checks and rollback are the caller's.
 */
async function deploy(file, options, deps) {
    const { client, log } = deps;
    const clock = deps.deadline.clock;
    let live;
    const result = await log.group('Plan', async () => {
        live = await readLive(client, options.ingressId, deps);
        const before = live.file;
        const previousConfig = await deps.savePrevious(before);
        const plan = planFor(file, live, options.mode, options);
        log.info(`Plan for ingress ${options.ingressId} (${options.mode}):\n${renderDiff(plan)}`);
        for (const key of plan.absent)
            log.notice(`Rule ${key} is not on ingress ${options.ingressId}: nothing to remove.`);
        return { before, previousConfig, plan };
    });
    if (result.plan.problems.length || !result.plan.changed || !result.plan.send || options.dryRun)
        return result;
    if (options.approve) {
        if (!(await options.approve(result.plan)))
            return { ...result, declined: true };
        live = await stillPlanned(file, options, deps, { plan: result.plan, from: live });
    }
    const { plan } = result;
    const written = await log.group('Apply', async () => {
        const done = await write(file, options, deps, { plan, from: live });
        if (done.update)
            log.info(`UpdateIngress accepted (RequestId ${done.update.requestId}).`);
        return done;
    });
    result.update = written.update;
    const timing = { writeMs: written.writeMs, ackAt: clock.now() };
    // A shared rule set has no compare-and-swap: reading back is the only way to notice a concurrent writer.
    if (options.wait || options.mode !== 'replace') {
        result.verification = await log.group('Confirm', () => write_and_confirm_confirm(file, options, deps, written, timing, update => (result.update = update)));
        const { ok, reads, reapplies } = result.verification;
        if (ok)
            log.info(`Confirmed: the live ingress matches (${reads} read(s), ${reapplies} re-apply(s)).`);
    }
    return result;
}
/**
 * After an approval that took its time: the live ingress read again (unless the answer is still within the writers'
 * processing time), which must give the very plan approved; anything else was not what the person said yes to.
 */
async function stillPlanned(file, options, deps, approved) {
    const { processingMs } = deps.writers ?? DEFAULT_WRITERS;
    if (sinceAnswer(approved.from, deps.deadline.clock) <= processingMs)
        return approved.from;
    const live = await readLive(deps.client, options.ingressId, deps);
    if (renderDiff(planFor(file, live, options.mode, options)) !== renderDiff(approved.plan)) {
        throw new PlanRejected(`Ingress ${options.ingressId} changed while the plan waited for approval; nothing was written. Plan again.`);
    }
    return live;
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
    if (options.mode === 'replace') {
        const sentAt = clock.now();
        const update = await client.updateIngress(toUpdateRequest(merge.plan.send, options.ingressId));
        return { update, writeMs: clock.now() - sentAt, after: merge.plan.after, over: merge.from.file };
    }
    const { processingMs } = deps.writers ?? DEFAULT_WRITERS;
    let current = merge;
    let sent = false;
    try {
        const { value } = await withRetry(async () => {
            // After a failed attempt, or when this run took too long since the read: read and merge again.
            while (sent || sinceAnswer(current.from, clock) > processingMs) {
                if (!sent)
                    log.debug(`More than ${processingMs} ms since the ingress was read: reading it again before writing.`);
                if (deps.deadline.remainingMs() <= 0) {
                    throw new SaeApiError({ code: 'Timeout', message: `No write left within ${processingMs} ms of a read of the ingress before the timeout.`, transient: false });
                }
                sent = false;
                const from = await readLive(client, options.ingressId, deps);
                const plan = planFor(file, from, options.mode, options);
                if (plan.problems.length)
                    throw new PlanRejected(plan.problems.join('\n'));
                if (!plan.changed || !plan.send)
                    return { writeMs: 0, after: from.file, over: from.file };
                current = { plan, from, merged: true };
            }
            sent = true;
            const sentAt = clock.now();
            const update = client.updateIngress(toUpdateRequest(current.plan.send, options.ingressId), { retry: false });
            // Said once the request is on its way: the time between the read and the write stays the planning's.
            if (current.merged)
                log.info(`Merged again from the live ingress:\n${renderDiff(current.plan)}`);
            const answer = await update;
            return { update: answer, writeMs: clock.now() - sentAt, after: current.plan.after, over: current.from.file };
        }, deps.deadline, deps.retry ?? defaultRetryPolicy, (err, n, delay) => log.info(`UpdateIngress: ${err.code} on attempt ${n}; reading the ingress again and merging before the next attempt in ${delay} ms.`));
        return value;
    }
    catch (err) {
        if (err instanceof SaeApiError)
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
        throw new PlanRejected(plan.problems.join('\n'));
    if (!plan.changed || !plan.send)
        return { verification: { ok: true, unmet: [], reads: 1, reapplies: 0 } };
    const written = await write(desired, replace, deps, { plan, from: live });
    let update = written.update;
    const timing = { writeMs: written.writeMs, ackAt: deps.deadline.clock.now() };
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
            log.debug(`Settling ${pause} ms before the confirming read (a concurrent writer's window).`);
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
                throw new PlanRejected(replan.problems.join('\n'));
            if (replan.changed && replan.send) {
                log.warning(`The ingress changed under this run (${verification.unmet.join('; ')}); merging again and re-applying.`);
                const written = await write(file, options, deps, { plan: replan, from: live });
                // Nothing sent (a fresh read found our change back): the window runs from that read, the round trip is still
                // the last write's.
                timing.ackAt = clock.now();
                if (written.update) {
                    timing.writeMs = written.writeMs;
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

;// CONCATENATED MODULE: ./src/engine/apply/deploy.ts
// The engine's apply: plan against the live ingress, write, confirm, check health, roll back on failure. Both front
// ends call it; each hands it what it needs and nothing of its own settings.









/**
 * Plans `file` against the live ingress and, unless it is a dry run, writes and confirms it; then the health check,
 * and the rollback if that fails and it was asked for. All of it ends by the session's deadline. A plan that cannot
 * be applied, a change that did not take and a failed health check come back in `error` with everything learned so
 * far; a call that failed (a read or a write refused, the live ingress changed during approval) is thrown.
 */
async function applyIngress(file, options, session, ctx, net = { rollbackOnFailure: false }) {
    const { log, clock } = ctx;
    // With rollback on, a quarter of the time left is kept for the rollback.
    const overall = session.deadline;
    const deadline = net.rollbackOnFailure ? deadlineAfter(clock, overall.remainingMs() * 0.75) : overall;
    log.info(`Planning ingress ${options.ingressId} at ${session.endpoint} (${options.mode} mode, credentials from ${session.credentialsFrom}).`);
    // Upsert and remove bound a write's distance from its read, time unread in a stalled process included.
    const stalls = options.mode === 'replace' ? undefined : watchStalls(clock);
    try {
        const deps = {
            client: session.client(deadline),
            deadline,
            log,
            stallsSince: stalls?.since,
            savePrevious: async (live) => (options.previousConfigDir ? savePreviousConfig(options.previousConfigDir, live, options.ingressId, ctx) : undefined)
        };
        const deployed = await deploy(file, options, deps);
        const result = {
            outcome: 'failed',
            live: deployed.before,
            plan: deployed.plan,
            update: deployed.update,
            verification: deployed.verification,
            previousConfig: deployed.previousConfig
        };
        const { plan } = deployed;
        if (plan.problems.length)
            return { ...result, error: `The plan cannot be applied: ${plan.problems.join('; ')}` };
        result.outcome = options.dryRun ? 'planned' : deployed.declined ? 'declined' : plan.changed ? 'updated' : 'unchanged';
        if (result.outcome !== 'updated')
            return result;
        const failure = await afterWrite(result, net.healthCheck, deadline, ctx);
        if (!failure)
            return result;
        if (!net.rollbackOnFailure)
            return { ...result, outcome: 'failed', error: failure };
        result.rollback = await log.group('Rollback', () => rollBack(file, options, { ...deps, client: session.client(overall), deadline: overall }, deployed.before));
        return { ...result, outcome: 'failed', error: `${failure} Rolled back: ${result.rollback.ok ? 'yes' : 'no'} (${result.rollback.message}).` };
    }
    finally {
        stalls?.stop();
    }
}
/** Why a write that was accepted still failed: it did not take, or the health check refused it. */
async function afterWrite(result, check, deadline, { log, proxies }) {
    if (result.verification && !result.verification.ok)
        return `The change did not take within the timeout: ${result.verification.unmet.join('; ')}`;
    if (!check)
        return undefined;
    result.health = await log.group('Health check', () => waitUntilHealthy(check, deadline, { proxies }));
    if (result.health.ok)
        return undefined;
    const seen = result.health.status !== undefined ? `HTTP ${result.health.status}` : result.health.error;
    return `Health check failed: ${displayUrl(result.health.url)} answered ${seen} after ${result.health.attempts} attempt(s).`;
}
function savePreviousConfig(dir, ingress, ingressId, ctx) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const file = external_node_path_default().join(dir, `sae-ingress-${ingressId}-previous-${ctx.clock.now()}.json`);
    (0,external_node_fs_.writeFileSync)(file, ctx.secrets.redact(JSON.stringify(ingress, null, 2)) + '\n', { mode: 0o600 });
    return file;
}
async function rollBack(file, options, deps, before) {
    try {
        const target = (live) => rollbackTarget(file, options.mode, before, live);
        const { update, verification } = await applyAndConfirm(target, options, deps);
        return {
            ok: verification.ok,
            requestId: update?.requestId,
            message: verification.ok ? 'the previous configuration is live again' : `rollback did not take: ${verification.unmet.join('; ')}`
        };
    }
    catch (err) {
        return { ok: false, message: failureMessage(err, 'Rollback') };
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
function locateIngressFile(root, file, paths = path) {
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
function workspaceRelative(root, resolved, paths = path) {
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
        root = realpathSync.native(workspace);
    }
    catch {
        throw new InputError(`The workspace ${workspace} does not exist. Did the job run actions/checkout?`);
    }
    const located = locateIngressFile(root, file);
    if ('hint' in located)
        throw new InputError(located.hint);
    const requested = located.path;
    let resolved;
    try {
        resolved = realpathSync.native(requested);
    }
    catch {
        throw new InputError(`ingress-file ${file} was not found in the workspace (looked for ${requested}). Did the job run actions/checkout?`);
    }
    const relativePath = workspaceRelative(root, resolved);
    if (relativePath === undefined) {
        throw new InputError(`ingress-file ${file} resolves to ${resolved}, outside the workspace ${root}; refusing to read it.`);
    }
    const notRegular = (stats) => new InputError(`ingress-file ${file} is ${kind(stats)}, not a regular file; refusing to read it.`);
    const changed = () => new InputError(`ingress-file ${file} changed while it was being opened (a file or folder on its path was replaced); refusing to read it.`);
    // Checked before opening too, so that the usual mistakes never open a device or a pipe at all.
    const checked = statIfPossible(resolved);
    if (checked && !checked.isFile())
        throw notRegular(checked);
    race.beforeOpen?.();
    let fd;
    try {
        fd = openSync(resolved, OPEN_FLAGS);
    }
    catch (err) {
        const code = err.code;
        // The resolved path has no symlink in it: one that is there now was put there after the check.
        if (code === 'ELOOP')
            throw changed();
        throw new InputError(`ingress-file ${file} could not be read: ${code ?? String(err)}.`);
    }
    try {
        race.afterOpen?.();
        const opened = fstatSync(fd, { bigint: true });
        if (!opened.isFile())
            throw notRegular(opened);
        if (!isStill(resolved, opened))
            throw changed();
        if (opened.size > BigInt(MAX_INGRESS_FILE_BYTES)) {
            throw new InputError(`ingress-file ${file} is ${opened.size} bytes; an ingress file may be at most ${MAX_INGRESS_FILE_BYTES} bytes.`);
        }
        return { relativePath, bytes: readAll(fd, file, Number(opened.size)) };
    }
    finally {
        closeSync(fd);
    }
}
function statIfPossible(resolved) {
    try {
        return statSync(resolved);
    }
    catch {
        return undefined;
    }
}
/** The checked path still has no symlink in it and names the very file that was opened. */
function isStill(resolved, opened) {
    try {
        return realpathSync.native(resolved) === resolved && sameFile(lstatSync(resolved, { bigint: true }), opened);
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
            count = readSync(fd, chunk, 0, chunk.length, null);
        }
        catch (err) {
            throw new InputError(`ingress-file ${file} could not be read: ${err.code ?? String(err)}.`);
        }
        if (count === 0)
            break;
        chunks.push(chunk.subarray(0, count));
        length += count;
        if (length > MAX_INGRESS_FILE_BYTES) {
            throw new InputError(`ingress-file ${file} is larger than ${MAX_INGRESS_FILE_BYTES} bytes, the most an ingress file may be.`);
        }
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
}

;// CONCATENATED MODULE: ./src/cli/commands/validate.ts
// `sae-ingress validate <file>`: the file checked offline, as the action checks it before any request.




/** The file, loaded as the action loads it: placeholders from the environment, every problem located. */
function loadFile(path, mode, terminal) {
    let bytes;
    try {
        bytes = (0,external_node_fs_.readFileSync)(path);
    }
    catch (err) {
        throw new failure_InputError(`${path} cannot be read: ${err.code ?? String(err)}.`);
    }
    if (bytes.length > MAX_INGRESS_FILE_BYTES)
        throw new failure_InputError(`${path} is ${bytes.length} bytes; an ingress file may be at most ${MAX_INGRESS_FILE_BYTES} bytes.`);
    const loaded = loadIngressFile(bytes, terminal.io.env, { mode });
    const at = (problem) => `${path}:${problem.line}:${problem.column}: ${problem.message}`;
    for (const warning of loaded.warnings)
        terminal.say(`${at(warning)} (warning)`, 'yellow');
    if (!loaded.ok)
        for (const problem of loaded.problems)
            terminal.say(at(problem), 'red');
    return loaded;
}
/** The valid file, or an InputError once its problems are out: nothing else happens for an invalid file. */
function validFile(path, mode, terminal) {
    const loaded = loadFile(path, mode, terminal);
    if (!loaded.ok)
        throw new failure_InputError(`${path} is not a valid ingress file (${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}).`);
    return loaded.ingress;
}
/** Exit 0 when the file is valid, 1 when it is not. */
function validateCommand(path, options, terminal) {
    const loaded = loadFile(path, options.rulesMode, terminal);
    if (!loaded.ok) {
        terminal.say(`${path} is not a valid ingress file (${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}).`);
        return 1;
    }
    terminal.say(`${path} is valid: ${loaded.ingress.Rules?.length ?? 0} rule(s).`, 'green');
    return 0;
}

;// CONCATENATED MODULE: ./src/cli/commands/plan.ts
// `sae-ingress plan` and `apply`: the file planned against the live ingress, as the action plans it; apply then writes
// and confirms exactly as the action does (the same merge, confirmation and RuleActions guard), once a person said yes.







/** Exit codes of `plan`, as Terraform's -detailed-exitcode: 0 nothing to change, 2 changes, 1 an error. */
const PLAN_EXIT = { unchanged: 0, error: 1, changes: 2 };
/**
 * --timeout bounds the API work, not a person reading the plan: the time spent waiting for an answer is added back
 * (the engine reads the live ingress again after a slow approval, so nothing approved long ago is written blindly).
 */
function apiDeadline(clock, ms) {
    let end = clock.now() + ms;
    return {
        clock,
        remainingMs: () => Math.max(0, end - clock.now()),
        expired: () => clock.now() >= end,
        async excluding(wait) {
            const started = clock.now();
            try {
                return await wait();
            }
            finally {
                end += clock.now() - started;
            }
        }
    };
}
async function run(path, options, session, write) {
    const { terminal, ctx } = session;
    const file = validFile(path, options.rulesMode, terminal);
    const ref = ingressRef(options, file);
    const target = saeTarget(options, session, terminal.io.env);
    let shown = false;
    const show = (plan) => {
        shown = true;
        terminal.printDiff(renderDiff(plan));
    };
    const deadline = apiDeadline(ctx.clock, timeoutMs(options));
    return withSaeSession(target, ctx, deadline, async (sae) => {
        const ingressId = await resolveIngress(sae, ref);
        const approve = async (plan) => {
            show(plan);
            return options.yes || deadline.excluding(() => ask(session, ingressId));
        };
        const result = await applyIngress({ ...file, IngressId: ingressId }, { ingressId, mode: options.rulesMode, dryRun: !write, wait: true, dropRuleActions: options.dropRuleActions ?? false, ...(write ? { approve } : {}) }, sae, ctx);
        if (!shown)
            show(result.plan);
        return result;
    });
}
/**
 * Asks on the terminal; only `yes` applies, as Terraform asks. No answer is a no: stdin ending closes the prompt
 * without ever settling its question, and Ctrl-C or Ctrl-D on a terminal rejects it (AbortError).
 */
async function ask({ terminal }, ingressId) {
    const prompt = (0,promises_namespaceObject.createInterface)({ input: terminal.io.stdin, output: terminal.io.stderr });
    try {
        const answer = await new Promise(resolve => {
            prompt.question(`Apply this plan to ingress ${ingressId}? Only 'yes' applies it: `).then(resolve, () => resolve(undefined));
            // After the answer, when a last line and the end of stdin come together.
            prompt.once('close', () => setImmediate(resolve, undefined));
        });
        if (answer === undefined)
            terminal.io.stderr.write('\n');
        return answer?.trim() === 'yes';
    }
    finally {
        prompt.close();
    }
}
async function planCommand(path, options, session) {
    const result = await run(path, options, session, false);
    if (result.error) {
        session.terminal.error(result.error);
        return PLAN_EXIT.error;
    }
    return result.plan.changed ? PLAN_EXIT.changes : PLAN_EXIT.unchanged;
}
/** Exit 0 when the change was applied and confirmed (or there was none to make), 1 otherwise: nothing else is said. */
async function applyCommand(path, options, session) {
    const { terminal } = session;
    if (!options.yes && !terminal.io.stdin.isTTY) {
        throw new failure_InputError('apply asks before it writes, and stdin is not a terminal: pass --yes to apply without asking. Nothing was done.');
    }
    const result = await run(path, options, session, true);
    switch (result.outcome) {
        case 'updated':
            terminal.say(`Applied and confirmed (RequestId ${result.update?.requestId ?? 'none'}).`, 'green');
            return 0;
        case 'unchanged':
            terminal.say('No changes: nothing was written.');
            return 0;
        case 'declined':
            terminal.say('Not applied: nothing was written.');
            return 1;
        default:
            terminal.error(result.error ?? 'the apply failed');
            return 1;
    }
}

;// CONCATENATED MODULE: ./src/cli/main.ts
// `sae-ingress`: validate, plan, apply and export ingress files on the engine the action runs. Arguments are
// commander's (help, version, "did you mean" for unknown options); every failure is one message on stderr and an exit
// code: 0 success, 1 an error, and for `plan` 2 when there are changes.








const rulesMode = () => new Option('--rules-mode <mode>', "replace: the file's Rules are the whole rule set; upsert or remove: only the file's rules").choices(RULES_MODES).default('replace');
/** The options of the commands that read the live ingress. */
function remote(command) {
    return command
        .option('--ingress-id <id>', "the ingress to plan against (default: the file's IngressId)")
        .option('--namespace-id <id>', 'with --ingress-name: the namespace (e.g. cn-hangzhou:prod) to find the ingress in by name')
        .option('--ingress-name <name>', "with --namespace-id: the ingress's name (its Description, else its generated Name)")
        .option('--region <region>', 'e.g. cn-hangzhou (default: ALIBABA_CLOUD_REGION_ID, or the profile\'s region_id)')
        .option('--endpoint <url>', 'another SAE endpoint: https://, or http:// on loopback (the emulator)')
        .option('--profile <name>', 'the ~/.aliyun/config.json profile to sign with (default: the credential chain)')
        .option('--timeout <seconds>', 'for all API work, retries and confirmation included', '300')
        .option('--verbose', 'say each API call and phase on stderr');
}
/** The program, writing to `io` through the run's terminal; each command's action sets `exit`. */
function main_program(io, shared, exit) {
    const cli = new Command('sae-ingress')
        .description('Validate, plan, apply and export Alibaba Cloud SAE ingress files (the engine of the sae-ingress GitHub Action).')
        .version(VERSION)
        .showSuggestionAfterError()
        .configureOutput({ writeOut: text => io.stdout.write(text), writeErr: text => io.stderr.write(text) })
        .exitOverride();
    cli
        .command('validate')
        .description('check a file offline: every problem as <file>:<line>:<column>: <message>; exit 0 valid, 1 invalid')
        .argument('<file>', 'the ingress JSON file')
        .addOption(rulesMode())
        .action((file, options) => exit(validateCommand(file, options, shared.terminal)));
    remote(cli
        .command('plan')
        .description('plan the file against the live ingress, never writing; exit 0 no changes, 2 changes, 1 error')
        .argument('<file>', 'the ingress JSON file')
        .addOption(rulesMode())
        .option('--drop-rule-actions', 'plan as if dropping RuleActions of rules sent again were accepted')).action(async (file, options) => exit(await planCommand(file, options, shared)));
    remote(cli
        .command('apply')
        .description('plan, ask, then write and confirm as the action does; exit 0 applied or nothing to do, 1 failed')
        .argument('<file>', 'the ingress JSON file')
        .addOption(rulesMode())
        .option('--drop-rule-actions', 'accept dropping RuleActions of rules sent again (the plan names each)')
        .option('--yes', 'apply without asking (needed when stdin is not a terminal)')).action(async (file, options) => exit(await applyCommand(file, options, shared)));
    remote(cli
        .command('export')
        .description('write the live ingress as an ingress file (stdout, or --output); plan of that file shows no changes')
        .option('--output <file>', 'write the file here instead of stdout (an existing file is not overwritten)')).action(async (options) => exit(await exportCommand(options, shared)));
    return cli;
}
/** Runs the CLI on `args` and answers its exit code. */
async function main(args, io) {
    // One terminal and one registry of secrets for the whole run, so that a failure is redacted as everything else.
    const shared = openTerminal(io, args.includes('--verbose'));
    let code = 0;
    try {
        await main_program(io, shared, result => (code = result)).parseAsync([...args], { from: 'user' });
        return code;
    }
    catch (err) {
        // Help, the version and usage errors: commander has written what there is to say.
        if (err instanceof CommanderError)
            return err.exitCode;
        shared.terminal.error(failureMessage(err));
        return 1;
    }
}


/***/ }),

/***/ 421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 18:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 23:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 909:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

const { Argument } = __nccwpck_require__(154);
const { Command } = __nccwpck_require__(348);
const { CommanderError, InvalidArgumentError } = __nccwpck_require__(135);
const { Help } = __nccwpck_require__(754);
const { Option } = __nccwpck_require__(240);

exports.DM = new Command();

exports.gu = (name) => new Command(name);
exports.Ww = (flags, description) => new Option(flags, description);
exports.er = (name, description) => new Argument(name, description);

/**
 * Expose classes
 */

exports.uB = Command;
exports.c$ = Option;
exports.ef = Argument;
exports._V = Help;

exports.b7 = CommanderError;
exports.Di = InvalidArgumentError;
exports.a2 = InvalidArgumentError; // Deprecated


/***/ }),

/***/ 154:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

const { InvalidArgumentError } = __nccwpck_require__(135);

class Argument {
  /**
   * Initialize a new command argument with the given name and description.
   * The default is that the argument is required, and you can explicitly
   * indicate this with <> around the name. Put [] around the name for an optional argument.
   *
   * @param {string} name
   * @param {string} [description]
   */

  constructor(name, description) {
    this.description = description || '';
    this.variadic = false;
    this.parseArg = undefined;
    this.defaultValue = undefined;
    this.defaultValueDescription = undefined;
    this.argChoices = undefined;

    switch (name[0]) {
      case '<': // e.g. <required>
        this.required = true;
        this._name = name.slice(1, -1);
        break;
      case '[': // e.g. [optional]
        this.required = false;
        this._name = name.slice(1, -1);
        break;
      default:
        this.required = true;
        this._name = name;
        break;
    }

    if (this._name.endsWith('...')) {
      this.variadic = true;
      this._name = this._name.slice(0, -3);
    }
  }

  /**
   * Return argument name.
   *
   * @return {string}
   */

  name() {
    return this._name;
  }

  /**
   * @package
   */

  _collectValue(value, previous) {
    if (previous === this.defaultValue || !Array.isArray(previous)) {
      return [value];
    }

    previous.push(value);
    return previous;
  }

  /**
   * Set the default value, and optionally supply the description to be displayed in the help.
   *
   * @param {*} value
   * @param {string} [description]
   * @return {Argument}
   */

  default(value, description) {
    this.defaultValue = value;
    this.defaultValueDescription = description;
    return this;
  }

  /**
   * Set the custom handler for processing CLI command arguments into argument values.
   *
   * @param {Function} [fn]
   * @return {Argument}
   */

  argParser(fn) {
    this.parseArg = fn;
    return this;
  }

  /**
   * Only allow argument value to be one of choices.
   *
   * @param {string[]} values
   * @return {Argument}
   */

  choices(values) {
    this.argChoices = values.slice();
    this.parseArg = (arg, previous) => {
      if (!this.argChoices.includes(arg)) {
        throw new InvalidArgumentError(
          `Allowed choices are ${this.argChoices.join(', ')}.`,
        );
      }
      if (this.variadic) {
        return this._collectValue(arg, previous);
      }
      return arg;
    };
    return this;
  }

  /**
   * Make argument required.
   *
   * @returns {Argument}
   */
  argRequired() {
    this.required = true;
    return this;
  }

  /**
   * Make argument optional.
   *
   * @returns {Argument}
   */
  argOptional() {
    this.required = false;
    return this;
  }
}

/**
 * Takes an argument and returns its human readable equivalent for help usage.
 *
 * @param {Argument} arg
 * @return {string}
 * @private
 */

function humanReadableArgName(arg) {
  const nameOutput = arg.name() + (arg.variadic === true ? '...' : '');

  return arg.required ? '<' + nameOutput + '>' : '[' + nameOutput + ']';
}

exports.Argument = Argument;
exports.humanReadableArgName = humanReadableArgName;


/***/ }),

/***/ 348:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

const EventEmitter = (__nccwpck_require__(474).EventEmitter);
const childProcess = __nccwpck_require__(421);
const path = __nccwpck_require__(760);
const fs = __nccwpck_require__(24);
const process = __nccwpck_require__(708);

const { Argument, humanReadableArgName } = __nccwpck_require__(154);
const { CommanderError } = __nccwpck_require__(135);
const { Help, stripColor } = __nccwpck_require__(754);
const { Option, DualOptions } = __nccwpck_require__(240);
const { suggestSimilar } = __nccwpck_require__(30);

class Command extends EventEmitter {
  /**
   * Initialize a new `Command`.
   *
   * @param {string} [name]
   */

  constructor(name) {
    super();
    /** @type {Command[]} */
    this.commands = [];
    /** @type {Option[]} */
    this.options = [];
    this.parent = null;
    this._allowUnknownOption = false;
    this._allowExcessArguments = false;
    /** @type {Argument[]} */
    this.registeredArguments = [];
    this._args = this.registeredArguments; // deprecated old name
    /** @type {string[]} */
    this.args = []; // cli args with options removed
    this.rawArgs = [];
    this.processedArgs = []; // like .args but after custom processing and collecting variadic
    this._scriptPath = null;
    this._name = name || '';
    this._optionValues = {};
    this._optionValueSources = {}; // default, env, cli etc
    this._storeOptionsAsProperties = false;
    this._actionHandler = null;
    this._executableHandler = false;
    this._executableFile = null; // custom name for executable
    this._executableDir = null; // custom search directory for subcommands
    this._defaultCommandName = null;
    this._exitCallback = null;
    this._aliases = [];
    this._combineFlagAndOptionalValue = true;
    this._description = '';
    this._summary = '';
    this._argsDescription = undefined; // legacy
    this._enablePositionalOptions = false;
    this._passThroughOptions = false;
    this._lifeCycleHooks = {}; // a hash of arrays
    /** @type {(boolean | string)} */
    this._showHelpAfterError = false;
    this._showSuggestionAfterError = true;
    this._savedState = null; // used in save/restoreStateBeforeParse

    // see configureOutput() for docs
    this._outputConfiguration = {
      writeOut: (str) => process.stdout.write(str),
      writeErr: (str) => process.stderr.write(str),
      outputError: (str, write) => write(str),
      getOutHelpWidth: () =>
        process.stdout.isTTY ? process.stdout.columns : undefined,
      getErrHelpWidth: () =>
        process.stderr.isTTY ? process.stderr.columns : undefined,
      getOutHasColors: () =>
        useColor() ?? (process.stdout.isTTY && process.stdout.hasColors?.()),
      getErrHasColors: () =>
        useColor() ?? (process.stderr.isTTY && process.stderr.hasColors?.()),
      stripColor: (str) => stripColor(str),
    };

    this._hidden = false;
    /** @type {(Option | null | undefined)} */
    this._helpOption = undefined; // Lazy created on demand. May be null if help option is disabled.
    this._addImplicitHelpCommand = undefined; // undecided whether true or false yet, not inherited
    /** @type {Command} */
    this._helpCommand = undefined; // lazy initialised, inherited
    this._helpConfiguration = {};
    /** @type {string | undefined} */
    this._helpGroupHeading = undefined; // soft initialised when added to parent
    /** @type {string | undefined} */
    this._defaultCommandGroup = undefined;
    /** @type {string | undefined} */
    this._defaultOptionGroup = undefined;
  }

  /**
   * Copy settings that are useful to have in common across root command and subcommands.
   *
   * (Used internally when adding a command using `.command()` so subcommands inherit parent settings.)
   *
   * @param {Command} sourceCommand
   * @return {Command} `this` command for chaining
   */
  copyInheritedSettings(sourceCommand) {
    this._outputConfiguration = sourceCommand._outputConfiguration;
    this._helpOption = sourceCommand._helpOption;
    this._helpCommand = sourceCommand._helpCommand;
    this._helpConfiguration = sourceCommand._helpConfiguration;
    this._exitCallback = sourceCommand._exitCallback;
    this._storeOptionsAsProperties = sourceCommand._storeOptionsAsProperties;
    this._combineFlagAndOptionalValue =
      sourceCommand._combineFlagAndOptionalValue;
    this._allowExcessArguments = sourceCommand._allowExcessArguments;
    this._enablePositionalOptions = sourceCommand._enablePositionalOptions;
    this._showHelpAfterError = sourceCommand._showHelpAfterError;
    this._showSuggestionAfterError = sourceCommand._showSuggestionAfterError;

    return this;
  }

  /**
   * @returns {Command[]}
   * @private
   */

  _getCommandAndAncestors() {
    const result = [];
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    for (let command = this; command; command = command.parent) {
      result.push(command);
    }
    return result;
  }

  /**
   * Define a command.
   *
   * There are two styles of command: pay attention to where to put the description.
   *
   * @example
   * // Command implemented using action handler (description is supplied separately to `.command`)
   * program
   *   .command('clone <source> [destination]')
   *   .description('clone a repository into a newly created directory')
   *   .action((source, destination) => {
   *     console.log('clone command called');
   *   });
   *
   * // Command implemented using separate executable file (description is second parameter to `.command`)
   * program
   *   .command('start <service>', 'start named service')
   *   .command('stop [service]', 'stop named service, or all if no name supplied');
   *
   * @param {string} nameAndArgs - command name and arguments, args are `<required>` or `[optional]` and last may also be `variadic...`
   * @param {(object | string)} [actionOptsOrExecDesc] - configuration options (for action), or description (for executable)
   * @param {object} [execOpts] - configuration options (for executable)
   * @return {Command} returns new command for action handler, or `this` for executable command
   */

  command(nameAndArgs, actionOptsOrExecDesc, execOpts) {
    let desc = actionOptsOrExecDesc;
    let opts = execOpts;
    if (typeof desc === 'object' && desc !== null) {
      opts = desc;
      desc = null;
    }
    opts = opts || {};
    const [, name, args] = nameAndArgs.match(/([^ ]+) *(.*)/);

    const cmd = this.createCommand(name);
    if (desc) {
      cmd.description(desc);
      cmd._executableHandler = true;
    }
    if (opts.isDefault) this._defaultCommandName = cmd._name;
    cmd._hidden = !!(opts.noHelp || opts.hidden); // noHelp is deprecated old name for hidden
    cmd._executableFile = opts.executableFile || null; // Custom name for executable file, set missing to null to match constructor
    if (args) cmd.arguments(args);
    this._registerCommand(cmd);
    cmd.parent = this;
    cmd.copyInheritedSettings(this);

    if (desc) return this;
    return cmd;
  }

  /**
   * Factory routine to create a new unattached command.
   *
   * See .command() for creating an attached subcommand, which uses this routine to
   * create the command. You can override createCommand to customise subcommands.
   *
   * @param {string} [name]
   * @return {Command} new command
   */

  createCommand(name) {
    return new Command(name);
  }

  /**
   * You can customise the help with a subclass of Help by overriding createHelp,
   * or by overriding Help properties using configureHelp().
   *
   * @return {Help}
   */

  createHelp() {
    return Object.assign(new Help(), this.configureHelp());
  }

  /**
   * You can customise the help by overriding Help properties using configureHelp(),
   * or with a subclass of Help by overriding createHelp().
   *
   * @param {object} [configuration] - configuration options
   * @return {(Command | object)} `this` command for chaining, or stored configuration
   */

  configureHelp(configuration) {
    if (configuration === undefined) return this._helpConfiguration;

    this._helpConfiguration = configuration;
    return this;
  }

  /**
   * The default output goes to stdout and stderr. You can customise this for special
   * applications. You can also customise the display of errors by overriding outputError.
   *
   * The configuration properties are all functions:
   *
   *     // change how output being written, defaults to stdout and stderr
   *     writeOut(str)
   *     writeErr(str)
   *     // change how output being written for errors, defaults to writeErr
   *     outputError(str, write) // used for displaying errors and not used for displaying help
   *     // specify width for wrapping help
   *     getOutHelpWidth()
   *     getErrHelpWidth()
   *     // color support, currently only used with Help
   *     getOutHasColors()
   *     getErrHasColors()
   *     stripColor() // used to remove ANSI escape codes if output does not have colors
   *
   * @param {object} [configuration] - configuration options
   * @return {(Command | object)} `this` command for chaining, or stored configuration
   */

  configureOutput(configuration) {
    if (configuration === undefined) return this._outputConfiguration;

    this._outputConfiguration = {
      ...this._outputConfiguration,
      ...configuration,
    };
    return this;
  }

  /**
   * Display the help or a custom message after an error occurs.
   *
   * @param {(boolean|string)} [displayHelp]
   * @return {Command} `this` command for chaining
   */
  showHelpAfterError(displayHelp = true) {
    if (typeof displayHelp !== 'string') displayHelp = !!displayHelp;
    this._showHelpAfterError = displayHelp;
    return this;
  }

  /**
   * Display suggestion of similar commands for unknown commands, or options for unknown options.
   *
   * @param {boolean} [displaySuggestion]
   * @return {Command} `this` command for chaining
   */
  showSuggestionAfterError(displaySuggestion = true) {
    this._showSuggestionAfterError = !!displaySuggestion;
    return this;
  }

  /**
   * Add a prepared subcommand.
   *
   * See .command() for creating an attached subcommand which inherits settings from its parent.
   *
   * @param {Command} cmd - new subcommand
   * @param {object} [opts] - configuration options
   * @return {Command} `this` command for chaining
   */

  addCommand(cmd, opts) {
    if (!cmd._name) {
      throw new Error(`Command passed to .addCommand() must have a name
- specify the name in Command constructor or using .name()`);
    }

    opts = opts || {};
    if (opts.isDefault) this._defaultCommandName = cmd._name;
    if (opts.noHelp || opts.hidden) cmd._hidden = true; // modifying passed command due to existing implementation

    this._registerCommand(cmd);
    cmd.parent = this;
    cmd._checkForBrokenPassThrough();

    return this;
  }

  /**
   * Factory routine to create a new unattached argument.
   *
   * See .argument() for creating an attached argument, which uses this routine to
   * create the argument. You can override createArgument to return a custom argument.
   *
   * @param {string} name
   * @param {string} [description]
   * @return {Argument} new argument
   */

  createArgument(name, description) {
    return new Argument(name, description);
  }

  /**
   * Define argument syntax for command.
   *
   * The default is that the argument is required, and you can explicitly
   * indicate this with <> around the name. Put [] around the name for an optional argument.
   *
   * @example
   * program.argument('<input-file>');
   * program.argument('[output-file]');
   *
   * @param {string} name
   * @param {string} [description]
   * @param {(Function|*)} [parseArg] - custom argument processing function or default value
   * @param {*} [defaultValue]
   * @return {Command} `this` command for chaining
   */
  argument(name, description, parseArg, defaultValue) {
    const argument = this.createArgument(name, description);
    if (typeof parseArg === 'function') {
      argument.default(defaultValue).argParser(parseArg);
    } else {
      argument.default(parseArg);
    }
    this.addArgument(argument);
    return this;
  }

  /**
   * Define argument syntax for command, adding multiple at once (without descriptions).
   *
   * See also .argument().
   *
   * @example
   * program.arguments('<cmd> [env]');
   *
   * @param {string} names
   * @return {Command} `this` command for chaining
   */

  arguments(names) {
    names
      .trim()
      .split(/ +/)
      .forEach((detail) => {
        this.argument(detail);
      });
    return this;
  }

  /**
   * Define argument syntax for command, adding a prepared argument.
   *
   * @param {Argument} argument
   * @return {Command} `this` command for chaining
   */
  addArgument(argument) {
    const previousArgument = this.registeredArguments.slice(-1)[0];
    if (previousArgument?.variadic) {
      throw new Error(
        `only the last argument can be variadic '${previousArgument.name()}'`,
      );
    }
    if (
      argument.required &&
      argument.defaultValue !== undefined &&
      argument.parseArg === undefined
    ) {
      throw new Error(
        `a default value for a required argument is never used: '${argument.name()}'`,
      );
    }
    this.registeredArguments.push(argument);
    return this;
  }

  /**
   * Customise or override default help command. By default a help command is automatically added if your command has subcommands.
   *
   * @example
   *    program.helpCommand('help [cmd]');
   *    program.helpCommand('help [cmd]', 'show help');
   *    program.helpCommand(false); // suppress default help command
   *    program.helpCommand(true); // add help command even if no subcommands
   *
   * @param {string|boolean} enableOrNameAndArgs - enable with custom name and/or arguments, or boolean to override whether added
   * @param {string} [description] - custom description
   * @return {Command} `this` command for chaining
   */

  helpCommand(enableOrNameAndArgs, description) {
    if (typeof enableOrNameAndArgs === 'boolean') {
      this._addImplicitHelpCommand = enableOrNameAndArgs;
      if (enableOrNameAndArgs && this._defaultCommandGroup) {
        // make the command to store the group
        this._initCommandGroup(this._getHelpCommand());
      }
      return this;
    }

    const nameAndArgs = enableOrNameAndArgs ?? 'help [command]';
    const [, helpName, helpArgs] = nameAndArgs.match(/([^ ]+) *(.*)/);
    const helpDescription = description ?? 'display help for command';

    const helpCommand = this.createCommand(helpName);
    helpCommand.helpOption(false);
    if (helpArgs) helpCommand.arguments(helpArgs);
    if (helpDescription) helpCommand.description(helpDescription);

    this._addImplicitHelpCommand = true;
    this._helpCommand = helpCommand;
    // init group unless lazy create
    if (enableOrNameAndArgs || description) this._initCommandGroup(helpCommand);

    return this;
  }

  /**
   * Add prepared custom help command.
   *
   * @param {(Command|string|boolean)} helpCommand - custom help command, or deprecated enableOrNameAndArgs as for `.helpCommand()`
   * @param {string} [deprecatedDescription] - deprecated custom description used with custom name only
   * @return {Command} `this` command for chaining
   */
  addHelpCommand(helpCommand, deprecatedDescription) {
    // If not passed an object, call through to helpCommand for backwards compatibility,
    // as addHelpCommand was originally used like helpCommand is now.
    if (typeof helpCommand !== 'object') {
      this.helpCommand(helpCommand, deprecatedDescription);
      return this;
    }

    this._addImplicitHelpCommand = true;
    this._helpCommand = helpCommand;
    this._initCommandGroup(helpCommand);
    return this;
  }

  /**
   * Lazy create help command.
   *
   * @return {(Command|null)}
   * @package
   */
  _getHelpCommand() {
    const hasImplicitHelpCommand =
      this._addImplicitHelpCommand ??
      (this.commands.length &&
        !this._actionHandler &&
        !this._findCommand('help'));

    if (hasImplicitHelpCommand) {
      if (this._helpCommand === undefined) {
        this.helpCommand(undefined, undefined); // use default name and description
      }
      return this._helpCommand;
    }
    return null;
  }

  /**
   * Add hook for life cycle event.
   *
   * @param {string} event
   * @param {Function} listener
   * @return {Command} `this` command for chaining
   */

  hook(event, listener) {
    const allowedValues = ['preSubcommand', 'preAction', 'postAction'];
    if (!allowedValues.includes(event)) {
      throw new Error(`Unexpected value for event passed to hook : '${event}'.
Expecting one of '${allowedValues.join("', '")}'`);
    }
    if (this._lifeCycleHooks[event]) {
      this._lifeCycleHooks[event].push(listener);
    } else {
      this._lifeCycleHooks[event] = [listener];
    }
    return this;
  }

  /**
   * Register callback to use as replacement for calling process.exit.
   *
   * @param {Function} [fn] optional callback which will be passed a CommanderError, defaults to throwing
   * @return {Command} `this` command for chaining
   */

  exitOverride(fn) {
    if (fn) {
      this._exitCallback = fn;
    } else {
      this._exitCallback = (err) => {
        if (err.code !== 'commander.executeSubCommandAsync') {
          throw err;
        } else {
          // Async callback from spawn events, not useful to throw.
        }
      };
    }
    return this;
  }

  /**
   * Call process.exit, and _exitCallback if defined.
   *
   * @param {number} exitCode exit code for using with process.exit
   * @param {string} code an id string representing the error
   * @param {string} message human-readable description of the error
   * @return never
   * @private
   */

  _exit(exitCode, code, message) {
    if (this._exitCallback) {
      this._exitCallback(new CommanderError(exitCode, code, message));
      // Expecting this line is not reached.
    }
    process.exit(exitCode);
  }

  /**
   * Register callback `fn` for the command.
   *
   * @example
   * program
   *   .command('serve')
   *   .description('start service')
   *   .action(function() {
   *      // do work here
   *   });
   *
   * @param {Function} fn
   * @return {Command} `this` command for chaining
   */

  action(fn) {
    const listener = (args) => {
      // The .action callback takes an extra parameter which is the command or options.
      const expectedArgsCount = this.registeredArguments.length;
      const actionArgs = args.slice(0, expectedArgsCount);
      if (this._storeOptionsAsProperties) {
        actionArgs[expectedArgsCount] = this; // backwards compatible "options"
      } else {
        actionArgs[expectedArgsCount] = this.opts();
      }
      actionArgs.push(this);

      return fn.apply(this, actionArgs);
    };
    this._actionHandler = listener;
    return this;
  }

  /**
   * Factory routine to create a new unattached option.
   *
   * See .option() for creating an attached option, which uses this routine to
   * create the option. You can override createOption to return a custom option.
   *
   * @param {string} flags
   * @param {string} [description]
   * @return {Option} new option
   */

  createOption(flags, description) {
    return new Option(flags, description);
  }

  /**
   * Wrap parseArgs to catch 'commander.invalidArgument'.
   *
   * @param {(Option | Argument)} target
   * @param {string} value
   * @param {*} previous
   * @param {string} invalidArgumentMessage
   * @private
   */

  _callParseArg(target, value, previous, invalidArgumentMessage) {
    try {
      return target.parseArg(value, previous);
    } catch (err) {
      if (err.code === 'commander.invalidArgument') {
        const message = `${invalidArgumentMessage} ${err.message}`;
        this.error(message, { exitCode: err.exitCode, code: err.code });
      }
      throw err;
    }
  }

  /**
   * Check for option flag conflicts.
   * Register option if no conflicts found, or throw on conflict.
   *
   * @param {Option} option
   * @private
   */

  _registerOption(option) {
    const matchingOption =
      (option.short && this._findOption(option.short)) ||
      (option.long && this._findOption(option.long));
    if (matchingOption) {
      const matchingFlag =
        option.long && this._findOption(option.long)
          ? option.long
          : option.short;
      throw new Error(`Cannot add option '${option.flags}'${this._name && ` to command '${this._name}'`} due to conflicting flag '${matchingFlag}'
-  already used by option '${matchingOption.flags}'`);
    }

    this._initOptionGroup(option);
    this.options.push(option);
  }

  /**
   * Check for command name and alias conflicts with existing commands.
   * Register command if no conflicts found, or throw on conflict.
   *
   * @param {Command} command
   * @private
   */

  _registerCommand(command) {
    const knownBy = (cmd) => {
      return [cmd.name()].concat(cmd.aliases());
    };

    const alreadyUsed = knownBy(command).find((name) =>
      this._findCommand(name),
    );
    if (alreadyUsed) {
      const existingCmd = knownBy(this._findCommand(alreadyUsed)).join('|');
      const newCmd = knownBy(command).join('|');
      throw new Error(
        `cannot add command '${newCmd}' as already have command '${existingCmd}'`,
      );
    }

    this._initCommandGroup(command);
    this.commands.push(command);
  }

  /**
   * Add an option.
   *
   * @param {Option} option
   * @return {Command} `this` command for chaining
   */
  addOption(option) {
    this._registerOption(option);

    const oname = option.name();
    const name = option.attributeName();

    // store default value
    if (option.negate) {
      // --no-foo is special and defaults foo to true, unless a --foo option is already defined
      const positiveLongFlag = option.long.replace(/^--no-/, '--');
      if (!this._findOption(positiveLongFlag)) {
        this.setOptionValueWithSource(
          name,
          option.defaultValue === undefined ? true : option.defaultValue,
          'default',
        );
      }
    } else if (option.defaultValue !== undefined) {
      this.setOptionValueWithSource(name, option.defaultValue, 'default');
    }

    // handler for cli and env supplied values
    const handleOptionValue = (val, invalidValueMessage, valueSource) => {
      // val is null for optional option used without an optional-argument.
      // val is undefined for boolean and negated option.
      if (val == null && option.presetArg !== undefined) {
        val = option.presetArg;
      }

      // custom processing
      const oldValue = this.getOptionValue(name);
      if (val !== null && option.parseArg) {
        val = this._callParseArg(option, val, oldValue, invalidValueMessage);
      } else if (val !== null && option.variadic) {
        val = option._collectValue(val, oldValue);
      }

      // Fill-in appropriate missing values. Long winded but easy to follow.
      if (val == null) {
        if (option.negate) {
          val = false;
        } else if (option.isBoolean() || option.optional) {
          val = true;
        } else {
          val = ''; // not normal, parseArg might have failed or be a mock function for testing
        }
      }
      this.setOptionValueWithSource(name, val, valueSource);
    };

    this.on('option:' + oname, (val) => {
      const invalidValueMessage = `error: option '${option.flags}' argument '${val}' is invalid.`;
      handleOptionValue(val, invalidValueMessage, 'cli');
    });

    if (option.envVar) {
      this.on('optionEnv:' + oname, (val) => {
        const invalidValueMessage = `error: option '${option.flags}' value '${val}' from env '${option.envVar}' is invalid.`;
        handleOptionValue(val, invalidValueMessage, 'env');
      });
    }

    return this;
  }

  /**
   * Internal implementation shared by .option() and .requiredOption()
   *
   * @return {Command} `this` command for chaining
   * @private
   */
  _optionEx(config, flags, description, fn, defaultValue) {
    if (typeof flags === 'object' && flags instanceof Option) {
      throw new Error(
        'To add an Option object use addOption() instead of option() or requiredOption()',
      );
    }
    const option = this.createOption(flags, description);
    option.makeOptionMandatory(!!config.mandatory);
    if (typeof fn === 'function') {
      option.default(defaultValue).argParser(fn);
    } else if (fn instanceof RegExp) {
      // deprecated
      const regex = fn;
      fn = (val, def) => {
        const m = regex.exec(val);
        return m ? m[0] : def;
      };
      option.default(defaultValue).argParser(fn);
    } else {
      option.default(fn);
    }

    return this.addOption(option);
  }

  /**
   * Define option with `flags`, `description`, and optional argument parsing function or `defaultValue` or both.
   *
   * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space. A required
   * option-argument is indicated by `<>` and an optional option-argument by `[]`.
   *
   * See the README for more details, and see also addOption() and requiredOption().
   *
   * @example
   * program
   *     .option('-p, --pepper', 'add pepper')
   *     .option('--pt, --pizza-type <TYPE>', 'type of pizza') // required option-argument
   *     .option('-c, --cheese [CHEESE]', 'add extra cheese', 'mozzarella') // optional option-argument with default
   *     .option('-t, --tip <VALUE>', 'add tip to purchase cost', parseFloat) // custom parse function
   *
   * @param {string} flags
   * @param {string} [description]
   * @param {(Function|*)} [parseArg] - custom option processing function or default value
   * @param {*} [defaultValue]
   * @return {Command} `this` command for chaining
   */

  option(flags, description, parseArg, defaultValue) {
    return this._optionEx({}, flags, description, parseArg, defaultValue);
  }

  /**
   * Add a required option which must have a value after parsing. This usually means
   * the option must be specified on the command line. (Otherwise the same as .option().)
   *
   * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space.
   *
   * @param {string} flags
   * @param {string} [description]
   * @param {(Function|*)} [parseArg] - custom option processing function or default value
   * @param {*} [defaultValue]
   * @return {Command} `this` command for chaining
   */

  requiredOption(flags, description, parseArg, defaultValue) {
    return this._optionEx(
      { mandatory: true },
      flags,
      description,
      parseArg,
      defaultValue,
    );
  }

  /**
   * Alter parsing of short flags with optional values.
   *
   * @example
   * // for `.option('-f,--flag [value]'):
   * program.combineFlagAndOptionalValue(true);  // `-f80` is treated like `--flag=80`, this is the default behaviour
   * program.combineFlagAndOptionalValue(false) // `-fb` is treated like `-f -b`
   *
   * @param {boolean} [combine] - if `true` or omitted, an optional value can be specified directly after the flag.
   * @return {Command} `this` command for chaining
   */
  combineFlagAndOptionalValue(combine = true) {
    this._combineFlagAndOptionalValue = !!combine;
    return this;
  }

  /**
   * Allow unknown options on the command line.
   *
   * @param {boolean} [allowUnknown] - if `true` or omitted, no error will be thrown for unknown options.
   * @return {Command} `this` command for chaining
   */
  allowUnknownOption(allowUnknown = true) {
    this._allowUnknownOption = !!allowUnknown;
    return this;
  }

  /**
   * Allow excess command-arguments on the command line. Pass false to make excess arguments an error.
   *
   * @param {boolean} [allowExcess] - if `true` or omitted, no error will be thrown for excess arguments.
   * @return {Command} `this` command for chaining
   */
  allowExcessArguments(allowExcess = true) {
    this._allowExcessArguments = !!allowExcess;
    return this;
  }

  /**
   * Enable positional options. Positional means global options are specified before subcommands which lets
   * subcommands reuse the same option names, and also enables subcommands to turn on passThroughOptions.
   * The default behaviour is non-positional and global options may appear anywhere on the command line.
   *
   * @param {boolean} [positional]
   * @return {Command} `this` command for chaining
   */
  enablePositionalOptions(positional = true) {
    this._enablePositionalOptions = !!positional;
    return this;
  }

  /**
   * Pass through options that come after command-arguments rather than treat them as command-options,
   * so actual command-options come before command-arguments. Turning this on for a subcommand requires
   * positional options to have been enabled on the program (parent commands).
   * The default behaviour is non-positional and options may appear before or after command-arguments.
   *
   * @param {boolean} [passThrough] for unknown options.
   * @return {Command} `this` command for chaining
   */
  passThroughOptions(passThrough = true) {
    this._passThroughOptions = !!passThrough;
    this._checkForBrokenPassThrough();
    return this;
  }

  /**
   * @private
   */

  _checkForBrokenPassThrough() {
    if (
      this.parent &&
      this._passThroughOptions &&
      !this.parent._enablePositionalOptions
    ) {
      throw new Error(
        `passThroughOptions cannot be used for '${this._name}' without turning on enablePositionalOptions for parent command(s)`,
      );
    }
  }

  /**
   * Whether to store option values as properties on command object,
   * or store separately (specify false). In both cases the option values can be accessed using .opts().
   *
   * @param {boolean} [storeAsProperties=true]
   * @return {Command} `this` command for chaining
   */

  storeOptionsAsProperties(storeAsProperties = true) {
    if (this.options.length) {
      throw new Error('call .storeOptionsAsProperties() before adding options');
    }
    if (Object.keys(this._optionValues).length) {
      throw new Error(
        'call .storeOptionsAsProperties() before setting option values',
      );
    }
    this._storeOptionsAsProperties = !!storeAsProperties;
    return this;
  }

  /**
   * Retrieve option value.
   *
   * @param {string} key
   * @return {object} value
   */

  getOptionValue(key) {
    if (this._storeOptionsAsProperties) {
      return this[key];
    }
    return this._optionValues[key];
  }

  /**
   * Store option value.
   *
   * @param {string} key
   * @param {object} value
   * @return {Command} `this` command for chaining
   */

  setOptionValue(key, value) {
    return this.setOptionValueWithSource(key, value, undefined);
  }

  /**
   * Store option value and where the value came from.
   *
   * @param {string} key
   * @param {object} value
   * @param {string} source - expected values are default/config/env/cli/implied
   * @return {Command} `this` command for chaining
   */

  setOptionValueWithSource(key, value, source) {
    if (this._storeOptionsAsProperties) {
      this[key] = value;
    } else {
      this._optionValues[key] = value;
    }
    this._optionValueSources[key] = source;
    return this;
  }

  /**
   * Get source of option value.
   * Expected values are default | config | env | cli | implied
   *
   * @param {string} key
   * @return {string}
   */

  getOptionValueSource(key) {
    return this._optionValueSources[key];
  }

  /**
   * Get source of option value. See also .optsWithGlobals().
   * Expected values are default | config | env | cli | implied
   *
   * @param {string} key
   * @return {string}
   */

  getOptionValueSourceWithGlobals(key) {
    // global overwrites local, like optsWithGlobals
    let source;
    this._getCommandAndAncestors().forEach((cmd) => {
      if (cmd.getOptionValueSource(key) !== undefined) {
        source = cmd.getOptionValueSource(key);
      }
    });
    return source;
  }

  /**
   * Get user arguments from implied or explicit arguments.
   * Side-effects: set _scriptPath if args included script. Used for default program name, and subcommand searches.
   *
   * @private
   */

  _prepareUserArgs(argv, parseOptions) {
    if (argv !== undefined && !Array.isArray(argv)) {
      throw new Error('first parameter to parse must be array or undefined');
    }
    parseOptions = parseOptions || {};

    // auto-detect argument conventions if nothing supplied
    if (argv === undefined && parseOptions.from === undefined) {
      if (process.versions?.electron) {
        parseOptions.from = 'electron';
      }
      // check node specific options for scenarios where user CLI args follow executable without scriptname
      const execArgv = process.execArgv ?? [];
      if (
        execArgv.includes('-e') ||
        execArgv.includes('--eval') ||
        execArgv.includes('-p') ||
        execArgv.includes('--print')
      ) {
        parseOptions.from = 'eval'; // internal usage, not documented
      }
    }

    // default to using process.argv
    if (argv === undefined) {
      argv = process.argv;
    }
    this.rawArgs = argv.slice();

    // extract the user args and scriptPath
    let userArgs;
    switch (parseOptions.from) {
      case undefined:
      case 'node':
        this._scriptPath = argv[1];
        userArgs = argv.slice(2);
        break;
      case 'electron':
        // @ts-ignore: because defaultApp is an unknown property
        if (process.defaultApp) {
          this._scriptPath = argv[1];
          userArgs = argv.slice(2);
        } else {
          userArgs = argv.slice(1);
        }
        break;
      case 'user':
        userArgs = argv.slice(0);
        break;
      case 'eval':
        userArgs = argv.slice(1);
        break;
      default:
        throw new Error(
          `unexpected parse option { from: '${parseOptions.from}' }`,
        );
    }

    // Find default name for program from arguments.
    if (!this._name && this._scriptPath)
      this.nameFromFilename(this._scriptPath);
    this._name = this._name || 'program';

    return userArgs;
  }

  /**
   * Parse `argv`, setting options and invoking commands when defined.
   *
   * Use parseAsync instead of parse if any of your action handlers are async.
   *
   * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
   *
   * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
   * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
   * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
   * - `'user'`: just user arguments
   *
   * @example
   * program.parse(); // parse process.argv and auto-detect electron and special node flags
   * program.parse(process.argv); // assume argv[0] is app and argv[1] is script
   * program.parse(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
   *
   * @param {string[]} [argv] - optional, defaults to process.argv
   * @param {object} [parseOptions] - optionally specify style of options with from: node/user/electron
   * @param {string} [parseOptions.from] - where the args are from: 'node', 'user', 'electron'
   * @return {Command} `this` command for chaining
   */

  parse(argv, parseOptions) {
    this._prepareForParse();
    const userArgs = this._prepareUserArgs(argv, parseOptions);
    this._parseCommand([], userArgs);

    return this;
  }

  /**
   * Parse `argv`, setting options and invoking commands when defined.
   *
   * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
   *
   * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
   * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
   * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
   * - `'user'`: just user arguments
   *
   * @example
   * await program.parseAsync(); // parse process.argv and auto-detect electron and special node flags
   * await program.parseAsync(process.argv); // assume argv[0] is app and argv[1] is script
   * await program.parseAsync(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
   *
   * @param {string[]} [argv]
   * @param {object} [parseOptions]
   * @param {string} parseOptions.from - where the args are from: 'node', 'user', 'electron'
   * @return {Promise}
   */

  async parseAsync(argv, parseOptions) {
    this._prepareForParse();
    const userArgs = this._prepareUserArgs(argv, parseOptions);
    await this._parseCommand([], userArgs);

    return this;
  }

  _prepareForParse() {
    if (this._savedState === null) {
      this.saveStateBeforeParse();
    } else {
      this.restoreStateBeforeParse();
    }
  }

  /**
   * Called the first time parse is called to save state and allow a restore before subsequent calls to parse.
   * Not usually called directly, but available for subclasses to save their custom state.
   *
   * This is called in a lazy way. Only commands used in parsing chain will have state saved.
   */
  saveStateBeforeParse() {
    this._savedState = {
      // name is stable if supplied by author, but may be unspecified for root command and deduced during parsing
      _name: this._name,
      // option values before parse have default values (including false for negated options)
      // shallow clones
      _optionValues: { ...this._optionValues },
      _optionValueSources: { ...this._optionValueSources },
    };
  }

  /**
   * Restore state before parse for calls after the first.
   * Not usually called directly, but available for subclasses to save their custom state.
   *
   * This is called in a lazy way. Only commands used in parsing chain will have state restored.
   */
  restoreStateBeforeParse() {
    if (this._storeOptionsAsProperties)
      throw new Error(`Can not call parse again when storeOptionsAsProperties is true.
- either make a new Command for each call to parse, or stop storing options as properties`);

    // clear state from _prepareUserArgs
    this._name = this._savedState._name;
    this._scriptPath = null;
    this.rawArgs = [];
    // clear state from setOptionValueWithSource
    this._optionValues = { ...this._savedState._optionValues };
    this._optionValueSources = { ...this._savedState._optionValueSources };
    // clear state from _parseCommand
    this.args = [];
    // clear state from _processArguments
    this.processedArgs = [];
  }

  /**
   * Throw if expected executable is missing. Add lots of help for author.
   *
   * @param {string} executableFile
   * @param {string} executableDir
   * @param {string} subcommandName
   */
  _checkForMissingExecutable(executableFile, executableDir, subcommandName) {
    if (fs.existsSync(executableFile)) return;

    const executableDirMessage = executableDir
      ? `searched for local subcommand relative to directory '${executableDir}'`
      : 'no directory for search for local subcommand, use .executableDir() to supply a custom directory';
    const executableMissing = `'${executableFile}' does not exist
 - if '${subcommandName}' is not meant to be an executable command, remove description parameter from '.command()' and use '.description()' instead
 - if the default executable name is not suitable, use the executableFile option to supply a custom name or path
 - ${executableDirMessage}`;
    throw new Error(executableMissing);
  }

  /**
   * Execute a sub-command executable.
   *
   * @private
   */

  _executeSubCommand(subcommand, args) {
    args = args.slice();
    let launchWithNode = false; // Use node for source targets so do not need to get permissions correct, and on Windows.
    const sourceExt = ['.js', '.ts', '.tsx', '.mjs', '.cjs'];

    function findFile(baseDir, baseName) {
      // Look for specified file
      const localBin = path.resolve(baseDir, baseName);
      if (fs.existsSync(localBin)) return localBin;

      // Stop looking if candidate already has an expected extension.
      if (sourceExt.includes(path.extname(baseName))) return undefined;

      // Try all the extensions.
      const foundExt = sourceExt.find((ext) =>
        fs.existsSync(`${localBin}${ext}`),
      );
      if (foundExt) return `${localBin}${foundExt}`;

      return undefined;
    }

    // Not checking for help first. Unlikely to have mandatory and executable, and can't robustly test for help flags in external command.
    this._checkForMissingMandatoryOptions();
    this._checkForConflictingOptions();

    // executableFile and executableDir might be full path, or just a name
    let executableFile =
      subcommand._executableFile || `${this._name}-${subcommand._name}`;
    let executableDir = this._executableDir || '';
    if (this._scriptPath) {
      let resolvedScriptPath; // resolve possible symlink for installed npm binary
      try {
        resolvedScriptPath = fs.realpathSync(this._scriptPath);
      } catch {
        resolvedScriptPath = this._scriptPath;
      }
      executableDir = path.resolve(
        path.dirname(resolvedScriptPath),
        executableDir,
      );
    }

    // Look for a local file in preference to a command in PATH.
    if (executableDir) {
      let localFile = findFile(executableDir, executableFile);

      // Legacy search using prefix of script name instead of command name
      if (!localFile && !subcommand._executableFile && this._scriptPath) {
        const legacyName = path.basename(
          this._scriptPath,
          path.extname(this._scriptPath),
        );
        if (legacyName !== this._name) {
          localFile = findFile(
            executableDir,
            `${legacyName}-${subcommand._name}`,
          );
        }
      }
      executableFile = localFile || executableFile;
    }

    launchWithNode = sourceExt.includes(path.extname(executableFile));

    let proc;
    if (process.platform !== 'win32') {
      if (launchWithNode) {
        args.unshift(executableFile);
        // add executable arguments to spawn
        args = incrementNodeInspectorPort(process.execArgv).concat(args);

        proc = childProcess.spawn(process.argv[0], args, { stdio: 'inherit' });
      } else {
        proc = childProcess.spawn(executableFile, args, { stdio: 'inherit' });
      }
    } else {
      this._checkForMissingExecutable(
        executableFile,
        executableDir,
        subcommand._name,
      );
      args.unshift(executableFile);
      // add executable arguments to spawn
      args = incrementNodeInspectorPort(process.execArgv).concat(args);
      proc = childProcess.spawn(process.execPath, args, { stdio: 'inherit' });
    }

    if (!proc.killed) {
      // testing mainly to avoid leak warnings during unit tests with mocked spawn
      const signals = ['SIGUSR1', 'SIGUSR2', 'SIGTERM', 'SIGINT', 'SIGHUP'];
      signals.forEach((signal) => {
        process.on(signal, () => {
          if (proc.killed === false && proc.exitCode === null) {
            // @ts-ignore because signals not typed to known strings
            proc.kill(signal);
          }
        });
      });
    }

    // By default terminate process when spawned process terminates.
    const exitCallback = this._exitCallback;
    proc.on('close', (code) => {
      code = code ?? 1; // code is null if spawned process terminated due to a signal
      if (!exitCallback) {
        process.exit(code);
      } else {
        exitCallback(
          new CommanderError(
            code,
            'commander.executeSubCommandAsync',
            '(close)',
          ),
        );
      }
    });
    proc.on('error', (err) => {
      // @ts-ignore: because err.code is an unknown property
      if (err.code === 'ENOENT') {
        this._checkForMissingExecutable(
          executableFile,
          executableDir,
          subcommand._name,
        );
        // @ts-ignore: because err.code is an unknown property
      } else if (err.code === 'EACCES') {
        throw new Error(`'${executableFile}' not executable`);
      }
      if (!exitCallback) {
        process.exit(1);
      } else {
        const wrappedError = new CommanderError(
          1,
          'commander.executeSubCommandAsync',
          '(error)',
        );
        wrappedError.nestedError = err;
        exitCallback(wrappedError);
      }
    });

    // Store the reference to the child process
    this.runningCommand = proc;
  }

  /**
   * @private
   */

  _dispatchSubcommand(commandName, operands, unknown) {
    const subCommand = this._findCommand(commandName);
    if (!subCommand) this.help({ error: true });

    subCommand._prepareForParse();
    let promiseChain;
    promiseChain = this._chainOrCallSubCommandHook(
      promiseChain,
      subCommand,
      'preSubcommand',
    );
    promiseChain = this._chainOrCall(promiseChain, () => {
      if (subCommand._executableHandler) {
        this._executeSubCommand(subCommand, operands.concat(unknown));
      } else {
        return subCommand._parseCommand(operands, unknown);
      }
    });
    return promiseChain;
  }

  /**
   * Invoke help directly if possible, or dispatch if necessary.
   * e.g. help foo
   *
   * @private
   */

  _dispatchHelpCommand(subcommandName) {
    if (!subcommandName) {
      this.help();
    }
    const subCommand = this._findCommand(subcommandName);
    if (subCommand && !subCommand._executableHandler) {
      subCommand.help();
    }

    // Fallback to parsing the help flag to invoke the help.
    return this._dispatchSubcommand(
      subcommandName,
      [],
      [this._getHelpOption()?.long ?? this._getHelpOption()?.short ?? '--help'],
    );
  }

  /**
   * Check this.args against expected this.registeredArguments.
   *
   * @private
   */

  _checkNumberOfArguments() {
    // too few
    this.registeredArguments.forEach((arg, i) => {
      if (arg.required && this.args[i] == null) {
        this.missingArgument(arg.name());
      }
    });
    // too many
    if (
      this.registeredArguments.length > 0 &&
      this.registeredArguments[this.registeredArguments.length - 1].variadic
    ) {
      return;
    }
    if (this.args.length > this.registeredArguments.length) {
      this._excessArguments(this.args);
    }
  }

  /**
   * Process this.args using this.registeredArguments and save as this.processedArgs!
   *
   * @private
   */

  _processArguments() {
    const myParseArg = (argument, value, previous) => {
      // Extra processing for nice error message on parsing failure.
      let parsedValue = value;
      if (value !== null && argument.parseArg) {
        const invalidValueMessage = `error: command-argument value '${value}' is invalid for argument '${argument.name()}'.`;
        parsedValue = this._callParseArg(
          argument,
          value,
          previous,
          invalidValueMessage,
        );
      }
      return parsedValue;
    };

    this._checkNumberOfArguments();

    const processedArgs = [];
    this.registeredArguments.forEach((declaredArg, index) => {
      let value = declaredArg.defaultValue;
      if (declaredArg.variadic) {
        // Collect together remaining arguments for passing together as an array.
        if (index < this.args.length) {
          value = this.args.slice(index);
          if (declaredArg.parseArg) {
            value = value.reduce((processed, v) => {
              return myParseArg(declaredArg, v, processed);
            }, declaredArg.defaultValue);
          }
        } else if (value === undefined) {
          value = [];
        }
      } else if (index < this.args.length) {
        value = this.args[index];
        if (declaredArg.parseArg) {
          value = myParseArg(declaredArg, value, declaredArg.defaultValue);
        }
      }
      processedArgs[index] = value;
    });
    this.processedArgs = processedArgs;
  }

  /**
   * Once we have a promise we chain, but call synchronously until then.
   *
   * @param {(Promise|undefined)} promise
   * @param {Function} fn
   * @return {(Promise|undefined)}
   * @private
   */

  _chainOrCall(promise, fn) {
    // thenable
    if (promise?.then && typeof promise.then === 'function') {
      // already have a promise, chain callback
      return promise.then(() => fn());
    }
    // callback might return a promise
    return fn();
  }

  /**
   *
   * @param {(Promise|undefined)} promise
   * @param {string} event
   * @return {(Promise|undefined)}
   * @private
   */

  _chainOrCallHooks(promise, event) {
    let result = promise;
    const hooks = [];
    this._getCommandAndAncestors()
      .reverse()
      .filter((cmd) => cmd._lifeCycleHooks[event] !== undefined)
      .forEach((hookedCommand) => {
        hookedCommand._lifeCycleHooks[event].forEach((callback) => {
          hooks.push({ hookedCommand, callback });
        });
      });
    if (event === 'postAction') {
      hooks.reverse();
    }

    hooks.forEach((hookDetail) => {
      result = this._chainOrCall(result, () => {
        return hookDetail.callback(hookDetail.hookedCommand, this);
      });
    });
    return result;
  }

  /**
   *
   * @param {(Promise|undefined)} promise
   * @param {Command} subCommand
   * @param {string} event
   * @return {(Promise|undefined)}
   * @private
   */

  _chainOrCallSubCommandHook(promise, subCommand, event) {
    let result = promise;
    if (this._lifeCycleHooks[event] !== undefined) {
      this._lifeCycleHooks[event].forEach((hook) => {
        result = this._chainOrCall(result, () => {
          return hook(this, subCommand);
        });
      });
    }
    return result;
  }

  /**
   * Process arguments in context of this command.
   * Returns action result, in case it is a promise.
   *
   * @private
   */

  _parseCommand(operands, unknown) {
    const parsed = this.parseOptions(unknown);
    this._parseOptionsEnv(); // after cli, so parseArg not called on both cli and env
    this._parseOptionsImplied();
    operands = operands.concat(parsed.operands);
    unknown = parsed.unknown;
    this.args = operands.concat(unknown);

    if (operands && this._findCommand(operands[0])) {
      return this._dispatchSubcommand(operands[0], operands.slice(1), unknown);
    }
    if (
      this._getHelpCommand() &&
      operands[0] === this._getHelpCommand().name()
    ) {
      return this._dispatchHelpCommand(operands[1]);
    }
    if (this._defaultCommandName) {
      this._outputHelpIfRequested(unknown); // Run the help for default command from parent rather than passing to default command
      return this._dispatchSubcommand(
        this._defaultCommandName,
        operands,
        unknown,
      );
    }
    if (
      this.commands.length &&
      this.args.length === 0 &&
      !this._actionHandler &&
      !this._defaultCommandName
    ) {
      // probably missing subcommand and no handler, user needs help (and exit)
      this.help({ error: true });
    }

    this._outputHelpIfRequested(parsed.unknown);
    this._checkForMissingMandatoryOptions();
    this._checkForConflictingOptions();

    // We do not always call this check to avoid masking a "better" error, like unknown command.
    const checkForUnknownOptions = () => {
      if (parsed.unknown.length > 0) {
        this.unknownOption(parsed.unknown[0]);
      }
    };

    const commandEvent = `command:${this.name()}`;
    if (this._actionHandler) {
      checkForUnknownOptions();
      this._processArguments();

      let promiseChain;
      promiseChain = this._chainOrCallHooks(promiseChain, 'preAction');
      promiseChain = this._chainOrCall(promiseChain, () =>
        this._actionHandler(this.processedArgs),
      );
      if (this.parent) {
        promiseChain = this._chainOrCall(promiseChain, () => {
          this.parent.emit(commandEvent, operands, unknown); // legacy
        });
      }
      promiseChain = this._chainOrCallHooks(promiseChain, 'postAction');
      return promiseChain;
    }
    if (this.parent?.listenerCount(commandEvent)) {
      checkForUnknownOptions();
      this._processArguments();
      this.parent.emit(commandEvent, operands, unknown); // legacy
    } else if (operands.length) {
      if (this._findCommand('*')) {
        // legacy default command
        return this._dispatchSubcommand('*', operands, unknown);
      }
      if (this.listenerCount('command:*')) {
        // skip option check, emit event for possible misspelling suggestion
        this.emit('command:*', operands, unknown);
      } else if (this.commands.length) {
        this.unknownCommand();
      } else {
        checkForUnknownOptions();
        this._processArguments();
      }
    } else if (this.commands.length) {
      checkForUnknownOptions();
      // This command has subcommands and nothing hooked up at this level, so display help (and exit).
      this.help({ error: true });
    } else {
      checkForUnknownOptions();
      this._processArguments();
      // fall through for caller to handle after calling .parse()
    }
  }

  /**
   * Find matching command.
   *
   * @private
   * @return {Command | undefined}
   */
  _findCommand(name) {
    if (!name) return undefined;
    return this.commands.find(
      (cmd) => cmd._name === name || cmd._aliases.includes(name),
    );
  }

  /**
   * Return an option matching `arg` if any.
   *
   * @param {string} arg
   * @return {Option}
   * @package
   */

  _findOption(arg) {
    return this.options.find((option) => option.is(arg));
  }

  /**
   * Display an error message if a mandatory option does not have a value.
   * Called after checking for help flags in leaf subcommand.
   *
   * @private
   */

  _checkForMissingMandatoryOptions() {
    // Walk up hierarchy so can call in subcommand after checking for displaying help.
    this._getCommandAndAncestors().forEach((cmd) => {
      cmd.options.forEach((anOption) => {
        if (
          anOption.mandatory &&
          cmd.getOptionValue(anOption.attributeName()) === undefined
        ) {
          cmd.missingMandatoryOptionValue(anOption);
        }
      });
    });
  }

  /**
   * Display an error message if conflicting options are used together in this.
   *
   * @private
   */
  _checkForConflictingLocalOptions() {
    const definedNonDefaultOptions = this.options.filter((option) => {
      const optionKey = option.attributeName();
      if (this.getOptionValue(optionKey) === undefined) {
        return false;
      }
      return this.getOptionValueSource(optionKey) !== 'default';
    });

    const optionsWithConflicting = definedNonDefaultOptions.filter(
      (option) => option.conflictsWith.length > 0,
    );

    optionsWithConflicting.forEach((option) => {
      const conflictingAndDefined = definedNonDefaultOptions.find((defined) =>
        option.conflictsWith.includes(defined.attributeName()),
      );
      if (conflictingAndDefined) {
        this._conflictingOption(option, conflictingAndDefined);
      }
    });
  }

  /**
   * Display an error message if conflicting options are used together.
   * Called after checking for help flags in leaf subcommand.
   *
   * @private
   */
  _checkForConflictingOptions() {
    // Walk up hierarchy so can call in subcommand after checking for displaying help.
    this._getCommandAndAncestors().forEach((cmd) => {
      cmd._checkForConflictingLocalOptions();
    });
  }

  /**
   * Parse options from `argv` removing known options,
   * and return argv split into operands and unknown arguments.
   *
   * Side effects: modifies command by storing options. Does not reset state if called again.
   *
   * Examples:
   *
   *     argv => operands, unknown
   *     --known kkk op => [op], []
   *     op --known kkk => [op], []
   *     sub --unknown uuu op => [sub], [--unknown uuu op]
   *     sub -- --unknown uuu op => [sub --unknown uuu op], []
   *
   * @param {string[]} args
   * @return {{operands: string[], unknown: string[]}}
   */

  parseOptions(args) {
    const operands = []; // operands, not options or values
    const unknown = []; // first unknown option and remaining unknown args
    let dest = operands;

    function maybeOption(arg) {
      return arg.length > 1 && arg[0] === '-';
    }

    const negativeNumberArg = (arg) => {
      // return false if not a negative number
      if (!/^-(\d+|\d*\.\d+)(e[+-]?\d+)?$/.test(arg)) return false;
      // negative number is ok unless digit used as an option in command hierarchy
      return !this._getCommandAndAncestors().some((cmd) =>
        cmd.options
          .map((opt) => opt.short)
          .some((short) => /^-\d$/.test(short)),
      );
    };

    // parse options
    let activeVariadicOption = null;
    let activeGroup = null; // working through group of short options, like -abc
    let i = 0;
    while (i < args.length || activeGroup) {
      const arg = activeGroup ?? args[i++];
      activeGroup = null;

      // literal
      if (arg === '--') {
        if (dest === unknown) dest.push(arg);
        dest.push(...args.slice(i));
        break;
      }

      if (
        activeVariadicOption &&
        (!maybeOption(arg) || negativeNumberArg(arg))
      ) {
        this.emit(`option:${activeVariadicOption.name()}`, arg);
        continue;
      }
      activeVariadicOption = null;

      if (maybeOption(arg)) {
        const option = this._findOption(arg);
        // recognised option, call listener to assign value with possible custom processing
        if (option) {
          if (option.required) {
            const value = args[i++];
            if (value === undefined) this.optionMissingArgument(option);
            this.emit(`option:${option.name()}`, value);
          } else if (option.optional) {
            let value = null;
            // historical behaviour is optional value is following arg unless an option
            if (
              i < args.length &&
              (!maybeOption(args[i]) || negativeNumberArg(args[i]))
            ) {
              value = args[i++];
            }
            this.emit(`option:${option.name()}`, value);
          } else {
            // boolean flag
            this.emit(`option:${option.name()}`);
          }
          activeVariadicOption = option.variadic ? option : null;
          continue;
        }
      }

      // Look for combo options following single dash, eat first one if known.
      if (arg.length > 2 && arg[0] === '-' && arg[1] !== '-') {
        const option = this._findOption(`-${arg[1]}`);
        if (option) {
          if (
            option.required ||
            (option.optional && this._combineFlagAndOptionalValue)
          ) {
            // option with value following in same argument
            this.emit(`option:${option.name()}`, arg.slice(2));
          } else {
            // boolean option
            this.emit(`option:${option.name()}`);
            // remove the processed option and keep processing group
            activeGroup = `-${arg.slice(2)}`;
          }
          continue;
        }
      }

      // Look for known long flag with value, like --foo=bar
      if (/^--[^=]+=/.test(arg)) {
        const index = arg.indexOf('=');
        const option = this._findOption(arg.slice(0, index));
        if (option && (option.required || option.optional)) {
          this.emit(`option:${option.name()}`, arg.slice(index + 1));
          continue;
        }
      }

      // Not a recognised option by this command.
      // Might be a command-argument, or subcommand option, or unknown option, or help command or option.

      // An unknown option means further arguments also classified as unknown so can be reprocessed by subcommands.
      // A negative number in a leaf command is not an unknown option.
      if (
        dest === operands &&
        maybeOption(arg) &&
        !(this.commands.length === 0 && negativeNumberArg(arg))
      ) {
        dest = unknown;
      }

      // If using positionalOptions, stop processing our options at subcommand.
      if (
        (this._enablePositionalOptions || this._passThroughOptions) &&
        operands.length === 0 &&
        unknown.length === 0
      ) {
        if (this._findCommand(arg)) {
          operands.push(arg);
          unknown.push(...args.slice(i));
          break;
        } else if (
          this._getHelpCommand() &&
          arg === this._getHelpCommand().name()
        ) {
          operands.push(arg, ...args.slice(i));
          break;
        } else if (this._defaultCommandName) {
          unknown.push(arg, ...args.slice(i));
          break;
        }
      }

      // If using passThroughOptions, stop processing options at first command-argument.
      if (this._passThroughOptions) {
        dest.push(arg, ...args.slice(i));
        break;
      }

      // add arg
      dest.push(arg);
    }

    return { operands, unknown };
  }

  /**
   * Return an object containing local option values as key-value pairs.
   *
   * @return {object}
   */
  opts() {
    if (this._storeOptionsAsProperties) {
      // Preserve original behaviour so backwards compatible when still using properties
      const result = {};
      const len = this.options.length;

      for (let i = 0; i < len; i++) {
        const key = this.options[i].attributeName();
        result[key] =
          key === this._versionOptionName ? this._version : this[key];
      }
      return result;
    }

    return this._optionValues;
  }

  /**
   * Return an object containing merged local and global option values as key-value pairs.
   *
   * @return {object}
   */
  optsWithGlobals() {
    // globals overwrite locals
    return this._getCommandAndAncestors().reduce(
      (combinedOptions, cmd) => Object.assign(combinedOptions, cmd.opts()),
      {},
    );
  }

  /**
   * Display error message and exit (or call exitOverride).
   *
   * @param {string} message
   * @param {object} [errorOptions]
   * @param {string} [errorOptions.code] - an id string representing the error
   * @param {number} [errorOptions.exitCode] - used with process.exit
   */
  error(message, errorOptions) {
    // output handling
    this._outputConfiguration.outputError(
      `${message}\n`,
      this._outputConfiguration.writeErr,
    );
    if (typeof this._showHelpAfterError === 'string') {
      this._outputConfiguration.writeErr(`${this._showHelpAfterError}\n`);
    } else if (this._showHelpAfterError) {
      this._outputConfiguration.writeErr('\n');
      this.outputHelp({ error: true });
    }

    // exit handling
    const config = errorOptions || {};
    const exitCode = config.exitCode || 1;
    const code = config.code || 'commander.error';
    this._exit(exitCode, code, message);
  }

  /**
   * Apply any option related environment variables, if option does
   * not have a value from cli or client code.
   *
   * @private
   */
  _parseOptionsEnv() {
    this.options.forEach((option) => {
      if (option.envVar && option.envVar in process.env) {
        const optionKey = option.attributeName();
        // Priority check. Do not overwrite cli or options from unknown source (client-code).
        if (
          this.getOptionValue(optionKey) === undefined ||
          ['default', 'config', 'env'].includes(
            this.getOptionValueSource(optionKey),
          )
        ) {
          if (option.required || option.optional) {
            // option can take a value
            // keep very simple, optional always takes value
            this.emit(`optionEnv:${option.name()}`, process.env[option.envVar]);
          } else {
            // boolean
            // keep very simple, only care that envVar defined and not the value
            this.emit(`optionEnv:${option.name()}`);
          }
        }
      }
    });
  }

  /**
   * Apply any implied option values, if option is undefined or default value.
   *
   * @private
   */
  _parseOptionsImplied() {
    const dualHelper = new DualOptions(this.options);
    const hasCustomOptionValue = (optionKey) => {
      return (
        this.getOptionValue(optionKey) !== undefined &&
        !['default', 'implied'].includes(this.getOptionValueSource(optionKey))
      );
    };
    this.options
      .filter(
        (option) =>
          option.implied !== undefined &&
          hasCustomOptionValue(option.attributeName()) &&
          dualHelper.valueFromOption(
            this.getOptionValue(option.attributeName()),
            option,
          ),
      )
      .forEach((option) => {
        Object.keys(option.implied)
          .filter((impliedKey) => !hasCustomOptionValue(impliedKey))
          .forEach((impliedKey) => {
            this.setOptionValueWithSource(
              impliedKey,
              option.implied[impliedKey],
              'implied',
            );
          });
      });
  }

  /**
   * Argument `name` is missing.
   *
   * @param {string} name
   * @private
   */

  missingArgument(name) {
    const message = `error: missing required argument '${name}'`;
    this.error(message, { code: 'commander.missingArgument' });
  }

  /**
   * `Option` is missing an argument.
   *
   * @param {Option} option
   * @private
   */

  optionMissingArgument(option) {
    const message = `error: option '${option.flags}' argument missing`;
    this.error(message, { code: 'commander.optionMissingArgument' });
  }

  /**
   * `Option` does not have a value, and is a mandatory option.
   *
   * @param {Option} option
   * @private
   */

  missingMandatoryOptionValue(option) {
    const message = `error: required option '${option.flags}' not specified`;
    this.error(message, { code: 'commander.missingMandatoryOptionValue' });
  }

  /**
   * `Option` conflicts with another option.
   *
   * @param {Option} option
   * @param {Option} conflictingOption
   * @private
   */
  _conflictingOption(option, conflictingOption) {
    // The calling code does not know whether a negated option is the source of the
    // value, so do some work to take an educated guess.
    const findBestOptionFromValue = (option) => {
      const optionKey = option.attributeName();
      const optionValue = this.getOptionValue(optionKey);
      const negativeOption = this.options.find(
        (target) => target.negate && optionKey === target.attributeName(),
      );
      const positiveOption = this.options.find(
        (target) => !target.negate && optionKey === target.attributeName(),
      );
      if (
        negativeOption &&
        ((negativeOption.presetArg === undefined && optionValue === false) ||
          (negativeOption.presetArg !== undefined &&
            optionValue === negativeOption.presetArg))
      ) {
        return negativeOption;
      }
      return positiveOption || option;
    };

    const getErrorMessage = (option) => {
      const bestOption = findBestOptionFromValue(option);
      const optionKey = bestOption.attributeName();
      const source = this.getOptionValueSource(optionKey);
      if (source === 'env') {
        return `environment variable '${bestOption.envVar}'`;
      }
      return `option '${bestOption.flags}'`;
    };

    const message = `error: ${getErrorMessage(option)} cannot be used with ${getErrorMessage(conflictingOption)}`;
    this.error(message, { code: 'commander.conflictingOption' });
  }

  /**
   * Unknown option `flag`.
   *
   * @param {string} flag
   * @private
   */

  unknownOption(flag) {
    if (this._allowUnknownOption) return;
    let suggestion = '';

    if (flag.startsWith('--') && this._showSuggestionAfterError) {
      // Looping to pick up the global options too
      let candidateFlags = [];
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      let command = this;
      do {
        const moreFlags = command
          .createHelp()
          .visibleOptions(command)
          .filter((option) => option.long)
          .map((option) => option.long);
        candidateFlags = candidateFlags.concat(moreFlags);
        command = command.parent;
      } while (command && !command._enablePositionalOptions);
      suggestion = suggestSimilar(flag, candidateFlags);
    }

    const message = `error: unknown option '${flag}'${suggestion}`;
    this.error(message, { code: 'commander.unknownOption' });
  }

  /**
   * Excess arguments, more than expected.
   *
   * @param {string[]} receivedArgs
   * @private
   */

  _excessArguments(receivedArgs) {
    if (this._allowExcessArguments) return;

    const expected = this.registeredArguments.length;
    const s = expected === 1 ? '' : 's';
    const forSubcommand = this.parent ? ` for '${this.name()}'` : '';
    const message = `error: too many arguments${forSubcommand}. Expected ${expected} argument${s} but got ${receivedArgs.length}.`;
    this.error(message, { code: 'commander.excessArguments' });
  }

  /**
   * Unknown command.
   *
   * @private
   */

  unknownCommand() {
    const unknownName = this.args[0];
    let suggestion = '';

    if (this._showSuggestionAfterError) {
      const candidateNames = [];
      this.createHelp()
        .visibleCommands(this)
        .forEach((command) => {
          candidateNames.push(command.name());
          // just visible alias
          if (command.alias()) candidateNames.push(command.alias());
        });
      suggestion = suggestSimilar(unknownName, candidateNames);
    }

    const message = `error: unknown command '${unknownName}'${suggestion}`;
    this.error(message, { code: 'commander.unknownCommand' });
  }

  /**
   * Get or set the program version.
   *
   * This method auto-registers the "-V, --version" option which will print the version number.
   *
   * You can optionally supply the flags and description to override the defaults.
   *
   * @param {string} [str]
   * @param {string} [flags]
   * @param {string} [description]
   * @return {(this | string | undefined)} `this` command for chaining, or version string if no arguments
   */

  version(str, flags, description) {
    if (str === undefined) return this._version;
    this._version = str;
    flags = flags || '-V, --version';
    description = description || 'output the version number';
    const versionOption = this.createOption(flags, description);
    this._versionOptionName = versionOption.attributeName();
    this._registerOption(versionOption);

    this.on('option:' + versionOption.name(), () => {
      this._outputConfiguration.writeOut(`${str}\n`);
      this._exit(0, 'commander.version', str);
    });
    return this;
  }

  /**
   * Set the description.
   *
   * @param {string} [str]
   * @param {object} [argsDescription]
   * @return {(string|Command)}
   */
  description(str, argsDescription) {
    if (str === undefined && argsDescription === undefined)
      return this._description;
    this._description = str;
    if (argsDescription) {
      this._argsDescription = argsDescription;
    }
    return this;
  }

  /**
   * Set the summary. Used when listed as subcommand of parent.
   *
   * @param {string} [str]
   * @return {(string|Command)}
   */
  summary(str) {
    if (str === undefined) return this._summary;
    this._summary = str;
    return this;
  }

  /**
   * Set an alias for the command.
   *
   * You may call more than once to add multiple aliases. Only the first alias is shown in the auto-generated help.
   *
   * @param {string} [alias]
   * @return {(string|Command)}
   */

  alias(alias) {
    if (alias === undefined) return this._aliases[0]; // just return first, for backwards compatibility

    /** @type {Command} */
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let command = this;
    if (
      this.commands.length !== 0 &&
      this.commands[this.commands.length - 1]._executableHandler
    ) {
      // assume adding alias for last added executable subcommand, rather than this
      command = this.commands[this.commands.length - 1];
    }

    if (alias === command._name)
      throw new Error("Command alias can't be the same as its name");
    const matchingCommand = this.parent?._findCommand(alias);
    if (matchingCommand) {
      // c.f. _registerCommand
      const existingCmd = [matchingCommand.name()]
        .concat(matchingCommand.aliases())
        .join('|');
      throw new Error(
        `cannot add alias '${alias}' to command '${this.name()}' as already have command '${existingCmd}'`,
      );
    }

    command._aliases.push(alias);
    return this;
  }

  /**
   * Set aliases for the command.
   *
   * Only the first alias is shown in the auto-generated help.
   *
   * @param {string[]} [aliases]
   * @return {(string[]|Command)}
   */

  aliases(aliases) {
    // Getter for the array of aliases is the main reason for having aliases() in addition to alias().
    if (aliases === undefined) return this._aliases;

    aliases.forEach((alias) => this.alias(alias));
    return this;
  }

  /**
   * Set / get the command usage `str`.
   *
   * @param {string} [str]
   * @return {(string|Command)}
   */

  usage(str) {
    if (str === undefined) {
      if (this._usage) return this._usage;

      const args = this.registeredArguments.map((arg) => {
        return humanReadableArgName(arg);
      });
      return []
        .concat(
          this.options.length || this._helpOption !== null ? '[options]' : [],
          this.commands.length ? '[command]' : [],
          this.registeredArguments.length ? args : [],
        )
        .join(' ');
    }

    this._usage = str;
    return this;
  }

  /**
   * Get or set the name of the command.
   *
   * @param {string} [str]
   * @return {(string|Command)}
   */

  name(str) {
    if (str === undefined) return this._name;
    this._name = str;
    return this;
  }

  /**
   * Set/get the help group heading for this subcommand in parent command's help.
   *
   * @param {string} [heading]
   * @return {Command | string}
   */

  helpGroup(heading) {
    if (heading === undefined) return this._helpGroupHeading ?? '';
    this._helpGroupHeading = heading;
    return this;
  }

  /**
   * Set/get the default help group heading for subcommands added to this command.
   * (This does not override a group set directly on the subcommand using .helpGroup().)
   *
   * @example
   * program.commandsGroup('Development Commands:);
   * program.command('watch')...
   * program.command('lint')...
   * ...
   *
   * @param {string} [heading]
   * @returns {Command | string}
   */
  commandsGroup(heading) {
    if (heading === undefined) return this._defaultCommandGroup ?? '';
    this._defaultCommandGroup = heading;
    return this;
  }

  /**
   * Set/get the default help group heading for options added to this command.
   * (This does not override a group set directly on the option using .helpGroup().)
   *
   * @example
   * program
   *   .optionsGroup('Development Options:')
   *   .option('-d, --debug', 'output extra debugging')
   *   .option('-p, --profile', 'output profiling information')
   *
   * @param {string} [heading]
   * @returns {Command | string}
   */
  optionsGroup(heading) {
    if (heading === undefined) return this._defaultOptionGroup ?? '';
    this._defaultOptionGroup = heading;
    return this;
  }

  /**
   * @param {Option} option
   * @private
   */
  _initOptionGroup(option) {
    if (this._defaultOptionGroup && !option.helpGroupHeading)
      option.helpGroup(this._defaultOptionGroup);
  }

  /**
   * @param {Command} cmd
   * @private
   */
  _initCommandGroup(cmd) {
    if (this._defaultCommandGroup && !cmd.helpGroup())
      cmd.helpGroup(this._defaultCommandGroup);
  }

  /**
   * Set the name of the command from script filename, such as process.argv[1],
   * or require.main.filename, or __filename.
   *
   * (Used internally and public although not documented in README.)
   *
   * @example
   * program.nameFromFilename(require.main.filename);
   *
   * @param {string} filename
   * @return {Command}
   */

  nameFromFilename(filename) {
    this._name = path.basename(filename, path.extname(filename));

    return this;
  }

  /**
   * Get or set the directory for searching for executable subcommands of this command.
   *
   * @example
   * program.executableDir(__dirname);
   * // or
   * program.executableDir('subcommands');
   *
   * @param {string} [path]
   * @return {(string|null|Command)}
   */

  executableDir(path) {
    if (path === undefined) return this._executableDir;
    this._executableDir = path;
    return this;
  }

  /**
   * Return program help documentation.
   *
   * @param {{ error: boolean }} [contextOptions] - pass {error:true} to wrap for stderr instead of stdout
   * @return {string}
   */

  helpInformation(contextOptions) {
    const helper = this.createHelp();
    const context = this._getOutputContext(contextOptions);
    helper.prepareContext({
      error: context.error,
      helpWidth: context.helpWidth,
      outputHasColors: context.hasColors,
    });
    const text = helper.formatHelp(this, helper);
    if (context.hasColors) return text;
    return this._outputConfiguration.stripColor(text);
  }

  /**
   * @typedef HelpContext
   * @type {object}
   * @property {boolean} error
   * @property {number} helpWidth
   * @property {boolean} hasColors
   * @property {function} write - includes stripColor if needed
   *
   * @returns {HelpContext}
   * @private
   */

  _getOutputContext(contextOptions) {
    contextOptions = contextOptions || {};
    const error = !!contextOptions.error;
    let baseWrite;
    let hasColors;
    let helpWidth;
    if (error) {
      baseWrite = (str) => this._outputConfiguration.writeErr(str);
      hasColors = this._outputConfiguration.getErrHasColors();
      helpWidth = this._outputConfiguration.getErrHelpWidth();
    } else {
      baseWrite = (str) => this._outputConfiguration.writeOut(str);
      hasColors = this._outputConfiguration.getOutHasColors();
      helpWidth = this._outputConfiguration.getOutHelpWidth();
    }
    const write = (str) => {
      if (!hasColors) str = this._outputConfiguration.stripColor(str);
      return baseWrite(str);
    };
    return { error, write, hasColors, helpWidth };
  }

  /**
   * Output help information for this command.
   *
   * Outputs built-in help, and custom text added using `.addHelpText()`.
   *
   * @param {{ error: boolean } | Function} [contextOptions] - pass {error:true} to write to stderr instead of stdout
   */

  outputHelp(contextOptions) {
    let deprecatedCallback;
    if (typeof contextOptions === 'function') {
      deprecatedCallback = contextOptions;
      contextOptions = undefined;
    }

    const outputContext = this._getOutputContext(contextOptions);
    /** @type {HelpTextEventContext} */
    const eventContext = {
      error: outputContext.error,
      write: outputContext.write,
      command: this,
    };

    this._getCommandAndAncestors()
      .reverse()
      .forEach((command) => command.emit('beforeAllHelp', eventContext));
    this.emit('beforeHelp', eventContext);

    let helpInformation = this.helpInformation({ error: outputContext.error });
    if (deprecatedCallback) {
      helpInformation = deprecatedCallback(helpInformation);
      if (
        typeof helpInformation !== 'string' &&
        !Buffer.isBuffer(helpInformation)
      ) {
        throw new Error('outputHelp callback must return a string or a Buffer');
      }
    }
    outputContext.write(helpInformation);

    if (this._getHelpOption()?.long) {
      this.emit(this._getHelpOption().long); // deprecated
    }
    this.emit('afterHelp', eventContext);
    this._getCommandAndAncestors().forEach((command) =>
      command.emit('afterAllHelp', eventContext),
    );
  }

  /**
   * You can pass in flags and a description to customise the built-in help option.
   * Pass in false to disable the built-in help option.
   *
   * @example
   * program.helpOption('-?, --help' 'show help'); // customise
   * program.helpOption(false); // disable
   *
   * @param {(string | boolean)} flags
   * @param {string} [description]
   * @return {Command} `this` command for chaining
   */

  helpOption(flags, description) {
    // Support enabling/disabling built-in help option.
    if (typeof flags === 'boolean') {
      if (flags) {
        if (this._helpOption === null) this._helpOption = undefined; // reenable
        if (this._defaultOptionGroup) {
          // make the option to store the group
          this._initOptionGroup(this._getHelpOption());
        }
      } else {
        this._helpOption = null; // disable
      }
      return this;
    }

    // Customise flags and description.
    this._helpOption = this.createOption(
      flags ?? '-h, --help',
      description ?? 'display help for command',
    );
    // init group unless lazy create
    if (flags || description) this._initOptionGroup(this._helpOption);

    return this;
  }

  /**
   * Lazy create help option.
   * Returns null if has been disabled with .helpOption(false).
   *
   * @returns {(Option | null)} the help option
   * @package
   */
  _getHelpOption() {
    // Lazy create help option on demand.
    if (this._helpOption === undefined) {
      this.helpOption(undefined, undefined);
    }
    return this._helpOption;
  }

  /**
   * Supply your own option to use for the built-in help option.
   * This is an alternative to using helpOption() to customise the flags and description etc.
   *
   * @param {Option} option
   * @return {Command} `this` command for chaining
   */
  addHelpOption(option) {
    this._helpOption = option;
    this._initOptionGroup(option);
    return this;
  }

  /**
   * Output help information and exit.
   *
   * Outputs built-in help, and custom text added using `.addHelpText()`.
   *
   * @param {{ error: boolean }} [contextOptions] - pass {error:true} to write to stderr instead of stdout
   */

  help(contextOptions) {
    this.outputHelp(contextOptions);
    let exitCode = Number(process.exitCode ?? 0); // process.exitCode does allow a string or an integer, but we prefer just a number
    if (
      exitCode === 0 &&
      contextOptions &&
      typeof contextOptions !== 'function' &&
      contextOptions.error
    ) {
      exitCode = 1;
    }
    // message: do not have all displayed text available so only passing placeholder.
    this._exit(exitCode, 'commander.help', '(outputHelp)');
  }

  /**
   * // Do a little typing to coordinate emit and listener for the help text events.
   * @typedef HelpTextEventContext
   * @type {object}
   * @property {boolean} error
   * @property {Command} command
   * @property {function} write
   */

  /**
   * Add additional text to be displayed with the built-in help.
   *
   * Position is 'before' or 'after' to affect just this command,
   * and 'beforeAll' or 'afterAll' to affect this command and all its subcommands.
   *
   * @param {string} position - before or after built-in help
   * @param {(string | Function)} text - string to add, or a function returning a string
   * @return {Command} `this` command for chaining
   */

  addHelpText(position, text) {
    const allowedValues = ['beforeAll', 'before', 'after', 'afterAll'];
    if (!allowedValues.includes(position)) {
      throw new Error(`Unexpected value for position to addHelpText.
Expecting one of '${allowedValues.join("', '")}'`);
    }

    const helpEvent = `${position}Help`;
    this.on(helpEvent, (/** @type {HelpTextEventContext} */ context) => {
      let helpStr;
      if (typeof text === 'function') {
        helpStr = text({ error: context.error, command: context.command });
      } else {
        helpStr = text;
      }
      // Ignore falsy value when nothing to output.
      if (helpStr) {
        context.write(`${helpStr}\n`);
      }
    });
    return this;
  }

  /**
   * Output help information if help flags specified
   *
   * @param {Array} args - array of options to search for help flags
   * @private
   */

  _outputHelpIfRequested(args) {
    const helpOption = this._getHelpOption();
    const helpRequested = helpOption && args.find((arg) => helpOption.is(arg));
    if (helpRequested) {
      this.outputHelp();
      // (Do not have all displayed text available so only passing placeholder.)
      this._exit(0, 'commander.helpDisplayed', '(outputHelp)');
    }
  }
}

/**
 * Scan arguments and increment port number for inspect calls (to avoid conflicts when spawning new command).
 *
 * @param {string[]} args - array of arguments from node.execArgv
 * @returns {string[]}
 * @private
 */

function incrementNodeInspectorPort(args) {
  // Testing for these options:
  //  --inspect[=[host:]port]
  //  --inspect-brk[=[host:]port]
  //  --inspect-port=[host:]port
  return args.map((arg) => {
    if (!arg.startsWith('--inspect')) {
      return arg;
    }
    let debugOption;
    let debugHost = '127.0.0.1';
    let debugPort = '9229';
    let match;
    if ((match = arg.match(/^(--inspect(-brk)?)$/)) !== null) {
      // e.g. --inspect
      debugOption = match[1];
    } else if (
      (match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+)$/)) !== null
    ) {
      debugOption = match[1];
      if (/^\d+$/.test(match[3])) {
        // e.g. --inspect=1234
        debugPort = match[3];
      } else {
        // e.g. --inspect=localhost
        debugHost = match[3];
      }
    } else if (
      (match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+):(\d+)$/)) !== null
    ) {
      // e.g. --inspect=localhost:1234
      debugOption = match[1];
      debugHost = match[3];
      debugPort = match[4];
    }

    if (debugOption && debugPort !== '0') {
      return `${debugOption}=${debugHost}:${parseInt(debugPort) + 1}`;
    }
    return arg;
  });
}

/**
 * @returns {boolean | undefined}
 * @package
 */
function useColor() {
  // Test for common conventions.
  // NB: the observed behaviour is in combination with how author adds color! For example:
  //   - we do not test NODE_DISABLE_COLORS, but util:styletext does
  //   - we do test NO_COLOR, but Chalk does not
  //
  // References:
  // https://no-color.org
  // https://bixense.com/clicolors/
  // https://github.com/nodejs/node/blob/0a00217a5f67ef4a22384cfc80eb6dd9a917fdc1/lib/internal/tty.js#L109
  // https://github.com/chalk/supports-color/blob/c214314a14bcb174b12b3014b2b0a8de375029ae/index.js#L33
  // (https://force-color.org recent web page from 2023, does not match major javascript implementations)

  if (
    process.env.NO_COLOR ||
    process.env.FORCE_COLOR === '0' ||
    process.env.FORCE_COLOR === 'false'
  )
    return false;
  if (process.env.FORCE_COLOR || process.env.CLICOLOR_FORCE !== undefined)
    return true;
  return undefined;
}

exports.Command = Command;
exports.useColor = useColor; // exporting for tests


/***/ }),

/***/ 135:
/***/ ((__unused_webpack_module, exports) => {

/**
 * CommanderError class
 */
class CommanderError extends Error {
  /**
   * Constructs the CommanderError class
   * @param {number} exitCode suggested exit code which could be used with process.exit
   * @param {string} code an id string representing the error
   * @param {string} message human-readable description of the error
   */
  constructor(exitCode, code, message) {
    super(message);
    // properly capture stack trace in Node.js
    Error.captureStackTrace(this, this.constructor);
    this.name = this.constructor.name;
    this.code = code;
    this.exitCode = exitCode;
    this.nestedError = undefined;
  }
}

/**
 * InvalidArgumentError class
 */
class InvalidArgumentError extends CommanderError {
  /**
   * Constructs the InvalidArgumentError class
   * @param {string} [message] explanation of why argument is invalid
   */
  constructor(message) {
    super(1, 'commander.invalidArgument', message);
    // properly capture stack trace in Node.js
    Error.captureStackTrace(this, this.constructor);
    this.name = this.constructor.name;
  }
}

exports.CommanderError = CommanderError;
exports.InvalidArgumentError = InvalidArgumentError;


/***/ }),

/***/ 754:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

const { humanReadableArgName } = __nccwpck_require__(154);

/**
 * TypeScript import types for JSDoc, used by Visual Studio Code IntelliSense and `npm run typescript-checkJS`
 * https://www.typescriptlang.org/docs/handbook/jsdoc-supported-types.html#import-types
 * @typedef { import("./argument.js").Argument } Argument
 * @typedef { import("./command.js").Command } Command
 * @typedef { import("./option.js").Option } Option
 */

// Although this is a class, methods are static in style to allow override using subclass or just functions.
class Help {
  constructor() {
    this.helpWidth = undefined;
    this.minWidthToWrap = 40;
    this.sortSubcommands = false;
    this.sortOptions = false;
    this.showGlobalOptions = false;
  }

  /**
   * prepareContext is called by Commander after applying overrides from `Command.configureHelp()`
   * and just before calling `formatHelp()`.
   *
   * Commander just uses the helpWidth and the rest is provided for optional use by more complex subclasses.
   *
   * @param {{ error?: boolean, helpWidth?: number, outputHasColors?: boolean }} contextOptions
   */
  prepareContext(contextOptions) {
    this.helpWidth = this.helpWidth ?? contextOptions.helpWidth ?? 80;
  }

  /**
   * Get an array of the visible subcommands. Includes a placeholder for the implicit help command, if there is one.
   *
   * @param {Command} cmd
   * @returns {Command[]}
   */

  visibleCommands(cmd) {
    const visibleCommands = cmd.commands.filter((cmd) => !cmd._hidden);
    const helpCommand = cmd._getHelpCommand();
    if (helpCommand && !helpCommand._hidden) {
      visibleCommands.push(helpCommand);
    }
    if (this.sortSubcommands) {
      visibleCommands.sort((a, b) => {
        // @ts-ignore: because overloaded return type
        return a.name().localeCompare(b.name());
      });
    }
    return visibleCommands;
  }

  /**
   * Compare options for sort.
   *
   * @param {Option} a
   * @param {Option} b
   * @returns {number}
   */
  compareOptions(a, b) {
    const getSortKey = (option) => {
      // WYSIWYG for order displayed in help. Short used for comparison if present. No special handling for negated.
      return option.short
        ? option.short.replace(/^-/, '')
        : option.long.replace(/^--/, '');
    };
    return getSortKey(a).localeCompare(getSortKey(b));
  }

  /**
   * Get an array of the visible options. Includes a placeholder for the implicit help option, if there is one.
   *
   * @param {Command} cmd
   * @returns {Option[]}
   */

  visibleOptions(cmd) {
    const visibleOptions = cmd.options.filter((option) => !option.hidden);
    // Built-in help option.
    const helpOption = cmd._getHelpOption();
    if (helpOption && !helpOption.hidden) {
      // Automatically hide conflicting flags. Bit dubious but a historical behaviour that is convenient for single-command programs.
      const removeShort = helpOption.short && cmd._findOption(helpOption.short);
      const removeLong = helpOption.long && cmd._findOption(helpOption.long);
      if (!removeShort && !removeLong) {
        visibleOptions.push(helpOption); // no changes needed
      } else if (helpOption.long && !removeLong) {
        visibleOptions.push(
          cmd.createOption(helpOption.long, helpOption.description),
        );
      } else if (helpOption.short && !removeShort) {
        visibleOptions.push(
          cmd.createOption(helpOption.short, helpOption.description),
        );
      }
    }
    if (this.sortOptions) {
      visibleOptions.sort(this.compareOptions);
    }
    return visibleOptions;
  }

  /**
   * Get an array of the visible global options. (Not including help.)
   *
   * @param {Command} cmd
   * @returns {Option[]}
   */

  visibleGlobalOptions(cmd) {
    if (!this.showGlobalOptions) return [];

    const globalOptions = [];
    for (
      let ancestorCmd = cmd.parent;
      ancestorCmd;
      ancestorCmd = ancestorCmd.parent
    ) {
      const visibleOptions = ancestorCmd.options.filter(
        (option) => !option.hidden,
      );
      globalOptions.push(...visibleOptions);
    }
    if (this.sortOptions) {
      globalOptions.sort(this.compareOptions);
    }
    return globalOptions;
  }

  /**
   * Get an array of the arguments if any have a description.
   *
   * @param {Command} cmd
   * @returns {Argument[]}
   */

  visibleArguments(cmd) {
    // Side effect! Apply the legacy descriptions before the arguments are displayed.
    if (cmd._argsDescription) {
      cmd.registeredArguments.forEach((argument) => {
        argument.description =
          argument.description || cmd._argsDescription[argument.name()] || '';
      });
    }

    // If there are any arguments with a description then return all the arguments.
    if (cmd.registeredArguments.find((argument) => argument.description)) {
      return cmd.registeredArguments;
    }
    return [];
  }

  /**
   * Get the command term to show in the list of subcommands.
   *
   * @param {Command} cmd
   * @returns {string}
   */

  subcommandTerm(cmd) {
    // Legacy. Ignores custom usage string, and nested commands.
    const args = cmd.registeredArguments
      .map((arg) => humanReadableArgName(arg))
      .join(' ');
    return (
      cmd._name +
      (cmd._aliases[0] ? '|' + cmd._aliases[0] : '') +
      (cmd.options.length ? ' [options]' : '') + // simplistic check for non-help option
      (args ? ' ' + args : '')
    );
  }

  /**
   * Get the option term to show in the list of options.
   *
   * @param {Option} option
   * @returns {string}
   */

  optionTerm(option) {
    return option.flags;
  }

  /**
   * Get the argument term to show in the list of arguments.
   *
   * @param {Argument} argument
   * @returns {string}
   */

  argumentTerm(argument) {
    return argument.name();
  }

  /**
   * Get the longest command term length.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {number}
   */

  longestSubcommandTermLength(cmd, helper) {
    return helper.visibleCommands(cmd).reduce((max, command) => {
      return Math.max(
        max,
        this.displayWidth(
          helper.styleSubcommandTerm(helper.subcommandTerm(command)),
        ),
      );
    }, 0);
  }

  /**
   * Get the longest option term length.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {number}
   */

  longestOptionTermLength(cmd, helper) {
    return helper.visibleOptions(cmd).reduce((max, option) => {
      return Math.max(
        max,
        this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option))),
      );
    }, 0);
  }

  /**
   * Get the longest global option term length.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {number}
   */

  longestGlobalOptionTermLength(cmd, helper) {
    return helper.visibleGlobalOptions(cmd).reduce((max, option) => {
      return Math.max(
        max,
        this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option))),
      );
    }, 0);
  }

  /**
   * Get the longest argument term length.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {number}
   */

  longestArgumentTermLength(cmd, helper) {
    return helper.visibleArguments(cmd).reduce((max, argument) => {
      return Math.max(
        max,
        this.displayWidth(
          helper.styleArgumentTerm(helper.argumentTerm(argument)),
        ),
      );
    }, 0);
  }

  /**
   * Get the command usage to be displayed at the top of the built-in help.
   *
   * @param {Command} cmd
   * @returns {string}
   */

  commandUsage(cmd) {
    // Usage
    let cmdName = cmd._name;
    if (cmd._aliases[0]) {
      cmdName = cmdName + '|' + cmd._aliases[0];
    }
    let ancestorCmdNames = '';
    for (
      let ancestorCmd = cmd.parent;
      ancestorCmd;
      ancestorCmd = ancestorCmd.parent
    ) {
      ancestorCmdNames = ancestorCmd.name() + ' ' + ancestorCmdNames;
    }
    return ancestorCmdNames + cmdName + ' ' + cmd.usage();
  }

  /**
   * Get the description for the command.
   *
   * @param {Command} cmd
   * @returns {string}
   */

  commandDescription(cmd) {
    // @ts-ignore: because overloaded return type
    return cmd.description();
  }

  /**
   * Get the subcommand summary to show in the list of subcommands.
   * (Fallback to description for backwards compatibility.)
   *
   * @param {Command} cmd
   * @returns {string}
   */

  subcommandDescription(cmd) {
    // @ts-ignore: because overloaded return type
    return cmd.summary() || cmd.description();
  }

  /**
   * Get the option description to show in the list of options.
   *
   * @param {Option} option
   * @return {string}
   */

  optionDescription(option) {
    const extraInfo = [];

    if (option.argChoices) {
      extraInfo.push(
        // use stringify to match the display of the default value
        `choices: ${option.argChoices.map((choice) => JSON.stringify(choice)).join(', ')}`,
      );
    }
    if (option.defaultValue !== undefined) {
      // default for boolean and negated more for programmer than end user,
      // but show true/false for boolean option as may be for hand-rolled env or config processing.
      const showDefault =
        option.required ||
        option.optional ||
        (option.isBoolean() && typeof option.defaultValue === 'boolean');
      if (showDefault) {
        extraInfo.push(
          `default: ${option.defaultValueDescription || JSON.stringify(option.defaultValue)}`,
        );
      }
    }
    // preset for boolean and negated are more for programmer than end user
    if (option.presetArg !== undefined && option.optional) {
      extraInfo.push(`preset: ${JSON.stringify(option.presetArg)}`);
    }
    if (option.envVar !== undefined) {
      extraInfo.push(`env: ${option.envVar}`);
    }
    if (extraInfo.length > 0) {
      const extraDescription = `(${extraInfo.join(', ')})`;
      if (option.description) {
        return `${option.description} ${extraDescription}`;
      }
      return extraDescription;
    }

    return option.description;
  }

  /**
   * Get the argument description to show in the list of arguments.
   *
   * @param {Argument} argument
   * @return {string}
   */

  argumentDescription(argument) {
    const extraInfo = [];
    if (argument.argChoices) {
      extraInfo.push(
        // use stringify to match the display of the default value
        `choices: ${argument.argChoices.map((choice) => JSON.stringify(choice)).join(', ')}`,
      );
    }
    if (argument.defaultValue !== undefined) {
      extraInfo.push(
        `default: ${argument.defaultValueDescription || JSON.stringify(argument.defaultValue)}`,
      );
    }
    if (extraInfo.length > 0) {
      const extraDescription = `(${extraInfo.join(', ')})`;
      if (argument.description) {
        return `${argument.description} ${extraDescription}`;
      }
      return extraDescription;
    }
    return argument.description;
  }

  /**
   * Format a list of items, given a heading and an array of formatted items.
   *
   * @param {string} heading
   * @param {string[]} items
   * @param {Help} helper
   * @returns string[]
   */
  formatItemList(heading, items, helper) {
    if (items.length === 0) return [];

    return [helper.styleTitle(heading), ...items, ''];
  }

  /**
   * Group items by their help group heading.
   *
   * @param {Command[] | Option[]} unsortedItems
   * @param {Command[] | Option[]} visibleItems
   * @param {Function} getGroup
   * @returns {Map<string, Command[] | Option[]>}
   */
  groupItems(unsortedItems, visibleItems, getGroup) {
    const result = new Map();
    // Add groups in order of appearance in unsortedItems.
    unsortedItems.forEach((item) => {
      const group = getGroup(item);
      if (!result.has(group)) result.set(group, []);
    });
    // Add items in order of appearance in visibleItems.
    visibleItems.forEach((item) => {
      const group = getGroup(item);
      if (!result.has(group)) {
        result.set(group, []);
      }
      result.get(group).push(item);
    });
    return result;
  }

  /**
   * Generate the built-in help text.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {string}
   */

  formatHelp(cmd, helper) {
    const termWidth = helper.padWidth(cmd, helper);
    const helpWidth = helper.helpWidth ?? 80; // in case prepareContext() was not called

    function callFormatItem(term, description) {
      return helper.formatItem(term, termWidth, description, helper);
    }

    // Usage
    let output = [
      `${helper.styleTitle('Usage:')} ${helper.styleUsage(helper.commandUsage(cmd))}`,
      '',
    ];

    // Description
    const commandDescription = helper.commandDescription(cmd);
    if (commandDescription.length > 0) {
      output = output.concat([
        helper.boxWrap(
          helper.styleCommandDescription(commandDescription),
          helpWidth,
        ),
        '',
      ]);
    }

    // Arguments
    const argumentList = helper.visibleArguments(cmd).map((argument) => {
      return callFormatItem(
        helper.styleArgumentTerm(helper.argumentTerm(argument)),
        helper.styleArgumentDescription(helper.argumentDescription(argument)),
      );
    });
    output = output.concat(
      this.formatItemList('Arguments:', argumentList, helper),
    );

    // Options
    const optionGroups = this.groupItems(
      cmd.options,
      helper.visibleOptions(cmd),
      (option) => option.helpGroupHeading ?? 'Options:',
    );
    optionGroups.forEach((options, group) => {
      const optionList = options.map((option) => {
        return callFormatItem(
          helper.styleOptionTerm(helper.optionTerm(option)),
          helper.styleOptionDescription(helper.optionDescription(option)),
        );
      });
      output = output.concat(this.formatItemList(group, optionList, helper));
    });

    if (helper.showGlobalOptions) {
      const globalOptionList = helper
        .visibleGlobalOptions(cmd)
        .map((option) => {
          return callFormatItem(
            helper.styleOptionTerm(helper.optionTerm(option)),
            helper.styleOptionDescription(helper.optionDescription(option)),
          );
        });
      output = output.concat(
        this.formatItemList('Global Options:', globalOptionList, helper),
      );
    }

    // Commands
    const commandGroups = this.groupItems(
      cmd.commands,
      helper.visibleCommands(cmd),
      (sub) => sub.helpGroup() || 'Commands:',
    );
    commandGroups.forEach((commands, group) => {
      const commandList = commands.map((sub) => {
        return callFormatItem(
          helper.styleSubcommandTerm(helper.subcommandTerm(sub)),
          helper.styleSubcommandDescription(helper.subcommandDescription(sub)),
        );
      });
      output = output.concat(this.formatItemList(group, commandList, helper));
    });

    return output.join('\n');
  }

  /**
   * Return display width of string, ignoring ANSI escape sequences. Used in padding and wrapping calculations.
   *
   * @param {string} str
   * @returns {number}
   */
  displayWidth(str) {
    return stripColor(str).length;
  }

  /**
   * Style the title for displaying in the help. Called with 'Usage:', 'Options:', etc.
   *
   * @param {string} str
   * @returns {string}
   */
  styleTitle(str) {
    return str;
  }

  styleUsage(str) {
    // Usage has lots of parts the user might like to color separately! Assume default usage string which is formed like:
    //    command subcommand [options] [command] <foo> [bar]
    return str
      .split(' ')
      .map((word) => {
        if (word === '[options]') return this.styleOptionText(word);
        if (word === '[command]') return this.styleSubcommandText(word);
        if (word[0] === '[' || word[0] === '<')
          return this.styleArgumentText(word);
        return this.styleCommandText(word); // Restrict to initial words?
      })
      .join(' ');
  }
  styleCommandDescription(str) {
    return this.styleDescriptionText(str);
  }
  styleOptionDescription(str) {
    return this.styleDescriptionText(str);
  }
  styleSubcommandDescription(str) {
    return this.styleDescriptionText(str);
  }
  styleArgumentDescription(str) {
    return this.styleDescriptionText(str);
  }
  styleDescriptionText(str) {
    return str;
  }
  styleOptionTerm(str) {
    return this.styleOptionText(str);
  }
  styleSubcommandTerm(str) {
    // This is very like usage with lots of parts! Assume default string which is formed like:
    //    subcommand [options] <foo> [bar]
    return str
      .split(' ')
      .map((word) => {
        if (word === '[options]') return this.styleOptionText(word);
        if (word[0] === '[' || word[0] === '<')
          return this.styleArgumentText(word);
        return this.styleSubcommandText(word); // Restrict to initial words?
      })
      .join(' ');
  }
  styleArgumentTerm(str) {
    return this.styleArgumentText(str);
  }
  styleOptionText(str) {
    return str;
  }
  styleArgumentText(str) {
    return str;
  }
  styleSubcommandText(str) {
    return str;
  }
  styleCommandText(str) {
    return str;
  }

  /**
   * Calculate the pad width from the maximum term length.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {number}
   */

  padWidth(cmd, helper) {
    return Math.max(
      helper.longestOptionTermLength(cmd, helper),
      helper.longestGlobalOptionTermLength(cmd, helper),
      helper.longestSubcommandTermLength(cmd, helper),
      helper.longestArgumentTermLength(cmd, helper),
    );
  }

  /**
   * Detect manually wrapped and indented strings by checking for line break followed by whitespace.
   *
   * @param {string} str
   * @returns {boolean}
   */
  preformatted(str) {
    return /\n[^\S\r\n]/.test(str);
  }

  /**
   * Format the "item", which consists of a term and description. Pad the term and wrap the description, indenting the following lines.
   *
   * So "TTT", 5, "DDD DDDD DD DDD" might be formatted for this.helpWidth=17 like so:
   *   TTT  DDD DDDD
   *        DD DDD
   *
   * @param {string} term
   * @param {number} termWidth
   * @param {string} description
   * @param {Help} helper
   * @returns {string}
   */
  formatItem(term, termWidth, description, helper) {
    const itemIndent = 2;
    const itemIndentStr = ' '.repeat(itemIndent);
    if (!description) return itemIndentStr + term;

    // Pad the term out to a consistent width, so descriptions are aligned.
    const paddedTerm = term.padEnd(
      termWidth + term.length - helper.displayWidth(term),
    );

    // Format the description.
    const spacerWidth = 2; // between term and description
    const helpWidth = this.helpWidth ?? 80; // in case prepareContext() was not called
    const remainingWidth = helpWidth - termWidth - spacerWidth - itemIndent;
    let formattedDescription;
    if (
      remainingWidth < this.minWidthToWrap ||
      helper.preformatted(description)
    ) {
      formattedDescription = description;
    } else {
      const wrappedDescription = helper.boxWrap(description, remainingWidth);
      formattedDescription = wrappedDescription.replace(
        /\n/g,
        '\n' + ' '.repeat(termWidth + spacerWidth),
      );
    }

    // Construct and overall indent.
    return (
      itemIndentStr +
      paddedTerm +
      ' '.repeat(spacerWidth) +
      formattedDescription.replace(/\n/g, `\n${itemIndentStr}`)
    );
  }

  /**
   * Wrap a string at whitespace, preserving existing line breaks.
   * Wrapping is skipped if the width is less than `minWidthToWrap`.
   *
   * @param {string} str
   * @param {number} width
   * @returns {string}
   */
  boxWrap(str, width) {
    if (width < this.minWidthToWrap) return str;

    const rawLines = str.split(/\r\n|\n/);
    // split up text by whitespace
    const chunkPattern = /[\s]*[^\s]+/g;
    const wrappedLines = [];
    rawLines.forEach((line) => {
      const chunks = line.match(chunkPattern);
      if (chunks === null) {
        wrappedLines.push('');
        return;
      }

      let sumChunks = [chunks.shift()];
      let sumWidth = this.displayWidth(sumChunks[0]);
      chunks.forEach((chunk) => {
        const visibleWidth = this.displayWidth(chunk);
        // Accumulate chunks while they fit into width.
        if (sumWidth + visibleWidth <= width) {
          sumChunks.push(chunk);
          sumWidth += visibleWidth;
          return;
        }
        wrappedLines.push(sumChunks.join(''));

        const nextChunk = chunk.trimStart(); // trim space at line break
        sumChunks = [nextChunk];
        sumWidth = this.displayWidth(nextChunk);
      });
      wrappedLines.push(sumChunks.join(''));
    });

    return wrappedLines.join('\n');
  }
}

/**
 * Strip style ANSI escape sequences from the string. In particular, SGR (Select Graphic Rendition) codes.
 *
 * @param {string} str
 * @returns {string}
 * @package
 */

function stripColor(str) {
  // eslint-disable-next-line no-control-regex
  const sgrPattern = /\x1b\[\d*(;\d*)*m/g;
  return str.replace(sgrPattern, '');
}

exports.Help = Help;
exports.stripColor = stripColor;


/***/ }),

/***/ 240:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

const { InvalidArgumentError } = __nccwpck_require__(135);

class Option {
  /**
   * Initialize a new `Option` with the given `flags` and `description`.
   *
   * @param {string} flags
   * @param {string} [description]
   */

  constructor(flags, description) {
    this.flags = flags;
    this.description = description || '';

    this.required = flags.includes('<'); // A value must be supplied when the option is specified.
    this.optional = flags.includes('['); // A value is optional when the option is specified.
    // variadic test ignores <value,...> et al which might be used to describe custom splitting of single argument
    this.variadic = /\w\.\.\.[>\]]$/.test(flags); // The option can take multiple values.
    this.mandatory = false; // The option must have a value after parsing, which usually means it must be specified on command line.
    const optionFlags = splitOptionFlags(flags);
    this.short = optionFlags.shortFlag; // May be a short flag, undefined, or even a long flag (if option has two long flags).
    this.long = optionFlags.longFlag;
    this.negate = false;
    if (this.long) {
      this.negate = this.long.startsWith('--no-');
    }
    this.defaultValue = undefined;
    this.defaultValueDescription = undefined;
    this.presetArg = undefined;
    this.envVar = undefined;
    this.parseArg = undefined;
    this.hidden = false;
    this.argChoices = undefined;
    this.conflictsWith = [];
    this.implied = undefined;
    this.helpGroupHeading = undefined; // soft initialised when option added to command
  }

  /**
   * Set the default value, and optionally supply the description to be displayed in the help.
   *
   * @param {*} value
   * @param {string} [description]
   * @return {Option}
   */

  default(value, description) {
    this.defaultValue = value;
    this.defaultValueDescription = description;
    return this;
  }

  /**
   * Preset to use when option used without option-argument, especially optional but also boolean and negated.
   * The custom processing (parseArg) is called.
   *
   * @example
   * new Option('--color').default('GREYSCALE').preset('RGB');
   * new Option('--donate [amount]').preset('20').argParser(parseFloat);
   *
   * @param {*} arg
   * @return {Option}
   */

  preset(arg) {
    this.presetArg = arg;
    return this;
  }

  /**
   * Add option name(s) that conflict with this option.
   * An error will be displayed if conflicting options are found during parsing.
   *
   * @example
   * new Option('--rgb').conflicts('cmyk');
   * new Option('--js').conflicts(['ts', 'jsx']);
   *
   * @param {(string | string[])} names
   * @return {Option}
   */

  conflicts(names) {
    this.conflictsWith = this.conflictsWith.concat(names);
    return this;
  }

  /**
   * Specify implied option values for when this option is set and the implied options are not.
   *
   * The custom processing (parseArg) is not called on the implied values.
   *
   * @example
   * program
   *   .addOption(new Option('--log', 'write logging information to file'))
   *   .addOption(new Option('--trace', 'log extra details').implies({ log: 'trace.txt' }));
   *
   * @param {object} impliedOptionValues
   * @return {Option}
   */
  implies(impliedOptionValues) {
    let newImplied = impliedOptionValues;
    if (typeof impliedOptionValues === 'string') {
      // string is not documented, but easy mistake and we can do what user probably intended.
      newImplied = { [impliedOptionValues]: true };
    }
    this.implied = Object.assign(this.implied || {}, newImplied);
    return this;
  }

  /**
   * Set environment variable to check for option value.
   *
   * An environment variable is only used if when processed the current option value is
   * undefined, or the source of the current value is 'default' or 'config' or 'env'.
   *
   * @param {string} name
   * @return {Option}
   */

  env(name) {
    this.envVar = name;
    return this;
  }

  /**
   * Set the custom handler for processing CLI option arguments into option values.
   *
   * @param {Function} [fn]
   * @return {Option}
   */

  argParser(fn) {
    this.parseArg = fn;
    return this;
  }

  /**
   * Whether the option is mandatory and must have a value after parsing.
   *
   * @param {boolean} [mandatory=true]
   * @return {Option}
   */

  makeOptionMandatory(mandatory = true) {
    this.mandatory = !!mandatory;
    return this;
  }

  /**
   * Hide option in help.
   *
   * @param {boolean} [hide=true]
   * @return {Option}
   */

  hideHelp(hide = true) {
    this.hidden = !!hide;
    return this;
  }

  /**
   * @package
   */

  _collectValue(value, previous) {
    if (previous === this.defaultValue || !Array.isArray(previous)) {
      return [value];
    }

    previous.push(value);
    return previous;
  }

  /**
   * Only allow option value to be one of choices.
   *
   * @param {string[]} values
   * @return {Option}
   */

  choices(values) {
    this.argChoices = values.slice();
    this.parseArg = (arg, previous) => {
      if (!this.argChoices.includes(arg)) {
        throw new InvalidArgumentError(
          `Allowed choices are ${this.argChoices.join(', ')}.`,
        );
      }
      if (this.variadic) {
        return this._collectValue(arg, previous);
      }
      return arg;
    };
    return this;
  }

  /**
   * Return option name.
   *
   * @return {string}
   */

  name() {
    if (this.long) {
      return this.long.replace(/^--/, '');
    }
    return this.short.replace(/^-/, '');
  }

  /**
   * Return option name, in a camelcase format that can be used
   * as an object attribute key.
   *
   * @return {string}
   */

  attributeName() {
    if (this.negate) {
      return camelcase(this.name().replace(/^no-/, ''));
    }
    return camelcase(this.name());
  }

  /**
   * Set the help group heading.
   *
   * @param {string} heading
   * @return {Option}
   */
  helpGroup(heading) {
    this.helpGroupHeading = heading;
    return this;
  }

  /**
   * Check if `arg` matches the short or long flag.
   *
   * @param {string} arg
   * @return {boolean}
   * @package
   */

  is(arg) {
    return this.short === arg || this.long === arg;
  }

  /**
   * Return whether a boolean option.
   *
   * Options are one of boolean, negated, required argument, or optional argument.
   *
   * @return {boolean}
   * @package
   */

  isBoolean() {
    return !this.required && !this.optional && !this.negate;
  }
}

/**
 * This class is to make it easier to work with dual options, without changing the existing
 * implementation. We support separate dual options for separate positive and negative options,
 * like `--build` and `--no-build`, which share a single option value. This works nicely for some
 * use cases, but is tricky for others where we want separate behaviours despite
 * the single shared option value.
 */
class DualOptions {
  /**
   * @param {Option[]} options
   */
  constructor(options) {
    this.positiveOptions = new Map();
    this.negativeOptions = new Map();
    this.dualOptions = new Set();
    options.forEach((option) => {
      if (option.negate) {
        this.negativeOptions.set(option.attributeName(), option);
      } else {
        this.positiveOptions.set(option.attributeName(), option);
      }
    });
    this.negativeOptions.forEach((value, key) => {
      if (this.positiveOptions.has(key)) {
        this.dualOptions.add(key);
      }
    });
  }

  /**
   * Did the value come from the option, and not from possible matching dual option?
   *
   * @param {*} value
   * @param {Option} option
   * @returns {boolean}
   */
  valueFromOption(value, option) {
    const optionKey = option.attributeName();
    if (!this.dualOptions.has(optionKey)) return true;

    // Use the value to deduce if (probably) came from the option.
    const preset = this.negativeOptions.get(optionKey).presetArg;
    const negativeValue = preset !== undefined ? preset : false;
    return option.negate === (negativeValue === value);
  }
}

/**
 * Convert string from kebab-case to camelCase.
 *
 * @param {string} str
 * @return {string}
 * @private
 */

function camelcase(str) {
  return str.split('-').reduce((str, word) => {
    return str + word[0].toUpperCase() + word.slice(1);
  });
}

/**
 * Split the short and long flag out of something like '-m,--mixed <value>'
 *
 * @private
 */

function splitOptionFlags(flags) {
  let shortFlag;
  let longFlag;
  // short flag, single dash and single character
  const shortFlagExp = /^-[^-]$/;
  // long flag, double dash and at least one character
  const longFlagExp = /^--[^-]/;

  const flagParts = flags.split(/[ |,]+/).concat('guard');
  // Normal is short and/or long.
  if (shortFlagExp.test(flagParts[0])) shortFlag = flagParts.shift();
  if (longFlagExp.test(flagParts[0])) longFlag = flagParts.shift();
  // Long then short. Rarely used but fine.
  if (!shortFlag && shortFlagExp.test(flagParts[0]))
    shortFlag = flagParts.shift();
  // Allow two long flags, like '--ws, --workspace'
  // This is the supported way to have a shortish option flag.
  if (!shortFlag && longFlagExp.test(flagParts[0])) {
    shortFlag = longFlag;
    longFlag = flagParts.shift();
  }

  // Check for unprocessed flag. Fail noisily rather than silently ignore.
  if (flagParts[0].startsWith('-')) {
    const unsupportedFlag = flagParts[0];
    const baseError = `option creation failed due to '${unsupportedFlag}' in option flags '${flags}'`;
    if (/^-[^-][^-]/.test(unsupportedFlag))
      throw new Error(
        `${baseError}
- a short flag is a single dash and a single character
  - either use a single dash and a single character (for a short flag)
  - or use a double dash for a long option (and can have two, like '--ws, --workspace')`,
      );
    if (shortFlagExp.test(unsupportedFlag))
      throw new Error(`${baseError}
- too many short flags`);
    if (longFlagExp.test(unsupportedFlag))
      throw new Error(`${baseError}
- too many long flags`);

    throw new Error(`${baseError}
- unrecognised flag format`);
  }
  if (shortFlag === undefined && longFlag === undefined)
    throw new Error(
      `option creation failed due to no flags found in '${flags}'.`,
    );

  return { shortFlag, longFlag };
}

exports.Option = Option;
exports.DualOptions = DualOptions;


/***/ }),

/***/ 30:
/***/ ((__unused_webpack_module, exports) => {

const maxDistance = 3;

function editDistance(a, b) {
  // https://en.wikipedia.org/wiki/Damerau–Levenshtein_distance
  // Calculating optimal string alignment distance, no substring is edited more than once.
  // (Simple implementation.)

  // Quick early exit, return worst case.
  if (Math.abs(a.length - b.length) > maxDistance)
    return Math.max(a.length, b.length);

  // distance between prefix substrings of a and b
  const d = [];

  // pure deletions turn a into empty string
  for (let i = 0; i <= a.length; i++) {
    d[i] = [i];
  }
  // pure insertions turn empty string into b
  for (let j = 0; j <= b.length; j++) {
    d[0][j] = j;
  }

  // fill matrix
  for (let j = 1; j <= b.length; j++) {
    for (let i = 1; i <= a.length; i++) {
      let cost = 1;
      if (a[i - 1] === b[j - 1]) {
        cost = 0;
      } else {
        cost = 1;
      }
      d[i][j] = Math.min(
        d[i - 1][j] + 1, // deletion
        d[i][j - 1] + 1, // insertion
        d[i - 1][j - 1] + cost, // substitution
      );
      // transposition
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }

  return d[a.length][b.length];
}

/**
 * Find close matches, restricted to same number of edits.
 *
 * @param {string} word
 * @param {string[]} candidates
 * @returns {string}
 */

function suggestSimilar(word, candidates) {
  if (!candidates || candidates.length === 0) return '';
  // remove possible duplicates
  candidates = Array.from(new Set(candidates));

  const searchingOptions = word.startsWith('--');
  if (searchingOptions) {
    word = word.slice(2);
    candidates = candidates.map((candidate) => candidate.slice(2));
  }

  let similar = [];
  let bestDistance = maxDistance;
  const minSimilarity = 0.4;
  candidates.forEach((candidate) => {
    if (candidate.length <= 1) return; // no one character guesses

    const distance = editDistance(word, candidate);
    const length = Math.max(word.length, candidate.length);
    const similarity = (length - distance) / length;
    if (similarity > minSimilarity) {
      if (distance < bestDistance) {
        // better edit distance, throw away previous worse matches
        bestDistance = distance;
        similar = [candidate];
      } else if (distance === bestDistance) {
        similar.push(candidate);
      }
    }
  });

  similar.sort((a, b) => a.localeCompare(b));
  if (searchingOptions) {
    similar = similar.map((candidate) => `--${candidate}`);
  }

  if (similar.length > 1) {
    return `\n(Did you mean one of ${similar.join(', ')}?)`;
  }
  if (similar.length === 1) {
    return `\n(Did you mean ${similar[0]}?)`;
  }
  return '';
}

exports.suggestSimilar = suggestSimilar;


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(581);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map