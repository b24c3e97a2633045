import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';

/**
 * A screen's <h1>, which also names the tab. After an in-app navigation it takes the focus, so a
 * keyboard or screen-reader user lands on the new screen instead of staying on the link they used;
 * on the first load the browser's own focus handling is left alone.
 */
export function ScreenHeading({ title, children }: { title: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    document.title = `${title} · Switchboard`;
  }, [title]);
  useEffect(() => {
    if (key !== 'default') heading.current?.focus();
  }, [key]);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children ?? title}
    </h1>
  );
}
