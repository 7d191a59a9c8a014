/**
 * Picks the content coding to use from `Accept-Encoding` (RFC 9110 §12.5.3): the offered coding with the highest
 * q-value above zero, ties going to the server's order. `null` when the client accepts none of them, or sent no
 * header (compressing for a client that never asked is a gamble not worth taking).
 */
export function negotiateEncoding<E extends string>(header: string | null, offered: readonly E[]): E | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.split(";");
    const coding = name.trim().toLowerCase();
    if (!coding) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split("=");
      if (key.trim().toLowerCase() === "q") q = Number.parseFloat(value ?? "");
    }
    weights.set(coding, Number.isFinite(q) ? q : 0);
  }
  const wildcard = weights.get("*");
  let best: E | null = null;
  let bestWeight = 0;
  for (const coding of offered) {
    const weight = weights.get(coding) ?? wildcard ?? 0;
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}
