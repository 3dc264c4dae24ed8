/**
 * The enum values of the enum fields a manifest commonly carries, as Kubernetes 1.31's OpenAPI lists
 * them after "Possible enum values:" (the generators scripts/gen-api-docs.ts reads drop that list).
 * Key: definition key + '.' + JSON property; value: [value, its doc comment without the constant's
 * name ('' when the constant has none)], in the OpenAPI's order (sorted by value).
 */
export const ENUMS: Record<string, [string, string][]> = {};
