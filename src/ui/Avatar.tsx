import { useState } from 'preact/hooks';

/** A stable hue per name, so the same person (or forum) always gets the same colour. */
function hueOf(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return hash % 360;
}

/**
 * A person's avatar or a forum's logo, `size` px square: the forum's image where it sends one
 * (lazy, and cached by the browser like any image), else — or when it fails to load — the first
 * letter of the name on its own colour, as Discourse's letter avatars look. Decorative: the name
 * is always written beside it.
 */
export function Avatar({
  src,
  name,
  size = 32,
  square = false,
}: {
  src?: string | null;
  name: string;
  size?: number;
  square?: boolean;
}) {
  const [failed, setFailed] = useState(false);
  const style = { width: `${size}px`, height: `${size}px`, borderRadius: square ? '4px' : '50%' };
  if (src && !failed) {
    return (
      <img
        class="avatar"
        src={src}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        decoding="async"
        referrerpolicy="no-referrer"
        style={style}
        onError={() => setFailed(true)}
      />
    );
  }
  const letter = [...name.trim()][0]?.toLocaleUpperCase() ?? '?';
  return (
    <span
      class="avatar letter"
      aria-hidden="true"
      style={{ ...style, background: `hsl(${hueOf(name)} 45% 42%)`, fontSize: `${Math.round(size * 0.5)}px` }}
    >
      {letter}
    </span>
  );
}
