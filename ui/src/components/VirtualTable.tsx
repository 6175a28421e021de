import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import "./VirtualTable.css";

export interface Column<T> {
  id: string;
  header: string;
  /** A CSS grid track, e.g. "2fr" or "120px". */
  width: string;
  render: (row: T) => ReactNode;
}

interface VirtualTableProps<T> {
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  rowClass?: (row: T) => string | undefined;
  /** Makes rows selectable with the mouse and with Enter or Space. */
  onOpen?: (row: T) => void;
  selectedKey?: string | null;
  empty: ReactNode;
  testId?: string;
  /** Told the index of the last row in view, so a paged list can load the next page in time. */
  onLastVisible?: (index: number) => void;
}

const ROW_HEIGHT = 44;

/**
 * A table that only mounts the rows in view, so 100,000 entries scroll as smoothly as
 * ten. Rows are fixed-height; the scroll container fills the space it is given.
 */
export function VirtualTable<T>({
  label,
  rows,
  columns,
  rowKey,
  rowClass,
  onOpen,
  selectedKey,
  empty,
  testId,
  onLastVisible,
}: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const template = columns.map((c) => c.width).join(" ");
  const items = virtualizer.getVirtualItems();
  const lastVisible = items[items.length - 1]?.index;
  useEffect(() => {
    if (lastVisible !== undefined) onLastVisible?.(lastVisible);
  }, [lastVisible, onLastVisible]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, row: T, index: number) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onOpen?.(row);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = index + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0 || next >= rows.length) return;
      virtualizer.scrollToIndex(next);
      // The next row may only exist after the virtualiser renders it.
      requestAnimationFrame(() =>
        scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus(),
      );
    }
  };

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={rows.length} data-testid={testId}>
      <div className="vtable__head" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div key={c.id} role="columnheader" className="vtable__cell">
            {c.header}
          </div>
        ))}
      </div>
      {rows.length === 0 ? (
        <div className="vtable__empty">{empty}</div>
      ) : (
        <div className="vtable__scroll" ref={scrollRef} data-virtual-scroll="">
          <div className="vtable__sizer" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rows[item.index] as T;
              const key = rowKey(row);
              const classes = ["vtable__row", rowClass?.(row), onOpen ? "vtable__row--interactive" : undefined]
                .filter(Boolean)
                .join(" ");
              return (
                <div
                  key={key}
                  role="row"
                  aria-rowindex={item.index + 1}
                  aria-selected={onOpen ? key === selectedKey : undefined}
                  data-index={item.index}
                  data-row-key={key}
                  className={classes}
                  tabIndex={onOpen ? 0 : undefined}
                  onClick={onOpen ? () => onOpen(row) : undefined}
                  onKeyDown={onOpen ? (e) => onKeyDown(e, row, item.index) : undefined}
                  style={{
                    gridTemplateColumns: template,
                    height: item.size,
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  {columns.map((c) => (
                    <div key={c.id} role="cell" className="vtable__cell">
                      {c.render(row)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
