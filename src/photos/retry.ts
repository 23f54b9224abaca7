/**
 * The one retry policy: which failures are retried, and how long to wait.
 *
 * 5xx, connection resets and timeouts back off exponentially with jitter from 1 s;
 * 429 waits for Retry-After, or at least 30 s (Google's guidance). The waits are
 * fields of the policy so that tests can shrink them; they are not user inputs.
 */
import { setTimeout } from 'node:timers/promises'

export interface RetryPolicy {
  /** Attempts in all for a request that keeps failing transiently. */
  maxAttempts: number
  /** First backoff after a 5xx, reset or timeout. */
  baseDelayMs: number
  /** Ceiling of one backoff. */
  maxDelayMs: number
  /** Least wait after a 429 without Retry-After. */
  rateLimitDelayMs: number
  /** Factor on server-given Retry-After (1 in production; tests shrink it). */
  retryAfterScale: number
  /** A Retry-After longer than this is not waited for: the request fails. */
  maxRetryAfterMs: number
  /** Time for a request without a large body to get its whole answer. */
  requestTimeoutMs: number
  /** Extra time allowed per MiB of request body (uploads). */
  timeoutPerMiBMs: number
  /** Jitter source in [0, 1). */
  random: () => number
  /** Waits `ms`; rejects (or resolves) early when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1000,
  maxDelayMs: 32_000,
  rateLimitDelayMs: 30_000,
  retryAfterScale: 1,
  maxRetryAfterMs: 10 * 60_000,
  requestTimeoutMs: 60_000,
  timeoutPerMiBMs: 10_000,
  random: Math.random,
  sleep: (ms, signal) => setTimeout(ms, undefined, signal ? { signal } : {})
}

/** Backoff before attempt `attempt + 1` (attempt counts from 1): full jitter over the upper half. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + (ceiling / 2) * policy.random())
}

/** Wait after a 429: Retry-After when given, never less than the policy's floor without it. */
export function rateLimitDelay(policy: RetryPolicy, retryAfterMs: number | undefined): number {
  if (retryAfterMs !== undefined) return Math.round(retryAfterMs * policy.retryAfterScale)
  return policy.rateLimitDelayMs + Math.round(policy.baseDelayMs * policy.random())
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

export function timeoutFor(policy: RetryPolicy, bodyBytes: number): number {
  return policy.requestTimeoutMs + Math.ceil(bodyBytes / (1024 * 1024)) * policy.timeoutPerMiBMs
}
