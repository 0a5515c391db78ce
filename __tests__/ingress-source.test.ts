import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { locateIngressFile, MAX_INGRESS_FILE_BYTES, readIngressSource, workspaceRelative } from '../src/engine/ingress/source.js'

describe('ingress-file paths (pure, with each platform\'s rules)', () => {
  test.each([
    ['a path with backslashes', 'deploy\\ingress.json', 'C:\\ws\\deploy\\ingress.json', 'deploy/ingress.json'],
    ['a path with forward slashes', 'deploy/ingress.json', 'C:\\ws\\deploy\\ingress.json', 'deploy/ingress.json'],
    ['an absolute path inside, in another case', 'c:\\WS\\deploy\\ingress.json', 'c:\\WS\\deploy\\ingress.json', 'deploy/ingress.json'],
    ['a name starting with two dots', '..config.json', 'C:\\ws\\..config.json', '..config.json']
  ])('win32: %s works', (_name, file, located, relative) => {
    const found = locateIngressFile('C:\\ws', file, path.win32)
    expect(found).toEqual({ path: located })
    expect(workspaceRelative('C:\\ws', located, path.win32)).toBe(relative)
  })

  test.each([
    ['another drive', 'D:\\ws\\ingress.json'],
    ['a parent folder', '..\\ingress.json'],
    ['a UNC share', '\\\\server\\share\\ingress.json'],
    ['the workspace itself', '.']
  ])('win32: %s is outside the workspace', (_name, file) => {
    const found = locateIngressFile('C:\\ws', file, path.win32)
    expect('path' in found && workspaceRelative('C:\\ws', found.path, path.win32)).toBeUndefined()
  })

  test.each([
    ['a path with backslashes (a workflow written for Windows) works', 'deploy\\ingress.json', '/ws/deploy/ingress.json', 'deploy/ingress.json'],
    ['a plain relative path', 'deploy/ingress.json', '/ws/deploy/ingress.json', 'deploy/ingress.json'],
    ['a name starting with two dots', '..config.json', '/ws/..config.json', '..config.json']
  ])('posix: %s', (_name, file, located, relative) => {
    expect(locateIngressFile('/ws', file, path.posix)).toEqual({ path: located })
    expect(workspaceRelative('/ws', located, path.posix)).toBe(relative)
  })

  test.each(['C:\\work\\ingress.json', 'c:/work/ingress.json', 'D:ingress.json'])('posix: a drive letter (%s) gets a hint, not "not found"', (file) => {
    expect(locateIngressFile('/ws', file, path.posix)).toEqual({ hint: expect.stringMatching(/is a Windows path, but this runner is not Windows: .*e\.g\. deploy\/ingress\.json/) })
  })

  test.each([['../other/ingress.json'], ['/etc/passwd'], ['..'], ['.']])('posix: %s is outside the workspace', (file) => {
    const found = locateIngressFile('/ws', file, path.posix)
    expect('path' in found && workspaceRelative('/ws', found.path, path.posix)).toBeUndefined()
  })
})

describe('readIngressSource', () => {
  let base: string
  let workspace: string
  let outside: string
  beforeEach(() => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'ingress-source-')))
    workspace = path.join(base, 'ws')
    outside = path.join(base, 'outside')
    mkdirSync(path.join(workspace, 'sae'), { recursive: true })
    mkdirSync(path.join(outside, 'sae'), { recursive: true })
    writeFileSync(path.join(workspace, 'sae', 'ingress.json'), '{"inside":true}')
    writeFileSync(path.join(outside, 'sae', 'ingress.json'), '{"outside":true}')
  })
  afterEach(() => rmSync(base, { recursive: true, force: true }))

  const text = (file: string): string => Buffer.from(readIngressSource(workspace, file).bytes).toString('utf8')

  test('reads a regular file inside the workspace, named with either separator', () => {
    expect(readIngressSource(workspace, 'sae/ingress.json').relativePath).toBe('sae/ingress.json')
    expect(text('sae/ingress.json')).toBe('{"inside":true}')
    expect(text('sae\\ingress.json')).toBe('{"inside":true}')
  })

  test('follows a symlink that stays inside, and names the real file', () => {
    symlinkSync('sae/ingress.json', path.join(workspace, 'link.json'))
    expect(readIngressSource(workspace, 'link.json').relativePath).toBe('sae/ingress.json')
  })

  test('refuses a symlink that leads outside', () => {
    symlinkSync(path.join(outside, 'sae', 'ingress.json'), path.join(workspace, 'link.json'))
    expect(() => readIngressSource(workspace, 'link.json')).toThrow(/outside the workspace .*refusing to read it/)
  })

  test('refuses a directory', () => {
    expect(() => readIngressSource(workspace, 'sae')).toThrow('ingress-file sae is a directory, not a regular file; refusing to read it.')
  })

  test('refuses a named pipe at once, without blocking on it', () => {
    execFileSync('mkfifo', [path.join(workspace, 'sae', 'pipe.json')])
    expect(() => readIngressSource(workspace, 'sae/pipe.json')).toThrow('ingress-file sae/pipe.json is a named pipe (FIFO), not a regular file; refusing to read it.')
  }, 5000)

  test('refuses a named pipe swapped in after the check, on the opened descriptor, without blocking', () => {
    const file = path.join(workspace, 'sae', 'ingress.json')
    const beforeOpen = (): void => {
      unlinkSync(file)
      execFileSync('mkfifo', [file])
    }
    expect(() => readIngressSource(workspace, 'sae/ingress.json', { beforeOpen })).toThrow(/is a named pipe \(FIFO\), not a regular file/)
  }, 5000)

  test(`refuses a file over ${MAX_INGRESS_FILE_BYTES} bytes before reading it`, () => {
    truncateSync(path.join(workspace, 'sae', 'ingress.json'), MAX_INGRESS_FILE_BYTES + 1)
    expect(() => readIngressSource(workspace, 'sae/ingress.json')).toThrow(`is ${MAX_INGRESS_FILE_BYTES + 1} bytes; an ingress file may be at most ${MAX_INGRESS_FILE_BYTES} bytes.`)
  })

  describe('no swap between the check and the open', () => {
    const swapFolderForLink = (): void => {
      renameSync(path.join(workspace, 'sae'), path.join(workspace, 'sae-was'))
      symlinkSync(path.join(outside, 'sae'), path.join(workspace, 'sae'))
    }
    const swapBack = (): void => {
      unlinkSync(path.join(workspace, 'sae'))
      renameSync(path.join(workspace, 'sae-was'), path.join(workspace, 'sae'))
    }

    test('the file replaced by a symlink to outside: the open refuses to follow it', () => {
      const beforeOpen = (): void => {
        unlinkSync(path.join(workspace, 'sae', 'ingress.json'))
        symlinkSync(path.join(outside, 'sae', 'ingress.json'), path.join(workspace, 'sae', 'ingress.json'))
      }
      expect(() => readIngressSource(workspace, 'sae/ingress.json', { beforeOpen })).toThrow(/changed while it was being opened/)
    })

    test('a folder on the path replaced by a symlink to outside: the opened file is not the checked one', () => {
      expect(() => readIngressSource(workspace, 'sae/ingress.json', { beforeOpen: swapFolderForLink })).toThrow(
        'ingress-file sae/ingress.json changed while it was being opened (a file or folder on its path was replaced); refusing to read it.'
      )
    })

    test('the same, swapped back right after the open: the descriptor still proves it', () => {
      expect(() => readIngressSource(workspace, 'sae/ingress.json', { beforeOpen: swapFolderForLink, afterOpen: swapBack })).toThrow(/changed while it was being opened/)
    })
  })
})
