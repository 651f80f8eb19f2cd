/**
 * The credential scan of the secrets suite: everything a user or an attacker could read is collected as
 * evidence while the lifecycles run (what the engine printed, every event and diagnostic, the state file outside
 * its encrypted secrets, every `__provider`, the URLs the simulator received), then searched for every known
 * credential in every form it could take in text (as is, URL-encoded, form-encoded, JSON-escaped, base64).
 */
import { type EngineEvent, type RunResult, SECRET_SIG, SIG_KEY, type StackState } from "../../engine";

/** The kinds of place scanned, as the report names them. */
export const PLACES = {
  engineOutput: "engine (test process) stdout and stderr",
  hostOutput: "provider host and program stdout and stderr",
  messages: "diagnostics and error messages",
  events: "engine events",
  state: "state file outside secret wrappers",
  provider: "__provider",
  urls: "request URLs received by the simulator",
} as const;

/** A kind of place. */
export type PlaceKind = (typeof PLACES)[keyof typeof PLACES];

/** A credential found in readable text. */
export interface Finding {
  kind: PlaceKind;
  /** Which text: the scenario and run it came from. */
  place: string;
  /** The credential's label ("OpenStack password"), never its value. */
  credential: string;
  /** How it was written: "as is", "URL-encoded", …. */
  form: string;
  /** The text around it, with the credential masked. */
  excerpt: string;
}

/** What a scan covered and found. */
export interface ScanSummary {
  places: number;
  bytes: number;
  byKind: Record<string, { places: number; bytes: number }>;
  credentials: number;
  /** Distinct strings searched for (every credential in every form). */
  needles: number;
  findings: Finding[];
}

interface Text {
  kind: PlaceKind;
  place: string;
  text: string;
}

/** Texts collected for the scan, and facts about the state files seen. */
export class Evidence {
  private readonly texts: Text[] = [];
  /** Secret values in state files, encrypted (`ciphertext`), and not (`value`: a finding by itself). */
  readonly stateSecrets = { encrypted: 0, plaintext: 0 };
  /** Tokens the services issued or received during the runs: credentials too. */
  readonly tokens = new Set<string>();

  /** Adds one text. */
  add(kind: PlaceKind, place: string, text: string): void {
    this.texts.push({ kind, place, text });
  }

  /** Adds what a run showed: every diagnostic and error, split into host/program output and messages. */
  addRun(place: string, result: RunResult, events: readonly EngineEvent[]): void {
    const output = result.diagnostics.filter((d) => d.source !== "engine" && d.severity.startsWith("info"));
    const messages = result.diagnostics.filter((d) => !output.includes(d));
    this.add(PLACES.hostOutput, place, output.map((d) => d.message).join("\n"));
    this.add(
      PLACES.messages,
      place,
      [
        result.error ?? "",
        ...messages.map((d) => d.message),
        ...result.steps.map((s) => s.error ?? ""),
        JSON.stringify(result.outputs),
      ].join("\n"),
    );
    for (const [index, event] of events.entries()) {
      this.add(PLACES.events, `${place} event ${index + 1} (${event.type})`, JSON.stringify(event));
    }
  }

  /** Adds a state file: its text with every secret wrapper's ciphertext removed, and each `__provider`. */
  addState(place: string, text: string): void {
    const state = JSON.parse(text) as StackState;
    this.add(PLACES.state, place, JSON.stringify(this.withoutCiphertexts(state)));
    for (const resource of state.resources) {
      for (const [side, properties] of [
        ["inputs", resource.inputs],
        ["outputs", resource.outputs],
      ] as const) {
        const provider = properties?.__provider;
        if (typeof provider === "string") {
          this.add(PLACES.provider, `${place}: ${resource.name} ${side}.__provider`, provider);
        }
      }
    }
  }

  /** Every text collected. */
  all(): readonly Text[] {
    return this.texts;
  }

  /** `value` with each encrypted secret replaced by a marker; a wrapper holding a plain `value` is kept. */
  private withoutCiphertexts(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.withoutCiphertexts(item));
    if (value === null || typeof value !== "object") return value;
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) {
      if (typeof record.ciphertext === "string") {
        this.stateSecrets.encrypted++;
        return "[ciphertext]";
      }
      this.stateSecrets.plaintext++;
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, this.withoutCiphertexts(v)]));
  }
}

/** The forms a credential can take in text, by name. */
export function formsOf(value: string): Map<string, string> {
  const forms = new Map<string, string>();
  const add = (form: string, text: string) => {
    if (![...forms.values()].includes(text)) forms.set(form, text);
  };
  add("as is", value);
  add("URL-encoded", encodeURIComponent(value));
  add("URL-encoded (encodeURI)", encodeURI(value));
  add("form-encoded", new URLSearchParams({ v: value }).toString().slice(2));
  add("JSON-escaped", JSON.stringify(value).slice(1, -1));
  add("base64", Buffer.from(value).toString("base64"));
  return forms;
}

/** Searches every text of `evidence` for every form of every credential. */
export function scan(evidence: Evidence, credentials: ReadonlyMap<string, string>): ScanSummary {
  const needles: { credential: string; form: string; text: string }[] = [];
  for (const [credential, value] of credentials) {
    for (const [form, text] of formsOf(value)) needles.push({ credential, form, text });
  }
  const summary: ScanSummary = {
    places: 0,
    bytes: 0,
    byKind: {},
    credentials: credentials.size,
    needles: needles.length,
    findings: [],
  };
  for (const { kind, place, text } of evidence.all()) {
    const bytes = Buffer.byteLength(text);
    summary.places++;
    summary.bytes += bytes;
    const figures = (summary.byKind[kind] ??= { places: 0, bytes: 0 });
    figures.places++;
    figures.bytes += bytes;
    for (const needle of needles) {
      const at = text.indexOf(needle.text);
      if (at < 0) continue;
      const excerpt = text
        .slice(Math.max(0, at - 80), at + needle.text.length + 80)
        .split(needle.text)
        .join(`<${needle.credential}>`);
      summary.findings.push({ kind, place, credential: needle.credential, form: needle.form, excerpt });
    }
  }
  return summary;
}

/** Runs `work`, recording what this process writes to stdout and stderr meanwhile (still printing it). */
export async function recordingProcessOutput<T>(
  work: () => Promise<T>,
): Promise<{ value: T; output: string }> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const [index, stream] of streams.entries()) {
    const original = originals[index];
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return original.call(stream, chunk, ...rest);
    }) as typeof stream.write;
  }
  try {
    const value = await work();
    return { value, output: chunks.join("") };
  } finally {
    for (const [index, stream] of streams.entries()) stream.write = originals[index];
  }
}
