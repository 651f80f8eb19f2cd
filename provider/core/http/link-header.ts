/** Reading RFC 8288 `Link` headers, as paginated APIs (Waldur, Django REST framework) send them. */

/** The URL of the link with relation `rel` (for example "next"), if the header has one. */
export function linkWithRel(header: string | string[] | undefined, rel: string): string | undefined {
  const text = Array.isArray(header) ? header.join(", ") : header;
  if (!text) return undefined;
  for (const part of text.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>(.*)/.exec(part.trim());
    if (!match) continue;
    const rels = /;\s*rel="?([^";]+)"?/i.exec(match[2])?.[1].split(/\s+/) ?? [];
    if (rels.includes(rel)) return match[1];
  }
  return undefined;
}
