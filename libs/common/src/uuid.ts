const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * PostgreSQL's uuid text form (any version). A path id that is not one is simply not found:
 * 36 hex digits and dashes in other places looked like one and reached PostgreSQL, which
 * refused the cast, and the route answered 500.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
