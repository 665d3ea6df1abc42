import type { PlansSummary } from "./coverage";

// Environment settings' tree as data: directories → management groups → subscriptions, filtered,
// sorted, counted and flattened into the rows the virtualised tree grid shows. Pure, so that ten
// thousand subscriptions can be re-filtered on every keystroke and the rules tested on their own.

/** What is known of a subscription's Defender coverage. */
export type Coverage =
  | { state: "reading" }
  | { state: "failed"; error: unknown }
  /** Microsoft.Security is not registered: Defender for Cloud is not enabled, no plan is on. */
  | { state: "not-registered" }
  | { state: "known"; summary: PlansSummary };

export type SubscriptionEntry = {
  tenantId: string;
  subscriptionId: string;
  name: string;
  /** Enabled, Disabled, Warned… as ARM says. */
  state: string;
  /** The management groups it sits in below the directory's root group, outermost first. */
  groups: ReadonlyArray<{ name: string; displayName: string }>;
  coverage: Coverage;
};

export type Directory = {
  tenantId: string;
  name: string;
  /** Undefined until the directory's subscriptions are known. */
  entries: readonly SubscriptionEntry[] | undefined;
};

export type CoverageFilter = "all" | "full" | "partial" | "none" | "not-enabled";
export type OnOffFilter = "all" | "on" | "off";

export type Filters = {
  search: string;
  coverage: CoverageFilter;
  ai: OnOffFilter;
  promptEvidence: OnOffFilter;
  /** A tenant id, or "" for every directory. */
  tenantId: string;
  /** A group's key (see groupKey), or "" for every group. */
  managementGroup: string;
};

export const noFilters: Filters = { search: "", coverage: "all", ai: "all", promptEvidence: "all", tenantId: "", managementGroup: "" };

export type SortColumn = "name" | "coverage" | "ai";
export type Sort = { column: SortColumn; direction: "ascending" | "descending" };

export const groupKey = (tenantId: string, groupName: string) => `${tenantId}/${groupName}`;
/** The key of the tree's top row, "Azure". */
const cloudKey = "azure";

type RowBase = { key: string; level: number; posInSet: number; setSize: number };
export type TreeRow =
  | (RowBase & { kind: "cloud"; expanded: boolean })
  | (RowBase & { kind: "directory"; tenantId: string; name: string; expanded: boolean; shown: number; total: number | undefined })
  | (RowBase & { kind: "group"; displayName: string; expanded: boolean; shown: number; total: number })
  | (RowBase & { kind: "subscription"; entry: SubscriptionEntry });

export type Counters = { total: number; shown: number; aiOn: number; promptEvidenceOn: number; reading: number };

/** A management group below a directory's root group, with the subscriptions directly in it. */
export type GroupNode = {
  key: string;
  displayName: string;
  /** Its display names from the directory's root group down, for a filter's option. */
  path: string[];
  groups: Map<string, GroupNode>;
  entries: SubscriptionEntry[];
  /** Subscriptions in it and every group below it. */
  total: number;
};

/** The directory's groups and subscriptions as a tree; built once per answer, not per keystroke. */
export function groupTree(tenantId: string, entries: readonly SubscriptionEntry[]): GroupNode {
  const root: GroupNode = { key: groupKey(tenantId, tenantId), displayName: "", path: [], groups: new Map(), entries: [], total: 0 };
  for (const entry of entries) {
    let node = root;
    node.total++;
    for (const group of entry.groups) {
      let child = node.groups.get(group.name);
      if (!child) {
        child = {
          key: groupKey(tenantId, group.name),
          displayName: group.displayName,
          path: [...node.path, group.displayName],
          groups: new Map(),
          entries: [],
          total: 0,
        };
        node.groups.set(group.name, child);
      }
      node = child;
      node.total++;
    }
    node.entries.push(entry);
  }
  return root;
}

