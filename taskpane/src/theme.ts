/// <reference types="office-js" />

export type PaneTheme = 'light' | 'dark' | 'contrast';

/** The part of Office.OfficeTheme the pane follows. */
export interface OfficeThemeColors {
  bodyBackgroundColor?: string;
  bodyForegroundColor?: string;
  controlBackgroundColor?: string;
  controlForegroundColor?: string;
}

function luminance(hex: string | undefined): number | null {
  const m = /^#?([0-9a-f]{6})$/i.exec((hex ?? '').trim());
  if (!m) return null;
  const n = parseInt(m[1], 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

/**
 * Office's theme → the pane's: dark when Office's body is dark, high contrast when it is pure
 * black or white against its opposite (Office's high-contrast themes); the CSS holds the tokens.
 */
export function themeOf(t: OfficeThemeColors | null | undefined): PaneTheme {
  const bg = luminance(t?.bodyBackgroundColor);
  const fg = luminance(t?.bodyForegroundColor);
  if (bg === null) return 'light';
  if (fg !== null && ((bg === 0 && fg === 1) || (bg === 1 && fg === 0))) return 'contrast';
  return bg < 0.2 ? 'dark' : 'light';
}

export function applyTheme(doc: Document, t: OfficeThemeColors | null | undefined): PaneTheme {
  const theme = themeOf(t);
  doc.documentElement.dataset.theme = theme;
  return theme;
}

/** Follows Office's theme now and when the user changes it (where the host raises the event). */
export function followOfficeTheme(doc: Document): void {
  const ctx = Office.context as unknown as { officeTheme?: OfficeThemeColors; document?: { addHandlerAsync?: (type: unknown, h: (a: unknown) => void) => void } };
  applyTheme(doc, ctx.officeTheme);
  const type = (Office as unknown as { EventType?: Record<string, unknown> }).EventType?.OfficeThemeChanged;
  try {
    if (type && ctx.document?.addHandlerAsync) {
      ctx.document.addHandlerAsync(type, (a) => applyTheme(doc, (a as { officeTheme?: OfficeThemeColors }).officeTheme ?? ctx.officeTheme));
    }
  } catch {
    // Hosts without the event keep the theme the pane opened with.
  }
}
