import { checkDescribeAnswer, checkUpdateAnswer } from '../src/engine/sae/answers.js'
import { SaeApiError } from '../src/engine/sae/errors.js'

const RULE = { AppId: 'app-1', ContainerPort: 8080, Domain: 'a.example.com', Path: '/' }

function refusal(check: () => unknown): SaeApiError {
  try {
    check()
  } catch (err) {
    if (err instanceof SaeApiError) return err
    throw err
  }
  throw new Error('the answer was believed')
}

describe('a DescribeIngress answer is believed only when it describes the ingress asked about', () => {
  test.each([
    ['no Data', { RequestId: 'R1' }, 'returned no Data'],
    ['Data null', { RequestId: 'R1', Data: null }, 'returned no Data'],
    ['Data a string', { RequestId: 'R1', Data: 'ok' }, 'returned no Data'],
    ['another ingress', { RequestId: 'R1', Data: { Id: 88, Rules: [] } }, 'returned ingress 88, not 87'],
    ['no Id', { RequestId: 'R1', Data: { Rules: [] } }, 'without an Id'],
    ['Rules not a list', { RequestId: 'R1', Data: { Id: 87, Rules: {} } }, 'Rules is not a list'],
    ['a rule without Domain', { RequestId: 'R1', Data: { Id: 87, Rules: [RULE, { ...RULE, Domain: '' }] } }, 'Rules[1] has no Domain'],
    ['a rule without AppId', { RequestId: 'R1', Data: { Id: 87, Rules: [{ ...RULE, AppId: undefined }] } }, 'Rules[0] has no AppId'],
    ['a rule with a text port', { RequestId: 'R1', Data: { Id: 87, Rules: [{ ...RULE, ContainerPort: 'x' }] } }, 'Rules[0] has no valid ContainerPort'],
    ['a rule that is not an object', { RequestId: 'R1', Data: { Id: 87, Rules: ['a'] } }, 'Rules[0] is not an object'],
    // Beyond 2^53 the digits round to another id: 9007199254740993 would read as ...992.
    ['an Id past 2^53', { RequestId: 'R1', Data: { Id: '9007199254740993', Rules: [] } }, 'without an Id']
  ])('%s: MalformedResponse, transient, naming the RequestId', (_name, body, why) => {
    const err = refusal(() => checkDescribeAnswer(body, 87))
    expect(err).toMatchObject({ code: 'MalformedResponse', transient: true, requestId: 'R1' })
    expect(err.message).toContain(why)
  })

  test('a body that is not an object is refused too', () => {
    expect(refusal(() => checkDescribeAnswer([], 87)).code).toBe('MalformedResponse')
    expect(refusal(() => checkDescribeAnswer('<html>', 87)).code).toBe('MalformedResponse')
  })

  test('a well-formed answer is returned as its Data; an Id sent as digits counts', () => {
    const data = { Id: '87', Rules: [RULE] }
    expect(checkDescribeAnswer({ Data: data }, 87)).toBe(data)
    expect(checkDescribeAnswer({ Data: { Id: 87 } }, 87)).toEqual({ Id: 87 })
  })
})

describe('an UpdateIngress answer must not name another ingress', () => {
  test('Data.IngressId of another ingress is refused', () => {
    expect(refusal(() => checkUpdateAnswer({ RequestId: 'R2', Data: { IngressId: 88 } }, 87))).toMatchObject({ code: 'MalformedResponse', requestId: 'R2' })
  })
  test('ours, or none, is fine', () => {
    expect(() => checkUpdateAnswer({ Data: { IngressId: 87 } }, 87)).not.toThrow()
    expect(() => checkUpdateAnswer({ Data: { IngressId: '87' } }, 87)).not.toThrow()
    expect(() => checkUpdateAnswer({ RequestId: 'R' }, 87)).not.toThrow()
  })
  test('a body that is not an object, or Data that is not one, is refused', () => {
    expect(refusal(() => checkUpdateAnswer('ok', 87)).code).toBe('MalformedResponse')
    expect(refusal(() => checkUpdateAnswer({ Data: 'x' }, 87)).code).toBe('MalformedResponse')
  })
})
