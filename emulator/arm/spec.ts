// The official Microsoft.Security pricings contract (swagger 2.0, api-version 2024-01-01) as JSON
// Schema validators, for the contract tests. The spec files are the project's own verbatim copies in
// emulator/spec/ (see its README and MANIFEST.json).
import { readFileSync, readdirSync } from "node:fs";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export const specDir = new URL("../spec/2024-01-01/", import.meta.url);

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

export type SpecDefinition = "Pricing" | "PricingList" | "CloudError";
export type SpecValidator = (definition: SpecDefinition, body: unknown, mode?: "response" | "request") => string[];

/**
 * Both swagger documents registered under ids that keep their relative `$ref`s working
 * (`./common/v1/types.json#/definitions/CloudError` resolves against the pricings document's id).
 * `strict: false` lets ajv ignore swagger's own keywords (x-ms-*, readOnly in draft-04 places, …).
 */
export function loadSpec(): SpecValidator {
  const pricings = readJson(new URL("pricings.json", specDir));
  const types = readJson(new URL("common/v1/types.json", specDir));
  const bases = allOfBaseNames([pricings, types]);
  const instances = (["response", "request"] as const).map((mode) => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const origin = `https://spec.emulator.local/${mode}/`;
    ajv.addSchema({ ...(tighten(types, mode, bases) as Json), $id: `${origin}common/v1/types.json` });
    ajv.addSchema({ ...(tighten(pricings, mode, bases) as Json), $id: `${origin}pricings.json` });
    const compile = (definition: SpecDefinition) => {
      const path = definition === "CloudError" ? "common/v1/types.json" : "pricings.json";
      const validate = ajv.getSchema(`${origin}${path}#/definitions/${definition}`);
      if (!validate) throw new Error(`spec: no definition ${definition}`);
      return validate;
    };
    return { mode, validators: { Pricing: compile("Pricing"), PricingList: compile("PricingList"), CloudError: compile("CloudError") } };
  });
  return (definition, body, mode = "response") => {
    const validate = instances.find((i) => i.mode === mode)?.validators[definition];
    if (!validate) throw new Error(`spec: no validator for ${definition} (${mode})`);
    return validate(body) ? [] : (validate.errors ?? []).map(describeError);
  };
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath === "" ? "(root)" : e.instancePath;
  const extra =
    e.keyword === "unevaluatedProperties" ? ` '${String((e.params as { unevaluatedProperty?: unknown }).unevaluatedProperty)}'` : "";
  return `${where} ${e.message ?? e.keyword}${extra}`;
}

export type SpecExample = {
  file: string;
  parameters: Json & { "api-version": string; scopeId: string; pricingName?: string; pricing?: unknown; $Filter?: string };
  responses: Record<string, { body?: unknown }>;
};

/** The official examples (x-ms-examples) of the subscription scope: the resource-scope ones are not emulated. */
export function subscriptionScopeExamples(): SpecExample[] {
  const dir = new URL("examples/Pricings/", specDir);
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
