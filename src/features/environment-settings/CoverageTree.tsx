import { Badge, Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import {
  ArrowSortDownRegular,
  ArrowSortUpRegular,
  ChevronDownRegular,
  ChevronRightRegular,
  CloudRegular,
  KeyRegular,
  OrganizationRegular,
} from "@fluentui/react-icons";
import { type Range, useWindowVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { narrowScreen } from "../../components/blade-styles";
import { describeError } from "../../lib/errors/messages";
import { plansPath } from "../../lib/paths";
import { useHasStagedChanges } from "../defender-plans/staged-changes";
import { parentIndex, type SelectedCount, type Sort, type SortColumn, type SubscriptionEntry, type TreeRow } from "./tree";

const useStyles = makeStyles({
  grid: { display: "flex", flexDirection: "column", minWidth: 0 },
  columns: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalM,
    alignItems: "center",
    [narrowScreen]: { gridTemplateColumns: "minmax(0, 1fr)", rowGap: tokens.spacingVerticalXXS },
  },
  header: {
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    // On a phone the header is a row of sort buttons above the stacked cells.
    [narrowScreen]: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  },
  body: { position: "relative" },
  row: {
    position: "absolute",
    top: 0,
    left: 0,
    width: "100%",
    boxSizing: "border-box",
    minHeight: "40px",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    ":hover": { backgroundColor: tokens.colorSubtleBackgroundHover },
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: `-${tokens.strokeWidthThick}`,
    },
  },
  parent: { cursor: "pointer" },
  // Deep rows leave little width: names wrap under themselves instead of pushing the columns out.
  name: { display: "flex", alignItems: "flex-start", gap: tokens.spacingHorizontalXS, minWidth: 0, overflowWrap: "anywhere" },
  icon: { flexShrink: 0, marginTop: "2px" },
  // The browser's own checkbox: it draws "some selected" and follows high-contrast colours by itself.
  check: {
    flexShrink: 0,
    width: "16px",
    height: "16px",
    margin: "2px 0 0",
    accentColor: tokens.colorCompoundBrandBackground,
    cursor: "pointer",
  },
  muted: { color: tokens.colorNeutralForeground3 },
  // Few and plain elements in rows, not Fluent's Text and ProgressBar: a screenful of rows mounts at
  // every scroll step, and each element costs style, layout and the collector's time.
  small: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  // The share of plans on is drawn as the bar's background (its width set per row), not as an element inside it.
  bar: {
    height: "4px",
    width: "100%",
    maxWidth: "160px",
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground6,
    backgroundImage: `linear-gradient(${tokens.colorCompoundBrandBackground}, ${tokens.colorCompoundBrandBackground})`,
    backgroundRepeat: "no-repeat",
    // High contrast drops author backgrounds: the bar keeps its share in the system's colours, outlined.
    "@media (forced-colors: active)": {
      forcedColorAdjust: "none",
      backgroundColor: "Canvas",
      backgroundImage: "linear-gradient(Highlight, Highlight)",
      outline: "1px solid CanvasText",
    },
  },
  // On a phone the cells stack under the name, so each says what it is.
  cellLabel: { display: "none", [narrowScreen]: { display: "inline", color: tokens.colorNeutralForeground3 } },
  stackedCell: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    [narrowScreen]: { flexDirection: "row", gap: tokens.spacingHorizontalXS, alignItems: "baseline", flexWrap: "wrap" },
  },
  sortButton: { justifyContent: "flex-start", paddingLeft: 0, minWidth: 0 },
});

const columns: Array<{ column: SortColumn; label: string }> = [
  { column: "name", label: "Name" },
  { column: "coverage", label: "Defender coverage" },
  { column: "ai", label: "AI workloads" },
];

/** A row's height on a wide screen; on a narrow one, or when a name wraps, each row is measured. */
const rowHeight = 40;

/**
 * Indent per tree level, kept small so that five levels still leave a phone room for the name. A
 * subscription has no chevron: its name starts where a parent row's icon does.
 */
const indent = (level: number, leaf = false) => ({
  paddingLeft: leaf ? `calc(${String(level * 16)}px + ${tokens.spacingHorizontalXS})` : `${String((level - 1) * 16)}px`,
});

const number = new Intl.NumberFormat();
const countLabel = (shown: number, total: number | undefined) =>
  total === undefined ? " (loading…)" : ` (${number.format(shown)} of ${number.format(total)} subscriptions)`;

