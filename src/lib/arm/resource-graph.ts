import * as v from "valibot";
import type { ArmClient } from "./client";
import type { Infer, ResponseSchema } from "./schemas";

/** Azure Resource Graph's latest stable api-version. */
const RESOURCE_GRAPH_API_VERSION = "2024-04-01";
/** The most subscriptions one request may name; the service refuses more. */
const SUBSCRIPTIONS_PER_QUERY = 1000;
/** The service's largest page. */
const PAGE_SIZE = 1000;

function pageSchema<T extends ResponseSchema>(row: T) {
  return v.looseObject({
    totalRecords: v.number(),
    count: v.number(),
    resultTruncated: v.picklist(["true", "false"]),
    $skipToken: v.optional(v.string()),
    data: v.array(row),
  });
}

type GraphQuery<T extends ResponseSchema> = {
  /** The directory whose token the query is sent with: Resource Graph answers for the token's tenant. */
  tenantId: string;
  /** KQL. It must project `id` for the service to page its result. */
  query: string;
  /** What each row must look like. */
  row: T;
  /** What is being read, in words, for messages: "the coverage of your subscriptions". */
  operation: string;
} & (
  | {
      /** Only these subscriptions, sent 1,000 per request. */
      subscriptions: readonly string[];
    }
  | {
      subscriptions?: undefined;
      /**
       * Every subscription of the directory the user can read. The query covers them all without
       * naming them, up to the service's 10,000; past that it is sent again with this list.
       */
      allSubscriptions: () => Promise<readonly string[]>;
    }
);

/**
 * Runs a Resource Graph query and yields its rows page by page, so a caller can show the first rows
 * while the rest are read: each batch of subscriptions is one query, and each query's pages are
 * followed with `$skipToken` to the last. Batches run one after another, as the service's quota
 * (about 15 queries per 5 seconds per user) is shared by all of them. A query of a whole directory
 * covers only the first 10,000 of the user's subscriptions (`x-ms-tenant-subscription-limit-hit`):
 * then nothing of it is yielded, and the query is sent again naming every subscription, 1,000 a time.
 */
export async function* resourceGraphPages<T extends ResponseSchema>(
  client: ArmClient,
  graphQuery: GraphQuery<T>,
): AsyncGenerator<Infer<T>[]> {
  const { subscriptions } = graphQuery;
  const batches: Array<readonly string[] | undefined> =
    subscriptions === undefined
      ? [undefined]
      : Array.from({ length: Math.ceil(subscriptions.length / SUBSCRIPTIONS_PER_QUERY) }, (_, index) =>
          subscriptions.slice(index * SUBSCRIPTIONS_PER_QUERY, (index + 1) * SUBSCRIPTIONS_PER_QUERY),
        );
  for (const batch of batches) {
    let skipToken: string | undefined;
    do {
      const answer = { limitHit: false };
      const page = await client.send({
        tenantId: graphQuery.tenantId,
        method: "POST",
        path: "/providers/Microsoft.ResourceGraph/resources",
        apiVersion: RESOURCE_GRAPH_API_VERSION,
        body: {
          query: graphQuery.query,
          ...(batch && { subscriptions: batch }),
          options: { $top: PAGE_SIZE, resultFormat: "objectArray", ...(skipToken !== undefined && { $skipToken: skipToken }) },
        },
        schema: pageSchema(graphQuery.row),
        operation: graphQuery.operation,
        readOnly: true,
        onHeaders: (header) => {
          answer.limitHit = header("x-ms-tenant-subscription-limit-hit")?.toLowerCase() === "true";
        },
      });
      // The service says so on the first page, before anything of the query has been yielded.
      if (answer.limitHit && graphQuery.subscriptions === undefined && skipToken === undefined) {
        yield* resourceGraphPages(client, { ...graphQuery, subscriptions: await graphQuery.allSubscriptions() });
        return;
      }
      yield page.data;
      skipToken = page.$skipToken;
    } while (skipToken !== undefined);
  }
}
