/**
 * The unit of spend in a stored CLV model. Amounts travel as integer minor units of the base
 * currency; the models are fitted on major units (minor / 100), so that gamma and the mean spend
 * read like the published CDNOW estimates (dollars: gamma = 15.44). Gamma-Gamma is
 * scale-equivariant (gamma scales with the unit, p and q do not), so a fit and its use only have
 * to agree on this factor, not on the currency's real exponent.
 */

/** Minor units per major unit of spend in a ClvModelRecord. */
export const MINOR_UNITS_PER_MAJOR = 100;

/** Minor units of spend as the model's major units. */
export function toModelSpend(minor: number): number {
  return minor / MINOR_UNITS_PER_MAJOR;
}

/** A value in the model's major units as minor units (not rounded: an estimate need not be whole). */
export function fromModelSpend(major: number): number {
  return major * MINOR_UNITS_PER_MAJOR;
}