/** Every group of a tree, depth first in name order: the management-group filter's options. */
export function groupsOf(root: GroupNode): GroupNode[] {
  return [...root.groups.values()]
    .sort((a, b) => collator.compare(a.displayName, b.displayName))
    .flatMap((group) => [group, ...groupsOf(group)]);
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

export type CoverageLevel = Exclude<CoverageFilter, "all">;

export const coverageLabels: Record<CoverageLevel, string> = {
  full: "All plans on",
  partial: "Some plans on",
  none: "No plans on",
  "not-enabled": "Defender for Cloud not enabled",
};

export function coverageLevel(coverage: Coverage): CoverageLevel | undefined {
  if (coverage.state === "not-registered") return "not-enabled";
  if (coverage.state !== "known") return undefined;
  const { on, total } = coverage.summary;
  return on === 0 ? "none" : on === total ? "full" : "partial";
}

export const aiOn = (coverage: Coverage) => coverage.state === "known" && coverage.summary.ai === "On";
export const promptEvidenceOn = (coverage: Coverage) =>
  aiOn(coverage) && coverage.state === "known" && coverage.summary.promptEvidence === true;
/** Whether the answer is known: a subscription whose coverage is still being read (or failed) matches no On/Off filter. */
const settled = (coverage: Coverage) => coverage.state === "known" || coverage.state === "not-registered";

function onOff(filter: OnOffFilter, on: boolean, coverage: Coverage): boolean {
  if (filter === "all") return true;
  return settled(coverage) && on === (filter === "on");
}

/**
 * Whether a subscription is in the filtered view (the directory and group filters apply to whole
 * subtrees): the search term, then a test made of the other filters that are set, if any.
 */
function matcher(filters: Filters): { term: string; test: ((entry: SubscriptionEntry) => boolean) | undefined } {
  const tests: Array<(entry: SubscriptionEntry) => boolean> = [];
  const { coverage, ai, promptEvidence } = filters;
  if (coverage !== "all") tests.push((entry) => coverageLevel(entry.coverage) === coverage);
  if (ai !== "all") tests.push((entry) => onOff(ai, aiOn(entry.coverage), entry.coverage));
  if (promptEvidence !== "all") tests.push((entry) => onOff(promptEvidence, promptEvidenceOn(entry.coverage), entry.coverage));
  return { term: filters.search.trim().toLowerCase(), test: tests.length ? (entry) => tests.every((test) => test(entry)) : undefined };
}

/** AI workloads' order: prompt evidence on, AI on, AI off, AI not offered, Defender not enabled, not known. */
function aiRank(coverage: Coverage): number {
  if (coverage.state === "not-registered") return 1;
  if (coverage.state !== "known") return 0;
  const { ai, promptEvidence } = coverage.summary;
  return ai === "On" ? (promptEvidence ? 5 : 4) : ai === "Off" ? 3 : 2;
}

/** Share of plans on; Defender not enabled counts as none, not known sorts last. */
function coverageRank(coverage: Coverage): number {
  if (coverage.state === "not-registered") return 0;
  if (coverage.state !== "known") return -1;
  return coverage.summary.total ? coverage.summary.on / coverage.summary.total : 0;
}

function comparator(sort: Sort): (a: SubscriptionEntry, b: SubscriptionEntry) => number {
  const sign = sort.direction === "ascending" ? 1 : -1;
  const byName = (a: SubscriptionEntry, b: SubscriptionEntry) =>
    collator.compare(a.name, b.name) || a.subscriptionId.localeCompare(b.subscriptionId);
  if (sort.column === "name") return (a, b) => sign * byName(a, b);
  const rank = sort.column === "coverage" ? coverageRank : aiRank;
  // Equal ranks keep name order whichever way the column goes.
  return (a, b) => sign * (rank(a.coverage) - rank(b.coverage)) || byName(a, b);
}

/**
 * A group's subscriptions in a sort's order, sorted once per sort (filtering keeps the order), not
 * per keystroke; beside each, what a search looks in, lower-cased once.
 */
type SortedEntries = { entries: SubscriptionEntry[]; searchTexts: string[] };
const sortedByNode = new WeakMap<GroupNode, Map<string, SortedEntries>>();
function sortedEntries(node: GroupNode, sort: Sort): SortedEntries {
  let bySort = sortedByNode.get(node);
  if (!bySort) sortedByNode.set(node, (bySort = new Map<string, SortedEntries>()));
  const key = `${sort.column} ${sort.direction}`;
  let sorted = bySort.get(key);
  if (!sorted) {
    const entries = [...node.entries].sort(comparator(sort));
    const searchTexts = entries.map((entry) => `${entry.name}\n${entry.subscriptionId}`.toLowerCase());
    bySort.set(key, (sorted = { entries, searchTexts }));
  }
  return sorted;
}

/** A subscription row's key, made once per subscription rather than on every keystroke (less for the collector to do while typing). */
const rowKeys = new WeakMap<SubscriptionEntry, string>();
function rowKey(entry: SubscriptionEntry): string {
  let key = rowKeys.get(entry);
  if (key === undefined) rowKeys.set(entry, (key = `subscription/${entry.subscriptionId}`));
  return key;
}

export type TreeView = {
  rows: TreeRow[];
  counters: Counters;
  /** Every subscription in the filtered view, in the tree's order, collapsed groups included: what an export writes. */
  matched: SubscriptionEntry[];
};

/**
 * The rows to show: a directory row per directory the filter keeps, its groups that hold a match
 * ("n of m subscriptions": matches of all), and the matching subscriptions, children of collapsed
 * rows left out. Directories and groups are in name order (reversed when names sort descending);
 * subscriptions follow the sort within their group.
 */
export function treeView(
  directories: ReadonlyArray<{ directory: Directory; tree: GroupNode | undefined }>,
  filters: Filters,
  sort: Sort,
  collapsed: ReadonlySet<string>,
): TreeView {
  const { term, test } = matcher(filters);
  const kept = ({ entries, searchTexts }: SortedEntries) => {
    if (!term && !test) return entries;
    const found: SubscriptionEntry[] = [];
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as SubscriptionEntry;
      if ((!term || (searchTexts[i] as string).includes(term)) && (!test || test(entry))) found.push(entry);
    }
    return found;
  };
  const groupSign = sort.column === "name" && sort.direction === "descending" ? -1 : 1;
  const counters: Counters = { total: 0, shown: 0, aiOn: 0, promptEvidenceOn: 0, reading: 0 };
  const rows: TreeRow[] = [];
  const matched: SubscriptionEntry[] = [];
  // Per group, its matching subscriptions (sorted) and how many match in its whole subtree.
  const direct = new Map<GroupNode, SubscriptionEntry[]>();
  const shownIn = new Map<GroupNode, number>();

  const count = (node: GroupNode, inFilteredGroup: boolean): number => {
    const inScope = inFilteredGroup || node.key === filters.managementGroup;
    const entries = inScope ? kept(sortedEntries(node, sort)) : [];
    direct.set(node, entries);
    let shown = entries.length;
    for (const child of node.groups.values()) shown += count(child, inScope);
    shownIn.set(node, shown);
    return shown;
  };
  const visibleGroups = (node: GroupNode) =>
    [...node.groups.values()]
      .filter((group) => (shownIn.get(group) ?? 0) > 0)
      .sort((a, b) => groupSign * collator.compare(a.displayName, b.displayName));

  const emit = (node: GroupNode, level: number, open: boolean) => {
    const groups = visibleGroups(node);
    const entries = direct.get(node) ?? [];
    const setSize = groups.length + entries.length;
    let position = 0;
    for (const group of groups) {
      const expanded = !collapsed.has(group.key);
      if (open)
        rows.push({
          kind: "group",
          key: group.key,
          level,
          posInSet: ++position,
          setSize,
          displayName: group.displayName,
          expanded,
          shown: shownIn.get(group) ?? 0,
          total: group.total,
        });
      emit(group, level + 1, open && expanded);
    }
    for (const entry of entries) {
      matched.push(entry);
      counters.shown++;
      if (aiOn(entry.coverage)) counters.aiOn++;
      if (promptEvidenceOn(entry.coverage)) counters.promptEvidenceOn++;
      if (entry.coverage.state === "reading") counters.reading++;
      if (open) rows.push({ kind: "subscription", key: rowKey(entry), level, posInSet: ++position, setSize, entry });
    }
  };

  const cloudOpen = !collapsed.has(cloudKey);
  for (const { tree } of directories) counters.total += tree?.total ?? 0;
  const shownDirectories = directories
    .filter(({ directory }) => !filters.tenantId || directory.tenantId === filters.tenantId)
    .sort((a, b) => groupSign * collator.compare(a.directory.name, b.directory.name));
  rows.push({ kind: "cloud", key: cloudKey, level: 1, posInSet: 1, setSize: 1, expanded: cloudOpen });
  shownDirectories.forEach(({ directory, tree }, index) => {
    const shown = tree ? count(tree, !filters.managementGroup) : 0;
    const expanded = !collapsed.has(directory.tenantId);
    if (cloudOpen)
      rows.push({
        kind: "directory",
        key: directory.tenantId,
        level: 2,
        posInSet: index + 1,
        setSize: shownDirectories.length,
        tenantId: directory.tenantId,
        name: directory.name,
        expanded,
        shown,
        total: tree?.total,
      });
    if (tree) emit(tree, 3, cloudOpen && expanded);
  });
  return { rows, counters, matched };
}

