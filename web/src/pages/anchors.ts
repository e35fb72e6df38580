// Who the scores trust first: the trust anchors, named in plain words with the reason admins gave.
// Shown on the home page and, in one line, beside a supplier's score.
import { get } from "../api";
import type { TrustAnchors } from "../models";
import { addressLink, clear, failure, h, notice, section } from "../ui";

/** The home page's card: what anchors mean, then each anchor with who added it and why. */
export function anchorsCard(): { card: HTMLElement; load: () => Promise<void> } {
  const body = h("div", { "data-testid": "trust-anchors" }, notice("info", "Loading the trust anchors…"));
  const load = async () => {
    try {
      const anchors = await get<TrustAnchors>("/v1/trust-anchors");
      clear(body,
        h("p", {}, anchors.meaning),
        anchors.anchors.length
          ? h("ul", { class: "results" }, ...anchors.anchors.map((a) =>
            h("li", {}, h("strong", {}, a.name), " ", addressLink(a.address),
              h("span", { class: "muted" }, a.reason ? ` · trusted because: ${a.reason}` : " · set by the service's operator"))))
          : notice("empty", "No trust anchor is set on this service."));
    } catch (error) {
      clear(body, failure(error, "The trust anchors"));
    }
  };
  return { card: section("Who the scores start from", "anchors-title", body), load };
}

/** One sentence for the supplier page: the anchors by name, or that there are none. */
export async function anchorsLine(target: HTMLElement): Promise<void> {
  try {
    const anchors = await get<TrustAnchors>("/v1/trust-anchors");
    const names = anchors.anchors.map((a) => a.name);
    clear(target, names.length
      ? `Yes: trust flows only from the ${names.length} trust anchor${names.length > 1 ? "s" : ""} admins chose (${names.join("; ")}), so fake accounts vouching for each other add nothing.`
      : "No: this service has no trust anchors, so fake accounts vouching for each other could raise a score.");
  } catch {
    clear(target, "unknown (the trust anchors could not be read)");
  }
}