/** A row's checkbox: a subscription is selected or not; a directory or group, all, some or none of the matches below it. */
type Selected = "all" | "some" | "none";

/** Which rows are selected, and how to change that. */
export type TreeSelection = {
  isSelected: (subscriptionId: string) => boolean;
  /** Per directory and group row's key (and "Azure"'s), the selected share of the matches below it. */
  counts: ReadonlyMap<string, SelectedCount>;
  /** Selects or unselects a subscription, or every match below a directory or group. */
  onSelect: (row: TreeRow, on: boolean) => void;
};

function selectedOf(row: TreeRow, selection: TreeSelection): Selected {
  if (row.kind === "subscription") return selection.isSelected(row.entry.subscriptionId) ? "all" : "none";
  const count = selection.counts.get(row.key);
  if (!count?.selected) return "none";
  return count.selected === count.total ? "all" : "some";
}

/**
 * The WAI-ARIA tree grid: one tab stop (the current row); ↑ ↓ Home End PageUp PageDown move, → opens a
 * row or goes to its first child, ← closes it or goes to its parent, Enter opens a row or a
 * subscription's plans, Space selects a row (a directory or group: every match below it). Only the
 * rows in and near the viewport are in the page (aria-rowcount and aria-rowindex tell a screen reader
 * where it is), and the current row is always kept in it.
 */
