/**
 * Exact odds of one recruitment whose entrants list no other recruitment and are no units
 * (README section 10).
 *
 * Tiers wholly inside the seats give 1, tiers wholly outside give 0. In the cut-off tier, with
 * `s′` seats left and weights `w_j`, substitute the key `t` of entrant `i`: every other entrant
 * `j` is ahead with probability `p_j(t) = 1 − e^(−w_j t)`, independently, so
 *
 * ```
 * P_i = ∫₀^∞ w_i e^(−w_i t) · Pr[fewer than s′ others have key < t] dt.
 * ```
 *
 * Method (all classes at once, one integral over `t`):
 *
 * - Entrants with equal weight form a class `c` of `n_c` members; the count of class `c` ahead
 *   at `t` is Binomial(n_c, p_c(t)). Its PMF is built from the mode outward with the ratio
 *   recurrence and normalised over its whole window (entries below 1e-17 of the mode dropped).
 * - At every quadrature node the PMF of `T`, the number of all tier members ahead, is the
 *   convolution of the class PMFs (tails below 1e-20 pruned after every step, and cut at `s′ − 1`
 *   when only the forward deconvolution below is needed). It is shared by all classes.
 * - For class `c`, the others are `O_c = T` minus one Bernoulli(p_c), and
 *   `Pr[O_c < s′] = Pr[T < s′] + p_c · Pr[O_c = s′ − 1]`. `Pr[O_c = s′ − 1]` comes from a
 *   deconvolution that never amplifies rounding errors: forward
 *   (`D(k) = (T(k) − p_c D(k−1)) / q_c`) when `p_c ≤ 1/2`, backward from the top of `T`'s window
 *   (`D(k−1) = (T(k) − q_c D(k)) / p_c`) otherwise.
 * - Chernoff bounds give `t_lo` (below it `Pr[T ≥ s′] ≤ 1e-13`, so the integrand is
 *   `w_c e^(−w_c t)` and integrates in closed form to `1 − e^(−w_c t_lo)`) and `t_hi` (beyond it
 *   `Pr[T ≤ s′] ≤ 1e-13`, so the rest is negligible); the end is `min(t_hi, 40 / w_min)`.
 *   In between, in the variable `ln t` (so that weights of very different sizes are all
 *   resolved), adaptive Gauss–Kronrod (10/21 points) on the vector of all class integrands,
 *   starting from at least three equal pieces at most 2 wide,
 *   bisects the piece with the largest estimate `max_c |K21 − G10|` until the summed estimate is
 *   ≤ 1e-10 (a conservative bound: the K21 result is far more accurate than G10).
 *
 * @module
 */

/** One entrant of an exact-case recruitment. */
export interface ExactEntrant {
  /** Any identifier (pseudonym or application id); must be unique. */
  id: string;
  /** Weight in integer hundredths (any positive finite number works). */
  weight: number;
  /** Priority tier, 1 is the best. */
  tier: number;
}

/** Tail probability below which the integrand is treated as fully settled (each side). */
const TAIL_EPS = 1e-13;
/** Target for the summed Gauss–Kronrod error estimates, per class. */
const QUAD_TOL = 1e-10;
/** Binomial PMF entries below this fraction of the mode are dropped. */
const PMF_REL_CUT = 1e-17;
/** Convolution entries below this absolute value are pruned from the window ends. */
const CONV_CUT = 1e-20;
/** Fewest equal pieces `[ln t_lo, ln t_end]` starts with (enough for 10k/500/50 as is). */
const START_PIECES = 3;
/**
 * Widest starting piece in `ln t`. Each `e^(−w_c t)` varies over a few units of `ln t`, so no
 * class's mass can hide between the nodes of a piece this narrow.
 */
const MAX_START_WIDTH = 2;
/** Safety cap on Gauss–Kronrod subdivisions. */
const MAX_INTERVALS = 400;

/**
 * Probability of a seat for every entrant of one recruitment in the exact case.
 *
 * @param seats the recruitment's seats (integer ≥ 0)
 * @param entrants every entrant listing the recruitment (no units, no other choices)
 * @returns the probability per entrant id, exact to 1e-9; within the cut-off tier they sum to
 *   `min(s′, n)`
 */
