// pop-core's ROA client loads xml2js (and with it xmlbuilder and sax, ~110 KB) at start-up only to parse `text/xml`
// answers. SAE answers JSON (we send Accept: application/json), so the bundle maps xml2js here (tsconfig `paths`):
// an XML answer becomes an error that the client classifies like any other non-JSON page.
export class Parser {
  parseString(_xml: string, callback: (err: Error | null, result?: unknown) => void): void {
    callback(new Error('the endpoint answered with XML, which this action does not parse (it expects JSON)'))
  }
}
