// The official contracts (swagger 2.0: Microsoft.Security pricings 2024-01-01 and 2026-07-01,
// Resource Graph, management groups) as JSON Schema validators, for the contract tests. The spec files are the project's own verbatim copies in
// emulator/spec/ (see its README and MANIFEST.json).
import { readFileSync, readdirSync } from "node:fs";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const specRoot = new URL("../spec/", import.meta.url);

/** The api-versions of Microsoft.Security pricings whose official documents are in emulator/spec/. */
export type PricingsSpecVersion = "2024-01-01" | "2026-07-01";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const readJson = (url: URL): Json => {
  const parsed: unknown = JSON.parse(readFileSync(url, "utf8"));
  if (!isObject(parsed)) throw new Error(`${url.pathname}: not a JSON object`);
  return parsed;
};

/**
 * Swagger schemas allow undeclared properties, so an emulator inventing or misspelling a field
 * would still pass. Like `oav` (Azure's own spec validator), the contract tests refuse them:
 * every object schema with `properties` and no `additionalProperties` gets
 * `unevaluatedProperties: false` — except schemas used as `allOf` bases (Resource), whose
 * properties are only a part of the instance. In request mode, readOnly properties must not be
 * sent at all.
 */
function tighten(node: unknown, mode: "response" | "request", allOfBases: ReadonlySet<string>, name?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => tighten(n, mode, allOfBases));
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties" && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([prop, schema]) => [
          prop,
          mode === "request" && isObject(schema) && schema["readOnly"] === true ? false : tighten(schema, mode, allOfBases),
        ]),
      );
    } else if (key === "definitions" && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([def, schema]) => [def, tighten(schema, mode, allOfBases, def)]));
    } else {
      out[key] = tighten(value, mode, allOfBases);
    }
  }
  if (isObject(node["properties"]) && node["additionalProperties"] === undefined && !(name !== undefined && allOfBases.has(name))) {
    out["unevaluatedProperties"] = false;
  }
  return out;
}

/** Definition names referenced from an allOf anywhere in the documents ("…#/definitions/Resource" → Resource). */
function allOfBaseNames(docs: Json[]): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      const allOf = node["allOf"];
      if (Array.isArray(allOf)) {
        for (const part of allOf) {
          const ref = isObject(part) ? part["$ref"] : undefined;
          const name = typeof ref === "string" ? /#\/definitions\/([^/]+)$/.exec(ref)?.[1] : undefined;
          if (name !== undefined) names.add(name);
        }
      }
      Object.values(node).forEach(walk);
    }
  };
  docs.forEach(walk);
  return names;
}

/**
 * Validators for definitions of official documents in emulator/spec/, named "file#Definition" with
 * the file relative to that folder ("resourcegraph-2024-04-01/openapi.json#QueryResponse"). Each
 * document is registered under its own path, so its relative `$ref`s resolve as they do upstream:
 * `./common/v1/types.json` beside it, and `../../../../../../common-types/…` climbs to the origin's root,
 * which stands for upstream's `specification/` folder (emulator/spec/README.md). `strict: false`
 * lets ajv ignore swagger's own keywords (x-ms-*, readOnly in draft-04 places, …).
 */
export function loadSwagger(files: readonly string[]): (definition: string, body: unknown, mode?: "response" | "request") => string[] {
  const documents = files.map((file) => ({ file, json: readJson(new URL(file, specRoot)) }));
  const bases = allOfBaseNames(documents.map((d) => d.json));
  const instances = (["response", "request"] as const).map((mode) => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const origin = `https://${mode}.spec.emulator.local/`;
    for (const { file, json } of documents) ajv.addSchema({ ...(tighten(json, mode, bases) as Json), $id: `${origin}${file}` });
    return { mode, ajv, origin };
  });
  return (definition, body, mode = "response") => {
    const instance = instances.find((i) => i.mode === mode);
    const [file, name] = definition.split("#");
    const validate = instance?.ajv.getSchema(`${instance.origin}${file ?? ""}#/definitions/${name ?? ""}`);
    if (!validate) throw new Error(`spec: no definition ${definition}`);
    return validate(body) ? [] : (validate.errors ?? []).map(describeError);
  };
}

/** The global update's request and response exist only from 2026-07-01. */
export type SpecDefinition = "Pricing" | "PricingList" | "CloudError" | "GlobalPricingUpdateRequest" | "GlobalPricingUpdateResponse";
export type SpecValidator = (definition: SpecDefinition, body: unknown, mode?: "response" | "request") => string[];

/**
 * The Microsoft.Security pricings document of an api-version, with its CloudError (2026-07-01's
 * Pricing is a ProxyResource of the v5 common types).
 */
export function loadSpec(version: PricingsSpecVersion = "2024-01-01"): SpecValidator {
  const types = `${version}/common/v1/types.json`;
  const pricings = `${version}/pricings.json`;
  const validate = loadSwagger(
    version === "2024-01-01" ? [types, pricings] : ["common-types/resource-management/v5/types.json", types, pricings],
  );
  return (definition, body, mode) => validate(`${definition === "CloudError" ? types : pricings}#${definition}`, body, mode);
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath === "" ? "(root)" : e.instancePath;
  const extra =
    e.keyword === "unevaluatedProperties" ? ` '${String((e.params as { unevaluatedProperty?: unknown }).unevaluatedProperty)}'` : "";
  return `${where} ${e.message ?? e.keyword}${extra}`;
}

export type SpecExample = {
  file: string;
  parameters: Json & {
    "api-version": string;
    scopeId: string;
    pricingName?: string;
    pricing?: unknown;
    $Filter?: string;
    /** Pricings_GlobalUpdate's body (2026-07-01). */
    globalPricingRequest?: unknown;
  };
  responses: Record<string, { body?: unknown }>;
};

/** The official examples (x-ms-examples) of the subscription scope: the resource-scope ones are not emulated. */
export function subscriptionScopeExamples(version: PricingsSpecVersion = "2024-01-01"): SpecExample[] {
  const dir = new URL(`${version}/examples/Pricings/`, specRoot);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !/Resource/.test(f))
    .sort()
    .map((file) => {
      const json = readJson(new URL(file, dir));
      // Shape trusted as the spec's own example format (validated against the schemas in the tests).
      return { file, ...json } as unknown as SpecExample;
    })
    .filter((e) => /^subscriptions\/[^/]+$/.test(e.parameters.scopeId));
}

/**
 * "Same shape": every key of the example is present in the actual answer, recursively. Arrays of
 * named objects (plans, extensions) are matched by name; other arrays by position of their first
 * element. Values may differ. Returns the paths missing from `actual`.
 */
export function missingKeys(example: unknown, actual: unknown, path = ""): string[] {
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) return [`${path} (not an array)`];
    const list: unknown[] = actual;
    return (example as unknown[]).flatMap((item, i) => {
      const name = isObject(item) ? item["name"] : undefined;
      const match =
        typeof name === "string"
          ? list.find((a) => isObject(a) && typeof a["name"] === "string" && a["name"].toLowerCase() === name.toLowerCase())
          : list[i];
      if (match === undefined) return [`${path}[${typeof name === "string" ? name : i}] (missing)`];
      return missingKeys(item, match, `${path}[${typeof name === "string" ? name : i}]`);
    });
  }
  if (!isObject(example)) return [];
  if (!isObject(actual)) return [`${path} (not an object)`];
  return Object.entries(example).flatMap(([key, value]) =>
    key in actual ? missingKeys(value, actual[key], `${path}.${key}`) : [`${path}.${key}`],
  );
}
