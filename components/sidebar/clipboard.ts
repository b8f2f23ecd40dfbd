/**
 * Copies text for the agent. The async Clipboard API first; where the CRM page's permissions
 * policy blocks it, the older copy command on a hidden field inside the sidebar.
 */
export async function copyToClipboard(text: string, container: Node & ParentNode): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const doc = (container as Node).ownerDocument ?? document;
    const field = doc.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.style.cssText = 'position:fixed;left:-9999px;top:0;opacity:0';
    container.appendChild(field);
    field.select();
    try {
      return doc.execCommand('copy');
    } catch {
      return false;
    } finally {
      field.remove();
    }
  }
}
