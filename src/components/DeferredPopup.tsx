import { type ReactElement, type ReactNode, startTransition, Suspense, useEffect, useState } from "react";

/** What the placeholder button must pass on, so that using it asks for the real popup. */
export type PlaceholderEvents = {
  onClick: () => void;
  onFocus: () => void;
  onBlur: () => void;
  onPointerEnter: () => void;
};

/**
 * A top-bar button whose popup (a Fluent Menu or Popover, which bring their focus and positioning
 * libraries, a tenth of a page's download) is downloaded after the page, not with it. Until then a
 * look-alike button stands in: the download starts when the page has settled or the button is
 * pointed at or focused; a click on the stand-in opens the popup as soon as it is there, and focus
 * moves over to the real button. The swap is a transition, so the stand-in stays in place (and takes
 * clicks) until the real button is ready.
 */
export function DeferredPopup({
  placeholder,
  popup,
}: {
  placeholder: (events: PlaceholderEvents) => ReactElement;
  /** The real button and popup, lazily loaded; `open`: the stand-in was clicked, `focus`: it had focus. */
  popup: (start: { open: boolean; focus: boolean }) => ReactNode;
}) {
  const [wanted, setWanted] = useState<{ open: boolean } | undefined>();
  const [focused, setFocused] = useState(false);
  const want = (open: boolean) => startTransition(() => setWanted((current) => (open ? { open } : (current ?? { open }))));
  useEffect(() => {
    const settled = setTimeout(() => want(false), 1000);
    return () => clearTimeout(settled);
  }, []);
  const standIn = placeholder({
    onClick: () => want(true),
    onFocus: () => {
      setFocused(true);
      want(false);
    },
    onBlur: () => setFocused(false),
    onPointerEnter: () => want(false),
  });
  return <Suspense fallback={standIn}>{wanted ? popup({ open: wanted.open, focus: focused }) : standIn}</Suspense>;
}