export function CoverageTree({
  rows,
  sort,
  onSort,
  onToggle,
  selection,
  coveredBelow,
}: {
  rows: readonly TreeRow[];
  sort: Sort;
  onSort: (column: SortColumn) => void;
  onToggle: (key: string, expanded: boolean) => void;
  selection: TreeSelection;
  /** How much of the window's bottom a bar covers: a row moved to is kept above it (WCAG 2.4.11). */
  coveredBelow: number;
}) {
  // Asked once here, not by each row: a screenful of rows mounts at every scroll step.
  const styles = useStyles();
  const hasStagedChanges = useHasStagedChanges();
  const bodyRef = useRef<HTMLDivElement>(null);
  const [activeKey, setActiveKey] = useState<string>();
  /** The key of the row a key press moved to, until that row is in the page and focused. */
  const focusPending = useRef<string | undefined>(undefined);
  const found = rows.findIndex((row) => row.key === activeKey);
  const activeIndex = found < 0 ? 0 : found;

  // The list starts below the page's header and filters; the window scrolls, not the list. Where it
  // starts is read when the page's layout changes (after layout, never forcing one of its own).
  const [scrollMargin, setScrollMargin] = useState(0);
  // Focus moved by Tab is scrolled into view by the browser, which keeps clear of scroll padding.
  useEffect(() => {
    document.documentElement.style.scrollPaddingBottom = `${String(coveredBelow)}px`;
    return () => {
      document.documentElement.style.scrollPaddingBottom = "";
    };
  }, [coveredBelow]);
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const measure = () => setScrollMargin(Math.round(body.getBoundingClientRect().top + window.scrollY));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes: number[] = [];
      for (
        let index = Math.max(0, range.startIndex - range.overscan);
        index <= Math.min(range.count - 1, range.endIndex + range.overscan);
        index++
      )
        indexes.push(index);
      if (activeIndex < range.count && !indexes.includes(activeIndex)) indexes.push(activeIndex);
      return indexes.sort((a, b) => a - b);
    },
    [activeIndex],
  );
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => rowHeight,
    // A row's height comes from its ResizeObserver entry, which the browser gives after layout; asking
    // the element (offsetHeight) as each row mounts would lay the page out once per row.
    measureElement: (element, entry, instance) =>
      entry?.borderBoxSize[0]?.blockSize ??
      instance.itemSizeCache.get(instance.options.getItemKey(instance.indexFromElement(element))) ??
      rowHeight,
    overscan: 10,
    // Rows render in their own task after a scroll event rather than inside it, so neither is long.
    useFlushSync: false,
    scrollMargin,
    scrollPaddingEnd: coveredBelow,
    // Stable between renders: the virtualizer lays out every row again when these change.
    getItemKey,
    rangeExtractor,
  });

  // By key, not by this render's current row: React may first run the effects of an earlier render,
  // whose current row is still the one the key press left.
  useEffect(() => {
    const key = focusPending.current;
    if (key === undefined) return;
    const index = rows.findIndex((row) => row.key === key);
    const element = index < 0 ? undefined : bodyRef.current?.querySelector<HTMLElement>(`[data-index="${String(index)}"]`);
    // Not in the page yet: a later render's effect focuses it. Gone (filtered out): nothing to focus.
    if (index >= 0 && !element) return;
    focusPending.current = undefined;
    element?.focus();
  });

  const moveTo = (index: number) => {
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!target) return;
    focusPending.current = target.key;
    setActiveKey(target.key);
    virtualizer.scrollToIndex(rows.indexOf(target), { align: "auto" });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    if (event.target !== event.currentTarget) return;
    const row = rows[index];
    if (!row) return;
    const expandable = row.kind !== "subscription";
    const page = Math.max(1, Math.floor(window.innerHeight / rowHeight) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(index + 1),
      ArrowUp: () => moveTo(index - 1),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      PageDown: () => moveTo(index + page),
      PageUp: () => moveTo(index - page),
      ArrowRight: () => {
        if (expandable && !row.expanded) onToggle(row.key, true);
        else if (expandable && rows[index + 1] && (rows[index + 1]?.level ?? 0) > row.level) moveTo(index + 1);
      },
      ArrowLeft: () => {
        if (expandable && row.expanded) onToggle(row.key, false);
        else {
          const parent = parentIndex(rows, index);
          if (parent !== undefined) moveTo(parent);
        }
      },
      Enter: () => {
        if (expandable) onToggle(row.key, !row.expanded);
        else event.currentTarget.querySelector("a")?.click();
      },
      " ": () => selection.onSelect(row, selectedOf(row, selection) !== "all"),
    };
    const action = keys[event.key];
    if (!action || event.altKey || event.metaKey) return;
    event.preventDefault();
    action();
  };

  return (
    <div role="treegrid" aria-label="Environments" aria-multiselectable="true" aria-rowcount={rows.length + 1} className={styles.grid}>
      <div role="row" aria-rowindex={1} className={mergeClasses(styles.columns, styles.header)}>
        {columns.map(({ column, label }) => {
          const sorted = sort.column === column;
          return (
            <div key={column} role="columnheader" aria-sort={sorted ? sort.direction : "none"}>
              <Button
                appearance="transparent"
                className={styles.sortButton}
                icon={sorted ? sort.direction === "ascending" ? <ArrowSortUpRegular /> : <ArrowSortDownRegular /> : null}
                iconPosition="after"
                onClick={() => onSort(column)}
              >
                {label}
              </Button>
            </div>
          );
        })}
      </div>
      <div role="rowgroup" ref={bodyRef} className={styles.body} style={{ height: `${String(virtualizer.getTotalSize())}px` }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const expandable = row.kind !== "subscription";
          const selected = selectedOf(row, selection);
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              role="row"
              aria-rowindex={item.index + 2}
              aria-level={row.level}
              aria-posinset={row.posInSet}
              aria-setsize={row.setSize}
              aria-expanded={expandable ? row.expanded : undefined}
              aria-selected={selected === "all"}
              tabIndex={item.index === activeIndex ? 0 : -1}
              className={mergeClasses(styles.columns, styles.row, expandable && styles.parent)}
              style={{ transform: `translateY(${String(item.start - virtualizer.options.scrollMargin)}px)` }}
              onFocus={(event) => {
                if (event.target === event.currentTarget) setActiveKey(row.key);
              }}
              onClick={(event) => {
                // The checkbox selects; anywhere else on a directory or group row opens or closes it.
                if (event.target instanceof HTMLInputElement) selection.onSelect(row, selected !== "all");
                else if (expandable) onToggle(row.key, !row.expanded);
              }}
              onKeyDown={(event) => onKeyDown(event, item.index)}
            >
              {row.kind === "subscription" ? (
                <SubscriptionCells
                  entry={row.entry}
                  level={row.level}
                  selected={selected}
                  hasChanges={hasStagedChanges(row.entry.subscriptionId)}
                  styles={styles}
                />
              ) : (
                <ParentCells row={row} selected={selected} styles={styles} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

type Styles = ReturnType<typeof useStyles>;

// Rows are memoised: scrolling re-renders the tree, and only rows that come into view need rendering.
const ParentCells = memo(function ParentCells({
  row,
  selected,
  styles,
}: {
  row: Exclude<TreeRow, { kind: "subscription" }>;
  selected: Selected;
  styles: Styles;
}) {
  const Chevron = row.expanded ? ChevronDownRegular : ChevronRightRegular;
  const [Icon, name] =
    row.kind === "cloud"
      ? [CloudRegular, "Azure"]
      : row.kind === "directory"
        ? [KeyRegular, row.name + countLabel(row.shown, row.total)]
        : [OrganizationRegular, row.displayName + countLabel(row.shown, row.total)];
  return (
    <>
      <div role="gridcell" className={styles.name} style={indent(row.level)}>
        <Chevron aria-hidden className={styles.icon} />
        <SelectBox selected={selected} styles={styles} />
        <Icon aria-hidden className={styles.icon} />
        <span>{name}</span>
      </div>
      <div role="gridcell" />
      <div role="gridcell" />
    </>
  );
});

const SubscriptionCells = memo(function SubscriptionCells({
  entry,
  level,
  selected,
  hasChanges,
  styles,
}: {
  entry: SubscriptionEntry;
  level: number;
  selected: Selected;
  hasChanges: boolean;
  styles: Styles;
}) {
  const { coverage } = entry;
  const disabled = entry.state.toLowerCase() === "disabled";

  let coverageCell: React.ReactNode;
  let aiCell: React.ReactNode;
  if (coverage.state === "reading") {
    // Text, not a spinner: thousands of animations cost more than the reads they wait for.
    coverageCell = <span className={styles.muted}>Reading…</span>;
  } else if (coverage.state === "failed") {
    coverageCell = <span>Couldn't load coverage ({describeError(coverage.error).title})</span>;
  } else if (coverage.state === "not-registered") {
    coverageCell = <span className={styles.muted}>Defender for Cloud not enabled</span>;
    aiCell = <span className={styles.muted}>Off</span>;
  } else {
    const { on, total, ai, promptEvidence } = coverage.summary;
    coverageCell = (
      <>
        <span className={styles.small}>{`${String(on)}/${String(total)} plans`}</span>
        <div
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={on}
          aria-label={`${String(on)} of ${String(total)} plans on`}
          className={styles.bar}
          style={{ backgroundSize: `${String(total ? (100 * on) / total : 0)}% 100%` }}
        />
      </>
    );
    aiCell =
      ai === "Not offered" ? (
        <span className={styles.muted}>Not offered</span>
      ) : ai === "On" ? (
        <span>{promptEvidence === undefined ? "On" : `On · prompt evidence ${promptEvidence ? "on" : "off"}`}</span>
      ) : (
        <span>Off</span>
      );
  }

  return (
    <>
      <div role="gridcell" className={styles.name} style={indent(level, true)}>
        <SelectBox selected={selected} styles={styles} />
        {/* One tab stop for the whole tree: the row takes focus, Enter follows this link. */}
        <Link to={plansPath(entry)} tabIndex={-1}>
          {entry.name}
        </Link>
        {disabled && <span className={styles.muted}>(Disabled)</span>}
        {/* Changes made on its Defender plans page and not saved yet are kept while the user moves around the app. */}
        {hasChanges && (
          <Badge appearance="tint" color="warning">
            Unsaved change
          </Badge>
        )}
      </div>
      <div role="gridcell" className={styles.stackedCell}>
        <span className={styles.cellLabel}>Defender coverage:</span>
        {coverageCell}
      </div>
      <div role="gridcell" className={styles.stackedCell}>
        {aiCell && <span className={styles.cellLabel}>AI workloads:</span>}
        {aiCell}
      </div>
    </>
  );
});

/**
 * A row's checkbox, for the mouse: the row itself says whether it is selected (aria-selected) and
 * Space selects it, so the box is hidden from assistive technology and never takes focus.
 */
function SelectBox({ selected, styles }: { selected: Selected; styles: Styles }) {
  return (
    <input
      type="checkbox"
      aria-hidden
      tabIndex={-1}
      className={styles.check}
      checked={selected === "all"}
      readOnly
      ref={(box) => {
        if (box) box.indeterminate = selected === "some";
      }}
      // Focus stays on the row, where the keys work.
      onMouseDown={(event) => event.preventDefault()}
    />
  );
}