export function exactOdds(
  seats: number,
  entrants: readonly ExactEntrant[],
): Map<string, number> {
  if (!Number.isInteger(seats) || seats < 0) {
    throw new RangeError(`bad seat count: ${seats}`);
  }
  const out = new Map<string, number>();
  const byTier = new Map<number, ExactEntrant[]>();
  for (const e of entrants) {
    if (out.has(e.id)) throw new RangeError(`duplicate entrant id: ${e.id}`);
    if (!(e.weight > 0) || !Number.isFinite(e.weight)) {
      throw new RangeError(`bad weight for ${e.id}: ${e.weight}`);
    }
    if (!Number.isInteger(e.tier) || e.tier < 1) {
      throw new RangeError(`bad tier for ${e.id}: ${e.tier}`);
    }
    out.set(e.id, 0);
    const list = byTier.get(e.tier);
    if (list) list.push(e);
    else byTier.set(e.tier, [e]);
  }
  let left = seats;
  for (const tier of [...byTier.keys()].sort((a, b) => a - b)) {
    const members = byTier.get(tier)!;
    if (left >= members.length) {
      for (const e of members) out.set(e.id, 1);
    } else if (left > 0) {
      const classes = new Map<number, ExactEntrant[]>();
      // Classes by ascending weight: the result does not depend on the order of the input.
      members.sort((a, b) => a.weight - b.weight);
      for (const e of members) {
        const c = classes.get(e.weight);
        if (c) c.push(e);
        else classes.set(e.weight, [e]);
      }
      const weights = [...classes.keys()];
      const counts = weights.map((w) => classes.get(w)!.length);
      const p = cutoffTierOdds(left, weights, counts);
      weights.forEach((w, c) => {
        for (const e of classes.get(w)!) out.set(e.id, p[c]);
      });
    }
    left = Math.max(0, left - members.length);
  }
  return out;
}

/**
 * Probability of a seat for one member of each weight class of the cut-off tier.
 *
 * @param seatsLeft `s′`, with `0 < s′ < Σ counts`
 * @param weights the distinct weights (positive)
 * @param counts the number of members of each class (≥ 1)
 * @returns per class, the probability that a given member is among the first `s′`
 */
export function cutoffTierOdds(
  seatsLeft: number,
  weights: readonly number[],
  counts: readonly number[],
): Float64Array {
  const k = weights.length;
  let n = 0;
  for (const c of counts) n += c;
  const res = new Float64Array(k);
  if (seatsLeft <= 0) return res;
  if (seatsLeft >= n) return res.fill(1);
  if (k === 1) return res.fill(seatsLeft / n);
  let wMax = 0;
  for (const w of weights) wMax = Math.max(wMax, w);
  const w = Float64Array.from(weights, (x) => x / wMax);
  const cnt = Int32Array.from(counts);
  const node = new NodeEvaluator(seatsLeft, w, cnt);
  const { tLo, tHi } = integrationRange(seatsLeft, w, cnt);
  // Beyond 40 / w_min every integrand is below w_c e^(−40): negligible.
  let wMin = Infinity;
  for (const x of w) wMin = Math.min(wMin, x);
  const tEnd = Math.min(tHi, 40 / wMin);
  const integral = tEnd > tLo
    ? integrateGK21(node, Math.log(tLo), Math.log(tEnd), k)
    : new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const v = -Math.expm1(-w[c] * tLo) + integral[c];
    res[c] = Math.min(1, Math.max(0, v));
  }
  return res;
}

/** Evaluates the vector of class integrands `w_c e^(−w_c t) Pr[O_c < s′]` at one `t`. */
class NodeEvaluator {
  readonly #sp: number;
  readonly #w: Float64Array;
  readonly #n: Int32Array;
  readonly #pmf: Float64Array[];
  readonly #lo: Int32Array;
  readonly #hi: Int32Array;
  readonly #p: Float64Array;
  readonly #q: Float64Array;
  #bufA: Float64Array;
  #bufB: Float64Array;
  readonly #order: number[];

  constructor(sp: number, w: Float64Array, n: Int32Array) {
    this.#sp = sp;
    this.#w = w;
    this.#n = n;
    const k = w.length;
    let total = 0;
    for (const c of n) total += c;
    this.#pmf = Array.from(n, (c) => new Float64Array(c + 1));
    this.#lo = new Int32Array(k);
    this.#hi = new Int32Array(k);
    this.#p = new Float64Array(k);
    this.#q = new Float64Array(k);
    this.#bufA = new Float64Array(total + 1);
    this.#bufB = new Float64Array(total + 1);
    // Convolve small classes first: the partial window stays narrow for longer.
    this.#order = [...n.keys()].sort((a, b) => n[a] - n[b]);
  }

