/**
 * The 404 of Cinder's URL router (a path or method it does not know): webob's `HTTPNotFound` page, in
 * the type the request's `Accept` header prefers among HTML and JSON (HTML on a tie or without the
 * header), else plain text. Not a Cinder fault body.
 */
import { HttpError, type ServiceRequest } from "../core/service";

const EXPLANATION = "The resource could not be found.<br /><br />\n\n\n";

const PAGES = {
  "text/html": {
    type: "text/html; charset=UTF-8",
    body: `<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  ${EXPLANATION}\n </body>\n</html>`,
  },
  "application/json": {
    type: "application/json",
    // Python's json.dumps spacing
    body: '{"message": "The resource could not be found.<br /><br />\\n\\n\\n", "code": "404 Not Found", "title": "Not Found"}',
  },
  "text/plain": {
    type: "text/plain; charset=UTF-8",
    body: "404 Not Found\n\nThe resource could not be found.\n\n   ",
  },
} as const;

type Offer = "text/html" | "application/json";

/** The quality `accept` gives `offer` (its most specific matching range; 0 when none matches). */
function quality(accept: string, offer: Offer): number {
  const [type] = offer.split("/");
  let best = { specificity: -1, q: 0 };
  for (const range of accept.split(",")) {
    const [media = "", ...params] = range.split(";").map((part) => part.trim().toLowerCase());
    const specificity = media === offer ? 2 : media === `${type}/*` ? 1 : media === "*/*" ? 0 : -1;
    const qParam = params.find((param) => param.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (specificity > best.specificity) best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}

/** The router's 404 for `request`. */
export function routerNotFound(request: ServiceRequest): HttpError {
  const accept = request.headers.accept;
  const offers: readonly Offer[] = ["text/html", "application/json"];
  const scored = offers.map((offer) => ({ offer, q: accept === undefined ? 1 : quality(accept, offer) }));
  const best = scored.reduce((a, b) => (b.q > a.q ? b : a));
  const page = best.q > 0 ? PAGES[best.offer] : PAGES["text/plain"];
  return new HttpError(404, "The resource could not be found.", { "Content-Type": page.type }, page.body);
}
