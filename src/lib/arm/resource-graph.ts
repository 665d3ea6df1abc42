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
  /** Only these subscriptions (sent 1,000 per request); none: every subscription of the directory the user can read. */
  subscriptions?: readonly string[];
  /** What each row must look like. */
  row: T;
  /** What is being read, in words, for messages: "the coverage of your subscriptions". */
  operation: string;
};

/**
 * Runs a Resource Graph query and yields its rows page by page, so a caller can show the first rows
 * while the rest are read: each batch of subscriptions is one query, and each query's pages are
 * followed with `$skipToken` to the last. Batches run one after another, as the service's quota
 * (about 15 queries per 5 seconds per user) is shared by all of them.
 */
export async function* resourceGraphPages<T extends ResponseSchema>(
  client: ArmClient,
  graphQuery: GraphQuery<T>,
): AsyncGenerator<Infer<T>[]> {
  const { subscriptions } = graphQuery;
  const batches: Array<readonly string[] | undefined> = [];
  if (subscriptions === undefined) batches.push(undefined);
  else
    for (let start = 0; start < subscriptions.length; start += SUBSCRIPTIONS_PER_QUERY)
      batches.push(subscriptions.slice(start, start + SUBSCRIPTIONS_PER_QUERY));
  for (const batch of batches) {
    let skipToken: string | undefined;
    do {
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
      });
      yield page.data;
      skipToken = page.$skipToken;
    } while (skipToken !== undefined);
  }
}
