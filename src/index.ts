// The action's entry: it only calls run(). Source maps on, so a stack trace of an unexpected error points into src/.
import { run } from './main.js'

process.setSourceMapsEnabled(true)
void run()
