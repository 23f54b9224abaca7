import { expect, test } from '@jest/globals'
import * as core from '@actions/core'

test('esm works', () => {
  expect(typeof core.getInput).toBe('function')
  expect(process.version.startsWith('v24')).toBe(true)
})