  /** Writes the integrand of every class in `x = ln t`, `t · w_c e^(−w_c t) Pr[O_c < s′]`, into `out`. */
  evalLog(x: number, out: Float64Array): void {
    const t = Math.exp(x);
    this.eval(t, out);
    for (let c = 0; c < out.length; c++) out[c] *= t;
  }

  /** Writes the integrand of every class at `t`, `w_c e^(−w_c t) Pr[O_c < s′]`, into `out`. */
  eval(t: number, out: Float64Array): void {
    const sp = this.#sp, w = this.#w, k = w.length;
    const p = this.#p, q = this.#q;
    let needBackward = false;
    for (let c = 0; c < k; c++) {
      p[c] = -Math.expm1(-w[c] * t);
      q[c] = Math.exp(-w[c] * t);
      if (p[c] > 0.5) needBackward = true;
      this.#binomial(c);
    }
    // T = Σ_c Binomial(n_c, p_c), cut at s′ − 1 unless a backward deconvolution needs the top.
    const cap = needBackward ? this.#bufA.length - 1 : sp - 1;
    let cur = this.#bufA, nxt = this.#bufB;
    cur[0] = 1;
    let lo = 0, hi = 0;
    let empty = false;
    for (const c of this.#order) {
      const pm = this.#pmf[c], a = this.#lo[c], b = this.#hi[c];
      const nlo = lo + a;
      const nhi = Math.min(hi + b, cap);
      if (nlo > nhi) {
        empty = true;
        break;
      }
      nxt.fill(0, nlo, nhi + 1);
      for (let i = lo; i <= hi; i++) {
        const x = cur[i];
        if (x === 0) continue;
        const jEnd = Math.min(b, cap - i);
        for (let j = a; j <= jEnd; j++) nxt[i + j] += x * pm[j];
      }
      lo = nlo;
      hi = nhi;
      while (lo <= hi && nxt[lo] < CONV_CUT) lo++;
      while (hi >= lo && nxt[hi] < CONV_CUT) hi--;
      if (lo > hi) {
        empty = true;
        break;
      }
      const tmp = cur;
      cur = nxt;
      nxt = tmp;
    }
    this.#bufA = cur;
    this.#bufB = nxt;
    if (empty) {
      out.fill(0);
      return;
    }
    let below = 0; // Pr[T < s′]
    for (let i = lo, e = Math.min(hi, sp - 1); i <= e; i++) below += cur[i];
    for (let c = 0; c < k; c++) {
      const pc = p[c], qc = q[c];
      let d = 0; // Pr[O_c = s′ − 1]
      if (pc <= 0.5) {
        for (let i = lo, e = Math.min(hi, sp - 1); i <= e; i++) {
          d = (cur[i] - pc * d) / qc;
        }
        if (hi < sp - 1) {
          // T(i) = 0 above the window: D(i) = −(p/q) D(i−1), decaying.
          d *= (-pc / qc) ** (sp - 1 - hi);
        }
      } else {
        for (let i = hi; i >= sp; i--) d = (cur[i] - qc * d) / pc;
        if (lo > sp) d *= (-qc / pc) ** (lo - sp);
      }
      const f = Math.min(1, Math.max(0, below + pc * d));
      out[c] = w[c] * qc * f;
    }
  }

