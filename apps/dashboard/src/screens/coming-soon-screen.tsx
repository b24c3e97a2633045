import { ScreenHeading } from '../ui/screen-heading';

/** A section whose screen is not built yet: says so, and where its API is meanwhile. */
export function ComingSoonScreen({ title }: { title: string }) {
  return (
    <>
      <ScreenHeading title={title} />
      <p>This screen is coming soon.</p>
      <p>
        Meanwhile, everything it will do can be done through the API: see the <a href="/docs">API documentation</a>.
      </p>
    </>
  );
}
