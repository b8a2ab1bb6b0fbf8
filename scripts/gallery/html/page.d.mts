/** Types for page.mjs (plain JavaScript so that `npm run gallery` runs it under bare `node`). */

/** Who posts and when, as the page shows it next to each message. */
export interface MessageContext {
  app: string;
  time: string;
}

export interface Layout {
  /** The payload as posted → HTML that lays it out the way the platform does. */
  html(payload: unknown, context: MessageContext): string;
  css: string;
  label: string;
  /** Who shows the messages, when not the platform named by `label` ("a terminal"). */
  shownBy?: string;
}

export const LAYOUTS: Record<string, Layout>;

/** The layout of an adapter's platform; an unknown platform shows its payload as JSON. */
export function layoutOf(platform: string): Layout;
