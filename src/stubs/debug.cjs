// pop-core and httpx create `debug` loggers at start-up; the real module probes the terminal (loading tty) and reads
// DEBUG. What they would print (the string-to-sign, request URLs) does not belong in a deploy log anyway, so the
// bundle maps `debug` here (tsconfig `paths`): loggers that never print. CommonJS, because they require() it.
'use strict'
module.exports = function createDebug() {
  const log = function () {}
  log.enabled = false
  return log
}
