export const SIDEBAR_WIDTH_PX = 300;
export const HANDLE_WIDTH_PX = 40;

/**
 * Docks the sidebar by reserving its width on the right of the page, so it never covers the
 * CRM's own controls. The inline !important beats the CRM's stylesheet !important rules.
 */
export function reservePageSpace(doc: Document, widthPx: number): () => void {
  const root = doc.documentElement;
  const previous = root.style.getPropertyValue('margin-right');
  const previousPriority = root.style.getPropertyPriority('margin-right');
  root.style.setProperty('margin-right', `${widthPx}px`, 'important');
  return () => {
    if (previous) root.style.setProperty('margin-right', previous, previousPriority);
    else root.style.removeProperty('margin-right');
  };
}