  /** Fills `#pmf[c]` over `[#lo[c], #hi[c]]` with the Binomial(n_c, p_c) PMF. */
  #binomial(c: number): void {
    const nc = this.#n[c], pc = this.#p[c], qc = this.#q[c], pm = this.#pmf[c];
    if (pc < 1e-290 || nc === 0) {
      pm[0] = 1;
      this.#lo[c] = 0;
      this.#hi[c] = 0;
      return;
    }
    if (qc < 1e-290) {
      pm[nc] = 1;
      this.#lo[c] = nc;
      this.#hi[c] = nc;
      return;
    }
    const r = pc / qc;
    const m = Math.min(nc, Math.floor((nc + 1) * pc));
    pm[m] = 1;
    let sum = 1;
    let v = 1;
    let hi = m;
    while (hi < nc) {
      v *= ((nc - hi) / (hi + 1)) * r;
      if (v < PMF_REL_CUT) break;
      hi++;
      pm[hi] = v;
      sum += v;
    }
    v = 1;
    let lo = m;
    const ir = qc / pc;
    while (lo > 0) {
      v *= (lo / (nc - lo + 1)) * ir;
      if (v < PMF_REL_CUT) break;
      lo--;
      pm[lo] = v;
      sum += v;
    }
    const inv = 1 / sum;
    for (let i = lo; i <= hi; i++) pm[i] *= inv;
    this.#lo[c] = lo;
    this.#hi[c] = hi;
  }
}

/** `log(e^a + e^b)` without overflow. */
function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b
    ? a + Math.log1p(Math.exp(b - a))
    : b + Math.log1p(Math.exp(a - b));
}

/**
 * Chernoff bound on `Pr[T ≥ a]` (`upper`) or `Pr[T ≤ a]` (`!upper`) at `t`, where
 * `T = Σ_c Binomial(n_c, 1 − e^(−w_c t))`. Any tilt gives a valid bound; the tilt is found by
 * bisection on the tilted mean.
 */
function chernoff(
  t: number,
  a: number,
  w: Float64Array,
  n: Int32Array,
  upper: boolean,
): number {
  const k = w.length;
  const lp = new Float64Array(k), lq = new Float64Array(k);
  let mean = 0;
  for (let c = 0; c < k; c++) {
    lq[c] = -w[c] * t;
    lp[c] = Math.log(-Math.expm1(-w[c] * t));
    mean += n[c] * Math.exp(lp[c]);
  }
  if (upper ? a <= mean : a >= mean) return 1;
  const tiltedMean = (th: number) => {
    let m = 0;
    for (let c = 0; c < k; c++) {
      // logistic(lp + θ − lq)
      const z = lp[c] + th - lq[c];
      m += n[c] *
        (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
    }
    return m;
  };
  // Bracket θ with tiltedMean(θ) = a (θ > 0 for the upper tail, θ < 0 for the lower).
  let th0 = 0, th1 = upper ? 1 : -1;
  while (upper ? tiltedMean(th1) < a : tiltedMean(th1) > a) {
    th0 = th1;
    th1 *= 2;
    if (Math.abs(th1) > 4096) break;
  }
  for (let i = 0; i < 60; i++) {
    const mid = (th0 + th1) / 2;
    if ((tiltedMean(mid) < a) === upper) th0 = mid;
    else th1 = mid;
  }
  const th = (th0 + th1) / 2;
  let lg = -th * a;
  for (let c = 0; c < k; c++) lg += n[c] * logAddExp(lq[c], lp[c] + th);
  return Math.exp(Math.min(0, lg));
}

/** The interval `[t_lo, t_hi]` outside which the cut-off integrand is settled to 1e-13. */
function integrationRange(
  sp: number,
  w: Float64Array,
  n: Int32Array,
): { tLo: number; tHi: number } {
  const k = w.length;
  const mean = (t: number) => {
    let m = 0;
    for (let c = 0; c < k; c++) m += n[c] * -Math.expm1(-w[c] * t);
    return m;
  };
  let sw = 0;
  for (let c = 0; c < k; c++) sw += n[c] * w[c];
  // t* with mean(t*) = s′: mean(s′/Σ n w) ≤ s′ since 1 − e^(−x) ≤ x.
  let a = sp / sw, b = a;
  for (let i = 0; mean(b) < sp && i < 2000; i++) b *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (a + b) / 2;
    if (mean(mid) < sp) a = mid;
    else b = mid;
  }
  const tStar = (a + b) / 2;
  // Bisect in log t for the edge where the bound crosses TAIL_EPS (relative precision ~1e-4).
  const edge = (upper: boolean) => {
    const ok = (t: number) => chernoff(t, sp, w, n, upper) <= TAIL_EPS;
    let inside = tStar; // bound > eps (or at least unknown)
    let outside = upper ? tStar / 2 : tStar * 2;
    for (let i = 0; !ok(outside); i++) {
      if (i > 2000) throw new Error("exact odds: no integration range found");
      inside = outside;
      outside = upper ? outside / 2 : outside * 2;
    }
    for (let i = 0; i < 16; i++) {
      const mid = Math.sqrt(inside * outside);
      if (ok(mid)) outside = mid;
      else inside = mid;
    }
    return outside;
  };
  return { tLo: edge(true), tHi: edge(false) };
}

