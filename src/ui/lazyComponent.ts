import { h, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component whose code loads when it is first shown (or `preload`ed once the page has painted),
 * so a page ships only what its first view needs. Renders nothing until then.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> & { preload(): Promise<void> } {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  const preload = () => (pending ??= load().then((component) => void (loaded = component)));
  function Lazy(props: P) {
    const [, setReady] = useState(!!loaded);
    useEffect(() => {
      if (!loaded) void preload().then(() => setReady(true));
    }, []);
    return loaded ? h(loaded, props) : null;
  }
  return Object.assign(Lazy, { preload });
}