/** The row that holds `index`'s row: the nearest row above it one level up. */
export function parentIndex(rows: readonly TreeRow[], index: number): number | undefined {
  const level = rows[index]?.level ?? 0;
  for (let i = index - 1; i >= 0; i--) if ((rows[i]?.level ?? 0) < level) return i;
  return undefined;
}

/** The keys of the rows a subscription sits under: "Azure", its directory and each of its groups. */
function parentKeys(entry: SubscriptionEntry): string[] {
  return [cloudKey, entry.tenantId, ...entry.groups.map((group) => groupKey(entry.tenantId, group.name))];
}

/** The subscriptions a row stands for in the filtered view: itself, or every match below it (collapsed or not). */
export function subscriptionsUnder(row: TreeRow, matched: readonly SubscriptionEntry[]): SubscriptionEntry[] {
  if (row.kind === "subscription") return [row.entry];
  return matched.filter((entry) => parentKeys(entry).includes(row.key));
}

/** How many of the matches below a row are selected: what its checkbox shows (all, some or none). */
export type SelectedCount = { selected: number; total: number };

/** Per parent row's key, the selected share of the filtered view's subscriptions below it. */
export function selectedCounts(matched: readonly SubscriptionEntry[], isSelected: (subscriptionId: string) => boolean) {
  const counts = new Map<string, SelectedCount>();
  for (const entry of matched) {
    const selected = isSelected(entry.subscriptionId);
    for (const key of parentKeys(entry)) {
      let count = counts.get(key);
      if (!count) counts.set(key, (count = { selected: 0, total: 0 }));
      count.total++;
      if (selected) count.selected++;
    }
  }
  return counts;
}