// Gauss–Kronrod 10/21 abscissae and weights (QUADPACK qk21).
const XGK = [
  0.995657163025808080735527280689003,
  0.973906528517171720077964012084452,
  0.930157491355708226001207180059508,
  0.865063366688984510732096688423493,
  0.780817726586416897063717578345042,
  0.679409568299024406234327365114874,
  0.562757134668604683339000099272694,
  0.433395394129247190799265943165784,
  0.294392862701460198131126603103866,
  0.148874338981631210884826001129720,
  0,
];
const WGK = [
  0.011694638867371874278064396062192,
  0.032558162307964727478818972459390,
  0.054755896574351996031381300244580,
  0.075039674810919952767043140916190,
  0.093125454583697605535065465083366,
  0.109387158802297641899210590325805,
  0.123491976262065851077600525452934,
  0.134709217311473325928054001771707,
  0.142775938577060080797094273138717,
  0.147739104901338491374841515972068,
  0.149445554002916905664936468389821,
];
/** Gauss weights of the 10-point rule, for the odd-indexed XGK abscissae. */
const WG = [
  0.066671344308688137593568809893332,
  0.149451349150580593145776339657697,
  0.219086362515982043995534934228163,
  0.269266719309996355091226921569469,
  0.295524224714752870173892994651146,
];

interface Piece {
  a: number;
  b: number;
  value: Float64Array;
  error: number;
}

/** Vector Gauss–Kronrod 21 on `[a, b]` in `ln t`; error = max over classes of |K21 − G10|. */
function gk21(node: NodeEvaluator, a: number, b: number, k: number): Piece {
  const half = (b - a) / 2, mid = (a + b) / 2;
  const kr = new Float64Array(k),
    ga = new Float64Array(k),
    f = new Float64Array(k);
  const add = (x: number, wk: number, wg: number) => {
    node.evalLog(x, f);
    for (let c = 0; c < k; c++) {
      kr[c] += wk * f[c];
      ga[c] += wg * f[c];
    }
  };
  add(mid, WGK[10], 0);
  for (let i = 0; i < 10; i++) {
    const wg = i % 2 === 1 ? WG[(i - 1) / 2] : 0;
    add(mid - half * XGK[i], WGK[i], wg);
    add(mid + half * XGK[i], WGK[i], wg);
  }
  let error = 0;
  for (let c = 0; c < k; c++) {
    kr[c] *= half;
    error = Math.max(error, Math.abs(kr[c] - ga[c] * half));
  }
  return { a, b, value: kr, error };
}

/**
 * Adaptive vector Gauss–Kronrod over `ln t ∈ [a, b]`: starts from equal pieces at most
 * `MAX_START_WIDTH` wide, then bisects the worst piece until the summed estimate ≤ `QUAD_TOL`.
 */
function integrateGK21(
  node: NodeEvaluator,
  a: number,
  b: number,
  k: number,
): Float64Array {
  const pieces: Piece[] = [];
  const count = Math.max(START_PIECES, Math.ceil((b - a) / MAX_START_WIDTH));
  for (let i = 0; i < count; i++) {
    const x0 = a + ((b - a) * i) / count;
    const x1 = i === count - 1 ? b : a + ((b - a) * (i + 1)) / count;
    pieces.push(gk21(node, x0, x1, k));
  }
  for (;;) {
    let total = 0, worst = 0;
    for (let i = 0; i < pieces.length; i++) {
      total += pieces[i].error;
      if (pieces[i].error > pieces[worst].error) worst = i;
    }
    if (total <= QUAD_TOL || pieces.length >= MAX_INTERVALS) break;
    const p = pieces[worst];
    const m = (p.a + p.b) / 2;
    pieces.splice(worst, 1, gk21(node, p.a, m, k), gk21(node, m, p.b, k));
  }
  const sum = new Float64Array(k);
  for (const p of pieces) for (let c = 0; c < k; c++) sum[c] += p.value[c];
  return sum;
}
