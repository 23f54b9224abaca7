/** Fault rules, matched per request in the order injected; the first rule that fires wins. */
import type { Fault, FaultRule, Operation } from './types.js'

interface ActiveRule {
  ops: ReadonlySet<Operation>
  fault: Fault
  after: number
  times: number
  probability: number | undefined
  seen: number
  fired: number
}

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class FaultPlan {
  private rules: ActiveRule[] = []
  private readonly random: () => number

  constructor(seed: number) {
    this.random = seededRandom(seed)
  }

  add(rule: FaultRule): void {
    const { probability } = rule
    if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
      throw new RangeError(`probability must be within 0..1, got ${probability}`)
    }
    if (rule.fault.type === 'latency' && !(rule.fault.ms >= 0)) {
      throw new RangeError(`latency must be a number of ms >= 0, got ${rule.fault.ms}`)
    }
    this.rules.push({
      ops: new Set(Array.isArray(rule.op) ? rule.op : [rule.op]),
      fault: rule.fault,
      after: rule.after ?? 0,
      times: rule.times ?? (probability === undefined ? 1 : Infinity),
      probability,
      seen: 0,
      fired: 0
    })
  }

  clear(): void {
    this.rules = []
  }

  /** The fault for this request, if a rule fires. Rules after the one that fires do not see it. */
  pick(op: Operation): Fault | undefined {
    for (const rule of this.rules) {
      if (!rule.ops.has(op)) continue
      rule.seen++
      if (rule.seen <= rule.after || rule.fired >= rule.times) continue
      if (rule.probability !== undefined && this.random() >= rule.probability) continue
      rule.fired++
      return rule.fault
    }
    return undefined
  }
}
