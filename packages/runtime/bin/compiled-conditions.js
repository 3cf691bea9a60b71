// A module resolve hook: resolves every import with the "compiled" export condition too, so
// that the workspace packages load from their dist/ (JavaScript) rather than src/ (TypeScript).
export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'compiled'] });
}
