/**
 * The header's few icons, drawn as SVG so they look the same on every system (symbol fonts differ, and
 * emoji come out in colour or not at all). They take the text's colour and size (1em), and hide from
 * assistive technology: the button around each one carries the name.
 */
import type { ReactNode } from 'react';

function Svg({ children }: { children: ReactNode }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

/** An open book: the course. */
export const BookIcon = () => (
  <Svg>
    <path d="M2 5h6a4 4 0 0 1 4 4v11a3 3 0 0 0-3-3H2z" />
    <path d="M22 5h-6a4 4 0 0 0-4 4v11a3 3 0 0 1 3-3h7z" />
  </Svg>
);

/** Two chain links: a link to this cluster. */
export const LinkIcon = () => (
  <Svg>
    <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
    <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
  </Svg>
);

/** A tick: done. */
export const CheckIcon = () => (
  <Svg>
    <path d="M4 12.5l5 5L20 6.5" />
  </Svg>
);

/** A screen on a stand: presentation mode. */
export const PresentIcon = () => (
  <Svg>
    <rect x="2.5" y="3.5" width="19" height="13" rx="1.5" />
    <path d="M12 16.5v4M8 20.5h8" />
  </Svg>
);

/** A sun: the light theme. */
export const SunIcon = () => (
  <Svg>
    <circle cx="12" cy="12" r="4" />
    <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
  </Svg>
);

/** A crescent moon: the dark theme. */
export const MoonIcon = () => (
  <Svg>
    <path d="M20.5 14.5A8.5 8.5 0 1 1 9.5 3.5a7 7 0 0 0 11 11z" />
  </Svg>
);

/** A globe: the page's language. */
export const GlobeIcon = () => (
  <Svg>
    <circle cx="12" cy="12" r="9.5" />
    <path d="M2.5 12h19M12 2.5c2.6 2.6 3.8 5.8 3.8 9.5s-1.2 6.9-3.8 9.5c-2.6-2.6-3.8-5.8-3.8-9.5s1.2-6.9 3.8-9.5z" />
  </Svg>
);
